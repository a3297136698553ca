"""URL safety: which URLs may become links."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from briefgen.core.urls import _NOT_IN_URLS, is_http_url, is_safe_local_url, safe_href, valid_host


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/story", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("https://", False),
    ("https:/example.org", False),
    ("ftp://example.org/x", False),
    ("javascript:alert(1)", False),
    ("https://exa mple.org/", False),
    ("https://example.org/\n", False),
    ("/media/x.jpg", False),
    ("//example.org/x", False),
    ("https://example.org:8080/x", True),
    ("http://[::1]:80/", True),
    ("https://example.org/caf\u00e9?q=a|b", True),
    ('https://example.org/a"b', False),  # a paste gone wrong: quotes, tags, backslashes
    ("https://example.org/<script>", False),
    ("https://example.org\\x", False),
    ("https://example.org:99999/", False),  # no such port
    ("https://user:secret@example.org/", False),  # credentials do not belong in a page
    ("https:///x", False),
    ("https://example..org/", False),  # an empty label: no such host, and invalid in a page
    ("https://.example.org/", False),
    ("https://example.org./", True),  # a fully qualified name's final dot is fine
    ("https://a%20b.example/", False),  # a space, percent-encoded, is still no host
    ("https://ex%25ample.org/", False),
    ("http://[zz]/", False),
    ("https://a_b.example.org/", True),
    ("https://münchen.de/", True),
])
def test_is_http_url(url: str, ok: bool) -> None:
    assert is_http_url(url) is ok


def _http_url_by_urlsplit(url: str) -> bool:
    """is_http_url as it reads without its shortcuts: every URL through urlsplit."""
    if _NOT_IN_URLS.search(url) or not valid_host(url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "@" not in parts.netloc


def test_is_http_url_shortcuts_answer_as_urlsplit_does() -> None:
    """The quick answers (no http(s) scheme; a plain host) agree with urlsplit's
    on every combination of schemes, slashes, hosts and paths below."""
    schemes = ["http:", "https:", "HTTP:", "hTtPs:", "httpx:", "ftp:", "", "http", "https",
               "javascript:", " https:", "h:", "ht-tp:"]
    slashes = ["//", "/", "///", "", "\\\\"]
    hosts = ["example.org", "a..b", ".x.org", "a_b.c", "münchen.de", "xn--mnchen-3ya.de",
             "[::1]", "[zz]", "user@x.org", "u:p@x.org", "x.org:80", "x.org:99999", "x.org:",
             "", "a%20b.org", "x.org.", "-x.org", "x.org..", "1.2.3.4"]
    paths = ["", "/", "/a b", "/p?q=1#f", "?q", "#f", "\\x", '/"', "/\n", "/café", ":8080/"]
    for url in (s + sl + h + p for s in schemes for sl in slashes for h in hosts for p in paths):
        assert is_http_url(url) is _http_url_by_urlsplit(url), url


@pytest.mark.parametrize(("url", "ok"), [
    ("/media/x.jpg", True),
    ("media/x.jpg", True),
    ("../x.png", True),
    ("#section", True),
    ("//evil.example/x.js", False),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("vbscript:msgbox", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("\\\\evil\\share", False),
])
def test_is_safe_local_url(url: str, ok: bool) -> None:
    assert is_safe_local_url(url) is ok


@pytest.mark.parametrize(("url", "href"), [
    ("https://example.org/", "https://example.org/"),
    ("  /about/  ", "/about/"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("javascript:alert(1)", ""),
    ("  javascript:alert(1)", ""),
    ("JAVASCRIPT:alert(1)", ""),
    ("data:text/html,<script>", ""),
    ("vbscript:x", ""),
    # hosts no browser goes to and validators refuse in a link
    ("https:///x", ""),
    ("http://:80/", ""),
    ("http://a..b/", ""),
    ("http://a%20b/", ""),
    ("http://exa%5Cmple.com", ""),
    ("http://[::1", ""),
    ("//a..b/x.js", ""),
    ("https://example.org:99999/", ""),
    ("//cdn.example.org/x.js", "//cdn.example.org/x.js"),
    ("http://[::1]:8000/", "http://[::1]:8000/"),
    ("https://user@example.org/", "https://user@example.org/"),
    ("a//b", "a//b"),
])
def test_safe_href_keeps_followable_urls_and_drops_script_urls(url: str, href: str) -> None:
    assert safe_href(url) == href


def test_the_safe_url_filter_gives_empty_text_for_a_missing_or_non_text_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`article.extra.get("video")|safe_url` is None when the key is missing, and
    an extra key may hold a number or a list: no link, rather than a build
    stopped by "AttributeError: 'NoneType' object has no attribute 'strip'"."""
    from briefgen.render.jinja import make_environment

    env = make_environment(tmp_path)
    template = env.from_string('[{{ e.get("video")|safe_url }}|{{ e.n|safe_url }}|{{ e.l|safe_url }}'
                               '|{{ e.ok|safe_url }}]')
    assert template.render(e={"n": 12, "l": ["https://x.org/"], "ok": " https://x.org/v "}) \
        == "[|||https://x.org/v]"
