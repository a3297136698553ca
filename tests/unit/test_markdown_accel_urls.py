"""The quick check of a link's URL on the Markdown fast path agrees with the full one.

markdown_accel._fix_urls keeps a URL that `plainly_kept` accepts without
unescaping it or asking safe_href and _host_differs; these tests show that
every URL it accepts is one the full check keeps, as written, and that the
URLs the full check refuses or changes are never accepted.
"""

from __future__ import annotations

import html

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefgen.core.urls import safe_href
from briefgen.source.markdown_accel import _fix_urls, _host_differs, plainly_kept


def full_check_keeps(url: str) -> bool:
    """What _fix_urls did for every URL before the quick check: unescape, then
    keep it when safe_href takes it whole and its host is written alike."""
    plain = html.unescape(url)
    return plain == url and safe_href(plain) == plain and not _host_differs(plain)


KEPT = [
    "https://github.com/briefgen/briefgen/pull/1234",
    "http://example.org",
    "https://example.org/",
    "https://docs.example.org/a/b?c=d#e",
    "https://example.org.",
    "https://ex_ample-1.org/~user/%20x",
    "/media/map.png",
    "/people/sergey-lavrov/",
    "#fn1",
    "#fnref2",
    "/a/b/c/d//e",  # "//" after the first eight characters
]
NOT_PLAIN = [
    "https://xn--80ak6aa92e.com/",  # punycode: shown decoded by markdown-it-py
    "https://exa%6Dple.org/",  # a host written with an escape
    "//example.org/x",  # protocol-relative
    "/x//evil.example",  # "//" among the first eight characters
    "/\\evil.example/",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "javascript://example.org/%0Aalert(1)",  # a host, then script after a line break
    "ftp://example.org/",
    "https://example.org/?a=1&amp;b=2",  # a reference: unescaped first
    "https://[::1]/",
    "https://user@example.org/",
    "https://example.org:8080/",
    "mailto:desk@example.org",
    "relative/path.html",
    "https:///x",
    "https://a..b/",
    "https://example.org/caf\u00e9",
    "/tab\there",
    "https://example.org/\x7f",
]


def test_the_urls_of_posts_are_kept_by_both_checks() -> None:
    for url in KEPT:
        assert plainly_kept(url), url
        assert full_check_keeps(url), url


def test_urls_the_full_check_must_see_are_not_plain() -> None:
    for url in NOT_PLAIN:
        assert not plainly_kept(url), url


@settings(max_examples=3000, derandomize=True, deadline=None, database=None)
@given(st.one_of(
    st.text(max_size=40),
    st.text(alphabet="hts:/.#?&;%\\-_[]@xn-ample1", max_size=30),
    st.builds(lambda a, b: a + b,
              st.sampled_from(["https://", "http://", "/", "#", "//", "HTTPS://", "/a/",
                               "javascript://", "data://"]),
              st.text(alphabet="abc.-_/?#%&;:@[]\\x-n 1\u00e9", max_size=24)),
))
@example("https://a.b")
@example("/////")
def test_whatever_the_quick_check_keeps_the_full_check_keeps(url: str) -> None:
    if plainly_kept(url):
        assert full_check_keeps(url), url


def test_a_site_under_a_path_still_gets_its_links_rebased() -> None:
    page = '<p><a href="/people/x/">x</a> <a href="https://example.org/">y</a></p>\n'
    assert _fix_urls(page, "/briefing/") == (
        '<p><a href="/briefing/people/x/">x</a> <a href="https://example.org/">y</a></p>\n')
    odd = '<p><a href="/x?a=1&amp;b=2">x</a></p>\n'  # not plain: the full check, then rebased
    assert _fix_urls(odd, "/briefing/") == '<p><a href="/briefing/x?a=1&amp;b=2">x</a></p>\n'
    assert _fix_urls('<p><a href="https://xn--e1afmkfd.org/">x</a></p>\n', "/") is None
