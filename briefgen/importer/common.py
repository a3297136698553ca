"""What the format modules share: reading a generator's config file, dates in
file names and paths, and where a page bundle's files are."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from ..core.urls import is_http_url
from ..source.config import is_zone_name
from .convert import one_text
from .post import Post, read_post
from .report import Report
from .writer import walk

MARKDOWN = (".md", ".markdown")
# A date at the start of a file or folder name: 2022-01-18-geneva-talks.md
# (or 2022-1-8-geneva-talks.md, which Jekyll publishes too: see name_date).
DATED_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)$")
# An address only the writer's machine serves: a local preview's.
_LOCAL = re.compile(r"https?://(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])(?:[:/]|$)",
                    re.IGNORECASE)
# A date in a URL or path: /2019/05/15/four-years/.
DATED_PATH = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")


def read_config(path: Path, report: Report, rel: str) -> dict[str, Any]:
    """A TOML, YAML or JSON config file as a dict with lower-case top-level
    keys (Hugo's keys ignore case); {} with a note when it cannot be read."""
    try:
        with path.open("rb") as fh:
            data = fh.read()
        if path.suffix == ".toml":
            value: Any = tomllib.loads(data.decode("utf-8"))
        elif path.suffix == ".json":
            value = json.loads(data)
        else:
            value = yaml.safe_load(data)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        report.note(f"config not read ({exc.__class__.__name__}); site title and URL left to you",
                    rel)
        return {}
    return {str(k).lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


def first_config(src: Path, names: list[str], report: Report) -> dict[str, Any]:
    """The first of NAMES (relative to SRC) that exists, read."""
    for name in names:
        if (src / name).is_file():
            return read_config(src / name, report, name)
    return {}


_TEMPLATED = re.compile(r"<[A-Za-z/]|%\(|\{\{|\{%")


def settings(config: dict[str, Any], title_keys: tuple[str, ...], url_keys: tuple[str, ...],
             zone_key: str, fallback_title: str, report: Report | None = None,
             config_name: str = "") -> tuple[str, dict[str, Any]]:
    """The site title and the site.yaml settings a source config gives."""
    titles = [config[k].strip() for k in title_keys if isinstance(config.get(k), str)
              and config[k].strip()]
    title = titles[0] if titles else fallback_title
    out: dict[str, Any] = {"title": title}
    url = "".join(str(config.get(k) or "") for k in url_keys).strip()
    if url and is_http_url(url) and " " not in url and not _LOCAL.match(url):
        out["base_url"] = url if url.endswith("/") else url + "/"
    elif url and report is not None and _LOCAL.match(url):
        report.note(f"{url_keys[0]} {url} is a local preview's address, not the site's: "
                    "base_url is left for you to set in site.yaml", config_name)
    zone = config.get(zone_key)
    if isinstance(zone, str) and is_zone_name(zone):  # the rule site.yaml's own check applies
        out["timezone"] = zone
    params = config.get("params")  # Hugo keeps it among its params
    # Plain text only: one with markup or a theme's placeholders (`%(years)d`)
    # was its theme's to fill in, and briefgen's description is text.
    described = [d for d in (config.get("description"),
                             params.get("description") if isinstance(params, dict) else None)
                 if isinstance(d, str) and d.strip() and not _TEMPLATED.search(d)]
    if described:
        out["description"] = " ".join(described[0].split())
    return title, out


def content_post(path: Path, content: Path, report: Report, bundle: Path | None = None,
                 page: bool = False, name: str | None = None, src: Path | None = None,
                 bare: bool = False) -> Post | None:
    """A Hugo or Zola post under CONTENT (a file, or a bundle's index.md) read, with
    its slug from front matter or else its NAME (by default its file or bundle
    name); None if unreadable (reported). Its messages name it from SRC (the
    site's folder; by default CONTENT's parent); BARE: a file without front
    matter is a post with none (Hugo publishes such files)."""
    rel_content = path.relative_to(content).as_posix()
    rel = path.relative_to(src if src is not None else content.parent).as_posix()
    read = read_post(path, rel, report, bare)
    if read is None:
        return None
    front, body, body_line = read
    post = Post(path=path, rel=rel, front=front, body=body, body_line=body_line,
                dest=rel_content, slug="", bundle=bundle, page=page, source_key=rel_content)
    default = bundle.name if bundle is not None else path.stem
    post.slug = one_text(post.get("slug")) or undated(name or default)
    return post


def date_in(*texts: str) -> str:
    """The first date a file name (2022-01-18-x) or a path (/2022/01/18/) gives, or ''."""
    for text in texts:
        named = DATED_NAME.match(text)
        if named:
            return name_date(named)
        dated = DATED_PATH.search(text)
        if dated:
            return "-".join(dated.groups())
    return ""


def name_date(named: re.Match[str]) -> str:
    """The date of a DATED_NAME match as YYYY-MM-DD: 2022-1-8 -> 2022-01-08."""
    year, month, day = named.group(1).split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def undated(name: str) -> str:
    """NAME without a leading date: '2022-01-18-geneva-talks' -> 'geneva-talks'."""
    named = DATED_NAME.match(name)
    return named.group(2) if named else name


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN


def markdown_count(folder: Path) -> int:
    """How many Markdown files FOLDER holds, at any depth (0 if it is none)."""
    return sum(1 for path in walk(folder) if is_markdown(path)) if folder.is_dir() else 0


def bundle_index(folder: Path) -> Path | None:
    """The index.md (or index.markdown) that makes FOLDER a page bundle."""
    for name in ("index.md", "index.markdown"):
        if (folder / name).is_file():
            return folder / name
    return None
