"""End-to-end builds of small sites: every URL briefgen writes, names, ordering, the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

import briefgen
from tests.conftest import (
    MakeSite,
    anchors,
    article,
    build,
    hrefs,
    page_text,
    parse_html,
    run_cli,
    write_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0xFF, 0xFE, 0x0D, 0x0A, 0x00])

# A small briefing: six items on five days (Moscow time), two per list page.
NEWSROOM = {
    "site.yaml": "title: Briefing\ndescription: Daily news.\ntimezone: Europe/Moscow\nper_page: 2\n",
    "content/articles/2022/01/talks-open.md": article(
        "Talks Open in Geneva", "2022-01-10", "Sherman and Ryabkov met.",
        people="[Wendy Sherman, Sergei Ryabkov]", topics="[Security guarantees]"),
    "content/articles/2022/01/council.md": article(
        "NATO-Russia Council Meets", "2022-01-12", "The council met in Brussels.",
        people="[Jens Stoltenberg, Alexander Grushko]", topics="[NATO]"),
    "content/articles/2022/01/ryabkov.md": article(
        "Ryabkov Sees No Grounds", "2022-01-12", "No grounds for new talks.",
        people="Sergei Ryabkov", topics="[NATO, Security guarantees]"),
    "content/articles/2022/01/osce.md": article(
        "OSCE Chair Warns of War Risk", "2022-01-13T22:30:00Z", "Rau warned in Vienna.",
        people="[Zbigniew Rau]", topics="NATO"),
    "content/articles/2022/01/geneva.md": article(
        "Blinken and Lavrov Meet", "2022-01-21T12:00:00+01:00", "They met for **ninety** minutes.\n\nMore.",
        people="[Antony Blinken, Сергей Лавров]", topics="[NATO, Ukraine]", source="Reuters",
        source_url="https://example.org/geneva", image="{src: /media/map.png, alt: Map of Geneva}",
        also_appeared_at="[https://example.com/copy]", series="RUSSIALINK"),
    "content/articles/2022/02/february.md": article(
        "February Item", "2022-02-01", "Later.", people="[sergei lavrov]"),
    "content/people/lavrov.md": "---\nname: Sergei Lavrov\naliases: [Сергей Лавров]\nrole: Foreign Minister\n"
                                "---\nRussia's foreign minister.\n",
    "content/people/nobody.md": "---\nname: Nobody Yet\n---\nNot named by any item.\n",
    "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    "content/media/map.png": PNG,
    "templates/static/extra.css": "body { color: navy }\n",
}
SLUGS = {  # newest first; the two items of 12 January are ordered by title
    "february": "february-item",
    "geneva": "blinken-and-lavrov-meet",
    "osce": "osce-chair-warns-of-war-risk",
    "council": "nato-russia-council-meets",
    "ryabkov": "ryabkov-sees-no-grounds",
    "talks": "talks-open-in-geneva",
}
NEWEST_FIRST = list(SLUGS.values())


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("newsroom") / "site", NEWSROOM)
    build(root, "-o", root / "out")
    return root / "out"


def read(out: Path, path: str) -> str:
    """The page at site PATH ('' is home, 'people/' a folder, 'feed.xml' a file)."""
    file = out / (path + "index.html" if path == "" or path.endswith("/") else path)
    return file.read_text(encoding="utf-8")


def items_on(page: str, base: str = "/") -> list[str]:
    """Slugs of the items a list page links to, in order."""
    pattern = re.compile(re.escape(base) + r"articles/([^/]+)/$")
    found: list[str] = []
    for href in hrefs(page):
        m = pattern.match(href)
        if m and m.group(1) not in found:
            found.append(m.group(1))
    return found


def rel_links(page: str) -> dict[str, str]:
    return {attrs["rel"]: attrs["href"] for tag, attrs in parse_html(page)[0]
            if tag == "a" and attrs.get("rel") in ("prev", "next")}


def feed_entries(xml: str) -> list[tuple[str, str]]:
    root = ET.fromstring(xml)
    return [(e.findtext(f"{ATOM}title") or "", e.find(f"{ATOM}link").get("href") or "")  # type: ignore[union-attr]
            for e in root.findall(f"{ATOM}entry")]


def file_of(path: str) -> str:
    """The file a site path (without base path) is served from."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def built_paths(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


# --- the output URLs ------------------------------------------------------------------------


def test_home_lists_newest_first_per_page_items(newsroom: Path) -> None:
    assert items_on(read(newsroom, "")) == NEWEST_FIRST[0:2]
    assert items_on(read(newsroom, "page/2/")) == NEWEST_FIRST[2:4]
    assert items_on(read(newsroom, "page/3/")) == NEWEST_FIRST[4:6]
    assert not (newsroom / "page/4").exists()
    assert not (newsroom / "page/1").exists()  # page 1 is the home page itself


def test_home_pages_link_to_each_other(newsroom: Path) -> None:
    assert rel_links(read(newsroom, "")) == {"next": "/page/2/"}
    assert rel_links(read(newsroom, "page/2/")) == {"prev": "/", "next": "/page/3/"}
    assert rel_links(read(newsroom, "page/3/")) == {"prev": "/page/2/"}


def test_item_page(newsroom: Path) -> None:
    page = read(newsroom, "articles/blinken-and-lavrov-meet/")
    tags, text = parse_html(page)
    links = hrefs(page)
    assert "Blinken and Lavrov Meet" in text
    assert "<strong>ninety</strong>" in page
    assert "https://example.org/geneva" in links  # source_url
    assert "https://example.com/copy" in links  # also_appeared_at
    assert "/people/sergei-lavrov/" in links and "/people/antony-blinken/" in links
    assert "/topics/nato/" in links and "/topics/ukraine/" in links
    assert "/2022/01/21/" in links  # its daily edition
    assert ("img", {"src": "/media/map.png", "alt": "Map of Geneva"}) in tags
    assert "RUSSIALINK" in text and "Reuters" in text
    assert "21 January 2022" in text


def test_every_item_has_its_page(newsroom: Path) -> None:
    for slug in NEWEST_FIRST:
        assert (newsroom / "articles" / slug / "index.html").is_file()


def test_people_and_topics_indexes_list_every_term_with_its_count(newsroom: Path) -> None:
    people = page_text(read(newsroom, "people/"))
    for entry in ["Alexander Grushko (1)", "Antony Blinken (1)", "Jens Stoltenberg (1)", "Nobody Yet (0)",
                  "Sergei Lavrov (2)", "Sergei Ryabkov (2)", "Wendy Sherman (1)", "Zbigniew Rau (1)"]:
        assert entry in people
    topics = page_text(read(newsroom, "topics/"))
    for entry in ["NATO (4)", "Security guarantees (2)", "Ukraine (1)"]:
        assert entry in topics
    links = hrefs(read(newsroom, "topics/"))
    assert sorted(h for h in links if h.startswith("/topics/") and h != "/topics/") == [
        "/topics/nato/", "/topics/security-guarantees/", "/topics/ukraine/"]


def test_term_page_lists_its_items_newest_first_over_pages(newsroom: Path) -> None:
    nato = [SLUGS[k] for k in ("geneva", "osce", "council", "ryabkov")]
    assert items_on(read(newsroom, "topics/nato/")) == nato[:2]
    assert items_on(read(newsroom, "topics/nato/page/2/")) == nato[2:]
    assert not (newsroom / "topics/nato/page/3").exists()
    assert rel_links(read(newsroom, "topics/nato/")) == {"next": "/topics/nato/page/2/"}
    assert rel_links(read(newsroom, "topics/nato/page/2/")) == {"prev": "/topics/nato/"}


def test_term_page_shows_the_profile(newsroom: Path) -> None:
    text = page_text(read(newsroom, "people/sergei-lavrov/"))
    assert "Sergei Lavrov" in text and "Foreign Minister" in text and "Russia's foreign minister." in text
    assert items_on(read(newsroom, "people/sergei-lavrov/")) == [SLUGS["february"], SLUGS["geneva"]]


def test_each_term_has_an_atom_feed(newsroom: Path) -> None:
    entries = feed_entries(read(newsroom, "topics/nato/feed.xml"))
    assert [link for _, link in entries] == [
        f"/articles/{SLUGS[k]}/" for k in ("geneva", "osce", "council", "ryabkov")]
    assert entries[0][0] == "Blinken and Lavrov Meet"
    assert "/topics/nato/feed.xml" in read(newsroom, "topics/nato/")
    assert feed_entries(read(newsroom, "people/nobody-yet/feed.xml")) == []


def test_term_feeds_can_be_turned_off(make_site: MakeSite, tmp_path: Path) -> None:
    """`feed.terms: false` keeps the site feed only: no term feed is written or
    linked, and a build after one with term feeds removes those it wrote."""
    files = {"content/articles/a.md": article("Talks", "2022-01-10", people="[Sergei Lavrov]",
                                              topics="[NATO]", source="TASS")}
    site = make_site({"site.yaml": "title: T\n", **files})
    out = tmp_path / "out"
    build(site, "-o", out)
    assert (out / "people/sergei-lavrov/feed.xml").is_file()
    (site / "site.yaml").write_text("title: T\nfeed:\n  terms: false\n", encoding="utf-8")
    build(site, "-o", out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == ["feed.xml", "sitemap.xml"]
    assert feed_entries(read(out, "feed.xml")) == [("Talks", "/articles/talks/")]
    for term in ("people/sergei-lavrov/", "topics/nato/", "sources/tass/"):
        page = read(out, term)
        assert "Atom feed for" not in page_text(page)
        assert {h for h in hrefs(page) if h.endswith(".xml")} == {"/feed.xml"}, term
        assert page.count('type="application/atom+xml"') == 1, term


def test_daily_editions_hold_the_days_items_in_the_site_time_zone(newsroom: Path) -> None:
    assert items_on(read(newsroom, "2022/01/12/")) == [SLUGS["council"], SLUGS["ryabkov"]]
    # 13 January 22:30 UTC is 14 January in Moscow
    assert items_on(read(newsroom, "2022/01/14/")) == [SLUGS["osce"]]
    assert not (newsroom / "2022/01/13").exists()
    days = sorted(p.parent.relative_to(newsroom).as_posix() for p in newsroom.glob("20*/*/*/index.html"))
    assert days == ["2022/01/10", "2022/01/12", "2022/01/14", "2022/01/21", "2022/02/01"]


def test_editions_link_to_the_previous_and_next_day(newsroom: Path) -> None:
    assert rel_links(read(newsroom, "2022/01/10/")) == {"next": "/2022/01/12/"}
    assert rel_links(read(newsroom, "2022/01/12/")) == {"prev": "/2022/01/10/", "next": "/2022/01/14/"}
    assert rel_links(read(newsroom, "2022/02/01/")) == {"prev": "/2022/01/21/"}


def test_archive_lists_every_day_by_month_newest_first(newsroom: Path) -> None:
    page = read(newsroom, "archive/")
    text = page_text(page)
    assert text.index("February 2022") < text.index("1 February 2022") < text.index("January 2022")
    days = [h for h in hrefs(page) if re.fullmatch(r"/\d{4}/\d\d/\d\d/", h)]
    assert days == ["/2022/02/01/", "/2022/01/21/", "/2022/01/14/", "/2022/01/12/", "/2022/01/10/"]
    assert re.search(r"12 January 2022 \(2 items\)", text)


def test_site_feed_has_the_newest_items(newsroom: Path) -> None:
    xml = read(newsroom, "feed.xml")
    root = ET.fromstring(xml)
    assert root.findtext(f"{ATOM}title") == "Briefing"
    assert [link for _, link in feed_entries(xml)] == [f"/articles/{s}/" for s in NEWEST_FIRST]
    assert '"/feed.xml"' in read(newsroom, "")  # home advertises it


def test_feed_limit(make_site: MakeSite, tmp_path: Path) -> None:
    files = {f"content/articles/a{i}.md": article(f"Item {i}", f"2022-01-{i:02d}") for i in range(1, 6)}
    site = make_site({"site.yaml": "title: T\nfeed:\n  limit: 2\n", **files})
    build(site, "-o", tmp_path / "out")
    assert [t for t, _ in feed_entries(read(tmp_path / "out", "feed.xml"))] == ["Item 5", "Item 4"]


def test_feed_updated_is_the_newest_entry_time(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("Moscow evening", "2022-01-18T23:00:00+03:00"),  # 20:00 UTC
        "content/articles/b.md": article("London night", "2022-01-18T21:00:00+00:00"),  # 21:00 UTC
    })
    build(site, "-o", tmp_path / "out")
    root = ET.fromstring(read(tmp_path / "out", "feed.xml"))
    updated = datetime.fromisoformat(root.findtext(f"{ATOM}updated") or "")
    entries = [datetime.fromisoformat(e.findtext(f"{ATOM}updated") or "")
               for e in root.findall(f"{ATOM}entry")]
    assert updated == max(entries)


def test_sitemap_lists_every_indexable_page(newsroom: Path) -> None:
    root = ET.fromstring(read(newsroom, "sitemap.xml"))
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for loc in ["/", "/people/", "/topics/", "/people/sergei-lavrov/", "/people/nobody-yet/", "/topics/nato/",
                "/2022/01/12/", "/archive/", "/about/", *[f"/articles/{s}/" for s in NEWEST_FIRST]]:
        assert loc in locs
    assert "/404.html" not in locs
    assert not any("/page/" in str(loc) for loc in locs)


def test_404_page(newsroom: Path) -> None:
    page = read(newsroom, "404.html")
    assert "/" in hrefs(page)
    assert ("meta", {"name": "robots", "content": "noindex"}) in parse_html(page)[0]


def test_standalone_page(newsroom: Path) -> None:
    assert "Who we are." in page_text(read(newsroom, "about/"))
    assert "/about/" in hrefs(read(newsroom, ""))


def test_media_and_template_static_files_are_copied_verbatim(newsroom: Path) -> None:
    assert (newsroom / "media/map.png").read_bytes() == PNG
    assert (newsroom / "static/extra.css").read_bytes() == b"body { color: navy }\n"
    theme_css = Path(briefgen.__file__).parent / "theme/static/briefgen.css"
    assert (newsroom / "static/briefgen.css").read_bytes() == theme_css.read_bytes()


def test_every_internal_link_resolves_to_a_built_file(newsroom: Path) -> None:
    files = built_paths(newsroom)
    for page in newsroom.rglob("*.html"):
        for tag, attrs in parse_html(page.read_text(encoding="utf-8"))[0]:
            url = attrs.get("href") or attrs.get("src") or ""
            if tag in ("a", "link", "img") and url.startswith("/"):
                path = url.split("#")[0].lstrip("/")
                assert file_of(path) in files, (page, url)


def test_site_template_overrides_a_theme_template(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("Overridden"),
        "templates/article.html": '{% extends "base.html" %}\n{% block main %}<p class="custom">'
                                  "CUSTOM {{ article.title }}</p>{% endblock %}\n",
    })
    build(site, "-o", tmp_path / "out")
    page = read(tmp_path / "out", "articles/overridden/")
    assert '<p class="custom">CUSTOM Overridden</p>' in page
    assert "<!DOCTYPE html>" in page  # the theme's base.html still wraps it
    assert "CUSTOM" not in read(tmp_path / "out", "")


def test_a_card_template_gets_site_like_every_template(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "title: The Wire\n",
        "content/articles/a.md": article("Carded", people="[Sergei Lavrov]"),
        "templates/card.html": '<p class="card">{{ item.title }} on {{ site.title }}</p>\n',
    })
    build(site, "-o", tmp_path / "out")
    for page in ("", "people/sergei-lavrov/", "2022/01/18/"):  # home, term page, edition (via macros)
        assert '<p class="card">Carded on The Wire</p>' in read(tmp_path / "out", page), page


# --- base_url and permalinks -----------------------------------------------------------------


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {**NEWSROOM, "site.yaml": NEWSROOM["site.yaml"] + "base_url: https://host.example/briefings/\n"}
    files["content/pages/about.md"] = ("---\ntitle: About\n---\n"
                                       "See [the archive](/archive/) and ![m](/media/map.png).\n")
    root = write_site(tmp_path_factory.mktemp("prefixed") / "site", files)
    build(root, "-o", root / "out")
    return root / "out"


def test_base_url_path_prefix_is_on_every_internal_link(prefixed: Path) -> None:
    files = built_paths(prefixed)
    for page in prefixed.rglob("*.html"):
        for tag, attrs in parse_html(page.read_text(encoding="utf-8"))[0]:
            for name in ("href", "src"):
                url = attrs.get(name, "")
                if url.startswith("/"):
                    assert url.startswith("/briefings/"), (page, tag, url)
                    path = url.split("#")[0].removeprefix("/briefings/")
                    assert file_of(path) in files, (page, url)
                elif url.startswith("http") and "host.example" in url:
                    assert url.startswith("https://host.example/briefings/"), (page, url)


def test_base_url_prefix_in_markdown_links_lists_and_canonical(prefixed: Path) -> None:
    about = read(prefixed, "about/")
    assert "/briefings/archive/" in hrefs(about)
    canonical = ("link", {"rel": "canonical", "href": "https://host.example/briefings/about/"})
    assert canonical in parse_html(about)[0]
    assert items_on(read(prefixed, ""), "/briefings/") == NEWEST_FIRST[:2]
    assert rel_links(read(prefixed, "page/2/")) == {"prev": "/briefings/", "next": "/briefings/page/3/"}


def test_base_url_prefix_in_feeds_and_sitemap(prefixed: Path) -> None:
    for feed in ("feed.xml", "topics/nato/feed.xml", "people/sergei-lavrov/feed.xml"):
        root = ET.fromstring(read(prefixed, feed))
        links = [link.get("href") or "" for link in root.iter(f"{ATOM}link") if link.get("rel") != "via"]
        assert links and all(h.startswith("https://host.example/briefings/") for h in links), (feed, links)
        assert f"https://host.example/briefings/{feed}" in links
    root = ET.fromstring(read(prefixed, "sitemap.xml"))
    locs = [u.findtext(f"{SITEMAP}loc") or "" for u in root.findall(f"{SITEMAP}url")]
    assert "https://host.example/briefings/" in locs
    assert all(loc.startswith("https://host.example/briefings/") for loc in locs)


def test_base_url_can_be_given_on_the_command_line(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("Item")})
    build(site, "-o", tmp_path / "out", "--base-url", "https://cdn.example/x/")
    assert items_on(read(tmp_path / "out", ""), "/x/") == ["item"]
    assert "https://cdn.example/x/articles/item/" in read(tmp_path / "out", "feed.xml")


def test_permalink_with_date_fields(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "title: T\ntimezone: Europe/Moscow\n"
                     "permalinks:\n  article: /{year}/{month}/{day}/{slug}/\n",
        "content/articles/a.md": article("Late Night", "2022-01-08T22:30:00Z"),  # 9 January in Moscow
        "content/articles/b.md": article("Daily Summary", "2022-01-09"),
        "content/articles/c.md": article("Daily Summary", "2022-01-10"),  # same slug, another day: fine
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    assert (out / "2022/01/09/late-night/index.html").is_file()
    assert not (out / "articles").exists()
    assert "/2022/01/09/late-night/" in hrefs(read(out, ""))
    assert "/2022/01/09/late-night/" in hrefs(read(out, "2022/01/09/"))
    assert "/2022/01/09/late-night/" in read(out, "feed.xml")
    assert (out / "2022/01/09/daily-summary/index.html").is_file()
    assert (out / "2022/01/10/daily-summary/index.html").is_file()


# --- content rules ---------------------------------------------------------------------------


def test_an_extra_taxonomy_from_a_single_valued_field(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "title: T\ntaxonomies:\n  people:\n  topics:\n"
                     "  sources: {field: source, title: Outlets}\n",
        "content/articles/a.md": article("A", "2022-01-18", source="Reuters"),
        "content/articles/b.md": article("B", "2022-01-19", source="TASS"),
        "content/articles/c.md": article("C", "2022-01-20", source="reuters"),
        "content/articles/d.md": article("D", "2022-01-21", source="Reuters"),
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    text = page_text(read(out, "sources/"))
    assert "Outlets" in text and "Reuters (3)" in text and "TASS (1)" in text
    assert items_on(read(out, "sources/reuters/")) == ["d", "c", "a"]
    assert (out / "sources/reuters/feed.xml").is_file()
    assert "/sources/" in hrefs(read(out, ""))  # in the main navigation


def test_an_item_taking_a_briefgen_path_is_an_error_with_file_and_line(make_site: MakeSite) -> None:
    site = make_site({
        "site.yaml": "title: T\npermalinks:\n  article: /{slug}/\n",
        "content/articles/a.md": article("Archive"),
        "content/articles/b.md": article("People", "2022-01-19"),
    })
    result = run_cli("build", site)
    assert result.code == 1
    errors = result.err_lines[:-1]
    assert len(errors) == 2
    assert any(re.match(r"content/articles/a\.md:\d+: .*/archive/", e) for e in errors), errors
    assert any(re.match(r"content/articles/b\.md:\d+: .*/people/", e) for e in errors), errors


def test_an_item_and_a_page_on_one_path_is_an_error_naming_both(make_site: MakeSite) -> None:
    site = make_site({
        "site.yaml": "title: T\npermalinks:\n  article: /{slug}/\n",
        "content/articles/a.md": article("About"),
        "content/pages/about.md": "---\ntitle: About\n---\nx\n",
    })
    result = run_cli("build", site)
    assert result.code == 1
    [error] = result.err_lines[:-1]
    assert re.match(r"content/(articles/a|pages/about)\.md:\d+: ", error)
    assert "content/articles/a.md" in error and "content/pages/about.md" in error and "/about/" in error
    assert not (site / "public").exists()


def test_drafts_are_left_out_unless_asked_for(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("Published", people="[Public Person]"),
        "content/articles/b.md": article("Secret Draft", "2022-01-19", people="[Draft Person]", draft="true"),
        "content/pages/wip.md": "---\ntitle: Work in Progress\ndraft: true\n---\nx\n",
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*")
                         if p.suffix in (".html", ".xml"))
    assert "Secret Draft" not in everything and "Draft Person" not in everything
    assert "Work in Progress" not in everything
    assert not (out / "articles/secret-draft").exists() and not (out / "people/draft-person").exists()
    assert not (out / "2022/01/19").exists() and not (out / "work-in-progress").exists()

    build(site, "-o", tmp_path / "with-drafts", "--drafts")
    drafts = tmp_path / "with-drafts"
    assert items_on(read(drafts, "")) == ["secret-draft", "published"]
    assert (drafts / "people/draft-person/index.html").is_file()
    assert (drafts / "work-in-progress/index.html").is_file()


def test_a_single_string_where_a_list_is_expected(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article(
        "Single", people="Sergei Lavrov", topics="NATO", also_appeared_at="https://example.com/copy")})
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    assert items_on(read(out, "people/sergei-lavrov/")) == ["single"]
    assert items_on(read(out, "topics/nato/")) == ["single"]
    assert "https://example.com/copy" in hrefs(read(out, "articles/single/"))


def test_spellings_of_one_name_are_one_person(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("One", "2022-01-10", people="[Sergei Lavrov]"),
        "content/articles/b.md": article("Two", "2022-01-11", people="['sergei  lavrov']"),
        "content/articles/c.md": article("Three", "2022-01-12", people="SERGEI LAVROV"),
        "content/articles/d.md": article("Four", "2022-01-13", people="Sergei Lavrov"),
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    assert sorted(p.name for p in (out / "people").iterdir() if p.is_dir()) == ["sergei-lavrov"]
    assert items_on(read(out, "people/sergei-lavrov/")) == ["four", "three", "two", "one"]
    assert "Sergei Lavrov (4)" in page_text(read(out, "people/"))


def test_profile_aliases_in_any_script_point_at_the_profile(newsroom: Path) -> None:
    # 'Сергей Лавров' (an alias) and 'sergei lavrov' both land on the profile's page
    assert sorted(p.name for p in (newsroom / "people").iterdir() if p.is_dir()) == [
        "alexander-grushko", "antony-blinken", "jens-stoltenberg", "nobody-yet", "sergei-lavrov",
        "sergei-ryabkov", "wendy-sherman", "zbigniew-rau"]
    geneva = read(newsroom, "articles/blinken-and-lavrov-meet/")
    assert "/people/sergei-lavrov/" in hrefs(geneva)
    # Shown by its display name (the other names are only in the hidden paragraph search indexes).
    assert "Сергей Лавров" not in page_text(re.sub(r"<p hidden[^>]*>.*?</p>", "", geneva))


def test_unprofiled_name_in_cyrillic_gets_an_ascii_slug(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("Briefing", people="[Мария Захарова]")})
    build(site, "-o", tmp_path / "out")
    [folder] = [p for p in (tmp_path / "out/people").iterdir() if p.is_dir()]
    assert folder.name.isascii() and folder.name.strip("-")
    assert "Мария Захарова (1)" in page_text(read(tmp_path / "out", "people/"))


def test_display_name_is_the_most_used_spelling(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("One", "2022-01-10", topics="[Nato]"),
        "content/articles/b.md": article("Two", "2022-01-11", topics="[NATO]"),
        "content/articles/c.md": article("Three", "2022-01-12", topics="[NATO]"),
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    assert "NATO (3)" in page_text(read(out, "topics/"))
    assert "Nato (" not in page_text(read(out, "topics/"))
    assert page_text(read(out, "articles/one/")).count("Nato") == 0  # even where it was written 'Nato'


def test_profile_without_items_gets_its_page(newsroom: Path) -> None:
    text = page_text(read(newsroom, "people/nobody-yet/"))
    assert "Nobody Yet" in text and "Not named by any item." in text
    assert items_on(read(newsroom, "people/nobody-yet/")) == []


def term_folders(out: Path, taxonomy: str) -> dict[str, str]:
    """Display name -> slug of every term, read from the taxonomy's index page."""
    found = {text: href.split("/")[2] for href, text in anchors(read(out, f"{taxonomy}/"))
             if re.fullmatch(rf"/{taxonomy}/[^/]+/", href)}
    assert sorted(found.values()) == sorted(p.name for p in (out / taxonomy).iterdir() if p.is_dir())
    return found


def test_colliding_term_slugs_are_distinct_stable_and_warned(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article("Umlaut", "2022-01-10", topics="[Zürich]"),
        "content/articles/b.md": article("Plain", "2022-01-11", topics="[Zurich]"),
    })
    first = run_cli("build", site, "-o", tmp_path / "out1")
    assert first.code == 0
    [warning] = [line for line in first.err_lines if line.startswith("warning:") and "base_url" not in line]
    assert "'Zürich'" in warning and "'Zurich'" in warning and "'zurich'" in warning
    slugs = term_folders(tmp_path / "out1", "topics")
    assert set(slugs) == {"Zürich", "Zurich"}
    assert slugs["Zürich"] != slugs["Zurich"]
    assert all(s.startswith("zurich") and s.isascii() for s in slugs.values())
    assert items_on(read(tmp_path / "out1", f"topics/{slugs['Zürich']}/")) == ["umlaut"]
    assert items_on(read(tmp_path / "out1", f"topics/{slugs['Zurich']}/")) == ["plain"]

    # The same slugs on a rebuild, and when more terms (even a third colliding one) come along.
    build(site, "-o", tmp_path / "again")
    assert term_folders(tmp_path / "again", "topics") == slugs
    write_site(site, {"content/articles/c.md": article("Elsewhere", "2022-01-12", topics="[ZURICH!, Bern]")})
    second = run_cli("build", site, "-o", tmp_path / "out2")
    assert second.code == 0
    after = term_folders(tmp_path / "out2", "topics")
    assert {name: after[name] for name in slugs} == slugs
    assert len(set(after.values())) == 4


def test_ordering_is_newest_first_then_title_then_slug(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/1.md": article("Bravo", "2022-01-18"),
        "content/articles/2.md": article("Alpha", "2022-01-18"),
        "content/articles/3.md": article("Same Title", "2022-01-18", slug="zulu"),
        "content/articles/4.md": article("Same Title", "2022-01-18", slug="yankee"),
        "content/articles/5.md": article("Zebra", "2022-01-18T09:00:00Z"),
        "content/articles/6.md": article("Older", "2022-01-17T23:59:59Z"),
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    expected = ["zebra", "alpha", "bravo", "yankee", "zulu", "older"]
    assert items_on(read(out, "")) == expected
    assert [link for _, link in feed_entries(read(out, "feed.xml"))] == [f"/articles/{s}/" for s in expected]
    assert items_on(read(out, "2022/01/18/")) == expected[:-1]


def test_summary_defaults_to_the_first_paragraph(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/a.md": article(
            "Default", body="## Heading\n\nLavrov **said** there\nwill be no war.\n\nSecond paragraph."),
        "content/articles/b.md": article(
            "Given", "2022-01-17", body="Body paragraph.", summary="Set by hand."),
    })
    build(site, "-o", tmp_path / "out")
    out = tmp_path / "out"
    home = page_text(read(out, ""))
    assert "Lavrov said there will be no war." in home
    assert "Second paragraph." not in home and "Heading" not in home
    assert "Set by hand." in home and "Body paragraph." not in home
    meta = [a["content"] for t, a in parse_html(read(out, "articles/default/"))[0]
            if t == "meta" and a.get("name") == "description"]
    assert meta == ["Lavrov said there will be no war."]
    feed = ET.fromstring(read(out, "feed.xml"))
    summaries = [e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")]
    assert summaries == ["Lavrov said there will be no war.", "Set by hand."]


def test_updated_date_is_shown_in_the_site_time_zone(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"site.yaml": "title: T\ntimezone: Europe/Moscow\n",
                      "content/articles/a.md": article("Item", updated="2022-01-19T22:30:00Z")})
    build(site, "-o", tmp_path / "out")
    text = page_text(read(tmp_path / "out", "articles/item/"))
    assert "18 January 2022" in text and "Updated 20 January 2022" in text


# --- the command line ------------------------------------------------------------------------


def test_build_ends_with_one_summary_line(make_site: MakeSite) -> None:
    site = make_site({
        "site.yaml": "title: Test\nbase_url: https://briefing.example.org/\n",  # else it warns
        "content/articles/a.md": article("One", people="[A Person, B Person]", topics="[NATO]"),
        "content/articles/b.md": article("Two", "2022-01-19", people="[A Person]"),
    })
    result = run_cli("build", site, cwd=site)
    assert result.code == 0
    assert result.out == ""
    [line] = result.err_lines
    m = re.fullmatch(r"built (\d+) pages \((\d+) written\) from 2 items, 2 people, 1 topics, "
                     r"0 sources, 0 series in (\d+\.\d+) s -> (.+)", line)
    assert m, line
    out = site / "public"
    # Every file rendered from a template: pages, feeds, the sitemap, and the hosts' _headers.
    pages = [p for p in out.rglob("*") if p.suffix in (".html", ".xml") or p.name == "_headers"]
    assert int(m.group(1)) == len(pages)
    assert int(m.group(2)) == len([p for p in out.rglob("*") if p.is_file() and p.name != ".briefgen-output"])
    assert m.group(4) == "public"


def test_a_rebuild_without_cache_counts_only_files_whose_bytes_changed(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One"), "content/articles/b.md": article("Two")})
    run_cli("build", site)
    shutil.rmtree(site / ".briefgen-cache")  # the next build writes a new tree, linking same files
    assert "(0 written)" in run_cli("build", site).err
    (site / "templates").mkdir()
    (site / "templates/card.html").write_text("<p>{{ item.title }}</p>\n", encoding="utf-8")
    written = int(re.search(r"\((\d+) written\)", run_cli("build", site).err).group(1))  # type: ignore[union-attr]
    lists = [p for p in (site / "public").rglob("*.html")
             if "<p>One</p>" in p.read_text(encoding="utf-8")]
    assert written == len(lists) > 0  # the pages that list cards (404.html among them), and nothing else


def test_quiet_build_prints_nothing(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/a.md": article("One")})
    result = run_cli("build", site, "-o", tmp_path / "out", "-q")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert (tmp_path / "out/index.html").is_file()


def test_site_defaults_to_the_current_folder_and_output_to_output_dir(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": "title: T\noutput_dir: dist/www\n",
                      "content/articles/a.md": article("One")})
    assert run_cli("build", cwd=site).code == 0
    assert (site / "dist/www/articles/one/index.html").is_file()
    assert not (site / "public").exists()


@pytest.mark.parametrize("args", [["frobnicate"], ["build", "--frobnicate"], [], ["build", "-q", "-v"],
                                  ["serve", "--port", "eighty"]])
def test_bad_usage_exits_2(args: list[str], make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One")})
    result = run_cli(*args, cwd=site)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert not (site / "public").exists()


def test_an_invalid_base_url_option_is_bad_usage(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One")})
    result = run_cli("build", site, "--base-url", "javascript:alert(1)")
    assert "Traceback" not in result.err and "--base-url" in result.err
    assert not (site / "public").exists()
    assert result.code == 2


def test_unknown_command_names_itself() -> None:
    result = run_cli("frobnicate")
    assert result.code == 2
    assert "frobnicate" in result.err


def test_site_errors_exit_1(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One", date="someday")})
    result = run_cli("build", site)
    assert result.code == 1
    assert result.err_lines[0].startswith("content/articles/a.md:3: date: not a date: 'someday'")


def test_a_folder_without_site_yaml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = run_cli("build", tmp_path)
    assert result.code == 1
    assert "site.yaml" in result.err and "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_check_validates_and_writes_nothing(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One", people="[A Person]"),
                      "content/articles/b.md": article("Draft", draft="true", date="2022-02-30")})
    result = run_cli("check", site)
    assert result.code == 1  # check looks at drafts too
    assert result.err_lines[0] == "content/articles/b.md:3: date: not a date: '2022-02-30'"
    write_site(site, {"content/articles/b.md": article("Draft", draft="true")})
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    result = run_cli("check", site)
    assert result.code == 0, result.err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not (site / "public").exists()


def test_version() -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"briefgen {briefgen.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", briefgen.__version__)


@pytest.mark.slow
def test_real_process_exit_codes_and_no_traceback(make_site: MakeSite) -> None:
    """The installed entry point, not just main(): exit codes reach the shell."""
    good = make_site({"content/articles/a.md": article("One")}, name="good")
    bad = make_site({"content/articles/a.md": article("One", date="2022-02-30")}, name="bad")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)],
                              capture_output=True, text=True, timeout=60)

    ok = run("build", good, "-q")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    failed = run("build", bad)
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[0] == "content/articles/a.md:3: date: not a date: '2022-02-30'"
    assert "Traceback" not in failed.stderr
    usage = run("frobnicate")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    version = run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"briefgen {briefgen.__version__}")


def test_the_example_site_at_the_repository_root_builds(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    result = build(repo, "-o", tmp_path / "out")
    assert not [line for line in result.err_lines if not line.startswith("built ")]  # no warnings
    assert (tmp_path / "out/index.html").is_file() and (tmp_path / "out/feed.xml").is_file()


def test_an_item_file_larger_than_one_read_is_read_whole(make_site: MakeSite) -> None:
    """Files are read in 64 KiB first; a long item (here about 200 KB) keeps its end."""
    long_body = "\n\n".join(f"Paragraph {n}: " + "words " * 60 for n in range(600))
    root = make_site({"site.yaml": "title: T\n",
                      "content/articles/long.md": article("Long", "2022-01-02",
                                                          long_body + "\n\nTHE END.")})
    build(root)
    page = (root / "public/articles/long/index.html").read_text(encoding="utf-8")
    assert "Paragraph 599:" in page and "THE END." in page


def test_a_template_saved_with_a_byte_order_mark_starts_its_pages_with_the_doctype(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Editors on Windows often save "UTF-8 with BOM"; a U+FEFF before <!DOCTYPE html>
    would open the page's body there and end <head> early."""
    theme = Path(briefgen.__file__).parent / "theme" / "templates" / "base.html"
    site = make_site({"content/articles/a.md": article("Talks"),
                      "templates/base.html": b"\xef\xbb\xbf" + theme.read_bytes()})
    build(site, "-o", tmp_path / "out")
    for page in ("index.html", "articles/talks/index.html"):
        assert (tmp_path / "out" / page).read_bytes().startswith(b"<!DOCTYPE html>"), page
