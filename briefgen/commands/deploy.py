"""`briefgen deploy`: upload a built output folder to the bucket site.yaml names.

It never builds: it uploads what `briefgen build` wrote, the files whose
bytes changed, and then deletes what the build no longer has. The work is
in briefgen/deploy/; this module reads the arguments and site.yaml and says
what was (or, with --dry-run, would be) done.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import TYPE_CHECKING

from .common import quiet_or_verbose, shown

if TYPE_CHECKING:
    from ..deploy.objects import Plan, Upload

NAME = "deploy"
HELP = "upload the built output folder to an S3-compatible bucket"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare deploy's options."""
    from pathlib import Path

    p.add_argument("site", nargs="?", type=Path, default=Path("."), metavar="SITE",
                   help="the site folder, whose site.yaml has the deploy settings (default: here)")
    p.add_argument("-o", "--output", type=Path,
                   help="the built folder to upload (default: site.yaml output_dir)")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would be uploaded, deleted and redirected; change nothing")
    p.add_argument("--max-deletes", type=non_negative, default=256, metavar="N",
                   help="refuse to delete more than N objects from the bucket (default: 256)")
    p.add_argument("--force", action="store_true", help="delete however many objects it takes")
    quiet_or_verbose(p, "every file uploaded, and a traceback on errors")
    p.set_defaults(writes=False)  # its errors are not followed by "nothing was written"


def run(args: argparse.Namespace) -> int:
    """Plan, then (unless --dry-run) upload and delete; one line sums it up."""
    # Imported here: boto3 takes a while to import, and --help never needs it.
    from ..deploy.bucket import Bucket
    from ..deploy.run import Deploy, carry_out, check_deletes, make_plan, site_place

    place, base_path, output_dir = site_place(args.site)
    out = (args.output if args.output is not None else args.site / output_dir).absolute()
    deploy = Deploy(out, shown(out), place, base_path, args.max_deletes, args.force)
    started = time.monotonic()
    bucket = Bucket(deploy.place)
    plan = make_plan(deploy, bucket)
    if args.dry_run:
        for line in describe(plan):
            print(line)
        print(f"dry run: {summary(plan, done=False)}; nothing was uploaded or deleted")
        check_deletes(deploy, plan)
        return 0
    carry_out(deploy, bucket, plan, done=_uploaded)
    log.info("deployed %s to %s: %s in %.1f s", deploy.shown, deploy.place, summary(plan),
             time.monotonic() - started)
    return 0


def _uploaded(upload: Upload) -> None:
    """-v: name each file as it arrives (uploads run several at a time)."""
    log.debug("  uploaded %s (%s)", upload.wanted.key, upload.reason)


def describe(plan: Plan) -> list[str]:
    """The plan, one line per object, in the order the deploy takes them."""
    lines = [f"upload   {u.wanted.key} ({u.reason}{', redirect' if u.wanted.redirect else ''})"
             for u in plan.uploads]
    lines += [f"redirect {key} -> {location}" for key, location in plan.redirects]
    lines += [f"delete   {key}" for key in plan.deletes]
    return lines


def summary(plan: Plan, done: bool = True) -> str:
    """How many objects go up, stay, go, and redirect (DONE: said as done, not to do)."""
    up, gone = ("uploaded", "deleted") if done else ("to upload", "to delete")
    redirects = len(plan.redirects)
    return (f"{len(plan.uploads)} {up}, {plan.unchanged} unchanged, "
            f"{len(plan.deletes)} {gone}, {redirects} redirect{'' if redirects == 1 else 's'}")


def non_negative(text: str) -> int:
    """--max-deletes N: 0 or more; a word is a usage error."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return int(text)
