"""Briefing intelligence end to end: entity links, tagging help, term insights, dated roles,
former names and redirects, sources and series, edition groups, related items."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from briefgen.build.output import MARKER
from briefgen.build.pipeline import build_site
from briefgen.core.errors import SiteErrors
from briefgen.serve.server import Preview
from briefgen.source.config import parse_config
from briefgen.source.content import parse_profile
from briefgen.source.markdown import make_markdown
from briefgen.source.records import Profile, Role
from tests.conftest import (
    MakeSite,
    anchors,
    article,
    as_check,
    build,
    hrefs,
    page_text,
    parse_html,
    run_cli,
    write_site,
)

REPO = Path(__file__).resolve().parent.parent
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONFIG = "title: Briefing\nbase_url: https://briefing.example.org/\nsearch: false\n"

UNTAGGED = """\
---
title: Kyiv Talks Continue
date: 2022-01-12T10:00:00Z
series: UKRAINELINK
source: Reuters
people: [Sergei Lavrov]
---
The first line.

Officials said that later
Antony Blinken spoke, and Blinken again.

    Volodymyr Zelenskyy in indented code.

```
Jens Stoltenberg in fenced code.
```
"""

# Seven items over three months. Lavrov has dated roles; Zelenskyy was once spelled Zelensky.
BRIEFING = {
    "site.yaml": CONFIG,
    "content/people/lavrov.md": (
        "---\nname: Sergei Lavrov\naliases: [Lavrov]\nrole:\n"
        "  - {title: Foreign Minister of Russia, from: 2004-03-09}\n"
        "  - {title: Permanent Representative of Russia to the UN, from: 1994-04-01, to: 2004-03-08}\n"
        "---\nRussia's foreign minister.\n"),
    "content/people/zelenskyy.md": (
        "---\nname: Volodymyr Zelenskyy\naliases: [Zelenskyy]\nformer_names: [Volodymyr Zelensky]\n"
        "role: President of Ukraine\n---\nPresident of Ukraine.\n"),
    "content/people/blinken.md": (
        "---\nname: Antony Blinken\naliases: [Blinken]\nrole: US Secretary of State\n---\nBio.\n"),
    "content/people/stoltenberg.md": "---\nname: Jens Stoltenberg\n---\nBio.\n",
    "content/articles/2003/lavrov-at-the-un.md": article(
        "Lavrov at the UN", "2003-05-01T12:00:00Z", "Sergei Lavrov spoke at the Security Council.",
        people="[Sergei Lavrov]", source="UN News", series="UNLINK"),
    "content/articles/2022/geneva.md": article(
        "Blinken and Lavrov Meet in Geneva", "2022-01-10T12:00:00Z",
        "## Talks on NATO\n\nSergei Lavrov met Antony Blinken in Geneva. They discussed NATO.\n\n"
        "Lavrov said NATO must not grow, and Blinken disagreed.",
        people="[Sergei Lavrov, Antony Blinken]", topics="[NATO, Security guarantees]",
        source="Reuters", series="RUSSIALINK"),
    "content/articles/2022/brussels.md": article(
        "NATO-Russia Council Meets", "2022-01-12T09:00:00Z", "The council met.",
        people="[Sergei Lavrov]", topics="[NATO]", source="TASS", series="RUSSIALINK"),
    "content/articles/2022/firsts.md": article(
        "Where Links Never Go", "2022-01-12T08:00:00Z",
        "### NATO in a heading\n\n`NATO` in code, then [the NATO site](https://www.nato.int/), "
        "then NATO itself.\n\n```\nNATO in a block\n```\n\nReuters and RUSSIALINK have pages, "
        "but sources and series are not linked.",
        topics="[NATO]"),
    "content/articles/2022/plain.md": article(
        "Unlinked on Purpose", "2022-01-12T07:00:00Z", "NATO and Sergei Lavrov, unlinked.",
        autolink="false"),
    "content/articles/2022/untagged.md": UNTAGGED,
    "content/articles/2022/kyiv.md": article(
        "Zelensky Meets Blinken", "2022-01-19T12:00:00Z", "Volodymyr Zelensky met Blinken in Kyiv.",
        people="[Volodymyr Zelensky, Antony Blinken]", topics="[Ukraine]", source="Reuters",
        series="UKRAINELINK"),
    "content/articles/2022/march.md": article(
        "Lavrov and Blinken Talk Again", "2022-03-02T12:00:00Z", "A phone call.",
        people="[Sergei Lavrov, Antony Blinken]", topics="[NATO]", source="AP", series="RUSSIALINK"),
}
SLUG = {
    "un": "lavrov-at-the-un", "geneva": "blinken-and-lavrov-meet-in-geneva",
    "brussels": "nato-russia-council-meets", "firsts": "where-links-never-go",
    "plain": "unlinked-on-purpose", "untagged": "kyiv-talks-continue",
    "kyiv": "zelensky-meets-blinken", "march": "lavrov-and-blinken-talk-again",
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("briefing") / "site", BRIEFING)


@pytest.fixture(scope="module")
def out(site_root: Path) -> Path:
    build(site_root, "-o", site_root / "out")
    return site_root / "out"


def read(out: Path, path: str) -> str:
    """The page at site PATH ('' is home, 'people/' a folder, 'feed.xml' a file)."""
    file = out / (path + "index.html" if path == "" or path.endswith("/") else path)
    return file.read_text(encoding="utf-8")


def item_page(out: Path, name: str) -> str:
    return read(out, f"articles/{SLUG[name]}/")


def body(page: str) -> str:
    """The rendered body of an item page."""
    m = re.search(r'<div class="body">\n(.*?)\n  </div>', page, re.S)
    assert m, "no body on the page"
    return m.group(1)


def autolinks(html: str) -> list[tuple[str, str]]:
    """(href, text) of every entity link."""
    return re.findall(r'<a class="autolink" href="([^"]*)">([^<]*)</a>', html)


def section(page: str, heading_id: str) -> str:
    """The <section> labelled by HEADING_ID."""
    m = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert m, f"no section {heading_id}"
    return m.group(0)


# --- entity linking -------------------------------------------------------------------------

def test_first_mentions_of_known_people_and_topics_link_to_their_pages(out: Path) -> None:
    assert autolinks(body(item_page(out, "geneva"))) == [
        ("/people/sergei-lavrov/", "Sergei Lavrov"), ("/people/antony-blinken/", "Antony Blinken"),
        ("/topics/nato/", "NATO")]


def test_names_in_headings_are_not_linked_and_later_mentions_stay_plain(out: Path) -> None:
    html = body(item_page(out, "geneva"))
    # Only the heading's own anchor link (headings.py) is a link in it.
    assert re.search(r'<h2 id="talks-on-nato">Talks on NATO<a class="heading-anchor" '
                     r'href="#talks-on-nato"[^>]*>#</a></h2>', html)
    assert "<p>Lavrov said NATO must not grow, and Blinken disagreed.</p>" in html


def test_never_inside_existing_links_headings_or_code(out: Path) -> None:
    html = body(item_page(out, "firsts"))
    assert '<h3 id="nato-in-a-heading">NATO in a heading<a class="heading-anchor"' in html
    assert "<code>NATO</code> in code" in html
    assert '<a href="https://www.nato.int/">the NATO site</a>' in html
    assert "<pre><code>NATO in a block\n</code></pre>" in html
    assert autolinks(html) == [("/topics/nato/", "NATO")]
    assert 'then <a class="autolink" href="/topics/nato/">NATO</a> itself.' in html


def test_a_former_name_links_to_the_current_page(out: Path) -> None:
    assert autolinks(body(item_page(out, "kyiv"))) == [
        ("/people/volodymyr-zelenskyy/", "Volodymyr Zelensky"), ("/people/antony-blinken/", "Blinken")]


def test_an_item_can_turn_linking_off(out: Path) -> None:
    page = item_page(out, "plain")
    assert autolinks(page) == []
    assert "<p>NATO and Sergei Lavrov, unlinked.</p>" in body(page)


def test_names_outside_item_bodies_are_not_linked(out: Path) -> None:
    for path in ("", "people/sergei-lavrov/", "topics/nato/", "2022/01/12/"):
        assert 'class="autolink"' not in read(out, path)


def test_feeds_carry_the_linked_body(out: Path) -> None:
    feed = read(out, "feed.xml")
    assert 'class=&#34;autolink&#34; href=&#34;/people/sergei-lavrov/&#34;' in feed


def test_site_yaml_can_turn_linking_off(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {**BRIEFING, "site.yaml": CONFIG + "autolink: false\n"})
    build(root, "-o", root / "out")
    for page in (root / "out").rglob("*.html"):
        assert 'class="autolink"' not in page.read_text(encoding="utf-8"), page
    html = body(read(root / "out", f"articles/{SLUG['geneva']}/"))
    assert "<p>Sergei Lavrov met Antony Blinken in Geneva. They discussed NATO.</p>" in html


def test_a_new_profile_alias_relinks_unchanged_items_on_rebuild(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/articles/a.md": article("A", "2022-01-10", "The Secretary spoke.", people="[Blinken]"),
        "content/articles/b.md": article("B", "2022-01-11", "Antony Blinken spoke.",
                                         people="[Antony Blinken]"),
    })
    build(root, "-o", tmp_path / "out")
    a_page = tmp_path / "out" / "articles" / "a" / "index.html"
    assert autolinks(a_page.read_text(encoding="utf-8")) == []
    (root / "content/people").mkdir()
    (root / "content/people/blinken.md").write_text(
        "---\nname: Antony Blinken\naliases: [Blinken, The Secretary]\n---\nBio.\n", encoding="utf-8")
    build(root, "-o", tmp_path / "out")
    assert autolinks(a_page.read_text(encoding="utf-8")) == [("/people/antony-blinken/", "The Secretary")]



def test_an_alias_two_people_share_links_to_neither(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/olga.md": "---\nname: Olga Petrenko\naliases: [Petrenko]\n---\nBio.\n",
        "content/people/ivan.md": "---\nname: Ivan Petrenko\naliases: [Petrenko]\n---\nBio.\n",
        "content/articles/a.md": article("A", "2022-01-10", "Petrenko spoke. Olga Petrenko agreed.",
                                         people="[Olga Petrenko]"),
    })
    run = build(root, "-o", tmp_path / "out")
    assert "it is ambiguous and links to none of them" in run.err
    page = (tmp_path / "out" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert autolinks(page) == [("/people/olga-petrenko/", "Olga Petrenko")]


# --- tagging help in `briefgen check` --------------------------------------------------------

def test_keys_that_look_misspelt_are_errors_in_build_and_check(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/articles/a.md": article("A", Draft="true", peopel="[Sergei Lavrov]", my_note="kept"),
        "content/people/lavrov.md": "---\nname: Sergei Lavrov\nalias: [Lavrov]\n---\nBio.\n",
        "content/pages/about.md": "---\ntitle: About\nwieght: 2\n---\nAbout us.\n",
    })
    expected = [
        "content/articles/a.md:4: Draft: not a key briefgen reads (did you mean 'draft'?)",
        "content/articles/a.md:5: peopel: not a key briefgen reads (did you mean 'people'?)",
        "content/pages/about.md:3: wieght: not a key briefgen reads (did you mean 'weight'?)",
        "content/people/lavrov.md:3: alias: not a key briefgen reads (did you mean 'aliases'?)",
        "briefgen: 4 error(s); nothing was written",
    ]
    for command in ("check", "build"):
        result = run_cli(command, root, *(("-o", tmp_path / "out") if command == "build" else ()))
        assert (result.code, [x for x in result.err_lines if not x.startswith("search")]) == (
            1, expected if command == "build" else as_check(expected))
    assert not (tmp_path / "out").exists()


def test_check_warns_about_people_mentioned_but_not_listed(site_root: Path) -> None:
    result = run_cli("check", site_root)
    assert result.code == 0
    warnings = [line for line in result.err_lines if "the body mentions" in line]
    assert sorted(warnings) == [
        "warning: content/articles/2022/plain.md:6: people: the body mentions 'Sergei Lavrov', "
        "which people does not list",
        "warning: content/articles/2022/untagged.md:11: people: the body mentions 'Antony Blinken', "
        "which people does not list",
    ]
    assert result.err_lines[-1].startswith("ok: ")


def test_the_warning_line_is_the_line_of_the_mention(site_root: Path) -> None:
    lines = (site_root / "content/articles/2022/untagged.md").read_text(encoding="utf-8").splitlines()
    assert lines[11 - 1].startswith("Antony Blinken spoke")


def test_check_names_the_alias_or_former_name_it_found(make_site: MakeSite) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/lavrov.md": BRIEFING["content/people/lavrov.md"],
        "content/people/zelenskyy.md": BRIEFING["content/people/zelenskyy.md"],
        "content/articles/a.md": article("A", "2022-01-10", "Intro.\n\nLavrov and Volodymyr Zelensky.",
                                         people="[Jens Stoltenberg]"),
    })
    result = run_cli("check", root)
    assert result.code == 0
    assert [line for line in result.err_lines if "mentions" in line] == [
        "warning: content/articles/a.md:8: people: the body mentions 'Lavrov' (Sergei Lavrov), "
        "which people does not list",
        "warning: content/articles/a.md:8: people: the body mentions 'Volodymyr Zelensky' "
        "(Volodymyr Zelenskyy), which people does not list",
    ]


def test_check_warns_about_a_name_one_slip_from_a_profiled_one(make_site: MakeSite) -> None:
    """A typo makes a second person; close names that both have profiles, a
    name written as an alias, and a new person named in many items do not
    warn."""
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/lavrov.md": BRIEFING["content/people/lavrov.md"],
        "content/people/oleg.md": "---\nname: Oleg Gromov\n---\n",
        "content/people/olga.md": "---\nname: Olga Gromov\n---\n",
        "content/articles/a.md": article("A", "2022-01-10", people="[Sergei Lavorv, Oleg Gromov]"),
        "content/articles/b.md": article("B", "2022-01-11", people="[Olga Gromov, Lavrov]"),
        **{f"content/articles/c{i}.md": article(f"C{i}", "2022-01-12", people="[Olga Gromova]")
           for i in range(3)},
    })
    result = run_cli("check", root)
    assert result.code == 0
    assert [line for line in result.err_lines if "slip" in line] == [
        "warning: content/articles/a.md:4: people: 'Sergei Lavorv' has no profile and is one slip "
        "from 'Sergei Lavrov' (content/people/lavrov.md): as written it is another entry in people, "
        "with a page of its own; if it is the same, write the name as the profile does or add the "
        "spelling to its aliases",
    ]


def test_a_listed_person_is_not_warned_about_under_another_spelling(make_site: MakeSite) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/lavrov.md": BRIEFING["content/people/lavrov.md"],
        "content/articles/a.md": article("A", "2022-01-10", "Sergei Lavrov, or Lavrov.", people="[Lavrov]"),
    })
    result = run_cli("check", root)
    assert result.code == 0
    assert "mentions" not in result.err


def test_build_does_not_print_tagging_warnings(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING})
    result = build(root, "-o", tmp_path / "out")
    assert "mentions" not in result.err


def test_check_reports_the_line_in_crlf_and_bom_files(make_site: MakeSite) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/sherman.md": "---\nname: Wendy Sherman\n---\n",
        "content/articles/a.md": "---\r\ntitle: A\r\ndate: 2022-01-10\r\n---\r\nIntro.\r\n\r\n"
                                 "> Wendy Sherman, quoted.\r\n",
        "content/articles/b.md": "\ufeff---\ntitle: B\ndate: 2022-01-11\n---\nWendy Sherman here.\n",
    })
    result = run_cli("check", root)
    assert result.code == 0
    said = "people: the body mentions 'Wendy Sherman', which people does not list"
    assert sorted(line for line in result.err_lines if "mentions" in line) == [
        f"warning: content/articles/a.md:7: {said}", f"warning: content/articles/b.md:5: {said}"]


def test_check_reads_nested_list_items(make_site: MakeSite) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/sherman.md": "---\nname: Wendy Sherman\n---\n",
        "content/articles/a.md": article("A", "2022-01-10",
                                         "Present:\n\n- Officials:\n    - Wendy Sherman\n"),
    })
    result = run_cli("check", root)
    assert "content/articles/a.md:8: people: the body mentions 'Wendy Sherman'" in result.err


def test_check_warns_about_names_with_an_apostrophe(make_site: MakeSite) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/articles/a.md": article("A", "2022-01-10", "Beto O'Rourke spoke.",
                                         people="[Jens Stoltenberg]"),
        "content/articles/b.md": article("B", "2022-01-11", "Bio.", people="[Beto O'Rourke]"),
    })
    result = run_cli("check", root)
    assert "content/articles/a.md:6: people: the body mentions \"Beto O'Rourke\"" in result.err


# --- person and topic pages: insights --------------------------------------------------------

def test_person_page_shows_first_and_last_seen(out: Path) -> None:
    page = read(out, "people/antony-blinken/")
    assert ('First seen <time datetime="2022-01-10">10 January 2022</time>, '
            'last seen <time datetime="2022-03-02">2 March 2022</time>.') in page


def test_person_page_shows_often_mentioned_with_counts_and_links(out: Path) -> None:
    together = section(read(out, "people/antony-blinken/"), "together-heading")
    assert "Often mentioned with" in together
    # Most often first, ties by taxonomy then name; grouped by taxonomy in that order.
    assert anchors(together) == [
        ("/people/sergei-lavrov/", "Sergei Lavrov"), ("/people/volodymyr-zelenskyy/", "Volodymyr Zelenskyy"),
        ("/topics/nato/", "NATO"), ("/topics/security-guarantees/", "Security guarantees"),
        ("/topics/ukraine/", "Ukraine"),
    ]
    text = page_text(together)
    for name, count in [("Sergei Lavrov", 2), ("NATO", 2), ("Volodymyr Zelenskyy", 1),
                        ("Security guarantees", 1), ("Ukraine", 1)]:
        assert f"{name} ({count})" in text
    assert together.index("<h3>People</h3>") < together.index("<h3>Topics</h3>")


def test_person_page_shows_a_timeline_with_accessible_title_and_description(out: Path) -> None:
    page = read(out, "people/antony-blinken/")
    m = re.search(r'<svg class="timeline"[^>]*>.*?</svg>', page, re.S)
    assert m
    svg = m.group(0)
    ET.fromstring(svg)  # well-formed XML
    assert 'role="img"' in svg
    assert 'aria-labelledby="timeline-antony-blinken-t timeline-antony-blinken-d"' in svg
    # Seven weeks from first to last item: a bar per week, from the Monday of the first.
    assert '<title id="timeline-antony-blinken-t">Items per week</title>' in svg
    desc = ("3 items from the week of 10 January 2022 to the week of 28 February 2022, "
            "never more than one a week.")
    assert f'<desc id="timeline-antony-blinken-d">{desc}</desc>' in svg
    assert [t for t in re.findall(r"<title>([^<]*)</title>", svg)] == [
        "week of 10 January 2022: 1", "week of 17 January 2022: 1", "week of 24 January 2022: 0",
        "week of 31 January 2022: 0", "week of 7 February 2022: 0", "week of 14 February 2022: 0",
        "week of 21 February 2022: 0", "week of 28 February 2022: 1"]
    assert f"<figcaption>Items per week. {desc}</figcaption>" in page


def test_person_page_lists_covering_sources_linked_to_their_pages(out: Path) -> None:
    covered = section(read(out, "people/antony-blinken/"), "sources-heading")
    assert "Covered by" in covered
    assert anchors(covered) == [("/sources/reuters/", "Reuters"), ("/sources/ap/", "AP")]
    assert "Reuters (2)" in page_text(covered) and "AP (1)" in page_text(covered)


def test_topic_pages_have_insights_too(out: Path) -> None:
    page = read(out, "topics/nato/")
    assert 'First seen <time datetime="2022-01-10">' in page
    assert ("/people/sergei-lavrov/", "Sergei Lavrov") in anchors(section(page, "together-heading"))
    assert '<svg class="timeline"' in page


def test_insights_are_on_the_first_page_of_a_term_only(make_site: MakeSite, tmp_path: Path) -> None:
    files = {f"content/articles/i{n}.md": article(f"Item {n}", f"2022-01-{n + 1:02d}", topics="[NATO, EU]",
                                                  source="TASS") for n in range(5)}
    root = make_site({"site.yaml": CONFIG + "per_page: 2\n", **files})
    build(root, "-o", tmp_path / "out")
    first, second = read(tmp_path / "out", "topics/nato/"), read(tmp_path / "out", "topics/nato/page/2/")
    for marker in ('<svg class="timeline"', "First seen", "Often mentioned with", "Covered by"):
        assert marker in first
        assert marker not in second


def test_a_profile_without_items_has_no_insights(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"site.yaml": CONFIG, "content/people/nobody.md": "---\nname: Nobody Yet\n---\nBio.\n",
                      "content/articles/a.md": article("A", "2022-01-10")})
    build(root, "-o", tmp_path / "out")
    page = read(tmp_path / "out", "people/nobody-yet/")
    for marker in ("<svg", "First seen", "Often mentioned with", "Covered by"):
        assert marker not in page


def test_a_source_page_does_not_say_it_is_covered_by_itself(out: Path) -> None:
    assert "Covered by" not in read(out, "sources/reuters/")


def test_covered_by_counts_spellings_of_one_source_as_one(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/a.md": article("A", people="[P]", source="TASS"),
        "content/articles/b.md": article("B", date="2022-01-19", people="[P]", source="tass"),
    })
    build_site(root, output=tmp_path / "out")
    html = (tmp_path / "out/people/p/index.html").read_text(encoding="utf-8")
    assert html.count('<a href="/sources/tass/">') == 1


# --- dated roles -------------------------------------------------------------------------------

def role_next_to(page: str, name: str) -> str:
    """The role shown after a person's name in an item's people list ('' if none)."""
    m = re.search(rf'data-pagefind-filter="people">{re.escape(name)}</a>(?: <span class="role">([^<]*)'
                  r"</span>)?</li>", page)
    assert m, f"{name} is not in the item's people"
    return m.group(1) or ""


def test_an_item_shows_the_role_held_on_its_date(out: Path) -> None:
    assert role_next_to(item_page(out, "un"), "Sergei Lavrov") == \
        "Permanent Representative of Russia to the UN"
    assert role_next_to(item_page(out, "geneva"), "Sergei Lavrov") == "Foreign Minister of Russia"


def test_a_plain_role_shows_on_every_item(out: Path) -> None:
    assert role_next_to(item_page(out, "geneva"), "Antony Blinken") == "US Secretary of State"
    assert role_next_to(item_page(out, "kyiv"), "Volodymyr Zelenskyy") == "President of Ukraine"


def test_the_person_page_shows_the_current_role_and_lists_every_role(out: Path) -> None:
    page = read(out, "people/sergei-lavrov/")
    assert '<p class="role">Foreign Minister of Russia</p>' in page
    roles = section(page, "roles-heading")
    assert page_text(roles) == ("Roles Foreign Minister of Russia (since 9 March 2004) "
                                "Permanent Representative of Russia to the UN (1 April 1994 to 8 March 2004)")


def test_a_plain_role_has_no_roles_section(out: Path) -> None:
    assert 'id="roles-heading"' not in read(out, "people/antony-blinken/")


MD = make_markdown(False)


def roles_profile(roles: str, config: str = "title: T\n") -> Profile:
    return parse_profile(f"---\nname: Someone\nrole:\n{roles}---\nBio.\n", "content/people/someone.md",
                         "people", parse_config(config), MD)


def test_dated_roles_are_kept_oldest_first_and_the_current_one_is_the_open_one() -> None:
    profile = roles_profile("  - {title: Minister, from: 2010-01-01}\n"
                            "  - {title: Deputy, from: 2005-01-01, to: 2009-12-31}\n")
    assert profile.roles == (Role("Deputy", date(2005, 1, 1), date(2009, 12, 31)),
                             Role("Minister", date(2010, 1, 1), None))
    assert profile.role == "Minister"


def test_without_an_open_role_the_current_one_is_the_latest() -> None:
    profile = roles_profile("  - {title: Deputy, from: 2005-01-01, to: 2009-12-31}\n"
                            "  - {title: Minister, from: 2010-01-01, to: 2012-05-01}\n")
    assert profile.role == "Minister"


@pytest.mark.parametrize(("day", "role"), [
    (date(2004, 12, 31), ""),  # before any role
    (date(2005, 1, 1), "Deputy"),  # the first day counts
    (date(2009, 12, 31), "Deputy"),  # and the last
    (date(2010, 1, 1), "Minister"),
    (date(2030, 1, 1), "Minister"),  # an open role lasts
])
def test_role_on_a_day(day: date, role: str) -> None:
    profile = roles_profile("  - {title: Deputy, from: 2005-01-01, to: 2009-12-31}\n"
                            "  - {title: Minister, from: 2010-01-01}\n")
    assert profile.role_on(day) == role


def test_a_plain_role_holds_on_every_day() -> None:
    profile = parse_profile("---\nname: Someone\nrole: Envoy\n---\n", "content/people/s.md", "people",
                            parse_config("title: T\n"), MD)
    assert profile.roles == ()
    assert profile.role_on(date(1900, 1, 1)) == profile.role == "Envoy"


@pytest.mark.parametrize(("roles", "message"), [
    ("  - {title: Minister, from: 2010-01-01, to: 2009-01-01}\n", "is earlier than from"),
    ("  - {from: 2010-01-01}\n", "title"),
    pytest.param("  - Minister\n", "each role in a list is a mapping"),
    ("  - {title: Minister, since: 2010-01-01}\n", "unknown key"),
])
def test_bad_dated_roles_are_errors_with_the_line(roles: str, message: str) -> None:
    with pytest.raises(SiteErrors) as info:
        roles_profile(roles)
    [problem] = info.value.problems
    assert message in problem.message
    assert problem.path == "content/people/someone.md"
    assert problem.line == 4


# --- former names and redirects ------------------------------------------------------------------

def test_the_old_url_has_a_redirect_page(out: Path) -> None:
    page = read(out, "people/volodymyr-zelensky/")
    tags, _ = parse_html(page)
    metas = [attrs for tag, attrs in tags if tag == "meta"]
    links = [attrs for tag, attrs in tags if tag == "link"]
    assert {"http-equiv": "refresh", "content": "0; url=/people/volodymyr-zelenskyy/"} in metas
    assert {"name": "robots", "content": "noindex"} in metas
    assert {"rel": "canonical", "href": "https://briefing.example.org/people/volodymyr-zelenskyy/"} in links
    assert ("/people/volodymyr-zelenskyy/", "Volodymyr Zelenskyy") in anchors(page)


def test_the_redirects_file_has_the_page_and_a_splat_rule(out: Path) -> None:
    rules = [line.split() for line in read(out, "_redirects").splitlines()
             if line.strip() and not line.startswith("#")]
    assert rules == [
        ["/people/volodymyr-zelensky/", "/people/volodymyr-zelenskyy/", "301"],
        ["/people/volodymyr-zelensky/*", "/people/volodymyr-zelenskyy/:splat", "301"],
    ]


def test_the_sitemap_lists_the_new_url_but_not_the_old(out: Path) -> None:
    locs = [e.text for e in ET.fromstring(read(out, "sitemap.xml")).iter(f"{SITEMAP}loc")]
    assert "https://briefing.example.org/people/volodymyr-zelenskyy/" in locs
    assert not [loc for loc in locs if loc and "volodymyr-zelensky/" in loc]


def test_an_item_naming_the_former_name_is_listed_on_the_new_term(out: Path) -> None:
    page = read(out, "people/volodymyr-zelenskyy/")
    assert f"/articles/{SLUG['kyiv']}/" in hrefs(page)
    assert ("/people/volodymyr-zelenskyy/", "Volodymyr Zelenskyy") in anchors(item_page(out, "kyiv"))
    assert [p.name for p in (out / "people").iterdir() if p.is_dir()].count("volodymyr-zelensky") == 1
    assert not (out / "people/volodymyr-zelensky/feed.xml").exists()


def test_the_people_index_does_not_list_the_old_name(out: Path) -> None:
    assert "/people/volodymyr-zelensky/" not in hrefs(read(out, "people/"))


def test_a_site_without_former_names_has_no_redirects_file(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"site.yaml": CONFIG, "content/articles/a.md": article("A", people="[Someone]")})
    build(root, "-o", tmp_path / "out")
    assert not (tmp_path / "out/_redirects").exists()


def test_redirects_honour_a_base_path(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": "title: B\nbase_url: /brief/\nsearch: false\n"})
    build(root, "-o", tmp_path / "out")
    assert "/brief/people/volodymyr-zelensky/ /brief/people/volodymyr-zelenskyy/ 301" in \
        read(tmp_path / "out", "_redirects")
    assert 'content="0; url=/brief/people/volodymyr-zelenskyy/"' in \
        read(tmp_path / "out", "people/volodymyr-zelensky/")


def test_a_former_name_taken_by_another_term_is_warned_not_redirected(make_site: MakeSite,
                                                                      tmp_path: Path) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/people/new.md": "---\nname: New Name\nformer_names: [Old Name]\n---\n",
        "content/people/old.md": "---\nname: Old Name\n---\n",
        "content/articles/a.md": article("A"),
    })
    result = build(root, "-o", tmp_path / "out")
    assert "content/people/new.md:3: former_names: 'Old Name' would redirect /people/old-name/" in result.err
    assert not (tmp_path / "out/_redirects").exists()


# --- sources and series ----------------------------------------------------------------------------

def test_sources_and_series_have_index_pages_term_pages_and_feeds(out: Path) -> None:
    sources = read(out, "sources/")
    assert {"/sources/reuters/", "/sources/tass/", "/sources/ap/", "/sources/un-news/"} <= set(hrefs(sources))
    series = read(out, "series/")
    assert {"/series/russialink/", "/series/ukrainelink/", "/series/unlink/"} <= set(hrefs(series))
    reuters = read(out, "sources/reuters/")
    for name in ("geneva", "untagged", "kyiv"):
        assert f"/articles/{SLUG[name]}/" in hrefs(reuters)
    for feed in ("sources/reuters/feed.xml", "series/russialink/feed.xml"):
        entries = ET.fromstring(read(out, feed)).findall("{http://www.w3.org/2005/Atom}entry")
        assert entries
    nav = read(out, "")
    assert ("/sources/", "Sources") in anchors(nav) and ("/series/", "Series") in anchors(nav)


def test_items_link_to_their_source_and_series_pages(out: Path) -> None:
    page = item_page(out, "geneva")
    assert ("/sources/reuters/", "Reuters") in anchors(page)
    assert ("/series/russialink/", "RUSSIALINK") in anchors(page)


def test_listing_taxonomies_explicitly_turns_sources_and_series_off(make_site: MakeSite,
                                                                    tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": CONFIG + "taxonomies:\n  people:\n  topics:\n"})
    build(root, "-o", tmp_path / "out")
    assert not (tmp_path / "out/sources").exists()
    assert not (tmp_path / "out/series").exists()
    covered = section(read(tmp_path / "out", "people/antony-blinken/"), "sources-heading")
    assert anchors(covered) == []  # still listed, but there is no page to link to
    assert "Reuters (2)" in page_text(covered)


# --- editions ---------------------------------------------------------------------------------------

def edition_nav(page: str) -> str:
    m = re.search(r'<nav class="in-this-edition".*?</nav>', page, re.S)
    assert m, "no 'In this edition' list"
    return m.group(0)


def ids(page: str) -> list[str]:
    return [attrs["id"] for _, attrs in parse_html(page)[0] if "id" in attrs]


def test_an_edition_groups_its_items_by_series_with_a_contents_list(out: Path) -> None:
    page = read(out, "2022/01/12/")
    nav = edition_nav(page)
    assert "In this edition" in nav
    assert anchors(nav) == [("#series-russialink", "RUSSIALINK"), ("#series-ukrainelink", "UKRAINELINK"),
                            ("#ungrouped", "Other items")]
    assert "RUSSIALINK (1)" in page_text(nav) and "Other items (2)" in page_text(nav)
    page_ids = ids(page)
    for href, _ in anchors(nav):
        assert page_ids.count(href[1:]) == 1
    groups = re.findall(r'<section class="edition-group" id="([^"]+)".*?</section>', page, re.S)
    assert groups == ["series-russialink", "series-ukrainelink", "ungrouped"]


def test_each_group_holds_its_items(out: Path) -> None:
    page = read(out, "2022/01/12/")
    blocks = dict(re.findall(r'<section class="edition-group" id="([^"]+)"(.*?)</section>', page, re.S))
    assert f"/articles/{SLUG['brussels']}/" in hrefs(blocks["series-russialink"])
    assert f"/articles/{SLUG['untagged']}/" in hrefs(blocks["series-ukrainelink"])
    other = hrefs(blocks["ungrouped"])
    assert f"/articles/{SLUG['firsts']}/" in other and f"/articles/{SLUG['plain']}/" in other


def test_an_edition_with_one_group_is_a_plain_list(out: Path) -> None:
    page = read(out, "2022/01/10/")
    assert "In this edition" not in page
    assert f"/articles/{SLUG['geneva']}/" in hrefs(page)


def test_group_by_none_gives_a_flat_list(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": CONFIG + "editions: {group_by: none}\n"})
    build(root, "-o", tmp_path / "out")
    page = read(tmp_path / "out", "2022/01/12/")
    assert "In this edition" not in page
    assert 'class="edition-group"' not in page
    assert len([h for h in hrefs(page) if h.startswith("/articles/")]) == 4


def test_group_by_topics_uses_each_items_first_topic(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": CONFIG + "editions: {group_by: topics}\n"})
    build(root, "-o", tmp_path / "out")
    nav = edition_nav(read(tmp_path / "out", "2022/01/12/"))
    assert anchors(nav) == [("#topics-nato", "NATO"), ("#ungrouped", "Other items")]


def test_an_unknown_grouping_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"site.yaml": CONFIG + "editions: {group_by: people}\n"})
    result = run_cli("build", root)
    assert result.code == 1
    assert "site.yaml:4: editions.group_by: expected one of series, topics, none, got 'people'" in result.err


def test_edition_group_anchors_are_unique(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({
        "site.yaml": CONFIG,
        "content/articles/a.md": article("A", series="Daily Brief"),
        "content/articles/b.md": article("B", series="Daily brief"),
        "content/articles/c.md": article("C", series="Other"),
        "content/articles/d.md": article("D"),
    })
    build(root, "-o", tmp_path / "out")
    page_ids = ids(read(tmp_path / "out", "2022/01/18/"))
    assert len(page_ids) == len(set(page_ids))


# --- related items ------------------------------------------------------------------------------------

def test_an_item_page_lists_related_items_most_shared_first(out: Path) -> None:
    related = section(item_page(out, "geneva"), "related-heading")
    assert "Related items" in related
    assert [h for h in hrefs(related)] == [f"/articles/{SLUG[n]}/" for n in
                                           ("march", "brussels", "kyiv", "untagged", "firsts")]
    assert "AP · 2 March 2022" in page_text(related)


def test_related_limit_zero_shows_no_related_section(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": CONFIG + "related: {limit: 0}\n"})
    build(root, "-o", tmp_path / "out")
    for page in (tmp_path / "out/articles").rglob("index.html"):
        assert "Related items" not in page.read_text(encoding="utf-8")


def test_related_limit_caps_the_list(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({**BRIEFING, "site.yaml": CONFIG + "related: {limit: 2}\n"})
    build(root, "-o", tmp_path / "out")
    related = section(read(tmp_path / "out", f"articles/{SLUG['geneva']}/"), "related-heading")
    assert hrefs(related) == [f"/articles/{SLUG['march']}/", f"/articles/{SLUG['brussels']}/"]


def test_an_item_sharing_nothing_has_no_related_section(out: Path) -> None:
    assert 'id="related-heading"' not in item_page(out, "plain")


def test_a_rebuild_updates_related_items_and_stats_of_unchanged_items(make_site: MakeSite,
                                                                       tmp_path: Path) -> None:
    root = make_site({**BRIEFING})
    build(root, "-o", tmp_path / "out")
    (root / "content/articles/2022/april.md").write_text(article(
        "April Talks", "2022-04-05T12:00:00Z", "More talks.", people="[Sergei Lavrov, Antony Blinken]",
        topics="[NATO, Security guarantees]", source="AP"), encoding="utf-8")
    build(root, "-o", tmp_path / "out")
    related = section(read(tmp_path / "out", f"articles/{SLUG['geneva']}/"), "related-heading")
    assert hrefs(related)[0] == "/articles/april-talks/"
    page = read(tmp_path / "out", "people/antony-blinken/")
    assert 'last seen <time datetime="2022-04-05">5 April 2022</time>' in page
    assert "AP (2)" in page_text(section(page, "sources-heading"))


def served(preview: Preview) -> dict[str, bytes]:
    files = preview.snapshot.pages()
    files.update({rel: src.read_bytes() for rel, src in preview.snapshot.static.items()})
    return files


def clean(root: Path, out: Path) -> dict[str, bytes]:
    build_site(root, output=out, use_cache=False)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != MARKER}


def save(path: Path, text: str) -> None:
    """Write and move mtime forward, as a later save would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


DATED_BLINKEN = ("---\nname: Antony Blinken\naliases: [Blinken]\nrole:\n"
                 "  - {title: Deputy Secretary, from: 2015-01-09, to: 2017-01-20}\n"
                 "  - {title: US Secretary of State, from: 2021-01-26}\n---\nBio.\n")


@pytest.mark.slow
def test_preview_edits_keep_insights_links_and_redirects_as_a_clean_build(make_site: MakeSite,
                                                                         tmp_path: Path) -> None:
    root = make_site({**BRIEFING})
    items = root / "content/articles/2022"
    preview = Preview(root, drafts=False)
    steps = [
        ("first build", lambda: None),
        ("a body now mentions a person", lambda: save(items / "brussels.md", article(
            "NATO-Russia Council Meets", "2022-01-12T09:00:00Z",
            "The council met.\n\nVolodymyr Zelenskyy was not there.", people="[Sergei Lavrov]",
            topics="[NATO]", source="TASS", series="RUSSIALINK"))),
        ("a role gets dates", lambda: save(root / "content/people/blinken.md", DATED_BLINKEN)),
        ("a person is renamed", lambda: save(root / "content/people/stoltenberg.md",
                                             "---\nname: Jens Stoltenberg\nformer_names: [J. Stoltenberg]\n"
                                             "---\nBio.\n")),
        ("an item moves series", lambda: save(items / "firsts.md", BRIEFING[
            "content/articles/2022/firsts.md"].replace("topics: [NATO]", "topics: [NATO]\nseries: UNLINK"))),
        ("an item is added", lambda: save(items / "april.md", article(
            "April Talks", "2022-04-05T12:00:00Z", "Lavrov and Blinken again.",
            people="[Sergei Lavrov, Antony Blinken]", topics="[NATO]", source="AP"))),
        ("an item is deleted", lambda: (items / "march.md").unlink()),
    ]
    for step, change in steps:
        change()
        assert preview.rebuild() == [], step
        got, want = served(preview), clean(root, tmp_path / "clean")
        assert sorted(got) == sorted(want), step
        for name in want:
            assert got[name] == want[name], f"{step}: {name} differs from a clean build"
    assert b"/people/jens-stoltenberg/:splat" in served(preview)["_redirects"]


# --- the example site -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    build(REPO, "-o", out)
    return out


def test_example_lavrov_page_lists_his_dated_roles(example: Path) -> None:
    page = read(example, "people/sergei-lavrov/")
    assert '<p class="role">Foreign Minister of Russia</p>' in page
    roles = page_text(section(page, "roles-heading"))
    assert "Foreign Minister of Russia (since 9 March 2004)" in roles
    assert "Permanent Representative of Russia to the United Nations (1 April 1994 to 8 March 2004)" in roles
    assert '<svg class="timeline"' in page
    assert "Often mentioned with" in page and "Covered by" in page


def test_example_items_show_lavrovs_role_on_their_date(example: Path) -> None:
    page = read(example, "articles/blinken-in-kyiv-warns-russia-could-attack-at-short-notice/")
    assert role_next_to(page, "Sergei Lavrov") == "Foreign Minister of Russia"


def test_example_old_zelensky_url_redirects(example: Path) -> None:
    page = read(example, "people/volodymyr-zelensky/")
    assert '<meta http-equiv="refresh" content="0; url=/people/volodymyr-zelenskyy/">' in page
    canonical = "https://briefing.example.org/people/volodymyr-zelenskyy/"  # the example is hosted
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert "/people/volodymyr-zelensky/ /people/volodymyr-zelenskyy/ 301" in read(example, "_redirects")
    assert (example / "people/volodymyr-zelenskyy/index.html").is_file()


def test_example_has_sources_series_and_grouped_editions(example: Path) -> None:
    assert (example / "sources/index.html").is_file()
    assert (example / "series/russialink/feed.xml").is_file()
    page = read(example, "articles/blinken-in-kyiv-warns-russia-could-attack-at-short-notice/")
    assert 'id="related-heading"' in page
    nav = edition_nav(read(example, "2022/01/23/"))
    assert anchors(nav) == [("#series-russialink", "RUSSIALINK"), ("#series-ukrainelink", "UKRAINELINK")]
