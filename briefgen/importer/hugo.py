"""Hugo sites: posts under content/ (page bundles included), static/ files,
and the URL each post had (its `url`, the section's permalink pattern, or
the section path and slug)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..core.dates import MONTHS, parse_moment
from ..core.errors import BriefgenError
from .common import (
    bundle_index,
    content_post,
    date_in,
    first_config,
    is_markdown,
    markdown_count,
    read_config,
    settings,
    undated,
)
from .convert import moment, one_text
from .post import Post, SourceSite, has_front_matter, read_front
from .report import Report
from .writer import walk

CONFIGS = [f"{base}.{ext}" for base in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")]
CONFIG_DIR = "config/_default"


def scan(src: Path, report: Report) -> SourceSite:
    """Find the posts and static files of the Hugo site at SRC."""
    config = _with_language(_config(src, report))
    title, site_settings = settings(config, ("title",), ("baseurl",), "timezone",
                                    _language_title(config) or src.name, report)
    # Raw HTML renders, cleaned by briefgen (docs/configuration.md): shown as
    # text it would be markup on the page. Without `unsafe`, Goldmark left it
    # out, but Hugo before 0.60 rendered it, and posts that hold it were
    # written to show it.
    site_settings["markdown"] = {"html": True}
    if not _unsafe(config):
        report.note("markdown.html: true in site.yaml: raw HTML in posts is kept, cleaned (Hugo's "
                    "Goldmark leaves it out unless markup.goldmark.renderer.unsafe is set; Hugo "
                    "before 0.60 showed it); set it to false to show such HTML as text", "site.yaml")
    site = SourceSite("hugo", title, site_settings, config=config)
    site.names = {**_author_files(src, config), **_author_names(config)}
    site.term_names = _term_titles(src, config)
    # Goldmark links bare URLs unless told not to, and reads `{.class}` after a
    # block only when told to.
    site.linkify = _goldmark(config, "extensions", "linkify") is not False
    site.block_attributes = _goldmark(config, "parser", "attribute", "block") is True
    site.emoji = config.get("enableemoji") is True
    if str(_goldmark(config, "parser", "autoHeadingIDType") or "").lower() == "blackfriday":
        site.id_style = "blackfriday"
    languages = _languages(config)
    folders = {code: folder for code, folder in _language_folders(config, src, report).items()
               if (src / folder).resolve().is_relative_to(src.resolve())}  # never read outside SRC
    content = src / (folders.pop(languages[0], "") or str(config.get("contentdir") or "content"))
    others = {code: src / folder for code, folder in folders.items() if src / folder != content}
    _other_languages(src, others, languages[0], report)
    permalinks: Any = config.get("permalinks")
    permalinks = permalinks if isinstance(permalinks, dict) else {}
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.120's [permalinks.page]
        permalinks = permalinks["page"]
    patterns = {str(k).lower(): str(v) for k, v in permalinks.items() if isinstance(v, str)}
    if content.is_dir():
        _folder(content, content, site, _Rules(patterns, languages, _filename_dates(config),
                                               frozenset(others.values()), src,
                                               config.get("uglyurls", False)), report)
    else:
        report.note(f"no {content.relative_to(src)}/ folder: no posts found", str(src.name))
    static = src / str(config.get("staticdir") or "static")
    if static.is_dir():
        site.statics += [(f, "/" + f.relative_to(static).as_posix()) for f in walk(static)]
    for key, flag, what in (("buildfuture", "--future", "dated after the build's time"),
                            ("buildexpired", "--expired", "past their expiry date")):
        if config.get(key) is True:
            report.note(f"{key}: true: briefgen holds back items {what}; build with {flag} to "
                        "publish them as Hugo did", "")
    for folder, why in (("assets", "files for Hugo's asset pipeline"),
                        ("layouts", "templates"), ("themes", "themes")):
        if (src / folder).is_dir():
            report.note(f"skipped: {folder}/ ({why}; briefgen has its own theme and templates/)")
    return site


def _config(src: Path, report: Report) -> dict[str, Any]:
    """The site's config: hugo.toml (or config.*) and the files of
    config/_default/ (in its subfolders too: `module/module.yaml`), where
    `markup.toml` holds the `markup` table and `languages.en.toml` the
    `languages.en` one, as Hugo merges them; the top's file wins a conflict."""
    top = first_config(src, CONFIGS, report)
    folder = src / CONFIG_DIR
    if not folder.is_dir():
        return top
    config: dict[str, Any] = {}
    for path in sorted(folder.rglob("*"), key=lambda p: (len(p.parts), p)):
        if path.suffix not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
            continue
        values = read_config(path, report, path.relative_to(src).as_posix())
        if path.stem in ("hugo", "config"):
            config = {**config, **values}
            continue
        node = config
        for part in path.stem.lower().split(".")[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[path.stem.lower().split(".")[-1]] = values
    return {**config, **top}


def _with_language(config: dict[str, Any]) -> dict[str, Any]:
    """CONFIG with the default language's own settings over the site's, as
    Hugo reads them: `[languages.en] title`, `baseURL`, `[languages.en.permalinks]`,
    `[languages.en.params]`."""
    default = str(config.get("defaultcontentlanguage") or "en").lower()
    languages = config.get("languages")
    own = next((v for k, v in languages.items() if str(k).lower() == default and isinstance(v, dict)),
               None) if isinstance(languages, dict) else None
    if not own:
        return config
    merged = dict(config)
    for key, value in own.items():
        key = str(key).lower()
        if key in ("contentdir", "weight", "languagename", "languagecode", "languagedirection"):
            continue  # the language's folder and its place in a menu, read elsewhere
        base = merged.get(key)
        merged[key] = {**base, **value} if isinstance(base, dict) and isinstance(value, dict) else value
    return merged


def _language_title(config: dict[str, Any]) -> str:
    """The title a multilingual site gives its first language."""
    languages = config.get("languages")
    for values in (languages.values() if isinstance(languages, dict) else ()):
        if isinstance(values, dict) and isinstance(values.get("title"), str):
            return str(values["title"])
    return ""


class _Rules(NamedTuple):
    """What the walk of content/ reads by: the sections' permalink PATTERNS, the
    site's LANGUAGES, the default first (see _languages), and whether a date
    that starts a file name is the post's and not part of its slug (see
    _filename_dates)."""

    patterns: dict[str, str]
    languages: tuple[str, ...]
    filename_dates: bool
    skipped: frozenset[Path] = frozenset()  # other languages' content folders inside this one
    src: Path | None = None  # the site's folder, which messages name files from
    ugly: Any = False  # `uglyURLs`: true, or a map of sections to true (`/a/b.html`, not `/a/b/`)


def _filename_dates(config: dict[str, Any]) -> bool:
    """Whether Hugo reads `2024-02-15-orientation.md` as the post `orientation` of
    that day: only where [frontmatter] lists ":filename" for its dates; else
    the date is part of the name, and of the URL (two such posts a year apart
    are two pages)."""
    front: Any = config.get("frontmatter")
    sources = [front.get(key) for key in ("date", "publishdate")] if isinstance(front, dict) else []
    return any(isinstance(values, list) and ":filename" in (str(v).lower() for v in values)
               for values in sources)


def _languages(config: dict[str, Any]) -> tuple[str, ...]:
    """The site's language codes, its default (defaultContentLanguage, else "en")
    first: Hugo reads `post.fr.md`, `index.fr.md` and `_index.fr.md` as the
    French translation of `post`, a bundle and a section's list page."""
    default = str(config.get("defaultcontentlanguage") or "en").lower()
    languages = config.get("languages")
    others = [str(k).lower() for k in languages] if isinstance(languages, dict) else []
    return (default, *(code for code in others if code != default))


def _language_folders(config: dict[str, Any], src: Path, report: Report) -> dict[str, str]:
    """Each language's own content folder, by its code: a site that keeps
    each language apart, with `[languages.de] contentDir = "content/de"` or
    with module mounts (`[[module.mounts]] source = "content/de" target =
    "content" lang = "de"`). A site whose mounts are made when it builds
    (none in its config) but whose content/ holds a folder named for each
    language is read the same way, and said."""
    languages = config.get("languages")
    found = {}
    for code, values in (languages.items() if isinstance(languages, dict) else ()):
        folder = next((v for k, v in values.items() if str(k).lower() == "contentdir"), None) \
            if isinstance(values, dict) else None
        if isinstance(folder, str) and folder.strip("/"):
            found[str(code).lower()] = folder.strip("/")
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    codes = _languages(config)
    for mount in mounts if isinstance(mounts, list) else []:
        if isinstance(mount, dict) and str(mount.get("target", "")).strip("/") == "content" \
                and isinstance(mount.get("source"), str):
            # A mount without a language is the default language's content.
            lang = str(mount["lang"]) if isinstance(mount.get("lang"), str) else codes[0]
            found.setdefault(lang.lower(), mount["source"].strip("/"))
    if not found and len(codes) > 1 and not config.get("contentdir") \
            and all((src / "content" / code).is_dir() for code in codes[:1]) \
            and any((src / "content" / code).is_dir() for code in codes[1:]):
        report.note(f"content/{codes[0]}/ and the other languages' folders are read as each "
                    "language's content (as module mounts made when the site builds would)",
                    "content/")
        found = {code: f"content/{code}" for code in codes if (src / "content" / code).is_dir()}
    return found


def _other_languages(src: Path, folders: dict[str, Path], default: str, report: Report) -> None:
    """One line for each other language's content folder (inside SRC): not imported."""
    for code, folder in sorted(folders.items()):
        report.left_out(markdown_count(folder), f"translations into '{code}'; briefgen imports the "
                        f"site's default language, {default}", folder.relative_to(src).as_posix())


def _translation(path: Path, languages: tuple[str, ...]) -> tuple[str, str | None]:
    """PATH's name without its suffix and language, and the language (None when
    the name has none): `news.es.md` -> ("news", "es")."""
    stem = path.stem
    base, dot, code = stem.rpartition(".")
    return (base, code.lower()) if dot and base and code.lower() in languages else (stem, None)


def _index_of(folder: Path, languages: tuple[str, ...]) -> Path | None:
    """The index.md that makes FOLDER a page bundle, or in a multilingual site
    the default language's `index.<code>.md` where there is no plain one."""
    index = bundle_index(folder)
    if index is None:
        found = (folder / f"index.{languages[0]}.{ext}" for ext in ("md", "markdown"))
        index = next((path for path in found if path.is_file()), None)
    return index


def _folder(folder: Path, content: Path, site: SourceSite, rules: _Rules, report: Report) -> None:
    """Posts, bundles and other files in FOLDER, and in its folders in turn.
    Translations into the site's other languages are reported and left: a
    briefgen site has one language, the default one."""
    index = _index_of(folder, rules.languages) if folder != content else None
    if index is not None:  # its other files, translations among them, are the bundle's (site.py)
        _post(index, content, site, rules, report, bundle=folder)
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink() or path in rules.skipped:
            continue
        rel = path.relative_to(rules.src or content.parent).as_posix()
        name, language = _translation(path, rules.languages)
        if path.is_dir():
            _folder(path, content, site, rules, report)
        elif not is_markdown(path) and has_front_matter(path):
            report.skip(f"a {path.suffix} page (briefgen reads Markdown only)", rel)
        elif not is_markdown(path):
            site.statics.append((path, "/" + path.relative_to(content).as_posix()))
        elif name == "_index":  # a section's list page: briefgen makes its own lists
            if language in (None, rules.languages[0]) and _has_text(path):
                report.skip("a section's list page with text of its own (_index.md): briefgen "
                            "makes its own lists; copy the text into content/pages/ if it matters",
                            rel)
        elif language not in (None, rules.languages[0]):
            report.skip(f"a translation ({language}): briefgen imports the site's default language, "
                        f"{rules.languages[0]}", rel)
        else:  # a file at the top of content/ is a page (About), not a post
            _post(path, content, site, rules, report, page=folder == content, name=name)


def _has_text(path: Path) -> bool:
    """Whether the Markdown file at PATH says something below its front matter
    (more than a shortcode or comment or two)."""
    try:
        _, body, _ = read_front(path, path.name)
    except (BriefgenError, OSError):
        return False
    words = re.sub(r"\{\{[<%].*?[>%]\}\}|<!--.*?-->", " ", body, flags=re.DOTALL).split()
    return len(words) >= 20


def _post(path: Path, content: Path, site: SourceSite, rules: _Rules, report: Report,
          bundle: Path | None = None, page: bool = False, name: str | None = None) -> None:
    """One post (a file, or a bundle's index.md) with its slug and old URL."""
    name = bundle.name if bundle is not None else name or path.stem
    post = content_post(path, content, report, bundle, page, name, src=rules.src, bare=True)
    if post is None:
        return
    post.names, post.term_names = site.names, site.term_names
    why = _unpublished(post)
    if why:
        report.skip(f"{why}: Hugo publishes no page for it" + (
            ", and this bundle's files are its templates' to use" if bundle else ""), post.rel)
        return
    if not rules.filename_dates and not one_text(post.get("slug")) and undated(name) != name:
        post.slug = name  # the date is part of the name
    if bundle is not None:  # index.en.md: briefgen's bundles are made by an index.md
        post.dest = str(Path(post.dest).with_name("index" + path.suffix))
    section_path = (bundle or path).parent.relative_to(content).as_posix()
    post.url = _ugly(_url(post, section_path, name, rules.patterns), section_path, rules.ugly)
    post.alias_base = "/" + section_path + "/"
    post.date_hint = date_in(name, post.url)
    site.posts.append(post)


def _unpublished(post: Post) -> str:
    """Why Hugo gives POST no page ('' when it does): a headless bundle (a
    store of files other pages use) or build options that never render it."""
    headless = post.get("headless")
    if headless is not None and headless.value is True:
        return "headless: true"
    build = post.get("build", "_build")
    options = {str(k).lower(): v for k, v in build.value.items()} \
        if build is not None and isinstance(build.value, dict) else {}
    render = options.get("render")
    if render is False or str(render).lower() == "never":
        return f"{'_build' if post.get('build') is None else 'build'}: render: {str(render).lower()}"
    return ""


def _url(post: Post, section_path: str, name: str, patterns: dict[str, str]) -> str:
    """The URL Hugo gave POST."""
    written = one_text(post.get("url"))
    if written:
        return written if written.startswith("/") else "/" + written
    section = section_path.split("/")[0]
    pattern = patterns.get(section.lower())
    if pattern is None:  # the path, as Hugo makes one (`_[gsoc]_week` is `_gsoc_week`)
        return "/" + urlize(f"{section_path}/{post.slug}").strip("/") + "/"
    date = moment(one_text(post.get("date", "publishdate"))) or date_in(name)
    return _expand(pattern, post, section_path, name, date)


def _ugly(url: str, section_path: str, ugly: Any) -> str:
    """URL as Hugo writes it with `uglyURLs` on for the post's section (the
    setting, or its entry in a map of sections): `/2019/05/15/oak.html`."""
    section = section_path.split("/")[0].lower()
    if isinstance(ugly, dict):
        ugly = {str(k).lower(): v for k, v in ugly.items()}.get(section, False)
    if ugly is not True or not url.endswith("/") or url == "/" or ".html" in url:
        return url
    return url[:-1] + ".html"


def _expand(pattern: str, post: Post, section_path: str, name: str, date: str) -> str:
    """A Hugo permalink pattern for POST (unknown tokens are left as written)."""
    day = parse_moment(date) if date else None
    title = urlize(one_text(post.get("title")))
    slug = urlize(one_text(post.get("slug")))
    values: dict[str, Any] = {
        "section": section_path.split("/")[0], "sections": section_path,
        "title": title or post.slug, "slug": slug or title or post.slug,  # as Hugo falls back
        "filename": undated(name), "slugorfilename": slug or post.slug,
        "contentbasename": name, "slugorcontentbasename": slug or post.slug,
    }
    if day is not None:
        values.update(year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}",
                      monthname=MONTHS[day.month - 1].lower(), yearday=str(day.timetuple().tm_yday))
    url = re.sub(r":(\w+)", lambda m: urlize(str(values[m.group(1).lower()]))
                 if m.group(1).lower() in values else m.group(), pattern)
    return url if url.startswith("/") else "/" + url


def urlize(text: str) -> str:
    """TEXT as Hugo puts it in a URL (its URLize): letters of any script,
    digits, marks and `._-+~#@/\\` kept (and `%` before two hex digits), a
    run of spaces one hyphen, anything else dropped, lower case. `Why
    Linkerd doesn't use Envoy` is `why-linkerd-doesnt-use-envoy`, where
    briefgen's own slug would have `doesn-t`: old URLs must be Hugo's."""
    out: list[str] = []
    space = False  # a space since the last character kept
    for i, ch in enumerate(text):
        kind = unicodedata.category(ch)
        if ch in "._-+~#@/\\" or kind[0] in "LM" or kind == "Nd" \
                or (ch == "%" and re.match(r"[0-9A-Fa-f]{2}", text[i + 1:i + 3])):
            if space and ch != "-":
                out.append("-")
            space = False
            out.append(ch)
        elif ch.isspace() and out and out[-1] != "-":
            space = True
    return "".join(out).lower()


def _unsafe(config: dict[str, Any]) -> bool:
    """Whether the site lets raw HTML through (markup.goldmark.renderer.unsafe)."""
    return _goldmark(config, "renderer", "unsafe") is True


def _author_names(config: dict[str, Any]) -> dict[str, str]:
    """Author handles and their names from the config's `[params.authors.ada]
    name = "Ada Lovelace"`, where themes look a post's `author = "ada"` up."""
    params = config.get("params")
    table = params.get("authors") if isinstance(params, dict) else None
    return {str(handle): str(value["name"]) for handle, value in table.items()
            if isinstance(value, dict) and isinstance(value.get("name"), str)} \
        if isinstance(table, dict) else {}


def _author_files(src: Path, config: dict[str, Any]) -> dict[str, str]:
    """Author handles and their names where Hugo sites keep them in files:
    `data/authors.yaml` (`william: {name: William Morgan}`, or .yml, .toml,
    .json), and the authors' term pages, `content/authors/<handle>/_index.md`
    with a `title` (or `name`, `display_name`)."""
    found: dict[str, str] = {}
    data = src / str(config.get("datadir") or "data")
    for name in ("authors.yaml", "authors.yml", "authors.json", "authors.toml"):
        # Unreadable, it names no one: the posts keep their handles, as written.
        table = read_config(data / name, Report(), name) if (data / name).is_file() else None
        if isinstance(table, dict):
            found.update({str(handle): str(_display(value)) for handle, value in table.items()
                          if isinstance(value, dict) and _display(value)})
    for term, front in _term_pages(src, config, "authors"):
        if _display(front):
            found[term] = str(_display(front))
    return found


def _term_titles(src: Path, config: dict[str, Any]) -> dict[str, str]:
    """The titles the term pages of the site's taxonomies other than authors
    give their terms (`content/topics/mobile/_index.md` with `title:
    Mobile`), by folder name: a post's `topics: [mobile]` names the term Mobile."""
    taxonomies = config.get("taxonomies")
    folders = [str(v) for k, v in taxonomies.items() if str(k).lower() not in ("author", "authors")] \
        if isinstance(taxonomies, dict) else ["tags", "categories"]
    found: dict[str, str] = {}
    for folder in folders:
        for term, front in _term_pages(src, config, folder):
            title = front.get("title")
            if isinstance(title, str) and title.strip():
                found.setdefault(term, title.strip())
    return found


def _term_pages(src: Path, config: dict[str, Any], folder: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(term, front matter) of each term page of the taxonomy FOLDER
    (`content/topics/mobile/_index.md`); an unreadable one is passed over."""
    terms = src / str(config.get("contentdir") or "content") / folder
    for page in sorted(terms.glob("*/_index.md")) if terms.is_dir() else ():
        try:
            yield page.parent.name, read_front(page, page.relative_to(src).as_posix())[0].plain()
        except BriefgenError:
            continue


def _display(values: dict[Any, Any]) -> Any:
    """The name a table of an author's values shows them by, or None."""
    lowered = {str(k).lower(): v for k, v in values.items()}
    return next((lowered[k] for k in ("name", "display_name", "title")
                 if isinstance(lowered.get(k), str) and lowered[k].strip()), None)


def _goldmark(config: dict[str, Any], *keys: str) -> Any:
    """The value of markup.goldmark.KEYS in the config (keys in any letter case), or None."""
    node: Any = config.get("markup")
    for key in ("goldmark", *keys):
        node = {str(k).lower(): v for k, v in node.items()}.get(key.lower()) \
            if isinstance(node, dict) else None
    return node
