"""`briefgen serve` over real HTTP on 127.0.0.1: what a browser would get."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.conftest import article, write_site

pytestmark = pytest.mark.slow  # every test starts `briefgen serve` and talks HTTP to it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    proc: subprocess.Popen[str]
    port: int
    root: Path
    printed: bytes = b""  # what wait_printed() read of its output (stop() returns it too)

    def wait_printed(self, needle: str, timeout: float = 10) -> None:
        """Wait until serve has printed NEEDLE: a page can be served a moment
        before the terminal line about its build."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        os.set_blocking(fd, False)
        deadline = time.monotonic() + timeout
        try:
            while needle.encode() not in self.printed:
                assert time.monotonic() < deadline, f"serve never printed {needle!r}"
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    time.sleep(0.05)
                    continue
                assert chunk, f"serve exited without printing {needle!r}"
                self.printed += chunk
        finally:
            os.set_blocking(fd, True)

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body

    def wait_for(self, path: str, needle: bytes, timeout: float = 10) -> bytes:
        deadline = time.monotonic() + timeout
        body = b""
        while time.monotonic() < deadline:
            _, _, body = self.get(path)
            if needle in body:
                return body
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never appeared at {path}; last body: {body[:300]!r}")


def start(root: Path, *args: str) -> Running:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", str(root), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            time.sleep(0.05)
            continue
        run = Running(proc, port, root)
        run.get("/")  # the port is bound before the first build; this waits for serving
        return run
    proc.kill()
    raise AssertionError("serve did not start")


def stop(run: Running) -> str:
    run.proc.send_signal(signal.SIGINT)
    out, _ = run.proc.communicate(timeout=10)
    return run.printed.decode() + out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "site.yaml": "title: Briefing\nbase_url: https://example.org/briefings/\n",
        "content/articles/a.md": article("Alpha item", people="[Sergei Lavrov]",
                                         summary="Alpha summary."),
        "content/articles/b.md": article("Beta item", date="2022-01-19", topics="[NATO]"),
        "content/media/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "secret.txt": "not for the web",
    })


@pytest.fixture
def server(site: Path) -> Iterator[Running]:
    run = start(site)
    yield run
    if run.proc.poll() is None:
        stop(run)


def test_pages_feeds_and_static_have_the_right_status_and_type(server: Running) -> None:
    status, headers, body = server.get("/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"Alpha item" in body
    # base_url's path is replaced by / so links work locally
    assert b'href="/articles/alpha-item/"' in body
    assert server.get("/people/sergei-lavrov/")[0] == 200
    assert server.get("/feed.xml")[1]["content-type"] == "application/atom+xml"
    assert server.get("/sitemap.xml")[1]["content-type"] == "application/xml"
    assert server.get("/static/briefgen.css")[1]["content-type"].startswith("text/css")
    assert server.get("/media/pic.svg")[1]["content-type"] == "image/svg+xml"
    status, headers, body = server.get("/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_pretty_urls_redirect_and_404_uses_the_theme(server: Running) -> None:
    status, headers, _ = server.get("/people")
    assert status == 301 and headers["location"] == "/people/"
    status, headers, body = server.get("/no/such/page/")
    assert status == 404
    assert b"Page not found" in body and headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/media/..%2f..%2fsecret.txt",
    "/media/%2e%2e/%2e%2e/site.yaml", "//etc/passwd", "/static/../../../../etc/passwd",
    "/site.yaml", "/content/articles/a.md", "/secret.txt", "/media/", "/static/",
])
def test_nothing_outside_the_site_is_served(server: Running, path: str) -> None:
    status, _, body = server.get(path)
    assert status in (400, 404)
    assert b"not for the web" not in body and b"title: Briefing" not in body
    assert b"root:" not in body and b"Index of" not in body


def test_reload_script_only_in_served_pages(server: Running, site: Path, tmp_path: Path) -> None:
    _, _, body = server.get("/")
    assert b'<script src="/__briefgen/reload.js"' in body
    assert server.get("/__briefgen/reload.js")[0] == 200
    assert b"__briefgen" not in server.get("/feed.xml")[2]
    out = tmp_path / "built"
    subprocess.run([sys.executable, "-m", "briefgen", "build", str(site), "-o", str(out), "-q"],
                   check=True)
    assert not any(b"__briefgen" in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_events_stream_reports_builds_and_errors(server: Running, site: Path) -> None:
    conn = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    conn.sendall(b"GET /__briefgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    stream = conn.makefile("rb")

    first = next_event(stream)
    assert first["errors"] == []
    (site / "content/articles/a.md").write_text(
        "---\ntitle: Alpha\ndate: 2022-13-01\n---\n", encoding="utf-8")
    broken = next_event(stream, first)
    assert broken["errors"] == ["content/articles/a.md:3: date: not a date: '2022-13-01'"]
    assert broken["build"] == first["build"]
    assert b"Alpha item" in server.get("/")[2]  # the last good site is still served
    (site / "content/articles/a.md").write_text(article("Alpha fixed"), encoding="utf-8")
    fixed = next_event(stream, broken)
    assert fixed["errors"] == [] and fixed["build"] != first["build"]
    conn.close()


def test_edits_adds_and_deletes_show_up(server: Running, site: Path) -> None:
    (site / "content/articles/a.md").write_text(article("Alpha, edited"), encoding="utf-8")
    server.wait_for("/", b"Alpha, edited")
    (site / "content/articles/c.md").write_text(article("Gamma item", date="2022-01-20"),
                                                encoding="utf-8")
    server.wait_for("/", b"Gamma item")
    (site / "content/articles/b.md").unlink()
    deadline = time.monotonic() + 10
    while b"Beta item" in server.get("/")[2]:
        assert time.monotonic() < deadline, "deleted item still listed"
        time.sleep(0.05)
    assert server.get("/articles/beta-item/")[0] == 404


def test_ctrl_c_stops_cleanly(site: Path) -> None:
    run = start(site)
    out = stop(run)
    assert run.proc.returncode == 0
    assert "Traceback" not in out and "stopped" in out


def test_port_in_use_is_a_clear_error_said_before_the_first_build(site: Path) -> None:
    """A large site's first build takes seconds: a busy port must not wait for it."""
    (site / "content/articles/broken.md").write_text("---\ntitle: Broken\n---\nNo date.\n",
                                                     encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "briefgen", "serve", str(site), "--port", str(port)],
            capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert f"port {port} is already in use" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "broken.md" not in proc.stderr  # the build never ran


def test_serve_prints_build_warnings_once_and_new_ones_after_a_save(site: Path) -> None:
    people = site / "content/people"
    people.mkdir(parents=True)
    for slug, name in (("olga", "Olga Petrenko"), ("ivan", "Ivan Petrenko")):
        (people / f"{slug}.md").write_text(f"---\nname: {name}\naliases: [Petrenko]\n---\nBio.\n",
                                           encoding="utf-8")
    run = start(site)
    try:
        run.wait_for("/", b"Alpha item")
        (people / "anna.md").write_text("---\nname: Anna Sidorova\naliases: [Sidorova]\n---\n",
                                        encoding="utf-8")
        (people / "boris.md").write_text("---\nname: Boris Sidorova\naliases: [Sidorova]\n---\n",
                                         encoding="utf-8")
        run.wait_for("/people/", b"Boris Sidorova")
        time.sleep(0.3)  # the log line comes after the snapshot is published
    finally:
        out = stop(run)
    petrenko = [line for line in out.splitlines() if "'Petrenko' also names" in line]
    sidorova = [line for line in out.splitlines() if "'Sidorova' also names" in line]
    assert len(petrenko) == 2 and all(line.startswith("warning: content/people/") for line in petrenko)
    assert len(sidorova) == 2


def test_non_loopback_host_warns(site: Path) -> None:
    run = start(site, "--host", "0.0.0.0")
    out = stop(run)
    assert "warning: serving on 0.0.0.0" in out


def test_symlink_out_of_media_is_not_served(tmp_path: Path, site: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("outside secret", encoding="utf-8")
    os.symlink(outside, site / "content/media/link.txt")
    run = start(site)
    try:
        status, _, body = run.get("/media/link.txt")
        assert status == 404 and b"outside secret" not in body
    finally:
        stop(run)


def next_event(stream: BinaryIO, after: dict[str, object] | None = None) -> dict[str, object]:
    """The next live-reload event; given AFTER, the next with another build or
    other errors than it (one that only says the search index caught up with
    a build, made in the background, is passed over)."""
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError("the event stream ended")
        if line.startswith(b"data: "):
            event = dict(json.loads(line[6:]))
            if after is None or (event["build"], event["errors"]) != (after["build"],
                                                                      after["errors"]):
                return event


def test_a_bad_site_yaml_at_start_is_shown_in_the_page_until_fixed(site: Path) -> None:
    (site / "site.yaml").write_text("title: Briefing\nper_pgae: 3\n", encoding="utf-8")
    run = start(site)
    try:
        status, _, body = run.get("/")
        assert status == 404 and b"The site has not built yet." in body
        assert b'<script src="/__briefgen/reload.js"' in body  # which shows the errors
        with socket.create_connection(("127.0.0.1", run.port), timeout=10) as conn:
            conn.sendall(b"GET /__briefgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert next_event(conn.makefile("rb"))["errors"] == [
                "site.yaml:2: unknown key 'per_pgae' (did you mean 'per_page'?)"]
        (site / "site.yaml").write_text("title: Briefing\n", encoding="utf-8")
        run.wait_for("/", b"Alpha item")
        run.wait_printed("rebuilt in")
    finally:
        out = stop(run)
    assert run.proc.returncode == 0
    assert "site.yaml:2: unknown key 'per_pgae' (did you mean 'per_page'?)" in out.splitlines()
    assert "Traceback" not in out and "rebuilt in" in out


def test_serve_v_logs_requests_and_never_a_traceback(site: Path) -> None:
    (site / "site.yaml").write_text("title: Briefing\ntitle: Again\n", encoding="utf-8")
    run = start(site, "-v")
    try:
        assert b"The site has not built yet." in run.get("/")[2]
    finally:
        out = stop(run)
    assert "site.yaml:2: title: duplicate key (first given on line 1)" in out.splitlines()
    assert '"GET / HTTP/1.1" 404' in out
    assert "Traceback" not in out and run.proc.returncode == 0


def test_a_folder_without_site_yaml_is_not_served(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "serve", str(tmp_path), "-v", "--port", str(free_port())],
        capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"briefgen: no site.yaml in {tmp_path}: ")
    assert "Traceback" not in proc.stderr
