"""The time a build runs at: read once at the edge, passed down as a value.

Which items are published depends on the time (an item held until its
`publish_date`, taken down at its `expiry_date`), so a build that read the
clock deep inside would give different pages from one second to the next
and could not be tested. Commands read it here, once per build, and put it
in Options; everything after works with that value alone.

`BRIEFGEN_NOW` in the environment fixes the clock (an ISO date-time with an
offset, `2022-01-18T09:00:00Z`), for tests that run briefgen as a command
and for an editor who wants to see the site as it will be at a given time.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .dates import looks_like_moment, parse_moment
from .errors import BriefgenError

ENV = "BRIEFGEN_NOW"


def current_time() -> datetime:
    """Now, aware, in UTC: BRIEFGEN_NOW when set, else the system clock.

    Raises BriefgenError when BRIEFGEN_NOW is set to something else than a
    date-time with an offset, so a typo never builds at the real time unnoticed.
    """
    fixed = os.environ.get(ENV, "").strip()
    return parse_now(fixed) if fixed else datetime.now(UTC)


def parse_now(text: str) -> datetime:
    """TEXT as BRIEFGEN_NOW takes it: a date-time with an offset (or Z), in UTC."""
    try:
        moment = parse_moment(text) if looks_like_moment(text) else None
        if moment is not None and moment.tzinfo is not None:
            return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        pass
    raise BriefgenError(f"{ENV}: expected a date and time with an offset, such as "
                        f"2022-01-18T09:00:00Z, got {text!r}")
