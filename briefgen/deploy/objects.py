"""What is compared in a deploy: the objects the output wants and the bucket's objects.

Kept apart from the planning and the I/O so that both sides, and the tests
of the pure plan, speak of the same small values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wanted:
    """One object the bucket should hold after the deploy.

    REL is its path in the output folder, which it is read from unless it is
    EMPTY (a redirect whose old path has no page: a zero-byte object). MD5 and
    SHA256 are of its bytes, hex; REDIRECT is the x-amz-website-redirect-location
    it carries.
    """

    key: str
    rel: str
    size: int
    md5: str
    sha256: str
    content_type: str
    cache_control: str
    redirect: str = ""
    empty: bool = False


@dataclass(frozen=True)
class Remote:
    """One object the bucket holds, as its listing gives it, and, once looked at
    (a HEAD request), the sha256 briefgen stored with it and its redirect."""

    key: str
    etag: str  # without quotes: the MD5 of the bytes for a single-part upload without KMS
    looked_up: bool = False
    sha256: str = ""
    redirect: str = ""


@dataclass(frozen=True)
class Upload:
    """An object to put, and why: 'new' or 'changed'."""

    wanted: Wanted
    reason: str


@dataclass(frozen=True)
class Plan:
    """What a deploy does, in the order it does it: UPLOADS (assets first, then
    pages, then feeds and redirects), then DELETES. UNCHANGED counts the
    objects left alone; REDIRECTS lists every redirect the bucket will hold
    (key, location), new or not."""

    uploads: tuple[Upload, ...]
    unchanged: int
    deletes: tuple[str, ...]
    redirects: tuple[tuple[str, str], ...]
