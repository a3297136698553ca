"""What the verbs share: argument types, the SITE argument, -q/-v, how a path is shown.

Kept in one module so that every verb spells a shared option, and words a
usage error about it, the same way: `--base-url` means one thing in `build`,
`check` and `digest`.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import Problem, printable

if TYPE_CHECKING:
    from ..source.schedule import Held, Schedule

log = logging.getLogger(__name__)


def base_url(text: str) -> str:
    """--base-url, checked by the rule base_url in site.yaml follows (imported
    here: reading config pulls in YAML, which --help and --version never need)."""
    from ..source.config import base_url_problem

    problem = base_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def day(text: str) -> date:
    """YYYY-MM-DD, as front matter takes it: date.fromisoformat alone would also
    read 20220119 and 2022-W03-3, so a mistyped date would pass without a word."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}") from None


def site_argument(p: argparse.ArgumentParser, drafts: bool = True) -> None:
    """Add SITE (default: here) and, unless the verb always reads drafts, --drafts."""
    p.add_argument("site", nargs="?", type=Path, default=Path("."), metavar="SITE",
                   help="the site folder (default: the current folder)")
    if drafts:
        p.add_argument("--drafts", action="store_true", help="include items with draft: true")


def schedule_arguments(p: argparse.ArgumentParser) -> None:
    """Add --future and --expired: publish items held back at this time anyway."""
    p.add_argument("--future", action="store_true",
                   help="include items whose publish_date (or date) is still to come")
    p.add_argument("--expired", action="store_true",
                   help="include items whose expiry_date has passed")


def schedule_of(args: argparse.Namespace) -> Schedule:
    """The time this run builds at (the clock, or BRIEFGEN_NOW), read once here
    at the edge, and what --future and --expired ask for."""
    from ..core.clock import current_time
    from ..source.schedule import Schedule

    return Schedule(current_time(), args.future, args.expired)


def held_line(held: Iterable[Held]) -> list[str]:
    """The line saying which items a build left out as scheduled or expired, if any."""
    from ..source.schedule import summary

    line = summary(held)
    return [line] if line else []


def quiet_or_verbose(p: argparse.ArgumentParser, verbose_help: str) -> None:
    """Add -q and -v, which contradict each other, so argparse refuses both at once."""
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help=verbose_help)


def base_url_warnings(site: Path, base_url: str, given: str | None) -> list[Problem]:
    """`build`'s and `check`'s warning about a base_url without a host, if any (not `serve`'s)."""
    from ..source.config import base_url_warning  # here: --help stays quick

    warning = base_url_warning(site, base_url, given is not None)
    return [warning] if warning is not None else []


def log_warnings(warnings: Iterable[Problem]) -> None:
    """Say each warning of a run, then, when there are many, how many of each
    kind (tally.py); -q silences them, as they are not errors."""
    from .tally import tally

    said = list(warnings)
    for w in said:
        log.warning("warning: %s", w)
    for line in tally(said):
        log.warning("%s", line)


def shown(path: Path) -> str:
    """PATH as a message shows it: relative to here if it is below, made printable."""
    try:
        return printable(str(path.relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path))
