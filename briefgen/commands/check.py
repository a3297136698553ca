"""`briefgen check`: read and render everything, drafts included, and write nothing."""

from __future__ import annotations

import argparse
import logging

from .common import (
    base_url,
    base_url_warnings,
    log_warnings,
    quiet_or_verbose,
    schedule_arguments,
    schedule_of,
    site_argument,
)

NAME = "check"
HELP = "validate everything, write nothing"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare check's options: no --drafts, as check always reads drafts."""
    site_argument(p, drafts=False)
    p.set_defaults(writes=False)  # its errors' last line does not say "nothing was written"
    schedule_arguments(p)
    p.add_argument("--base-url", type=base_url, help="check as if hosted at this base_url")
    quiet_or_verbose(p, "a traceback on errors")


def run(args: argparse.Namespace) -> int:
    """Build in memory, then add the warnings only a check gives: tagging help,
    and where each body has raw HTML or another generator's syntax."""
    from ..build.pipeline import build_site  # here, not above: --help stays quick
    from ..site.days import other_day_dates
    from ..site.mentions import untagged_people
    from ..site.near_names import near_names
    from ..site.unwritten import unwritten_items

    result = build_site(args.site, drafts=True, base_url=args.base_url, write=False,
                        schedule=schedule_of(args))
    if result.site is not None:
        result.warnings += other_day_dates(args.site, result.site)
        result.warnings += untagged_people(args.site, result.site)
        result.warnings += near_names(args.site, result.site)
        result.warnings += unwritten_items(args.site, result.site)
    result.warnings += sorted((problem for _, problem in result.notices), key=lambda p: (p.path, p.line))
    log_warnings([*base_url_warnings(args.site, result.config.base_url, args.base_url),
                  *result.warnings])
    for held in sorted(result.held, key=lambda h: (h.key, h.line)):  # scheduled, expired: when
        log.info("%s", held.problem(result.config.tz))
    log.info("ok: %d items and %d pages checked, no errors", result.articles, result.pages)
    return 0
