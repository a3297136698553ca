"""The in-memory build: from a site folder to rendered pages, again and again.

`Builder.run` takes the steps read config -> read and parse sources ->
assemble the site model -> plan pages -> render, and remembers what it can
between runs (parsed files, page keys, the last plan), so a second run (the
preview server, a warm build) parses only changed files and renders only
pages whose key changed. What to redo is decided in incremental.py; how the
pages are spread over processes, in executor.py. Writing the output is the
pipeline's (pipeline.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from ..core.errors import BriefgenError, Problem, raise_if
from ..core.paths import output_file
from ..core.progress import SILENT, Progress
from ..render.jinja import check_templates, make_environment
from ..render.plan import Cards, Job, Plan, ViewCache, item_cards, plan_bodies, plan_site, replan_bodies
from ..render.relative import broken_links, bundle_clashes, bundle_files, known_files
from ..render.routes import Routes
from ..render.shortcodes import Shortcodes
from ..render.views import LinkCache
from ..site.model import Site
from ..source.config import SiteConfig, load_config
from ..source.content import Content, load_content
from ..source.listing import BUNDLED, ContentFiles, content_files
from ..source.markdown import make_markdown
from ..source.parse_cache import ParseCache
from .assemble import assemble
from .executor import Renderer, collect, gc_paused, samples
from .files import static_files
from .incremental import Last, Previous, bodies_only, bodies_only_since, to_render
from .memo import reset_build_caches
from .result import Build, Options
from .setup import current_stamp, output_folder, site_config


@dataclass
class Planned:
    """What the assemble and plan steps hand to the render step."""

    site: Site
    plan: Plan
    warnings: list[Problem]
    candidates: list[Job]  # every page that may need rendering
    digests: dict[str, bytes]  # page keys known so far
    bundled: dict[str, Path] = field(default_factory=dict)  # bundles' files: output file -> source
    partial: bool = False  # `plan` holds only the changed pages (see Builder._plan_bodies)


class Stopwatch:
    """Time named stages for `-v`."""

    def __init__(self) -> None:
        self.start = self.mark = time.perf_counter()
        self.stages: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.mark
        self.mark = now


class Builder:
    """Builds one site again and again, redoing only what changed."""

    def __init__(self, root: Path, options: Options | None = None,
                 progress: Progress = SILENT) -> None:
        self.root = root.absolute()
        self.options = options or Options()
        self.progress = progress  # told each stage and its counts (the command's display)
        self.parse_cache = ParseCache()
        self.stamp = ""
        self.config: SiteConfig | None = None
        self.md: MarkdownIt | None = None
        self.env: jinja2.Environment | None = None
        self.shortcodes: Shortcodes | None = None  # renders bodies' shortcodes with `env`
        self._template_problems: list[Problem] | None = None  # check_templates(env), once per env
        self.digests: dict[str, bytes] = {}
        self.views: ViewCache = {}
        self.links: LinkCache = {}
        self.last: Last | None = None
        self.search_note = ""  # why search is off, said once per `briefgen build`
        self.files: ContentFiles | None = None  # the last run's content listing
        # The last good build as the cache has it, for a `briefgen build` that
        # keeps no `last` (see incremental.bodies_only_since); used once.
        self.previous: Previous | None = None

    def current_stamp(self) -> str:
        """See setup.current_stamp: site.yaml, templates, code and options."""
        return current_stamp(self.root, self.options)

    def setup(self) -> SiteConfig:
        """Load config and templates; start afresh when either changed."""
        stamp = self.current_stamp()
        if stamp != self.stamp or self.config is None:
            if self.config is None and stamp == self.stamp:
                self._load(stamp)  # state restored from the cache: keep it
                assert self.config is not None
                return self.config
            self._load(stamp)
            self.parse_cache = ParseCache()
            self.digests = {}
            self.views = {}
            self.links = {}
            self.last = None
        assert self.config is not None
        return self.config

    def _load(self, stamp: str) -> None:
        config, self.search_note = site_config(self.root, self.options)
        self.config = config
        self.md = make_markdown(config.markdown_html)
        self.env = make_environment(self.root)
        self.shortcodes = Shortcodes(self.env)
        self._template_problems = None
        self.stamp = stamp

    def template_problems(self) -> list[Problem]:
        """check_templates for the current environment, run once per environment.

        The environment never reloads a template, and setup makes a new one
        whenever a template file changes, so its problems cannot change
        meanwhile; the check lists both template folders and parses a site's
        own templates again, some 10 ms per preview rebuild for a site that
        overrides the whole theme.
        """
        assert self.env is not None
        if self._template_problems is None:
            self._template_problems = check_templates(self.env)
        return list(self._template_problems)

    def model(self) -> tuple[Site, list[Problem]]:
        """The site model and its warnings, without planning or rendering a page.

        For commands that read the model (the digest); content errors still
        raise SiteErrors, as they would for `build`.
        """
        with gc_paused():
            config = self.setup()
            assert self.md is not None
            assert self.shortcodes is not None
            content = self.shortcodes.expand(load_content(self.root, config, self.md, self.options.drafts,
                                                          self.parse_cache, self.options.jobs,
                                                          schedule=self.options.schedule()))
            site, problems, warnings = assemble(config, content, self.options.jobs, self.links)
            raise_if(problems)
            return site, warnings

    def output(self) -> Path:
        config = self.config or load_config(self.root, reserved=Routes.RESERVED)
        return output_folder(self.root, config, self.options)

    def run(self, have: Callable[[str], bool] = lambda _: True,
            sink: Callable[[str, bytes], None] | None = None,
            pack: Callable[[bytes], bytes] | None = None,
            files: ContentFiles | None = None,
            meanwhile: Callable[[], None] | None = None) -> Build:
        """Build with the cyclic garbage collector paused (see gc_paused).

        With a `sink`, rendered pages go to it (in the worker that rendered
        them) instead of into Build.rendered; Build.rendered then maps each
        rendered file to b"". With `pack`, Build.rendered holds pack(page)
        (the preview keeps pages compressed); if `pack` has a `prime` method,
        it is first given a function that renders one page of each template
        to be rendered, the most common template last, to learn what pages
        look like. `files` is the content listing when the caller has just
        made it (see content_files). `meanwhile` is called while the workers
        render the pages after the items' (the build's last pass), before
        this process takes its share of them.

        A failed run forgets the last good build's plan: planning may already
        have updated the item views it shares for the site it then rejected,
        so the next run plans the whole site rather than patch item bodies
        into a plan that no longer matches them. Page keys stay, so pages
        whose inputs did not change are still not rendered again.
        """
        with gc_paused():
            try:
                return self._run(have, sink, pack, files, meanwhile)
            except BaseException:
                self.last = None
                raise

    def _run(self, have: Callable[[str], bool],
             sink: Callable[[str, bytes], None] | None,
             pack: Callable[[bytes], bytes] | None,
             files: ContentFiles | None = None,
             meanwhile: Callable[[], None] | None = None) -> Build:
        """The steps: read config, read and parse sources, assemble, plan, render.

        Raises SiteErrors with every problem; the remembered state is then left
        as it was, so the next run compares against the last good build.
        """
        reset_build_caches()  # the memo tables hold this build's names and URLs only
        clock = Stopwatch()
        config = self._read_config()
        content = self._read_sources(config, files)
        clock.lap("read+parse")
        assert self.env is not None
        # With nothing rendered before, every page is rendered: its key is then
        # computed by the worker that renders it, not here one page at a time.
        renderer = Renderer(self.env, self.options.jobs, keyed=not self.digests, sink=sink, pack=pack,
                            done=self.progress.advance)
        self.progress.stage("index")
        planned = self._assemble_and_plan(config, content, renderer, clock)
        todo = (planned.candidates[len(renderer.first):] if renderer.keyed
                else to_render(planned.candidates, planned.digests, self.digests, have))
        prime = getattr(pack, "prime", None)
        if prime is not None and todo:
            env = self.env
            prime(lambda: samples(env, todo))
        self.progress.stage("render", len(renderer.first) + len(todo))
        outs = renderer.finish(todo, meanwhile)
        rendered, problems = collect(renderer.first + todo, outs, renderer.keyed, planned.digests)
        raise_if(problems)
        clock.lap("render")
        return self._result(config, content, planned, rendered, clock)

    def _read_config(self) -> SiteConfig:
        """site.yaml and the templates; a broken site.yaml is tried again next run."""
        try:
            return self.setup()
        except BriefgenError:
            self.stamp = ""
            raise

    def _read_sources(self, config: SiteConfig, files: ContentFiles | None) -> Content:
        """The content, from the listing FILES when the caller made one; the listing
        used is kept in `files` (the preview updates it from the watcher's paths)."""
        assert self.md is not None and self.shortcodes is not None
        self.parse_cache.parsed = 0
        self.files = files if files is not None else content_files(self.root, config)
        self.progress.stage("read+parse", sum(len(entries) for kind, entries in self.files.items()
                                              if kind != BUNDLED))
        return self.shortcodes.expand(load_content(self.root, config, self.md, self.options.drafts,
                                                   self.parse_cache, self.options.jobs, self.files,
                                                   self.progress.advance,
                                                   schedule=self.options.schedule()))

    def _assemble_and_plan(self, config: SiteConfig, content: Content, renderer: Renderer,
                           clock: Stopwatch) -> Planned:
        """Assemble the model and plan its pages: patch the last plan when only item
        bodies changed, else plan the whole site (starting the item pages early
        in the workers on a first build). Every problem is raised together."""
        # With no last build to patch, the templates are checked (compiled)
        # while the workers rank related items (see _plan_all), not before.
        checked_later = self.last is None
        problems = [] if checked_later else self.template_problems()
        fast = bodies_only(self.last, content) if not problems else None
        previous, self.previous = self.previous, None
        edited = bodies_only_since(previous, self.parse_cache.entries, content) if fast is None else None
        try:
            if fast is not None:
                planned = self._replan(config, *fast, clock)
            elif edited is not None:
                problems += self.template_problems()
                planned = self._plan_bodies(config, content, edited, problems, clock)
            else:
                planned = self._plan_all(config, content, renderer, problems, checked_later, clock)
            problems += self._bundles(config, content, planned)
            raise_if(problems)
        except BaseException:
            renderer.cancel()  # before the caller removes the tree the workers write into
            raise
        clock.lap("plan")
        return planned

    def _bundles(self, config: SiteConfig, content: Content, planned: Planned) -> list[Problem]:
        """Put the bundles' files of PLANNED's items in `planned.bundled`; the
        problems of those a page is written to as well."""
        planned.bundled = bundle_files(planned.site, Routes(config), content.bundled, self.root)
        pages = ((output_file(job.path), job.source) for job in planned.plan.jobs)
        return bundle_clashes(planned.bundled, pages, self.root)

    def _replan(self, config: SiteConfig, site: Site, changed: list[str], clock: Stopwatch) -> Planned:
        assert self.last is not None
        clock.lap("index")
        self.progress.stage("plan")
        plan, candidates = replan_bodies(site, self.last.plan, changed, Routes(config),
                                         self.views, self.links)
        return Planned(site, plan, self.last.warnings, candidates, dict(self.digests))

    def _plan_bodies(self, config: SiteConfig, content: Content, edited: list[str],
                     problems: list[Problem], clock: Stopwatch) -> Planned:
        """Plan only the pages that show the EDITED bodies: a `briefgen build`
        after edits to item bodies alone. The site is assembled as always (its
        warnings and problems are this build's), but the lists, terms and
        editions are not planned again, nor their keys computed: none of them
        shows a body, so every other page keeps the key the last build gave it."""
        site, found, warnings = assemble(config, content, self.options.jobs, self.links,
                                         stats=False, shown=set(edited))
        problems += found
        clock.lap("index")
        self.progress.stage("plan")
        jobs = plan_bodies(site, edited, Routes(config), self.links)
        return Planned(site, Plan(tuple(jobs), ()), warnings, jobs, dict(self.digests), partial=True)

    def _plan_all(self, config: SiteConfig, content: Content, renderer: Renderer,
                  problems: list[Problem], checked_later: bool, clock: Stopwatch) -> Planned:
        routes = Routes(config)
        cards: Cards = {}

        def make_cards(site: Site) -> None:
            if checked_later:
                problems[:0] = self.template_problems()
            cards.update(item_cards(site, routes, self.views))

        site, found, warnings = assemble(config, content, self.options.jobs, self.links, make_cards)
        problems += found
        clock.lap("index")
        self.progress.stage("plan")
        # The preview's packer first needs samples of every template: no early start.
        early = renderer.keyed and getattr(renderer.pack, "prime", None) is None and self.options.jobs > 1
        plan = plan_site(site, routes, self.views, self.links, self.options.jobs,
                         renderer.start_early if early and not problems else None, cards,
                         preview=self.options.local)
        problems += plan.problems
        candidates = list(plan.jobs)
        assert candidates[:len(renderer.first)] == renderer.first
        return Planned(site, plan, warnings, candidates, {})

    def _result(self, config: SiteConfig, content: Content, planned: Planned,
                rendered: dict[str, bytes], clock: Stopwatch) -> Build:
        """The run's Build, remembered as the last good one."""
        site = planned.site
        static = {**static_files(self.root), **planned.bundled}
        build = Build(config=config, output=self.output(), digests=planned.digests,
                      rendered=rendered, static=static, bundled=tuple(planned.bundled),
                      removed=set(self.digests) - set(planned.digests),
                      articles=len(site.articles),
                      terms={n: len(t.terms) for n, t in site.taxonomies.items()},
                      warnings=planned.warnings, site=site,
                      held=content.held, next_change=content.next_change, partial=planned.partial,
                      notices=[n for records in (content.articles, content.pages, content.profiles)
                               for record in records for n in record.notices])
        build.notices += broken_links(site, Routes(config), known_files(content.bundled, static).__contains__,
                                      lambda file: file in planned.digests or file in static)
        self.digests = planned.digests
        # A partial plan cannot be patched by the next run: it plans anew.
        self.last = None if planned.partial else Last(content, site, planned.plan, planned.warnings)
        build.timings = clock.stages
        build.seconds = time.perf_counter() - clock.start
        return build
