"""Items, profiles and pages parsed from literal text."""

from __future__ import annotations

import pickle
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from briefgen.core.errors import SiteErrors
from briefgen.source.config import parse_config
from briefgen.source.content import content_files, load_content, parse_article, parse_page, parse_profile
from briefgen.source.markdown import make_markdown
from briefgen.source.records import Article, Image

CONFIG = parse_config("title: T\n")
MOSCOW = parse_config("title: T\ntimezone: Europe/Moscow\n")
MD = make_markdown(False)
PATH = "content/articles/x.md"


def article(front: str, body: str = "Body.\n", config=CONFIG) -> Article:  # type: ignore[no-untyped-def]
    return parse_article(f"---\n{front}---\n{body}", PATH, config, MD)


def errors(front: str, body: str = "Body.\n") -> list[str]:
    with pytest.raises(SiteErrors) as info:
        article(front, body)
    return [str(p) for p in info.value.problems]


def test_minimal_item() -> None:
    a = article("title: Lavrov Says No War\ndate: 2022-01-18\n", "First *para*.\n\nSecond.\n")
    assert a.title == "Lavrov Says No War"
    assert a.slug == "lavrov-says-no-war"
    assert a.date == datetime(2022, 1, 18, tzinfo=UTC)
    assert a.local_date == date(2022, 1, 18)
    assert a.summary == "First para."
    assert a.body_html == "<p>First <em>para</em>.</p>\n<p>Second.</p>\n"
    assert a.draft is False
    assert a.names == {"people": (), "topics": (), "sources": (), "series": (), "authors": ()}


def test_date_with_offset_keeps_it() -> None:
    a = article("title: x\ndate: 2022-01-18T09:30:00+03:00\n")
    assert a.date.utcoffset() == timedelta(hours=3)
    assert a.date.astimezone(UTC) == datetime(2022, 1, 18, 6, 30, tzinfo=UTC)


def test_quotes_and_angle_brackets_in_urls_are_percent_encoded() -> None:
    item = article("title: x\ndate: 2022-01-18\nsource_url: 'https://example.org/?q=\"a\"<b>'\n"
                   "also_appeared_at: ['https://example.org/`x`']\n")
    assert item.source_url == "https://example.org/?q=%22a%22%3Cb%3E"
    assert item.also_appeared_at == ("https://example.org/%60x%60",)


def test_lower_case_t_and_z_are_read_as_rfc_3339_allows() -> None:
    assert article("title: x\ndate: 2022-01-21t09:30:00z\n").date.isoformat() == "2022-01-21T09:30:00+00:00"


def test_date_without_offset_is_in_the_site_time_zone() -> None:
    a = article("title: x\ndate: 2022-01-18 09:30\n", config=MOSCOW)
    assert a.date.astimezone(UTC) == datetime(2022, 1, 18, 6, 30, tzinfo=UTC)


def test_edition_day_is_the_day_in_the_site_time_zone() -> None:
    a = article("title: x\ndate: 2022-01-18T22:30:00Z\n", config=MOSCOW)
    assert a.local_date == date(2022, 1, 19)


def test_slug_from_front_matter_wins() -> None:
    assert article("title: Some Title\nslug: chosen\ndate: 2022-01-18\n").slug == "chosen"


def test_cyrillic_title_gets_an_ascii_slug() -> None:
    assert article("title: Мария Захарова\ndate: 2022-01-18\n").slug == "mariia-zakharova"


def test_a_single_string_is_a_one_item_list() -> None:
    a = article("title: x\ndate: 2022-01-18\npeople: Sergei Lavrov\ntopics: [NATO]\n")
    assert a.names == {"people": ("Sergei Lavrov",), "topics": ("NATO",), "sources": (),
                       "series": (), "authors": ()}


def test_names_are_stripped_and_repeats_within_one_item_dropped() -> None:
    a = article("title: x\ndate: 2022-01-18\npeople: ['  Lavrov ', Lavrov, Blinken]\n")
    assert a.names["people"] == ("Lavrov", "Blinken")


def test_all_documented_fields_are_read() -> None:
    a = article(
        "title: x\ndate: 2022-01-18\nupdated: 2022-01-19\nsource: Moscow Times\n"
        "source_url: https://example.org/story\nseries: RUSSIALINK\nsummary: Short.\n"
        "image: {src: /media/l.jpg, alt: Lavrov}\nalso_appeared_at: https://example.com/copy\n"
        "draft: true\nregion: Europe\n")
    assert a.updated == datetime(2022, 1, 19, tzinfo=UTC)
    assert (a.source, a.source_url, a.series, a.summary) == (
        "Moscow Times", "https://example.org/story", "RUSSIALINK", "Short.")
    assert a.image == Image("/media/l.jpg", "Lavrov")
    assert a.also_appeared_at == ("https://example.com/copy",)
    assert a.draft is True
    assert a.extra == {"region": "Europe"}


def test_parsed_records_come_back_from_pickle_field_for_field() -> None:
    """Workers send parsed files through a pipe and the build cache keeps them
    pickled: every field, with its type, must survive the trip."""
    item = article(
        "title: x\ndate: 2022-01-18\nupdated: 2022-01-19\nsource: TASS\n"
        "source_url: https://example.org/story\nseries: RUSSIALINK\n"
        "image: {src: /media/l.jpg, alt: Lavrov}\nalso_appeared_at: https://example.com/copy\n"
        "draft: true\nautolink: false\nregion: Europe\npeople: [Lavrov]\n", "Body *text*.\n")
    person = parse_profile("---\nname: Sergei Lavrov\naliases: [Lavrov]\nformer_names: [S. Lavrov]\n"
                           "image: /media/l.jpg\nrole:\n  - {title: Minister, from: 2004-03-09}\n"
                           "---\nBio.\n", "content/people/lavrov.md", "people", CONFIG, MD)
    page = parse_page("---\ntitle: About\nweight: 3\nnote: kept\n---\nWho.\n",
                      "content/pages/about.md", CONFIG, MD)
    for record in (item, person, page, person.roles[0], item.image):
        copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(record)
        for f in fields(record):  # type: ignore[arg-type]
            assert getattr(copy, f.name) == getattr(record, f.name), f.name
            assert type(getattr(copy, f.name)) is type(getattr(record, f.name)), f.name


def test_image_may_be_just_a_url() -> None:
    assert article("title: x\ndate: 2022-01-18\nimage: /media/a.png\n").image == Image("/media/a.png", "")


def test_an_image_path_may_name_a_media_file_with_spaces() -> None:
    """content/media/ copies 'press photo.jpg' as it is; the path naming it is
    percent-encoded as a browser would request it, not refused as unsafe."""
    assert article("title: x\ndate: 2022-01-18\nimage: media/press photo.jpg\n").image \
        == Image("media/press%20photo.jpg", "")
    assert article("title: x\ndate: 2022-01-18\nimage: {src: /media/a b c.png, alt: A}\n"
                   ).image == Image("/media/a%20b%20c.png", "A")


def test_numbers_are_read_as_written() -> None:
    assert article("title: 1984\ndate: 2022-01-18\n").title == "1984"


@pytest.mark.parametrize(("front", "message"), [
    ("date: 2022-01-18\n", "content/articles/x.md:2: title: required"),
    ("title: x\n", "content/articles/x.md:2: date: required"),
    ("title: x\ndate: 2022-02-30\n", "content/articles/x.md:3: date: not a date: '2022-02-30'"),
    ("title: x\ndate: 2022-01-18T25:00\n", "content/articles/x.md:3: date: not a date: '2022-01-18T25:00'"),
    ("title: x\ndate: 9999-12-31T23:00:00-05:00\n", "content/articles/x.md:3: date: out of range: "
     "'9999-12-31T23:00:00-05:00' is too close to year 1 or 9999"),
    ("title: x\ndate: 2022-01-18\nupdated: 0001-01-01T00:30:00+01:00\n", "content/articles/x.md:4: "
     "updated: out of range: '0001-01-01T00:30:00+01:00' is too close to year 1 or 9999"),
    ("title: x\ndate: 18/01/2022\n", "content/articles/x.md:3: date: not a date: '18/01/2022' "
     "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM)"),
    ("title: [a, b]\ndate: 2022-01-18\n", "content/articles/x.md:2: title: expected text, got a list"),
    ("title: x\ndate: 2022-01-18\nsource_url: javascript:alert(1)\n",
     "content/articles/x.md:4: source_url: not an http(s) URL: 'javascript:alert(1)'"),
    ("title: x\ndate: 2022-01-18\nslug: 'a b/c'\n",
     "content/articles/x.md:4: slug: use ASCII letters, digits, '.', '_' and '-' only, got 'a b/c'"),
    ("title: x\ndate: 2022-01-18\ndraft: maybe\n",
     "content/articles/x.md:4: draft: expected true or false, got 'maybe'"),
    ("title: x\ndate: 2022-01-18\ndraft: 1.50\n",  # shown as written, not as Python's 1.5
     "content/articles/x.md:4: draft: expected true or false, got 1.50"),
    ("title: x\ndate: 2022-01-18\nupdated: 2022-01-17\n",
     "content/articles/x.md:4: updated: is earlier than date"),
    ("title: x\ndate: 2022-01-18\nimage: javascript:alert(1)\n",
     "content/articles/x.md:4: image: not a safe URL (use a site path or http(s)): 'javascript:alert(1)'"),
    # a site path is read from the site root: '..' would leave a base path such as /b/
    ("title: x\ndate: 2022-01-18\nimage: {src: ../media/a.jpg}\n",
     "content/articles/x.md:4: image: a site path starts at the site root and cannot go above it "
     "with '..', got '../media/a.jpg'"),
    ("title: x\ndate: 2022-01-18\nimage: {alt: no source}\n",
     "content/articles/x.md:4: image: src: required"),
    ("title: x\ndate: 2022-01-18\npeople: {a: 1}\n",
     "content/articles/x.md:4: people: expected text or a list of texts, got a mapping"),
])
def test_bad_front_matter_names_file_and_line(front: str, message: str) -> None:
    assert errors(front) == [message]


def test_also_appeared_at_points_at_the_bad_list_item() -> None:
    assert errors("title: x\ndate: 2022-01-18\nalso_appeared_at:\n  - https://a.example/\n"
                  "  - ftp://b.example/x\n") == [
        "content/articles/x.md:6: also_appeared_at: not an http(s) URL: 'ftp://b.example/x'"]


def test_every_problem_in_a_file_is_reported() -> None:
    assert errors("date: 2022-02-30\nsource_url: javascript:x\n") == [
        "content/articles/x.md:2: date: not a date: '2022-02-30'",
        "content/articles/x.md:2: title: required",
        "content/articles/x.md:3: source_url: not an http(s) URL: 'javascript:x'",
    ]


def test_a_title_of_only_spaces_is_an_error() -> None:
    assert errors("title: '   '\ndate: 2022-01-18\n") == ["content/articles/x.md:2: title: must not be empty"]


def test_profile() -> None:
    p = parse_profile("---\nname: Sergei Lavrov\naliases: [Сергей Лавров, Lavrov]\nrole: Foreign Minister\n"
                      "---\nRussia's foreign minister since 2004.\n",
                      "content/people/lavrov.md", "people", CONFIG, MD)
    assert (p.name, p.aliases, p.role, p.taxonomy) == (
        "Sergei Lavrov", ("Сергей Лавров", "Lavrov"), "Foreign Minister", "people")
    assert p.body_html == "<p>Russia's foreign minister since 2004.</p>\n"


def test_profile_needs_a_name() -> None:
    with pytest.raises(SiteErrors) as info:
        parse_profile("---\nrole: x\n---\n", "content/people/p.md", "people", CONFIG, MD)
    assert [str(p) for p in info.value.problems] == ["content/people/p.md:2: name: required"]


def test_page() -> None:
    p = parse_page("---\ntitle: About This Briefing\nweight: -2\n---\nWho we are.\n",
                   "content/pages/about.md", CONFIG, MD)
    assert (p.title, p.slug, p.weight, p.draft) == ("About This Briefing", "about-this-briefing", -2, False)
    assert p.body_html == "<p>Who we are.</p>\n"


def test_a_file_that_cannot_be_read_is_one_problem_among_all(tmp_path: Path) -> None:
    """A file listed but unreadable (no permission, or deleted since it was listed)
    is reported with the others, not as an exception that hides them."""
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/bad.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "content/articles/gone.md").write_text("---\ntitle: y\ndate: 2022-01-18\n---\n",
                                                       encoding="utf-8")
    files = content_files(tmp_path, CONFIG)
    (tmp_path / "content/articles/gone.md").unlink()
    content = load_content(tmp_path, CONFIG, MD, False, files=files)
    assert [str(p) for p in content.problems] == [
        "content/articles/bad.md:2: date: required",
        "content/articles/gone.md: cannot read: no such file or directory",
    ]


def test_a_duplicate_key_is_reported_with_the_files_other_problems() -> None:
    assert errors("title: x\ntitle: y\ndate: 2022-02-30\n") == [
        "content/articles/x.md:3: title: duplicate key (first given on line 2)",
        "content/articles/x.md:4: date: not a date: '2022-02-30'",
    ]


def test_an_excerpt_before_more_reads_links_defined_after_it() -> None:
    """`[Widget][]` before `<!--more-->`, defined at the end of the body, is a
    link in the excerpt too: the summary reads its text, not its brackets.
    A footnote defined there adds nothing to the excerpt."""
    item = article("title: T\ndate: 2024-01-02\n",
                   "The [Widget][] is new[^1].\n\n<!--more-->\n\nMore.\n\n"
                   "[Widget]: https://example.org/w\n[^1]: A note.\n")
    assert item.summary == "The Widget is new."
