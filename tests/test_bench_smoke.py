"""The benchmark script still runs: a cold build, then a no-op build that writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "make_corpus.py"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_SCRIPT.is_file(), reason=f"no corpus generator at {CORPUS_SCRIPT}")
def test_bench_smoke() -> None:
    proc = subprocess.run([sys.executable, "bench/bench.py", "--smoke", "--articles", "300"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| 300 | briefgen |" in proc.stdout
