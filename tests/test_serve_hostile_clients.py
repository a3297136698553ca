"""`briefgen serve` against hostile or careless clients, over real loopback HTTP.

DNS rebinding: a web page on attacker.example whose name is made to resolve
to 127.0.0.1 could read the preview (drafts included) with the user's
browser; the server must answer only names that cannot be rebound. Bursts of
connections must not wait for SYN retransmits, and idle sockets must not hold
a thread each forever, while the live-reload stream stays open.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.serve import server as serve_module
from briefgen.serve.server import EVENTS, Preview, Server, host_allowed, open_server
from tests.conftest import article, write_site
from tests.test_serve import next_event, start, stop

FOREIGN = "attacker.example"


def make_site(root: Path) -> Path:
    return write_site(root, {
        "site.yaml": "title: Briefing\n",
        "content/articles/a.md": article("Alpha item"),
        "content/articles/secret.md": article("Secret draft", draft="true"),
    })


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def serving(site: Path, host: str = "127.0.0.1", drafts: bool = False,
            idle_timeout: float = serve_module.IDLE_TIMEOUT) -> tuple[Preview, Server]:
    """A built preview served in this process, without its watcher."""
    preview = Preview(site, drafts=drafts)
    assert preview.rebuild() == []
    server = open_server(preview, host, 0, idle_timeout=idle_timeout)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return preview, server


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Preview, Server]]:
    """One preview with drafts for the tests that only read (a build each would be slow)."""
    preview, server = serving(make_site(tmp_path_factory.mktemp("local")), drafts=True)
    yield preview, server
    server.shutdown()
    server.server_close()


def ask(port: int, host: str | None, path: str = "/", method: str = "GET",
        address: str = "127.0.0.1") -> tuple[int, bytes]:
    """Status and body of one request sending HOST as the Host header (none if None).

    The body of a 200 event stream is not read: it never ends.
    """
    conn = http.client.HTTPConnection(address, port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        body = b"" if path == EVENTS and response.status == 200 else response.read()
        return response.status, body
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/", "/articles/secret-draft/", "/no/such/page/", EVENTS,
                                  "/__briefgen/reload.js"])
@pytest.mark.parametrize("foreign", [FOREIGN, f"{FOREIGN}:{{port}}", "localhost.attacker.example",
                                     "127.0.0.1.nip.io", "0.0.0.0", "192.0.2.7"])
def test_a_foreign_host_is_refused_on_every_path(local: tuple[Preview, Server], path: str,
                                                 foreign: str) -> None:
    port = local[1].server_address[1]
    status, body = ask(port, foreign.format(port=port), path)
    assert status == 403
    assert b"not allowed" in body and b"Secret draft" not in body and b"data:" not in body
    status, body = ask(port, foreign.format(port=port), path, method="HEAD")
    assert status == 403 and body == b""


@pytest.mark.parametrize("host", ["localhost", "localhost:{port}", "LOCALHOST:{port}",
                                  "preview.localhost:{port}", "127.0.0.1", "127.0.0.1:{port}",
                                  "127.3.2.1:{port}", "[::1]", "[::1]:{port}",
                                  "[::ffff:127.0.0.1]:{port}"])
def test_loopback_hosts_are_served(local: tuple[Preview, Server], host: str) -> None:
    port = local[1].server_address[1]
    status, body = ask(port, host.format(port=port), "/articles/secret-draft/")
    assert status == 200 and b"Secret draft" in body
    assert ask(port, host.format(port=port), "/no/such/page/")[0] == 404
    status, _ = ask(port, host.format(port=port), EVENTS)
    assert status == 200


def test_the_event_stream_of_a_foreign_host_sends_no_event(local: tuple[Preview, Server]) -> None:
    port = local[1].server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: {FOREIGN}:{port}\r\n\r\n".encode())
        stream = conn.makefile("rb")
        assert stream.readline().startswith(b"HTTP/1.1 403 ")
        assert b"data:" not in stream.read()  # and the server closes the connection


def test_a_missing_host_header(local: tuple[Preview, Server]) -> None:
    """HTTP/1.1 requires Host (400); HTTP/1.0 has none, and no browser sends that."""
    port = local[1].server_address[1]
    assert ask(port, None)[0] == 400
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        reply = conn.makefile("rb").read()
    assert reply.startswith(b"HTTP/1.1 200 ") and b"Alpha item" in reply


def test_two_host_headers_are_a_bad_request(local: tuple[Preview, Server]) -> None:
    port = local[1].server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: {FOREIGN}\r\n"
                     "Connection: close\r\n\r\n".encode())
        assert conn.makefile("rb").readline().startswith(b"HTTP/1.1 400 ")


@pytest.mark.parametrize("header, bound, allowed", [
    ("localhost:8000", "127.0.0.1", True),
    ("a.b.localhost", "127.0.0.1", True),
    ("localhost.", "127.0.0.1", False),
    (".localhost", "127.0.0.1", False),
    ("localhost:80:80", "127.0.0.1", False),
    ("localhost:http", "127.0.0.1", False),
    ("[::1", "127.0.0.1", False),
    ("::1", "127.0.0.1", False),  # an IPv6 address in Host is bracketed
    ("[localhost]", "127.0.0.1", False),
    ("", "127.0.0.1", False),
    ("192.168.1.5:8000", "192.168.1.5", True),
    ("192.168.1.6:8000", "192.168.1.5", False),
    ("mybox.lan:8000", "192.168.1.5", False),
    ("MyBox.lan:8000", "mybox.lan", True),
    ("192.168.1.5", "0.0.0.0", True),
    ("[fe80::1]:8000", "::", True),
    ("10.1.2.3", "", True),
    ("mybox.lan", "0.0.0.0", False),
    ("[::1]", "::0001", True),
    ("[2001:db8::1]", "2001:db8:0::1", True),
])
def test_host_allowed(header: str, bound: str, allowed: bool) -> None:
    assert host_allowed(header, bound) is allowed


@pytest.mark.slow
def test_the_bound_host_name_is_served(site: Path) -> None:
    """`--host NAME`: the user named this host, so browsers may use that name."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if name.lower() == "localhost" or name.lower().endswith(".localhost"):
        pytest.skip("this machine's name is a loopback name anyway")
    _, server = serving(site, host=name)
    try:
        port = server.server_address[1]
        assert ask(port, f"{name}:{port}", address=address)[0] == 200
        assert ask(port, f"{FOREIGN}:{port}", address=address)[0] == 403
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_ipv6_loopback_is_served(site: Path) -> None:
    try:
        _, server = serving(site, host="::1")
    except Exception as exc:  # no IPv6 here
        pytest.skip(f"cannot listen on ::1: {exc}")
    try:
        port = server.server_address[1]
        assert ask(port, f"[::1]:{port}", address="::1")[0] == 200
        assert ask(port, f"{FOREIGN}:{port}", address="::1")[0] == 403
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_serve_refuses_a_foreign_host_and_on_all_interfaces_takes_addresses(site: Path) -> None:
    """Through the command line: the default bind, then --host 0.0.0.0."""
    run = start(site)
    try:
        assert ask(run.port, f"{FOREIGN}:{run.port}")[0] == 403
        assert ask(run.port, f"{FOREIGN}:{run.port}", EVENTS)[0] == 403
        assert ask(run.port, f"localhost:{run.port}")[0] == 200
        assert ask(run.port, f"192.0.2.7:{run.port}")[0] == 403  # bound to 127.0.0.1 only
    finally:
        out = stop(run)
    assert f"refused a request for host '{FOREIGN}:{run.port}'" in out
    run = start(site, "--host", "0.0.0.0")
    try:
        assert ask(run.port, f"192.0.2.7:{run.port}")[0] == 200
        assert ask(run.port, f"0.0.0.0:{run.port}")[0] == 200  # the address serve prints
        assert ask(run.port, f"{FOREIGN}:{run.port}")[0] == 403
    finally:
        stop(run)


@pytest.mark.slow
def test_an_idle_connection_is_closed(site: Path) -> None:
    """Before any request and between two requests of a kept-alive connection."""
    _, server = serving(site, idle_timeout=1)
    port = server.server_address[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as silent:
            assert silent.recv(1) == b""  # closed by the server, long before 20 s
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and not response.will_close
        response.read()
        assert conn.sock is not None
        assert conn.sock.recv(1) == b""
        conn.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_the_event_stream_outlives_the_idle_timeout(site: Path) -> None:
    preview, server = serving(site, idle_timeout=1)
    port = server.server_address[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
            conn.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            stream = conn.makefile("rb")
            first = next_event(stream)
            time.sleep(3)  # three idle timeouts without a byte either way
            (site / "content/articles/a.md").write_text(article("Alpha edited"),
                                                        encoding="utf-8")
            assert preview.rebuild() == []
            assert next_event(stream, first)["build"] != first["build"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_burst_of_connections_is_accepted(site: Path) -> None:
    """64 connections made before the server accepts any all complete and are served.

    As while `serve` runs its first build: the port is bound, nothing accepts
    yet. With a backlog of 5 the seventh connect waits for a SYN retransmit
    (the connect below then fails after its timeout, which is generous).
    """
    preview = Preview(site, drafts=False)
    server = open_server(preview, "127.0.0.1", 0)
    port = server.server_address[1]
    assert server.request_queue_size >= 64
    clients: list[socket.socket] = []
    running = False
    try:
        for _ in range(64):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=3))
        assert preview.rebuild() == []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running = True
        for client in clients:
            client.settimeout(20)
            client.sendall(f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\n"
                           "Connection: close\r\n\r\n".encode())
        for client in clients:
            assert client.makefile("rb").readline().startswith(b"HTTP/1.1 200 ")
    finally:
        for client in clients:
            client.close()
        if running:  # shutdown() waits for serve_forever
            server.shutdown()
        server.server_close()
