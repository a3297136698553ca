"""`briefgen serve`: build, serve from memory, watch, rebuild, reload tabs.

The HTTP stack is the standard library's ThreadingHTTPServer: a preview
server for one editor needs no extra dependency, and Server-Sent Events fit
its thread-per-connection model. Pages are served from the last good build
held in memory, so a half-written site is never served and public/ is never
touched. A broken edit keeps that build and shows the errors in every tab.
"""

from __future__ import annotations

import gc
import ipaddress
import json
import logging
import mimetypes
import posixpath
import re
import socket
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import watchfiles

from ..build.builder import Builder
from ..build.cache import static_signatures
from ..build.executor import gc_paused
from ..build.result import Options
from ..core.clock import current_time
from ..core.errors import BriefgenError, SiteErrors, error_line
from ..core.paths import CONFIG_FILE, CONTENT
from ..core.signature import Signature
from ..render.jinja import TEMPLATES, THEME
from ..render.routes import Routes
from ..source.inputs import SiteFolder
from .changes import refreshed
from .held import banners, with_banner
from .packer import make_packer
from .search import Built, PreviewSearch, search_pages, searchable

log = logging.getLogger(__name__)
WATCH_STEP_MS = 15  # no change for this long ends a burst of changes: see Preview.watch
# Files editors and tools write beside the one being saved and then rename or
# delete: `sed -i`'s sedXXXXXX, vim's 4913 probe, emacs' #autosave#, JetBrains'
# and Kate's. A rebuild for them would only be named after them in the log.
EDITOR_TEMP = re.compile(r"^(?:sed[A-Za-z0-9]{6}|4913|#.*#)$|___jb_(?:tmp|old)___$|\.kate-swp$")

# Seconds a connection may stay silent (no byte of a request arrives, or a
# response cannot be sent) before the server closes it: without a limit every
# idle keep-alive socket holds a thread for good. The event stream only
# writes, a keep-alive every KEEPALIVE seconds, so it is never idle by this
# measure, and a tab that stops reading it is dropped after this long.
IDLE_TIMEOUT = 30.0
KEEPALIVE = 15.0
# How many connections the kernel completes while none is accepted yet (the
# standard library's 5 makes a burst of page, stylesheet and image requests,
# or the tabs reconnecting after a restart, wait a second for SYN retries).
BACKLOG = 128

SEARCH_BUNDLE = "/" + Routes.PAGEFIND.strip("/") + "/"  # served by serve/search.py
EVENTS = "/__briefgen/events"
SCRIPT = "/__briefgen/reload.js"
RELOAD_JS = (Path(__file__).parent / "livereload.js").read_bytes()
TYPES = {".xml": "application/xml", Routes.FEED: "application/atom+xml",
         ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
         ".txt": "text/plain; charset=utf-8", ".json": "application/json"}


@dataclass(frozen=True)
class Snapshot:
    """One complete site to serve, swapped in whole after each good build."""

    build: int = 0
    files: dict[str, bytes] = field(default_factory=dict)  # output file -> packed bytes
    static: dict[str, Path] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    unpack: Callable[[bytes], bytes] = zlib.decompress
    # The signature of each static file: served from its source, so an edit in
    # place changes no page, yet open tabs must reload to show it.
    stamps: dict[str, Signature] = field(default_factory=dict)
    search: int = 0  # the build whose search index is served (serve/search.py)
    banners: dict[str, bytes] = field(default_factory=dict)  # held items' pages: serve/held.py

    def page(self, rel: str) -> bytes:
        """The bytes of a built file, unpacked."""
        return self.unpack(self.files[rel])

    def pages(self) -> dict[str, bytes]:
        """Every built file, unpacked (for tests and tools, not for serving)."""
        return {rel: self.unpack(data) for rel, data in self.files.items()}


class Preview:
    """The preview's state: the builder, the current snapshot, the listeners."""

    def __init__(self, root: Path, drafts: bool, first_jobs: int = 1, *, future: bool = False,
                 expired: bool = False, clock: Callable[[], datetime] = current_time) -> None:
        """`first_jobs` processes (this one among them) build the first time; later rebuilds run in
        this process, since by then it has the server's threads, and forking a
        process with threads is unsafe. Each build runs at the time CLOCK
        gives then; `future` and `expired` show held items (with a banner)."""
        self.root = root.absolute()
        self.clock = clock
        self.builder = Builder(self.root, Options(drafts=drafts, local=True, jobs=first_jobs,
                                                  now=clock(), future=future, expired=expired))
        self.next_change: datetime | None = None  # when an item is next released or expires
        self.packer = make_packer()  # pages packed, or kept as bytes on the reference paths
        self.snapshot = Snapshot(unpack=self.packer.unpack)
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.last_seconds = 0.0
        self.warnings: list[str] = []  # the last good build's, as `briefgen build` prints them
        self.search: PreviewSearch | None = None  # started by the first build with search on

    def rebuild(self, changed: set[str] | None = None) -> list[str]:
        """Build again; on errors keep the last good files. Returns the errors.

        CHANGED: the site paths the watcher saw change, when it knows them; the
        content listing is then updated from them rather than made anew
        (serve/changes.py), where that is sure to give the same listing.

        The collector stays paused throughout and the heap is frozen after: a
        full collection over a large site's objects would cost more than the
        rebuild itself, and the preview's objects live until replaced anyway.
        """
        with gc_paused():
            try:
                return self._rebuild_or_recover(changed)
            finally:
                gc.freeze()
                self.builder.options = replace(self.builder.options, jobs=1)

    def _rebuild_or_recover(self, changed: set[str] | None) -> list[str]:
        """Rebuild; after a bug in briefgen itself, rebuild from scratch.

        An exception that is not a site error is briefgen's fault, not the
        editor's, and it may leave the builder's caches half updated. The
        preview must not die of it (the editor would lose the page and the
        error overlay): the traceback is logged for a bug report, and a fresh
        builder builds the whole site again. Should that fail too, the error
        is shown in the page like a site error, and the next save tries again.
        """
        try:
            return self._rebuild(changed)
        except Exception:
            log.exception("briefgen: internal error while rebuilding (a bug in briefgen; "
                          "please report it with this traceback); rebuilding from scratch")
        self.builder = Builder(self.root, replace(self.builder.options, jobs=1))
        try:
            return self._rebuild()
        except Exception as exc:
            log.exception("briefgen: the rebuild from scratch failed too")
            self.builder = Builder(self.root, replace(self.builder.options, jobs=1))
            return self._failed((f"briefgen: internal error while rebuilding: "
                                 f"{type(exc).__name__}: {exc}",))

    def due(self) -> bool:
        """Whether an item was released or expired since the last build: the
        preview then rebuilds without waiting for a save."""
        return self.next_change is not None and self.clock() >= self.next_change

    def _rebuild(self, changed: set[str] | None = None) -> list[str]:
        old = self.snapshot
        last = self.builder.files
        self.builder.options = replace(self.builder.options, now=self.clock())
        self.next_change = None  # until a build succeeds: a failed one is not retried by the clock
        listing = refreshed(last, self.root, changed) if changed and last is not None else None
        try:
            result = self.builder.run(have=old.files.__contains__, pack=self.packer, files=listing)
        except SiteErrors as exc:
            return self._failed(tuple(str(p) for p in exc.problems))
        except BriefgenError as exc:
            return self._failed((error_line(exc),))
        self.warnings = [f"warning: {w}" for w in result.warnings]
        self.last_seconds = result.seconds  # said after every save, changed pages or not
        self.next_change = result.next_change
        stamps = static_signatures(result.static)
        marks = banners(result.site, Routes(result.config)) if result.site is not None else {}
        if (old.files and not old.errors and not result.rendered and not result.removed
                and result.static == old.static and stamps == old.stamps and marks == old.banners):
            return []  # nothing to show: open tabs need not reload
        files = dict(old.files)  # copied whole, then the pages gone taken out: a site's
        for gone in old.files.keys() - result.digests.keys():  # pages one by one cost more
            del files[gone]
        files.update(result.rendered)
        self._publish(Snapshot(old.build + 1, files, result.static, (), self.packer.unpack,
                               stamps, old.search, marks))
        if not old.files or any(rel.endswith(".html") for rel in (*result.rendered, *result.removed)):
            self._index_search(result)
        return []

    def _index_search(self, result: Built) -> None:
        """Have the search index follow this build's pages (in the background)."""
        if not (result.config.search and searchable()):
            return
        if self.search is None:
            self.search = PreviewSearch(self.root, result.output, self.stopping, self._searched)
        self.search.request(search_pages(self.snapshot, result, self.builder.stamp))

    def _searched(self, number: int) -> None:
        """The index of build NUMBER is served: the search page reloads to use it."""
        with self.changed:
            if self.snapshot.search != number:
                self.snapshot = replace(self.snapshot, search=number)
                self.changed.notify_all()

    def _failed(self, errors: tuple[str, ...]) -> list[str]:
        """Keep serving the last good files and show ERRORS (the builder has
        forgotten the failed run's plan itself: see Builder.run)."""
        old = self.snapshot
        if errors != old.errors:
            self._publish(replace(old, errors=errors))
        return list(errors)

    def _publish(self, snapshot: Snapshot) -> None:
        with self.changed:
            self.snapshot = snapshot
            self.changed.notify_all()

    def wait_for_change(self, seen: Snapshot, timeout: float) -> Snapshot:
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot is not seen or self.stopping.is_set(),
                                  timeout)
            return self.snapshot

    def watch(self, report: Callable[[list[str], float, set[str]], None]) -> None:
        """Rebuild after every burst of changes until stopped.

        The watcher starts after the first build, so the first time it yields
        (at the latest after `rust_timeout`) the site is rebuilt anyway: a save
        made in between is never missed. Unchanged files cost only a stat.
        """
        # watchfiles warns 'KeyboardInterrupt caught, stopping watch' on Ctrl-C;
        # the preview stops on purpose then, and says so itself. Set here, not
        # at import, so that importing briefgen.server configures no logging.
        logging.getLogger("watchfiles.main").setLevel(logging.ERROR)
        caught_up = False
        # STEP: how long no file may change before a burst counts as over. An
        # editor's save (a write, or a temporary file renamed into place) and
        # a `git checkout` change their files within a few ms of each other;
        # watchfiles' default of 50 ms was a third of the time from a save to
        # the page shown again. A burst slower than STEP costs one more
        # incremental rebuild, never a missed change.
        for changes in watchfiles.watch(self.root, watch_filter=self._relevant,
                                        debounce=1600, step=WATCH_STEP_MS, stop_event=self.stopping,
                                        rust_timeout=500, yield_on_timeout=True,
                                        raise_interrupt=False):
            due = self.due()  # an item's publish_date or expiry_date came: no save needed
            if not changes and caught_up and not due:
                continue
            caught_up = True
            paths = {Path(p).relative_to(self.root).as_posix() for _, p in changes}
            errors = self.rebuild(paths)
            if changes or errors or due:
                report(errors, self.last_seconds, paths)

    def _relevant(self, change: watchfiles.Change, path: str) -> bool:
        try:
            rel = Path(path).relative_to(self.root)
        except ValueError:
            return False
        parts = rel.parts
        if not parts or any(p.startswith(".") or p.endswith("~") for p in parts):
            return False
        if EDITOR_TEMP.search(parts[-1]):
            return False
        return parts[0] in (CONTENT, TEMPLATES) or rel.as_posix() == CONFIG_FILE



def resolve(snapshot: Snapshot, url_path: str) -> tuple[int, str, bytes | Path | None]:
    """Map a request path to (status, file name, bytes or source path).

    Only names the build produced can be served: the path is a dictionary
    key, never joined onto a folder, so '..', encoded slashes and absolute
    paths cannot reach anything else.
    """
    path = unquote(url_path)
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return 400, "", None
    clean = posixpath.normpath(path)
    if clean.startswith("//") or ".." in clean.split("/"):
        return 404, "", None
    rel = clean.lstrip("/")
    if rel == ".":
        rel = ""
    wants_dir = path.endswith("/") or rel == ""
    if wants_dir:
        rel = (rel + "/" if rel else "") + "index.html"
    if rel in snapshot.files:
        return 200, rel, snapshot.page(rel)
    if rel in snapshot.static:
        return 200, rel, snapshot.static[rel]
    if not wants_dir and f"{rel}/index.html" in snapshot.files:
        return 301, f"/{rel}/", None
    return not_found(snapshot)


def not_found(snapshot: Snapshot) -> tuple[int, str, bytes | None]:
    """Status 404 with the theme's 404 page (None before the first good build)."""
    page = Routes.NOT_FOUND
    return 404, page, snapshot.page(page) if page in snapshot.files else None


def source_bytes(rel: str, path: Path, site: Path) -> bytes | None:
    """The bytes of static file REL, read from its source PATH; None when it is
    gone, unreadable, or now a symbolic link out of the site.

    The file may change between a save and the rebuild that follows it. A
    deleted file is then a 404 for this request, not a traceback in the
    terminal; and a link retargeted outside the site folder SITE is refused
    here as the rebuild would refuse it (see inputs.SiteFolder), since the
    check the build made is about the link as it was then. The theme's own
    files, which are not in the site, must stay in the theme's folder.
    """
    try:
        if path.is_relative_to(THEME):
            folder = path.parents[rel.count("/") - 1]  # static/a/b.css -> theme/static
            if not path.resolve().is_relative_to(folder.resolve()):
                return None
        elif SiteFolder(site).leaves(str(path)):
            return None
        return path.read_bytes()
    except OSError:
        return None


def content_type(name: str) -> str:
    if name.endswith(Routes.FEED):  # the site feed and every term feed
        return TYPES[Routes.FEED]
    suffix = posixpath.splitext(name)[1].lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def inject(html: bytes, build: int) -> bytes:
    """Add the reload script to a served page (never to built files)."""
    tag = f'<script src="{SCRIPT}" data-build="{build}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


ERROR_PAGE = (b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
              b"<meta name=\"briefgen-unbuilt\" content=\"\">"
              b"<title>briefgen: build failed</title></head><body>"
              b"<p>The site has not built yet.</p></body></html>")


_HOST = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::\d{0,5})?")
_LOCALHOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*localhost")


def host_allowed(header: str, bound: str) -> bool:
    """Whether to answer a request whose Host header is HEADER, on a server
    bound to BOUND (`--host`). Any port is accepted.

    This is the defence against DNS rebinding: a hostile page on
    attacker.example whose name is made to resolve to 127.0.0.1 may have
    the user's browser fetch the preview, same-origin for the browser, but its
    requests say `Host: attacker.example`. So only names that no one else can
    point at this machine are answered:

    - `localhost` and `*.localhost` (reserved for loopback, RFC 6761);
    - a loopback address: 127.x.x.x, [::1] (and [::ffff:127.x.x.x]);
    - the address or name given to `--host`, exactly;
    - bound to all interfaces (0.0.0.0, ::), any IP address: a browser sends
      an address as Host only when it connected to that address, so it is
      not a name an attacker can rebind.
    """
    match = _HOST.fullmatch(header.strip().lower())
    if not match:
        return False
    name = match.group(1)
    bracketed = name.startswith("[")
    if bracketed:
        name = name[1:-1]
    bound = bound.lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return not bracketed and bool(name) and (
            _LOCALHOST.fullmatch(name) is not None or name == bound)
    if bracketed != (address.version == 6):
        return False  # an IPv6 address is bracketed in a URL, an IPv4 one never
    if address.is_loopback or (isinstance(address, ipaddress.IPv6Address)
                               and address.ipv4_mapped is not None
                               and address.ipv4_mapped.is_loopback):
        return True
    if bound == "":
        return True  # bound to all interfaces
    try:
        bound_address = ipaddress.ip_address(bound)
    except ValueError:
        return False
    return bound_address.is_unspecified or address == bound_address


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers one request from the preview's latest snapshot: a page, a
    source file, the live-reload script or its event stream.

    make_handler makes a subclass per server that names its Preview; the
    standard library's server makes one instance per connection.
    """

    server_version = "briefgen"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # set on each connection's socket by StreamRequestHandler
    preview: Preview
    log_requests = False
    refused: set[str]  # hosts already reported in the terminal, per server

    def log_message(self, format: str, *args: object) -> None:
        if self.log_requests:
            log.info("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _host_refused(self, head: bool) -> bool:
        """Refuse (and say why) a request for a host this preview does not
        answer: see host_allowed. Browsers always send Host; a request
        without one is from a tool, HTTP/1.0 may omit it, HTTP/1.1 may not."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1 or (not hosts and self.request_version != "HTTP/1.0"):
            self.close_connection = True
            self._send(400, "text/plain; charset=utf-8",
                       b"bad request: an HTTP/1.1 request needs one Host header\n", head)
            return True
        # Served by Server (open_server) only; anything else answers loopback only.
        bound = self.server.bound_host if isinstance(self.server, Server) else "localhost"
        if not hosts or host_allowed(hosts[0], bound):
            return False
        self._refuse_host(ascii(hosts[0][:100]), head)
        return True

    def _refuse_host(self, shown: str, head: bool) -> None:
        """Answer 403 for the host SHOWN, and warn about it once per server (up
        to 100 hosts, so that a flood of names cannot fill the terminal)."""
        if len(self.refused) < 100 and shown not in self.refused:
            self.refused.add(shown)
            log.warning("warning: refused a request for host %s: the preview answers "
                        "only localhost, loopback addresses and the --host it was given",
                        shown)
        self.close_connection = True
        self._send(403, "text/plain; charset=utf-8",
                   f"briefgen serve: host {shown} is not allowed. The preview answers "
                   "only localhost, 127.0.0.1, [::1] and the address given to --host "
                   "(any IP address when that is 0.0.0.0 or ::), so that other web "
                   "sites cannot read it through DNS rebinding.\n".encode(), head)

    def _serve(self, head: bool) -> None:
        if self._host_refused(head):
            return
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == SCRIPT:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_JS, head)
        else:
            self._serve_site(path, head)

    def _serve_site(self, path: str, head: bool) -> None:
        """A page or file of the site, as the latest snapshot has it."""
        snap = self.preview.snapshot
        search = self.preview.search
        if search is not None and path.startswith(SEARCH_BUNDLE):
            data = search.file(unquote(path[len(SEARCH_BUNDLE):]))
            if data is not None:
                self._send(200, content_type(path), data, head)
                return
        status, name, body = resolve(snap, path)
        if status == 301:
            self._redirect(name)
            return
        if status == 400:
            self._send(400, "text/plain; charset=utf-8", b"bad request\n", head)
            return
        status, name, data = self._found(snap, status, name, body)
        ctype = content_type(name)
        if ctype.startswith("text/html"):
            data = inject(data, snap.build)
            if status == 200 and name in snap.banners:
                data = with_banner(data, snap.banners[name])
        self._send(status, ctype, data, head)

    def _found(self, snap: Snapshot, status: int, name: str, body: bytes | Path | None,
               ) -> tuple[int, str, bytes]:
        """What resolve found as bytes: a source file read now (or the 404 page
        when it is gone), and for nothing at all the error page before the
        first good build, else plain "not found"."""
        if isinstance(body, Path):
            body = source_bytes(name, body, self.preview.root)
            if body is None:  # deleted since the last rebuild, which is on its way
                status, name, body = not_found(snap)
        if body is None:
            body = ERROR_PAGE if not snap.files else b"not found\n"
            name = "error.html" if not snap.files else "404.txt"
        return status, name, body

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, ctype: str, data: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self) -> None:
        """The live-reload stream: the build number and errors of every new
        snapshot, until the tab goes away or the preview stops."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview = self.preview
        snap = preview.snapshot
        try:
            while not preview.stopping.is_set():
                state = {"build": snap.build, "errors": list(snap.errors), "search": snap.search}
                self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
                self.wfile.flush()
                snap = self._next_snapshot(snap)
        except (ConnectionError, TimeoutError):
            pass  # the tab went away, or stopped reading for IDLE_TIMEOUT

    def _next_snapshot(self, snap: Snapshot) -> Snapshot:
        """Wait for a snapshot other than SNAP (or the preview to stop),
        keeping the stream alive meanwhile."""
        preview = self.preview
        while True:
            new = preview.wait_for_change(snap, timeout=KEEPALIVE)
            if new is not snap or preview.stopping.is_set():
                return new
            self.wfile.write(b": keep-alive\n\n")
            self.wfile.flush()


def make_handler(preview: Preview, log_requests: bool = False,
                 idle_timeout: float = IDLE_TIMEOUT) -> type[BaseHTTPRequestHandler]:
    """The request handler class for PREVIEW; IDLE_TIMEOUT is the connections'
    (see its constant), and `log_requests` logs each request."""

    class Handler(PreviewHandler):
        pass

    Handler.preview = preview
    Handler.log_requests = log_requests
    Handler.timeout = idle_timeout
    Handler.refused = set()
    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        host = address[0]
        # As the user gave it: the Host header a browser sends for it is
        # answered (server_address holds the resolved address instead).
        self.bound_host = host
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket],
                     client_address: Any) -> None:
        """Say nothing when the browser went away in the middle of a response.

        A tab that reloads while its page, stylesheet or images are still
        loading drops those connections; the standard library would print a
        traceback for each into the editor's terminal. A client that stops
        reading a response for IDLE_TIMEOUT is dropped the same way. Other
        errors are still printed: they are bugs.
        """
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def open_server(preview: Preview, host: str, port: int, log_requests: bool = False,
                idle_timeout: float = IDLE_TIMEOUT) -> Server:
    """Bind the server or explain why not; `log_requests` logs each request (serve -v).

    IDLE_TIMEOUT is a parameter so that tests need not wait half a minute."""
    try:
        return Server((host, port), make_handler(preview, log_requests, idle_timeout))
    except OSError as exc:
        if exc.errno in (98, 48, 10048):
            raise BriefgenError(f"port {port} is already in use on {host}; "
                                "stop the other server or choose another with --port") from None
        raise BriefgenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
