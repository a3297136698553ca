"""`briefgen build --json`: the build summed up for a program, such as a CI step.

The terminal gets sentences; a CI job wants numbers and places it can act
on without parsing them: how many pages and files, each warning and error
with its file and line, the time of each stage. The schema is documented in
docs/cli.md; a key is only ever added, never renamed or dropped, so a script
written against it keeps working. The exit status is the command's as
always: the JSON says it again, for a step that keeps only stdout.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.errors import BriefgenError, Problem, SiteErrors

if TYPE_CHECKING:
    from ..build.result import Build

SCHEMA = 1  # raised only if a key ever has to change meaning


def built(result: Build, warnings: Iterable[Problem]) -> str:
    """The summary of a build that succeeded, with its WARNINGS, as one line of JSON."""
    return _dumps({
        "status": 0,
        "output": str(result.output),
        "pages": result.pages,
        "rendered": len(result.rendered),
        "written": result.written,
        "items": result.articles,
        "terms": dict(result.terms),
        "search": bool(result.config.search),
        "seconds": round(result.seconds, 3),
        "timings": {stage: round(seconds, 3) for stage, seconds in result.timings.items()},
        "warnings": [_problem(w) for w in warnings],
        "errors": [],
    })


def failed(exc: BaseException) -> str:
    """The summary of a build that stopped on EXC: its errors, and no counts."""
    if isinstance(exc, SiteErrors):
        errors = [_problem(p) for p in exc.problems]
    elif isinstance(exc, BriefgenError):
        errors = [_problem(exc.problem)]
    elif isinstance(exc, OSError):
        errors = [{"path": exc.filename and str(exc.filename), "line": None,
                   "message": exc.strerror or str(exc)}]
    else:
        errors = [{"path": None, "line": None, "message": str(exc)}]
    return _dumps({"status": 1, "output": None, "pages": None, "rendered": None, "written": None,
                   "items": None, "terms": {}, "search": None, "seconds": None, "timings": {},
                   "warnings": [], "errors": errors})


def _problem(p: Problem) -> dict[str, Any]:
    """A warning or error: its file (relative to the site) and line, null when it has none."""
    return {"path": p.path or None, "line": p.line or None, "message": p.message}


def _dumps(fields: dict[str, Any]) -> str:
    return json.dumps({"briefgen": __version__, "schema": SCHEMA, **fields})
