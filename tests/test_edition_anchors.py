"""Daily editions: every id on the page is unique, so each "In this edition"
link leads to its own group."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, anchors, article, build, parse_html

CONFIG = "title: Briefing\nsearch: false\n"


def ids(page: str) -> list[str]:
    return [attrs["id"] for _, attrs in parse_html(page)[0] if "id" in attrs]


def edition(make_site: MakeSite, tmp_path: Path, **series: str) -> str:
    """The 2022-01-18 edition of a site with one item per SERIES value."""
    files = {f"content/articles/{name}.md": article(name.title(), series=value)
             for name, value in series.items()}
    root = make_site({"site.yaml": CONFIG, **files, "content/articles/plain.md": article("Plain")})
    build(root, "-o", tmp_path / "out")
    return (tmp_path / "out/2022/01/18/index.html").read_text(encoding="utf-8")


def test_a_series_named_like_another_groups_heading_gets_its_own_ids(make_site: MakeSite,
                                                                     tmp_path: Path) -> None:
    page = edition(make_site, tmp_path, a="NATO", b="NATO Heading", c="Heading")
    found = ids(page)
    assert len(found) == len(set(found)), sorted(found)
    links = [href for href, _ in anchors(page) if href.startswith("#") and href != "#main"]
    assert links == ["#series-heading", "#series-nato", "#series-nato-heading", "#ungrouped"]
    for href in links:
        assert found.count(href[1:]) == 1


def test_each_group_is_labelled_by_its_own_heading(make_site: MakeSite, tmp_path: Path) -> None:
    page = edition(make_site, tmp_path, a="NATO", b="NATO Heading")
    tags = parse_html(page)[0]
    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in tags if "id" in attrs}
    sections = [attrs for tag, attrs in tags if attrs.get("class") == "edition-group"]
    assert [s["id"] for s in sections] == ["series-nato", "series-nato-heading", "ungrouped"]
    for section in sections:
        assert by_id[section["aria-labelledby"]][0] == "h2"
