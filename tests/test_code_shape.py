"""The shape the code keeps: short functions, one-way imports, a docstring per module.

Complexity (at most 15 branches a function) is ruff's C901 and the import
direction is import-linter's contract (both in pyproject.toml, run by
.ci/run); these are the rules no linter here checks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"
MAX_LINES = 60


def functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_LINES:
                long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}: {lines} lines")
    assert long == []


def test_every_module_says_what_it_is_for() -> None:
    missing = [str(path.relative_to(PACKAGE.parent)) for path in sorted(PACKAGE.rglob("*.py"))
               if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
               and path.name != "__main__.py"]
    assert missing == []


def test_every_stage_is_a_package_and_nothing_is_left_flat() -> None:
    """The tree shows the plan: briefgen/ holds only the stage packages."""
    flat = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    stages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert flat == []
    assert stages == ["build", "commands", "core", "deploy", "digest", "importer", "render", "serve",
                      "site", "source"]


def test_the_package_map_in_architecture_md_names_every_module() -> None:
    """docs/architecture.md is where a newcomer finds a module: each must be in
    its package's row of the table."""
    rows = {}
    for line in (PACKAGE.parent / "docs/architecture.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `") and "/` |" in line:
            rows[line[3:line.index("/`")]] = line
    missing = [f"{path.parent.name}/{path.stem}" for path in sorted(PACKAGE.glob("*/*.py"))
               if path.stem != "__init__" and f"`{path.stem}`" not in rows.get(path.parent.name, "")]
    assert missing == []
