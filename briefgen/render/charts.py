"""Inline SVG charts for term pages: no JavaScript, readable by screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from html import escape

from ..core.dates import MONTHS, date_text
from ..site.insights import Bin, MonthCount

WIDTH, HEIGHT, GAP, MAX_BAR = 600, 120, 1, 40


def month_name(m: MonthCount) -> str:
    return f"{MONTHS[m.month - 1]} {m.year}"


def describe(months: tuple[MonthCount, ...], noun: str = "item") -> str:
    """One sentence saying what the chart shows, for its <desc> and for print."""
    if not months:
        return f"No {noun}s yet."
    total = sum(m.count for m in months)
    peak = max(months, key=lambda m: (m.count, -m.year, -m.month))
    plural = "" if total == 1 else "s"
    span = month_name(months[0]) if len(months) == 1 else \
        f"{month_name(months[0])} to {month_name(months[-1])}"
    return (f"{total} {noun}{plural} from {span}; the busiest month was "
            f"{month_name(peak)} with {peak.count}.")


def timeline_svg(months: tuple[MonthCount, ...], chart_id: str) -> str:
    """A bar per month, as a self-contained <svg> element (escaped, safe to embed)."""
    return activity_svg("month", tuple(Bin(date(m.year, m.month, 1), m.count) for m in months),
                        chart_id, describe(months))


def bin_name(unit: str, start: date) -> str:
    """'18 January 2022' (a day), 'week of 17 January 2022', 'January 2022'."""
    if unit == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return date_text(start) if unit == "day" else f"week of {date_text(start)}"


def describe_activity(unit: str, bins: Sequence[Bin], noun: str = "item") -> str:
    """What an activity chart shows, in one sentence: its span and busiest bar."""
    if not bins:
        return f"No {noun}s yet."
    total = sum(b.count for b in bins)
    peak = max(bins, key=lambda b: (b.count, -b.start.toordinal()))
    first, last = bin_name(unit, bins[0].start), bin_name(unit, bins[-1].start)
    span = first if len(bins) == 1 else f"{first} to {last}"
    busiest = bin_name(unit, peak.start)
    if unit == "week":
        busiest = "that of " + busiest.removeprefix("week of ")
        span = "the " + span.replace(" to week of ", " to the week of ")
    said = f"{total} {noun}{'' if total == 1 else 's'} from {span}"
    if peak.count < 2:  # no busiest one among equals
        return f"{said}, never more than one a {unit}." if total > 1 else f"{said}."
    return f"{said}; the busiest {unit} was {busiest} with {peak.count}."


def activity_svg(unit: str, bins: Sequence[Bin], chart_id: str, text: str = "") -> str:
    """A bar per day, week or month (UNIT), as a self-contained <svg> element
    (escaped, safe to embed); '' for fewer than two bars, which show nothing a
    sentence does not."""
    if len(bins) < 2:
        return ""
    top = max(b.count for b in bins) or 1
    xs, width = _columns(len(bins))
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="none" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">Items per {unit}</title>',
        f'<desc id="{chart_id}-d">{escape(text or describe_activity(unit, bins))}</desc>',
    ]
    for x, b in zip(xs, bins, strict=True):
        y, h = _bar(b.count, top)
        # Month names and dates are plain ASCII: nothing in the title needs escaping.
        parts.append(f'<rect x="{x}" y="{y}" width="{width}" height="{h}">'
                     f'<title>{bin_name(unit, b.start)}: {b.count}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


# A 10k-item site draws some 90,000 bars on a thousand term pages, and rounding
# and printing their numbers was most of the work: the same few numbers, since
# charts of one length share their columns and most months count 0, 1 or 2.
# Both tables stay process-wide on purpose: arithmetic on small numbers, the
# same for any site, holding no site's text; maxsize bounds them (a few MB).

@lru_cache(maxsize=1024)
def _columns(n: int) -> tuple[tuple[str, ...], str]:
    """The x of each of N bars and their width, as printed."""
    bar = min(WIDTH / n, MAX_BAR)  # a few months stay thin bars, not slabs
    return tuple(str(round(i * bar, 2)) for i in range(n)), str(round(max(bar - GAP, 0.5), 2))


@lru_cache(maxsize=65536)
def _bar(count: int, top: int) -> tuple[str, str]:
    """The y and height of a bar for COUNT in a chart whose highest bar is TOP, as printed."""
    h = round(count / top * (HEIGHT - 2), 2)
    return str(round(HEIGHT - h, 2)), str(h)
