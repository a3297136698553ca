"""build_site(): the short list of steps from a site folder to its output.

load config -> read content -> build the model -> index terms -> plan pages ->
render -> write. Each step is a function of the one before; this module is
the only place that strings them together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import RESERVED_PATHS, SiteConfig, load_config
from .content import CONTENT, Content, load_content
from .errors import BriefgenError, Problem, raise_if
from .markdown import make_markdown
from .model import Site
from .output import OutputTree
from .pages import plan_site
from .render import TEMPLATES, THEME, check_templates, make_environment, render
from .routes import Routes
from .taxonomy import build_terms

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build did, for the summary line and for callers such as serve."""

    output: Path
    pages: int = 0
    written: int = 0
    articles: int = 0
    terms: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


class Stopwatch:
    """Time named stages for `-v`."""

    def __init__(self) -> None:
        self.start = self.mark = time.perf_counter()
        self.stages: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.mark
        self.mark = now


def assemble(config: SiteConfig, content: Content) -> tuple[Site, list[Problem], list[Problem]]:
    """Build the Site model from parsed content: sort, index terms, check pages."""
    articles = tuple(sorted(content.articles, key=lambda a: a.sort_key()))
    terms = build_terms(config.taxonomies, articles, content.profiles)
    problems = list(content.problems) + list(terms.problems)
    for page in content.pages:
        if page.slug in RESERVED_PATHS:
            problems.append(Problem(f"slug: {page.slug!r} is reserved for briefgen's own pages",
                                    page.key, 1))
    site = Site(
        config=config,
        articles=articles,
        by_key={a.key: a for a in articles},
        taxonomies=terms.taxonomies,
        pages=tuple(sorted(content.pages, key=lambda p: p.key)),
        article_terms=terms.article_terms,
    )
    return site, problems, list(terms.warnings)


def static_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Files copied verbatim: theme static, then the site's (overriding), then media."""
    sources = [(THEME / "static", Routes.STATIC), (root / TEMPLATES / "static", Routes.STATIC),
               (root / CONTENT / "media", Routes.MEDIA)]
    chosen: dict[str, Path] = {}
    for folder, prefix in sources:
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file() and not file.name.startswith("."):
                    chosen[prefix + file.relative_to(folder).as_posix()] = file
    yield from sorted(chosen.items())


def output_folder(root: Path, config: SiteConfig, output: Path | None) -> Path:
    return (output if output is not None else root / config.output_dir).absolute()


def build_site(root: Path, *, output: Path | None = None, drafts: bool = False,
               base_url: str | None = None, write: bool = True) -> BuildResult:
    """Build the site at ROOT; raise SiteErrors listing every problem found."""
    clock = Stopwatch()
    config = load_config(root)
    if base_url is not None:
        config = config.with_base_url(base_url)
    out = output_folder(root, config, output)
    md = make_markdown(config.markdown_html)
    content = load_content(root, config, md, drafts)
    clock.lap("read+parse")
    site, problems, warnings = assemble(config, content)
    clock.lap("index")
    env = make_environment(root)
    problems += check_templates(env)
    routes = Routes(config)
    plan = plan_site(site, routes)
    problems += plan.problems
    raise_if(problems)
    rendered: list[tuple[str, bytes]] = []
    for job in plan.jobs:
        try:
            rendered.append((job.path, render(env, job.template, job.context)))
        except BriefgenError as exc:
            problems.append(exc.problem)
    raise_if(problems)
    clock.lap("render")
    result = BuildResult(output=out, pages=len(rendered), articles=len(site.articles),
                         terms={n: len(t.terms) for n, t in site.taxonomies.items()},
                         warnings=warnings)
    if write:
        result.written = write_output(out, rendered, static_files(root))
    clock.lap("write")
    result.timings = clock.stages
    result.seconds = time.perf_counter() - clock.start
    return result


def write_output(out: Path, rendered: list[tuple[str, bytes]],
                 static: Iterator[tuple[str, Path]]) -> int:
    """Write a complete new tree and swap it in; return how many files changed."""
    from .routes import output_file

    tree = OutputTree(out)
    try:
        for path, data in rendered:
            tree.write(output_file(path), data)
        for rel, source in static:
            tree.copy(rel, source)
        tree.commit()
    except BaseException:
        tree.abort()
        raise
    return len(tree.written)
