"""The pieces of markdown_accel's rules, on literal text (the differential tests
that prove them are in tests/test_markdown_accel.py)."""

from __future__ import annotations

import re
import signal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.source.markdown_accel import (
    _BLANK_CODE_SPAN,
    _BLANK_CODE_SPAN_START,
    _CONTAINERS,
    _FENCE_LINE,
    _has_quote,
    _inline_runs,
    _notes_renumbered,
    _open_code_span,
    _open_on_line,
    _unclosed_run,
    _without_fenced_code,
    fast_path_blocker,
)


@pytest.mark.parametrize(("text", "open_"), [
    ("a `b` c", False),
    ("`a", True),
    ("\\`a", False),  # an escaped backtick opens nothing
    ("`` ` `` `", True),
    ("`a\\`", False),  # a backslash is literal in a code span
    ("\\\\`a", True),  # an escaped backslash, then a backtick that opens
    ("``a```b``", False),
    ("", False),
])
def test_unclosed_backtick_runs(text: str, open_: bool) -> None:
    assert _unclosed_run(text) is open_


def test_paragraphs_are_runs_of_lines_and_blocks_end_them() -> None:
    text = "a `b\nc` d\n\n# h `x\n- item `a\n  b` c\n- `x\n> q\n> `r\n| a | `b|c` |"
    assert [run for run, _ in _inline_runs(text)] == [
        "a `b\nc` d", "# h `x", "item `a\nb` c", "`x", "q\n`r", "| a | `b|c` |"]


def test_a_code_span_may_close_on_another_line_of_its_paragraph() -> None:
    assert not _open_code_span("{{raw `\nfunc f() {}\n`}} [a](/u)\n")
    assert _open_code_span("{{raw `\nfunc f() {}\n\n`}} [a](/u)\n")  # a blank line ends it
    assert _open_code_span("- a `x\n- b` [l](/u)\n")  # so does a list item


def test_code_in_first_column_fences_is_blanked() -> None:
    text = "a\n```rust\n| x |\n|---|\n```\n| y |\n~~~~\n> q\n~~~\n~~~~\nz\n"
    assert _without_fenced_code(text) == "a\n```rust\n\n\n```\n| y |\n~~~~\n\n\n~~~~\nz\n"


@pytest.mark.parametrize("text", [
    "- ```\n  code\n  ```\n```\n| a |\n```\n",  # another fence line is indented
    "```a | b\n|---|---|\n```\n",  # a table's header in markdown-it-py
])
def test_fences_are_left_alone_where_they_may_not_be_top_level(text: str) -> None:
    assert _without_fenced_code(text) == text


def test_notes_are_renumbered_by_reference_or_refused() -> None:
    def ref(note: int, k: int) -> str:
        return f'<sup class="footnote-ref"><a href="#fn{note}" id="fnref{k}">[{note}]</a></sup>'

    def item(note: int, k: int) -> str:
        return (f'<li id="fn{note}" class="footnote-item"><p>n '
                f'<a href="#fnref{k}" class="footnote-backref">↩︎</a></p>\n</li>\n')

    same = f"<p>a{ref(1, 1)} b{ref(2, 2)}</p>\n<ol>\n{item(1, 1)}{item(2, 2)}</ol>\n"
    assert _notes_renumbered(same) == same
    gaps = f"<p>a{ref(2, 1)} b{ref(4, 2)}</p>\n<ol>\n{item(2, 1)}{item(4, 2)}</ol>\n"
    assert _notes_renumbered(gaps) == same
    out_of_order = f"<p>a{ref(2, 1)} b{ref(1, 2)}</p>\n<ol>\n{item(1, 2)}{item(2, 1)}</ol>\n"
    assert _notes_renumbered(out_of_order) is None
    assert _notes_renumbered(f"<p>a{ref(1, 2)}</p>\n<ol>\n{item(1, 2)}</ol>\n") is None  # counted twice


@pytest.mark.parametrize(("text", "reason"), [
    ("Use `x` and ```py\n```\n", ""),
    ("[foo `bar` baz`\n", "code span left open in a text with brackets"),
    ("a ~~~b~~ c\n", "tilde run"),
    ("![a \\* b](/x.png)\n", "escape, entity, autolink, line break or delimiter in an image description"),
    ("x[^1]\n\n[^1]: a\n[^1]: b\n", "footnote defined twice"),
    ("para\n[^1]: note\n", "footnote definition right after a paragraph"),
    ("a\u00a0\n", "Unicode space at the edge of a line or cell"),
    ("10\u00a0km\n", ""),
])
def test_blocker_reasons(text: str, reason: str) -> None:
    assert fast_path_blocker(text) == reason


def _open_on_line_in_full(line: str) -> bool:
    """_open_on_line without its shortcut for lines of single backticks: the rule itself."""
    line = line[_CONTAINERS.match(line).end():]  # type: ignore[union-attr]
    if _FENCE_LINE.fullmatch(line):
        return False
    cells = re.split(r"(?<!\\)\|", line) if line.startswith("|") else [line]
    return any(_unclosed_run(cell) for cell in cells)


_LINE_PARTS = st.text(alphabet="`\\| a>-1.~", max_size=16)


@settings(max_examples=2000, derandomize=True, deadline=None, database=None)
@given(_LINE_PARTS)
def test_the_shortcut_for_single_backticks_finds_every_open_line(line: str) -> None:
    """Only lines the shortcut calls open are looked at closer (_open_code_span),
    so it may call a closed line open, never an open one closed."""
    if _open_on_line_in_full(line):
        assert _open_on_line(line), line


def test_a_backslash_away_from_backticks_takes_the_shortcut() -> None:
    assert not _open_on_line("Run `C:\\tools\\x.exe` from `D:\\`")
    assert _open_on_line("Run `C:\\tools\\x.exe from")
    assert not _open_on_line("\\` is no code span")  # escaped: the rule in full


@settings(max_examples=2000, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet="` \na", max_size=14))
def test_every_blank_code_span_has_what_the_quick_scan_looks_for(text: str) -> None:
    if _BLANK_CODE_SPAN.search(text):
        assert _BLANK_CODE_SPAN_START.search(text), text


_QUOTE_LINE = re.compile(r"^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*>", re.MULTILINE)


@settings(max_examples=2000, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from([">", " ", "\t", "\n", "-", "*", "1.", "2)", "a", "->", "1234567890."]),
                max_size=12).map("".join))
def test_block_quotes_are_found_as_a_pattern_for_every_line_finds_them(text: str) -> None:
    assert _has_quote(text) is bool(_QUOTE_LINE.search(text))


def test_a_line_of_many_quote_marks_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pathological line (a list marker run, then thousands of ">") costs
    its length, not its length times its ">" count: only a line's first ">"
    is matched against what precedes it."""
    from briefgen.source import markdown_accel

    read = 0
    pattern = markdown_accel._BEFORE_QUOTE

    class Counting:
        def fullmatch(self, text: str, start: int, end: int) -> re.Match[str] | None:
            nonlocal read
            read += end - start
            return pattern.fullmatch(text, start, end)

    monkeypatch.setattr(markdown_accel, "_BEFORE_QUOTE", Counting())
    lines = ["- " * 500 + "x" + ">" * 2000, "a > b > c", "plain"] * 3
    text = "\n".join(lines)
    assert not _has_quote(text)
    assert read <= len(text)
    assert _has_quote(text + "\n  - > quoted")


def test_a_long_run_of_hashes_beside_a_no_break_space_is_read_at_once() -> None:
    """A no-break space anywhere and a code line of `#` (a Python comment
    banner) once sent the check for spaces at line edges backtracking through
    every way of splitting the run into heading markers: minutes at 30 `#`,
    forever at 60. An alarm stops the test rather than the run, should that
    come back; the answer itself must not change."""
    text = "Preço:\u00a0R$ 10\n\n```python\n" + "#" * 60 + "\nx = 1\n```\n"

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the edge-space check backtracks again")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    try:
        reason = fast_path_blocker(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert reason == ""
    assert fast_path_blocker("#\u00a0heading\n") != ""  # a space at a line's edge still found
