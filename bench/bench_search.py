"""What search costs a build: `python3 bench/bench.py --search [--articles 1000 10000] [--runs 3]`.

For each size of the briefing corpus (full page set), output on tmpfs, it
alternates cold builds with `search: true` and `search: false` run by run
(which goes first alternates too), each into a fresh output folder with no
cache, then times a one-edit build of each (one item's body changed; with
search on, Pagefind re-runs for that item's shard only). The report gives
medians with min-max of wall and CPU time (user+sys of the build and every
process it waited for, Pagefind included), the ratio of each pair of cold
runs, peak RSS (the largest process: the build's own, or a Pagefind run) and
the 1-minute load average around the runs.

With `--serve` it also times the preview (in process): the first build,
the first index (every shard), and for each of RUNS edits (a new word added
to one item) the rebuild and the time until the index served has the word.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench import (
    BRIEFGEN,
    SHM,
    Case,
    Run,
    append,
    cell,
    corpus,
    edited,
    load1,
    load_range,
    mib,
    pick_item,
    ratio_cell,
    run_measured,
)

MEDIUM = "tmpfs"
# Its own folder on tmpfs, so that another benchmark running meanwhile (which
# empties bench.py's tmpfs folder when it starts and ends) cannot remove its outputs.
OUTPUTS = SHM / f"briefgen-bench-search-{os.getpid()}"


@dataclass
class Side:
    """The runs with search on, or off."""

    cold: list[Run] = field(default_factory=list)
    edit: list[Run] = field(default_factory=list)


def own_copy(items: int) -> Path:
    """A copy of the briefing corpus of ITEMS items for this benchmark alone: it
    rewrites site.yaml, which other benchmarks of the shared corpus must not see."""
    shared = corpus(Case("briefing", items, "full"))
    site = shared.parent / f"search-{shared.name}"
    stamp = (shared / ".bench-stamp").read_text()
    if not ((site / ".bench-stamp").is_file() and (site / ".bench-stamp").read_text() == stamp):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(shared, site, ignore=shutil.ignore_patterns(".briefgen-cache"))
    return site


def config(site: Path, on: bool) -> None:
    """Set `search:` in SITE's site.yaml."""
    yaml = site / "site.yaml"
    lines = [line for line in yaml.read_text(encoding="utf-8").splitlines()
             if not line.startswith("search:")]
    yaml.write_text("\n".join([*lines, f"search: {'true' if on else 'false'}"]) + "\n",
                    encoding="utf-8")


def one(site: Path, item: Path, on: bool, run: int, side: Side) -> str:
    """A cold build, then a one-edit build, with search ON or off."""
    config(site, on)
    shutil.rmtree(site / ".briefgen-cache", ignore_errors=True)
    public = OUTPUTS / f"{site.name}-{'on' if on else 'off'}-run{run + 1}"
    cmd = [*BRIEFGEN, "build", str(site), "-q", "-o", str(public)]
    try:
        side.cold.append(run_measured(cmd))
        with edited(item) as original:
            append(item, original, f"Search bench edit {run} {time.time_ns()}")
            side.edit.append(run_measured(cmd))
    finally:
        shutil.rmtree(public, ignore_errors=True)
        shutil.rmtree(site / ".briefgen-cache", ignore_errors=True)
    return (f"search {'on' if on else 'off'}: cold {side.cold[-1].wall:.2f} s "
            f"(CPU {side.cold[-1].cpu:.2f} s, {mib(side.cold[-1].rss)}), "
            f"one-edit {side.edit[-1].wall:.2f} s")


def bench_search(sizes: list[int], runs: int) -> str:
    """Measure every size; the report as a Markdown table."""
    rows = []
    for items in sizes:
        site = own_copy(items)
        item = pick_item(site)
        yaml = (site / "site.yaml").read_bytes()
        on, off = Side(), Side()
        print(f"briefing (full), {items} items, output on {MEDIUM}: search on and off, run by run",
              flush=True)
        try:
            for run in range(runs):
                for flag in ((True, False) if run % 2 == 0 else (False, True)):
                    print(f"  run {run + 1}: " + one(site, item, flag, run, on if flag else off),
                          flush=True)
        finally:
            (site / "site.yaml").write_bytes(yaml)
        rows.append((items, on, off))
    return table(rows)


def bench_preview_search(sizes: list[int], runs: int) -> str:
    """The preview's search: first index, then edit -> searchable, RUNS times."""
    from briefgen.serve.server import Preview

    lines = ["| items | first build | first index | edit → rebuilt | edit → searchable "
             "| shards re-run | load before / after |", "|---|---|---|---|---|---|---|"]
    for items in sizes:
        site = own_copy(items)
        yaml = (site / "site.yaml").read_bytes()
        item = pick_item(site)
        config(site, True)
        shutil.rmtree(site / ".briefgen-cache", ignore_errors=True)
        preview = Preview(site, drafts=False)
        load = [load1()]
        try:
            start = time.perf_counter()
            assert preview.rebuild() == []
            built = time.perf_counter() - start
            assert preview.search is not None and preview.search.wait(preview.snapshot.build, 3600)
            first = time.perf_counter() - start - built
            rebuilt, searchable, ran = [], [], []
            for run in range(runs):
                with edited(item) as original:
                    append(item, original, f"Searchbench{run}x{time.time_ns()}")
                    start = time.perf_counter()
                    assert preview.rebuild({item.relative_to(site).as_posix()}) == []
                    rebuilt.append(time.perf_counter() - start)
                    assert preview.search.wait(preview.snapshot.build, 3600)
                    searchable.append(time.perf_counter() - start)
                    ran.append(f"{preview.search.last[0]} of {preview.search.last[1]}")
                print(f"  preview edit {run + 1}: rebuilt {rebuilt[-1]:.2f} s, searchable "
                      f"{searchable[-1]:.2f} s ({ran[-1]} shards run)", flush=True)
            load.append(load1())
        finally:
            preview.stopping.set()
            (site / "site.yaml").write_bytes(yaml)
            shutil.rmtree(site / ".briefgen-cache", ignore_errors=True)
        lines.append(f"| {items:,} | {built:.2f} s | {first:.2f} s | {cell(rebuilt)} | "
                     f"{cell(searchable)} | {', '.join(sorted(set(ran)))} | {load[0]:.1f} / {load[-1]:.1f} |")
    return "\n".join(lines)


def table(rows: list[tuple[int, Side, Side]]) -> str:
    head = ["items", "search", "cold build (wall)", "cold build (CPU)", "on / off (wall)",
            "on / off (CPU)", "one-edit build (wall)", "one-edit build (CPU)", "peak RSS",
            "load before / after"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for items, on, off in rows:
        wall = [a.wall / b.wall for a, b in zip(on.cold, off.cold, strict=False)]
        cpu = [a.cpu / b.cpu for a, b in zip(on.cold, off.cold, strict=False)]
        for name, side in (("on", on), ("off", off)):
            runs = side.cold + side.edit
            lines.append(
                f"| {items:,} | {name} | {cell([r.wall for r in side.cold])} | "
                f"{cell([r.cpu for r in side.cold])} | "
                f"{ratio_cell(wall) if name == 'on' and wall else ''} | "
                f"{ratio_cell(cpu) if name == 'on' and cpu else ''} | "
                f"{cell([r.wall for r in side.edit])} | {cell([r.cpu for r in side.edit])} | "
                f"{mib(max((r.rss for r in runs), default=0))} | {load_range(runs)} |")
    return "\n".join(lines)
