"""The memo tables of per-site values are emptied as a build starts."""

from __future__ import annotations

from briefgen.build.memo import _PER_BUILD, reset_build_caches
from briefgen.core.slugs import make_slug
from briefgen.core.urls import is_http_url
from briefgen.site.taxonomy import normalise


def test_reset_build_caches_forgets_every_per_site_value() -> None:
    make_slug("Sergei Lavrov")
    normalise("Sergei  Lavrov")
    is_http_url("https://example.org/")
    assert make_slug.cache_info().currsize and normalise.cache_info().currsize
    reset_build_caches()
    assert [t.cache_info().currsize for t in _PER_BUILD] == [0] * len(_PER_BUILD)


def test_values_are_the_same_after_a_reset() -> None:
    before = make_slug("Мария Захарова")
    reset_build_caches()
    assert make_slug("Мария Захарова") == before
