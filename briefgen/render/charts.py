"""Inline SVG charts for term pages: no JavaScript, readable by screen readers."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from ..core.dates import MONTHS
from ..site.insights import MonthCount

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
    if not months:
        return ""
    top = max(m.count for m in months) or 1
    xs, width = _columns(len(months))
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="none" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">Items per month</title>',
        f'<desc id="{chart_id}-d">{escape(describe(months))}</desc>',
    ]
    for x, m in zip(xs, months, strict=True):
        y, h = _bar(m.count, top)
        # Month names are plain ASCII words: nothing in the title needs escaping.
        parts.append(f'<rect x="{x}" y="{y}" width="{width}" height="{h}">'
                     f'<title>{MONTHS[m.month - 1]} {m.year}: {m.count}</title></rect>')
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
