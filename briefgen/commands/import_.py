"""`briefgen import`: bring a Hugo, Jekyll, Zola or Pelican site's posts, or a feed's
entries, into a briefgen site, and say what could not be mapped."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .common import shown

NAME = "import"
HELP = "import posts from a Hugo, Jekyll, Zola or Pelican site, or entries of an RSS/Atom feed"
DESCRIPTION = """\
briefgen import hugo|jekyll|zola|pelican SRC -o SITE
  converts the posts of the site in the folder SRC into a new briefgen site:
  titles, dates, drafts, summaries; tags and categories become topics,
  authors become authors; the old URL and aliases are kept as aliases; page
  bundles are copied with their files, static files into content/media/,
  pages such as About into content/pages/.
  SRC is only read. SITE must be new, empty, or made by an earlier import.

briefgen import feed FILE_OR_URL [-o SITE]
  adds each entry of an RSS or Atom feed to SITE as a draft item (title, date,
  source, source_url, summary), skipping entries whose link an item already
  has as source_url; SITE is created if it has no site.yaml. Needs feedparser:
  pip install 'briefgen[import]'.

A report of what could not be mapped (shortcodes, unknown front matter keys
kept as extra fields, skipped files) is printed as path:line lines."""

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare import's arguments: the source format, where it is, the target site."""
    p.description = DESCRIPTION
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("format", choices=["hugo", "jekyll", "zola", "pelican", "feed"],
                   help="what to import: a hugo, jekyll, zola or pelican site, or a feed")
    p.add_argument("source", metavar="SRC", help="the source site's folder, or the feed's file or URL")
    p.add_argument("-o", "--output", type=Path, default=Path("."), metavar="SITE",
                   help="the briefgen site to write (default: the current folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="a traceback on errors")


def run(args: argparse.Namespace) -> int:
    """Import, print the report (one line per thing to look at), then a summary."""
    if args.format == "feed":
        from ..importer.feed import import_feed  # here: --help needs no feed reader

        report = import_feed(args.source, args.output)
        done = f"{report.items} draft item(s) added, {report.skipped} already imported"
    else:
        from ..importer.site import import_site

        source = Path(args.source)
        if not source.is_dir():
            from ..core.errors import BriefgenError

            raise BriefgenError(f"{args.source}: not a folder (give the {args.format} site's folder)")
        report = import_site(args.format, source, args.output)
        done = (f"imported {report.items} item(s) ({report.drafts} draft(s)), {report.pages} "
                f"page(s) and {report.files} file(s); {report.skipped} skipped")
    for line in report.lines():
        print(line)
    log.info("%s -> %s", done, shown(args.output))
    if args.format != "feed":
        log.info("next: briefgen check %s", shown(args.output))
    return 0
