"""The day of an item: shown, filed in its edition and the archive, on the site's clock.

An item's day is the calendar date of its `date` in the site's `timezone`
(docs/content.md, "The day of an item"); `check` warns when that is not the
day the date is written on. The example site's items each say their day in
their text, and must be shown on that day.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from briefgen.build.builder import Builder
from briefgen.build.result import Options
from briefgen.core.dates import date_text
from tests.conftest import MakeSite, article, build, hrefs, page_text, run_cli

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
MOSCOW = "title: T\ntimezone: Europe/Moscow\n"
# The UN meeting at 4 pm in New York: midnight, so 1 February, in Moscow.
EVENING = article("Council Meets", "2022-01-31T16:00:00-05:00", "The council met on 31 January.")
MORNING = article("Council Opens", "2022-01-31T10:00:00-05:00", "The council opened on 31 January.")


def test_an_item_is_shown_and_filed_on_its_day_on_the_site_s_clock(make_site: MakeSite,
                                                                     tmp_path: Path) -> None:
    site = make_site({"site.yaml": MOSCOW, "content/articles/late.md": EVENING,
                      "content/articles/early.md": MORNING})
    out = tmp_path / "out"
    build(site, "-o", out)
    item = (out / "articles/council-meets/index.html").read_text()
    assert "1 February 2022" in page_text(item)
    assert 'datetime="2022-01-31T16:00:00-05:00"' in item  # the moment, as written
    assert hrefs((out / "2022/02/01/index.html").read_text()).count("/articles/council-meets/") >= 1
    assert "/articles/council-meets/" not in hrefs((out / "2022/01/31/index.html").read_text())
    assert "/articles/council-opens/" in hrefs((out / "2022/01/31/index.html").read_text())
    archive = page_text((out / "archive/index.html").read_text())
    assert re.search(r"1 February 2022 \(1 item", archive) and re.search(r"31 January 2022 \(1 item", archive)
    entries = ET.fromstring((out / "feed.xml").read_bytes()).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}published") for e in entries] == [
        "2022-01-31T16:00:00-05:00", "2022-01-31T10:00:00-05:00"]


def test_check_warns_when_an_item_s_date_falls_on_another_day_on_the_site_s_clock(
        make_site: MakeSite) -> None:
    site = make_site({"site.yaml": MOSCOW, "content/articles/late.md": EVENING,
                      "content/articles/early.md": MORNING,
                      "content/articles/day.md": article("Day Only", "2022-01-31")})
    result = run_cli("check", site)
    assert result.code == 0
    warnings = [line for line in result.err_lines if "time zone" in line]
    assert warnings == [
        "warning: content/articles/late.md:3: date 2022-01-31T16:00:00-05:00 is 1 February 2022 in the "
        "site's time zone (Europe/Moscow), so the item is shown and filed under 1 February 2022, not "
        "31 January 2022; to keep it on 31 January 2022, write the day alone (date: 2022-01-31) or a "
        "time that is still that day in Europe/Moscow"]


def test_check_says_nothing_about_dates_where_site_and_item_share_a_clock(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": "title: T\ntimezone: America/New_York\n",
                      "content/articles/late.md": EVENING})
    assert "time zone" not in run_cli("check", site).err


SOURCE_DAY = re.compile(r"^Source: .*, (\d{1,2} (?:January|February|March) 20\d\d)\.$", re.M)


def test_the_example_items_are_shown_on_the_day_their_text_gives() -> None:
    site, _ = Builder(REPO, Options(drafts=True)).model()
    shown = {}
    for item in site.articles:
        text = (REPO / item.key).read_text(encoding="utf-8")
        said = SOURCE_DAY.findall(text)
        assert said, f"{item.key}: no 'Source: ..., D Month YYYY.' line"
        shown[item.key] = (date_text(item.local_date), said[-1])
    assert {key: days for key, days in shown.items() if days[0] != days[1]} == {}
    assert len(shown) == 27
