"""URL safety checks shared by front matter, Markdown and templates."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
# What no URL briefgen writes may hold: control characters, and the backslash,
# which browsers read as '/' ('/\\evil.example/' loads from evil.example, as
# '//evil.example/' does). One rule for every check of a path-like URL below.
_HIDDEN_SLASH_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


_NOT_IN_URLS = re.compile(r'[\x00-\x20\x7f"<>\\`]')  # white space, controls; HTML-breaking characters
# Characters a pasted URL may hold that a URL in a page may not (HTML's URL
# syntax refuses them; a query such as `family=A|B` is common): browsers send
# them percent-encoded, and markdown-it encodes them the same way in links.
_PERCENT_ENCODED = str.maketrans({'"': "%22", "<": "%3C", ">": "%3E", "`": "%60",
                                  "{": "%7B", "}": "%7D", "|": "%7C", "^": "%5E"})
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# The usual host name, without a port, and where it ends: every URL with it
# after `//` is one valid_host takes (markdown_accel's quick check uses it too).
PLAIN_HOST_NAME = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?(?=[/?#]|$)"
# The usual host, without a port: checked by one regular expression, not urlsplit.
_PLAIN_HOST = re.compile(rf"(?:https?:)?//{PLAIN_HOST_NAME}", re.ASCII)
_HTTP = ("http:", "https:")  # what an http(s) URL begins with, in lower case
# What a domain may not hold, even percent-encoded (URL Standard: forbidden
# domain code points); HTML validators refuse such a host in a link.
_FORBIDDEN_IN_HOST = frozenset("\t\n\r #%/:<>?@[\\]^|\x7f") | frozenset(map(chr, range(0x20)))


def encode_unsafe(url: str) -> str:
    """URL with quotes, angle brackets, backticks, braces, `|` and `^`
    percent-encoded, as are a `%` not followed by two hexadecimal digits and
    every `#` after the first, so pages showing it stay valid HTML. (A
    backslash stays, and is refused: browsers read it as '/'.)"""
    url = url.translate(_PERCENT_ENCODED)
    if "%" in url:
        url = _LONE_PERCENT.sub("%25", url)
    hash_at = url.find("#")
    if hash_at >= 0 and "#" in url[hash_at + 1:]:
        url = url[:hash_at + 1] + url[hash_at + 1:].replace("#", "%23")
    return url


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host, a valid port if any, no
    user name or password, and no white space, quotes, angle brackets or
    backslashes (pages showing those would not validate: front matter URLs
    go through encode_unsafe first).

    Remembered: every page asks about the same few thousand URLs (its items'
    sources, the people and topics they name), and urlsplit is not cheap.
    """
    # urlsplit's scheme is what comes before the first ":", in lower case, and
    # _NOT_IN_URLS leaves nothing it would strip first: anything else, a site
    # path among them (JSON-LD asks about every page's URL), is no http(s) URL.
    if not url[:6].lower().startswith(_HTTP) or _NOT_IN_URLS.search(url):
        return False
    if _PLAIN_HOST.match(url):
        return True  # http(s)://host, then the path: scheme, host and no user name, as below
    if not valid_host(url):  # the host and port checked there
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "@" not in parts.netloc


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def valid_host(url: str) -> bool:
    """False for a URL with `//` whose host no browser or HTML validator takes:
    none (`https:///x`), an empty label (`example..org`), a port that is no
    port, or a character a domain may not hold, even percent-encoded
    (`a%20b.org`). True for a URL without `//` (a path, `mailto:`).
    """
    if _PLAIN_HOST.match(url):
        return True
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:  # also a bracketed host that is no IPv6 address
        return False
    if not parts.netloc and not url.lstrip().lower().startswith(("http:", "https:", "//")):
        return True
    host = parts.hostname or ""
    if parts.netloc.rpartition("@")[2].startswith("["):
        return bool(host)  # urlsplit checked the IPv6 address
    host = unquote(host)
    return bool(host) and ".." not in host and not host.startswith(".") \
        and _FORBIDDEN_IN_HOST.isdisjoint(host)


def may_name_another_host(url: str) -> bool:
    """True for a URL a browser may read as `//host...` although it does not
    start so: one with a backslash or a control character anywhere (browsers
    drop tabs and line breaks, and read a backslash as '/'). Such a URL is
    refused wherever briefgen takes a path: base_url, image paths, links."""
    return bool(_HIDDEN_SLASH_OR_CONTROL.search(url))


def is_safe_local_url(url: str) -> bool:
    """True for a scheme-less path such as /media/x.jpg or media/x.jpg."""
    if _CONTROL.search(url) or url.startswith("//") or may_name_another_host(url):
        return False
    return not _SCHEME.match(url)


SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def safe_href(url: object) -> str:
    """The URL if it cannot run script (no javascript:, data:, vbscript:...) and
    its host, if it names one, is a host (see valid_host); else ''.

    Templates apply it (as `safe_url`) to free-form front matter, which may be
    missing (None) or not text at all: that is no link either, not an error.
    """
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if may_name_another_host(url):
        return ""
    if "//" in url[:8] and not valid_host(url):
        return ""  # a link nowhere, and invalid HTML
    if not _SCHEME.match(url) or url.lower().startswith(SAFE_SCHEMES):
        return url
    return ""
