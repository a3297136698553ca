"""Dates as readers see them: fixed English, so output never depends on the locale."""

from __future__ import annotations

from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_text(day: date) -> str:
    """'18 January 2022'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


