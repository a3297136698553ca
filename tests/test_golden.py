"""Golden output: a small fixed site must build to exactly the bytes kept in git.

Each case is a site under tests/sites/<case>/ whose expected output is kept in
tests/golden/<case>/. The test builds the site into a temporary folder and
compares the two trees file by file; on a difference it names the missing,
extra and differing files and shows a unified diff of the first differing one.

After an intended change of the output (a template, a URL, a date format),
regenerate the expected files and review them with git diff:

    BRIEFGEN_REGEN_GOLDEN=1 pytest tests/test_golden.py
    git diff --stat tests/golden/

An environment variable rather than a `--regen-golden` pytest option: an
option must be declared in the root conftest.py or a plugin loaded with `-p`,
and a `-p tests.golden_plugin` plugin only imports when the repository root is
on sys.path, which holds for `python -m pytest` but not for the `pytest`
script. The variable works the same in every way of running pytest.

Files under static/ are copied verbatim from the built-in theme, so they are
not kept in the golden tree (a CSS edit needs no regeneration); the test
checks instead that they equal the theme's files.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

import briefgen
from briefgen.build.pagefind_bin import search_available
from tests.conftest import fixture_copy, run_cli

TESTS = Path(__file__).resolve().parent
SITES = TESTS / "sites"
GOLDEN = TESTS / "golden"
THEME_STATIC = Path(briefgen.__file__).resolve().parent / "theme" / "static"
CASES = ("golden_site",)
VERBATIM = "static/"  # theme files copied as they are, not kept in the golden tree
# Pagefind's search bundle: its bytes follow Pagefind's version (tests/test_search.py checks it).
SEARCH_BUNDLE = "pagefind/"
REGEN = os.environ.get("BRIEFGEN_REGEN_GOLDEN") == "1"


def build(site: Path, out: Path) -> Path:
    site = fixture_copy(site, out.parent)
    result = run_cli("build", site, "-o", out, "-q")  # in process, logging restored after
    assert result.code == 0, f"briefgen build {site} exited {result.code}:\n{result.err}"
    return out


def tree(root: Path) -> dict[str, Path]:
    """Every file under ROOT by its POSIX path, without the verbatim theme files."""
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith((VERBATIM, SEARCH_BUNDLE))}


def shown(path: Path) -> str:
    return path.relative_to(TESTS.parent).as_posix() if path.is_relative_to(TESTS.parent) else str(path)


def unified_diff(rel: str, expected: bytes, actual: bytes, context: int = 3, limit: int = 200) -> str:
    try:
        a, b = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"{rel}: binary files differ ({len(expected)} bytes expected, {len(actual)} built)"
    lines = list(difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                      f"expected/{rel}", f"built/{rel}", n=context))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines\n"]
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def compare(expected_root: Path, actual_root: Path) -> str:
    """'' if the trees are equal, else a report ending with the first file's diff."""
    expected, actual = tree(expected_root), tree(actual_root)
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    differing = [rel for rel in sorted(expected.keys() & actual.keys())
                 if expected[rel].read_bytes() != actual[rel].read_bytes()]
    if not (missing or extra or differing):
        return ""
    report = [f"built output differs from {shown(expected_root)}/ "
              "(if intended: BRIEFGEN_REGEN_GOLDEN=1 pytest tests/test_golden.py, then review git diff)"]
    report += [f"  missing (expected, not built): {rel}" for rel in missing]
    report += [f"  extra (built, not expected):   {rel}" for rel in extra]
    report += [f"  differs: {rel}" for rel in differing]
    if differing:
        first = differing[0]
        report += ["", f"first differing file: {first}",
                   unified_diff(first, expected[first].read_bytes(), actual[first].read_bytes())]
    return "\n".join(report)


def regenerate(built: Path, golden: Path) -> None:
    if golden.exists():
        shutil.rmtree(golden)
    shutil.copytree(built, golden, ignore=lambda folder, names: [VERBATIM.strip("/"),
                                                                 SEARCH_BUNDLE.strip("/")]
                    if Path(folder) == built else [])


@pytest.mark.parametrize("case", CASES)
def test_golden_output(case: str, tmp_path: Path) -> None:
    if not search_available() and os.environ.get("BRIEFGEN_REQUIRE_TOOLS") != "1":
        pytest.skip("the golden output has search on: install Pagefind (pip install -e '.[test]')")
    built = build(SITES / case, tmp_path / case)
    golden = GOLDEN / case
    if REGEN:
        regenerate(built, golden)
        pytest.skip(f"regenerated {shown(golden)}: review it with git diff")
    assert golden.is_dir(), f"no {golden}: run BRIEFGEN_REGEN_GOLDEN=1 pytest tests/test_golden.py"
    problems = compare(golden, built)
    assert not problems, problems


@pytest.mark.parametrize("case", CASES)
def test_static_files_are_the_theme_files(case: str, tmp_path: Path) -> None:
    built = build(SITES / case, tmp_path / case) / "static"
    theme = {p.relative_to(THEME_STATIC).as_posix(): p for p in THEME_STATIC.rglob("*") if p.is_file()}
    copied = {p.relative_to(built).as_posix(): p for p in built.rglob("*") if p.is_file()}
    assert copied.keys() == theme.keys()
    for rel, source in theme.items():
        assert copied[rel].read_bytes() == source.read_bytes(), rel


def test_same_input_same_bytes(tmp_path: Path) -> None:
    """Two builds of the same site are byte-identical (same input, same bytes)."""
    site = SITES / CASES[0]
    first, second = build(site, tmp_path / "first"), build(site, tmp_path / "second")
    assert compare(first, second) == ""


def test_compare_reports_a_diff(tmp_path: Path) -> None:
    """The failure message names the files and shows a unified diff of the first difference."""
    for side, text in (("expected", "a\nb\nc\n"), ("built", "a\nB\nc\n")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "index.html").write_text(text, encoding="utf-8")
    (tmp_path / "expected" / "gone.html").write_text("", encoding="utf-8")
    (tmp_path / "built" / "new.html").write_text("", encoding="utf-8")
    report = compare(tmp_path / "expected", tmp_path / "built")
    assert "missing (expected, not built): gone.html" in report
    assert "extra (built, not expected):   new.html" in report
    assert "first differing file: index.html" in report
    assert "-b\n+B\n" in report
