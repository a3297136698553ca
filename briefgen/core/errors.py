"""Errors a user can cause, each carrying the place it was found.

The CLI turns a list of these into `path:line: message` lines and exit code 1;
nothing else in briefgen prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal acts on rather than shows: C0 and C1 controls (ESC
# starts the sequences that recolour, move the cursor or retitle the
# window), DEL, and Unicode's direction overrides and isolates, which
# reorder the rest of the line. A file name may hold any of them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """TEXT with each character a terminal would act on written as an escape
    (`\\x1b`, `\\u202e`), so a message shows what is there and stays one line."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One error or warning at a place in the user's files."""

    message: str
    path: str = ""
    line: int = 0

    def __str__(self) -> str:
        """`path:line: message`: the one place a problem becomes text, so paths
        and values are made printable here (see printable) and nowhere else."""
        path, message = printable(self.path), printable(self.message)
        if path and self.line:
            return f"{path}:{self.line}: {message}"
        if path:
            return f"{path}: {message}"
        return message


class BriefgenError(Exception):
    """Root of every error the CLI reports without a traceback."""

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.problem = Problem(message, path, line)

    def __str__(self) -> str:
        return str(self.problem)


def error_line(exc: BriefgenError) -> str:
    """One error as the user reads it: `path:line: message` when it is about a
    file, else `briefgen: message`, so an error that names no file still says
    who is speaking, in the terminal and in the preview's overlay alike."""
    return str(exc.problem) if exc.problem.path else f"briefgen: {exc.problem}"


class SiteErrors(BriefgenError):
    """Several problems found in one run, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=problem_order)
        super().__init__(f"{len(self.problems)} error(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class OutputError(BriefgenError):
    """The output folder cannot be written safely."""


def problem_order(p: Problem) -> tuple[str, int, str]:
    """Sort problems by file, then line, so reports read top to bottom."""
    return (p.path, p.line, p.message)


def raise_if(problems: list[Problem]) -> None:
    """Raise all collected problems at once, if there are any."""
    if problems:
        raise SiteErrors(problems)
