"""`briefgen import hugo|jekyll|zola`: fixture sites in each format, imported,
checked and built end to end; the source is never written to, and a target
that is not the import's own is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run, build, run_cli, snapshot, write_site

SITES = Path(__file__).parent / "sites"
REQUIRED = os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1"


def imported(kind: str, tmp_path: Path) -> tuple[Path, list[str]]:
    """Import the fixture site of KIND into tmp_path/site; return it and the report lines."""
    result = run_cli("import", kind, SITES / f"import-{kind}", "-o", tmp_path / "site")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return tmp_path / "site", result.out.splitlines()


def import_files(kind: str, tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Path, Run]:
    """Write FILES as a KIND site in tmp_path/src and import it into
    tmp_path/site, which must succeed; return the site and the run."""
    src = write_site(tmp_path / "src", files, site_yaml=False)
    result = run_cli("import", kind, src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return tmp_path / "site", result


def item(site: Path, rel: str) -> tuple[dict[str, object], str]:
    """The front matter and body of the item at content/articles/REL."""
    text = (site / "content/articles" / rel).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def checked_and_built(site: Path, tmp_path: Path, *args: str) -> Path:
    """Run check (no errors) and build into tmp_path/public; return the output."""
    result = run_cli("check", site)
    assert result.code == 0, result.err
    build(site, "-o", tmp_path / "public", *args)
    return tmp_path / "public"


def test_hugo_site(tmp_path: Path) -> None:
    site, report = imported("hugo", tmp_path)
    front, body = item(site, "posts/geneva-talks/index.md")
    assert front["title"] == "Envoys meet in Geneva for a second round"
    assert front["date"] == "2022-01-10T09:30:00+01:00"
    assert front["updated"] == "2022-01-11T08:00:00+01:00"
    assert front["slug"] == "geneva-round-two"
    assert front["summary"].startswith("Delegations sat down")
    assert front["topics"] == ["Diplomacy", "Arms control", "Geneva"]
    assert front["authors"] == ["Ada Editor"]
    assert front["aliases"] == ["/old/geneva-talks/", "/posts/geneva-second-round",
                                "/2022/01/geneva-round-two/"]
    assert front["layout"] == "wide" and front["toc"] is True
    assert "![The negotiating table](table.png)\n*The negotiating table*" in body
    assert "[here](/articles/sanctions-note/)" in body  # ref to the other post
    assert "` {{< alert >}} `" in body and "Times are local to Geneva." in body
    assert '```go\n{{< figure src="x.png" >}}\n```' in body  # Hugo's escaped shortcode, in code
    assert (site / "content/articles/posts/geneva-talks/table.png").read_bytes() == \
        (SITES / "import-hugo/content/posts/geneva-talks/table.png").read_bytes()
    assert not (site / "content/articles/posts/geneva-talks/notes.md").exists()
    draft, body = item(site, "posts/2022/sanctions-note.md")
    assert draft["draft"] is True and draft["series"] == "Morning Brief"
    assert draft["summary"] == "What the draft package covers, and what it leaves out."
    assert draft["image"] == "/media/images/map.png"
    assert "![Map of the region](/media/images/map.png)" in body
    assert "[Youtube video](https://www.youtube.com/watch?v=abc123XYZ)" in body
    assert draft["Weight"] == 3
    assert draft["imported_autolink"] == "sometimes"  # a value briefgen refuses, kept aside
    assert (site / "content/media/images/map.png").is_file()
    assert yaml.safe_load((site / "site.yaml").read_text()) == {
        "title": "Morning Security Brief", "base_url": "https://briefing.example.org/",
        "timezone": "Europe/Berlin", "autolink": False, "markdown": {"html": True}}
    assert report == [
        "site.yaml: markdown.html: true in site.yaml: raw HTML in posts is kept, cleaned (Hugo's "
        "Goldmark leaves it out unless markup.goldmark.renderer.unsafe is set; Hugo before 0.60 "
        "showed it); set it to false to show such HTML as text",
        "skipped: layouts/ (templates; briefgen has its own theme and templates/)",
        "site.yaml: autolink: false in site.yaml: the posts' tags are topics now, and linking the "
        "first mention of each in every body would link common words; set it to true once your "
        "topics are names",
        "content/posts/2022/sanctions-note.md:7: series: only the first of 2 kept ('Morning Brief')",
        "content/posts/2022/sanctions-note.md:10: autolink: expected true or false, got "
        "'sometimes'; kept as imported_autolink",
        "content/posts/geneva-talks/index.md:18: shortcode 'alert' has no briefgen equivalent; "
        "kept as code text: {{< alert >}}",
        "content/posts/geneva-talks/index.md:20: closing shortcode 'alert' has no briefgen "
        "equivalent; kept as code text: {{< /alert >}}",
        "content/posts/geneva-talks/notes.md: skipped: a Markdown file inside a page bundle "
        "(briefgen would read it as an item)",
        "content/posts/2022/sanctions-note.md:9: Weight: not a field briefgen reads; kept as an "
        "extra field",
        "content/posts/geneva-talks/index.md:11: layout: not a field briefgen reads; kept as an "
        "extra field",
    ]
    assert (site / "content/pages/about.md").read_text() == \
        "---\ntitle: About this brief\nslug: about\n---\nWho writes the brief.\n"
    public = checked_and_built(site, tmp_path)
    assert (public / "about/index.html").is_file()
    page = (public / "articles/geneva-round-two/index.html").read_text(encoding="utf-8")
    assert "Envoys meet in Geneva" in page and 'src="/articles/geneva-round-two/table.png"' in page
    assert (public / "articles/geneva-round-two/table.png").is_file()  # the bundle's, beside its page
    assert (public / "topics/arms-control/index.html").is_file()
    assert not (public / "articles/sanctions-note").exists()  # a draft
    assert (public / "media/images/map.png").is_file()


def test_a_multilingual_hugo_site_brings_its_default_language(tmp_path: Path) -> None:
    """Hugo names translations `post.es.md`, `index.es.md` and `_index.es.md`: the
    default language's posts come in (a bundle whose index is `index.en.md`
    with its files), each other language's are reported, and no section list
    page becomes an item."""
    src = tmp_path / "src"
    files = {
        "hugo.toml": 'title = "Brief"\ndefaultContentLanguage = "en"\n'
                     '[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n',
        "content/posts/_index.md": "---\ntitle: Posts\n---\n",
        "content/posts/_index.es.md": "---\ntitle: Entradas\n---\n",
        "content/posts/news.en.md": "---\ntitle: News\ndate: 2024-01-02\n---\nThe news.\n",
        "content/posts/news.es.md": "---\ntitle: Noticias\ndate: 2024-01-02\n---\nLas noticias.\n",
        "content/posts/trip/index.en.md": "---\ntitle: Trip\ndate: 2024-01-03\n---\n![Photo](photo.png)\n",
        "content/posts/trip/index.es.md": "---\ntitle: Viaje\ndate: 2024-01-03\n---\n![Foto](photo.png)\n",
        "content/posts/trip/photo.png": "png",
    }
    write_site(src, files, site_yaml=False)
    result = run_cli("import", "hugo", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    site = tmp_path / "site"
    articles = sorted(p.relative_to(site / "content/articles").as_posix()
                      for p in (site / "content/articles").rglob("*") if p.is_file())
    assert articles == ["posts/news.en.md", "posts/trip/index.md", "posts/trip/photo.png"]
    assert item(site, "posts/news.en.md")[0]["slug"] == "news"
    assert item(site, "posts/trip/index.md")[0].get("slug", "trip") == "trip"
    assert "content/posts/news.es.md: skipped: a translation (es): briefgen imports the site's " \
        "default language, en" in result.out.splitlines()
    assert any(line.startswith("content/posts/trip/index.es.md: skipped")
               for line in result.out.splitlines())
    public = checked_and_built(site, tmp_path)
    assert (public / "articles/trip/photo.png").is_file()
    page = (public / "articles/trip/index.html").read_text(encoding="utf-8")
    assert 'src="/articles/trip/photo.png"' in page
    assert (public / "articles/news/index.html").is_file()


def test_a_hugo_site_with_a_content_folder_per_language_brings_the_default_one(
        tmp_path: Path) -> None:
    """`contentDir` per language: the default language's folder is content/
    (its top-level files pages, its posts at their URLs), and each other
    language's folder is one line of the report, not a second set of posts."""
    site, result = import_files("hugo", tmp_path, {
        "config/_default/hugo.toml": 'title = "Ex"\ndefaultContentLanguage = "en"\n'
                                     '[permalinks]\npost = "/:year/:month/:day/:slug/"\n',
        "config/_default/languages.en.toml": 'contentDir = "content/en"\nweight = 1\n',
        "config/_default/languages.de.toml": 'contentDir = "content/de"\nweight = 2\n',
        "content/en/about.md": "---\ntitle: About\n---\nUs.\n",
        "content/en/post/hello.md": "---\ntitle: Hello\ndate: 2021-03-04\n---\nHi.\n",
        "content/de/post/hello.md": "---\ntitle: Hallo\ndate: 2021-03-04\n---\nHallo.\n",
        "content/de/post/neu.md": "---\ntitle: Neu\ndate: 2021-03-05\n---\nNeu.\n",
    })
    articles = sorted(p.relative_to(site / "content/articles").as_posix()
                      for p in (site / "content/articles").rglob("*.md"))
    assert articles == ["post/hello.md"]
    front, _ = item(site, "post/hello.md")
    assert front["slug"] == "hello" and front["aliases"] == ["/2021/03/04/hello/"]
    assert (site / "content/pages/about.md").is_file()
    assert "content/de: 2 Markdown files left out: translations into 'de'; briefgen imports the " \
        "site's default language, en" in result.out.splitlines()
    checked_and_built(site, tmp_path)


@pytest.mark.parametrize("filename_dates", [False, True])
def test_a_date_in_a_hugo_file_name_is_the_posts_only_where_the_config_says(
        tmp_path: Path, filename_dates: bool) -> None:
    """`2023-03-01-orientation.md` is the page /events/2023-03-01-orientation/ in
    Hugo, unless [frontmatter] takes dates from file names: then it is
    /events/orientation/, and a second year's post clashes there in Hugo too."""
    src = tmp_path / "src"
    dates = '[frontmatter]\ndate = [":filename", ":default"]\n' if filename_dates else ""
    posts = {f"content/events/{day}-orientation.md": f"---\ntitle: Orientation\ndate: {day}\n---\nA.\n"
             for day in ("2023-03-01", "2024-02-15")}
    write_site(src, {"hugo.toml": 'title = "Brief"\n' + dates, **posts}, site_yaml=False)
    result = run_cli("import", "hugo", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    front = item(tmp_path / "site", "events/2023-03-01-orientation.md")[0]
    if filename_dates:
        assert front.get("slug", "orientation") == "orientation"
    else:
        assert front["slug"] == "2023-03-01-orientation"
        assert "/events/2023-03-01-orientation/" in front["aliases"]
        checked_and_built(tmp_path / "site", tmp_path)


def test_two_posts_with_one_old_url_give_it_to_the_first(tmp_path: Path) -> None:
    """A post written twice under two file names with one slug: the second gets a
    slug of its own and loses the old URL (reported), so the site builds."""
    src = tmp_path / "src"
    post = "---\ntitle: Meetup\nslug: meetup\ndate: 2025-11-2{}\n---\nText.\n"
    write_site(src, {"hugo.toml": 'title = "Brief"\n', "content/events/a.md": post.format(4),
                     "content/events/b.md": post.format(5)}, site_yaml=False)
    result = run_cli("import", "hugo", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    assert item(tmp_path / "site", "events/a.md")[0]["aliases"] == ["/events/meetup/"]
    assert "aliases" not in item(tmp_path / "site", "events/b.md")[0]
    assert "content/events/b.md:1: old URL /events/meetup/ is also content/events/a.md's; only that " \
        "item keeps it" in result.out.splitlines()
    checked_and_built(tmp_path / "site", tmp_path)


def test_hugo_content_hugo_gives_no_page_is_reported_not_imported_empty(tmp_path: Path) -> None:
    """A headless bundle (images other pages' templates use) and a post built
    with `render: never` have no page on the Hugo site: they come in as no
    item, rather than as an empty one, and the report says why."""
    src = tmp_path / "src"
    write_site(src, {
        "hugo.toml": 'title = "Brief"\n',
        "content/posts/kept.md": "---\ntitle: Kept\ndate: 2024-05-01\n---\nText.\n",
        "content/gallery/index.md": "---\nheadless: true\n---\n",
        "content/gallery/one.jpg": b"jpeg",
        "content/posts/hidden.md": "+++\ntitle = 'Hidden'\n[_build]\nrender = 'never'\n+++\nText.\n",
        "content/posts/unlisted.md": "---\ntitle: Unlisted\ndate: 2024-05-02\n"
                                     "build: {list: never}\n---\nText.\n",
    }, site_yaml=False)
    result = run_cli("import", "hugo", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    articles = sorted(p.relative_to(tmp_path / "site/content/articles").as_posix()
                      for p in (tmp_path / "site/content/articles").rglob("*") if p.is_file())
    assert articles == ["posts/kept.md", "posts/unlisted.md"]
    lines = result.out.splitlines()
    assert "content/gallery/index.md: skipped: headless: true: Hugo publishes no page for it, and " \
        "this bundle's files are its templates' to use" in lines
    assert "content/posts/hidden.md: skipped: _build: render: never: Hugo publishes no page for " \
        "it" in lines
    checked_and_built(tmp_path / "site", tmp_path)


def test_a_post_left_out_takes_no_slug_or_old_url(tmp_path: Path) -> None:
    """A file left out (no date) is left out before slugs and old URLs are
    given: the post that comes in keeps its own slug, and a link to the
    left-out file's URL stays as written (for check to report) rather than
    pointing at an item it never became."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "Brief"\n',
        "content/docs/install.md": "---\ntitle: Install\n---\nHow to install.\n",
        "content/posts/install.md": "---\ntitle: Install\ndate: 2020-01-01\n---\nOlder.\n",
        "content/posts/news.md": "---\ntitle: News\ndate: 2020-02-02\n---\nRead [it](/docs/install/).\n",
    })
    assert item(site, "posts/install.md")[0]["slug"] == "install"
    assert not [line for line in result.out.splitlines() if "is taken" in line]
    assert "Read [it](/docs/install/)." in item(site, "posts/news.md")[1]
    assert "content/docs/install.md:1: skipped: no date in front matter, file name or path" \
        in result.out.splitlines()


def test_hugo_permalink_tokens_make_the_urls_hugo_made(tmp_path: Path) -> None:
    """`:slug` without a slug is the title, and `:title` the title, made a
    path as Hugo makes one (an apostrophe dropped, not a hyphen), so the
    old URLs redirect and links to them are rewritten."""
    site, _result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "Brief"\n[permalinks]\nposts = "/:year/:month/:day/:slug/"\n'
                     'notes = "/notes/:title/"\n',
        "content/posts/0102-why.md": "---\ntitle: Why Linkerd doesn't use Envoy\n"
                                     "date: 2020-12-03\n---\nText.\n",
        "content/posts/set.md": "---\ntitle: Set\nslug: Own Slug\ndate: 2020-12-04\n---\n"
                                "See [why](/2020/12/03/why-linkerd-doesnt-use-envoy/).\n",
        "content/notes/n.md": "---\ntitle: 'C++ & Rust: a tale'\ndate: 2020-12-05\n---\nText.\n",
    })
    assert item(site, "posts/0102-why.md")[0]["aliases"] == ["/2020/12/03/why-linkerd-doesnt-use-envoy/"]
    front, body = item(site, "posts/set.md")
    assert front["aliases"] == ["/2020/12/04/own-slug/"]
    assert "See [why](/articles/0102-why/)." in body
    assert item(site, "notes/n.md")[0]["aliases"] == ["/notes/c++-rust-a-tale/"]


def test_a_section_of_undated_files_is_one_line_of_the_report(tmp_path: Path) -> None:
    """Documentation kept beside the posts has no dates: each file is left
    out, a few listed one by one, a whole section in one line."""
    files = {"hugo.toml": 'title = "Brief"\n',
             "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n",
             "content/posts/undated.md": "---\ntitle: U\n---\nU.\n"}
    files |= {f"content/docs/tasks/t{n}.md": f"---\ntitle: T{n}\n---\nDo {n}.\n" for n in range(6)}
    result = run_cli("import", "hugo", write_site(tmp_path / "src", files, site_yaml=False),
                     "-o", tmp_path / "site")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if "no date" in line]
    assert lines == [
        "content/docs/: skipped 6 files: no date in front matter, file name or path "
        "(content/docs/tasks/t0.md, content/docs/tasks/t1.md, ...)",
        "content/posts/undated.md:1: skipped: no date in front matter, file name or path"]
    assert "7 skipped" in result.err


def test_hugo_authors_kept_under_params(tmp_path: Path) -> None:
    """Hugo 0.123 asks for fields it does not know under `params`: an author
    there is the item's author, as one at the top would be."""
    site, _result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "Brief"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nparams:\n  author: Ada Editor\n---\nA.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\nparams:\n  authors: [Bo, Cy]\n---\nB.\n",
    })
    assert item(site, "posts/a.md")[0]["authors"] == ["Ada Editor"]
    assert item(site, "posts/b.md")[0]["authors"] == ["Bo", "Cy"]


def test_hugo_config_folder_and_pages_in_other_formats(tmp_path: Path) -> None:
    """config/_default/ as Hugo merges it (markup.toml is the markup table,
    languages.en.toml the English settings); an .html page is reported, not
    copied as if it were a static file."""
    src = tmp_path / "src"
    shutil.copytree(SITES / "import-hugo", src)
    (src / "hugo.toml").unlink()
    (src / "config/_default").mkdir(parents=True)
    (src / "config/_default/hugo.toml").write_text('baseURL = "https://brief.example.org/"\n')
    (src / "config/_default/languages.en.toml").write_text('title = "English Brief"\n')
    (src / "config/_default/markup.toml").write_text("[goldmark.renderer]\nunsafe = true\n")
    (src / "content/posts/legacy.html").write_text("---\ntitle: Old page\n---\n<p>Old.</p>\n")
    result = run_cli("import", "hugo", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    assert yaml.safe_load((tmp_path / "site/site.yaml").read_text()) == {
        "title": "English Brief", "base_url": "https://brief.example.org/",
        "markdown": {"html": True}, "autolink": False}
    assert "content/posts/legacy.html: skipped: a .html page (briefgen reads Markdown only)" \
        in result.out.splitlines()
    assert not list((tmp_path / "site").rglob("legacy*"))


def test_what_real_hugo_sites_write_about_urls_authors_and_code(tmp_path: Path) -> None:
    """A highlight shortcode on one line; uglyURLs; author names kept in data
    files and term pages; refs to taxonomy terms; an expiry before the date;
    buildFuture; footnote links written by hand; a heading with emphasis."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "H"\nbaseURL = "https://h.example.org/"\nbuildFuture = true\n'
                     '[uglyURLs]\nposts = true\n[taxonomies]\ntopic = "topics"\nauthor = "authors"\n',
        "data/authors.yaml": "william: {name: William Morgan}\n",
        "content/authors/jdoe/_index.md": "---\ntitle: Jane Doe\n---\n",
        "content/posts/one.md": (
            "---\ntitle: One\ndate: 2024-01-02\nparams: {author: william}\n---\n"
            "{{< highlight go >}}x := 1{{< /highlight >}}\n\n"
            "After the code, {{< highlight sh >}}ls{{< /highlight >}} text.[^1] See [the note](#fn:1).\n\n"
            "## So why _do_ meshes use it?\n\n## Blocking &amp; Non-Blocking\n\n"
            '[Mobile]({{< ref "/topics/mobile" >}}) [Jane]({{< ref "/authors/jdoe" >}})\n\n'
            "[^1]: The note.\n"),
        "content/posts/two.md": "---\ntitle: Two\ndate: 2024-01-03\nauthors: [jdoe]\n"
                                "topics: [mobile, other]\nimage: /img/two.png\n"
                                "image-alt: A chart of the vote\n---\nx\n",
        "static/img/two.png": b"\x89PNG\r\n\x1a\n",
        "content/topics/mobile/_index.md": "---\ntitle: Mobile Devices\n---\n",
        "content/posts/gone.md": "---\ntitle: Gone\ndate: 2021-08-24 10:00:00 -0500\n"
                                 "expirydate: 2021-08-24\n---\nx\n",
    })
    front, body = item(site, "posts/one.md")
    assert front["authors"] == ["William Morgan"]
    assert item(site, "posts/two.md")[0]["authors"] == ["Jane Doe"]
    assert item(site, "posts/two.md")[0]["topics"] == ["Mobile Devices", "other"]
    assert item(site, "posts/two.md")[0]["image"] == {"src": "/media/img/two.png",
                                                      "alt": "A chart of the vote"}
    assert front["aliases"] == ["/posts/one.html"]
    assert "```go\nx := 1\n```\n\nAfter the code, ` ls ` text." in body
    assert "[the note](#fn1)" in body
    assert "## So why _do_ meshes use it?\n" in body  # briefgen's id is Goldmark's: no {#id}
    assert "## Blocking &amp; Non-Blocking {#blocking-amp-non-blocking}" in body  # Goldmark's, as written
    assert "[Mobile](/topics/mobile/) [Jane](/authors/jdoe/)" in body
    gone, _ = item(site, "posts/gone.md")
    assert gone["draft"] is True and "expiry_date" not in gone
    report = result.out.splitlines()
    assert "buildfuture: true: briefgen holds back items dated after the build's time; build " \
           "with --future to publish them as Hugo did" in report
    assert "content/posts/gone.md:4: expiry_date: '2021-08-24' is not after the post's date, so " \
           "Hugo never published it: imported as a draft" in report
    assert not [line for line in report if "highlight" in line]
    out = checked_and_built(site, tmp_path)
    page = (out / "articles/one/index.html").read_text(encoding="utf-8")
    assert '<h2 id="so-why-do-meshes-use-it"' in page and "{#" not in page
    assert 'href="#fn1"' in page and 'id="fn1"' in page


def test_bylines_written_as_sentences_and_head_tags_in_posts(tmp_path: Path) -> None:
    """`author: Josh Aas and Sarah Gran` names two people and `Josh Aas, ISRG
    Executive Director` one (each said); a line of <meta> tags in a post's
    text, which showed nothing, is taken out, counted once for the site."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "H"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\nauthor: Josh Aas and Sarah Gran\n---\n"
                              '<meta name="description" content="A">\n\nText.\n',
        "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-03\nauthor: Josh Aas, ISRG Executive "
                              "Director\n---\n<meta property=\"og:title\" content=\"B\">\nText.\n",
        "content/posts/d.md": "---\ntitle: D\ndate: 2024-01-05\nauthor: Eric Roe, Health Canada\n---\nx\n",
        "content/posts/e.md": "---\ntitle: E\ndate: 2024-01-06\nauthor: Red Hat and SUSE\n---\nx\n",
        "content/posts/c.md": "---\ntitle: C\ndate: 2024-01-04\nauthor: The Flux Team\n---\n"
                              "```html\n<meta charset=\"utf-8\">\n```\n",
    })
    # A team, a company, a name and its place: kept whole, as no list of people is sure.
    bylines = {"a": ["Josh Aas", "Sarah Gran"], "b": ["Josh Aas"], "c": ["The Flux Team"],
               "d": ["Eric Roe, Health Canada"], "e": ["Red Hat and SUSE"]}
    assert {name: item(site, f"posts/{name}.md")[0]["authors"] for name in bylines} == bylines
    assert "<meta" not in item(site, "posts/a.md")[1] + item(site, "posts/b.md")[1]
    assert '<meta charset="utf-8">' in item(site, "posts/c.md")[1]  # code is text
    report = result.out.splitlines()
    assert "content/posts/a.md:4: author 'Josh Aas and Sarah Gran' read as 'Josh Aas', " \
           "'Sarah Gran'" in report
    assert "content/posts/b.md:4: author 'Josh Aas, ISRG Executive Director' read as 'Josh Aas' " \
           "(the rest is a title)" in report
    assert "<meta> and <link> tags taken out of the text of 2 posts (content/posts/a.md, ...): " \
           "they belong in a page's head, and showed nothing on the old site" in report
    checked_and_built(site, tmp_path)


def test_hugo_config_in_subfolders_of_the_config_folder(tmp_path: Path) -> None:
    """`config/_default/module/module.yaml` (Docsy sites keep their mounts
    there) is read as `module.yaml` beside `hugo.toml` is."""
    site, _ = import_files("hugo", tmp_path, {
        "config/_default/hugo.toml": 'title = "Falcon"\nbaseURL = "https://falcon.example.org/"\n',
        "config/_default/module/module.yaml": "mounts:\n  - source: content/en\n    target: content\n",
        "content/en/blog/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nx\n",
    })
    assert item(site, "blog/a.md")[0]["aliases"] == ["/blog/a/"]
    assert yaml.safe_load((site / "site.yaml").read_text())["title"] == "Falcon"


def test_heading_ids_made_as_blackfriday_and_zola_made_them(tmp_path: Path) -> None:
    """Hugo's `autoHeadingIDType = "blackfriday"` and Zola's ids (long ones
    whole, which briefgen would shorten) are kept as `{#id}`, so links to them work."""
    site, _ = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "H"\n[markup.goldmark.parser]\nautoHeadingIDType = "blackfriday"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nSee [Élise](#élise-s-notes).\n\n"
                              "## Élise's notes\n",
    })
    assert "## Élise's notes {#élise-s-notes}" in item(site, "posts/a.md")[1]  # GitHub's: élises-notes
    long = "Compiletest now trims whitespace from the env var name passed to unset-exec-rustc-env directives"
    zola, _ = import_files("zola", tmp_path / "z", {
        "config.toml": 'title = "Z"\nbase_url = "https://z.example.org"\n',
        "content/blog/a.md": f'+++\ntitle = "A"\ndate = 2024-01-02\n+++\n## {long}\n',
    })
    assert "{#compiletest-now-trims-whitespace-from-the-env-var-name-passed-to-unset-exec-rustc-env-" \
           "directives}" in item(zola, "blog/a.md")[1]
    out = checked_and_built(zola, tmp_path / "z")
    assert 'id="compiletest-now-trims-whitespace-from-the-env-var-name-passed-to-unset-exec-rustc-env-' \
           'directives"' in (out / "articles/a/index.html").read_text(encoding="utf-8")


def test_hugo_settings_under_the_default_language(tmp_path: Path) -> None:
    """`[languages.en]` gives the site its title, baseURL and permalinks, over the top's."""
    site, _ = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "Blog"\n[languages.en]\ntitle = "Digital Canada"\n'
                     'baseURL = "https://digital.example.ca/"\n'
                     '[languages.en.permalinks]\nblog = "/:year/:month/:day/:filename/"\n',
        "content/blog/hello.md": "---\ntitle: Hello\ndate: 2020-01-02\n---\nHi.\n",
    })
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Digital Canada" and config["base_url"] == "https://digital.example.ca/"
    assert item(site, "blog/hello.md")[0]["aliases"] == ["/2020/01/02/hello/"]


def test_jekyll_site(tmp_path: Path) -> None:
    site, report = imported("jekyll", tmp_path)
    front, body = item(site, "2022/01/ministers-waiting.md")
    assert front["date"] == "2022-01-18 11:10:38 +0300"
    assert front["slug"] == "ministers-waiting"
    assert front["topics"] == ["diplomacy", "security", "NATO"]  # `categories: a b` is two
    assert front["authors"] == ["Ada Editor"]
    assert front["aliases"] == ["/2022/01/18/waiting.html",
                                "/diplomacy/security/2022/01/18/ministers-waiting/"]
    assert front["imported_sumary"] == "a typo of summary"  # never read as a misspelt summary
    assert "![Chart of the week](/media/assets/chart.png)" in body
    assert "[follow-up](/articles/kyiv-visit/)" in body
    assert "[source code](https://example.org/digest-source)" in body
    assert '```python\nprint("{{ page.title }}")\n```' in body
    assert "` {% include signup.html %} `" in body
    assert "Literal {{ braces }} stay." in body
    assert "Last week's [notes](/articles/briefing-notes/)." in body  # post_url into a folder
    notes, body = item(site, "2022/01/briefing-notes.md")
    assert notes["updated"] == "2022-01-18T08:00:00+03:00"  # last_modified_at
    assert "image" not in notes and "imported_image" not in notes  # `image:` left empty
    assert "[Youtube video](https://www.youtube.com/watch?v=abc123XYZ)" in body
    assert "topics" not in notes  # a folder inside _posts/ is no category
    visit, _ = item(site, "2022/01/kyiv-visit.md")
    assert visit["date"] == "2022-01-19"  # from the file name
    assert visit["topics"] == ["news"]  # news/_posts/
    assert visit["summary"] == "A short visit with a long agenda."
    draft, _ = item(site, "2022/01/geneva-preview.md")
    assert draft["draft"] is True and draft["topics"] == ["Geneva"]
    assert not list(site.rglob("not-a-post*"))
    assert "_posts/not-a-post.md: skipped: not named YYYY-MM-DD-title (Jekyll does not publish " \
           "it either)" in report
    assert "_posts/2022-01-18-ministers-waiting.md:23: Liquid tag 'include' has no briefgen " \
           "equivalent; kept as code text: {% include signup.html %}" in report
    assert "_posts/2022-01-18-ministers-waiting.md:10: sumary: not a key briefgen reads (did you " \
           "mean 'summary'?); kept as imported_sumary" in report
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["timezone"] == "Europe/Moscow" and config["markdown"] == {"html": True}
    assert yaml.safe_load((site / "content/pages/about-us.md").read_text().split("---")[1]) == {
        "title": "About the digest", "slug": "about-us", "layout": "page"}
    assert not (site / "content/pages/index.md").exists()  # briefgen makes its own home page
    public = checked_and_built(site, tmp_path, "--drafts")
    assert (public / "about-us/index.html").is_file()
    assert (public / "articles/geneva-preview/index.html").is_file()
    assert (public / "topics/nato/index.html").is_file()
    assert (public / "media/assets/chart.png").is_file()


def test_a_jekyll_site_kept_in_a_subfolder(tmp_path: Path) -> None:
    """`source:` names the folder Jekyll builds from; one that a build step
    makes (and so is missing) falls back to where _layouts/ is. Either way the
    folder's own name is no category, and assets/ is found there."""
    src = tmp_path / "blog"
    shutil.copytree(SITES / "import-jekyll", src / "src")
    (src / "_config.yml").write_text("title: Wrapped\nsource: .tmp/src\n")
    result = run_cli("import", "jekyll", src, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    front, _ = item(tmp_path / "site", "2022/01/ministers-waiting.md")
    assert front["topics"] == ["diplomacy", "security", "NATO"]
    assert item(tmp_path / "site", "2022/01/kyiv-visit.md")[0]["topics"] == ["news"]
    assert (tmp_path / "site/content/media/assets/chart.png").is_file()


def test_a_jekyll_site_brings_every_file_jekyll_publishes(tmp_path: Path) -> None:
    """Jekyll copies every file without front matter outside `_` folders, so
    images kept in resources/ are the site's as much as assets/' are: copied,
    with links to them rewritten. Its excludes, the project's own files at
    the top and files Jekyll renders stay out, each said; a link to a file
    the source does not have is reported rather than left to break. A
    Markdown page in a folder is a page, and links to its old URL follow it."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: Lang blog\nexclude: [notes, 'drafts-*']\n",
        "_posts/2022-01-18-release.md": "---\ntitle: Release\n---\n"
            "![graph](/resources/img/graph.png) and [paper](/resources/papers/p.pdf).\n\n"
            "![gone](/resources/img/missing.png) See the [award](/community/award.html).\n",
        "community/award.md": "---\ntitle: The community award\n---\nGiven yearly.\n",
        "blog/index.md": "---\nlayout: blog-list\n---\n",
        "resources/img/graph.png": b"\x89PNG\r\n\x1a\nfake",
        "resources/papers/p.pdf": b"%PDF-1.4 fake",
        "resources/css/site.scss": "---\n---\nbody { color: red; }\n",
        "resources/_private/x.png": b"png",
        "notes/todo.png": b"png",
        "drafts-old/a.png": b"png",
        "node_modules/pkg/logo.png": b"png",
        "favicon.ico": b"ico",
        "Gemfile": "source 'https://rubygems.org'\n",
        "README.md": "# The blog's repository\n",
        "feed.xml": "---\nlayout: null\n---\n<feed></feed>\n",
    })
    _, body = item(site, "2022/01/release.md")
    assert "![graph](/media/resources/img/graph.png)" in body
    assert "[paper](/media/resources/papers/p.pdf)" in body
    assert "[award](/award/)" in body
    assert (site / "content/pages/award.md").is_file()
    media = sorted(p.relative_to(site / "content/media").as_posix()
                   for p in (site / "content/media").rglob("*") if p.is_file())
    assert media == ["favicon.ico", "resources/img/graph.png", "resources/papers/p.pdf"]
    lines = result.out.splitlines()
    assert "resources/css/site.scss: skipped: a file Jekyll renders through its templates (it " \
        "has front matter); briefgen copies files as they are" in lines
    assert "feed.xml: skipped: a file Jekyll renders through its templates (it has front " \
        "matter); briefgen copies files as they are" in lines
    assert "blog/index.md: skipped: a file Jekyll renders through its templates (it has front " \
        "matter); briefgen copies files as they are" in lines
    assert "not copied: 1 file at the top of the site that is not media (README.md)" in lines
    assert "_posts/2022-01-18-release.md:6: /resources/img/missing.png: no file of the source " \
        "site has this URL (the import copies the files the site publishes); left as " \
        "written" in lines
    public = checked_and_built(site, tmp_path)
    assert (public / "media/resources/img/graph.png").read_bytes().startswith(b"\x89PNG")
    assert (public / "award/index.html").is_file()
    assert 'src="/media/resources/img/graph.png"' in (
        public / "articles/release/index.html").read_text()


def test_jekyll_collections_and_liquid_in_link_addresses(tmp_path: Path) -> None:
    """A collection's documents are not imported, and the report says so; a
    Liquid tag that cannot be mapped inside a link's address is left as
    written (code there would break the link), and `"/x/" | relative_url`
    is the path, pointed at its new place."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: Ex\ncollections:\n  docs:\n    output: true\n",
        "_docs/history.md": "---\ntitle: History\n---\nOld times.\n",
        "_docs/usage.md": "---\ntitle: Usage\n---\nUse it.\n",
        "_posts/2023-01-29-release.md": "---\ntitle: Release\n---\n"
            "See [the notes]({% link _docs/history.md %}#v1), [docs]({{ '/about/' | relative_url }})"
            " and [the chart]({{ \"/assets/c.png\" | absolute_url }}).\n",
        "about.md": "---\ntitle: About\npermalink: /about/\n---\nUs.\n",
        "assets/c.png": b"png",
    })
    _, body = item(site, "2023/01/release.md")
    assert body.strip() == ("See [the notes]({% link _docs/history.md %}#v1), [docs](/about/) and "
                            "[the chart](/media/assets/c.png).")
    lines = result.out.splitlines()
    assert "_docs: 2 Markdown files left out: the documents of collection 'docs' (briefgen imports " \
        "posts and pages; copy the ones you want into content/pages/)" in lines
    assert "_posts/2023-01-29-release.md:4: Liquid tag 'link' to something not imported, in a " \
        "link's address: left as written (briefgen has no equivalent): {% link _docs/history.md %}" \
        in lines
    assert "2 skipped" in result.err


def test_jekyll_defaults_permalinks_and_one_word_keys(tmp_path: Path) -> None:
    """What `defaults:` gives posts is theirs where their front matter says
    nothing (scopes merged, the most specific last): its permalink is their
    old URL (a post's own permalink over it), so links
    between posts follow them; `category:` and `authors:` as text are one
    name each, where only `categories:` and `tags:` are split on spaces. A
    page that only redirects elsewhere is left out, said. An image every post
    shares there (a theme's social card) is not each item's image."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: R\npermalink: none\ndefaults:\n"
                       "  - scope: {path: '', type: posts}\n"
                       "    values: {permalink: '/blog/:year/:month/:day/:title/', image: /img/card.png}\n"
                       "  - scope: {path: _posts/news}\n"
                       "    values: {permalink: '/news/:title/', author: Desk}\n"
                       "  - scope: {path: '', type: pages}\n    values: {permalink: '/p/:title/'}\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\ncategory: Elixir in Production\n"
                                      "authors: Jane Doe\ntags: a b\n---\n"
                                      "See [other](/blog/2020/01/03/other/).\n",
        "_posts/2020-01-03-other.md": "---\ntitle: Other\n---\nHi.\n",
        "_posts/news/2020-01-04-flash.md": "---\ntitle: Flash\n---\nNews.\n",
        "_posts/2020-01-05-own.md": "---\ntitle: Own\npermalink: /own/\n---\nMine.\n",
        "getting-started/intro.markdown": "---\ntitle: Intro\nredirect_to: https://docs.example.org/\n"
                                          "---\n",
    })
    front, body = item(site, "2020/01/hello.md")
    assert front["aliases"] == ["/blog/2020/01/02/hello/"]
    assert front["topics"] == ["Elixir in Production", "a", "b"]
    assert front["authors"] == ["Jane Doe"]
    assert "See [other](/articles/other/)." in body
    assert "image" not in item(site, "2020/01/other.md")[0]
    assert "_config.yml: defaults: an image every post shares (a theme's social card) is not " \
        "made each item's image; a post's own `image:` still is" in result.out.splitlines()
    flash, _ = item(site, "2020/01/flash.md")
    assert flash["aliases"] == ["/news/flash/"] and flash["authors"] == ["Desk"]  # scopes merged
    assert item(site, "2020/01/own.md")[0]["aliases"] == ["/own/"]
    assert not (site / "content/pages/intro.md").exists()
    assert "getting-started/intro.markdown:3: skipped: a redirect to https://docs.example.org/ " \
        "(redirect_to), not a page of its own" in result.out.splitlines()


def test_jekyll_posts_sharing_a_name_dates_jekyll_reads_and_one_digit_names(tmp_path: Path) -> None:
    """Two posts of one month with one name each keep their own item (the
    second once overwrote the first); a name with a one-digit month or day
    is a post, as Jekyll publishes it; a date written with a one-digit day
    or hour is read, and dates the old URL as Jekyll did."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: R\npermalink: /:year/:month/:day/:title/\n",
        "_posts/2020-01-01-update.md": "---\ntitle: First update\n---\nOne.\n",
        "_posts/2020-01-15-update.md": "---\ntitle: Second update\n---\nTwo.\n",
        "_posts/2020-1-5-short.md": "---\ntitle: Short name\n---\nThree.\n",
        "_posts/2020-01-10-late.md": "---\ntitle: Late\ndate: 2020-01-12 9:00:00 +0000\n---\nFour.\n",
    })
    first, body = item(site, "2020/01/update.md")
    assert first["title"] == "First update" and body.strip() == "One."
    second, body = item(site, "2020/01/update-2.md")
    assert second["title"] == "Second update" and second["slug"] == "update-2"
    assert second["aliases"] == ["/2020/01/15/update/"]
    short, _ = item(site, "2020/01/short.md")
    assert short["date"] == "2020-01-05" and short["aliases"] == ["/2020/01/05/short/"]
    late, _ = item(site, "2020/01/late.md")
    assert late["date"] == "2020-01-12 09:00:00 +0000"
    assert late["aliases"] == ["/2020/01/12/late/"]
    assert "skipped" not in result.out
    public = checked_and_built(site, tmp_path)
    assert len(list((public / "articles").glob("*/index.html"))) == 4


def test_a_relative_link_written_for_the_old_url_follows_what_it_named(tmp_path: Path) -> None:
    """A link written relative to a post's old URL rather than its file (Zola's
    `path = "2024/10/01/b"`, reading another bundle's picture as
    `../../../../2024/05/07/a/pic.svg`) gets that file's new URL; a link to a
    file beside the post's file, or to nothing the import brings, is left as
    written (check says where one leads nowhere)."""
    site, _ = import_files("zola", tmp_path, {
        "config.toml": 'title = "Z"\nbase_url = "https://z.example.org"\n',
        "content/a/index.md": '+++\ntitle = "A"\ndate = 2024-05-07\npath = "2024/05/07/a"\n+++\n'
                              "![pic](pic.svg)\n",
        "content/a/pic.svg": "<svg/>",
        "content/b/index.md": '+++\ntitle = "B"\ndate = 2024-10-01\npath = "2024/10/01/b"\n+++\n'
                              "![same](../../../../2024/05/07/a/pic.svg) ![own](own.png) "
                              "[gone](../nothing/) [top](#top) [web](https://e.org/x)\n",
        "content/b/own.png": b"png",
    })
    assert item(site, "b/index.md")[1].strip() == (
        "![same](/articles/a/pic.svg) ![own](own.png) [gone](../nothing/) [top](#top) "
        "[web](https://e.org/x)")
    assert item(site, "a/index.md")[1].strip() == "![pic](pic.svg)"


def test_a_jekyll_category_with_spaces_stays_in_the_old_url_as_jekyll_wrote_it(tmp_path: Path) -> None:
    """Jekyll puts categories in URLs as written, spaces and all (it does not
    make them slugs), so the old URL has a space: no briefgen alias can be
    one, and the report says so rather than redirect a URL that never was."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: R\npermalink: /:categories/:year/:title/\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\ncategory: Big News\n---\nHi.\n",
    })
    front, _ = item(site, "2020/01/hello.md")
    assert "aliases" not in front and front["imported_aliases"] == ["/big news/2020/hello/"]
    assert "_posts/2020-01-02-hello.md: aliases: '/big news/2020/hello/' has the character ' '; use " \
        "letters, digits and + , - . = @ _ ~ between slashes; kept as imported_aliases" \
        in result.out.splitlines()


def test_zola_site(tmp_path: Path) -> None:
    site, report = imported("zola", tmp_path)
    front, body = item(site, "blog/2022-01-20-paris-format.md")
    assert front["date"] == "2022-01-20"  # from the file name
    assert front["slug"] == "paris-format"
    assert front["topics"] == ["Normandy format", "France"]
    assert front["authors"] == ["Ada Editor", "Ben Reporter"]
    assert front["aliases"] == ["/old/paris-format.html", "/blog/paris-format/"]
    assert "[Youtube video](https://www.youtube.com/watch?v=abc123XYZ)" in body
    assert "` {% note(kind=\"info\") %} `\nThe next round is in Berlin.\n` {% end %} `" in body
    assert "[here](/articles/geneva-wrap/)" in body and "[a file](/media/files/notes.txt)" in body
    wrap, body = item(site, "blog/geneva-wrap/index.md")
    assert wrap["draft"] is True and wrap["extra"] == {"mood": "calm"}
    assert "![The venue](venue.png)" in body
    assert (site / "content/articles/blog/geneva-wrap/venue.png").is_file()
    assert "content/blog/2022-01-20-paris-format.md:14: shortcode 'note' has no briefgen " \
           "equivalent; kept as code text: {% note(kind=\"info\") %}" in report
    assert "content/blog/geneva-wrap/index.md:6: extra: not a field briefgen reads; kept as an " \
           "extra field" in report
    public = checked_and_built(site, tmp_path)
    assert (public / "articles/paris-format/index.html").is_file()
    assert not (public / "articles/geneva-wrap").exists()
    assert (public / "media/files/notes.txt").read_text() == "Notes from the week.\n"


def test_a_second_import_into_its_own_site_replaces_its_files(tmp_path: Path) -> None:
    imported("zola", tmp_path)
    site, _ = imported("zola", tmp_path)
    assert run_cli("check", site).code == 0


@pytest.mark.parametrize("kind", ["hugo", "jekyll", "zola"])
def test_the_source_is_never_written(kind: str, tmp_path: Path) -> None:
    """The source made read-only (for root too: setpriv drops the capability
    that lets root write anyway), then compared byte for byte and by mtime."""
    src = tmp_path / "src"
    shutil.copytree(SITES / f"import-{kind}", src)
    before = snapshot(src)
    for path in [src, *src.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            if REQUIRED:
                pytest.fail("setpriv is needed to drop root's capabilities (BRIEFGEN_REQUIRE_TOOLS=1)")
            pytest.skip("setpriv (util-linux) is needed to drop root's capabilities")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner")
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "briefgen", "import", kind, str(src),
                               "-o", str(tmp_path / "site")], capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, proc.stderr
        assert snapshot(src) == before
        assert (tmp_path / "site/site.yaml").is_file()
    finally:
        for path in [src, *src.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_targets_that_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SITES / "import-hugo", src)
    inside = run_cli("import", "hugo", src, "-o", src / "out")
    assert inside.code == 1 and "must be outside the source site" in inside.err
    assert not (src / "out").exists()
    around = run_cli("import", "hugo", src, "-o", tmp_path)
    assert around.code == 1 and "must be outside the source site" in around.err
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine\n")
    refused = run_cli("import", "hugo", src, "-o", taken)
    assert refused.code == 1
    assert "not empty, and not a site made by briefgen import" in refused.err
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]
    assert "Traceback" not in refused.err
    missing = run_cli("import", "jekyll", tmp_path / "nowhere", "-o", tmp_path / "new")
    assert missing.code == 1 and "not a folder" in missing.err


def test_help_explains_both_forms() -> None:
    result = run_cli("import", "--help")
    assert result.code == 0
    assert "briefgen import hugo|jekyll|zola|pelican SRC -o SITE" in result.out
    assert "briefgen import feed FILE_OR_URL" in result.out


def test_kramdown_syntax_is_made_what_briefgen_has_or_taken_out_and_said(tmp_path: Path) -> None:
    """kramdown's attribute lists, extensions, tables of contents, definition
    lists and abbreviations would show as text: a heading id is kept as the
    heading's, a comment stays hidden, the rest is rewritten or taken out,
    and every change is in the report. A leading `{% assign %}` prints
    nothing, so it is not left to become the summary."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: K\n",
        "_posts/2021-03-01-k.md": "---\ntitle: K\n---\n"
                                  "{% assign release = site.data.r %}\n"
                                  "Opening paragraph.\n\n"
                                  "* TOC\n{:toc}\n\n"
                                  "## Custom\n{: #custom}\n\n"
                                  "![A](/assets/a.png){:width=\"100%\"}\n\n"
                                  "Para\n{: .note}\n\n"
                                  "Term\n: First meaning\n: Second meaning\n\n"
                                  "*[HTML]: HyperText Markup Language\n\n"
                                  "Visible {::comment}hidden remark{:/comment} text.\n\n"
                                  "    {: .kept} in indented code\n",
        "assets/a.png": b"\x89PNG\r\n\x1a\n",
    })
    front, body = item(site, "2021/03/k.md")
    assert front["toc"] is True
    assert "{:" not in body.replace("    {: .kept} in indented code", "")
    assert "{% assign" not in body
    assert "## Custom {#custom}" in body
    assert "![A](/media/assets/a.png)\n" in body
    assert "**Term**\\\nFirst meaning\\\nSecond meaning" in body
    assert "*[HTML]" not in body
    assert "Visible <!--hidden remark--> text." in body
    report = result.out.splitlines()
    where = "_posts/2021-03-01-k.md"
    assert f"{where}:4: Liquid tag 'assign' prints nothing; taken out: " \
           "{% assign release = site.data.r %}" in report
    assert f"{where}:8: kramdown's table of contents ({{:toc}}): the item gets toc: true" in report
    assert f"{where}:13: kramdown attributes {{:width=\"100%\"}}: briefgen does not apply them; " \
           "taken out" in report
    assert f"{where}:16: kramdown attributes {{: .note}}: briefgen does not apply them; taken out" \
           in report
    assert f"{where}:19: a definition list: briefgen writes each term in bold with its " \
           "definitions below it" in report
    assert f"{where}:22: an abbreviation (*[HTML]: HyperText Markup Language): briefgen has " \
           "none; taken out" in report
    public = checked_and_built(site, tmp_path)
    page = (public / "articles/k/index.html").read_text()
    assert 'id="custom"' in page and "hidden remark" not in page
    assert "<strong>Term</strong><br" in page
    assert "Opening paragraph." in page.split('name="description"')[1][:200]


def test_jekyll_author_handles_and_excerpt_separators(tmp_path: Path) -> None:
    """`author: tk` names a person of `_data/authors.yml`, and the item gets
    the name; an excerpt separator (the config's, or a post's own) becomes
    `<!--more-->`, where briefgen's excerpt ends as Jekyll's did."""
    site, _ = import_files("jekyll", tmp_path, {
        "_config.yml": "title: A\nexcerpt_separator: <!--cut-->\n",
        "_data/authors.yml": "tk:\n  name: Tia Kim\n  twitter: tk\n",
        "_posts/2021-03-01-a.md": "---\ntitle: A\nauthor: tk\n---\nFirst.\n\nSecond.\n<!--cut-->\nRest.\n",
        "_posts/2021-03-02-b.md": "---\ntitle: B\nauthor: Someone Else\nexcerpt_separator: ~~~~\n---\n"
                                  "One.\n\nTwo.\n\n~~~~\n\nThree.\n",
    })
    front, body = item(site, "2021/03/a.md")
    assert front["authors"] == ["Tia Kim"] and "<!--cut-->" not in body
    assert "Second.\n<!--more-->\nRest." in body
    other, body = item(site, "2021/03/b.md")
    assert other["authors"] == ["Someone Else"] and "excerpt_separator" not in other
    assert "Two.\n\n<!--more-->\n\nThree." in body
    public = checked_and_built(site, tmp_path)
    assert "Second." in (public / "index.html").read_text()  # the excerpt runs to the separator


def test_hugo_mounted_languages_links_figures_and_attributes(tmp_path: Path) -> None:
    """What real Hugo sites write: languages kept apart by module mounts,
    bare addresses Goldmark links, `{.class}` lines after blocks (block
    attributes on), a figure with a link and a credit, authors written as
    Markdown links, `param` and `comment`, a shortcode left in a link's
    address (which once stopped the build), and a section page with text."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "M"\ndefaultContentLanguage = "en"\n[params]\nversion = "1.2"\n'
                     '[languages.en]\n[languages.fr]\n'
                     '[markup.goldmark.parser.attribute]\nblock = true\n'
                     '[[module.mounts]]\nsource = "content/en"\ntarget = "content"\nlang = "en"\n'
                     '[[module.mounts]]\nsource = "content/fr"\ntarget = "content"\nlang = "fr"\n',
        "content/en/blog/hello.md": '---\ntitle: Hello\ndate: 2024-01-02\n'
                                    'author: "[Jane Roe](https://example.org/jr) (Acme), '
                                    '[John Doe](https://example.org/jd)"\n---\n'
                                    "See https://example.org/bare or desk@example.org, "
                                    "[the other](/blog/other/) and [v]({{< param version >}}).\n\n"
                                    "| a | b |\n|---|---|\n| 1 | 2 |\n{.wide}\n\n"
                                    '{{< figure src="/x.png" caption="The *route*" attr="Photo: J" '
                                    'attrlink="https://example.org/j" link="https://example.org/full" '
                                    'class="big" >}}\n\n'
                                    "{{< comment >}}Secret TODO{{< /comment >}}\n\n"
                                    '[gone]({{< relref "nosuch" >}})\n',
        "content/en/blog/other.md": "---\ntitle: Other\ndate: 2024-01-03\n---\nHi.\n",
        "content/en/about/_index.md": "---\ntitle: About\n---\n" + "We write about the region. " * 5,
        "content/fr/blog/hello.md": "---\ntitle: Bonjour\ndate: 2024-01-02\n---\nSalut.\n",
        "static/x.png": b"\x89PNG\r\n\x1a\n",
    })
    front, body = item(site, "blog/hello.md")
    assert front["aliases"] == ["/blog/hello/"]
    assert front["authors"] == ["Jane Roe", "John Doe"]
    assert "See <https://example.org/bare> or <desk@example.org>, [the other](/articles/other/) " \
           "and [v](1.2)." in body
    assert "{.wide}" not in body and "| 1 | 2 |" in body
    assert "[![The route](/media/x.png)](https://example.org/full)\n*The route* " \
           "[Photo: J](https://example.org/j)" in body
    assert "<!--Secret TODO-->" in body
    assert not list(site.rglob("*bonjour*")) and not (site / "content/articles/fr").exists()
    report = result.out.splitlines()
    assert "content/: content/en/ and the other languages' folders are read as each language's " \
           "content (as module mounts made when the site builds would)" not in report  # mounts given
    assert any("translations into 'fr'" in line for line in report)
    assert any("block attributes {.wide}: briefgen does not apply them" in line for line in report)
    assert any("figure: class not kept" in line for line in report)
    assert any("author written as Markdown links" in line for line in report)
    assert any("_index.md" in line and "text of its own" in line for line in report)
    assert any("in a link's address, names a page that was not imported: written URL-encoded" in line
               for line in report)
    public = checked_and_built(site, tmp_path)  # a shortcode left in an address no longer stops it
    page = (public / "articles/hello/index.html").read_text()
    assert '<a href="https://example.org/bare">' in page and "Secret TODO" not in page
    assert '<a href="mailto:desk@example.org">' in page


def test_hugo_heading_ids_tables_emoji_and_author_handles(tmp_path: Path) -> None:
    """Headings keep the ids Hugo gave them where briefgen would make others
    (links to #flux-029-is-out keep working); a table whose delimiter row
    has more cells than its header is a table, as in Goldmark; emoji codes
    become emoji where the site turns them on; an author handle the config
    names is that name; an address inside a link's text stays text."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "F"\nenableEmoji = true\n[params.authors.ada]\nname = "Ada Lovelace"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\nauthor: ada\n---\n"
                              "See [below](#flux-029-is-out) and the [site\n(www.example.com) here]"
                              "(https://www.example.com/). Out now :rocket: :nosuch:\n\n"
                              "## Flux 0.29 is out\n\n## Plain\n\n"
                              "| A | B\n| --- | --- | ---\n| 1 | 2 | 3\n",
    })
    front, body = item(site, "posts/a.md")
    assert front["authors"] == ["Ada Lovelace"]
    assert "## Flux 0.29 is out {#flux-029-is-out}" in body and "## Plain\n" in body
    assert "(www.example.com) here](https://www.example.com/)" in body
    assert "Out now \U0001F680 :nosuch:" in body
    assert "| A | B |  |\n| --- | --- | ---" in body
    report = result.out.splitlines()
    assert "content/posts/a.md:7: emoji :nosuch:: not one briefgen knows; left as written" in report
    public = checked_and_built(site, tmp_path)
    page = (public / "articles/a/index.html").read_text()
    assert 'id="flux-029-is-out"' in page and 'href="#flux-029-is-out"' in page
    assert "<td>3</td>" in page and '<a href="https://www.example.com/">site' in page


def test_zola_authors_kept_in_extra(tmp_path: Path) -> None:
    site, _ = import_files("zola", tmp_path, {
        "config.toml": 'title = "Z"\nbase_url = "https://z.example.org"\n',
        "content/posts/a.md": '+++\ntitle = "A"\ndate = 2024-01-02\n[extra]\nauthors = ["@phil"]\n+++\nHi.\n',
    })
    assert item(site, "posts/a.md")[0]["authors"] == ["@phil"]


def test_hugo_paths_as_hugo_makes_them_and_front_matter_after_blank_lines(tmp_path: Path) -> None:
    """A file name with brackets or an apostrophe makes the path Hugo made of
    it (`_[gsoc]_` is `_gsoc_`), so the old URL redirects; front matter
    after a blank line is read, as Hugo reads it."""
    site, result = import_files("hugo", tmp_path, {
        "hugo.toml": 'title = "H"\n',
        "content/blog/2017-05-10_[gsoc_2017]_week's_end.md": "---\ntitle: Week\ndate: 2017-05-10\n---\nX.\n",
        "content/news/report.md": '\n+++\ntitle = "Report"\ndate = "2022-11-14T10:00:00Z"\n+++\nBody.\n',
    })
    front, _ = item(site, "blog/2017-05-10_[gsoc_2017]_week's_end.md")
    assert front["aliases"] == ["/blog/2017-05-10_gsoc_2017_weeks_end/"]
    report, _ = item(site, "news/report.md")
    assert report["title"] == "Report" and report["date"] == "2022-11-14T10:00:00Z"
    assert "skipped" not in result.out


def test_jekyll_liquid_in_attributes_and_page_values_and_zola_relative_definitions(
        tmp_path: Path) -> None:
    """A Liquid tag in an HTML attribute is left as written (as code it broke
    the address); `{{ page.x }}` prints the post's own value."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: J\nurl: http://localhost:4000\n",
        "_posts/2021-03-01-a.md": "---\ntitle: A\nupdates: 66\n---\n"
                                  "Now <img src=\"{% asset feed.png %}\" alt=\"f\"> with {{ page.updates }} "
                                  "updates.\n",
    })
    _, body = item(site, "2021/03/a.md")
    assert 'src="{% asset feed.png %}"' in body and "with 66 updates." in body
    assert "base_url" not in yaml.safe_load((site / "site.yaml").read_text())
    assert "_posts/2021-03-01-a.md:5: Liquid tag 'asset', in an HTML attribute: left as written " \
           "(briefgen has no equivalent): {% asset feed.png %}" in result.out.splitlines()
    zola, _ = import_files("zola", tmp_path / "z", {
        "config.toml": 'title = "Z"\nbase_url = "https://z.example.org"\n',
        "content/news/a.md": '+++\ntitle = "A"\ndate = 2024-01-02\n+++\n![a](../shot.png) ![b][s]\n\n'
                             "[s]: ../shot.png\n",
        "content/shot.png": b"\x89PNG\r\n\x1a\n",
    })
    _, body = item(zola, "news/a.md")
    assert "![a](/media/shot.png)" in body and "[s]: /media/shot.png" in body


def test_jekyll_asset_tags_date_filters_and_prepended_base_urls(tmp_path: Path) -> None:
    """An asset plugin's `{% asset %}` names a file of assets/: its new URL
    in an address, an image elsewhere; the post's date through Liquid's
    date filters; `"/x/" | prepend: site.baseurl` the path."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: J\nbaseurl: /blog\n",
        "_posts/2019-03-01-week-9.md": (
            "---\ntitle: Week 9\n---\n"
            "Week {{ page.date | date: \"%V, %G\" }}, {{ page.date | date_to_long_string }}. "
            "<img src=\"{% asset feed.png %}\" alt=\"Feed\">\n\n"
            "![Shot]({% asset posts/w9/shot.jpg %})\n\n{% asset logo.svg alt='Logo' %}\n\n"
            "[Consulting]({{ \"/consulting/\" | prepend: site.baseurl }})\n"),
        "assets/feed.png": b"\x89PNG\r\n\x1a\n",
        "assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "assets/posts/w9/shot.jpg": b"\xff\xd8\xff",
    })
    _, body = item(site, "2019/03/week-9.md")
    assert "Week 09, 2019, 01 March 2019." in body
    assert '<img src="/media/assets/feed.png" alt="Feed">' in body
    assert "![Shot](/media/assets/posts/w9/shot.jpg)" in body
    assert "![Logo](/media/assets/logo.svg)" in body
    assert "[Consulting](/consulting/)" in body
    assert "Liquid" not in result.out
    checked_and_built(site, tmp_path)


def test_what_real_jekyll_sites_write_about_urls_code_and_names(tmp_path: Path) -> None:
    """Code in a raw-HTML <pre> is text (no kramdown attributes taken out, no
    heading ids added); old URLs dated in the site's zone and named as
    Jekyll slugs file names; handles from the config's `authors:`; heading
    ids from the text kramdown made; titles printed as HTML; a comma after a
    category; the site's description; HTML pages and collections said."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: R\ndescription: Daily notes\npermalink: /:year/:month/:day/:title/\n"
                       "authors: {tk: {name: Tia Kim}}\ncollections: {cases: {output: true}}\n",
        "_posts/2020-05-28-x-.md": (
            "---\ntitle: \"A &#8212; B <strike>old</strike>\"\nauthor: tk\ncategories: news, foundation\n"
            "date: 2020-05-28 09:00:00 +15:00\n---\n<pre><code>\n# If it's a GET, set the flash\n"
            "Post.where({:title => 'x'})\n</code></pre>\n\n## Remove rails new --javascript\n\n"
            "## Don't leak _Errors_ now\n\n## Day two[![Office](/assets/a b.png)](/assets/a b.png)\n\n"
            "<img src = \"/assets/a b.png\">\n"),
        "_posts/2020-05-30-it%e2%80%99s here.md": "---\ntitle: Its\n---\nText.\n",
        "_posts/2005-04-12-neverlockthis.md": "---\ntitle: Case\nredirect_from:\n  - "
                                              "/2005/04/12/NeverLockThis/\n  - /about/\n---\nBody.\n",
        "about.md": "---\ntitle: About\n---\nWho.\n",
        "_posts/2021-11-24-cgi-escape_html-fix.md": (
            "---\ntitle: Fix\n---\n## `nim --eval:cmd`\n\n### [:if\\_exists for drop\\_table](/u/)\n\n"
            "## 新闻\n\n<sup>\\*1</sup> the note\n{: #fn1}\n\n[Contents](#contents)\n\n"
            "{:#contents}\n- [One](#one)\n- Two\n"),
        "assets/a b.png": b"\x89PNG\r\n\x1a\n",
        "_pages/about.html": "---\ntitle: About\n---\n<p>Hi</p>\n",
        "_cases/acme.html": "---\ntitle: Acme\n---\n<p>Case</p>\n",
    })
    front, body = item(site, "2020/05/x-.md")
    assert front["title"] == "A — B old" and front["authors"] == ["Tia Kim"]
    assert front["topics"] == ["news", "foundation"] and front["aliases"] == ["/2020/05/27/x/"]
    assert "Post.where({:title => 'x'})" in body and "# If it's a GET, set the flash\n" in body
    assert "## Remove rails new --javascript\n" in body  # briefgen's id is kramdown's
    assert "## Don't leak _Errors_ now {#dont-leak-errors-now}" in body
    assert "{#day-two}" in body and '<img src = "/media/assets/a b.png">' in body
    assert item(site, "2020/05/it%e2%80%99s here.md")[0]["aliases"] == ["/2020/05/30/it-e2-80-99s-here/"]
    case, _ = item(site, "2005/04/neverlockthis.md")  # one URL in two letter cases, and a page's URL
    assert case["aliases"] == ["/2005/04/12/neverlockthis/"]
    fix, body = item(site, "2021/11/cgi-escape_html-fix.md")
    assert fix["aliases"] == ["/2021/11/24/cgi-escape_html-fix/"]  # Jekyll keeps the `_`
    assert "## `nim --eval:cmd` {#nim---evalcmd}" in body  # code is as written
    assert "### [:if\\_exists for drop\\_table](/u/) {#if\\_exists-for-drop\\_table}" in body
    assert "## 新闻 {#新闻}" in body and "{: #fn1}" not in body
    assert yaml.safe_load((site / "site.yaml").read_text())["description"] == "Daily notes"
    lines = result.out.splitlines()
    assert "_pages/about.html: skipped: a file Jekyll renders through its templates (it has front " \
           "matter); briefgen copies files as they are" in lines
    assert "_cases: 1 HTML document of collection 'cases' left out: Jekyll renders them through " \
           "its templates; briefgen imports Markdown" in lines
    assert "_posts/2020-05-28-x-.md:2: title: HTML taken out, as the title is text in briefgen: " \
           "'A &#8212; B <strike>old</strike>'" in lines
    assert not [line for line in lines if "kramdown attributes {:title" in line]  # code, not IAL
    out = checked_and_built(site, tmp_path)
    html = (out / "articles/cgi-escape_html-fix/index.html").read_text(encoding="utf-8")
    assert 'id="nim---evalcmd"' in html and 'id="if_exists-for-drop_table"' in html
    assert 'id="新闻"' in html and "{#" not in html
    assert '<a id="contents"></a>' in html and 'href="#contents"' in html  # a list's id, kept


def test_jekyll_includes_and_assigned_variables_are_written_in(tmp_path: Path) -> None:
    """`{% include refs.md %}` alone on its line writes that file's text in (a
    newsletter's link definitions), rewritten as a post is; `{% assign x =
    "..." %}` gives `{{x}}` its text; an include the import cannot write in
    is a paragraph of its own, so the definitions after it stay definitions."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: Weekly\n",
        "_includes/refs.md": "{% comment %}<!-- shared -->{% endcomment %}\n[d]: https://example.org/docs\n"
                             "[{{site.title}}]: /about/\n",
        "_includes/toc.html": "{% for p in site.posts %}<a href=\"{{ p.url }}\">{{ p.title }}</a>"
                              "{% endfor %}\n",
        "_includes/notice.html": "<p>A notice.</p>\n",
        "_posts/2020-01-01-x.md": (
            "---\ntitle: X\n---\n{% assign bse = \"https://bitcoin.stackexchange.com/a/\" %}\n"
            "See [the docs][d] and [an answer]({{bse}}77235).\n\n{% include toc.html %}\n\n"
            "{% include refs.md %}\n"),
        "_posts/2020-01-03-z.md": "---\ntitle: Z\nexcerpt: The week in short.\n---\n{{page.excerpt}}\n\n"
                                  "More.\n",
        "_posts/2020-01-02-y.md": (
            "---\ntitle: Y\n---\nSee [the guide][g].\n\n{% include card.html title=\"Y\" %}\n"
            "[g]: https://example.org/guide\n"),
    })
    z, body = item(site, "2020/01/z.md")
    assert z["summary"] == "The week in short." and body.strip() == "More."  # the lead, once
    _, body = item(site, "2020/01/x.md")
    assert "[d]: https://example.org/docs" in body and "[Weekly]: /about/" in body
    assert "[an answer](https://bitcoin.stackexchange.com/a/77235)" in body
    assert "-->" not in body and body.count("{%") == 1  # the loop is Jekyll's to run: kept, said
    assert "` {% include toc.html %} `" in body
    lines = result.out.splitlines()
    assert any(line.startswith("1 {% include %} tag written out") and "refs.md (1)" in line
               for line in lines)
    out = checked_and_built(site, tmp_path)
    x = (out / "articles/x/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/docs">the docs</a>' in x
    y = (out / "articles/y/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/guide">the guide</a>' in y  # not swallowed by the kept tag
    assert "{% include card.html" in y


def test_jekyll_site_author_handles_liquid_strings_and_kramdown_emphasis(tmp_path: Path) -> None:
    """The config's `author` is every post's that names none (as jekyll-feed
    and jekyll-seo-tag make it); `author: ab,cd` names two handles; Liquid's
    `{{ "{%" }}` prints `{%`; `**Upgrade!**If` is bold, as kramdown reads it;
    a heading's `&lt;T&gt;` counts in its old id as the text kramdown shows."""
    site, _ = import_files("jekyll", tmp_path, {
        "_config.yml": "title: J\nauthor: Phil Editor\n",
        "_data/authors.yml": "ab: {name: Ann Bee}\ncd: {name: Cy Dee}\n",
        "_posts/2010-05-10-x.md": "---\ntitle: X\n---\n**Upgrade!**If you go, type {{ \"{%\" }}.\n\n"
                                  "## A modern StringOrValue&lt;T&gt;\n",
        "_posts/2010-05-11-y.md": "---\ntitle: Y\nauthor: ab,cd\n---\nText.\n",
        "_posts/2010-05-12-z.md": "---\ntitle: Z\nauthors: [Jane Roe]\n---\nText.\n",
    })
    assert item(site, "2010/05/z.md")[0]["authors"] == ["Jane Roe"]  # its own, not the site's too
    x, body = item(site, "2010/05/x.md")
    assert x["authors"] == ["Phil Editor"]
    assert item(site, "2010/05/y.md")[0]["authors"] == ["Ann Bee", "Cy Dee"]
    assert "<strong>Upgrade!</strong>If you go, type {%." in body
    assert "{#a-modern-stringorvaluet}" in body
    out = checked_and_built(site, tmp_path)
    assert "<strong>Upgrade!</strong>If" in (out / "articles/x/index.html").read_text(encoding="utf-8")


def test_a_multilingual_jekyll_site_brings_its_own_language_and_posts_only_in_others(
        tmp_path: Path) -> None:
    """Posts with `lang:` beside one of the same name in the site's language
    are its translations, left out and said (they became `-2` to `-9` items);
    a post that exists only in another language comes in."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: M\nlang: en\n",
        "en/news/_posts/2021-03-01-release.md": "---\ntitle: Released\nlang: en\n---\nOut.\n",
        "de/news/_posts/2021-03-01-release.md": "---\ntitle: Erschienen\nlang: de\n---\nDa.\n",
        "ja/news/_posts/2021-03-02-meetup.md": "---\ntitle: Meetup\nlang: ja\n---\nTokyo, after "
                                               "[the release](/de/news/2021/03/01/release.html).\n",
        "en/news/_posts/2021-03-05-weekly.md": "---\ntitle: Weekly\n---\nNews.\n",
        "en/news/_posts/zh/2021-03-05-weekly-zh.md": "---\ntitle: 周报\nlang: zh\n---\n新闻.\n",
    })
    assert not list(site.rglob("weekly-zh.md"))  # its slug is its original's and its language
    assert item(site, "2021/03/release.md")[0]["title"] == "Released"
    assert item(site, "2021/03/meetup.md")[0]["title"] == "Meetup"
    assert not list(site.rglob("release-2.md"))
    assert "de/news/_posts/2021-03-01-release.md:1: skipped: a translation (de) of a post in the " \
           "site's language, en: briefgen imports that one" in result.out.splitlines()
    released, _ = item(site, "2021/03/release.md")  # the translation's old URL leads to it
    assert released["aliases"] == ["/en/news/2021/03/01/release.html", "/de/news/2021/03/01/release.html"]
    _, meetup = item(site, "2021/03/meetup.md")
    assert "[the release](/articles/release/)" in meetup


def test_a_date_whose_day_and_month_could_be_either_is_not_guessed(tmp_path: Path) -> None:
    """`05/06/2015` is 5 June to Jekyll's Ruby and 6 May to Python's dateutil:
    not guessed, reported, and the file name's date used."""
    site, result = import_files("jekyll", tmp_path, {
        "_config.yml": "title: D\n",
        "_posts/2015-06-05-slash.md": "---\ntitle: Slash\ndate: 05/06/2015 10:00\n---\nX.\n",
    })
    assert item(site, "2015/06/slash.md")[0]["date"] == "2015-06-05"
    assert "_posts/2015-06-05-slash.md:3: date: '05/06/2015 10:00' is not a date briefgen reads; " \
           "the file's date 2015-06-05 is used" in result.out.splitlines()
