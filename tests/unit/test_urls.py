"""URL safety: which URLs may become links."""

from __future__ import annotations

import pytest

from briefgen.urls import is_http_url, is_safe_local_url, safe_href


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
    from briefgen.render import make_environment

    env = make_environment(tmp_path)
    template = env.from_string('[{{ e.get("video")|safe_url }}|{{ e.n|safe_url }}|{{ e.l|safe_url }}'
                               '|{{ e.ok|safe_url }}]')
    assert template.render(e={"n": 12, "l": ["https://x.org/"], "ok": " https://x.org/v "}) \
        == "[|||https://x.org/v]"
