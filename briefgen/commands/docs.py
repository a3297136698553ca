"""`briefgen docs [TOPIC]`: the reference pages, wherever briefgen is installed.

The pages are the repository's docs/*.md, shipped inside the package as
briefgen/docs (a link to ../docs in the repository, real files in a wheel),
so that a copy installed with pip, which has no repository and no web site
to point at, still has its manual: `briefgen docs configuration` is what the
site.yaml that `briefgen init` writes refers to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import BriefgenError

NAME = "docs"
HELP = "show the reference pages installed with briefgen"

FOLDER = Path(__file__).resolve().parent.parent / "docs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare docs' one argument: the page to show."""
    p.add_argument("topic", nargs="?", metavar="TOPIC",
                   help="the page to show, such as configuration (default: list the pages)")


def run(args: argparse.Namespace) -> int:
    """List the pages, or show one: through a pager on a terminal, else as it is."""
    pages = topics()
    if not pages:
        raise BriefgenError(f"no reference pages in {FOLDER}: this copy of briefgen was "
                            "installed without them")
    if args.topic is None:
        width = max(len(name) for name in pages)
        for name, path in pages.items():
            print(f"{name.ljust(width)}  {title(path)}")
        print("\nbriefgen docs TOPIC shows one of them.")
        return 0
    topic = args.topic.removesuffix(".md")
    if topic not in pages:
        raise BriefgenError(f"no page {args.topic!r}; the pages are {', '.join(pages)}")
    text = pages[topic].read_text(encoding="utf-8")
    if sys.stdout.isatty():
        import pydoc  # here: only a person reading at a terminal needs the pager

        pydoc.pager(text)
    else:
        sys.stdout.write(text)
    return 0


def topics() -> dict[str, Path]:
    """Each page's name (its file name without .md) and file, in name order."""
    if not FOLDER.is_dir():
        return {}
    return {path.stem: path for path in sorted(FOLDER.glob("*.md"))}


def title(path: Path) -> str:
    """A page's first heading, without its `#`, as the one line that lists it."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# "):
                return line[2:].strip()
    return ""
