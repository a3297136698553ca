"""Front matter keys written almost like one briefgen reads: errors, not extra data.

Any key briefgen does not read is kept for templates (`article.extra`), so a
misspelt key would otherwise be silently ignored: `Draft: true` publishes
the item, `peopel:` names nobody. A key that is a known key written with
other capitals or separators, or one typing slip away from it, is therefore
an error at its line, found by `build` as by `check`. Free-form keys that
are not that close (`my_note`, `tags`, `images`) keep working.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.errors import Problem
from .frontmatter import Mapping


def _folded(key: str) -> str:
    """KEY without case or separators: `Source-URL` and `sourceUrl` are `sourceurl`."""
    return key.casefold().replace("_", "").replace("-", "")


def _one_slip(a: str, b: str) -> bool:
    """Whether A and B differ by one inserted, left out, replaced or swapped
    (adjacent) character, the slips a typist makes."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1:] == b[start + 1:]:
            return True  # replaced
        return a[start:start + 2] == b[start:start + 2][::-1] and a[start + 2:] == b[start + 2:]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1:] == shorter[start:]


def meant_key(key: str, known: Iterable[str], written: Mapping | None = None) -> str:
    """The known key KEY is a near miss of, or "".

    Other capitals or separators always count (`Draft`, `source-url`). A
    slip counts for known keys of four letters or more, and only when the
    known key itself is not written too (then KEY is a field of its own, as
    `data` beside `date`). A plural of a known key is taken as a field of
    its own (`images`, `sources`); a singular of a known plural is a slip
    (`topic`, `alias`).
    """
    folded = _folded(key)
    slips = []
    for name in sorted(known):
        if key == name:
            return ""
        if folded == _folded(name):
            return name
        if len(name) < 4 or (written is not None and name in written) or folded == name + "s":
            continue
        if _one_slip(folded, name) or name in (folded + "s", folded + "es"):
            slips.append(name)
    return slips[0] if len(slips) == 1 else ""


def misspelt_keys(front: Mapping, known: frozenset[str] | set[str]) -> list[Problem]:
    """An error at the line of each key of FRONT that is a near miss of a KNOWN one."""
    problems = []
    for key in front:
        if key in known:
            continue
        meant = meant_key(key, known, front)
        if meant:
            problems.append(Problem(f"{key}: not a key briefgen reads (did you mean {meant!r}?)",
                                    front.path, front.line_of(key)))
    return problems
