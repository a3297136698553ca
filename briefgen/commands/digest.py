"""`briefgen digest DATE`: one day's edition as an email, inlined HTML and its plain-text twin."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from .common import (
    base_url,
    day,
    log_warnings,
    quiet_or_verbose,
    schedule_arguments,
    schedule_of,
    shown,
    site_argument,
)

NAME = "digest"
HELP = "one day's edition as an email: inlined HTML and plain text"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare digest's arguments: the day first, then the site as every verb takes it."""
    p.add_argument("day", type=day, metavar="DATE", help="the edition's day, YYYY-MM-DD")
    site_argument(p)
    schedule_arguments(p)
    p.add_argument("-o", "--output", type=digest_file, metavar="FILE",
                   help="the HTML file (default: digest-DATE.html here); the text goes beside "
                        "it with the suffix .txt (-o mail.html: mail.txt)")
    p.add_argument("--full", action="store_true", help="include item bodies, not only summaries")
    p.add_argument("--base-url", type=base_url, help="override site.yaml base_url (links need a host)")
    quiet_or_verbose(p, "a traceback on errors")


def run(args: argparse.Namespace) -> int:
    """Write the day's HTML and text files; warn when the links cannot work in an email."""
    # Imported when the verb runs: no other verb needs the digest's modules at start-up.
    from ..core.parallel import default_jobs
    from ..digest import newsletter
    from ..render.routes import Routes

    site, warnings = newsletter.load_site(args.site, drafts=args.drafts, base_url=args.base_url,
                                          jobs=default_jobs(), schedule=schedule_of(args))
    log_warnings(warnings)
    routes = Routes(site.config)
    context = newsletter.digest_context(site, args.day, routes, full=args.full)
    digest = newsletter.render_digest(newsletter.digest_environment(args.site.absolute()), context)
    page, text = newsletter.output_paths(args.day, args.output)
    newsletter.write_files({page: digest.html, text: digest.text})
    if not routes.host:
        log.warning("warning: base_url %r has no host, so the digest's links are paths such as %s; "
                    "links in emails need an absolute base_url: set one in site.yaml or pass "
                    "--base-url https://example.org/", site.config.base_url, context["edition"]["url"])
    log.info("wrote %s and %s: %d item(s) of %s", shown(page), shown(text),
             len(context["items"]), context["edition"]["date_text"])
    return 0


def digest_file(text: str) -> Path:
    """-o FILE: the HTML file, refused if it names a folder or the text twin's name."""
    if text.endswith(("/", os.sep)):  # Path() would drop the slash: -o new/ would write a file 'new'
        raise argparse.ArgumentTypeError(
            f"{text!r} ends in {text[-1]!r}, a folder: give the HTML file (e.g. {text}digest.html)")
    if Path(text).suffix.lower() == ".txt":
        raise argparse.ArgumentTypeError(
            f"{text!r} ends in .txt, the plain-text file's name: give the HTML file (e.g. digest.html)")
    return Path(text)
