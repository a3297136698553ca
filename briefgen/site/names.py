"""How people's names sort in indexes and which language a name's script suggests.

An index sorted by first name, or with every Cyrillic name after the Latin
ones, is hard to scan: readers look people up by family name, whatever the
script. And a name in another script than the page's needs a `lang`
attribute so screen readers pronounce it, and browsers pick a font, right.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter

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


# Where scripts start in Unicode (their main blocks), for script_of: a bisect
# per letter instead of a character-name lookup. Letters outside them are
# named by unicodedata.
_BLOCKS = (
    (0x0041, "LATIN"), (0x0250, ""), (0x0370, "GREEK"), (0x0400, "CYRILLIC"), (0x0530, "ARMENIAN"),
    (0x0590, "HEBREW"), (0x0600, "ARABIC"), (0x0700, ""), (0x0900, "DEVANAGARI"), (0x0980, "BENGALI"),
    (0x0A00, ""), (0x0B80, "TAMIL"), (0x0C00, ""), (0x0E00, "THAI"), (0x0E80, ""),
    (0x10A0, "GEORGIAN"), (0x1100, "HANGUL"), (0x1200, "ETHIOPIC"), (0x1380, ""),
    (0x1E00, "LATIN"), (0x1F00, "GREEK"), (0x2000, ""), (0x3040, "HIRAGANA"), (0x30A0, "KATAKANA"),
    (0x3100, ""), (0x4E00, "CJK"), (0xA000, ""), (0xAC00, "HANGUL"), (0xD7B0, ""),
)
_STARTS = [start for start, _ in _BLOCKS]


def _script(char: str) -> str:
    script = _BLOCKS[bisect_right(_STARTS, ord(char)) - 1][1] if ord(char) >= 0x41 else ""
    return script or unicodedata.name(char, "?").split(" ", 1)[0]


def script_of(name: str) -> str:
    """The script most of NAME's letters are in ('LATIN', 'CYRILLIC', ...), or ''."""
    if name.isascii():  # most names: no need to look up each letter
        return "LATIN" if any(c.isalpha() for c in name) else ""
    counts = Counter([_script(c) for c in name if c.isalpha()])
    return max(counts, key=lambda s: (counts[s], s)) if counts else ""


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


def latin_key(text: str) -> str:
    """TEXT in plain lower-case Latin letters, for sorting: accents dropped,
    Cyrillic and Greek transliterated."""
    composed = unicodedata.normalize("NFC", text).casefold()  # й as one letter, however typed
    folded = unicodedata.normalize("NFKD", composed.translate(_TRANSLIT))
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
