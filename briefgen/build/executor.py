"""How the render step runs: pages over worker processes, overlapping planning.

The steps of a build are plain functions; this module decides how the
rendering of their pages is spread over processes, and in what order, so
that none of the steps has to. A first build starts rendering item pages in
the workers while this process plans the rest of the site (`start_early`);
the other pages are then rendered largest last-first, so that no process is
left alone with the archive and the feeds at the very end (`finish`).

With one job (or the reference paths, see core.parallel) everything runs in
this process, in order, with the same results.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import jinja2

from ..core.errors import BriefgenError, Problem
from ..core.parallel import Pending, start_map
from ..core.paths import output_file
from ..render.jinja import render
from ..render.plan import Job
from .incremental import page_key

log = logging.getLogger(__name__)

Rendered = tuple[bytes, bytes] | Problem  # (page key or b"", page or b"") or what failed


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


@dataclass
class Renderer:
    """Renders jobs with ENV over JOBS processes.

    KEYED: compute each page's key in the worker that renders it (a first
    build, where every page is rendered). SINK: where a worker puts each
    page it rendered (the output tree), else pages come back (packed by
    PACK, for the preview's memory). DONE: told how many more pages are
    rendered, from when `finish` is called (the render stage's start).
    """

    env: jinja2.Environment
    jobs: int
    keyed: bool
    sink: Callable[[str, bytes], None] | None = None
    pack: Callable[[bytes], bytes] | None = None
    first: list[Job] = field(default_factory=list)
    done: Callable[[int], None] | None = None
    _early: Pending[Rendered] | None = None
    _held: int | None = 0  # early pages rendered before `finish` (None: finish was called)

    def render_one(self, job: Job) -> Rendered:
        """(page key or b"", the page or b"" when it went to the sink)."""
        try:
            key = page_key(job.template, job.context) if self.keyed else b""
            data = render(self.env, job.template, job.context)
            if self.sink is None:
                return key, data if self.pack is None else self.pack(data)
            self.sink(output_file(job.path), data)
            return key, b""
        except BriefgenError as exc:
            log.debug("while rendering /%s", job.path, exc_info=exc.__cause__)
            return exc.problem

    def start_early(self, jobs: list[Job]) -> None:
        """Start rendering JOBS (the item pages) while this process plans the rest."""
        self.first[:] = jobs
        self._early = start_map(self.render_one, jobs, self.jobs, self._rendered)

    def _rendered(self, count: int) -> None:
        """Pass COUNT on to `done`, holding it while the plan stage still runs
        (early pages rendered in this process, as they are for a small site)."""
        if self._held is not None:
            self._held += count
        elif self.done is not None:
            self.done(count)

    def cancel(self) -> None:
        """Stop early work: the build failed before the caller wrote anything."""
        if self._early is not None:
            self._early.cancel()

    def finish(self, todo: list[Job], meanwhile: Callable[[], None] | None) -> list[Rendered]:
        """Render TODO too, calling MEANWHILE while the workers run; the results
        of the early jobs, then of TODO, in order.

        This process takes its share of the item pages, then of the other
        pages. Those are rendered last first: the plan ends with the largest
        pages (the archive, the feeds, the sitemap), which would otherwise
        keep one process busy at the very end while the others wait.
        """
        held, self._held = self._held or 0, None
        if held:
            self._rendered(held)
        outs = self._early.results() if self._early is not None else []
        rest = start_map(self.render_one, todo[::-1], self.jobs, self._rendered)
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                rest.cancel()
                raise
        return outs + rest.results()[::-1]


def collect(jobs: list[Job], outs: list[Rendered], keyed: bool,
            digests: dict[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
    """The rendered pages by output file, and one problem per template mistake.

    Page keys computed by the workers (KEYED) are added to DIGESTS.
    """
    rendered: dict[str, bytes] = {}
    failed: dict[Problem, list[Job]] = {}  # one template error -> the pages it broke
    for job, out in zip(jobs, outs, strict=True):
        if isinstance(out, Problem):
            failed.setdefault(out, []).append(job)
            continue
        file = output_file(job.path)
        if keyed:
            digests[file] = out[0]
        rendered[file] = out[1]
    return rendered, [_render_problem(p, broken) for p, broken in failed.items()]


def _render_problem(problem: Problem, jobs: list[Job]) -> Problem:
    """A template error with the first page it broke and how many more: one line
    per mistake, not one per page (a mistake in base.html breaks them all)."""
    job = jobs[0]
    what = f"/{job.path} for {job.source}" if job.source else f"/{job.path}"
    if len(jobs) > 1:
        what += f", and {len(jobs) - 1} more page{'s' if len(jobs) > 2 else ''}"
    return replace(problem, message=f"{problem.message} (rendering {what})")


def samples(env: jinja2.Environment, jobs: list[Job]) -> list[bytes]:
    """One rendered page per template among JOBS, the most used template last;
    a template that fails here is left for its pages to report."""
    first: dict[str, Job] = {}
    count: dict[str, int] = {}
    for job in jobs:
        first.setdefault(job.template, job)
        count[job.template] = count.get(job.template, 0) + 1
    rendered = []
    for template in sorted(first, key=lambda t: (count[t], t)):
        try:
            rendered.append(render(env, template, first[template].context))
        except BriefgenError:
            continue
    return rendered
