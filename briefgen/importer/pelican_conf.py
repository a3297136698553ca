"""Pelican's settings, read from `pelicanconf.py` without running it.

A settings file is Python, and an import must never run code it was handed:
each top-level `NAME = value` is read as a literal (strings, numbers, lists,
tuples, dicts, True/False/None), a name set earlier in the file, or a `+` of
those (`META_IMAGE = SITEURL + "/a.jpg"`). Anything else (a call, an import
of a plugin) is not evaluated; a setting the import needs that is written so
is reported, and Pelican's default used. `publishconf.py`, which Pelican
users keep for the published site, gives the site's public URL.

A site without pelicanconf.py names its settings file where it runs Pelican
(`pelican -s settings.py` in its Makefile or tasks.py); failing that, the one
Python file at its top that sets `SITENAME` is taken. Which file was read is
reported whenever it is not pelicanconf.py, since every old URL depends on it.
"""

from __future__ import annotations

import ast
import re
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
FILE = "__file__"  # the key under which the settings keep their file's name (no setting is lower case)
# Where a site runs Pelican, and how it names its settings there.
_RUNNERS = ("Makefile", "tasks.py", "fabfile.py", "develop_server.sh", "build.sh")
_SETTINGS_OPTION = re.compile(r"(?:^|[\s'\"(,])(?:-s|--settings)[ =]+['\"]?([\w./-]+\.py)\b", re.MULTILINE)
_SITENAME = re.compile(rb"^SITENAME\s*[:=]", re.MULTILINE)


def read_settings(src: Path, report: Report) -> dict[str, Any]:
    """Pelican's settings for the site at SRC: its defaults, then what its
    settings file (settings_file) sets; SITEURL from publishconf.py when that
    gives a web address (pelicanconf.py usually holds the local preview's).
    The file's name is kept under FILE, for the report's lines."""
    values = dict(DEFAULTS)
    name = settings_file(src)
    values[FILE] = name or CONFIG
    if name is None:
        report.note("no pelicanconf.py, and no other settings file named where Pelican is run: "
                    "Pelican's defaults are used for URLs, paths and dates", "")
    else:
        if name != CONFIG:
            report.note(f"settings read from {name} (the site has no pelicanconf.py)", name)
        _read(src / name, name, values, report)
    if (src / PUBLISH).is_file():
        published = dict(values)
        _read(src / PUBLISH, PUBLISH, published, None)
        if isinstance(published.get("SITEURL"), str) and is_http_url(published["SITEURL"]):
            values["SITEURL"] = published["SITEURL"]
    return values


def settings_file(src: Path) -> str | None:
    """The settings file of the Pelican site at SRC, relative to it:
    pelicanconf.py, else the file its Makefile or task script passes to
    `pelican -s`, else the only top-level Python file that sets SITENAME."""
    if (src / CONFIG).is_file():
        return CONFIG
    for runner in _RUNNERS:
        try:
            text = (src / runner).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found in _SETTINGS_OPTION.finditer(text):
            name = found.group(1).removeprefix("./")
            path = src / name
            if name != PUBLISH and path.is_file() and path.resolve().is_relative_to(src.resolve()):
                return name
    named = [p.name for p in sorted(src.glob("*.py"))
             if p.name != PUBLISH and p.is_file() and _SITENAME.search(p.read_bytes())]
    return named[0] if len(named) == 1 else None


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
