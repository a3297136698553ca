"""Pelican's settings, read from `pelicanconf.py` without running it.

A settings file is Python, and an import must never run code it was handed:
each top-level `NAME = value` is read as a literal (strings, numbers, lists,
tuples, dicts, True/False/None), a name set earlier in the file, or a `+` of
those (`META_IMAGE = SITEURL + "/a.jpg"`). Anything else (a call, an import
of a plugin) is not evaluated; a setting the import needs that is written so
is reported, and Pelican's default used. `publishconf.py`, which Pelican
users keep for the published site, gives the site's public URL.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..core.urls import is_http_url
from .report import Report

# Pelican 4's defaults for the settings the import reads.
DEFAULTS: dict[str, Any] = {
    "SITENAME": "",
    "SITEURL": "",
    "TIMEZONE": "",
    "PATH": None,  # not set: the folder `pelican content` is run on (pelican.py)
    "ARTICLE_PATHS": [""],
    "ARTICLE_EXCLUDES": [],
    "PAGE_PATHS": ["pages"],
    "PAGE_EXCLUDES": [],
    "STATIC_PATHS": ["images"],
    "STATIC_EXCLUDES": [],
    "IGNORE_FILES": ["**/.*"],
    "EXTRA_PATH_METADATA": {},
    "ARTICLE_URL": "{slug}.html",
    "ARTICLE_LANG_URL": "{slug}-{lang}.html",
    "PAGE_URL": "pages/{slug}.html",
    "PAGE_LANG_URL": "pages/{slug}-{lang}.html",
    "TAG_URL": "tag/{slug}.html",
    "CATEGORY_URL": "category/{slug}.html",
    "AUTHOR_URL": "author/{slug}.html",
    "DEFAULT_LANG": "en",
    "USE_FOLDER_AS_CATEGORY": True,
    "DEFAULT_CATEGORY": "misc",
    "DEFAULT_DATE": None,
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2}).*",
    "PATH_METADATA": "",
    "SLUGIFY_SOURCE": "title",
    "AUTHOR": "",
    "DEFAULT_METADATA": {},
    "MARKDOWN": {},
    "PLUGINS": [],
    "THEME": "",
    "CODE_DIR": "code",  # the liquid_tags plugin's include_code and notebook folders
    "NOTEBOOK_DIR": "notebooks",
}
CONFIG = "pelicanconf.py"
PUBLISH = "publishconf.py"


def read_settings(src: Path, report: Report) -> dict[str, Any]:
    """Pelican's settings for the site at SRC: its defaults, then what
    pelicanconf.py sets; SITEURL from publishconf.py when that gives a web
    address (pelicanconf.py usually holds the local preview's)."""
    values = dict(DEFAULTS)
    if (src / CONFIG).is_file():
        _read(src / CONFIG, CONFIG, values, report)
    if (src / PUBLISH).is_file():
        published = dict(values)
        _read(src / PUBLISH, PUBLISH, published, None)
        if isinstance(published.get("SITEURL"), str) and is_http_url(published["SITEURL"]):
            values["SITEURL"] = published["SITEURL"]
    return values


def _read(path: Path, rel: str, values: dict[str, Any], report: Report | None) -> None:
    """Set VALUES from the plain assignments of the settings file at PATH;
    REPORT hears of settings the import uses that it could not read."""
    try:
        tree = ast.parse(path.read_bytes(), filename=rel)
    except (OSError, SyntaxError, ValueError) as exc:
        if report is not None:
            report.note(f"settings not read ({exc.__class__.__name__}); Pelican's defaults "
                        "are used", rel)
        return
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, node = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, node = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name) or not target.id.isupper():
            continue
        try:
            values[target.id] = _value(node, values)
        except (ValueError, TypeError):  # a setting the import needs keeps its default
            if report is not None and target.id in DEFAULTS:
                report.note(f"{target.id}: not a plain value (briefgen does not run the "
                            "settings file); Pelican's default is used", rel, statement.lineno)


def _value(node: ast.expr, values: dict[str, Any]) -> Any:
    """NODE's value: a literal, a setting named before, or a sum of them;
    ValueError for anything that would need the file to run."""
    if isinstance(node, ast.Name):
        if node.id in values:
            return values[node.id]
        raise ValueError(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _value(node.left, values), _value(node.right, values)
        if type(left) is type(right) and isinstance(left, (str, list, tuple)):
            return left + right
        raise ValueError("+")
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_value(e, values) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise ValueError("**")
        return {_value(k, values): _value(v, values)  # type: ignore[arg-type]
                for k, v in zip(node.keys, node.values, strict=True)}
    return ast.literal_eval(node)
