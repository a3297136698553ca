"""The process-wide memo tables of per-site values, and the one function that empties them.

Every page asks about the same few thousand names, slugs and URLs (its items'
people, topics and sources), so the functions that normalise, slugify and
check them remember their answers in `functools.lru_cache` tables: passing a
table down to their fifty-odd callers, across five packages, would thread a
build object through code that has no other use for it.
A table outlives the build that filled it, though, and a long `serve` session
would keep the names and URLs of every version of the site it has seen. The
build empties them all with `reset_build_caches()` as it starts, so that each
holds one build's values at most.

Tables that stay across builds on purpose (a class's field names, the time
zones, the C library, chart arithmetic on small numbers) say why where they
are defined.
"""

from __future__ import annotations

from ..core.slugs import make_slug
from ..core.urls import is_http_url, valid_host
from ..render.jsonld import _named, absolute_url, origin
from ..site.taxonomy import normalise
from .search_bundle import _program_bytes

# Each is a functools.lru_cache or functools.cache wrapper: a pure function of
# a site's text (or of a file that may change meanwhile), remembered.
_PER_BUILD = (normalise, make_slug, is_http_url, valid_host, origin, absolute_url, _named,
              _program_bytes)


def reset_build_caches() -> None:
    """Forget every per-site value the memo tables hold: call as a build starts."""
    for table in _PER_BUILD:
        table.cache_clear()
