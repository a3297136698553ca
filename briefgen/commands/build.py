"""`briefgen build`: build the site into its output folder and sum it up in one line."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .common import base_url, base_url_warnings, log_warnings, quiet_or_verbose, shown, site_argument

NAME = "build"
HELP = "build the site into its output folder"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare build's options; the order is the order --help shows them in."""
    site_argument(p)
    p.add_argument("-o", "--output", type=Path, help="output folder (default: site.yaml output_dir)")
    p.add_argument("--base-url", type=base_url, help="override site.yaml base_url")
    p.add_argument("-j", "--jobs", type=positive, default=None, metavar="N",
                   help="processes that build, this one among them (default: the number of cores)")
    quiet_or_verbose(p, "stage timings, and a traceback on errors")


def run(args: argparse.Namespace) -> int:
    """Build, then print the summary line the README shows (and -v's stage timings)."""
    # Imported here, not above: --help and --version stay quick, and a build
    # with nothing to do imports neither the renderer nor the site model.
    from ..build.noop import unchanged_build
    from ..build.result import Options

    result = unchanged_build(args.site, Options(drafts=args.drafts, base_url=args.base_url,
                                                output=args.output))
    summary: list[str] = []  # of the bodies' leftovers and links: a build that parsed them knows
    if result is None:
        from ..build.pipeline import build_site
        from ..core.parallel import default_jobs
        from ..render.relative import summary_line
        from ..source.leftovers import summary_lines

        result = build_site(args.site, output=args.output, drafts=args.drafts,
                            base_url=args.base_url, jobs=args.jobs or default_jobs())
        summary = summary_lines(result.notices) + summary_line(result.notices)
    log_warnings([*base_url_warnings(args.site, result.config.base_url, args.base_url),
                  *result.warnings])
    for line in summary:
        log.warning("warning: %s", line)
    if args.verbose:
        for stage, seconds in result.timings.items():
            log.debug("  %-10s %7.3f s", stage, seconds)
    counts = ", ".join([f"{result.articles} items", *(f"{n} {name}" for name, n in result.terms.items())])
    log.info("built %d pages (%d written) from %s in %.2f s -> %s",
             result.pages, result.written, counts, result.seconds, shown(result.output))
    return 0


def positive(text: str) -> int:
    """-j N: a usage error for 0 or a word, rather than a build that never starts."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
