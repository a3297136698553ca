"""The tally said after many warnings: counted by kind, whatever the quoted
value, path or number in each, with the values that recur most."""

from __future__ import annotations

from briefgen.commands.tally import MANY, tally
from briefgen.core.errors import Problem


def nowhere(target: str, n: int) -> list[Problem]:
    return [Problem(f"link '{target}' leads nowhere: this site publishes no page or file at that path",
                    f"content/articles/a{i}.md", i + 1) for i in range(n)]


def test_few_warnings_need_no_tally() -> None:
    assert tally(nowhere("/docs/", MANY - 1)) == []


def test_kinds_counted_with_their_most_frequent_values() -> None:
    warnings = [
        *nowhere("/django.html", 30), *nowhere("/flask.html", 12), *nowhere("/once.html", 1),
        *[Problem(f"relative image 'p{i}.png' leads nowhere: content/articles/trip/p{i}.png "
                  "does not exist", "content/articles/trip/index.md", i) for i in range(5)],
        Problem("raw HTML that cleaning removes: '<iframe src=\"x\">' (and 2 more)", "a.md", 3),
        Problem("raw HTML that cleaning removes: '<script>'", "b.md", 4),
    ]
    assert tally(warnings) == [
        "50 warnings in all, by kind:",
        "  43 link '…' leads nowhere: this site publishes no page or file at that path",
        "       most often '/django.html' (30), '/flask.html' (12)",
        "   5 relative image '…' leads nowhere: … does not exist",
        "   2 raw HTML that cleaning removes: '…'",
    ]


def test_numbers_do_not_make_kinds_and_the_rest_is_counted() -> None:
    dates = [Problem(f"date 2024-0{d}-13T23:00:00-04:00 is {d + 1} August 2024", "a.md", d)
             for d in range(1, 9)]
    others = [Problem(f"kind {letter} of its own", "b.md", 1) for letter in "abcdefghijklmnop"]
    lines = tally([*dates, *others])
    assert lines[1] == "  8 date 2024-01-13T23:00:00-04:00 is 2 August 2024"
    assert lines[-1] == "  12 of 12 other kinds"
    assert len(lines) == 2 + 4 + 1  # the header, five kinds, the rest
