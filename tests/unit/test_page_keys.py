"""Page keys: what decides whether a page is rendered again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from markupsafe import Markup

from briefgen.build import builder as build
from briefgen.build import stamp
from briefgen.build.incremental import page_key
from briefgen.render.views import Link, PageInfo, TermRef


def info(**more: object) -> PageInfo:
    values = {"title": "Lavrov", "path": "people/lavrov/", "url": "/people/lavrov/",
              "canonical": "https://example.org/people/lavrov/", "kind": "term"}
    return PageInfo(**{**values, **more})  # type: ignore[arg-type]


def test_equal_contexts_have_equal_short_keys() -> None:
    one = page_key("term.html", {"page": info(), "items": [Link("a", "/a/")]})
    two = page_key("term.html", {"page": info(), "items": [Link("a", "/a/")]})
    assert one == two and isinstance(one, bytes) and len(one) == 16


def test_any_shown_value_changes_the_key() -> None:
    base = {"page": info(), "refs": (TermRef("NATO", "/topics/nato/"),),
            "day": date(2022, 2, 24), "html": Markup("<b>x</b>"), "extra": {"n": [1, 2]}}
    key = page_key("term.html", base)
    variants = [
        {**base, "page": info(title="Sergei Lavrov")},
        {**base, "refs": (TermRef("NATO", "/topics/nato/", role="alliance"),)},
        {**base, "day": date(2022, 2, 25)},
        {**base, "day": datetime(2022, 2, 24, tzinfo=UTC)},
        {**base, "html": Markup("<b>y</b>")},
        {**base, "extra": {"n": [1, 3]}},
        {**base, "extra": {"n": (1, 2), "m": None}},
    ]
    keys = [page_key("term.html", v) for v in variants] + [page_key("terms.html", base)]
    assert key not in keys and len(set(keys)) == len(keys)


def test_a_record_and_its_copy_have_one_key() -> None:
    page = info()
    assert page_key("x", {"page": page}) == page_key("x", {"page": replace(page)})


def test_a_changed_briefgen_module_changes_the_build_stamp(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by other briefgen code (a checkout, a reinstall) is not read."""
    module = tmp_path / "module.py"
    module.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(stamp, "CODE", [module])
    (tmp_path / "site.yaml").write_text("title: T\n", encoding="utf-8")
    builder = build.Builder(tmp_path)
    before = builder.current_stamp()
    assert builder.current_stamp() == before
    module.write_text("A = 22\n", encoding="utf-8")
    assert builder.current_stamp() != before
