"""Printing autoescaped values: briefgen's cheaper path must print what Jinja's does."""

from __future__ import annotations

import random
from pathlib import Path

import jinja2
import pytest
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from briefgen.build.output import MARKER
from briefgen.build.pipeline import build_site
from briefgen.render import jinja as render

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def accelerated_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the accelerated environment, compared with Jinja's own:
    on, even on the reference paths (BRIEFGEN_REFERENCE)."""
    monkeypatch.setattr(render, "_ACCELERATE", True)


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
        size = rng.choice((rng.randint(0, 30), rng.randint(90, 300)))  # short values, and bodies
        text = "".join(rng.choice(alphabet) for _ in range(size))
        assert render.output_text(text) == str(escape(text))


def test_undefined_values_still_fail_loudly() -> None:
    env = render.make_environment(REPO)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


@pytest.mark.slow
def test_the_example_site_builds_to_the_same_bytes_with_jinjas_own_printing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file() and p.name != MARKER}

    build_site(REPO, output=tmp_path / "ours", use_cache=False)
    monkeypatch.setattr(render, "_generator", lambda: CodeGenerator)
    build_site(REPO, output=tmp_path / "jinja", use_cache=False)
    ours, jinjas = files(tmp_path / "ours"), files(tmp_path / "jinja")
    assert ours.keys() == jinjas.keys() and len(ours) > 100
    assert [k for k in ours if ours[k] != jinjas[k]] == []


# --- the code generator: same output and same error lines as Jinja's own -------------------

class Thing:
    """An object with attributes, a property that fails, and item access."""

    name = "<thing>"
    child = None

    @property
    def broken(self) -> str:
        raise AttributeError("inside the property")

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


TEMPLATES = {
    "base.html": "<title>{% block title %}T{% endblock %}</title>\n"
                 "{% block main %}{% endblock %}{{ site.name }} & {{ site['x'] }}\n",
    "page.html": '{% extends "base.html" %}{% block title %}{{ page.title }} · '
                 "{{ super() }}{% endblock %}\n"
                 "{% block main %}{% include 'part.html' %}{% from 'macros.html' import m %}"
                 "{{ m(page.title) }}{% endblock %}",
    "part.html": "{% from 'macros.html' import m %}<p>{{ page.title }}|{{ page.obj.name }}"
                 "|{{ page.obj.broken }}|{{ page.obj.child.x is undefined }}</p>\n",
    "macros.html": "{% macro m(x, y=x.upper()) %}<i>{{ x }}{{ y }}</i>{% endmacro %}",
    "loops.html": "{% for x in items if x.n > 1 %}{{ loop.index }}:{{ x.n }},{{ x['n'] }}"
                  "{% else %}none{% endfor %}\n"
                  "{% for x in tree recursive %}[{{ x.n }}{{ loop(x.kids) }}]{% endfor %}\n"
                  "{% set ns = namespace(total=0) %}{% for x in items %}"
                  "{% set ns.total = ns.total + x.n %}{% endfor %}{{ ns.total }}\n"
                  "{% set block_set %}{{ items[0].n }} & {{ items|map(attribute='n')|join }}"
                  "{% endset %}{{ block_set }}\n"
                  "{% filter upper %}{{ page.title }} a{% endfilter %}\n"
                  "{% macro caller_user() %}<{{ caller(page.obj.name) }}>{% endmacro %}"
                  "{% call(v) caller_user() %}{{ v }}{{ page.title }}{% endcall %}\n"
                  "{{ page.title ~ page.obj.name }}{{ page.missing_ok|default('d') }}"
                  "{{ (page.obj.name if page.obj else 'x')|safe }}{{ '%s'|format(page.obj.name) }}",
}


def _env(generator: type[CodeGenerator] | None) -> jinja2.Environment:
    env = render.make_environment(REPO)
    env.loader = jinja2.DictLoader(TEMPLATES)
    if generator is not None:
        env.code_generator_class = generator
    return env


def _context() -> dict[str, object]:
    kid = {"n": 5, "kids": []}
    return {"site": {"name": "S & <S>", "x": 1},
            "page": {"title": "Lavrov's <visit>", "obj": Thing()},
            "items": [{"n": 1}, {"n": 2}, {"n": 3}],
            "tree": [{"n": 4, "kids": [kid]}]}


@pytest.mark.parametrize("name", ["page.html", "loops.html"])
def test_templates_render_as_with_jinjas_own_generator(name: str) -> None:
    ours = _env(None).get_template(name).render(_context())
    assert ours == _env(CodeGenerator).get_template(name).render(_context())
    assert "Lavrov&#39;s &lt;visit&gt;" in ours


def test_briefgen_generator_is_in_use() -> None:
    source = render.make_environment(REPO).compile("a{{ x.y }}b{{ z }}", raw=True)
    assert 'yield "".join((' in source and "_bg_v" in source


@pytest.mark.parametrize("template", ["{{ page.obj.child.x }}", "a\n\n{{ page.nope.deeper }}",
                                      "{% for i in items %}\n{{ i.n }}{{ i.n.bad.x }}{% endfor %}"])
def test_errors_point_at_the_same_template_line(template: str) -> None:
    def failure(env: jinja2.Environment) -> tuple[str, list[int]]:
        with pytest.raises(jinja2.UndefinedError) as info:
            env.from_string(template).render(_context())
        lines = [entry.lineno + 1 for entry in info.traceback
                 if entry.frame.code.raw.co_filename == "<template>"]
        return str(info.value), lines

    assert failure(_env(None)) == failure(_env(CodeGenerator))


def test_calls_from_templates_get_what_jinjas_own_context_gives() -> None:
    """briefgen's context calls macros without looking for pass_context markers;
    functions that have them still get the context, and loop variables."""

    @jinja2.pass_context
    def page_title(context: jinja2.runtime.Context, suffix: str) -> str:
        return f"{context['title']}{suffix}"

    source = ("{% macro box(x) %}[{{ x }}{{ caller() if caller else '' }}]{% endmacro %}"
              "{{ box(1) }}{% call box(2) %}+{% endcall %}{{ page_title('!') }}"
              "{% for i in [1, 2] %}{% set t = i %}{{ box(t) }}{{ page_title(loop.index) }}{% endfor %}")
    outputs = []
    for env in (render.Environment(autoescape=True), jinja2.Environment(autoescape=True)):
        env.globals["page_title"] = page_title
        outputs.append(env.from_string(source).render(title="T"))
    assert outputs[0] == outputs[1] == "[1][2+]T![1]T1[2]T2"
    assert render.Environment.context_class is not jinja2.runtime.Context
