"""Compiled templates kept between runs (render/compiled.py): the same pages
as compiling afresh, never a stale template, never a folder others can write."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.render import compiled
from briefgen.render.jinja import make_environment, render
from tests.conftest import write_site

LAYOUT = "<p>{{ greeting }}, {{ name | upper }}</p>\n"


def _page(site: Path, template: str = "hello.html") -> bytes:
    env = make_environment(site)
    return render(env, template, {"greeting": "Hello", "name": "Lavrov", "site": None})


def _cached(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "cache"))
    return write_site(tmp_path / "site", {"templates/hello.html": LAYOUT})


def test_a_template_compiled_once_renders_the_same_from_the_cache(site: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = _page(site)
    assert _cached(tmp_path / "cache"), "nothing was kept"
    assert _page(site) == first  # from the cache this time
    monkeypatch.setenv(compiled.ENV, compiled.OFF)
    assert _page(site) == first == b"<p>Hello, LAVROV</p>\n"


def test_an_edited_template_is_compiled_again_not_served_stale(site: Path) -> None:
    assert _page(site) == b"<p>Hello, LAVROV</p>\n"
    (site / "templates/hello.html").write_text("<p>{{ greeting }} again</p>\n", encoding="utf-8")
    assert _page(site) == b"<p>Hello again</p>\n"


def test_the_built_in_theme_is_kept_too(site: Path, tmp_path: Path) -> None:
    make_environment(site).get_template("base.html")
    assert len(_cached(tmp_path / "cache")) >= 1


def test_off_or_empty_keeps_nothing(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (compiled.OFF, ""):
        monkeypatch.setenv(compiled.ENV, value)
        assert compiled.compiled_templates("generator") is None
        _page(site)
    assert not (tmp_path / "cache").exists()


def test_a_folder_others_can_write_is_not_used(site: Path, tmp_path: Path) -> None:
    shared = tmp_path / "cache" / "briefgen"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    assert compiled.compiled_templates("generator") is None
    assert _page(site) == b"<p>Hello, LAVROV</p>\n"
    assert not [p for p in _cached(tmp_path / "cache") if p.name != "briefgen"]


def test_another_code_generator_gets_another_folder(site: Path, tmp_path: Path) -> None:
    one = compiled.compiled_templates("generator one")
    two = compiled.compiled_templates("generator two")
    assert one is not None and two is not None and one.folder != two.folder
