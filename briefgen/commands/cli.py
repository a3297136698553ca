"""The command line: the only module that prints or picks an exit code.

Exit status: 0 success, 1 the site has errors, 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shlex
import sys
import threading
import webbrowser
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from .. import __version__
from ..build.pipeline import Build, build_site
from ..core.errors import BriefgenError, SiteErrors, error_line, printable
from ..core.parallel import default_jobs
from ..core.urls import is_http_url
from ..site.mentions import misspelt_keys, untagged_people
from ..source.config import base_url_problem, config_file, load_config
from .scaffold import init_site, new_article

log = logging.getLogger("briefgen")


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
        print(f"briefgen: {len(exc.problems)} error(s); nothing was written", file=sys.stderr)
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
    p = argparse.ArgumentParser(prog="briefgen",
                                description="A static site generator for news briefings.")
    p.add_argument("--version", action="version", version=f"briefgen {__version__}")
    p.set_defaults(run=lambda a: _usage(p), verbose=False)
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    b = sub.add_parser("build", help="build the site into its output folder")
    _site_args(b)
    b.add_argument("-o", "--output", type=Path, help="output folder (default: site.yaml output_dir)")
    b.add_argument("--base-url", type=_base_url, help="override site.yaml base_url")
    b.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                   help="processes that build, this one among them (default: the number of cores)")
    noise = b.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="stage timings, and a traceback on errors")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="preview the site with live reload")
    _site_args(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=_port, default=8000,
                   help="port, 0 for any free one (default: 8000)")
    s.add_argument("--open", action="store_true", help="open the site in a browser")
    # Only requests: args.verbose stays False, so an error is never a traceback here.
    s.add_argument("-v", "--verbose", action="store_true", dest="log_requests",
                   help="log every request")
    s.set_defaults(run=cmd_serve)

    i = sub.add_parser("init", help="start a new site with sample content")
    i.add_argument("folder", type=Path, metavar="DIR", help="the folder to create the site in")
    i.add_argument("--title", default="My Briefing", help="the site title")
    i.set_defaults(run=cmd_init)

    n = sub.add_parser("new", help="create a new item file")
    n.add_argument("kind", choices=["article"], help="what to create (article)")
    n.add_argument("title", metavar="TITLE", help="the item's title; its slug names the file")
    n.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    n.add_argument("--people", nargs="*", default=[], metavar="NAME",
                   help="the people the item names (blank names are left out)")
    n.add_argument("--topics", nargs="*", default=[], metavar="NAME",
                   help="the item's topics (blank names are left out)")
    n.add_argument("--source", default="", help="the source's name")
    n.add_argument("--source-url", default="", help="the source's http(s) URL")
    n.add_argument("--date", type=_day, default=None, metavar="YYYY-MM-DD",
                   help="the item's date (default: today in the site's timezone)")
    n.set_defaults(run=cmd_new)

    c = sub.add_parser("check", help="validate everything, write nothing")
    _site_args(c, drafts=False)
    c.add_argument("--base-url", type=_base_url, help="check as if hosted at this base_url")
    noise = c.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="a traceback on errors")
    c.set_defaults(run=cmd_check)

    d = sub.add_parser("digest", help="one day's edition as an email: inlined HTML and plain text")
    d.add_argument("day", type=_day, metavar="DATE", help="the edition's day, YYYY-MM-DD")
    _site_args(d)
    d.add_argument("-o", "--output", type=_digest_file, metavar="FILE",
                   help="the HTML file (default: digest-DATE.html here); the text goes beside "
                        "it with the suffix .txt (-o mail.html: mail.txt)")
    d.add_argument("--full", action="store_true", help="include item bodies, not only summaries")
    d.add_argument("--base-url", type=_base_url, help="override site.yaml base_url (links need a host)")
    noise = d.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="a traceback on errors")
    d.set_defaults(run=cmd_digest)
    return p


def _usage(p: argparse.ArgumentParser) -> int:
    """No command given: the help, and the exit status of bad usage."""
    p.print_help()
    return 2


def _base_url(text: str) -> str:
    """--base-url, checked by the rule base_url in site.yaml follows."""
    problem = base_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _port(text: str) -> int:
    """A TCP port number, checked here so a bad one is a usage error, not a bind() traceback."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return value


def _day(text: str) -> date:
    """YYYY-MM-DD, as front matter takes it: date.fromisoformat alone would also
    read 20220119 and 2022-W03-3, so a mistyped date would pass without a word."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}") from None


def _digest_file(text: str) -> Path:
    if text.endswith(("/", os.sep)):  # Path() would drop the slash: -o new/ would write a file 'new'
        raise argparse.ArgumentTypeError(
            f"{text!r} ends in {text[-1]!r}, a folder: give the HTML file (e.g. {text}digest.html)")
    if Path(text).suffix.lower() == ".txt":
        raise argparse.ArgumentTypeError(
            f"{text!r} ends in .txt, the plain-text file's name: give the HTML file (e.g. digest.html)")
    return Path(text)


def _site_args(p: argparse.ArgumentParser, drafts: bool = True) -> None:
    p.add_argument("site", nargs="?", type=Path, default=Path("."), metavar="SITE",
                   help="the site folder (default: the current folder)")
    if drafts:
        p.add_argument("--drafts", action="store_true", help="include items with draft: true")


def _warnings(result: Build) -> None:
    for w in result.warnings:
        log.warning("warning: %s", w)


def cmd_build(args: argparse.Namespace) -> int:
    result = build_site(args.site, output=args.output, drafts=args.drafts,
                        base_url=args.base_url, jobs=args.jobs)
    _warnings(result)
    if args.verbose:
        for stage, seconds in result.timings.items():
            log.debug("  %-10s %7.3f s", stage, seconds)
    counts = ", ".join([f"{result.articles} items", *(f"{n} {name}" for name, n in result.terms.items())])
    log.info("built %d pages (%d written) from %s in %.2f s -> %s",
             result.pages, result.written, counts, result.seconds, _shown(result.output))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    files = init_site(args.folder, args.title, date.today())
    for file in files:
        log.info("created %s", _shown(file))
    log.info("next: cd %s && briefgen serve", shlex.quote(str(_shown(args.folder))))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    if args.source_url and not is_http_url(args.source_url):
        raise BriefgenError(f"--source-url: not an http(s) URL: {args.source_url!r}")
    path = new_article(args.site, args.title, args.date or _site_today(args.site), args.people,
                       args.topics, args.source, args.source_url)
    print(_shown(path))
    return 0


def _site_today(site: Path) -> date:
    """Today in the site's time zone, the one its editions are dated in (the
    machine's zone may be another day near midnight); the machine's without
    a readable site.yaml, which new_article then reports."""
    try:
        return datetime.now(load_config(site).tz).date()
    except BriefgenError:
        return date.today()


def cmd_check(args: argparse.Namespace) -> int:
    result = build_site(args.site, drafts=True, base_url=args.base_url, write=False)
    if result.site is not None:
        result.warnings += untagged_people(args.site, result.site)
        result.warnings += misspelt_keys(args.site, result.site)
    _warnings(result)
    log.info("ok: %d items and %d pages checked, no errors", result.articles, result.pages)
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    from ..digest import newsletter
    from ..render.routes import Routes

    site, warnings = newsletter.load_site(args.site, drafts=args.drafts, base_url=args.base_url,
                                          jobs=default_jobs())
    for w in warnings:
        log.warning("warning: %s", w)
    routes = Routes(site.config)
    context = newsletter.digest_context(site, args.day, routes, full=args.full)
    digest = newsletter.render_digest(newsletter.digest_environment(args.site.absolute()), context)
    page, text = newsletter.output_paths(args.day, args.output)
    newsletter.write_files({page: digest.html, text: digest.text})
    if not routes.host:
        log.warning("warning: base_url %r has no host, so the digest's links are paths such as %s; "
                    "links in emails need an absolute base_url: set one in site.yaml or pass "
                    "--base-url https://example.org/", site.config.base_url, context["edition"]["url"])
    log.info("wrote %s and %s: %d item(s) of %s", _shown(page), _shown(text),
             len(context["items"]), context["edition"]["date_text"])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..serve.server import Preview, is_loopback, open_server

    config_file(args.site)  # not a site at all: say so and stop
    # Any other error, in site.yaml too, is the first build's: the preview
    # shows it in the page and serves the site once it is fixed.
    preview = Preview(args.site, args.drafts, first_jobs=default_jobs())
    # Bound before the first build, which takes seconds on a large site: a port
    # in use is then said at once. Connections wait until serving starts.
    server = open_server(preview, args.host, args.port, log_requests=args.log_requests)
    # From here on Ctrl-C means "stop", in the first build too.
    running = False  # serve_forever started: shutdown() waits for it, so only then
    try:
        if not is_loopback(args.host):
            log.warning("warning: serving on %s: anyone who can reach this machine can see "
                        "the preview", args.host)
        errors = preview.rebuild()
        for line in errors:
            log.error("%s", line)
        for line in preview.warnings:
            log.warning("%s", line)
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{host}:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
        running = True
        log.info("serving %s at %s (Ctrl-C to stop)", _shown(preview.root), url)
        if args.open:
            webbrowser.open(url)
        printed: list[str] = errors
        warned = preview.warnings

        def report(errors: list[str], seconds: float, paths: set[str]) -> None:
            nonlocal printed, warned
            if errors:
                if errors != printed:
                    for line in errors:
                        log.error("%s", line)
            else:
                log.info("rebuilt in %.0f ms after %s", seconds * 1000,
                         ", ".join(sorted(paths)[:3]) + (" ..." if len(paths) > 3 else ""))
                for line in preview.warnings:
                    if line not in warned:  # new since the last build: old ones were said
                        log.warning("%s", line)
                warned = preview.warnings
            printed = errors

        preview.watch(report)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stopping.set()
        with preview.changed:
            preview.changed.notify_all()
        if running:
            server.shutdown()
        server.server_close()
    log.info("stopped")
    return 0


def _shown(path: Path) -> str:
    """PATH as a message shows it: relative to here if it is below, made printable."""
    try:
        return printable(str(path.relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path))


if __name__ == "__main__":
    sys.exit(main())
