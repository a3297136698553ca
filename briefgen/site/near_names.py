"""`check`'s warning about a name one slip away from a profiled one.

A typo in front matter (`people: [Annalena Baerbok]`) makes a second person
with a page of their own, listed beside the real one in the index, the
sitemap and "often mentioned with"; the build cannot call it an error, as a
new name is how a new person is added. Profiles are the names the editors
vouched for, so a name without a profile that is nearly one of theirs is
most likely a slip, and said where it is written. Only names without a
profile are compared, and only with profiled ones: two profiled people with
close names (Oleg and Olga Gromov) are both meant.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from ..core.errors import Problem
from .model import Site, Term

CLOSE = 0.9  # difflib's ratio from which two names read as one with a slip
_MOST_ITEMS = 2  # a slip is rarely made the same way in more items than this


def near_names(root: Path, site: Site) -> list[Problem]:
    """A warning at each item that names a term without a profile whose name
    is within a slip of a profiled term's name or alias, in every taxonomy."""
    warnings = []
    for name, taxonomy in site.taxonomies.items():
        profiled = [(spelling, term) for term in taxonomy.terms if term.profile is not None
                    for spelling in dict.fromkeys((term.name, *term.profile.aliases))]
        if not profiled:
            continue
        for term in taxonomy.terms:
            if term.profile is not None or len(term.articles) > _MOST_ITEMS:
                continue
            match = _closest(term.name, profiled)
            if match is None:
                continue
            for key in term.articles:
                profile = match.profile.key if match.profile is not None else ""
                warnings.append(Problem(
                    f"{name}: {term.name!r} has no profile and is one slip from {match.name!r} "
                    f"({profile}): as written it is another entry in {name}, with a page of its "
                    "own; if it is the same, write the name as the profile does or add the "
                    "spelling to its aliases", key, _line_of(root / key, term)))
    return warnings


def _closest(written: str, profiled: list[tuple[str, Term]]) -> Term | None:
    """The profiled term one of whose names is closest to WRITTEN, if close enough."""
    best, found = CLOSE, None
    folded = written.casefold()
    for spelling, term in profiled:
        if abs(len(spelling) - len(written)) > 3:
            continue
        matcher = SequenceMatcher(None, folded, spelling.casefold())
        if matcher.real_quick_ratio() >= best and matcher.quick_ratio() >= best:
            ratio = matcher.ratio()
            if ratio >= best and ratio < 1.0:
                best, found = ratio, term
    return found


def _line_of(path: Path, term: Term) -> int:
    """The first line of the file at PATH that writes one of TERM's
    spellings (its front matter's list), else 1."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, 1):
        if any(spelling in line for spelling in term.spellings):
            return number
    return 1
