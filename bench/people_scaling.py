#!/usr/bin/env python3
"""How a build scales with the number of people one item names.

    python3 bench/people_scaling.py [--names 250 500 1000 2000] [--jobs 1] [--topics]

Each run builds a small site of five items, one of which names N people
(the others three each), in a fresh subprocess, and prints the wall-clock
build time, its CPU time, the bytes written (all, and under people/) and
the peak RSS (both from os.wait4's rusage: the build's process tree).

An item may name at most fields.MAX_NAMES people, so for N above it the
build runs with that limit lifted: the point is to see that the cost per
name stays about flat (a linear build), which is what keeps the limit a
guard against absurd input rather than the only thing between a long list
and a quadratic build. Before the fix, 1,000 names took 10 s and 3,000 took
48 s and 1.4 GB of output. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in the child: lift the limit to N (never lower it), then build. A
# briefgen from before the limit (to compare) has no MAX_NAMES to lift.
CHILD = """
import sys
import briefgen.source.fields as fields
fields.MAX_NAMES = max(getattr(fields, "MAX_NAMES", 0), int(sys.argv[1]))
from briefgen.commands.cli import main
sys.exit(main(sys.argv[2:]))
"""


def make_site(root: Path, names: int, topics: bool) -> None:
    """Five items; the first names NAMES people (and as many topics with --topics)."""
    (root / "content" / "articles").mkdir(parents=True)
    (root / "site.yaml").write_text("title: People scaling\nsearch: false\n")
    people = [f"Person {i:05d}" for i in range(names)]
    for k in range(5):
        mine = people if k == 0 else people[3 * k: 3 * k + 3]
        lines = ["---", f"title: Item {k}", f"date: 2022-01-{k + 1:02d}", f"source: Source {k % 2}",
                 "people:", *[f"  - {p}" for p in mine]]
        if topics and k == 0:
            lines += ["topics:", *[f"  - Topic {i:05d}" for i in range(names)]]
        else:
            lines.append("topics: [NATO]")
        lines += ["---", "Person 00001 met Person 00002 to discuss NATO.", ""]
        (root / "content" / "articles" / f"item{k}.md").write_text("\n".join(lines))


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(names: int, jobs: int, topics: bool) -> tuple[float, float, int, int, int]:
    """(wall seconds, CPU seconds, bytes written, bytes under people/, peak RSS in
    bytes) of one cold build. CPU time (user + system, the build's whole process
    tree) is the steadier figure on a machine shared with other work."""
    with tempfile.TemporaryDirectory(prefix="briefgen-people-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "out"
        make_site(site, names, topics)
        # This tree's briefgen, not the current folder's: `-c` puts the
        # working folder first on sys.path, so the child runs in TMP.
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(names), "build", str(site),
                                  "-o", str(out), "-q", "-j", str(jobs)], env=env, cwd=tmp)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"build with {names} names exited {child.returncode}")
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, cpu, size(out), size(out / "people"), usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--jobs", type=int, default=1, help="build processes (default 1)")
    parser.add_argument("--topics", action="store_true", help="the item names as many topics too")
    args = parser.parse_args()
    print(f"{'names':>6} {'build s':>8} {'CPU s':>6} {'CPU ms/name':>12} {'output MB':>10} "
          f"{'people/ MB':>11} {'KB/name':>8} {'peak RSS MB':>12}")
    for names in args.names:
        seconds, cpu, total, people, rss = run(names, args.jobs, args.topics)
        print(f"{names:>6} {seconds:>8.2f} {cpu:>6.2f} {1000 * cpu / names:>12.2f} "
              f"{total / 1e6:>10.1f} {people / 1e6:>11.1f} {people / 1e3 / names:>8.1f} "
              f"{rss / 2**20:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
