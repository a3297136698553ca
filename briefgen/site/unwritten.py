"""`check`'s warning about an item published with the text `briefgen new` left.

`briefgen new article` and `briefgen import feed` start an item with one line
that asks for its text. A draft may keep it; an item that is published with it
shows readers an instruction meant for the editor, which the build cannot
call an error (the line is valid Markdown), so `check` says where it is.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem
from .model import Site

PLACEHOLDER = "Write the item here, in your own words, and cite the source."


def unwritten_items(root: Path, site: Site) -> list[Problem]:
    """A warning at the placeholder's line in each published item that still has it."""
    warnings = []
    for article in site.articles:
        if article.draft or PLACEHOLDER.encode() not in article.body:
            continue
        try:
            lines = (root / article.key).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        line = next((n for n, text in enumerate(lines, 1) if PLACEHOLDER in text), 1)
        warnings.append(Problem("the body is still the line briefgen new wrote: write the item, "
                                "or keep it out with draft: true until it is written", article.key, line))
    return warnings
