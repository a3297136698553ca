"""`briefgen init` starts a site that builds; `briefgen new article` starts an item."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from tests.conftest import run_cli


def test_init_makes_a_site_that_builds_and_checks(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    result = run_cli("init", site, "--title", "Morning: Brief")
    assert result.code == 0, result.err
    assert "title: \"Morning: Brief\"" in (site / "site.yaml").read_text(encoding="utf-8")
    assert run_cli("check", site).code == 0
    assert run_cli("build", site).code == 0
    assert (site / "public/people/ada-example/index.html").is_file()


def test_init_never_overwrites_a_site(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    assert run_cli("init", site).code == 0
    (site / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    result = run_cli("init", site)
    assert result.code == 1 and "already exists" in result.err
    assert (site / "site.yaml").read_text(encoding="utf-8") == "title: Mine\n"


def test_new_article_writes_valid_front_matter(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    run_cli("init", site)
    result = run_cli("new", "article", 'Lavrov: "no" to talks', "--site", site, "--people",
                     "Sergei Lavrov", "Мария Захарова", "--topics", "NATO", "--date", "2022-01-18",
                     "--source", "TASS", "--source-url", "https://tass.com/x")
    assert result.code == 0, result.err
    path = site / "content/articles/2022/01/lavrov-no-to-talks.md"
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert front["title"] == 'Lavrov: "no" to talks'
    assert front["people"] == ["Sergei Lavrov", "Мария Захарова"]
    assert front["source_url"] == "https://tass.com/x"
    assert run_cli("build", site).code == 0
    assert (site / "public/people/mariia-zakharova/index.html").is_file()
    again = run_cli("new", "article", 'Lavrov: "no" to talks', "--site", site, "--date",
                    "2022-01-18")
    assert again.code == 1 and "already exists" in again.err
    # The same title another day: the slug would clash, and the build fail.
    later = run_cli("new", "article", 'Lavrov: "no" to talks', "--site", site, "--date", "2022-02-01")
    assert later.code == 0
    assert later.err_lines == ["warning: content/articles/2022/01/lavrov-no-to-talks.md already has "
                               "the slug 'lavrov-no-to-talks': this item gets slug: lavrov-no-to-talks-2"]
    made = site / "content/articles/2022/02/lavrov-no-to-talks-2.md"
    assert yaml.safe_load(made.read_text(encoding="utf-8").split("---")[1])["slug"] == \
        "lavrov-no-to-talks-2"
    assert run_cli("check", site).code == 0


def test_new_article_bad_input(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    run_cli("init", site)
    impossible = run_cli("new", "article", "X", "--site", site, "--date", "2022-02-30")
    assert impossible.code == 2 and "not a date: '2022-02-30'" in impossible.err
    for day in ("20220119", "2022-W03-3", "2022-1-19"):
        refused = run_cli("new", "article", "X", "--site", site, "--date", day)
        assert refused.code == 2 and "expected a date as YYYY-MM-DD" in refused.err, day
    assert not list((site / "content/articles").rglob("x.md"))
    assert run_cli("new", "article", "X", "--site", tmp_path).code == 1  # not a site
    bad = run_cli("new", "article", "X", "--site", site, "--source-url", "javascript:alert(1)")
    assert bad.code == 1 and "not an http(s) URL" in bad.err


def test_init_over_a_file_it_would_write_creates_nothing(tmp_path: Path) -> None:
    """A folder holding one of the sample files: no half-made site is left behind."""
    about = tmp_path / "s" / "content/pages/about.md"
    about.parent.mkdir(parents=True)
    about.write_text("mine\n", encoding="utf-8")
    result = run_cli("init", tmp_path / "s")
    assert result.code == 1
    assert result.err_lines == [f"briefgen: {about} already exists; nothing was created "
                                "(move them away, or init another folder)"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) \
        == ["s/content/pages/about.md"]
    assert about.read_text(encoding="utf-8") == "mine\n"


def test_init_refuses_a_blank_title(tmp_path: Path) -> None:
    """site.yaml requires a title, so init must not write a site that cannot build."""
    result = run_cli("init", tmp_path / "s", "--title", " ")
    assert result.code == 1
    assert result.err_lines == ["briefgen: the title must not be empty"]
    assert not (tmp_path / "s").exists()


def test_init_writes_a_gitignore_for_what_builds_make(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    result = run_cli("init", site)
    assert result.code == 0
    assert f"created {site / '.gitignore'} (the output and the cache are not for git)" in result.err
    lines = (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/public/", "/.briefgen-cache/", ".*.briefgen-*"} <= set(lines)
    assert run_cli("build", site).code == 0
    if shutil.which("git"):  # what git then sees: the sources only
        subprocess.run(["git", "init", "-q", str(site)], check=True)
        status = subprocess.run(["git", "-C", str(site), "status", "--porcelain", "-uall"],
                                capture_output=True, text=True, check=True).stdout
        listed = sorted(line[3:] for line in status.splitlines())
        assert listed == [".gitignore", "content/articles/" + next(
            p.relative_to(site / "content/articles").as_posix()
            for p in (site / "content/articles").rglob("*.md")),
            "content/media/.keep", "content/pages/about.md", "content/people/ada-example.md",
            "site.yaml", "templates/.keep"], listed


def test_init_adds_only_missing_lines_to_a_gitignore_already_there(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    site.mkdir()
    (site / ".gitignore").write_text("*.log\n/.briefgen-cache/\nnotes", encoding="utf-8")
    result = run_cli("init", site)
    assert result.code == 0
    assert f"updated {site / '.gitignore'}" in result.err
    text = (site / ".gitignore").read_text(encoding="utf-8")
    assert text.startswith("*.log\n/.briefgen-cache/\nnotes\n")  # kept as it was, its last line ended
    assert text.count("/.briefgen-cache/") == 1
    assert text.splitlines()[-2:] == ["/public/", ".*.briefgen-*"]


def test_the_new_site_yaml_points_at_docs_a_pip_user_has(tmp_path: Path) -> None:
    site = tmp_path / "brief"
    run_cli("init", site)
    first = (site / "site.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert "`briefgen docs configuration`" in first
    shown = run_cli("docs", "configuration")
    assert shown.code == 0 and "base_url" in shown.out


def test_check_warns_about_an_item_published_with_the_line_new_wrote(tmp_path: Path) -> None:
    """The line asking for the item's text is fine in a draft; published, it is a warning."""
    site = tmp_path / "brief"
    run_cli("init", site)
    made = run_cli("new", "article", "Talks in Geneva", "--site", site, "--date", "2022-01-10")
    path = site / made.out.strip()
    draft = run_cli("new", "article", "Later talks", "--site", site, "--date", "2022-01-11")
    text = (site / draft.out.strip()).read_text(encoding="utf-8")
    (site / draft.out.strip()).write_text(text.replace("summary: \n", "summary: \ndraft: true\n"),
                                          encoding="utf-8")
    result = run_cli("check", site)
    assert result.code == 0
    rel = path.relative_to(site).as_posix()
    assert [line for line in result.err_lines if "briefgen new wrote" in line] == [
        f"warning: {rel}:8: the body is still the line briefgen new wrote: write the item, or keep "
        "it out with draft: true until it is written"]
