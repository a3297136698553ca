"""`briefgen build`: build the site into its output folder and sum it up in one line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import BriefgenError
from .common import (
    base_url,
    base_url_warnings,
    held_line,
    log_warnings,
    quiet_or_verbose,
    schedule_arguments,
    schedule_of,
    shown,
    site_argument,
)
from .progress import progress_on

if TYPE_CHECKING:
    from ..build.result import Build
    from ..core.progress import Progress

NAME = "build"
HELP = "build the site into its output folder"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare build's options; the order is the order --help shows them in."""
    site_argument(p)
    schedule_arguments(p)
    p.add_argument("-o", "--output", type=Path, help="output folder (default: site.yaml output_dir)")
    p.add_argument("--base-url", type=base_url, help="override site.yaml base_url")
    p.add_argument("-j", "--jobs", type=positive, default=None, metavar="N",
                   help="processes that build, this one among them (default: the number of cores)")
    quiet_or_verbose(p, "stage timings, and a traceback on errors")
    p.add_argument("--json", action="store_true",
                   help="also print a summary as JSON on standard output, for CI "
                        "(its keys: briefgen docs cli)")


def run(args: argparse.Namespace) -> int:
    """Build, then print the summary line the README shows (and -v's stage timings),
    and with --json the summary for programs on standard output."""
    try:
        with progress_on(sys.stderr, args.quiet) as progress:  # a terminal's line, else nothing
            result = _build(args, progress)
    except (BriefgenError, OSError) as exc:
        if args.json:  # the errors go to stderr as well, as the command line prints them
            from .summary import failed

            print(failed(exc))
        raise
    warnings = [*base_url_warnings(args.site, result.config.base_url, args.base_url),
                *result.warnings]
    log_warnings(warnings)
    if result.notices:  # of the bodies' leftovers and links: a build that parsed them knows
        from ..render.relative import summary_line
        from ..source.leftovers import summary_lines

        for line in summary_lines(result.notices) + summary_line(result.notices):
            log.warning("warning: %s", line)
    if args.verbose:
        for stage, seconds in result.timings.items():
            log.debug("  %-10s %7.3f s", stage, seconds)
    counts = ", ".join([f"{result.articles} items", *(f"{n} {name}" for name, n in result.terms.items())])
    for line in held_line(result.held):
        log.info("%s", line)
    log.info("built %d pages (%d written) from %s in %.2f s -> %s",
             result.pages, result.written, counts, result.seconds, shown(result.output))
    if args.json:
        from .summary import built

        print(built(result, [*warnings, *(notice for _, notice in result.notices)]))
    return 0


def _build(args: argparse.Namespace, progress: Progress) -> Build:
    """The build's result: the last build's when nothing changed, else a new build's."""
    # Imported here, not above: --help and --version stay quick, and a build
    # with nothing to do imports neither the renderer nor the site model.
    from ..build.noop import unchanged_build
    from ..build.result import Options

    when = schedule_of(args)  # one time for the no-op check and the build
    check = unchanged_build(args.site, Options(drafts=args.drafts, base_url=args.base_url,
                                               output=args.output, now=when.now,
                                               future=when.future, expired=when.expired))
    result = check.build
    if result is None:
        from ..build.pipeline import build_site
        from ..core.parallel import default_jobs

        result = build_site(args.site, output=args.output, drafts=args.drafts, schedule=when,
                            base_url=args.base_url, jobs=args.jobs or default_jobs(),
                            progress=progress, files=check.files)
    return result


def positive(text: str) -> int:
    """-j N: a usage error for 0 or a word, rather than a build that never starts."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
