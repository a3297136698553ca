"""A build with nothing to do, answered without the build's machinery.

Most builds of a large site that is already built change nothing (a CI
step run again, an editor building twice). Such a build only has to read
site.yaml, sign the templates and the content files, and compare them with
what the last build recorded; importing the Markdown renderer, Jinja and the
site model for it cost more than all that work. So `briefgen build` asks
`unchanged_build` first, which imports none of them, and imports the full
pipeline only when the answer is "something changed". The full pipeline asks
the same question the same way (`unchanged_since`), so the two cannot
disagree.
"""

from __future__ import annotations

import gc
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..core.signature import signature
from ..source.config import SiteConfig
from ..source.listing import ContentFiles, content_files
from .cache import Meta, StateStore, static_signatures
from .files import static_files
from .place import MARKER, check_output_place
from .result import Build, Options
from .setup import current_stamp, output_folder, site_config
from .stamp import unchanged

log = logging.getLogger(__name__)


class Check(NamedTuple):
    """What unchanged_build found: the last build's summary when nothing
    changed, else None; and the content listing it made to find out (None
    when it made none), which the build that follows takes rather than list
    and sign every content file again."""

    build: Build | None
    files: ContentFiles | None = None


def unchanged_build(root: Path, options: Options) -> Check:
    """The last build's summary when no input changed since it into the same
    output, else none: the caller then builds (and says the search note then)."""
    start = time.perf_counter()
    gc.disable()  # tens of thousands of signatures, none of them garbage
    try:
        result = _unchanged_build(root, options)
    finally:
        gc.enable()
    if result.build is not None:
        result.build.seconds = time.perf_counter() - start
    return result


def _unchanged_build(root: Path, options: Options) -> Check:
    root = root.absolute()
    stamp = current_stamp(root, options)
    config, note = site_config(root, options)
    out = output_folder(root, config, options)
    check_output_place(root, out)
    store = StateStore(root, out)
    with store.locked():
        meta = store.load_meta()
        if meta is None or not trusted(meta, stamp, out):
            return Check(None)
        files = content_files(root, config)
        result = unchanged_since(meta, root, config, out, files, options.now)
    if result is None:
        return Check(None, files)
    if note:
        log.log(logging.WARNING if note.startswith("warning") else logging.INFO, "%s", note)
    return Check(result, files)


def trusted(meta: Meta, stamp: str, out: Path) -> bool:
    """Whether META was written by a build like this one into the output as it is now."""
    return meta.stamp == stamp and meta.marker == signature(str(out / MARKER))


def unchanged_since(meta: Meta, root: Path, config: SiteConfig, out: Path,
                    files: ContentFiles, now: datetime) -> Build | None:
    """The last build's summary if no content or static file changed since META,
    and NOW is before the moment an item of it is released or expires; else None."""
    if meta.next_change is not None and now >= meta.next_change:
        return None
    signatures = {p: sig for entries in files.values() for p, sig in entries}
    static = static_files(root)
    bundled = set(meta.bundled)  # signed among the content files
    seen = {rel: sig for rel, sig in meta.static.items() if rel not in bundled}
    if not unchanged(meta.files, signatures, seen, static_signatures(static)):
        return None
    return Build(config=config, output=out, digests={}, rendered={},
                 static=static, removed=set(), articles=meta.articles, terms=meta.terms,
                 pages_total=meta.pages, held=meta.held, next_change=meta.next_change)
