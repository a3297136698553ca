"""The deploy plan: the output's objects compared with the bucket's, with no I/O.

`wanted` turns the output's files and its `_redirects` into the objects the
bucket should hold; `to_look_up` names the few the bucket's listing cannot
settle; `plan` decides what to upload and what to delete. All three take and
return plain values, so every case is tested without a bucket.

Whether an object's bytes are current is decided by content hash, two ways:
the listing's ETag is the MD5 of the bytes for an object put in one request
(as briefgen puts them) without KMS encryption, so it settles nearly every
file for free. Where it differs (KMS, an object uploaded in parts by another
tool, a service whose ETags are not MD5s), the object is looked at, and the
sha256 briefgen stored in its metadata decides: an ETag alone would re-upload
such a bucket whole on every deploy, metadata alone would cost a request per
file on every deploy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .headers import cache_control, content_type, rank
from .objects import Plan, Remote, Upload, Wanted

EMPTY_MD5 = hashlib.md5(b"").hexdigest()
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def parse_redirects(text: str) -> list[tuple[str, str]]:
    """The (old path, new URL) rules of a `_redirects` file that a bucket can hold.

    A bucket redirects one object, so splat rules (`/old/* /new/:splat`), which
    hosts that read `_redirects` use for the pages below an old URL, are left
    out; so are comments and lines that are not `from to [status]`.
    """
    rules = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or parts[0].startswith("#") or "*" in parts[0] or ":splat" in parts[1]:
            continue
        rules.append((parts[0], parts[1]))
    return rules


def redirect_key(source: str, base_path: str, prefix: str) -> str | None:
    """The object that answers for the old URL path SOURCE: its index.html for a
    folder URL, as a bucket's website endpoint looks it up; None for a path
    outside the site's base path."""
    if not source.startswith(base_path):
        return None
    rel = source[len(base_path):]
    if ".." in rel.split("/"):
        return None
    return prefix + (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def wanted(files: Iterable[tuple[str, int, str, str]], redirects: Iterable[tuple[str, str]],
           base_path: str, prefix: str) -> dict[str, Wanted]:
    """The objects the bucket should hold, by key.

    FILES: (rel, size, md5, sha256) of each output file to upload. A redirect
    whose old path has a page (briefgen writes one that points on, for readers
    of hosts without redirects) goes on that page's object; one without gets a
    zero-byte object of its own.
    """
    out = {prefix + rel: Wanted(prefix + rel, rel, size, md5, sha256, content_type(rel),
                                cache_control(rel))
           for rel, size, md5, sha256 in files}
    for source, target in redirects:
        key = redirect_key(source, base_path, prefix)
        if key is None:
            continue
        page = out.get(key)
        if page is not None:
            out[key] = replace(page, redirect=target)
        else:
            rel = key[len(prefix):]
            out[key] = Wanted(key, rel, 0, EMPTY_MD5, EMPTY_SHA256, content_type(rel),
                              cache_control(rel), target, empty=True)
    return out


def to_look_up(want: Mapping[str, Wanted], remote: Mapping[str, Remote]) -> list[str]:
    """The keys the listing cannot settle: a wanted object the bucket holds under an
    ETag that is not its MD5, or one that must carry a redirect (the listing
    does not show redirects)."""
    return sorted(key for key, w in want.items()
                  if key in remote and not remote[key].looked_up
                  and (remote[key].etag != w.md5 or w.redirect))


def is_current(w: Wanted, r: Remote) -> bool:
    """Whether the bucket's object R already is W: the same bytes and the same redirect."""
    same_bytes = r.etag == w.md5 or (r.looked_up and r.sha256 == w.sha256)
    same_redirect = r.redirect == w.redirect if r.looked_up else not w.redirect
    return same_bytes and same_redirect


def plan(want: Mapping[str, Wanted], remote: Mapping[str, Remote]) -> Plan:
    """What to upload (new or changed, in upload order), how many objects are
    current, and what to delete: every object under the prefix the output
    no longer has."""
    uploads = []
    unchanged = 0
    for key, w in want.items():
        r = remote.get(key)
        if r is None:
            uploads.append(Upload(w, "new"))
        elif is_current(w, r):
            unchanged += 1
        else:
            uploads.append(Upload(w, "changed"))
    uploads.sort(key=lambda u: (rank(u.wanted.rel), bool(u.wanted.redirect), u.wanted.key))
    deletes = tuple(sorted(key for key in remote if key not in want))
    redirects = tuple(sorted((w.key, w.redirect) for w in want.values() if w.redirect))
    return Plan(tuple(uploads), unchanged, deletes, redirects)
