"""The preview survives what an editor does between two good saves.

A typo fixed by undoing it, an image replaced in place, a file deleted while
a browser asks for it: after each, the preview keeps running and serves what
a clean build would.
"""

from __future__ import annotations

import http.client
import logging
import shlex
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.serve.server import Preview, open_server
from tests.conftest import run_cli
from tests.test_incremental import assert_same, start_site, touch_write
from tests.test_serve import start, stop

pytestmark = pytest.mark.slow  # every test builds a site, then rebuilds it in a live preview


def test_undoing_a_broken_item_edit_recovers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Break an item's date, then restore the exact text: the most common fix."""
    root = start_site(tmp_path / "site")
    item = root / "content/articles/2022/01/item-1.md"
    good = item.read_text(encoding="utf-8")
    preview = Preview(root, drafts=False)
    assert_same(preview, root, tmp_path, "first build")

    touch_write(item, good.replace("date: 2022-01-11", "date: 2022-01-41"))
    assert preview.rebuild() == ["content/articles/2022/01/item-1.md:3: date: not a date: '2022-01-41'"]
    build = preview.snapshot.build

    touch_write(item, good)
    assert_same(preview, root, tmp_path, "the broken edit undone")
    assert preview.snapshot.build == build + 1  # open tabs reload and lose the overlay
    touch_write(item, good.replace("Body 1.", "Body one."))
    assert_same(preview, root, tmp_path, "a body edit after the fix")
    assert "internal error" not in caplog.text


def test_an_internal_error_does_not_stop_the_preview(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A bug in a rebuild is logged, and the site is built again from scratch."""
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    builder = preview.builder

    def crash(**_: object) -> None:
        raise KeyError("a bug")

    builder.run = crash  # type: ignore[method-assign]
    touch_write(root / "content/articles/2022/01/item-2.md", "---\ntitle: New\ndate: 2022-01-12\n---\nx\n")
    with caplog.at_level(logging.ERROR, logger="briefgen.serve.server"):
        assert_same(preview, root, tmp_path, "after an internal error")
    assert preview.builder is not builder
    assert "internal error while rebuilding" in caplog.text


def test_replacing_a_media_file_in_place_reloads_open_tabs(tmp_path: Path) -> None:
    """No page changes, but a tab showing the image must reload to show the new one."""
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    build = preview.snapshot.build
    touch_write(root / "content/media/a.txt", "new media bytes")
    assert preview.rebuild() == []
    assert preview.snapshot.build == build + 1
    assert preview.rebuild() == []
    assert preview.snapshot.build == build + 1  # and not again while it stays as it is


@pytest.fixture
def preview_port(tmp_path: Path) -> Iterator[tuple[Preview, int]]:
    """A preview server without its watcher: nothing rebuilds unless the test says so."""
    preview = Preview(start_site(tmp_path / "site"), drafts=False)
    assert preview.rebuild() == []
    server = open_server(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield preview, server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_media_file_deleted_before_the_rebuild_is_a_404(preview_port: tuple[Preview, int]) -> None:
    preview, port = preview_port
    (preview.root / "content/media/a.txt").unlink()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/media/a.txt")
    response = conn.getresponse()
    assert response.status == 404
    assert b"Page not found" in response.read()
    conn.close()


def test_an_error_about_no_file_reads_as_in_the_terminal(tmp_path: Path) -> None:
    """site.yaml deleted while serving: the overlay line is the one `briefgen build` prints."""
    root = start_site(tmp_path / "site")
    preview = Preview(root, drafts=False)
    assert preview.rebuild() == []
    (root / "site.yaml").unlink()
    errors = preview.rebuild()
    assert errors == [f"briefgen: no site.yaml in {root}: a briefgen site has a site.yaml "
                      f"with at least a title; to start one there: briefgen init {shlex.quote(str(root))}"]
    assert list(preview.snapshot.errors) == errors
    assert run_cli("build", root).err_lines == errors


def test_a_media_link_retargeted_outside_is_not_served_before_the_rebuild(
        preview_port: tuple[Preview, int], tmp_path: Path) -> None:
    """The build checked the link as it was; serving reads it as it is now."""
    preview, port = preview_port
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    link = preview.root / "content/media/link.txt"
    link.symlink_to(preview.root / "content/media/a.txt")
    assert preview.rebuild() == []
    link.unlink()
    link.symlink_to(secret)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/media/link.txt")
    response = conn.getresponse()
    assert response.status == 404
    assert b"not for the web" not in response.read()
    conn.close()


def test_a_browser_dropping_its_requests_prints_no_traceback(tmp_path: Path) -> None:
    """A tab reloading mid-load drops its connections; the terminal stays quiet."""
    run = start(start_site(tmp_path / "site"))
    try:
        for _ in range(20):
            conn = socket.create_connection(("127.0.0.1", run.port), timeout=5)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.sendall(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
            conn.close()  # with linger 0: a reset, as a cancelled request may be
        assert run.get("/")[0] == 200
    finally:
        out = stop(run)
    assert "Traceback" not in out and "Exception occurred" not in out
