"""`briefgen docs`: the reference pages reach a user who installed briefgen with pip."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

REPO = Path(__file__).resolve().parent.parent


def test_docs_lists_every_page_with_its_title() -> None:
    result = run_cli("docs")
    assert result.code == 0
    names = [line.split()[0] for line in result.out.splitlines()[:-2]]
    assert names == sorted(p.stem for p in (REPO / "docs").glob("*.md"))
    assert "configuration  " in result.out and "briefgen docs TOPIC" in result.out


def test_docs_shows_a_page_as_written() -> None:
    result = run_cli("docs", "cli")
    assert result.code == 0
    assert result.out == (REPO / "docs/cli.md").read_text(encoding="utf-8")
    assert run_cli("docs", "cli.md").out == result.out


def test_an_unknown_page_names_the_ones_there_are() -> None:
    result = run_cli("docs", "nosuch")
    assert result.code == 1
    [line] = result.err_lines
    assert line.startswith("briefgen: no page 'nosuch'; the pages are ") and "configuration" in line


def test_help_says_where_the_docs_are() -> None:
    result = run_cli("--help")
    assert "briefgen docs" in " ".join(result.out.split())


@pytest.mark.slow
def test_the_package_ships_the_docs(tmp_path: Path) -> None:
    """setuptools' build_py (what a wheel is made of) copies docs/*.md into
    briefgen/docs/, as files, from a copy of the repository: run in-tree,
    with no network, rather than through pip's isolated build."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "docs", source / "docs")
    shutil.copytree(REPO / "briefgen", source / "briefgen", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert (source / "briefgen/docs").is_symlink()
    lib = tmp_path / "lib"
    proc = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()",
                           "-q", "build_py", "--build-lib", str(lib)],
                          cwd=source, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    shipped = lib / "briefgen/docs"
    assert not shipped.is_symlink()
    assert sorted(p.name for p in shipped.iterdir()) == sorted(p.name for p in (REPO / "docs").glob("*.md"))
    assert (shipped / "configuration.md").read_bytes() == (REPO / "docs/configuration.md").read_bytes()
