"""Short, stable digests of text, for cache keys and change detection."""

from __future__ import annotations

import hashlib


def digest(text: str) -> str:
    """24 hex digits naming a text; the same on every machine and run."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
