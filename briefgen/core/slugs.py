"""ASCII slugs from any script.

python-slugify (with text-unidecode) transliterates Cyrillic, Greek, CJK and
accented Latin to readable ASCII, e.g. 'Мария Захарова' -> 'mariia-zakharova'.
Pelican uses it too, and it keeps word boundaries when truncating.

The transliteration table is named, not left to python-slugify's "auto",
which prefers the `unidecode` package whenever it happens to be installed:
the same title would then get another URL on another machine. Naming it
also spares each non-ASCII title a failed import of `unidecode` (a search
of sys.path every time: 54 µs of a 65 µs slug).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Final

from slugify import slugify

MAX_LENGTH = 80
BACKEND: Final = "text-unidecode"  # python-slugify's own dependency, always there
_VALID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def make_slug(text: str, fallback: str = "") -> str:
    """A readable ASCII slug, never empty and never just '-'."""
    slug = _slugify(text)
    if slug:
        return slug
    if fallback:
        slug = _slugify(fallback)
        if slug:
            return slug
    return "t-" + short_hash(text)


def _slugify(text: str) -> str:
    return slugify(text, max_length=MAX_LENGTH, word_boundary=True, backend=BACKEND)


def short_hash(text: str) -> str:
    """Eight stable hex digits naming a text, for collision suffixes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def is_valid_slug(slug: str) -> bool:
    """True for a slug a user may set: ASCII letters, digits, '.', '_' and '-'."""
    return bool(_VALID.match(slug)) and ".." not in slug
