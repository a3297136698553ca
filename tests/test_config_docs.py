"""docs/configuration.md's table of site.yaml keys says what config.py declares.

The table between the `settings:begin` and `settings:end` markers is made
from the declarations in briefgen/source/config.py (settings_table). After
adding or changing a setting, rewrite it and review it with git diff:

    BRIEFGEN_REGEN_DOCS=1 pytest tests/test_config_docs.py
    git diff docs/configuration.md
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen.core.errors import SiteErrors
from briefgen.source.config import SETTINGS, TOP_KEYS, SiteConfig, parse_config, settings_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
# The markers' lines themselves are kept; only what lies between them is made.
TABLE = re.compile(r"(<!-- settings:begin[^\n]*-->\n)(.*?)(<!-- settings:end -->)", re.DOTALL)
REGEN = os.environ.get("BRIEFGEN_REGEN_DOCS") == "1"


def test_the_docs_table_is_made_from_the_declarations() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = TABLE.search(text)
    assert found is not None, f"{DOC} has no <!-- settings:begin --> ... <!-- settings:end --> markers"
    if REGEN:
        text = text[:found.start(2)] + settings_table() + text[found.end(2):]
        DOC.write_text(text, encoding="utf-8")
    assert found.group(2) == settings_table() or REGEN, (
        "docs/configuration.md's table of keys differs from briefgen/source/config.py; "
        "run BRIEFGEN_REGEN_DOCS=1 pytest tests/test_config_docs.py and review git diff")


def test_every_field_is_declared_once() -> None:
    """Each SiteConfig field is a setting, under its own key."""
    keys = [s.key for s in SETTINGS]
    assert [s.attribute for s in SETTINGS] == list(SiteConfig.__dataclass_fields__)
    assert len(set(keys)) == len(keys)


def test_the_declared_defaults_are_what_parsing_gives() -> None:
    config = parse_config("title: T\n")
    for setting in SETTINGS:
        if not setting.required:
            assert getattr(config, setting.attribute) == setting.default, setting.key


def test_the_unknown_key_error_lists_the_declared_keys() -> None:
    with pytest.raises(SiteErrors) as info:
        parse_config("title: T\nzzz: 1\n")
    [problem] = info.value.problems
    assert problem.message == f"unknown key 'zzz' (known keys: {', '.join(sorted(TOP_KEYS))})"


def test_the_fuller_example_is_the_defaults() -> None:
    """The page's fuller site.yaml says each key at its default: read, it is
    the minimal file's config (a copied example once dropped two taxonomies)."""
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"A fuller one.*?```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    assert parse_config(example.group(1)) == parse_config("title: RUSSIALINK Briefing\n")
