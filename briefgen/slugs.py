"""ASCII slugs from any script.

python-slugify (with text-unidecode) transliterates Cyrillic, Greek, CJK and
accented Latin to readable ASCII, e.g. 'Мария Захарова' -> 'mariia-zakharova'.
Pelican uses it too, and it keeps word boundaries when truncating.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from slugify import slugify

MAX_LENGTH = 80
_VALID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


@lru_cache(maxsize=65536)
def make_slug(text: str, fallback: str = "") -> str:
    """A readable ASCII slug, never empty and never just '-'."""
    slug = slugify(text, max_length=MAX_LENGTH, word_boundary=True)
    if slug:
        return slug
    if fallback:
        slug = slugify(fallback, max_length=MAX_LENGTH, word_boundary=True)
        if slug:
            return slug
    return "t-" + short_hash(text)


def short_hash(text: str) -> str:
    """Eight stable hex digits naming a text, for collision suffixes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def is_valid_slug(slug: str) -> bool:
    """True for a slug a user may set: ASCII letters, digits, '.', '_' and '-'."""
    return bool(_VALID.match(slug)) and ".." not in slug
