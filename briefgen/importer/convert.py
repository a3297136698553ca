"""A post's front matter in briefgen's fields.

Title, date, slug, drafts, summary, tags and categories (as topics), authors
and old URLs (as aliases) are mapped; every other key is kept as an extra
field under its own name, unless briefgen would read that name as a slip of
one of its own fields (`sumary`) or holds a value briefgen refuses, when
check.py keeps it as `imported_<key>` so the build neither fails nor misreads it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from html import unescape
from typing import Any

from markdown_it import MarkdownIt

from ..core.dates import looks_like_moment, parse_moment
from ..source.content import ARTICLE_KEYS
from ..source.fields import MAX_NAMES
from ..source.frontmatter import Located
from .post import Post
from .report import Report

# Keys the importer reads (lower-cased) into briefgen's fields, or uses up.
MAPPED = frozenset({
    "title", "date", "publishdate", "pubdate", "lastmod", "updated", "slug", "draft",
    "published", "summary", "description", "excerpt", "tags", "categories", "category",
    "author", "authors", "aliases", "redirect_from", "url", "permalink", "path", "series",
    "image", "taxonomies", "topics", "last_modified_at", "modified", "expirydate", "unpublishdate",
    "excerpt_separator", "alias", "image_alt", "image-alt", "imagealt",
})
# Fields briefgen reads on an item: its own, and the default taxonomies'.
KNOWN = ARTICLE_KEYS | {"people", "topics", "source", "series"}
# A date as the generators accept it: 2014-12-4 14:22, 2016-3-21 4:00:00 +0000, 2013/07/28.
_NUMERIC_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
                           r"(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?(\s*)(Z|[+-]\d{2}:?\d{2})?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?")
_WORD_DATES = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y",
               "%a %d %B %Y", "%A %d %B %Y", "%a, %d %b %Y")


def texts(value: Any) -> list[str]:
    """A front matter value as a list of texts: a list, one text, or nothing."""
    if value is None or isinstance(value, (dict, bool)):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, (str, int, float))
                and not isinstance(v, bool) and str(v).strip()]
    return [str(value).strip()] if str(value).strip() else []


def one_text(item: Located | None) -> str:
    """A single text from a front matter value, or ''."""
    if item is None:
        return ""
    found = texts(item.value)
    return found[0] if found else ""


def moment(text: str) -> str | None:
    """TEXT if briefgen reads it as a date, else the same date in a form
    briefgen reads (date_text: `2016-3-21 4:00:00`, as Jekyll, Hugo and
    Pelican accept it, becomes `2016-03-21 04:00:00`), else None."""
    for candidate in dict.fromkeys((text.strip(), date_text(text))):
        if not looks_like_moment(candidate):
            continue
        try:
            parse_moment(candidate)
        except ValueError:
            continue
        return candidate
    return None


def date_text(text: str, month_first: bool = False) -> str:
    """A date as the generators read it, written as briefgen reads dates (ISO 8601):
    '2014-12-4 14:22' -> '2014-12-04 14:22', '28 July 2013' -> '2013-07-28'.
    TEXT as it is when it is neither (the caller reports it). A date of
    numbers whose first two could each be the month (05/06/2015) is read
    month first with MONTH_FIRST (as Pelican's dateutil reads it), else left
    as it is: Jekyll's Ruby reads the day first, and a guess would be wrong."""
    text = " ".join(text.replace("_", " ").split())  # a tab or two spaces read as one, as dateutil does
    m = _NUMERIC_DATE.fullmatch(text)
    if m:
        year, month, day, hour, minute, second, fraction, space, zone = m.groups()
        out = f"{year}-{int(month):02d}-{int(day):02d}"
        if hour is not None:
            out += f" {int(hour):02d}:{int(minute):02d}" + \
                (f":{int(second):02d}{fraction or ''}" if second else "")
        return out + (space[:1] + zone if zone else "")
    day_first = _DAY_FIRST.fullmatch(text)
    if day_first:  # 24-05-2015 as dateutil reads it: the day first where it cannot be a month
        a, b, year, time = day_first.groups()
        if int(a) <= 12 and int(b) <= 12 and not month_first:
            return text  # 05/06/2015: Ruby reads the day first, Python's dateutil the month
        month, day = (int(b), int(a)) if int(a) > 12 else (int(a), int(b))
        full = int(year) if len(year) == 4 else 2000 + int(year) if int(year) < 70 else 1900 + int(year)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{full:04d}-{month:02d}-{day:02d}" + (f" {time}" if time else "")
    for pattern in _WORD_DATES:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text



def item_front(post: Post, slug: str, report: Report) -> dict[str, Any]:
    """The front matter of POST's item with SLUG; POST has its date (item_date)."""
    date = post.date
    front: dict[str, Any] = {"title": _title(post, report) or _title_from(slug),
                             "date": date, "slug": slug}
    updated = moment(one_text(post.get("lastmod", "updated", "last_modified_at", "modified")))
    if updated and parse_moment(updated).replace(tzinfo=None) >= parse_moment(date).replace(tzinfo=None):
        front["updated"] = updated
    if _is_draft(post):
        front["draft"] = True
    _schedule(front, post, report)
    summary = one_text(post.get("summary", "description", "excerpt"))
    if summary:
        front["summary"] = plain_summary(summary)
    _names(front, post, report)
    _series_and_image(front, post, report)
    _extras(front, post, report)
    return front


def item_date(post: Post, report: Report) -> str | None:
    """The date POST's item gets, or None when it has none briefgen can read
    (reported): asked before slugs are given, so that a post left out
    takes no slug or old URL from one that comes in."""
    item = post.get("date", "publishdate", "pubdate")
    written = one_text(item)
    date = moment(written) or moment(post.date_hint)
    if written and not moment(written) and item is not None:
        what = f"{written!r} is not a date briefgen reads"
        if date is None:
            report.skip(f"date: {what}", post.rel, item.line)
        else:
            report.note(f"date: {what}; the file's date {date} is used", post.rel, item.line)
    elif date is None and _is_draft(post):
        date = datetime.fromtimestamp(post.path.stat().st_mtime, UTC).date().isoformat()
        report.note(f"a draft without a date; dated by its file ({date})", post.rel, 1)
    elif date is None:
        report.skip_each("no date in front matter, file name or path", post.rel)
    return date


_MARKDOWN_HINT = re.compile(r"[\[*_`<&\\]")  # what may make a summary Markdown, not text


def plain_summary(summary: str) -> str:
    """A summary written in Markdown (Pelican renders `Summary:`, Hugo's
    templates `summary`) as the plain text briefgen's summary is:
    `See [docs](https://x) **now**` -> `See docs now`."""
    if not _MARKDOWN_HINT.search(summary):
        return summary
    from ..source.excerpt import plain_text
    from ..source.markdown import render_markdown

    return plain_text(render_markdown(_markdown(), summary)[0]) or summary


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """One renderer for every summary of an import: with raw HTML read as
    HTML, so that a `<br>` in a summary parts its words rather than shows."""
    from ..source.markdown import make_markdown

    return make_markdown(True)


def _schedule(front: dict[str, Any], post: Post, report: Report) -> None:
    """Hugo's embargo and expiry: `publishDate` beside a `date` (without one
    it is the date, see _date) is `publish_date`, `expiryDate` (or
    `unpublishDate`) is `expiry_date`, so an item held back by Hugo stays
    held back. A value briefgen cannot read is reported, and left out."""
    pairs = [("expiry_date", post.get("expirydate", "unpublishdate"))]
    if post.get("date") is not None:
        pairs.insert(0, ("publish_date", post.get("publishdate", "pubdate")))
    for field, item in pairs:
        written = one_text(item)
        if item is None or not written:
            continue
        if moment(written) is None:
            report.note(f"{field}: {written!r} is not a date briefgen reads; left out", post.rel,
                        item.line)
        elif field == "expiry_date" and \
                utc_moment(written) <= utc_moment(front.get("publish_date", front["date"])):
            front["draft"] = True  # briefgen refuses an expiry before the date: Hugo never showed it
            report.note(f"expiry_date: {written!r} is not after the post's date, so Hugo never "
                        "published it: imported as a draft", post.rel, item.line)
        elif written != front["date"]:
            front[field] = written


def utc_moment(written: str) -> datetime:
    """The moment WRITTEN as a naive UTC time (a time without an offset as it is)."""
    when = parse_moment(moment(written) or written)
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when


def _title_from(slug: str) -> str:
    """A title for a post without one, from its slug: 'my-first-post' -> 'My first post'."""
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else slug


def _is_draft(post: Post) -> bool:
    draft, published = post.get("draft"), post.get("published")
    return post.draft or (draft is not None and draft.value is True) or \
        (published is not None and published.value is False)


def _taxonomy(post: Post, name: str) -> list[str]:
    """Zola's `[taxonomies] NAME = [...]`."""
    table = post.get("taxonomies")
    if table is None or not isinstance(table.value, dict):
        return []
    return texts(table.value.get(name))


def words(post: Post, *keys: str) -> list[str]:
    """The names under KEYS. Jekyll reads `tags: a b` and `categories: a b` as
    space-separated words, but `category: Elixir in Production` as one name,
    as it does any other key."""
    out: list[str] = []
    for key in keys:
        item = post.get(key)
        if item is not None and isinstance(item.value, str) and post.kind == "jekyll" \
                and key in ("categories", "tags"):
            out += item.value.split()
        elif item is not None:
            out += texts(item.value)
    return out


def _names(front: dict[str, Any], post: Post, report: Report) -> None:
    """Topics from tags and categories, authors, and aliases with the old URL."""
    topics = [*post.topics, *words(post, "categories", "category", "tags", "topics"),
              *_taxonomy(post, "tags"), *_taxonomy(post, "categories")]
    if post.kind == "jekyll":  # `tags: a, b` split at spaces: the comma is no part of the name
        topics = [t.rstrip(",") for t in topics]
    topics = [post.term_names.get(t, t) for t in topics]
    author = post.get("author")
    authors = [post.names.get(name, name) for name in
               _linked_names((*words(post, "authors"), *_authors(author.value if author else None),
                              *_taxonomy(post, "authors"), *_params_authors(post)), post, report)]
    if not authors:  # Zola themes keep them in [extra]: `authors = ["@ada"]`
        extra = post.get("extra")
        table = {str(k).lower(): v for k, v in extra.value.items()} \
            if extra is not None and isinstance(extra.value, dict) else {}
        authors = [post.names.get(n, n) for n in _authors(table.get("authors", table.get("author")))]
    for key, names in (("topics", topics), ("authors", authors)):
        unique = list(dict.fromkeys(n for n in names if n))
        if len(unique) > MAX_NAMES:
            report.note(f"{key}: {len(unique)} names; the first {MAX_NAMES} kept", post.rel, 1)
            unique = unique[:MAX_NAMES]
        if unique:
            front[key] = unique
    paths = old_urls(post)
    if paths:
        front["aliases"] = paths


def old_urls(post: Post) -> list[str]:
    """POST's old URLs as site paths: the aliases it lists, its URL on the
    old site and its translations' (which lead to it now)."""
    aliases = [*words(post, "aliases", "redirect_from"), *_split_aliases(post), post.url,
               *(t.url for t in post.translations if t.url)]
    paths = (_SAME_FOLDER.sub("/", _site_path(a, post)) for a in aliases if a)
    return list(dict.fromkeys(p for p in paths if p))


_SAME_FOLDER = re.compile(r"/(?:\./)+")  # `/./about/`: a top-level file's section, `.`, is no folder


_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")


def _linked_names(names: tuple[str, ...], post: Post, report: Report) -> list[str]:
    """NAMES, with one written as Markdown links (`[Jane Roe](https://...)
    (Acme), [John Doe](https://...)`, as Docsy themes show them) made the
    names its links show, and said: whole, it would be one author named by
    all that text."""
    out: list[str] = []
    for name in names:
        linked = _MARKDOWN_LINK.findall(name)
        if linked:
            written = post.get("author", "authors")
            report.note(f"author written as Markdown links: the names they show are taken "
                        f"({', '.join(linked)}); their links are not kept", post.rel,
                        written.line if written is not None else 1)
        out += [n.strip() for n in linked] if linked else _written_out(name, post, report)
    return out


_JOINED = re.compile(r",?\s+(?:and|&)\s+|,\s+")
# Words that make the text after a name's comma its holder's title, not a name.
_TITLE_WORDS = frozenset({
    "director", "executive", "editor", "manager", "engineer", "ceo", "cto", "coo", "cfo", "founder",
    "co-founder", "president", "head", "lead", "officer", "chief", "team", "staff", "writer",
    "reporter", "correspondent", "contributor", "intern", "developer", "maintainer", "member",
    "chair", "secretary", "minister", "spokesperson", "analyst", "researcher", "fellow",
    "professor", "student", "volunteer", "advisor", "adviser", "consultant", "designer",
    "strategist", "coordinator", "specialist", "architect", "partner", "vp", "svp", "evp"})


def _written_out(name: str, post: Post, report: Report) -> list[str]:
    """The people one author string names, as a byline writes them: a list
    of names ending in `and` (`Josh Aas and Sarah Gran`, `A, B and C`) is
    each of them, and `Josh Aas, ISRG Executive Director` is Josh Aas, the
    title left out; said when taken apart. Anything else is kept whole, as a
    team, a company or a name with its place (`Eric Roe, Health Canada`)
    cannot be told from a list of people."""
    handles = [h.strip() for h in name.split(",")]
    if len(handles) > 1 and all(h in post.names for h in handles):  # `tk,ab`: each one named
        return handles
    parts = [p.strip() for p in _JOINED.split(name.strip()) if p.strip()]
    separators = _JOINED.findall(name.strip())
    if len(parts) < 2:
        return [name]
    if re.search(r"\b(?:and|&)\s*$", separators[-1]) and all(_name_like(p) for p in parts):
        names = parts
    elif not any(re.search(r"\b(?:and|&)\b", sep) for sep in separators) and _name_like(parts[0]) \
            and _TITLE_WORDS & set(re.findall(r"[\w-]+", " ".join(parts[1:]).lower())):
        names = parts[:1]
    else:
        return [name]
    written = post.get("author", "authors")
    report.note(f"author {name!r} read as {', '.join(repr(n) for n in names)}"
                + ("" if len(names) == len(parts) else " (the rest is a title)"), post.rel,
                written.line if written is not None else 1)
    return names


def _name_like(text: str) -> bool:
    """Whether TEXT reads as a person's name: two to four words, each a
    capitalised word or a particle (`de`, `van`), the first capitalised."""
    words = text.split()
    return 2 <= len(words) <= 4 and words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("de", "da", "van", "von", "der", "den", "la", "le", "bin", "al")
        for w in words) and not any(ch.isdigit() for ch in text)


def _split_aliases(post: Post) -> list[str]:
    """Pelican's alias plugin: `Alias: /old/a.html, /old/b/` (one or more paths)."""
    alias = post.get("alias")
    return [a for value in texts(alias.value if alias is not None else None)
            for a in re.split(r"[,\s]+", value) if a]


def _authors(value: Any) -> list[str]:
    """`author` as a name, a list of names, or a mapping with a name (Jekyll themes)."""
    return texts(value.get("name")) if isinstance(value, dict) else texts(value)


def _params_authors(post: Post) -> list[str]:
    """Authors a Hugo post keeps under `params` (`params: {author: ...}`, as
    Hugo 0.123 asks of fields it does not know), when none is at the top."""
    params = post.get("params")
    if params is None or not isinstance(params.value, dict) or post.get("author", "authors"):
        return []
    found = {str(k).lower(): v for k, v in params.value.items()}
    return _authors(found.get("authors", found.get("author")))


def _site_path(alias: str, post: Post) -> str:
    """An old URL as a site path; a relative alias is relative to the post's
    alias_base (the site root in Zola, the post's section in Hugo)."""
    alias = alias.strip()
    if "://" in alias or alias.startswith("//"):
        return ""
    return alias if alias.startswith("/") else post.alias_base + alias


def _series_and_image(front: dict[str, Any], post: Post, report: Report) -> None:
    """`series` is one name in briefgen; `image` a site path, URL or {src, alt}."""
    series = post.get("series")
    if series is not None:
        names = texts(series.value)
        if names:
            front["series"] = names[0]
        if len(names) > 1:
            report.note(f"series: only the first of {len(names)} kept ({names[0]!r})", post.rel,
                        series.line)
    image = post.get("image")
    if image is None or image.value is None or image.value == "":
        return
    if isinstance(image.value, str) and image.value.strip():
        said = one_text(post.get("image_alt", "image-alt", "imagealt", "alt"))  # themes' own keys
        front["image"] = {"src": image.value.strip(), "alt": said} if said else image.value.strip()
    elif isinstance(image.value, dict):
        src = next((texts(image.value[k]) for k in ("src", "path", "url", "feature", "thumbnail",
                                                     "teaser") if texts(image.value.get(k))), [])
        if src:
            alt = texts(image.value.get("alt"))
            front["image"] = {"src": src[0], **({"alt": alt[0]} if alt else {})}
    if "image" not in front:
        report.note("image: not a path or {src, alt}; kept as imported_image", post.rel, image.line)
        front["imported_image"] = image.value


def _extras(front: dict[str, Any], post: Post, report: Report) -> None:
    """Every key not mapped, kept under its own name: a field briefgen reads
    (`toc`, `source`) as it is, any other as an extra field, reported. A
    value briefgen would refuse is renamed when the item is checked (check.py)."""
    for key in post.front:
        if key.lower() in MAPPED:
            continue
        item = post.front.get(key)
        assert item is not None
        if key not in KNOWN:
            report.extra_key(key, post.rel, item.line)
        front[key] = item.value
    table = post.get("taxonomies")
    if table is not None and isinstance(table.value, dict):
        rest = {k: v for k, v in table.value.items() if k not in ("tags", "categories", "authors")}
        for key, value in rest.items():
            report.extra_key(f"taxonomies.{key}", post.rel, table.line)
            front.setdefault("taxonomies", {})[key] = value


_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")


def _title(post: Post, report: Report) -> str:
    """POST's title as its readers saw it. Jekyll's and Pelican's themes print
    a title as HTML, so `A &#8212; B` showed a dash; briefgen's title is
    text, where the entity would show as written: it is decoded, and a tag
    (`<strike>`) taken out, which is said."""
    title = one_text(post.get("title"))
    if post.kind not in ("jekyll", "pelican") or ("&" not in title and "<" not in title):
        return title
    plain = _MARKUP.sub("", title)
    if plain != title:
        written = post.get("title")
        report.note(f"title: HTML taken out, as the title is text in briefgen: {title!r}",
                    post.rel, written.line if written is not None else 1)
    return " ".join(_ENTITY.sub(lambda m: unescape(m.group()), plain).split())


def page_front(post: Post, slug: str, report: Report) -> dict[str, Any]:
    """The front matter of a standalone page (About): title, slug, draft, its
    old URLs as aliases, and every key the importer does not map kept as an
    extra field."""
    front: dict[str, Any] = {"title": _title(post, report) or _title_from(slug),
                             "slug": slug}
    if _is_draft(post):
        front["draft"] = True
    if post.hidden:
        front["footer"] = False
    paths = [p for p in old_urls(post) if p.strip("/") not in ("", slug)]  # not the home page's
    if paths:
        front["aliases"] = paths
    weight = post.get("weight")
    if weight is not None and isinstance(weight.value, int) and not isinstance(weight.value, bool):
        front["weight"] = weight.value
    for key in post.front:
        if key.lower() not in MAPPED and key.lower() != "weight":
            item = post.front.get(key)
            assert item is not None
            report.extra_key(key, post.rel, item.line)
            front[key] = item.value
    return front
