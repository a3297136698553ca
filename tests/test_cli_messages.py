"""Messages every verb shares: a folder that is no site, and how a list of errors ends."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import article, run_cli, write_site

VERBS = {
    "build": ["build"],
    "serve": ["serve", "--port", "0"],
    "check": ["check"],
    "digest": ["digest", "2022-01-18"],
}


def no_site(folder: Path) -> str:
    where = str(folder.absolute())
    return (f"briefgen: no site.yaml in {where}: a briefgen site has a site.yaml with at least a "
            f"title; to start one there: briefgen init {shlex.quote(where)}")


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_names_the_folder_in_full_and_suggests_init(tmp_path: Path, verb: str) -> None:
    folder = tmp_path / "my notes"
    folder.mkdir()
    given = run_cli(*VERBS[verb], folder)
    assert (given.code, given.err_lines) == (1, [no_site(folder)])
    here = run_cli(*VERBS[verb], cwd=folder)  # SITE left out: the current folder, in full
    assert (here.code, here.err_lines) == (1, [no_site(folder)])


def test_new_says_it_the_same_way(tmp_path: Path) -> None:
    result = run_cli("new", "article", "A title", "--site", tmp_path)
    assert (result.code, result.err_lines) == (1, [no_site(tmp_path)])


def test_check_does_not_say_it_wrote_nothing(tmp_path: Path) -> None:
    """check never writes, so its count of errors is not followed by 'nothing was written'."""
    site = write_site(tmp_path / "site", {"content/articles/a.md": article("A", date="2022-13-01")})
    checked = run_cli("check", site)
    assert checked.code == 1
    assert checked.err_lines[-1] == "briefgen: 1 error(s)"
    built = run_cli("build", site)
    assert built.err_lines[-1] == "briefgen: 1 error(s); nothing was written"


def test_readme_previews_on_loopback_only() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "python3 -m http.server --bind 127.0.0.1 -d public" in readme
    assert "http.server -d" not in readme


def test_docs_stand_alone() -> None:
    """No page refers to documents that are not in the repository."""
    root = Path(__file__).resolve().parent.parent
    for page in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        assert "SPEC" not in text and "product contract" not in text.lower(), page.name
