"""An item naming very many people: a documented limit, and output that grows
linearly with the names, not with their square (docs/content.md, "How many
names an item may list").

Each card of an item is repeated on the page and in the feed of every person
it names; when cards listed all of an item's names, N names made N pages of
N names each (3,000 names wrote 1.4 GB).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.render.views import CARD_NAMES
from briefgen.source.fields import MAX_NAMES
from tests.conftest import MakeSite, article, build, run_cli


def names(n: int, prefix: str = "Person") -> list[str]:
    return [f"{prefix} {i:04d}" for i in range(n)]


def block(key: str, values: list[str]) -> str:
    """A front matter list written one `- name` per line, after the line `KEY:`."""
    return "\n".join([f"{key}:", *[f"  - {v}" for v in values]])


def big_item(people: list[str]) -> str:
    lines = ["---", "title: The long list", "date: 2022-01-18", "source: Wire",
             block("people", people), "topics: [Sanctions]", "---", "Body text.", ""]
    return "\n".join(lines)


def site_with(make_site: MakeSite, people: list[str], name: str = "site") -> Path:
    return make_site({
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/big.md": big_item(people),
        "content/articles/small.md": article("Small", "2022-01-17", people=f"[{people[0]}]"),
    }, name)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_an_item_with_the_most_names_allowed_builds_with_output_linear_in_them(
        make_site: MakeSite, tmp_path: Path) -> None:
    """People pages for K and 2K names: twice the pages, each the same size. Were
    each page to list all names (as before), the ratio would be near 4."""
    half, full = MAX_NAMES // 2, MAX_NAMES
    sizes = {}
    for n in (half, full):
        out = tmp_path / f"out{n}"
        build(site_with(make_site, names(n), f"site{n}"), "-o", out)
        sizes[n] = size(out / "people")
        assert len(list((out / "people").glob("*/index.html"))) == n
    assert sizes[full] / sizes[half] < 2.5, sizes


def test_a_card_shows_the_first_names_and_how_many_more(make_site: MakeSite,
                                                        tmp_path: Path) -> None:
    people = names(MAX_NAMES)
    out = tmp_path / "out"
    build(site_with(make_site, people), "-o", out)
    more = MAX_NAMES - CARD_NAMES
    page = (out / "people/person-0150/index.html").read_text()
    page = page[page.index('<div class="items">'):]  # after "Often mentioned with"
    listed = re.findall(r'<a href="/people/(person-\d+)/">', page)
    assert listed == [f"person-{i:04d}" for i in range(CARD_NAMES)]
    assert f'and <a href="/articles/the-long-list/">{more} more</a>' in page
    # The item's own page lists every name.
    item = (out / "articles/the-long-list/index.html").read_text()
    assert all(f'href="/people/{p.lower().replace(" ", "-")}/"' in item for p in people)
    # A feed entry carries the first names as categories, as a card does.
    feed = (out / "people/person-0150/feed.xml").read_text()
    assert feed.count('scheme="/people/"') == CARD_NAMES
    assert (out / "feed.xml").read_text().count('term="Person ') == CARD_NAMES + 1


def test_a_card_with_few_names_lists_them_all_without_more(make_site: MakeSite,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site_with(make_site, names(CARD_NAMES)), "-o", out)
    page = (out / "people/person-0003/index.html").read_text()
    page = page[page.index('<div class="items">'):]
    assert len(re.findall(r'<a href="/people/person-\d+/">', page)) == CARD_NAMES
    assert " more</a>" not in page


def test_one_name_over_the_limit_is_an_error_at_the_list(make_site: MakeSite) -> None:
    site = site_with(make_site, names(MAX_NAMES + 1))
    result = run_cli("build", site, "-o", site / "out", "-q")
    # The first name's line: a block list starts below its key (line 5).
    assert result.err_lines == [
        f"content/articles/big.md:6: people: {MAX_NAMES + 1} names; at most {MAX_NAMES} in one list",
        "briefgen: 1 error(s); nothing was written",
    ]
    assert result.code == 1
    assert not (site / "out").exists()


@pytest.mark.slow
def test_a_flow_list_over_the_limit_is_an_error_at_its_key(make_site: MakeSite) -> None:
    topics = "[" + ", ".join(names(3000, "Topic")) + "]"
    site = make_site({"site.yaml": "title: T\nsearch: false\n",
                      "content/articles/a.md": article("A", people="[Ann]", topics=topics)})
    result = run_cli("build", site, "-o", site / "out", "-q")
    assert result.err_lines == [
        f"content/articles/a.md:5: topics: 3000 names; at most {MAX_NAMES} in one list",
        "briefgen: 1 error(s); nothing was written",
    ]
    assert result.code == 1
    check = run_cli("check", site, "-q")
    assert check.code == 1
    assert check.err_lines[0] == result.err_lines[0]


def test_aliases_over_the_limit_are_an_error_too(make_site: MakeSite) -> None:
    aliases = "[" + ", ".join(names(MAX_NAMES + 5, "Alias")) + "]"
    site = make_site({"site.yaml": "title: T\nsearch: false\n",
                      "content/people/ann.md": f"---\nname: Ann\naliases: {aliases}\n---\n",
                      "content/articles/a.md": article("A", people="[Ann]")})
    result = run_cli("build", site, "-o", site / "out", "-q")
    assert result.code == 1
    assert result.err_lines[0] == (f"content/people/ann.md:3: aliases: {MAX_NAMES + 5} names; "
                                   f"at most {MAX_NAMES} in one list")


def test_also_appeared_at_is_not_a_list_of_names_and_has_no_limit(make_site: MakeSite,
                                                                  tmp_path: Path) -> None:
    urls = "[" + ", ".join(f"https://example.org/{i}" for i in range(MAX_NAMES + 1)) + "]"
    site = make_site({"site.yaml": "title: T\nsearch: false\n",
                      "content/articles/a.md": article("A", also_appeared_at=urls)})
    build(site, "-o", tmp_path / "out")
