"""A post as another generator keeps it: front matter read by briefgen's own
readers (YAML between `---` lines or TOML between `+++`, each value with its
line), the body as written, and what its place says about it.

Files are opened for reading only; a source site is never written to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import BriefgenError
from ..source.frontmatter import Located, Mapping, decode, parse_mapping, split
from ..source.tomlfront import parse_toml_mapping
from .report import Report
from .writer import walk


@dataclass
class Post:
    """One post found in a source site, before it becomes an item."""

    path: Path  # the source file
    rel: str  # its path relative to the source site, as messages show it
    front: Mapping
    body: str
    body_line: int  # the file line the body starts on
    dest: str  # where the item goes, relative to content/articles/ ('a/b.md', 'a/b/index.md')
    slug: str  # the slug the generator gave it
    url: str = ""  # the URL it had, site-relative ('/2022/01/18/x/'), or ''
    date_hint: str = ""  # a date its file name or path gives, or ''
    date: str = ""  # the date its item gets, read before slugs are given (convert.item_date)
    draft: bool = False  # a draft by its place (Jekyll's _drafts/)
    topics: list[str] = field(default_factory=list)  # topics its place gives
    bundle: Path | None = None  # the folder whose other files go with it
    alias_base: str = "/"  # what a relative alias is relative to
    kind: str = ""  # 'jekyll' splits `tags: a b` into words, as Jekyll does
    page: bool = False  # a standalone page (About), not a post
    # Values the site's config gives where the front matter has none (Jekyll's `defaults:`)
    defaults: dict[str, Any] = field(default_factory=dict)
    # Its path as the source's own links name it, relative to SourceSite.root
    # (Pelican's `{filename}/posts/a.md`), when the site has such a root.
    source_key: str = ""
    language: str = ""  # its language where it names one (Pelican's `Lang:`), lower case
    translation: bool = False  # it says it is a translation (Pelican's `Translation: true`)
    hidden: bool = False  # a page the old site linked nowhere (Pelican's `Status: hidden`)
    # Its translations, left out: their old URLs and links lead to it instead.
    translations: list[Post] = field(default_factory=list)
    # Author handles to names (Jekyll's `_data/authors.yml`: `author: tk` -> `Tia Kim`)
    names: dict[str, str] = field(default_factory=dict)
    # Tags and categories written as their term pages' folder names, to the
    # titles those pages give them (Hugo's `content/topics/mobile/_index.md`)
    term_names: dict[str, str] = field(default_factory=dict)

    def get(self, *keys: str) -> Located | None:
        """The first of KEYS the front matter has, in any letter case (old
        Hugo sites write `Title`, `Date`, `Tags`); else the first the
        config's defaults give (at the file's first line)."""
        lowered = {key.lower(): key for key in self.front}
        for key in keys:
            if key in lowered:
                return self.front.get(lowered[key])
        for key in keys:
            # `author` and `authors` name one thing: a post naming either has no default one.
            if key in self.defaults and not (key in _AUTHORS and _AUTHORS & lowered.keys()):
                return Located(self.defaults[key], 1, _FROM_CONFIG)
        return None

    @cached_property
    def bundle_files(self) -> list[Path]:
        """The other files of its bundle (none without one), walked once: the
        old site's links to them and their copying both need the list."""
        return [path for path in walk(self.bundle) if path != self.path] if self.bundle else []


_AUTHORS = frozenset({"author", "authors"})
_FROM_CONFIG = yaml.ScalarNode("tag:yaml.org,2002:null", "")  # a value no file holds


def read_front(path: Path, rel: str, bare: bool = False) -> tuple[Mapping, str, int]:
    """The front matter, body and body line of the file at PATH; raise
    BriefgenError (at REL's line) when it has no front matter briefgen reads.
    BARE, as Hugo reads files: blank lines may come before the front matter
    (its lines are still the file's), and a file without any is a body with
    no front matter."""
    with path.open("rb") as fh:  # read-only: the source is never written
        text = decode(fh.read(), rel)
    skipped = 0
    if bare:
        stripped = text.lstrip("\n\r\t ")
        if not stripped.startswith(("---", "+++")):
            return Mapping(rel, 1, {}), text, 1
        blank = text[:len(text) - len(stripped)]
        skipped = blank.count("\n")  # whole blank lines; the fence's own indent stays
        text = text[len(blank) - len(blank.rsplit("\n", 1)[-1]):] if skipped else text
    parts = split(text, rel)
    if parts.toml:
        front = parse_toml_mapping(parts.yaml_text, rel, parts.yaml_line + skipped)
    else:
        front = parse_mapping(parts.yaml_text, rel, parts.yaml_line + skipped)
    return front, parts.body, parts.body_line + skipped


def has_front_matter(path: Path) -> bool:
    """Whether PATH starts with a front matter fence (Jekyll copies files
    without one as they are, so they are no posts)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8).lstrip(b"\xef\xbb\xbf")
    except OSError:
        return False
    return head.startswith((b"---", b"+++"))


@dataclass
class SourceSite:
    """What a format module finds in a source site."""

    kind: str  # 'hugo', 'jekyll', 'zola' or 'pelican'
    title: str
    settings: dict[str, Any]  # site.yaml values taken from the source's config
    config: dict[str, Any] = field(default_factory=dict)  # the source's own config
    posts: list[Post] = field(default_factory=list)
    statics: list[tuple[Path, str]] = field(default_factory=list)  # a file, its old URL
    # The folder the posts' own links are relative to (Pelican's content
    # folder, for `{filename}` and `{static}`), or None.
    root: Path | None = None
    names: dict[str, str] = field(default_factory=dict)  # author handles to names (Post.names)
    term_names: dict[str, str] = field(default_factory=dict)  # term folders to titles (Post.term_names)
    language: str = "en"  # the site's own language, lower case, which translations are paired to
    # Old URLs of pages other than posts and files, to their new ones (Pelican's
    # tag pages, /tag/nato.html -> /topics/nato/)
    urls: dict[str, str] = field(default_factory=dict)
    linkify: bool = False  # bare URLs are links (Hugo's Goldmark): made <autolinks>
    emoji: bool = False  # `:rocket:` is an emoji (Hugo's enableEmoji, Jekyll's jemoji plugin)
    includes: Path | None = None  # Jekyll's _includes/, whose files `{% include %}` writes in
    id_style: str = ""  # heading ids made otherwise than the generator's default ("blackfriday")
    block_attributes: bool = False  # `{.class}` after a block is read (Hugo's Goldmark, when on)


def read_post(path: Path, rel: str, report: Report,
              bare: bool = False) -> tuple[Mapping, str, int] | None:
    """read_front, with a file briefgen cannot read reported and skipped."""
    try:
        return read_front(path, rel, bare)
    except BriefgenError as exc:
        report.skip(exc.problem.message, exc.problem.path, exc.problem.line)
        return None
