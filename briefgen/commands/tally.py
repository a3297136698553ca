"""The warnings of a run counted by kind, said after them when there are many.

An imported blog can give thousands of warnings, most of them a few kinds
(links into a part of the old site that was not imported, say) repeated over
hundreds of posts. Each is still printed at its place, as every other message
is; the tally after them tells the user what the run is mostly about and which
few targets account for most of it, which the scrolled-past lines do not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..core.errors import Problem, printable

MANY = 20  # fewer warnings than this read well enough on their own
KINDS = 5  # the kinds the tally names; the rest are counted together
VALUES = 3  # the most frequent values named for a kind
# A quoted value in a message: a link, a field, a name. Messages quote what
# they are about, so with these taken out, messages of one kind read alike.
_QUOTED = re.compile(r"'[^']*'")
# What else varies between messages of one kind: a file's path, and a count
# of the places it stands for.
_QUOTED_LIST = re.compile(r"'…'(?:, '…')+")  # names listed: one kind however many
_NUMBER = re.compile(r"\d+")  # dates and counts: one kind whatever they are
_VARYING = re.compile(r"(?<![\w'])(?:[\w.-]+/)+[\w.-]+(?![\w/])|\s*\(and [\d,]+ more\)")


def tally(warnings: Sequence[Problem]) -> list[str]:
    """Lines that sum WARNINGS up by kind, most frequent first, each with the
    values it most often quotes; none for fewer than MANY warnings."""
    if len(warnings) < MANY:
        return []
    kinds: Counter[str] = Counter()
    shown: dict[str, str] = {}  # a kind as its first message says it, its values left out
    values: dict[str, Counter[str]] = {}
    for warning in warnings:
        said = _VARYING.sub(lambda m: "" if m.group().lstrip().startswith("(") else "…",
                            _QUOTED_LIST.sub("'…'", _QUOTED.sub("'…'", warning.message)))
        kind = _NUMBER.sub("#", said)
        shown.setdefault(kind, said)
        kinds[kind] += 1
        first = _QUOTED.search(warning.message)
        if first is not None:
            values.setdefault(kind, Counter())[first.group()] += 1
    lines = [f"{len(warnings):,} warnings in all, by kind:"]
    width = len(f"{kinds.most_common(1)[0][1]:,}")
    for kind, count in kinds.most_common(KINDS):
        lines.append(f"  {count:>{width},} {printable(shown[kind])}")
        quoted = values.get(kind, Counter())
        if count > 1 and len(quoted) > 1:
            often = ", ".join(f"{_short(printable(v))} ({n:,})" for v, n in quoted.most_common(VALUES)
                              if n >= max(2, count // 50))
            if often:
                lines.append(f"  {'':>{width}}   most often {often}")
    rest = sum(kinds.values()) - sum(n for _, n in kinds.most_common(KINDS))
    if rest:
        lines.append(f"  {rest:>{width},} of {len(kinds) - KINDS:,} other kinds")
    return lines


def _short(value: str) -> str:
    """VALUE, or its start and end when it is too long to read in a list."""
    return value if len(value) <= 60 else value[:40] + "…" + value[-15:]
