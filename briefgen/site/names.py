"""How people's names sort in indexes and which language a name's script suggests.

An index sorted by first name, or with every Cyrillic name after the Latin
ones, is hard to scan: readers look people up by family name, whatever the
script. And a name in another script than the page's needs a `lang`
attribute so screen readers pronounce it, and browsers pick a font, right.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Cyrillic and Greek letters as English-language newsrooms spell them
# (close to BGN/PCGN): enough to put Захарова among the Z's. Sort keys only:
# a name is always shown as written.
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ў": "w", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
})

# The first word of a Unicode character name -> the language a name written
# in that script most likely is. Scripts written by many languages name the
# most common one; a profile's `lang` says otherwise.
_SCRIPT_LANG = {
    "CYRILLIC": "ru", "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "ARMENIAN": "hy",
    "GEORGIAN": "ka", "DEVANAGARI": "hi", "BENGALI": "bn", "THAI": "th", "HANGUL": "ko",
    "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "zh", "ETHIOPIC": "am", "TAMIL": "ta",
}
# Letters only Ukrainian (or Belarusian) writes among Cyrillic languages.
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_BELARUSIAN = frozenset("ўЎ")


def script_of(name: str) -> str:
    """The script most of NAME's letters are in ('LATIN', 'CYRILLIC', ...), or ''."""
    counts: dict[str, int] = {}
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "?").split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: (counts[s], s)) if counts else ""


@lru_cache(maxsize=65536)
def script_lang(name: str, page_lang: str) -> str:
    """The language a name's script suggests, or '' when the page's own
    language (PAGE_LANG, such as 'en') covers it or the script is Latin."""
    script = script_of(name)
    lang = _SCRIPT_LANG.get(script, "")
    if script == "CYRILLIC" and _UKRAINIAN & set(name):
        lang = "uk"
    elif script == "CYRILLIC" and _BELARUSIAN & set(name):
        lang = "be"
    if not lang or _same_language(lang, page_lang):
        return ""
    return lang


def _same_language(lang: str, page_lang: str) -> bool:
    return lang.lower() == page_lang.split("-", 1)[0].lower()


def name_lang(name: str, declared: str, page_lang: str) -> str:
    """A name's `lang`: DECLARED (a profile's own `lang`) when the name is in
    that language's script and it is not the page's, else as its script suggests."""
    if declared and script_of(name) not in ("", "LATIN"):
        return "" if _same_language(declared, page_lang) else declared
    return script_lang(name, page_lang)


@lru_cache(maxsize=65536)
def latin_key(text: str) -> str:
    """TEXT in plain lower-case Latin letters, for sorting: accents dropped,
    Cyrillic and Greek transliterated."""
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_TRANSLIT)
    return "".join(c for c in folded if not unicodedata.combining(c))


def person_sort_key(name: str, sort_name: str = "") -> tuple[str, str]:
    """Where a person sorts: by SORT_NAME when a profile gives one (`Xi
    Jinping` under X, `Leyen, Ursula von der` under L), else by the last word
    of the name (the family name in most names in Latin and Cyrillic), then
    the rest."""
    if sort_name:
        return (latin_key(sort_name), latin_key(name))
    words = name.split()
    family = words[-1] if words else name
    return (latin_key(family), latin_key(" ".join(words[:-1])))


def plain_sort_key(name: str, sort_name: str = "") -> tuple[str, str]:
    """Where a topic, source or series sorts: by SORT_NAME or its name, as Latin."""
    return (latin_key(sort_name or name), latin_key(name))
