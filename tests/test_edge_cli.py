"""Edge cases of the command line: refused early, as one line, never a traceback."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from briefgen.commands.cli import parser
from briefgen.commands.new import _site_today
from tests.conftest import MakeSite, article, build, run_cli

SITE = {"content/articles/a.md": article("A"), "content/media/logo.txt": "logo"}


@pytest.mark.parametrize("out", ["content/media/out", "content", "templates/out", "."])
def test_build_refuses_an_output_folder_that_briefgen_reads(make_site: MakeSite, out: str) -> None:
    root = make_site(SITE)
    (root / "templates").mkdir()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_cli("build", root, "-o", root / out)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err_lines == [result.err_lines[0]]  # one line
    assert result.err.startswith(f"briefgen: output folder {root / out} ")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("output_dir", ["content", "content/media/out", "templates"])
def test_build_refuses_an_output_dir_that_briefgen_reads(make_site: MakeSite,
                                                         output_dir: str) -> None:
    root = make_site({**SITE, "site.yaml": f"title: T\noutput_dir: {output_dir}\n"})
    result = run_cli("build", root)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err_lines[0] == ("site.yaml:2: output_dir: must not be or lie in content/ or "
                                   f"templates/, which briefgen reads, got '{output_dir}'")
    assert not (root / output_dir / "index.html").exists()


def test_build_into_the_default_folder_still_works(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build(root)
    assert (root / "public/media/logo.txt").read_text(encoding="utf-8") == "logo"
    assert not (root / "public/media/public").exists()


def test_build_into_a_folder_outside_the_site_still_works(make_site: MakeSite,
                                                          tmp_path: Path) -> None:
    root = make_site(SITE)
    build(root, "-o", tmp_path / "out")
    assert (tmp_path / "out/index.html").is_file()


def test_build_skips_a_symlink_loop_in_content(make_site: MakeSite) -> None:
    root = make_site({"content/articles/t/a.md": article("A")})
    (root / "content/articles/t/loop").symlink_to("../t")
    result = build(root)
    assert "from 1 items" in result.err


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "abc", "80.5", ""])
def test_serve_with_a_bad_port_is_bad_usage(make_site: MakeSite, port: str) -> None:
    root = make_site(SITE)
    result = run_cli("serve", root, "--port", port)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"--port: expected a port number from 0 to 65535, got {port!r}" in result.err


@pytest.mark.parametrize("port", ["0", "8000", "65535"])
def test_serve_accepts_every_port_number(port: str) -> None:
    assert parser().parse_args(["serve", "--port", port]).port == int(port)


def test_new_article_drops_blank_names(make_site: MakeSite) -> None:
    root = make_site({"content/articles/a.md": article("A")})
    result = run_cli("new", "article", "T3", "--site", root, "--date", "2022-01-18",
                     "--people", "", "  ", "--topics", "", "NATO", "\t", "--source", " ")
    assert result.code == 0, result.err
    path = root / "content/articles/2022/01/t3.md"
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert front["people"] == [] and front["topics"] == ["NATO"] and "source" not in front
    build(root)
    assert (root / "public/topics/nato/index.html").is_file()


def test_new_dates_an_item_today_in_the_sites_time_zone(tmp_path: Path) -> None:
    """Editions are days in the site's zone; UTC+14 and UTC-11 are never on one day."""
    days = []
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        site = tmp_path / zone.replace("/", "-")
        site.mkdir()
        (site / "site.yaml").write_text(f"title: T\ntimezone: {zone}\n", encoding="utf-8")
        days.append(_site_today(site))
    assert days[0] > days[1]


def test_the_summary_line_without_taxonomies(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": "title: T\nbase_url: https://briefing.example.org/\ntaxonomies: {}\n",
                      "content/articles/a.md": article("One")})
    [line] = run_cli("build", site).err_lines
    assert re.fullmatch(r"built \d+ pages \(\d+ written\) from 1 items in \d+\.\d+ s -> .+", line), line


def test_init_shows_a_folder_name_the_shell_can_take(tmp_path: Path) -> None:
    folder = tmp_path / "new site's"
    result = run_cli("init", folder)
    assert result.err_lines[-1] == f"next: cd {shlex.quote(str(folder))} && briefgen serve"
