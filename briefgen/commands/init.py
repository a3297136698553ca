"""`briefgen init DIR`: start a new site with sample content (the files are in scaffold.py)."""

from __future__ import annotations

import argparse
import logging
import shlex
from datetime import date
from pathlib import Path

from .common import shown

NAME = "init"
HELP = "start a new site with sample content"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare init's arguments: where, and the title site.yaml starts with."""
    p.add_argument("folder", type=Path, metavar="DIR", help="the folder to create the site in")
    p.add_argument("--title", default="My Briefing", help="the site title")


def run(args: argparse.Namespace) -> int:
    """Create the site, list its files, and say how to preview it."""
    from .scaffold import init_site  # here: other commands need not load the slug rules

    files, gitignore = init_site(args.folder, args.title, date.today())
    for file in files:
        log.info("created %s", shown(file))
    if gitignore:  # "created", or "updated": lines added to the user's own
        log.info("%s %s (the output and the cache are not for git)", gitignore,
                 shown(args.folder / ".gitignore"))
    log.info("next: cd %s && briefgen serve", shlex.quote(str(shown(args.folder))))
    return 0
