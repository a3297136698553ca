"""The Jinja environment and page rendering.

Templates come from the site's templates/ first, then the built-in theme, so
a site overrides the theme one file at a time. Every value is escaped unless
a template marks it safe; template errors are reported as `template:line`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from . import structured
from .errors import BriefgenError, Problem
from .urls import safe_href

THEME = Path(__file__).parent / "theme"
TEMPLATES = "templates"


def output_text(value: Any) -> str:
    """What `{{ value }}` prints under autoescape: markupsafe.escape's text, without
    wrapping each printed value in a Markup object (the output is joined into
    one string anyway). About a hundred values print per page; this halves
    what each costs."""
    if type(value) is not str:
        if hasattr(value, "__html__"):
            return value.__html__()  # type: ignore[no-any-return]
        value = str(value)
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, printing autoescaped values with output_text."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is not None:
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write("environment.output_text(")


class Environment(jinja2.Environment):
    """jinja2.Environment with the cheaper printing of autoescaped values (if this
    Jinja generates code the way 3.x does; else Jinja's own)."""

    output_text = staticmethod(output_text)
    if callable(getattr(CodeGenerator, "_output_child_pre", None)):
        code_generator_class = _CodeGenerator


def make_environment(root: Path) -> jinja2.Environment:
    """A sandbox-free but autoescaping environment over site and theme templates."""
    env = Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(root / TEMPLATES),
            jinja2.FileSystemLoader(THEME / TEMPLATES),
        ]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["safe_url"] = safe_href
    env.globals["card"] = card_renderer(env)
    env.filters.update(structured.FILTERS)  # sharing metadata: docs/metadata.md
    return env


def card_renderer(env: jinja2.Environment) -> Callable[[Any, str], Markup]:
    """`card(item, heading)`: card.html for one item, rendered once per process.

    An item's card shows on the home page, its edition and every term page
    that lists it; its fingerprint names its content, so the HTML is reused.
    """
    cache: dict[tuple[str, str], Markup] = {}

    def card(item: Any, heading: str = "h2") -> Markup:
        key = (item.fp, heading)
        html = cache.get(key)
        if html is None:
            html = cache[key] = Markup(env.get_template("card.html").render(item=item,
                                                                            heading=heading))
        return html

    return card


def render(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    """Render one page; turn template errors into `template:line` problems."""
    try:
        return env.get_template(template).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError(f"template syntax error: {exc.message}",
                            template_path(exc.filename, exc.name), exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise BriefgenError(f"template not found: {exc.name}", TEMPLATES) from None
    except Exception as exc:
        path, line = _template_frame(exc)
        raise BriefgenError(f"template error while rendering {template}: "
                            f"{type(exc).__name__}: {exc}", path, line) from exc


def template_path(filename: str | None, name: str | None) -> str:
    """Name a template file as the user sees it: templates/x.html or theme:x.html."""
    if filename:
        file = Path(filename)
        theme = THEME / TEMPLATES
        if file.is_relative_to(theme):
            return f"(theme) {file.relative_to(theme).as_posix()}"
        parts = file.parts
        if TEMPLATES in parts:
            i = len(parts) - 1 - parts[::-1].index(TEMPLATES)
            return "/".join(parts[i:])
    return f"{TEMPLATES}/{name or '?'}"


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The innermost template file and line in an exception's traceback."""
    found = ("", 0)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".xml", ".txt")):
            found = (template_path(code.co_filename, None), tb.tb_lineno)
        tb = tb.tb_next
    return found


def check_templates(env: jinja2.Environment) -> list[Problem]:
    """Compile every template so syntax errors show before any page renders."""
    problems = []
    for name in sorted(set(env.list_templates(filter_func=_is_template))):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(f"template syntax error: {exc.message}",
                                    template_path(exc.filename, exc.name), exc.lineno or 0))
    return problems


def _is_template(name: str) -> bool:
    return not name.startswith("static/") and name.endswith((".html", ".xml", ".txt"))


