"""`briefgen init` and `briefgen new`: start a site, start an item.

Both only ever create files; an existing file is never overwritten. The one
file `init` may change is a .gitignore already there (the site is often
started in a repository that has one): it adds the lines it lacks, at the
end, and leaves the rest as it was.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from ..core.errors import BriefgenError
from ..core.paths import CONFIG_FILE
from ..core.slugs import make_slug
from ..site.unwritten import PLACEHOLDER
from ..source.config import config_file

log = logging.getLogger(__name__)

SITE_YAML = """\
# Settings for this briefing; `briefgen docs configuration` lists every key.
title: {title}
description: A daily briefing made with briefgen.
# Where the site will be published, such as https://briefing.example.org/:
# canonical links, feeds, the sitemap and link previews need it (build warns).
base_url: /
language: en
timezone: UTC
per_page: 20
"""

SAMPLE_ITEM = """\
---
title: "Welcome to your briefing"
date: {day}
source: Example Wire
source_url: https://example.org/news/welcome
series: DAILY
people: [Ada Example]
topics: [Getting started]
summary: Each item summarises one story, names its source and tags people and topics.
---
Write the item in Markdown, in your own words, and cite the source.
Ada Example is tagged above, so she gets a page listing every item that
names her.

Source: [Example Wire](https://example.org/news/welcome).
"""

SAMPLE_PERSON = """\
---
name: Ada Example
aliases: [Ada]
role: Sample person
---
A profile gives a person a display name, aliases, a role and this biography.
"""

# What a build writes into the site folder and git should not keep: the
# output, the cache, and the folders a build makes beside the output while it
# works (`.public.briefgen-tmp`, `-old`, `-trash-…`; see build/output.py).
IGNORED = ("/public/", "/.briefgen-cache/", ".*.briefgen-*")
GITIGNORE_HEADER = "# Made again by `briefgen build`: the site, its cache, a build's work in progress"

SAMPLE_ABOUT = """\
---
title: About
---
What this briefing covers, who writes it and how items are chosen.
"""


def init_site(folder: Path, title: str, today: date) -> tuple[list[Path], str]:
    """Write a new site with one sample item, person and page; return the files
    created, and what was done to the .gitignore (see `ignore_build_files`).

    Every file is checked before the first is written: stopping at the third
    would leave a half-made site whose site.yaml then stops the next `init`.
    """
    if (folder / CONFIG_FILE).exists():
        raise BriefgenError(f"{folder / CONFIG_FILE} already exists; not overwriting a site")
    if folder.exists() and not folder.is_dir():
        raise BriefgenError(f"{folder} exists and is not a folder")
    if not title.strip():
        raise BriefgenError("the title must not be empty")
    files = {
        CONFIG_FILE: SITE_YAML.format(title=json.dumps(title, ensure_ascii=False)),
        f"content/articles/{today:%Y/%m}/welcome.md": SAMPLE_ITEM.format(day=today.isoformat()),
        "content/people/ada-example.md": SAMPLE_PERSON,
        "content/pages/about.md": SAMPLE_ABOUT,
        "content/media/.keep": "",
        "templates/.keep": "",
    }
    taken = [str(folder / rel) for rel in files if (folder / rel).exists()]
    if taken:
        raise BriefgenError(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''}; "
                            "nothing was created (move them away, or init another folder)")
    created = [_create(folder / rel, text) for rel, text in files.items()]
    return created, ignore_build_files(folder / ".gitignore")


def ignore_build_files(path: Path) -> str:
    """Have the .gitignore at PATH list IGNORED: a new file, or the lines it
    lacks added at its end. Returns "created", "updated" or "" (it had them)."""
    if not path.exists():
        _create(path, "\n".join([GITIGNORE_HEADER, *IGNORED, ""]))
        return "created"
    text = path.read_text(encoding="utf-8", errors="replace")
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in IGNORED if line not in have]
    if not missing:
        return ""
    ended = not text or text.endswith("\n")  # else its last line is ended first
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(("" if ended else "\n") + "\n".join(["", GITIGNORE_HEADER, *missing, ""]))
    return "updated"


def new_article(root: Path, title: str, day: date, people: list[str], topics: list[str],
                source: str = "", source_url: str = "") -> Path:
    """Create content/articles/YYYY/MM/<slug>.md with front matter filled in."""
    config_file(root)  # no site there: said as every verb says it
    if not title.strip():
        raise BriefgenError("the title must not be empty")
    lines = ["---", f"title: {_yaml(title)}", f"date: {day.isoformat()}"]
    if source.strip():
        lines.append(f"source: {_yaml(source)}")
    if source_url.strip():
        lines.append(f"source_url: {_yaml(source_url)}")
    lines.append(f"people: {_yaml_list(people)}")
    lines.append(f"topics: {_yaml_list(topics)}")
    lines += ["summary: ", "---", PLACEHOLDER, ""]
    slug = make_slug(title)
    folder = root / "content" / "articles" / f"{day:%Y}" / f"{day:%m}"
    if (folder / f"{slug}.md").exists():  # run twice, most likely: nothing new is made
        raise BriefgenError(f"{folder / f'{slug}.md'} already exists; not overwriting it")
    taken = taken_slugs(root / "content" / "articles")
    if slug in taken:  # the same title on another day: the item's URL would be the other's
        free = next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}" not in taken)
        log.warning("warning: %s already has the slug %r: this item gets slug: %s",
                    taken[slug], slug, free)
        lines.insert(3, f"slug: {free}")
        slug = free
    return _create(folder / f"{slug}.md", "\n".join(lines))


def taken_slugs(articles: Path) -> dict[str, str]:
    """The slugs the items under ARTICLES have, each with a file that has it
    (its front matter's `slug`, else its title's); a file that cannot be read
    is passed over, the build reports it."""
    from ..source.bundles import bundle_folder
    from ..source.frontmatter import decode, parse_mapping, split
    from ..source.listing import MARKDOWN_SUFFIXES

    found: dict[str, str] = {}
    for path in sorted(articles.rglob("*")) if articles.is_dir() else ():
        rel = path.relative_to(articles.parent.parent).as_posix()
        if path.suffix not in MARKDOWN_SUFFIXES:
            continue
        try:
            front = parse_mapping(split(decode(path.read_bytes(), rel), rel).yaml_text, rel, 2).plain()
        except (BriefgenError, OSError, ValueError):
            continue
        given, title, folder = front.get("slug"), front.get("title"), bundle_folder(rel)
        if given:  # as the build names an item (source/content.py's _slug)
            slug = str(given)
        elif folder is not None:  # a bundle by its folder
            slug = make_slug(folder.rsplit("/", 1)[-1])
        else:
            slug = make_slug(str(title), path.stem) if title else ""
        if slug:
            found.setdefault(slug, rel)
    return found


def _yaml(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text.strip(), ensure_ascii=False)


def _yaml_list(names: list[str]) -> str:
    """A YAML flow list of the names that are not blank.

    `--people ""` (an empty shell variable, a stray quote) would otherwise
    write `[""]`, which the next build rejects as an empty name.
    """
    return f"[{', '.join(_yaml(name) for name in names if name.strip())}]"


def _create(path: Path, text: str) -> Path:
    if path.exists():
        raise BriefgenError(f"{path} already exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path
