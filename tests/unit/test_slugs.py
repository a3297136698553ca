"""Slugs: readable ASCII from any script, never empty."""

from __future__ import annotations

import re
import sys
import types

import pytest

from briefgen.core.slugs import MAX_LENGTH, is_valid_slug, make_slug, short_hash


@pytest.mark.parametrize(("text", "slug"), [
    ("Sergei Lavrov", "sergei-lavrov"),
    ("Мария Захарова", "mariia-zakharova"),
    ("Zürich", "zurich"),
    ("Ελλάδα", "ellada"),
    ("NATO–Russia Council", "nato-russia-council"),
    ("  Security   guarantees! ", "security-guarantees"),
])
def test_slugs_are_transliterated_ascii(text: str, slug: str) -> None:
    assert make_slug(text) == slug


def test_chinese_is_transliterated_not_dropped() -> None:
    slug = make_slug("习近平")
    assert slug and slug.isascii() and is_valid_slug(slug)


@pytest.mark.parametrize("text", ["🙂", "---", "", "!!!", "。"])
def test_slug_is_never_empty_or_a_bare_dash(text: str) -> None:
    slug = make_slug(text)
    assert slug not in ("", "-")
    assert is_valid_slug(slug)


def test_unsluggable_text_is_stable_and_distinct() -> None:
    assert make_slug("🙂") == make_slug("🙂")
    assert make_slug("🙂") != make_slug("🙃")


def test_fallback_is_used_when_the_text_gives_nothing() -> None:
    assert make_slug("🙂", "my-file") == "my-file"
    assert make_slug("Real Title", "my-file") == "real-title"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    slug = make_slug("word " * 40)
    assert len(slug) <= MAX_LENGTH
    assert re.fullmatch(r"word(-word)*", slug)


def test_short_hash_is_eight_stable_hex_digits() -> None:
    assert short_hash("nato") == short_hash("nato")
    assert re.fullmatch(r"[0-9a-f]{8}", short_hash("nato"))
    assert short_hash("nato") != short_hash("Nato")


@pytest.mark.parametrize(("slug", "ok"), [
    ("lavrov", True), ("a", True), ("v1.2_final-cut", True), ("UPPER", True),
    ("", False), ("-lead", False), ("trail-", False), ("a..b", False), ("a/b", False),
    ("with space", False), ("лавров", False), ("../etc", False),
])
def test_user_slugs_must_be_plain_ascii(slug: str, ok: bool) -> None:
    assert is_valid_slug(slug) is ok


def test_slugs_do_not_depend_on_which_transliteration_package_is_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """python-slugify prefers `unidecode` when it is installed; a site's URLs must
    not change because some other tool installed it on this machine."""
    other = types.ModuleType("unidecode")
    other.unidecode = lambda text: "elsewhere"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "unidecode", other)
    make_slug.cache_clear()
    try:
        assert make_slug("Мария Захарова") == "mariia-zakharova"
    finally:
        make_slug.cache_clear()
