"""`briefgen serve`: preview the site over HTTP and rebuild it on every save.

What the terminal says while it runs is decided here; the server itself
(serve/server.py) only builds, serves and watches.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from .common import schedule_arguments, shown, site_argument

if TYPE_CHECKING:
    from ..serve.server import Preview

NAME = "serve"
HELP = "preview the site with live reload"

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare serve's options; -v here logs requests, it never turns on tracebacks."""
    site_argument(p)
    schedule_arguments(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=port, default=8000,
                   help="port, 0 for any free one (default: 8000)")
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    # Only requests: args.verbose stays False, so an error is never a traceback here.
    p.add_argument("-v", "--verbose", action="store_true", dest="log_requests",
                   help="log every request")


def run(args: argparse.Namespace) -> int:
    """Bind, build once, serve, then rebuild on every save until Ctrl-C."""
    # Imported when the verb runs: no other verb needs the server's modules at start-up.
    import threading
    import webbrowser

    from ..core.parallel import default_jobs
    from ..serve.server import Preview, is_loopback, open_server
    from ..source.config import config_file

    config_file(args.site)  # not a site at all: say so and stop
    # Any other error, in site.yaml too, is the first build's: the preview
    # shows it in the page and serves the site once it is fixed.
    preview = Preview(args.site, args.drafts, first_jobs=default_jobs(), future=args.future,
                      expired=args.expired)
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
        log.info("serving %s at %s (Ctrl-C to stop)", shown(preview.root), url)
        if args.open:
            webbrowser.open(url)
        preview.watch(Reporter(preview, errors))
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


class Reporter:
    """What the terminal says after each rebuild: errors once until they change,
    a timing line on success, and only the warnings not said before."""

    def __init__(self, preview: Preview, errors: list[str]) -> None:
        self.preview = preview
        self.printed = errors  # the first build's, already said
        self.warned = preview.warnings

    def __call__(self, errors: list[str], seconds: float, paths: set[str]) -> None:
        """Report one rebuild: ERRORS (none if it succeeded), its time, the PATHS that changed."""
        if errors:
            if errors != self.printed:
                for line in errors:
                    log.error("%s", line)
        else:
            if paths:
                log.info("rebuilt in %.0f ms after %s", seconds * 1000,
                         ", ".join(sorted(paths)[:3]) + (" ..." if len(paths) > 3 else ""))
            else:  # no save: the time an item was scheduled for, or expires at, came
                log.info("rebuilt in %.0f ms: an item's publish_date or expiry_date came", seconds * 1000)
            for line in self.preview.warnings:
                if line not in self.warned:  # new since the last build: old ones were said
                    log.warning("%s", line)
            self.warned = self.preview.warnings
        self.printed = errors


def port(text: str) -> int:
    """A TCP port number, checked here so a bad one is a usage error, not a bind() traceback."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return value
