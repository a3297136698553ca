"""Control characters pasted into content never reach the output, where XML and HTML forbid them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import MakeSite, article, build, page_text

# What XML 1.0 and HTML forbid in a document (lone surrogates cannot be written as UTF-8):
# controls, and the noncharacters (HTML forbids them all).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       + "".join(chr(p + e) for p in range(0x10000, 0x110000, 0x10000)
                                 for e in (0xFFFE, 0xFFFF)) + "]")


def assert_none_forbidden(out: Path) -> None:
    """No page, feed, index or text file in OUT holds a forbidden code point."""
    for file in out.rglob("*"):
        if file.suffix in (".html", ".xml", ".json", ".txt"):
            found = FORBIDDEN.search(file.read_text(encoding="utf-8"))
            assert found is None, f"{file.relative_to(out)}: {found.group()!r}"


def built(make_site: MakeSite, out: Path, item: str) -> str:
    """Build a site of one item (slug: x) into OUT; check no output file holds a
    forbidden code point; return the text of the item's page."""
    build(make_site({"content/articles/x.md": item}), "-o", out)
    assert_none_forbidden(out)
    return page_text((out / "articles/x/index.html").read_text(encoding="utf-8"))


def test_control_characters_become_spaces_in_pages_and_feeds(make_site: MakeSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    page = built(make_site, out, article(
        '"Pasted \\x01 from Word"', "2022-01-10", "Line one\x0bline two.\n\nNUL\x00and\x85NEL.",
        slug="x", people='["Jane \\x07Doe"]'))
    feeds = sorted(out.rglob("*.xml"))
    assert out / "feed.xml" in feeds
    person_feeds = [f for f in feeds if f.parent.parent == out / "people"]
    assert len(person_feeds) == 1, person_feeds
    for feed in feeds:
        ET.parse(feed)  # raises on a forbidden code point ("not well-formed (invalid token)")
    assert "Pasted from Word" in page  # page_text folds the spaces
    assert "Line one line two." in page
    assert "NUL and NEL." in page
    assert "Jane Doe" in page


def test_noncharacters_become_spaces_too(make_site: MakeSite, tmp_path: Path) -> None:
    """U+FDD0-FDEF and each plane's last two code points: HTML forbids them all
    (a validator stops at "forbidden code point"); an emoji beside them stays."""
    page = built(make_site, tmp_path / "out", article(
        "Odd\ufdd0title \U0001f600", "2022-01-10", "Body\U0001fffeone\U0010ffff.\n\nEnd\ufdefof it.",
        slug="x", people="[Jane\ufffeDoe]"))
    assert "Odd title \U0001f600" in page
    assert "Body one ." in page and "End of it." in page
    assert "Jane Doe" in page


# --- control characters in messages: a file name may hold any of them -----------------------

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\u202e"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J\\u202e"


def test_control_characters_in_file_names_are_escaped_in_errors(make_site: MakeSite) -> None:
    from tests.conftest import run_cli
    site = make_site({f"content/articles/{ESCAPES}x.md": article("X", "2022-02-30"),
                      f"templates/{ESCAPES}.html": "{{ broken }\n"})
    for command in ("check", "build"):
        result = run_cli(command, site)
        assert result.code == 1
        assert result.err_lines == [
            f"content/articles/{SHOWN}x.md:3: date: not a date: '2022-02-30'",
            f"templates/{SHOWN}.html:1: template syntax error: unexpected '}}'",
            "briefgen: 2 error(s)" + ("; nothing was written" if command == "build" else ""),
        ]


def test_control_characters_in_a_path_the_cli_prints_are_escaped(tmp_path: Path,
                                                                 make_site: MakeSite) -> None:
    from tests.conftest import run_cli
    site = make_site({"content/articles/a.md": article("A")})
    out = tmp_path / f"out{ESCAPES}"
    out.write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("build", site, "-o", out)
    assert result.code == 1
    assert result.err_lines == [f"briefgen: output {tmp_path}/out{SHOWN} exists and is not a folder; "
                                "refusing to replace it"]
    assert not any(c in result.err for c in "\x1b\x07\u202e")
