"""`briefgen new article TITLE`: start an item file with its front matter filled in."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from ..core.errors import BriefgenError
from ..core.urls import is_http_url
from .common import day, shown

NAME = "new"
HELP = "create a new item file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare new's arguments: what to create, its title, and the front matter to fill in."""
    p.add_argument("kind", choices=["article"], help="what to create (article)")
    p.add_argument("title", metavar="TITLE", help="the item's title; its slug names the file")
    p.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    p.add_argument("--people", nargs="*", default=[], metavar="NAME",
                   help="the people the item names (blank names are left out)")
    p.add_argument("--topics", nargs="*", default=[], metavar="NAME",
                   help="the item's topics (blank names are left out)")
    p.add_argument("--source", default="", help="the source's name")
    p.add_argument("--source-url", default="", help="the source's http(s) URL")
    p.add_argument("--date", type=day, default=None, metavar="YYYY-MM-DD",
                   help="the item's date (default: today in the site's timezone)")


def run(args: argparse.Namespace) -> int:
    """Create the file and print its path on standard output, for `$EDITOR $(briefgen new ...)`."""
    from .scaffold import new_article  # here: other commands need not load the slug rules

    if args.source_url and not is_http_url(args.source_url):
        raise BriefgenError(f"--source-url: not an http(s) URL: {args.source_url!r}")
    path = new_article(args.site, args.title, args.date or _site_today(args.site), args.people,
                       args.topics, args.source, args.source_url)
    print(shown(path))
    return 0


def _site_today(site: Path) -> date:
    """Today in the site's time zone, the one its editions are dated in (the
    machine's zone may be another day near midnight); the machine's without
    a readable site.yaml, which new_article then reports."""
    from ..source.config import load_config  # here: YAML is not needed for --help

    try:
        return datetime.now(load_config(site).tz).date()
    except BriefgenError:
        return date.today()
