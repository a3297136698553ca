"""Bylines end to end: `authors` (the writers) apart from `people` (who the
news is about): the byline on item pages and cards, author pages, profiles
and feeds, Atom authors and JSON-LD, and names never autolinked as authors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import MakeSite, article, build, run_cli

SITE = {
    "site.yaml": "title: T\nbase_url: https://example.org/b/\nsearch: false\n",
    "content/articles/a.md": article(
        "Lavrov Waits", "2022-01-18", body="Jane Doe asked Sergei Lavrov, and John Roe listened.\n",
        source="TASS", people="[Sergei Lavrov, John Roe]", authors="[Jane Doe, John Roe]"),
    "content/articles/b.md": article(
        "Blinken Travels", "2022-01-19", body="Jane Doe again.\n", people="[Antony Blinken]",
        authors="[Jane Doe, John Roe, Ann Other]"),
    "content/articles/c.md": article("No Byline", "2022-01-20", source="Reuters"),
    "content/authors/jane.md": "---\nname: Jane Doe\nrole: Moscow correspondent\n---\n"
                               "Jane writes from Moscow.\n",
}


def built(make_site: MakeSite, tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    out = tmp_path / "out"
    build(make_site(files or SITE), "-o", out)
    return out


def read(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_the_item_page_has_a_linked_byline_and_no_authors_term_list(make_site: MakeSite,
                                                                     tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    page = read(out, "articles/lavrov-waits/index.html")
    link = '      <a href="/b/authors/{}/" rel="author" data-pagefind-filter="authors">{}</a>'
    assert ('<p class="byline">By\n' + link.format("jane-doe", "Jane Doe") + " and \n"
            + link.format("john-roe", "John Roe") + "</p>") in page
    assert "<dt>Authors</dt>" not in page and "<dt>People</dt>" in page
    three = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", read(out, "articles/blinken-travels/index.html")))
    assert "By Jane Doe, John Roe and Ann Other" in three
    assert 'class="byline"' not in read(out, "articles/no-byline/index.html")


def test_cards_show_the_byline(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    home = read(out, "index.html")
    assert ('<p class="byline">By\n    <a href="/b/authors/jane-doe/">Jane Doe</a>,\n'
            '    <a href="/b/authors/john-roe/">John Roe</a> and \n'
            '    <a href="/b/authors/ann-other/">Ann Other</a></p>') in home
    assert 'terms-authors' not in home  # not repeated as a list of terms
    edition = read(out, "2022/01/18/index.html")
    assert '<a href="/b/authors/john-roe/">John Roe</a></p>' in edition


def test_authors_get_pages_profiles_and_feeds(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    index = read(out, "authors/index.html")
    assert all(f'/b/authors/{slug}/' in index for slug in ("jane-doe", "john-roe", "ann-other"))
    jane = read(out, "authors/jane-doe/index.html")
    assert "Jane writes from Moscow." in jane and "Moscow correspondent" in jane
    assert "Lavrov Waits" in jane and "Blinken Travels" in jane and "No Byline" not in jane
    assert '<a href="/b/authors/">Authors</a>' in read(out, "index.html")  # in the navigation
    feed = read(out, "authors/jane-doe/feed.xml")
    assert feed.count("<entry>") == 2 and "<title>T: Jane Doe</title>" in feed
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', jane)
    assert found is not None
    ld = json.loads(found.group(1))
    assert (ld["@type"], ld["name"]) == ("Person", "Jane Doe")
    # John Roe is a person (in `people`) and an author: two terms, two pages.
    assert (out / "people/john-roe/index.html").is_file() and (out / "authors/john-roe/index.html").is_file()


def test_a_site_without_bylines_has_no_authors_pages_or_link(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {"site.yaml": "title: T\nsearch: false\n",
                                      "content/articles/a.md": article("A", people="[X Y]")})
    assert not (out / "authors").exists()
    assert "/authors/" not in read(out, "index.html")


def test_author_names_are_not_autolinked_unless_they_are_people(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    body = read(out, "articles/lavrov-waits/index.html").split('<div class="body">', 1)[1]
    body = body.split("</div>", 1)[0]
    assert body.strip() == (
        '<p>Jane Doe asked <a class="autolink" href="/b/people/sergei-lavrov/">Sergei Lavrov</a>, '
        'and <a class="autolink" href="/b/people/john-roe/">John Roe</a> listened.</p>')
    assert "Jane Doe" in read(out, "articles/blinken-travels/index.html")
    assert "Jane Doe</a> again" not in read(out, "articles/blinken-travels/index.html")


def test_authors_are_no_company_of_the_people_they_write_about(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    lavrov = read(out, "people/sergei-lavrov/index.html")
    assert "/b/people/john-roe/" in lavrov  # named together in the news
    assert "/b/authors/" not in lavrov.split("<main", 1)[1].split('class="items"', 1)[0]


def test_json_ld_names_the_writers_as_people(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)

    def ld(path: str) -> dict[str, object]:
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', read(out, path))
        assert found is not None
        return json.loads(found.group(1))  # type: ignore[no-any-return]

    assert ld("articles/lavrov-waits/index.html")["author"] == [
        {"@type": "Person", "name": "Jane Doe", "url": "https://example.org/b/authors/jane-doe/"},
        {"@type": "Person", "name": "John Roe", "url": "https://example.org/b/authors/john-roe/"}]
    # No byline: the briefing wrote it (docs/metadata.md), not the outlet it reports.
    assert ld("articles/no-byline/index.html")["author"] == {
        "@type": "Organization", "name": "T", "url": "https://example.org/b/"}
    page = read(out, "articles/lavrov-waits/index.html")
    assert '<meta property="article:author" content="https://example.org/b/authors/jane-doe/">' in page


def test_atom_entries_name_their_authors(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    feed = read(out, "feed.xml")
    entries = {re.search(r"<title>(.*?)</title>", e).group(1): e  # type: ignore[union-attr]
               for e in feed.split("<entry>")[1:]}
    assert re.findall(r"<author>.*?</author>", entries["Lavrov Waits"]) == [
        "<author><name>Jane Doe</name><uri>https://example.org/b/authors/jane-doe/</uri></author>",
        "<author><name>John Roe</name><uri>https://example.org/b/authors/john-roe/</uri></author>"]
    # No byline: the entry has the feed's author, the briefing; the outlet is no author.
    assert re.findall(r"<author>.*?</author>", entries["No Byline"]) == []
    assert "<author><name>T</name></author>" in feed.split("<entry>")[0]
    assert 'scheme="https://example.org/b/authors/"' not in feed  # writers are no category


def test_author_in_the_singular_is_an_error_that_suggests_authors(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("A", author="Jane Doe")})
    result = run_cli("check", site)
    assert result.code == 1
    assert result.err_lines[0] == ("content/articles/a.md:4: author: not a key briefgen reads "
                                   "(did you mean 'authors'?)")


def test_a_site_that_lists_its_taxonomies_keeps_authors_as_extra_data(make_site: MakeSite,
                                                                      tmp_path: Path) -> None:
    out = built(make_site, tmp_path, {
        "site.yaml": "title: T\nsearch: false\ntaxonomies: {people: }\n",
        "content/articles/a.md": article("A", authors="[Jane Doe]"),
        "templates/card.html": "[{{ item.authors|length }} {{ item.extra.authors|join(',') }}]\n"})
    assert "[0 Jane Doe]" in read(out, "index.html")
    assert not (out / "authors").exists()


def test_the_email_digest_has_the_byline(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(SITE)
    result = run_cli("digest", "2022-01-19", site, "-o", tmp_path / "d.html")
    assert result.code == 0, result.err
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert re.search(r'By\s+<a href="https://example.org/b/authors/jane-doe/"[^>]*>Jane Doe</a>,', html)
    assert "Authors:" not in html
    text = (tmp_path / "d.txt").read_text(encoding="utf-8")
    assert "\nBy Jane Doe, John Roe and Ann Other\n" in text and "Authors:" not in text
