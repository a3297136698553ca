"""Page bundles, relative links, aliases and permalinks from front matter, end to end.

Small sites built in a temporary folder: a bundle's files are published
beside its page under a base path and two permalink patterns; relative links
between items become their URLs; `check` reports one that leads nowhere at
its line; aliases give redirect pages and `_redirects` lines, and clashes are
errors; warm builds after a bundle file comes and goes equal clean ones; the
preview serves bundle files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.build.pipeline import build_site
from briefgen.serve.server import Preview, resolve
from tests.conftest import article, build, run_cli, write_site
from tests.test_warm_equals_clean import warm_equals_clean

PNG = b"\x89PNG\r\n\x1a\nnot really"


def bundle_site(root: Path, config: str) -> Path:
    """A bundle with an image and a PDF, and a plain item linking into it."""
    return write_site(root, {
        "site.yaml": config,
        "content/articles/2022/01/geneva-talks/index.md": article(
            "Blinken and Lavrov in Geneva", body=(
                "![map](map.png)\n\n"
                "See [the text](./files/statement%20text.pdf) and [earlier](../other.md#end).\n")),
        "content/articles/2022/01/geneva-talks/map.png": PNG,
        "content/articles/2022/01/geneva-talks/files/statement text.pdf": b"%PDF-1.4",
        "content/articles/2022/01/geneva-talks/notes.md": "not an item\n",
        "content/articles/2022/01/other.md": article(
            "Other item", date="2022-01-17",
            body="Back to [Geneva](geneva-talks/index.md), its [map](geneva-talks/map.png) "
                 "and [media](../../../media/logo.svg).\n"),
        "content/media/logo.svg": "<svg/>",
    })


@pytest.mark.parametrize(("pattern", "page"), [
    ("/articles/{slug}/", "articles/geneva-talks/"),
    ("/{year}/{month}/{day}/{slug}/", "2022/01/18/geneva-talks/"),
])
def test_bundle_files_are_published_beside_the_page_under_a_base_path(
        tmp_path: Path, pattern: str, page: str) -> None:
    root = bundle_site(tmp_path / "site", "title: T\nsearch: false\nbase_url: https://x.org/briefing/\n"
                                          f"permalinks:\n  article: '{pattern}'\n")
    assert build(root).code == 0
    out = root / "public"
    assert (out / page / "map.png").read_bytes() == PNG
    assert (out / page / "files/statement text.pdf").read_bytes() == b"%PDF-1.4"
    assert not list(out.rglob("notes.md")) and not list(out.rglob("notes/index.html"))
    html = (out / page / "index.html").read_text(encoding="utf-8")
    other = page.replace("geneva-talks", "other-item").replace("/18/", "/17/")
    assert f'<img src="/briefing/{page}map.png" alt="map"' in html
    assert f'href="/briefing/{page}files/statement%20text.pdf"' in html
    assert f'href="/briefing/{other}#end"' in html
    back = (out / other / "index.html").read_text(encoding="utf-8")
    assert f'href="/briefing/{page}"' in back
    assert f'href="/briefing/{page}map.png"' in back
    assert 'href="/briefing/media/logo.svg"' in back


def test_check_reports_relative_links_that_lead_nowhere_at_their_lines(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/trip/index.md": article("Trip", body=(
            "Intro.\n\n![gone](missing.png)\n\n[no item](../nothing.md) and [ok](../b.md)\n\n"
            "[stray](../notes.txt)\n")),
        "content/articles/b.md": article("B", body="[out](../../../../etc/passwd)\n"),
        "content/articles/notes.txt": "not published",
    })
    result = run_cli("check", root)
    assert result.code == 0, result.err
    lines = [line for line in result.err_lines if "leads nowhere" in line]
    assert lines == [
        "warning: content/articles/b.md:5: relative link '../../../../etc/passwd' leads nowhere: "
        "it leads out of the site folder",
        "warning: content/articles/trip/index.md:7: relative image 'missing.png' leads nowhere: "
        "content/articles/trip/missing.png does not exist",
        "warning: content/articles/trip/index.md:9: relative link '../nothing.md' leads nowhere: "
        "content/articles/nothing.md is no item, page or profile this build has",
        "warning: content/articles/trip/index.md:11: relative link '../notes.txt' leads nowhere: "
        "content/articles/notes.txt is not published: only the files of a bundle (a folder with "
        "index.md) and of content/media/ are",
    ]
    built = build(root)
    assert built.code == 0
    assert "warning: 4 relative links lead nowhere; run briefgen check for where" in built.err_lines
    html = (root / "public/articles/trip/index.html").read_text(encoding="utf-8")
    # A bundle's URL whether or not the file is there: adding it re-renders no page.
    assert 'src="/articles/trip/missing.png"' in html and 'href="/articles/b/"' in html
    assert 'href="../nothing.md"' in html


def test_check_reports_site_paths_that_lead_nowhere_at_their_lines(tmp_path: Path) -> None:
    """An image or link at a path of the site (`/media/x.png`, `/people/x/`)
    that the build publishes nothing at is a warning at its line, under a
    base path too; pages, media files, the home page and raw HTML's paths
    that exist are none, nor is a path outside the base path (the host's)."""
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\nbase_url: /b/\n",
        "content/articles/a.md": article("A", people="[Sergei Lavrov]", body=(
            "![Chart](/media/chart.png) [home](/) [Lavrov](/people/sergei-lavrov/)\n\n"
            "![Lost](/resources/img/lost.png)\n\n"
            "[renamed](/articles/old-name/) [feed](/feed.xml?x=1#top)\n\n"
            '<img src="/b/media/chart.png" alt="raw"> <a href="/elsewhere/">host</a>\n\n'
            "![Lost again](/resources/img/lost.png)\n")),
        "content/pages/about.md": "---\ntitle: About\n---\nSee [B](/articles/b)\n",
        "content/articles/b.md": article("B"),
        "content/media/chart.png": b"png",
    })
    (root / "site.yaml").write_text("title: T\nsearch: false\nbase_url: /b/\nmarkdown: {html: true}\n")
    result = run_cli("check", root)
    assert result.code == 0, result.err
    assert [line for line in result.err_lines if "leads nowhere" in line] == [
        "warning: content/articles/a.md:8: image '/resources/img/lost.png' leads nowhere: this "
        "site publishes no page or file at that path",
        "warning: content/articles/a.md:10: link '/articles/old-name/' leads nowhere: this site "
        "publishes no page or file at that path",
        "warning: content/articles/a.md:14: image '/resources/img/lost.png' leads nowhere: this "
        "site publishes no page or file at that path",
    ]
    built = build(root)
    assert built.code == 0
    assert "warning: 3 links to site paths lead nowhere; run briefgen check for where" \
        in built.err_lines


def test_check_reports_a_front_matter_image_that_leads_nowhere(tmp_path: Path) -> None:
    """An item's or profile's `image` at a site path nothing is published at
    would be a broken picture, social card and JSON-LD image: a warning at
    its line, as a body's image is; a published one, or a URL, is none."""
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\nbase_url: https://x.org/b/\n",
        "content/articles/a.md": article("A", people="[Ann Bee]", image="/media/ceremony.jpg"),
        "content/articles/b.md": article("B", image="/media/here%20now.png"),
        "content/articles/c.md": article("C", image="https://x.org/pic.png"),
        "content/people/ann-bee.md": "---\nname: Ann Bee\nimage:\n  src: /media/ann.jpg\n  alt: Ann\n---\n",
        "content/media/here now.png": b"png",
    })
    lines = [line for line in run_cli("check", root).err_lines if "leads nowhere" in line]
    assert lines == [
        "warning: content/articles/a.md:5: image '/media/ceremony.jpg' leads nowhere: this site "
        "publishes no file at that path",
        "warning: content/people/ann-bee.md:4: image '/media/ann.jpg' leads nowhere: this site "
        "publishes no file at that path",
    ]


def test_many_warnings_are_summed_up_by_kind_after_them(tmp_path: Path) -> None:
    """An imported blog's links into the part of the old site that was not
    brought in: each is said at its line, then the tally names the kind and
    the paths most linked, which is what the user acts on."""
    files = {f"content/articles/a{i}.md": article(f"A{i}", body=(
        "[Install](/docs/install/) and [the FAQ](/docs/faq/) and [again](/docs/install/)\n"))
        for i in range(12)}
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\nbase_url: https://briefing.example.org/\n", **files})
    lines = run_cli("check", root).err_lines
    tally_at = lines.index("24 warnings in all, by kind:")
    assert all("leads nowhere" in line for line in lines[tally_at - 24:tally_at])
    assert lines[tally_at + 1:tally_at + 3] == [
        "  24 link '…' leads nowhere: this site publishes no page or file at that path",
        "       most often '/docs/install/' (12), '/docs/faq/' (12)",
    ]


def test_pages_and_profiles_resolve_relative_links_from_their_files(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\nbase_url: /b/\n",
        "content/articles/2022/trip/index.md": article("Trip", people="[Sergei Lavrov]"),
        "content/pages/about.md": "---\ntitle: About\n---\nSee [the trip](../articles/2022/trip/).\n",
        "content/people/lavrov.md": ("---\nname: Sergei Lavrov\n---\n![Portrait](../media/lavrov.jpg)\n\n"
                                     "[Gone](gone.md)\n"),
        "content/media/lavrov.jpg": b"jpeg",
    })
    result = run_cli("check", root)
    assert [line for line in result.err_lines if "leads nowhere" in line] == [
        "warning: content/people/lavrov.md:6: relative link 'gone.md' leads nowhere: "
        "content/people/gone.md is no item, page or profile this build has"]
    build(root)
    about = (root / "public/about/index.html").read_text(encoding="utf-8")
    assert 'href="/b/articles/trip/"' in about
    person = (root / "public/people/sergei-lavrov/index.html").read_text(encoding="utf-8")
    assert 'src="/b/media/lavrov.jpg"' in person and 'href="gone.md"' in person


def test_a_relative_link_written_for_the_page_url_is_no_warning(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/a.md": article("A", body="[b](../b/)\n"),
        "content/articles/b.md": article("B"),
    })
    result = run_cli("check", root)
    assert not [line for line in result.err_lines if "leads nowhere" in line]


def test_aliases_give_redirect_pages_and_redirects_lines(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\nbase_url: https://x.org/b/\n",
        "content/articles/a.md": article("Geneva talks", aliases="[/2019/01/old-slug/, old/page.html, "
                                                                 "/articles/geneva-talks/]"),
    })
    assert build(root).code == 0
    out = root / "public"
    page = (out / "2019/01/old-slug/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/b/articles/geneva-talks/">' in page
    assert '<link rel="canonical" href="https://x.org/b/articles/geneva-talks/">' in page
    assert 'noindex' in page and 'href="/b/articles/geneva-talks/"' in page
    assert (out / "old/page.html").is_file()
    rules = (out / "_redirects").read_text(encoding="utf-8").split("\n")
    assert "/b/2019/01/old-slug/ /b/articles/geneva-talks/ 301" in rules
    assert "/b/old/page.html /b/articles/geneva-talks/ 301" in rules
    assert "old-slug" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert len([rule for rule in rules if rule]) == 2  # the item's own URL is no alias


def test_standalone_pages_keep_old_urls_and_may_stay_out_of_the_footer(tmp_path: Path) -> None:
    """A page's `aliases` redirect as an item's do (an imported site's About
    at /pages/about.html); `footer: false` keeps a page out of every footer
    while it is built and reached by links, and a warm build agrees."""
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/a.md": article("A", body="See [the landing page](/landing/).\n"),
        "content/pages/about.md": "---\ntitle: About\naliases: [/pages/about.html]\n---\nWho we are.\n",
        "content/pages/landing.md": "---\ntitle: Landing\nfooter: false\n---\nCampaign.\n",
    })
    build_site(root, output=tmp_path / "out")
    out = tmp_path / "out"
    moved = (out / "pages/about.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/about/">' in moved
    assert "/pages/about.html /about/ 301" in (out / "_redirects").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/about/"' in home and 'href="/landing/"' not in home
    assert (out / "landing/index.html").is_file()
    assert "/landing/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    (root / "content/pages/landing.md").write_text("---\ntitle: Landing\n---\nCampaign.\n")
    (root / "content/pages/about.md").write_text("---\ntitle: About\nfooter: false\n---\nWho.\n")
    warm_equals_clean(root, tmp_path)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/landing/"' in home and 'href="/about/"' not in home
    assert not (out / "pages/about.html").exists()
    bad = write_site(tmp_path / "bad", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/pages/about.md": "---\ntitle: About\nfooter: no thanks\naliases: [https://x.org/a/]\n---\nx\n",
    })
    assert [line for line in run_cli("check", bad).err_lines if line.startswith("content/")] == [
        "content/pages/about.md:3: footer: expected true or false, got 'no thanks'",
        "content/pages/about.md:4: aliases: 'https://x.org/a/' is not a path of this site: "
        "write it without a scheme or host, as /old/path/",
    ]


def test_bad_aliases_are_errors_at_their_lines(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/b.md": article("B", aliases="\n  - /old/\n  - https://x.org/y/\n  - /a/../b/"),
    })
    result = run_cli("build", root)
    assert result.code == 1
    assert [line for line in result.err_lines if line.startswith("content/")] == [
        "content/articles/b.md:6: aliases: 'https://x.org/y/' is not a path of this site: "
        "write it without a scheme or host, as /old/path/",
        "content/articles/b.md:7: aliases: '/a/../b/' has an empty, '.' or '..' part between slashes",
    ]


def test_an_alias_that_clashes_with_a_page_or_an_alias_is_an_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/a.md": article("A", aliases="[/old/, /articles/b/]"),
        "content/articles/b.md": article("B", aliases="\n  - /old"),
    })
    result = run_cli("build", root)
    assert result.code == 1
    assert [line for line in result.err_lines if line.startswith("content/")] == [
        "content/articles/a.md:4: output path /articles/b/ is also written for content/articles/b.md",
        "content/articles/b.md:5: output path /old/ is also written for content/articles/a.md",
    ]


def test_permalinks_may_use_front_matter_fields(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\npermalinks:\n  article: /{section}/{year}/{slug}/\n",
        "content/articles/a.md": article("Geneva talks", section="Europe"),
        "content/articles/b.md": article("Kyiv visit", section="Eastern Europe & Ukraine"),
    })
    assert build(root).code == 0
    assert (root / "public/europe/2022/geneva-talks/index.html").is_file()
    assert (root / "public/eastern-europe-ukraine/2022/kyiv-visit/index.html").is_file()


def test_a_missing_permalink_field_and_a_collision_are_errors(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\npermalinks:\n  article: /{section}/{slug}/\n",
        "content/articles/a.md": article("Talks", section="Europe"),
        "content/articles/b.md": article("Talks", date="2022-01-19", section="europe"),
        "content/articles/c.md": article("Other"),
        "content/articles/d.md": article("Listed", section="[a, b]"),
    })
    result = run_cli("build", root)
    assert result.code == 1
    errors = [line for line in result.err_lines if line.startswith("content/")]
    assert errors == [
        "content/articles/a.md:2: output path /europe/talks/ is also written for content/articles/b.md",
        "content/articles/c.md:2: section: required by permalinks.article '/{section}/{slug}/'; "
        "set it in this item or change the pattern",
        "content/articles/d.md:4: section: permalinks.article '/{section}/{slug}/' uses it, so it "
        "must be one value, not a list",
    ]


def test_warm_builds_see_a_bundle_file_added_changed_and_removed(tmp_path: Path) -> None:
    root = bundle_site(tmp_path / "site", "title: T\nsearch: false\n")
    build_site(root, output=tmp_path / "out")
    extra = root / "content/articles/2022/01/geneva-talks/photo.jpg"
    extra.write_bytes(b"jpeg")
    warm_equals_clean(root, tmp_path)
    assert (tmp_path / "out/articles/geneva-talks/photo.jpg").read_bytes() == b"jpeg"
    extra.write_bytes(b"another jpeg")
    warm_equals_clean(root, tmp_path)
    extra.unlink()
    (root / "content/articles/2022/01/geneva-talks/map.png").unlink()
    warm_equals_clean(root, tmp_path)
    assert not (tmp_path / "out/articles/geneva-talks/photo.jpg").exists()
    assert build_site(root, output=tmp_path / "out").written == 0  # nothing changed: nothing written


def test_a_bundle_file_where_a_page_is_written_is_an_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/trip/index.md": article("Trip"),
        "content/articles/trip/index.html": "<p>old export</p>",
    })
    result = run_cli("build", root)
    assert result.code == 1
    assert ("content/articles/trip/index.html: output file /articles/trip/index.html is also "
            "written for content/articles/trip/index.md") in result.err_lines


def test_the_preview_serves_bundle_files(tmp_path: Path) -> None:
    root = bundle_site(tmp_path / "site", "title: T\nsearch: false\n")
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    status, _, body = resolve(preview.snapshot, "/articles/geneva-talks/map.png")
    assert status == 200 and isinstance(body, Path) and body.read_bytes() == PNG
    (root / "content/articles/2022/01/geneva-talks/new.png").write_bytes(b"new")
    assert preview.rebuild({"content/articles/2022/01/geneva-talks/new.png"}) == []
    status, _, body = resolve(preview.snapshot, "/articles/geneva-talks/new.png")
    assert status == 200 and isinstance(body, Path)
    page = preview.snapshot.page("articles/geneva-talks/index.html").decode()
    assert re.search(r'<img src="/articles/geneva-talks/map.png"', page)
