"""Search in the preview: indexed in the background, served at /pagefind/, and
current again soon after an edit."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import pagefind_bin, pagefind_data
from briefgen.serve.server import Preview, open_server
from tests.conftest import article, write_site
from tests.search_decode import decode_bundle

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not pagefind_bin.search_available(), reason="Pagefind is not installed")]

TIMEOUT = 180.0  # seconds to wait for an index: generous, the machine may be busy


@dataclass
class Served:
    site: Path
    preview: Preview
    url: str

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    site = write_site(tmp_path / "site", {
        "site.yaml": "title: Briefing\n",
        "content/articles/a.md": article("Alpha item", people="[Sergei Lavrov]",
                                         body="The ministers met in Geneva."),
        "content/articles/b.md": article("Beta item", date="2022-01-19", topics="[NATO]",
                                         body="Allies answered in writing."),
    })
    preview = Preview(site, drafts=False)
    assert preview.rebuild() == []
    server = open_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, preview, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        preview.stopping.set()
        server.shutdown()
        server.server_close()


def fetch_bundle(served: Served, dest: Path) -> dict[str, Any]:
    """The preview's bundle, fetched over HTTP as a browser would, and decoded."""
    def get(rel: str) -> bytes:
        status, data = served.get("/pagefind/" + rel)
        assert status == 200, rel
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(data)
        return data

    entry = json.loads(get("pagefind-entry.json"))
    for info in entry["languages"].values():
        meta = pagefind_data.read_data(dest / Path(f"pagefind.{info['hash']}.pf_meta")) if get(
            f"pagefind.{info['hash']}.pf_meta") else None
        assert meta is not None
        for fragment, _ in meta[1]:
            get(f"fragment/{fragment}.pf_fragment")
        for _, _, chunk in meta[2]:
            get(f"index/{chunk}.pf_index")
        for _, name in meta[3]:
            get(f"filter/{name}.pf_filter")
    return decode_bundle(dest)


def words_served(served: Served, dest: Path) -> dict[str, Any]:
    return dict(fetch_bundle(served, dest)["en"]["words"])


def test_the_preview_indexes_its_pages_and_serves_the_bundle(served: Served, tmp_path: Path) -> None:
    search_ = served.preview.search
    assert search_ is not None
    assert search_.wait(served.preview.snapshot.build, TIMEOUT)
    assert served.preview.snapshot.search == served.preview.snapshot.build
    words = words_served(served, tmp_path / "got")
    assert [url for url, _, _ in words["geneva"][0]] == ["/articles/alpha-item/"]
    status, page = served.get("/search/")
    assert status == 200 and b"pagefind-ui.js" in page and b"briefgen-search.js" in page
    assert served.get("/pagefind/../site.yaml")[0] == 404
    assert served.get("/pagefind/no-such-file.js")[0] == 404
    assert not (served.site / "public").exists()  # the preview writes no output folder


def test_after_an_edit_searching_finds_the_new_word(served: Served, tmp_path: Path) -> None:
    preview = served.preview
    assert preview.search is not None and preview.search.wait(preview.snapshot.build, TIMEOUT)
    item = served.site / "content/articles/b.md"
    item.write_text(article("Beta item", date="2022-01-19", topics="[NATO]",
                            body="Allies answered a zebracorn in writing."), encoding="utf-8")
    os.utime(item, ns=(0, item.stat().st_mtime_ns + 1_000_000_000))
    assert preview.rebuild({"content/articles/b.md"}) == []
    deadline = time.monotonic() + TIMEOUT
    found: list[str] = []
    n = 0
    while time.monotonic() < deadline and not found:
        n += 1
        words = words_served(served, tmp_path / f"poll-{n}")
        found = [url for url, _, _ in words.get("zebracorn", (frozenset(), {}))[0]]
        time.sleep(0.2)
    assert found == ["/articles/beta-item/"]
    assert "beta" in words  # the rest of the index is still there
    assert [url for url, _, _ in words["geneva"][0]] == ["/articles/alpha-item/"]


def test_the_scratch_folder_goes_when_the_preview_stops(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"site.yaml": "title: Briefing\n",
                                          "content/articles/a.md": article("Alpha item")})
    preview = Preview(site, drafts=False)
    assert preview.rebuild() == []
    assert preview.search is not None
    folder = preview.search.folder
    assert preview.search.wait(preview.snapshot.build, TIMEOUT)
    assert folder.is_dir()
    preview.stopping.set()
    deadline = time.monotonic() + 30
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not folder.exists()
