"""Dates as readers see them and as front matter writes them.

Shown in fixed English, so output never depends on the locale; read in the
forms other generators write, so a post brought from Jekyll or Hugo keeps
its date as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# A date, then optionally a time (after T, t or a space) with optional seconds
# and fraction, then optionally an offset: Z or z, or +HH:MM / +HHMM, which
# Jekyll writes after a space (`2016-10-06 11:10:38 -0700`).
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?: ?(?:[Zz]|[+-]\d{2}:?\d{2}))?)?")


def date_text(day: date) -> str:
    """'18 January 2022'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def looks_like_moment(text: str) -> bool:
    """Whether TEXT has the shape of a date briefgen reads (it may still be
    impossible, such as 2022-02-30): other shapes get a hint at the forms."""
    return _MOMENT.fullmatch(text) is not None


def parse_moment(text: str) -> datetime:
    """The date or date-time TEXT names, naive when it gives no offset.

    Raises ValueError for an impossible date or time. Only the shapes
    looks_like_moment accepts are read: datetime.fromisoformat alone would
    also take 20220118 or 2022-W03.
    """
    if not looks_like_moment(text):
        raise ValueError(text)
    head, space, offset = text.upper().rpartition(" ")
    if space and offset[:1] in "+-Z" and len(head) > 10:  # Jekyll's "... 11:10:38 -0700"
        text = head + offset
    return datetime.fromisoformat(text.upper())
