"""What the built-in theme shows a reader: days on the home page, the "Read at"
action, people indexes by family name with roles and `lang`, the 404 page,
the icon, and the other names search indexes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    MakeSite,
    anchors,
    article,
    build,
    page_text,
    parse_html,
    run_cli,
    write_site,
)
from tests.test_search import CHROMIUM, LAUNCH_ARGS, need_browser, serve

SITE = "title: Brief\ntimezone: Europe/Moscow\nsearch: false\n"


def read(out: Path, path: str) -> str:
    return (out / path / "index.html" if not path.endswith(".html") else out / path).read_text(
        encoding="utf-8")


def built(make_site: MakeSite, tmp_path: Path, files: dict[str, str], config: str = SITE) -> Path:
    build(make_site({"site.yaml": config, **files}), "-o", tmp_path / "out")
    return tmp_path / "out"


def test_the_home_page_groups_items_under_their_days_newest_first(make_site: MakeSite,
                                                                  tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {
        "content/articles/a.md": article("Monday Item", "2022-01-17T09:30:00+03:00"),
        "content/articles/b.md": article("Tuesday Early", "2022-01-18T08:00:00+03:00"),
        "content/articles/c.md": article("Tuesday Late", "2022-01-18T19:45:00+03:00"),
        "content/articles/d.md": article("Tuesday Undated", "2022-01-18"),
    })
    home = read(out, "")
    headings = re.findall(r'<h2 class="day-head"[^>]*>(.*?)</h2>', home)
    assert [page_text(h) for h in headings] == ["Tuesday 18 January 2022 3 items",
                                                "Monday 17 January 2022 1 item"]
    assert ("/2022/01/18/", "Tuesday 18 January 2022") in anchors(home)
    tuesday = home[home.index('id="day-2022-01-18"'):home.index('id="day-2022-01-17"')]
    assert re.findall(r'class="item-title"><a [^>]*>([^<]*)<', tuesday) == [
        "Tuesday Late", "Tuesday Early", "Tuesday Undated"]
    assert ">19:45</time>" in tuesday  # the time, in the site's zone; the day is the heading's
    # The masthead gives the latest edition's date.
    assert '<p class="dateline"><time datetime="2022-01-18">Tuesday 18 January 2022</time>' in home


def test_an_item_page_has_a_read_at_source_action_and_names_other_places_by_site(
        make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {"content/articles/a.md": article(
        "Talks", source="Reuters", source_url="https://www.reuters.com/world/x",
        also_appeared_at="[https://www.ft.com/content/y, https://apnews.com/z]")})
    page = read(out, "articles/talks")
    action = page[page.index('<aside class="read-at"'):page.index("</aside>")]
    assert ("https://www.reuters.com/world/x", "Read at Reuters ↗") in anchors(action)
    assert ("/sources/reuters/", "Reuters") in anchors(action)
    assert ("https://www.ft.com/content/y", "ft.com") in anchors(action)
    assert ("https://apnews.com/z", "apnews.com") in anchors(action)
    # The source is not named again in the header.
    header = page[page.index('<header class="story-head">'):page.index("</header>", page.index("story-head"))]
    assert "Reuters" not in header


def test_an_item_without_a_source_name_is_read_at_its_site(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {"content/articles/a.md": article(
        "Talks", source_url="https://www.dw.com/en/x")})
    assert ("https://www.dw.com/en/x", "Read at dw.com ↗") in anchors(read(out, "articles/talks"))


def test_people_are_indexed_by_family_name_with_roles_and_lang(make_site: MakeSite,
                                                               tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {
        "content/people/xi.md": "---\nname: Xi Jinping\nsort_name: Xi Jinping\n"
                                "role: President of China\n---\n",
        "content/people/z.md": "---\nname: Мария Захарова\n---\n",
        "content/articles/a.md": article("A", people="[Antony Blinken, Sergei Lavrov, Мария Захарова, "
                                                     "Xi Jinping, Annalena Baerbock]"),
    })
    index = read(out, "people")
    index = index[index.index('<ul class="term-index">'):]
    names = [page_text(n) for n in re.findall(r'<li><a href="/people/[^"]*"[^>]*>([^<]*)</a>', index)]
    assert names == ["Annalena Baerbock", "Antony Blinken", "Sergei Lavrov", "Xi Jinping",
                     "Мария Захарова"]
    assert '<span class="role">President of China</span>' in index
    assert 'lang="ru">Мария Захарова</a>' in index
    item = read(out, "articles/a")
    assert 'lang="ru">Мария Захарова</a>' in item
    assert item.count('lang="ru"') == item.count('lang="ru">Мария Захарова</a>')  # only hers


def test_a_profile_lang_that_is_no_language_tag_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"site.yaml": SITE, "content/people/z.md": "---\nname: Z\nlang: Russian\n---\n",
                      "content/articles/a.md": article("A", people="[Z]")})
    result = run_cli("build", root, "-o", root / "out")
    assert result.code == 1
    assert ("content/people/z.md:3: lang: use a language tag such as 'ru', 'uk' or 'zh-Hant', "
            "got 'Russian'") in result.err


def test_the_404_page_offers_search_and_the_latest_items(make_site: MakeSite, tmp_path: Path) -> None:
    files = {f"content/articles/{n}.md": article(f"Item {n}", f"2022-01-{n + 10}") for n in range(7)}
    out = built(make_site, tmp_path, files, "title: Brief\nsearch: true\n")
    page = read(out, "404.html")
    tags, _ = parse_html(page)
    form = next(a for t, a in tags if t == "form")
    assert form["action"] == "/search/" and form["role"] == "search"
    assert ("label", {"class": "visually-hidden", "for": "q"}) in tags
    titles = re.findall(r'class="item-title"><a [^>]*>([^<]*)<', page)
    assert titles == ["Item 6", "Item 5", "Item 4", "Item 3", "Item 2"]


def test_every_page_links_the_svg_icon_and_it_is_published(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {"content/articles/a.md": article("A")})
    for path in ("", "articles/a", "404.html", "archive"):
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in read(out, path)
    assert (out / "static/favicon.svg").read_text().startswith("<svg")


def test_a_site_icon_of_its_own_replaces_the_theme_s(make_site: MakeSite, tmp_path: Path) -> None:
    mine = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n'
    out = built(make_site, tmp_path, {"content/articles/a.md": article("A"),
                                      "templates/static/favicon.svg": mine})
    assert (out / "static/favicon.svg").read_text() == mine


def test_an_item_page_holds_the_other_names_of_its_people_for_search(make_site: MakeSite,
                                                                      tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {
        "content/people/l.md": "---\nname: Sergei Lavrov\naliases: [Сергей Лавров]\n"
                               "former_names: [Sergey Lavrov]\n---\n",
        "content/articles/a.md": article("A", people="[Sergei Lavrov]"),
    })
    page = read(out, "articles/a")
    body = page[page.index("data-pagefind-body"):page.index("</article>")]
    assert "<p hidden data-pagefind-weight=\"0.5\">Also known as: Сергей Лавров, Sergey Lavrov</p>" in body
    # The person's page shows them, each in its own language.
    term = read(out, "people/sergei-lavrov")
    assert ('<p class="aliases">Also written: <span lang="ru">Сергей Лавров</span>, '
            "<span>Sergey Lavrov</span></p>") in term


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page of a built site in print mode, and its PDF: page.goto(url) first."""
    sync_playwright = need_browser()
    root = tmp_path_factory.mktemp("print")
    files = {"site.yaml": SITE,
             "content/articles/a.md": article("Short Item", source="Reuters",
                                              source_url="https://www.reuters.com/x", topics="[NATO]"),
             "content/articles/b.md": article("Related Item", "2022-01-17", topics="[NATO]")}
    write_site(root / "site", files)
    build(root / "site", "-o", root / "out")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for url in serve(root / "out"):
            page = browser.new_page()
            page.goto(url + "articles/short-item/")
            page.emulate_media(media="print")
            yield page
        browser.close()


@pytest.mark.slow
def test_an_item_prints_alone_on_one_page(printed: Any) -> None:
    hidden = ".masthead nav, .site-footer, .related, .story-terms"
    shown = printed.eval_on_selector_all(
        hidden, "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
    assert shown == 0
    pdf = printed.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    # The source's address is printed after "Read at".
    assert "https://www.reuters.com/x" in printed.eval_on_selector(
        ".read-at .source", "e => getComputedStyle(e, '::after').content")


def test_the_menu_leaves_out_a_taxonomy_no_item_uses_yet(make_site: MakeSite, tmp_path: Path) -> None:
    """A site whose items name topics but no person, source or series (an
    imported blog) links no page that would only say "None yet"."""
    out = built(make_site, tmp_path, {"content/articles/a.md": article("Talks", topics=["NATO"])})
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', read(out, ""), re.DOTALL)
    assert nav is not None
    labels = [text for _, text in anchors(nav.group(1))]
    assert "Topics" in labels and "People" not in labels and "Sources" not in labels
    assert (out / "people/index.html").is_file()  # still there for a link made before
