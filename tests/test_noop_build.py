"""A build with nothing to do answers before loading the build's machinery.

`briefgen build` first asks build/noop.py whether any input changed; only
when one did does it import the renderer, Jinja and Markdown. These tests
run the command in a fresh interpreter, as a user does, and look at what it
printed, what it wrote, and which modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import article, snapshot, write_site

# Modules only a build that renders needs: the no-op answer must not load them.
HEAVY = ("jinja2", "markdown_it", "briefgen.render.jinja", "briefgen.build.builder",
         "briefgen.source.content", "briefgen.build.search",  # the indexer too
         # and what only writing an output, a misspelt key or TOML front matter needs
         "ctypes", "subprocess", "difflib", "tomllib", "uuid")
# Modules a build with search off, of a site without TOML front matter, has no use for.
UNUSED_BY_A_PLAIN_BUILD = ("briefgen.build.search", "briefgen.build.search_shards", "tomllib", "uuid")

PROBE = """
import json, sys
from briefgen.commands.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "loaded": sorted(m for m in sys.modules)}))
"""


def _build(site: Path, *args: str) -> tuple[int, set[str], str]:
    """Run `briefgen build SITE ARGS` in a new interpreter: status, modules loaded, stderr."""
    proc = subprocess.run([sys.executable, "-c", PROBE, "build", str(site), *args],
                          capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return report["status"], set(report["loaded"]), proc.stderr


def _site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "site.yaml": "title: Briefing\nsearch: false\n",
        "content/articles/a.md": article("Lavrov awaits answers", people="[Sergei Lavrov]"),
        "content/articles/b.md": article("Stoltenberg invites talks", date="2022-01-19",
                                         people="[Jens Stoltenberg]", topics="[NATO]"),
    })


def test_a_second_build_with_nothing_changed_writes_nothing_and_loads_no_renderer(
        tmp_path: Path) -> None:
    site = _site(tmp_path)
    status, loaded, _ = _build(site)
    assert status == 0
    assert "jinja2" in loaded  # the first build renders
    before = snapshot(site / "public")

    status, loaded, err = _build(site)
    assert status == 0
    assert "(0 written) from 2 items" in err
    assert "search is off (search: false in site.yaml)" in err
    assert snapshot(site / "public") == before
    assert not [m for m in HEAVY if m in loaded], "a no-op build loaded the renderer"


def test_an_edit_after_a_no_op_is_built(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert _build(site)[0] == 0
    assert _build(site)[0] == 0  # nothing changed
    item = site / "content/articles/a.md"
    item.write_text(article("Lavrov awaits answers", body="A sentence added later."),
                    encoding="utf-8")
    status, loaded, err = _build(site)
    assert status == 0
    assert "(0 written)" not in err
    assert "jinja2" in loaded
    assert not [m for m in UNUSED_BY_A_PLAIN_BUILD if m in loaded], "start-up loaded what it does not use"
    page = site / "public/articles/lavrov-awaits-answers/index.html"
    assert "A sentence added later." in page.read_text("utf-8")


def test_another_output_folder_or_option_is_no_no_op(tmp_path: Path) -> None:
    """The cache belongs to one output folder built one way: -o elsewhere, or
    --drafts, builds (and renders) rather than answer from it."""
    site = _site(tmp_path)
    assert _build(site)[0] == 0
    status, loaded, _ = _build(site, "-o", str(tmp_path / "elsewhere"))
    assert status == 0 and "jinja2" in loaded
    assert (tmp_path / "elsewhere/index.html").is_file()
    status, loaded, _ = _build(site, "--drafts")
    assert status == 0 and "jinja2" in loaded


def test_a_broken_site_yaml_is_reported_by_the_no_op_check(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert _build(site)[0] == 0
    (site / "site.yaml").write_text("title: Briefing\nsearch: false\nper_page: many\n",
                                    encoding="utf-8")
    status, _, err = _build(site)
    assert status == 1
    assert "site.yaml:3:" in err
    assert "Traceback" not in err
