#!/usr/bin/env python3
"""Compare two briefgen commits on one site: paired cold builds, CPU and wall time.

    python3 bench/paired_versions.py SITE --base REV [--head REV] [--pairs 10]
                                     [--jobs N] [--out DIR]
                                     [--warm | --instructions [cold|started|noop]]

Each commit is checked out into a temporary git worktree and run from there
(`python -m briefgen build SITE -o OUT -q`), so the installed briefgen does
not matter. Each pair builds with both commits back to back, the order
alternating from pair to pair; every build is cold (its output folder and
the site's cache removed first). With --warm, each measured build is
instead a warm one after a one-sentence edit to one item, following an
untimed cold build with the same commit (the item is restored after). Printed: each run's wall time, CPU time
(user + system of the whole process tree, from os.wait4) and the machine's
load; then medians with min-max, and the per-pair ratios head/base, whose
range is what a claim must state.

With --instructions, each commit instead makes one cold build on one core
(-j 1) under valgrind's callgrind, child processes included, and the
instructions executed are counted. The count does not depend on the load of
the machine (callgrind runs the program on a simulated CPU): the same count
comes back for the same commit, site and environment, so a difference of 1%
can be seen where paired timings vary by 10%. It is a proxy for CPU time,
not CPU time: it weighs a cache miss like any instruction. Both builds run
with PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1 (each module compiled
as it is imported, as a fresh checkout would be), and take about 70 times
as long as a plain build. `--instructions started` counts a cold build of
the site where briefgen has run before (modules' bytecode and compiled
templates kept, as on a user's machine), `--instructions noop` a build with
nothing to do.

SITE is any site folder, for example a corpus that bench/bench.py generated
(it prints where it keeps them). OUT (default: a temporary folder; give one
on tmpfs, such as /dev/shm/x, to keep the disk out of the measurement)
holds the two output folders.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def worktree(rev: str, into: Path) -> Path:
    """A checkout of REV at INTO (a git worktree of this repository)."""
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(into), rev], check=True)
    return into


def clear(site: Path, out: Path) -> None:
    """Make the next build cold: no output, no leftovers, no cache (old or new place)."""
    shutil.rmtree(out, ignore_errors=True)
    for folder in (site, out.parent):
        shutil.rmtree(folder / ".briefgen-cache", ignore_errors=True)
        for leftover in folder.glob(f".{out.name}.briefgen-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def build(tree: Path, site: Path, out: Path, jobs: int | None, warm: bool = False) -> tuple[float, float]:
    """One cold build with the briefgen in TREE, or with WARM one build after an
    edit that follows a cold one: (wall seconds, CPU seconds)."""
    clear(site, out)
    if not warm:
        return _timed(tree, site, out, jobs)
    _timed(tree, site, out, jobs)
    item = sorted((site / "content" / "articles").rglob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    item.write_text(text + "\nOne more sentence, for a warm build.\n", encoding="utf-8")
    try:
        return _timed(tree, site, out, jobs)
    finally:
        item.write_text(text, encoding="utf-8")


def _timed(tree: Path, site: Path, out: Path, jobs: int | None) -> tuple[float, float]:
    command = [sys.executable, "-m", "briefgen", "build", str(site), "-o", str(out), "-q"]
    if jobs:
        command += ["-j", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=str(tree))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build with {tree} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime


def instructions(tree: Path, site: Path, out: Path, scratch: Path, kind: str = "cold") -> int:
    """Instructions executed by one single-process build with the briefgen in
    TREE, counted by callgrind over the process and its children. KIND:
    `cold`, a cold build as from a fresh checkout (every module compiled as it
    is imported, no compiled templates); `started`, a cold build of the site
    where briefgen has run before (modules' bytecode and compiled templates
    kept, as a user's machine has them: one untimed cold build first); `noop`,
    a build with nothing to do after such a cold build."""
    clear(site, out)
    counts = scratch / f"callgrind-{tree.name}"
    counts.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0",
           "BRIEFGEN_CACHE_DIR": str(scratch / f"cache-{tree.name}")}
    argv = [sys.executable, "-m", "briefgen", "build", str(site), "-o", str(out), "-q", "-j", "1"]
    if kind == "cold":
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(argv, env=env, cwd=str(tree), capture_output=True, check=True)
        if kind == "started":
            clear(site, out)
    command = ["valgrind", "--tool=callgrind", "--trace-children=yes",
               f"--callgrind-out-file={counts}/out.%p", *argv]
    done = subprocess.run(command, env=env, cwd=str(tree), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build with {tree} under callgrind failed:\n{done.stderr[-2000:]}")
    total = 0
    for file in counts.iterdir():
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("summary:"):
                total += int(line.split()[1])
    return total


def summary(name: str, runs: list[tuple[float, float]]) -> str:
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    return (f"{name}: wall median {statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f}), "
            f"CPU median {statistics.median(cpus):.2f} s ({min(cpus):.2f}-{max(cpus):.2f})")


def ratios(what: str, base: list[float], head: list[float]) -> str:
    r = [h / b for b, h in zip(base, head, strict=True)]
    return f"{what} head/base per pair: median {statistics.median(r):.3f} ({min(r):.3f}-{max(r):.3f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--base", required=True, help="the commit to compare against")
    ap.add_argument("--head", default="HEAD")
    ap.add_argument("--pairs", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=None, help="-j for both (default: briefgen's)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--warm", action="store_true", help="time a one-edit warm build, not a cold one")
    ap.add_argument("--instructions", nargs="?", const="cold", choices=("cold", "started", "noop"),
                    help="count instructions of one -j1 build each under callgrind, not time: "
                         "cold (the default: as from a fresh checkout), started (cold, where "
                         "briefgen ran before), noop (nothing to do)")
    a = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="briefgen-paired-"))
    out = a.out or scratch / "out"
    out.mkdir(parents=True, exist_ok=True)
    trees = {"base": worktree(a.base, scratch / "base"), "head": worktree(a.head, scratch / "head")}
    runs: dict[str, list[tuple[float, float]]] = {"base": [], "head": []}
    try:
        if a.instructions:
            counted = {name: instructions(tree, a.site.resolve(), out / name, scratch, a.instructions)
                       for name, tree in trees.items()}
            for name, rev in (("base", a.base), ("head", a.head)):
                print(f"{name} {rev}: {counted[name]:,} instructions")
            print(f"instructions head/base: {counted['head'] / counted['base']:.4f}")
            return
        for pair in range(a.pairs):
            for name in (["base", "head"] if pair % 2 == 0 else ["head", "base"]):
                wall, cpu = build(trees[name], a.site.resolve(), out / name, a.jobs, a.warm)
                runs[name].append((wall, cpu))
                print(f"pair {pair} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s, "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        print(f"load {os.getloadavg()[0]:.2f}", flush=True)
        for tree in trees.values():
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    print(summary("base " + a.base, runs["base"]))
    print(summary("head " + a.head, runs["head"]))
    print(ratios("CPU", [r[1] for r in runs["base"]], [r[1] for r in runs["head"]]))
    print(ratios("wall", [r[0] for r in runs["base"]], [r[0] for r in runs["head"]]))


if __name__ == "__main__":
    main()
