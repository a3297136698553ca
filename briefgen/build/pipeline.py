"""The build: the short list of steps from a site folder to its pages.

load config -> read content -> build the model -> index terms -> plan pages ->
render -> write. `Builder` strings them together and remembers parsed files
and page digests, so a second run (the preview server, a warm build) parses
only changed files and renders only pages whose digest changed.
"""

from __future__ import annotations

import errno
import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from .. import __version__
from ..core.errors import BriefgenError, OutputError, Problem, raise_if
from ..core.hashing import digest
from ..core.parallel import Pending, start_map
from ..core.paths import output_file
from ..core.signature import Signature, signature
from ..render.jinja import TEMPLATES, THEME, check_templates, make_environment, render
from ..render.plan import Cards, Job, Plan, ViewCache, item_cards, plan_site, replan_bodies
from ..render.routes import Routes
from ..render.views import LinkCache, needs_links, store_links
from ..site.autolink import Edits, Linker
from ..site.insights import linked_taxonomies, start_related, term_stats
from ..site.model import Site
from ..site.taxonomy import build_terms, names_to_terms
from ..source.config import CONFIG_FILE, SiteConfig, load_config
from ..source.content import CONTENT, Content, ContentFiles, content_files, load_content
from ..source.inputs import SiteFolder, unreadable
from ..source.markdown import make_markdown
from ..source.parse_cache import ParseCache
from ..source.records import Article
from .cache import Meta, StateStore, static_signatures
from .incremental import page_key
from .output import MARKER, OutputTree, check_output_place
from .search import BUNDLE, index_site, search_available, search_scope, search_stamp, why_unavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """How to build: what the command line can change."""

    drafts: bool = False
    base_url: str | None = None
    output: Path | None = None
    local: bool = False  # serve at '/' whatever base_url's path is (the preview server)
    jobs: int = 1  # processes that parse and render, this one among them


@dataclass
class Build:
    """One run's result: every output file's digest and the bytes that changed."""

    config: SiteConfig
    output: Path
    digests: dict[str, bytes]  # output file -> page key (see cache.page_key), every page
    rendered: dict[str, bytes]  # output file -> bytes, only pages rendered this run
    static: dict[str, Path]  # output file -> source file, copied verbatim
    removed: set[str]  # output files the previous run had and this one does not
    articles: int = 0
    terms: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    written: int = 0
    pages_total: int | None = None  # when known without digests (nothing changed)
    site: Site | None = None  # the model this run built, for commands that read it

    @property
    def pages(self) -> int:
        return self.pages_total if self.pages_total is not None else len(self.digests)


@dataclass(frozen=True)
class Last:
    """The last good run, for the fast path of body-only edits."""

    content: Content
    site: Site
    plan: Plan
    warnings: list[Problem]


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class Stopwatch:
    """Time named stages for `-v`."""

    def __init__(self) -> None:
        self.start = self.mark = time.perf_counter()
        self.stages: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.mark
        self.mark = now


def assemble(config: SiteConfig, content: Content, jobs: int = 1,
             links: LinkCache | None = None,
             meanwhile: Callable[[Site], None] | None = None,
             ) -> tuple[Site, list[Problem], list[Problem]]:
    """Build the Site model from parsed content: sort, index terms, check pages.

    Related items and the entity links of bodies missing from `links` are
    found in one pass over the workers, while this process counts term stats
    and then calls `meanwhile` with the site as it is so far (terms indexed;
    no related items, stats or links yet), for other work to fill the wait.
    """
    articles = tuple(sorted(content.articles, key=lambda a: a.sort_key()))
    terms = build_terms(config.taxonomies, articles, content.profiles)
    problems = list(content.problems) + list(terms.problems)
    pages = []
    for page in content.pages:
        if page.slug in Routes.RESERVED:
            problems.append(Problem(f"slug: {page.slug!r} is reserved for briefgen's own pages",
                                    page.key, page.line))
        else:
            pages.append(page)
    site = Site(
        config=config,
        articles=articles,
        by_key={a.key: a for a in articles},
        taxonomies=terms.taxonomies,
        pages=tuple(sorted(pages, key=lambda p: p.key)),
        article_terms=terms.article_terms,
    )
    site = replace(site, linker=make_linker(site, Routes(config)))
    links = {} if links is None else links
    linker = site.linker

    def find_links(article: Article) -> Edits | None:
        return linker.edits(article.body_html) if needs_links(site, article, links) else None

    pending = start_related(site, config.related_limit, jobs,
                            find_links if linker is not None else None)
    site = replace(site, stats=term_stats(site))
    if meanwhile is not None:
        meanwhile(site)
    related, found = pending()
    if found:  # none when autolink is off
        store_links(site, links, ((a, e) for a, e in zip(articles, found, strict=True)
                                  if e is not None))
    return replace(site, related=related), problems, list(terms.warnings)


def make_linker(site: Site, routes: Routes) -> Linker | None:
    """The entity linker over every name and alias of people and topics."""
    if not site.config.autolink:
        return None
    names: dict[str, str] = {}
    for name in linked_taxonomies(site):
        for spelling, term in names_to_terms(site.taxonomies[name]).items():
            names.setdefault(spelling, routes.url(routes.term(term)))  # first taxonomy wins
    return Linker.build(names)


def static_files(root: Path) -> dict[str, Path]:
    """Files copied verbatim: theme static, then the site's (overriding), then media.

    Listed by the rules of every input folder (inputs.py), so neither a build
    nor the preview server can publish a file from elsewhere on the machine:
    a link out of the site, a file or folder that cannot be read, or a
    `content/media` that is a file are errors, all raised together. Each file
    is checked for reading here because `check` never copies it.
    """
    site = SiteFolder(root)
    sources = [(SiteFolder(THEME), "static", Routes.STATIC),
               (site, f"{TEMPLATES}/static", Routes.STATIC), (site, f"{CONTENT}/media", Routes.MEDIA)]
    chosen: dict[str, Path] = {}
    inputs: dict[str, Path] = {}  # the site's files by site path, to check they can be read
    problems: list[Problem] = []
    for folder, rel, prefix in sources:
        listing = folder.list_files(rel)
        problems += listing.problems.values()
        for path, entry in listing.files:
            chosen[prefix + path[len(rel) + 1:]] = Path(entry.path)
            if folder is site:
                inputs[path] = Path(entry.path)
    raise_if(problems + unreadable(inputs))
    return dict(sorted(chosen.items()))


def template_files(root: Path) -> list[Path]:
    """Every file whose change means every page may change: site.yaml and the
    templates outside templates/static/, with the paths their listing refused
    (see inputs.py), so that such a path appearing or going is a change too."""
    files = [root / CONFIG_FILE]
    for base in (root, THEME):
        listing = SiteFolder(base).list_files(TEMPLATES, ignore=())
        static = f"{TEMPLATES}/static/"
        files += sorted(base / path for path in [*(p for p, _ in listing.files), *listing.problems]
                        if not path.startswith(static))
    return files


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the length of a build.

    A build makes millions of small objects and almost no cycles; with the
    collector on, its passes over the growing heap cost a third of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_CODE = sorted(Path(__file__).parent.parent.rglob("*.py"))  # briefgen's own modules


class Builder:
    """Builds one site again and again, redoing only what changed."""

    def __init__(self, root: Path, options: Options | None = None) -> None:
        self.root = root.absolute()
        self.options = options or Options()
        self.parse_cache = ParseCache()
        self.stamp = ""
        self.config: SiteConfig | None = None
        self.md: MarkdownIt | None = None
        self.env: jinja2.Environment | None = None
        self._template_problems: list[Problem] | None = None  # check_templates(env), once per env
        self.digests: dict[str, bytes] = {}
        self.views: ViewCache = {}
        self.links: LinkCache = {}
        self.last: Last | None = None
        self.search_note = ""  # why search is off, said once per `briefgen build`

    def current_stamp(self) -> str:
        """A digest of everything that can change every page: briefgen itself
        (its version and its code files, so a changed checkout or reinstall
        never reads a cache the old code wrote), site.yaml, the templates, the
        theme and the build options."""
        files = [(str(p), signature(str(p))) for p in (*template_files(self.root), *_CODE)]
        return digest(repr((__version__, files, self.options.drafts, self.options.base_url,
                            self.options.local, search_stamp())))

    def _setup(self) -> SiteConfig:
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
        config = load_config(self.root, reserved=Routes.RESERVED)
        if self.options.base_url is not None:
            config = config.with_base_url(self.options.base_url)
        if self.options.local:
            config = config.with_base_url(config.absolute_base + "/")
        config, self.search_note = _search_config(config)
        self.config = config
        self.md = make_markdown(config.markdown_html)
        self.env = make_environment(self.root)
        self._template_problems = None
        self.stamp = stamp

    def template_problems(self) -> list[Problem]:
        """check_templates for the current environment, run once per environment.

        The environment never reloads a template, and _setup makes a new one
        whenever a template file changes, so its problems cannot change
        meanwhile; the check lists both template folders and parses a site's
        own templates again, some 10 ms per preview rebuild for a site that
        overrides the whole theme.
        """
        assert self.env is not None
        if self._template_problems is None:
            self._template_problems = check_templates(self.env)
        return list(self._template_problems)

    def _bodies_only(self, content: Content) -> tuple[Site, list[str]] | None:
        """The new Site and the changed items' keys, when the only change since
        the last good run is in item bodies (an editor's most common save)."""
        last = self.last
        if last is None or content.problems or last.content.problems:
            return None
        if not (_same(content.profiles, last.content.profiles)
                and _same(content.pages, last.content.pages)
                and len(content.articles) == len(last.site.articles)):
            return None
        old = last.site.by_key
        changed = []
        for article in content.articles:
            before = old.get(article.key)
            if before is None or before.card_fp != article.card_fp or not before.card_fp:
                return None
            if before is not article:
                changed.append(article.key)
        by_key = {a.key: a for a in content.articles}
        site = replace(last.site, articles=tuple(by_key[a.key] for a in last.site.articles),
                       by_key=by_key)
        return site, changed

    def model(self) -> tuple[Site, list[Problem]]:
        """The site model and its warnings, without planning or rendering a page.

        For commands that read the model (the digest); content errors still
        raise SiteErrors, as they would for `build`.
        """
        with gc_paused():
            config = self._setup()
            assert self.md is not None
            content = load_content(self.root, config, self.md, self.options.drafts,
                                   self.parse_cache, self.options.jobs)
            site, problems, warnings = assemble(config, content, self.options.jobs, self.links)
            raise_if(problems)
            return site, warnings

    def output(self) -> Path:
        config = self.config or load_config(self.root, reserved=Routes.RESERVED)
        out = self.options.output if self.options.output is not None else self.root / config.output_dir
        return out.absolute()

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
        """Build; render pages whose digest changed or that `have` says are missing.

        Raises SiteErrors with every problem; the remembered state is then left
        as it was, so the next run compares against the last good build.
        """
        clock = Stopwatch()
        try:
            config = self._setup()
        except BriefgenError:
            self.stamp = ""
            raise
        assert self.md is not None and self.env is not None
        self.parse_cache.parsed = 0
        content = load_content(self.root, config, self.md, self.options.drafts, self.parse_cache,
                               self.options.jobs, files)
        clock.lap("read+parse")
        # With nothing rendered before, every page is rendered: its key is then
        # computed by the worker that renders it, not here one page at a time.
        keyed_later = not self.digests
        env = self.env
        prime = getattr(pack, "prime", None)

        def render_one(job: Job) -> tuple[bytes, bytes] | Problem:
            """(page key or b"", the page or b"" when it went to `sink`)."""
            try:
                key = page_key(job.template, job.context) if keyed_later else b""
                data = render(env, job.template, job.context)
                if sink is None:
                    return key, data if pack is None else pack(data)
                sink(output_file(job.path), data)
                return key, b""
            except BriefgenError as exc:
                log.debug("while rendering /%s", job.path, exc_info=exc.__cause__)
                return exc.problem

        # A first build over workers renders the item pages while this process
        # plans the rest (the serve packer first needs samples of every template).
        first: list[Job] = []
        first_out: Pending[tuple[bytes, bytes] | Problem] | None = None

        def start_items(jobs: list[Job]) -> None:
            nonlocal first_out
            first[:] = jobs
            first_out = start_map(render_one, jobs, self.options.jobs)

        early = keyed_later and prime is None and self.options.jobs > 1
        try:
            # With no last build to patch, the templates are checked (compiled)
            # while the workers rank related items (see make_cards), not before.
            checked_later = self.last is None
            problems = [] if checked_later else self.template_problems()
            fast = self._bodies_only(content) if not problems else None
            if fast is not None:
                site, changed = fast
                assert self.last is not None
                warnings = self.last.warnings
                clock.lap("index")
                plan, candidates = replan_bodies(site, self.last.plan, changed, Routes(config),
                                                 self.views, self.links)
                digests = dict(self.digests)
            else:
                routes = Routes(config)
                cards: Cards = {}

                def make_cards(site: Site) -> None:
                    if checked_later:
                        problems[:0] = self.template_problems()
                    cards.update(item_cards(site, routes, self.views))

                site, found, warnings = assemble(config, content, self.options.jobs, self.links,
                                                 make_cards)
                problems += found
                clock.lap("index")
                plan = plan_site(site, routes, self.views, self.links, self.options.jobs,
                                 start_items if early and not problems else None, cards,
                                 preview=self.options.local)
                problems += plan.problems
                candidates, digests = list(plan.jobs), {}
            raise_if(problems)
        except BaseException:
            if first_out is not None:
                first_out.cancel()  # before the caller removes the tree they write into
            raise
        clock.lap("plan")
        todo: list[Job] = []
        if keyed_later:
            assert candidates[:len(first)] == first
            todo = candidates[len(first):]
        else:
            for job in candidates:
                file = output_file(job.path)
                digests[file] = page_key(job.template, job.context)
                if digests[file] != self.digests.get(file) or not have(file):
                    todo.append(job)
        if prime is not None and todo:
            prime(lambda: _samples(env, todo))

        # This process takes its share of the item pages, then of the other pages.
        # Those are rendered last first: the plan ends with the largest pages (the
        # archive, the feeds, the sitemap), which would otherwise keep one process
        # busy at the very end while the others wait.
        outs = first_out.results() if first_out is not None else []
        rest = start_map(render_one, todo[::-1], self.options.jobs)
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                rest.cancel()
                raise
        outs += rest.results()[::-1]
        rendered: dict[str, bytes] = {}
        failed: dict[Problem, list[Job]] = {}  # one template error -> the pages it broke
        for job, out in zip(first + todo, outs, strict=True):
            if isinstance(out, Problem):
                failed.setdefault(out, []).append(job)
            else:
                file = output_file(job.path)
                if keyed_later:
                    digests[file] = out[0]
                rendered[file] = out[1]
        raise_if(problems + [_render_problem(p, jobs) for p, jobs in failed.items()])
        clock.lap("render")
        build = Build(
            config=config,
            output=self.output(),
            digests=digests,
            rendered=rendered,
            static=static_files(self.root),
            removed=set(self.digests) - set(digests),
            articles=len(site.articles),
            terms={n: len(t.terms) for n, t in site.taxonomies.items()},
            warnings=warnings,
            site=site,
        )
        self.digests = digests
        self.last = Last(content, site, plan, warnings)
        build.timings = clock.stages
        build.seconds = time.perf_counter() - clock.start
        return build


def _render_problem(problem: Problem, jobs: list[Job]) -> Problem:
    """A template error with the first page it broke and how many more: one line
    per mistake, not one per page (a mistake in base.html breaks them all)."""
    job = jobs[0]
    what = f"/{job.path} for {job.source}" if job.source else f"/{job.path}"
    if len(jobs) > 1:
        what += f", and {len(jobs) - 1} more page{'s' if len(jobs) > 2 else ''}"
    return replace(problem, message=f"{problem.message} (rendering {what})")


def _samples(env: jinja2.Environment, jobs: list[Job]) -> list[bytes]:
    """One rendered page per template among JOBS, the most used template last;
    a template that fails here is left for its pages to report."""
    first: dict[str, Job] = {}
    count: dict[str, int] = {}
    for job in jobs:
        first.setdefault(job.template, job)
        count[job.template] = count.get(job.template, 0) + 1
    samples = []
    for template in sorted(first, key=lambda t: (count[t], t)):
        try:
            samples.append(render(env, template, first[template].context))
        except BriefgenError:
            continue
    return samples


def build_site(root: Path, *, output: Path | None = None, drafts: bool = False,
               base_url: str | None = None, write: bool = True, jobs: int = 1,
               use_cache: bool = True) -> Build:
    """Build the site at ROOT into its output folder (or only check it).

    With a cache from the last build into the same folder, only changed files
    are parsed, only pages whose inputs changed are rendered, and only files
    whose bytes changed are replaced; with nothing changed nothing is written.
    Without one, the whole site is written into a new folder that replaces
    the output only when complete.
    """
    builder = Builder(root, Options(drafts=drafts, base_url=base_url, output=output, jobs=jobs))
    with gc_paused():
        if not write:
            return builder.run()
        started = time.perf_counter()
        builder._setup()
        if builder.search_note:
            log.log(logging.WARNING if builder.search_note.startswith("warning") else logging.INFO,
                    "%s", builder.search_note)
        out = builder.output()
        check_output_place(builder.root, out)
        store = StateStore(builder.root, out)
        with store.locked():
            try:
                result = _build_into(builder, store, out, use_cache)
            except OSError as exc:
                if exc.errno in _NO_ROOM:
                    raise OutputError(f"cannot write the output {out}: {exc.strerror}; "
                                      "it was left as it was") from exc
                raise
        result.seconds = time.perf_counter() - started
        return result


def _build_into(builder: Builder, store: StateStore, out: Path, use_cache: bool) -> Build:
    """Update OUT from its cache when it can, else write it afresh (output locked)."""
    meta = store.load_meta() if use_cache else None
    marker = signature(str(out / MARKER))
    if meta is not None and meta.stamp == builder.stamp and meta.marker == marker:
        assert builder.config is not None
        files = content_files(builder.root, builder.config)  # listed once for both steps
        result = _unchanged(builder, meta, files)
        data = store.load_data(meta) if result is None else None
        if data is not None:
            result = _update(builder, store, meta, data, out, files)
        if result is not None:
            return result
    return _fresh(builder, store, out)


def _unchanged(builder: Builder, meta: Meta, files: ContentFiles) -> Build | None:
    """The last build's summary if no input changed since, else None."""
    assert builder.config is not None
    signatures = {p: sig for entries in files.values() for p, sig in entries}
    static = static_files(builder.root)
    if signatures != meta.files or static_signatures(static) != meta.static:
        return None
    return Build(config=builder.config, output=builder.output(), digests={}, rendered={},
                 static=static, removed=set(), articles=meta.articles, terms=meta.terms,
                 pages_total=meta.pages)


def _fresh(builder: Builder, store: StateStore, out: Path) -> Build:
    """Write every file into a new tree beside the output, then swap it in."""
    store.forget()
    tree = OutputTree(out)
    try:
        # The cache's bulk (parsed files, links) is written while the last pages render.
        build = builder.run(sink=tree.write, meanwhile=lambda: store.stage(_cache_bulk(builder)))
        start = time.perf_counter()
        signed = static_signatures(build.static)  # before copying: see _finish
        pages_written = tree.new_files(list(build.rendered))
        _complete(builder, build, tree, out, reindex=True)
    except BaseException:
        tree.abort()
        store.unstage()
        raise
    build.written += pages_written
    _finish(builder, store, build, out, start, signed)
    return build


def _update(builder: Builder, store: StateStore, meta: Meta, data: dict[str, Any],
            out: Path, files: ContentFiles) -> Build:
    """Render only what changed, then swap in a new tree that links the rest.

    The new tree is written beside the output and swapped in as a first
    build's is, search index included, so an interrupted or failed update
    leaves the output exactly as it was. Unchanged files are hard links to
    the old output's, which keeps their dates and costs no copy.
    """
    builder.parse_cache.entries = data["parse"]
    builder.digests = data["digests"]
    builder.links = data.get("links", {})
    build = builder.run(have=lambda rel: (out / rel).is_file(), files=files)
    start = time.perf_counter()
    signed = static_signatures(build.static)  # before copying: see _finish
    changed_static = any(meta.static.get(rel) != sig for rel, sig in signed.items())
    if not (build.rendered or build.removed or changed_static or set(meta.static) - set(signed)):
        build.timings["write"] = time.perf_counter() - start
        return build
    store.forget()  # an interrupted update must not be trusted next time
    tree = OutputTree(out)
    try:
        for rel in build.digests:
            page = build.rendered.get(rel)
            if page is None:
                tree.keep(rel)
            else:
                tree.write(rel, page)
        build.written = len(tree.written)
        html = any(rel.endswith(".html") for rel in (*build.rendered, *build.removed))
        _complete(builder, build, tree, out, reindex=html)
    except BaseException:
        tree.abort()
        raise
    _finish(builder, store, build, out, start, signed)
    return build


def _complete(builder: Builder, build: Build, tree: OutputTree, out: Path, reindex: bool) -> None:
    """Copy the static files into TREE, index it for search, and swap it in.

    Pagefind indexes the new tree before the swap, so a failure keeps the
    old output; without REINDEX (no page changed) the old bundle is kept.
    Adds the static and search files written to build.written.
    """
    before = len(tree.written)
    for rel, source in build.static.items():
        tree.copy(rel, source)
    assert builder.config is not None
    indexed = 0
    if reindex:
        indexed = _index(builder, build, tree.tmp, out)
    elif builder.config.search and (out / BUNDLE).is_dir():
        tree.keep_folder(BUNDLE)
    tree.commit()
    build.written += len(tree.written) - before + indexed


def _search_config(config: SiteConfig) -> tuple[SiteConfig, str]:
    """The config with search as it will be (off without Pagefind), and why it is off."""
    note = "search is off (search: false in site.yaml)" if not config.search else ""
    if config.search and not search_available():
        config = replace(config, search=False)
        note = f"warning: search is off: {why_unavailable()}"
    return config, note


def _index(builder: Builder, build: Build, folder: Path, previous: Path) -> int:
    """Index FOLDER with Pagefind when the site has search on; the files it wrote."""
    assert builder.config is not None
    if not builder.config.search:
        return 0
    routes, site = Routes(builder.config), build.site
    items = [output_file(routes.article(a)) for a in site.articles] if site else []
    indexed = index_site(folder, previous, search_scope(builder.root / TEMPLATES, folder, items))
    build.timings["search"] = indexed.seconds
    log.debug("search: Pagefind indexed %d pages into %s/ (%d files written) in %.2f s",
              indexed.pages, BUNDLE, indexed.written, indexed.seconds)
    return indexed.written


def _finish(builder: Builder, store: StateStore, build: Build, out: Path, start: float,
            static: dict[str, Signature]) -> None:
    """Record timings and save what the next build needs to skip work.

    STATIC: the static files' signatures taken before they were copied. Taken
    after, a file saved in between (while Pagefind indexes, say) would be
    recorded as copied, and no later build would copy it again.
    """
    assert builder.config is not None
    build.timings["write"] = time.perf_counter() - start
    builder.last, builder.views, build.site = None, {}, None  # a one-shot build needs them no more
    meta = Meta(stamp=builder.stamp, files=builder.parse_cache.signatures(),
                static=static,
                marker=signature(str(out / MARKER)), pages=build.pages,
                articles=build.articles, terms=build.terms)
    try:
        store.save(meta, {**_cache_bulk(builder), "digests": builder.digests})
    except OSError as exc:  # the output is in place: the next build is only slower
        store.unstage()
        log.warning("warning: could not save the cache in %s (%s); the next build starts afresh",
                    store.folder, exc.strerror or exc)


_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})  # a write failed for want of space


def _cache_bulk(builder: Builder) -> dict[str, Any]:
    """What the cache keeps that is known before pages render: parsed files, links."""
    return {"parse": builder.parse_cache.entries, "links": builder.links}
