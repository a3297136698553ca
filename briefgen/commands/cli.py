"""The command line: parse the arguments, run the verb, turn its errors into an exit status.

Each verb lives in its own module (build.py, serve.py, check.py, digest.py,
new.py, init.py), which declares its arguments and runs; this module only
parses, dispatches and reports. The commands package is the only one that
prints.

Exit status: 0 success, 1 the site has errors, 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Protocol

from .. import __version__
from ..core.errors import BriefgenError, SiteErrors, error_line, printable
from . import build, check, deploy, digest, docs, import_, init, new, serve

log = logging.getLogger("briefgen")


class Verb(Protocol):
    """What a verb module declares: its name, its line in `briefgen --help`, its arguments, its run."""

    NAME: str
    HELP: str

    def add_arguments(self, p: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# In the order `briefgen --help` lists them.
VERBS: tuple[Verb, ...] = (build, serve, init, new, check, digest, import_, deploy, docs)


def main(argv: Sequence[str] | None = None) -> int:
    """Run briefgen with ARGV; return the exit status."""
    args = parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG if args.verbose else
                 logging.ERROR if getattr(args, "quiet", False) else logging.INFO)
    try:
        return int(args.run(args))
    except SiteErrors as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        # Only a verb that would have written says so (`check` never writes).
        written = "; nothing was written" if getattr(args, "writes", True) else ""
        print(f"briefgen: {len(exc.problems)} error(s){written}", file=sys.stderr)
        if args.verbose and exc.__cause__:
            raise
        return 1
    except BriefgenError as exc:
        print(error_line(exc), file=sys.stderr)
        if args.verbose:
            raise
        return 1
    except OSError as exc:
        print(printable(f"briefgen: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")),
              file=sys.stderr)
        if args.verbose:
            raise
        return 1
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    """The `briefgen` command: run, then leave without tearing down the heap.

    Freeing a large site's objects one by one at exit costs up to a second
    and changes nothing on disk, so the process ends as soon as output is out.
    Servers and tests call main() instead.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def parser() -> argparse.ArgumentParser:
    """briefgen's parser: --version, and one subparser per verb, which the verb fills in."""
    p = argparse.ArgumentParser(prog="briefgen",
                                description="A static site generator for news briefings.",
                                epilog="The reference pages are installed with briefgen: "
                                       "briefgen docs lists them, briefgen docs TOPIC shows one.")
    p.add_argument("--version", action="version", version=f"briefgen {__version__}")
    p.set_defaults(run=lambda a: _usage(p), verbose=False)
    sub = p.add_subparsers(title="commands", metavar="COMMAND")
    for verb in VERBS:
        verb_parser = sub.add_parser(verb.NAME, help=verb.HELP)
        verb.add_arguments(verb_parser)
        verb_parser.set_defaults(run=verb.run)
    return p


def _usage(p: argparse.ArgumentParser) -> int:
    """No command given: the help, and the exit status of bad usage."""
    p.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
