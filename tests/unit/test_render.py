"""Printing autoescaped values: briefgen's cheaper path must print what Jinja's does."""

from __future__ import annotations

import random
from pathlib import Path

import jinja2
import pytest
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from briefgen import render
from briefgen.build import build_site
from briefgen.output import MARKER

REPO = Path(__file__).resolve().parents[2]


class Html:
    def __html__(self) -> str:
        return "<b>already safe</b>"


class Named(str):
    """A str subclass without __html__."""


SAMPLES = ["", "plain", "a & b", "<script>alert('x')</script>", '"quoted"', "it's",
           "&amp; stays escaped twice", "Сергей Лавров <сказал>", "emoji 🙂 & <", 0, 42, -1.5,
           True, None, Markup("<i>safe</i>"), Html(), Named("<named>"), ("<", 1)]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_output_text_prints_what_markupsafe_escape_prints(value: object) -> None:
    assert render.output_text(value) == str(escape(value))


def test_output_text_on_random_text() -> None:
    rng = random.Random(3)
    alphabet = "ab &<>\"'ЖŐ🙂;#\n"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert render.output_text(text) == str(escape(text))


def test_undefined_values_still_fail_loudly() -> None:
    env = render.make_environment(REPO)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_the_example_site_builds_to_the_same_bytes_with_jinjas_own_printing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file() and p.name != MARKER}

    build_site(REPO, output=tmp_path / "ours", use_cache=False)
    monkeypatch.setattr(render.Environment, "code_generator_class", CodeGenerator)
    build_site(REPO, output=tmp_path / "jinja", use_cache=False)
    ours, jinjas = files(tmp_path / "ours"), files(tmp_path / "jinja")
    assert ours.keys() == jinjas.keys() and len(ours) > 100
    assert [k for k in ours if ours[k] != jinjas[k]] == []
