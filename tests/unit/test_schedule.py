"""Which items a build publishes at a given time: source/schedule.py on literal items."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from briefgen.source.config import parse_config
from briefgen.source.content import parse_article
from briefgen.source.markdown import make_markdown
from briefgen.source.records import Article
from briefgen.source.schedule import EXPIRED, SCHEDULED, Schedule, held, sort_out, summary

MOSCOW = parse_config("title: T\ntimezone: Europe/Moscow\n")
MD = make_markdown(False)


def item(name: str, front: str) -> Article:
    return parse_article(f"---\ntitle: {name}\n{front}---\nBody.\n", f"content/articles/{name}.md",
                         MOSCOW, MD)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_dates_without_an_offset_are_read_in_the_sites_zone() -> None:
    a = item("a", "date: 2022-01-18\npublish_date: 2022-01-20T06:00\nexpiry_date: 2022-02-01\n")
    assert a.publish_date == datetime(2022, 1, 20, 6, tzinfo=ZoneInfo("Europe/Moscow"))
    assert a.expiry_date == datetime(2022, 2, 1, tzinfo=ZoneInfo("Europe/Moscow"))
    assert a.schedule_lines == (4, 5)


def test_an_item_is_public_from_its_release_until_its_expiry() -> None:
    a = item("a", "date: 2022-01-18\npublish_date: 2022-01-20T06:00+03:00\n"
                  "expiry_date: 2022-01-21T00:00:00Z\n")
    assert held(a, at("2022-01-20T02:59:59+00:00")).state == SCHEDULED  # type: ignore[union-attr]
    assert held(a, at("2022-01-20T03:00:00+00:00")) is None  # at the moment itself
    assert held(a, at("2022-01-20T23:59:59+00:00")) is None
    gone = held(a, at("2022-01-21T00:00:00+00:00"))
    assert gone is not None and gone.state == EXPIRED and gone.line == 5


def test_a_date_to_come_holds_an_item_without_publish_date_and_not_with_one() -> None:
    ahead = item("ahead", "date: 2030-01-01\n")
    reason = held(ahead, at("2026-12-07T11:00:00+00:00"))
    assert reason is not None and (reason.field, reason.line) == ("date", 3)
    early = item("early", "date: 2030-01-01\npublish_date: 2026-01-01\n")
    assert held(early, at("2026-12-07T11:00:00+00:00")) is None  # publish_date decides


def test_sort_out_keeps_what_is_public_and_says_when_that_changes() -> None:
    items = (item("a", "date: 2022-01-18\n"),
             item("b", "date: 2022-01-18\npublish_date: 2022-01-20\n"),
             item("c", "date: 2022-01-17\nexpiry_date: 2022-01-19\n"),
             item("d", "date: 2022-01-17\nexpiry_date: 2022-01-25\n"))
    now = at("2022-01-19T12:00:00+00:00")
    kept, found, next_change = sort_out(items, Schedule(now))
    assert [a.title for a in kept] == ["a", "d"]
    assert [(h.key, h.state, h.shown) for h in found] == [
        ("content/articles/b.md", SCHEDULED, False), ("content/articles/c.md", EXPIRED, False)]
    assert next_change == datetime(2022, 1, 20, tzinfo=ZoneInfo("Europe/Moscow"))
    assert summary(found) == "1 item scheduled, 1 expired (not published); run briefgen check for which"

    kept, found, _ = sort_out(items, Schedule(now, future=True))
    assert [a.title for a in kept] == ["a", "b", "d"]
    assert [h.shown for h in found] == [True, False]
    assert summary(found) == "1 item expired (not published); run briefgen check for which"
    kept, found, _ = sort_out(items, Schedule(now, future=True, expired=True))
    assert len(kept) == 4 and summary(found) == ""


def test_what_check_says_of_a_held_item() -> None:
    b = item("b", "date: 2022-01-18\npublish_date: 2022-01-20T06:00\n")
    reason = held(b, datetime(2022, 1, 19, tzinfo=UTC))
    assert reason is not None
    assert str(reason.problem(ZoneInfo("Europe/Moscow"))) == (
        "content/articles/b.md:4: scheduled for 20 January 2022, 06:00 (Europe/Moscow) by its "
        "publish_date; not published yet")
