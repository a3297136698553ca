"""The Jinja environment and page rendering.

Templates come from the site's templates/ first, then the built-in theme, so
a site overrides the theme one file at a time. Every value is escaped unless
a template marks it safe; template errors are reported as `template:line`.

Rendering is accelerated (`Environment`: a cheaper code generator, context
and globals) and tested against Jinja's own (`ReferenceEnvironment`), which
the reference paths use (BRIEFGEN_REFERENCE, core/accel.py).
"""

from __future__ import annotations

import contextvars
import dataclasses
import difflib
import functools
import os
import re
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, optimizeconst
from markupsafe import Markup

from ..core import accel, paths
from ..core.errors import BriefgenError, Problem
from ..core.urls import safe_href
from ..source.headings import strip_anchors
from ..source.inputs import OUTSIDE, SiteFolder, cannot_read
from . import jsonld as structured
from .compiled import compiled_templates

THEME = paths.THEME
TEMPLATES = paths.TEMPLATES
# What the compiled templates depend on besides Jinja: this module's code generator.
_GENERATOR_SOURCE = Path(__file__).read_text(encoding="utf-8")


def output_text(value: Any) -> str:
    """What `{{ value }}` prints under autoescape: markupsafe.escape's text, without
    wrapping each printed value in a Markup object (the output is joined into
    one string anyway). Generated code calls it for values that are not a str."""
    if type(value) is not str:
        if hasattr(value, "__html__"):
            return value.__html__()  # type: ignore[no-any-return]
        value = str(value)
    return escape_text(value)


def _escape_text(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


# markupsafe.escape's text for a str, as a str: markupsafe 3's own function
# (in C, where its speedups are built), else the same replacements here.
escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _escape_text)
_ACCELERATE = accel.ON.jinja  # read once: every environment made after uses it
_JOIN = "_briefgen_join"  # a buffer name no generated code uses; see visit_Output


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with cheaper code for what every page does most.

    - Autoescaped values print through output_text, without a Markup object each,
      and a str, most of them, through markupsafe's escaping without even a
      call of output_text (two million values in a 10,000-item build).
    - A run of text and values is yielded as one string, not part by part.
    - `a.b` tries the attribute inline and calls Environment.getattr only when
      there is none (dicts, undefined values), saving a call per lookup.

    The output is the same as Jinja's own (tests/unit/test_render.py).
    """

    @staticmethod
    def _escaped_here(frame: Any, finalize: Any) -> bool:
        """True where a printed value is always autoescaped and not finalized."""
        return bool(not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src is None)

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._escaped_here(frame, finalize):  # a str, the usual value, to markupsafe's C
            self.write("(environment.escape_text(_bg_t) if type(_bg_t := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._escaped_here(frame, finalize):
            self.write(") is str else environment.output_text(_bg_t))")
        else:
            super()._output_child_post(node, frame, finalize)

    def visit_Output(self, node: Any, frame: Any) -> None:
        """`yield "".join((...))` where Jinja yields each part.

        Every yield passes up through each template that extends or includes
        this one; a page of a few hundred parts spent more on those than on its
        strings. Jinja writes a buffered Output as `buffer.extend((parts))`; with
        a marker buffer name, writeline turns that into the joined yield. Parts
        are evaluated in the same order as before.
        """
        if frame.buffer is not None or len(node.nodes) < 2:
            super().visit_Output(node, frame)
            return
        frame.buffer = _JOIN
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        if x == f"{_JOIN}.extend((":
            x = 'yield "".join(('
        elif x == f"{_JOIN}.append(":  # the parts were all text, joined at compile time
            x = "yield str("
        super().writeline(x, node, extra)

    @optimizeconst
    def visit_Getattr(self, node: Any, frame: Any) -> None:
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        # Walrus names are plain locals of the generated function: a nested
        # lookup sets them only before the outer one does.
        self.write("(_bg_v if (_bg_v := getattr((_bg_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing "
                   f"else environment.getattr(_bg_o, {node.attr!r}))")


class _Context(jinja2.runtime.Context):
    """Jinja's Context, calling macros and card() without more ado.

    Context.call looks on every callable, and on its __call__, for a marker
    asking for the context or the environment as an argument: a hundred
    thousand calls at 10,000 items, to macros and card(), which never have it.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES:
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


class ReferenceEnvironment(jinja2.Environment):
    """Jinja's own environment (its code generator and context), holding what
    briefgen keeps per environment: the reference path for templates
    (core/accel.py), and the base of the accelerated `Environment`."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # The templates each theme file extends (see _extends), found once per
        # environment: the theme's files do not change while it lives.
        self.theme_extends: dict[str, list[tuple[str, int]]] = {}


class Environment(ReferenceEnvironment):
    """The accelerated environment: briefgen's code generator (if this Jinja
    generates code the way 3.1 does; else Jinja's own, see _generator), context
    and globals. Same output as ReferenceEnvironment (tests/unit/test_render.py)."""

    output_text = staticmethod(output_text)
    escape_text = staticmethod(escape_text)
    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict, not Jinja's ChainMap: every page,
        include and import copies them into its context, and a ChainMap is copied
        key by key in Python. briefgen sets all globals before loading a template,
        as Jinja asks, so a snapshot sees the same values."""
        return {**self.globals, **(d or {})}


# Process-wide on purpose: a fact about the installed Jinja; one class.
@functools.cache
def _generator() -> type[CodeGenerator]:
    """_CodeGenerator if it works with this Jinja: a sample renders the same with it."""
    sample = ("{% for x in xs %}<{{ x.a }}{{ x['a'] }}{{ x.b|default('-') }}>{% endfor %}"
              "{% macro m(v) %}{{ v.a }}{% endmacro %}{{ m(xs[0]) }}")
    context = {"xs": [{"a": "&"}, {"a": 1, "b": "<"}]}
    try:
        outputs = []
        for generator in (_CodeGenerator, CodeGenerator):
            env = Environment(autoescape=True)
            env.code_generator_class = generator
            outputs.append(env.from_string(sample).render(context))
        if outputs[0] == outputs[1]:
            return _CodeGenerator
    except Exception:  # any failure means: use Jinja's own
        pass
    return CodeGenerator


class TemplateInputError(jinja2.TemplateSyntaxError):
    """A template file that cannot be used as it is, reported as its message alone."""


class TemplateEncodingError(TemplateInputError):
    """A template file that is not UTF-8 text."""


class _Loader(jinja2.FileSystemLoader):
    """Template files as UTF-8 text, a byte-order mark dropped: an editor's
    "UTF-8 with BOM" would put U+FEFF before <!DOCTYPE html>, where it starts
    the page's body and ends <head> early. Other bytes are an error at their line.

    A site's templates follow the rules of every input folder (inputs.py): a
    file that is a link out of the site is an error, not read (a Jinja
    loader follows links, so templates/article.html -> /etc/passwd would be
    published on every item page), and so is a file that cannot be read.
    """

    def __init__(self, folder: Path, site: SiteFolder | None = None) -> None:
        super().__init__(folder, encoding="utf-8-sig")
        self.site = site  # None for the theme, which is part of briefgen

    def get_source(self, environment: jinja2.Environment, template: str,
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.searchpath[0], *jinja2.loaders.split_template_path(template))
        if self.site is not None and os.path.lexists(path) and self.site.leaves(path):
            raise TemplateInputError(OUTSIDE, 0, template, path)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            pass
        except jinja2.TemplateNotFound:  # an OSError too: the next loader looks
            raise
        except OSError as exc:
            raise TemplateInputError(cannot_read("", exc).message, 0, template, path) from None
        pieces = jinja2.loaders.split_template_path(template)
        file = next(f for f in (Path(p, *pieces) for p in self.searchpath) if f.is_file())
        data = file.read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise TemplateEncodingError(
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} here); save the file as UTF-8",
                line, template, str(file)) from None
        return super().get_source(environment, template)  # changed meanwhile: read it again

    def problems(self) -> list[Problem]:
        """What listing the site's templates/ met: folders that cannot be read,
        links out of the site, a `templates` that is a file. (templates/static/
        is static_files' to list.)"""
        if self.site is None:
            return []
        listing = self.site.list_files(TEMPLATES, ignore=(), suffixes=TEMPLATE_SUFFIXES)
        static = f"{TEMPLATES}/static"
        return [p for path, p in listing.problems.items()
                if path != static and not path.startswith(static + "/")]


def make_environment(root: Path) -> jinja2.Environment:
    """A sandbox-free but autoescaping environment over site and theme templates:
    the accelerated Environment, or on the reference paths (BRIEFGEN_REFERENCE,
    core/accel.py) Jinja's own code generator and context."""
    env = (Environment if _ACCELERATE else ReferenceEnvironment)(
        loader=jinja2.ChoiceLoader([_Loader(root / TEMPLATES, SiteFolder(root)),
                                    _Loader(THEME / TEMPLATES)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,  # a plain dict: a site has a few dozen templates, looked up per page
    )
    if _ACCELERATE:
        env.code_generator_class = _generator()
    env.bytecode_cache = compiled_templates(_GENERATOR_SOURCE)
    env.filters["safe_url"] = safe_href
    env.filters["without_anchors"] = strip_anchors  # feed.xml: headings' "#" links
    env.globals["card"] = CardRenderer(env)
    env.filters.update(structured.FILTERS)  # sharing metadata: docs/metadata.md
    return env


# The `site` of the page being rendered, for the cards it shows: set by
# `render` for the length of one call and reset after it, so nothing of a
# page outlives its render. A macro imported without context (as the
# theme's item_list is) runs in Jinja's cached module of macros.html, which
# sees only the environment's globals, never the page's variables: no
# argument can reach card() there without changing the templates' API.
_page_site: contextvars.ContextVar[Any] = contextvars.ContextVar("briefgen_page_site", default=None)


class CardRenderer:
    """`card(item, heading)`: card.html for one item, rendered once per process.

    An item's card shows on the home page, its edition and every term page
    that lists it; its fingerprint names its content, so the HTML is reused.
    The card also gets `site`, as every template does: that of the page
    `render` is rendering (see _page_site), whose fingerprint is part of the
    key, so a changed site renders cards afresh.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.cache: dict[tuple[str, str, str], Markup] = {}

    def __call__(self, item: Any, heading: str = "h2") -> Markup:
        site = _page_site.get()
        key = (item.fp, heading, getattr(site, "fp", ""))
        html = self.cache.get(key)
        if html is None:
            context = {"item": item, "heading": heading}
            if site is not None:
                context["site"] = site
            html = self.cache[key] = Markup(self.env.get_template("card.html").render(context))
        return html


# Callables that take no context or environment (see _Context).
_PLAIN_CALLABLES = frozenset({jinja2.runtime.Macro, CardRenderer})


def render(env: jinja2.Environment, template: str, context: dict[str, Any]) -> bytes:
    """Render one page; turn template errors into `template:line` problems."""
    page_site = _page_site.set(context.get("site"))  # for its cards; reset below
    try:
        return env.get_template(template).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        problem = _syntax_problem(exc)
        raise BriefgenError(problem.message, problem.path, problem.line) from None
    except jinja2.TemplateNotFound as exc:  # the page's own template, or one it includes
        path, line = _template_frame(exc)
        raise BriefgenError(f"template not found: {exc.name}", path or TEMPLATES, line) from None
    except RecursionError as exc:  # checked before Exception, which it is
        path, line = _loop_frame(exc)
        raise BriefgenError("template error: templates extend, include or call each other "
                            "without end", path, line) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc)
        raise BriefgenError(f"template error: {_undefined_message(str(exc))}", path, line) from exc
    except Exception as exc:
        path, line = _template_frame(exc)
        # Not naming TEMPLATE: one mistake in base.html is then one error, not one
        # per page template that extends it (build adds the first page it broke).
        raise BriefgenError(f"template error: {type(exc).__name__}: {exc}", path, line) from exc
    finally:
        _page_site.reset(page_site)


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(\w+?)(?:View)? object' has no attribute '(\w+)'")


def _undefined_message(said: str) -> str:
    """Jinja's word for a missing value, as a template's writer reads it: the
    view's fields rather than its Python class, with the field most like the
    one written (`'ArticleView object' has no attribute 'titel'` is `article
    has no field 'titel' (did you mean 'title'?)`)."""
    found = _NO_ATTRIBUTE.search(said)
    if found is None:
        return f"UndefinedError: {said}"
    from . import views  # here: views import this module's helpers

    owner, name = found.group(1), found.group(2)
    view = getattr(views, owner + "View", None) or getattr(views, owner, None)
    if not (isinstance(view, type) and dataclasses.is_dataclass(view)):
        return f"UndefinedError: {said}"  # a dict, a value of the user's own: Jinja's words
    close = difflib.get_close_matches(name, [f.name for f in dataclasses.fields(view)], n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    shown = owner.removesuffix("Info").lower()  # PageInfo is `page` to templates
    return f"{shown} has no field {name!r}{hint}; docs/templates.md lists the fields"


def _syntax_problem(exc: jinja2.TemplateSyntaxError) -> Problem:
    """A template that cannot be compiled, at its file and line."""
    message = exc.message if isinstance(exc, TemplateInputError) else \
        f"template syntax error: {exc.message}"
    return Problem(message or "", template_path(exc.filename, exc.name), exc.lineno or 0)


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


def _template_frames(exc: BaseException) -> list[tuple[str, int]]:
    """The template files and lines in an exception's traceback, outermost first."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".xml", ".txt")):
            frames.append((template_path(code.co_filename, None), tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The innermost template file and line in an exception's traceback."""
    frames = _template_frames(exc)
    return frames[-1] if frames else ("", 0)


def _loop_frame(exc: RecursionError) -> tuple[str, int]:
    """A line in the templates that recursed: the first, by file and line, of those
    the innermost frames repeat. Not simply the innermost, which for two files
    including each other would depend on how deep the stack was when it ran out."""
    return min(_template_frames(exc)[-50:], default=("", 0))


def check_templates(env: jinja2.Environment) -> list[Problem]:
    """Compile every template so syntax errors show before any page renders."""
    problems = []
    compiled = []
    for name in sorted(set(env.list_templates(filter_func=_is_template))):
        try:
            compiled.append(env.get_template(name))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_problem(exc))
    return problems + _extends_cycles(env, compiled) + _loader_problems(env)


def _loader_problems(env: jinja2.Environment) -> list[Problem]:
    """Problems the site's template loader met listing its folder (see _Loader.problems)."""
    loader = env.loader
    loaders = loader.loaders if isinstance(loader, jinja2.ChoiceLoader) else [loader]
    return [p for one in loaders if isinstance(one, _Loader) for p in one.problems()]


def _extends_cycles(env: jinja2.Environment, templates: list[jinja2.Template]) -> list[Problem]:
    """Templates that extend themselves, directly or through others: rendering
    them would recurse until Python gives up. The usual case is a site's
    templates/base.html with `{% extends "base.html" %}`, which finds itself,
    not the theme's file (docs/templates.md). Only a site's own templates can
    close such a loop, so a site without any pays nothing for the check."""
    files = {t.name: t.filename for t in templates if t.name and t.filename}
    own = sorted(n for n, f in files.items() if not Path(f).is_relative_to(THEME / TEMPLATES))
    if not own:
        return []
    graph = {name: _extends(env, file) for name, file in files.items()}
    problems = []
    for start in own:
        for target, line in graph[start]:
            path, current = [start], target
            while current != start and current not in path and graph.get(current):
                path.append(current)
                current = graph[current][0][0]
            if current != start or min(n for n in path if n in own) != start:
                continue  # no loop, or one reported at its first file
            if len(path) == 1:
                message = (f'{{% extends "{start}" %}} names this file itself, not the theme\'s '
                           f"{start}: copy the theme's {start} into templates/ and edit the copy")
            else:
                loop = " -> ".join([*path, start])
                message = f"templates extend each other in a loop ({loop}), without end"
            problems.append(Problem(message, template_path(files[start], start), line))
    return problems


def _extends(env: jinja2.Environment, filename: str) -> list[tuple[str, int]]:
    """The templates a template file extends by a literal name, with their lines.
    A theme file's are kept in its environment (theme_extends)."""
    known = env.theme_extends if isinstance(env, ReferenceEnvironment) else {}
    found = known.get(filename)
    if found is not None:
        return found
    source = Path(filename).read_text(encoding="utf-8-sig")
    found = [] if "extends" not in source else [
        (node.template.value, node.lineno) for node in env.parse(source).find_all(jinja2.nodes.Extends)
        if isinstance(node.template, jinja2.nodes.Const) and isinstance(node.template.value, str)]
    if Path(filename).is_relative_to(THEME / TEMPLATES):
        known[filename] = found
    return found


TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def _is_template(name: str) -> bool:
    return not name.startswith("static/") and name.endswith(TEMPLATE_SUFFIXES)


