"""What `briefgen build` says while it works and when it ends.

On a terminal a progress line shows the stage and how far it got; in a pipe
or with -q nothing of it shows. `--json` sums the build up for a program on
standard output, warnings and errors with their file and line
(docs/cli.md).
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from briefgen.commands.progress import ProgressLine
from tests.conftest import article, run_cli, write_site


def _site(root: Path) -> Path:
    return write_site(root, {
        "site.yaml": "title: Feedback\nbase_url: https://briefing.example.org/\nsearch: false\n",
        "content/articles/a.md": article("Talks in Geneva", people="[Sergei Lavrov]"),
        "content/articles/b.md": article("Talks in Brussels", date="2022-01-19",
                                         body="Intro.\n\nSee [the notes](notes.md) for more."),
    })


def _run_on_terminal(*args: str | Path) -> tuple[int, str, str]:
    """`briefgen ARGS` in a new process whose standard error is a pseudo-terminal:
    (status, what the terminal got, stdout)."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", *map(str, args)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    screen = bytearray()
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        screen += chunk
    os.close(controller)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    return proc.wait(timeout=120), screen.decode(errors="replace"), out


def test_a_terminal_sees_the_stages_and_counts(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    status, screen, _ = _run_on_terminal("build", site, "-j", "1")
    assert status == 0, screen
    assert re.search(r"building: read\+parse [0-2]/2 files", screen), screen
    assert "building: render" in screen
    # The line is wiped before the summary, which then prints on its own line.
    last = screen.replace("\r\n", "\n").split("\n")
    summary = [line for line in last if "built " in line]
    assert summary and summary[0].split("\r")[-1].strip().startswith("built ")


def test_no_progress_with_q_even_on_a_terminal(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    status, screen, _ = _run_on_terminal("build", site, "-q")
    assert status == 0
    assert "building:" not in screen
    assert "built " not in screen  # -q: errors only


def test_no_progress_in_a_pipe(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    proc = subprocess.run([sys.executable, "-m", "briefgen", "build", str(site)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0
    assert "building:" not in proc.stderr and "\r" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("built ")


def test_the_line_is_throttled_and_says_the_rate() -> None:
    """Ten redraws a second at most, whatever the count; each stage shows at once."""
    now = [0.0]
    stream = io.StringIO()
    line = ProgressLine(stream, clock=lambda: now[0])
    line.stage("render", 1000)
    for _ in range(500):
        now[0] += 0.001  # 500 pages in half a second
        line.advance(1)
    redraws = stream.getvalue().count("\r")
    assert 2 <= redraws <= 7
    assert line.text() == "building: render 500/1000 pages, 1000/s"
    line.stage("write")
    assert stream.getvalue().split("\r")[-1].rstrip() == "building: write"
    line.clear()
    assert stream.getvalue().endswith("\r")


def test_json_sums_up_the_build_with_each_warning_in_its_place(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    result = run_cli("build", site, "--json", "-q")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["status"] == 0
    assert summary["schema"] == 1
    assert summary["output"] == str(site / "public")
    assert summary["items"] == 2 and summary["terms"]["people"] == 1
    assert summary["pages"] > 2 and summary["rendered"] == summary["pages"]
    assert summary["written"] >= summary["pages"]
    assert summary["search"] is False
    assert {"read+parse", "render", "write"} <= set(summary["timings"])
    assert summary["errors"] == []
    [warning] = summary["warnings"]
    assert warning["path"] == "content/articles/b.md" and warning["line"] == 7
    assert "relative link 'notes.md' leads nowhere" in warning["message"]
    # Standard error is as without --json (here -q: nothing).
    assert result.err == ""

    again = json.loads(run_cli("build", site, "--json").out)  # nothing changed
    assert again["status"] == 0 and again["rendered"] == 0 and again["written"] == 0
    assert again["pages"] == summary["pages"]


def test_json_lists_the_errors_and_the_exit_status_stays(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "content/articles/c.md").write_text("---\ntitle: Bad\ndate: 2022-13-01\n---\nx\n",
                                                encoding="utf-8")
    result = run_cli("build", site, "--json")
    assert result.code == 1
    summary = json.loads(result.out)
    assert summary["status"] == 1 and summary["pages"] is None
    assert summary["errors"] == [{"path": "content/articles/c.md", "line": 3,
                                  "message": "date: not a date: '2022-13-01'"}]
    assert "content/articles/c.md:3: date: not a date: '2022-13-01'" in result.err_lines

    nowhere = run_cli("build", tmp_path / "nothing", "--json")
    assert nowhere.code == 1
    [error] = json.loads(nowhere.out)["errors"]
    assert error["path"] is None and error["message"].startswith("no site.yaml in ")
