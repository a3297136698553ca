"""Dates help for `briefgen check`: items whose written day is not the day they are filed under.

An item's day (shown on it, its edition, the archive, a dated permalink) is
the calendar day of its `date` in the site's time zone. A date written at
another zone's offset, such as an evening in Washington for a site in
Moscow, can fall on the next day there; the item is then shown a day later
than its own date says, which is rarely what the editor meant. A warning,
not an error: the rule is deliberate, and a late item may belong to the
next day's edition.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.dates import date_text
from ..core.errors import Problem
from .model import Site

_DATE_KEY = re.compile(r"date\s*[:=]")  # the key in YAML (`date:`) or TOML (`date =`)


def other_day_dates(root: Path, site: Site) -> list[Problem]:
    """`path:line` warnings for items filed on another day than the one their date is written on."""
    zone = site.config.timezone
    warnings = []
    for article in site.articles:
        written = article.date.date()
        if written == article.local_date:
            continue
        filed = date_text(article.local_date)
        warnings.append(Problem(
            f"date {article.date.isoformat()} is {filed} in the site's time zone ({zone}), so the "
            f"item is shown and filed under {filed}, not {date_text(written)}; to keep it on "
            f"{date_text(written)}, write the day alone (date: {written.isoformat()}) or a time "
            f"that is still that day in {zone}",
            article.key, date_line(root / article.key)))
    return warnings


def date_line(file: Path) -> int:
    """The line of the front matter's `date` key, or 0 (no line) if the file cannot be read."""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "+++", "..."):
            break
        if _DATE_KEY.match(line):
            return number
    return 0
