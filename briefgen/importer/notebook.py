"""A Jupyter notebook's cells as Markdown, for posts that embed one.

Pelican's liquid_tags plugin (`{% notebook x.ipynb cells[2:] %}`) and its
ipynb plugin render a notebook into the post at build time, so the post's
Markdown holds only the tag: imported as it is, the item would be empty.
The import writes the cells into the item instead: Markdown cells as they
are, code cells as fenced code in the notebook's language, and their text
output (printed text, a result's plain form, an error's message) as fenced
text below them; an HTML output (a table) as raw HTML, which briefgen
cleans like any other. Images in the output are counted, not imported (the
editor re-creates the few that matter). nbformat 4 and 3 are read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # an error's colours, as a terminal shows them


@dataclass
class Converted:
    """A notebook's cells as Markdown, and what was left out."""

    markdown: str
    cells: int
    images: int


def notebook_markdown(path: Path, start: int | None = None, end: int | None = None) -> Converted:
    """The cells [START:END] of the notebook at PATH as Markdown; raises
    ValueError (or OSError) when it is not a notebook this reads."""
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise ValueError("not a notebook")
    cells, language = _cells_and_language(data)
    chosen = cells[start:end]
    parts: list[str] = []
    images = 0
    for cell in chosen:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        if kind in ("markdown", "raw"):
            parts.append(_text(cell.get("source")).strip("\n"))
        elif kind == "heading":  # nbformat 3
            parts.append("#" * int(cell.get("level") or 1) + " " + _text(cell.get("source")).strip())
        elif kind == "code":
            parts.append(fenced(_text(cell.get("source", cell.get("input"))).strip("\n"), language))
            outputs, pictures = _outputs(cell.get("outputs"))
            parts += outputs
            images += pictures
    return Converted("\n\n".join(p for p in parts if p.strip()), len(chosen), images)


def _cells_and_language(data: dict[str, Any]) -> tuple[list[Any], str]:
    """The notebook's cells and the language its code is in."""
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    language = ""
    for key in ("language_info", "kernelspec"):
        info = meta.get(key)
        if isinstance(info, dict) and isinstance(info.get("name" if key == "language_info"
                                                           else "language"), str):
            language = info["name" if key == "language_info" else "language"]
            break
    if isinstance(data.get("cells"), list):
        return data["cells"], language or "python"
    sheets = data.get("worksheets")
    if isinstance(sheets, list) and sheets and isinstance(sheets[0], dict) \
            and isinstance(sheets[0].get("cells"), list):
        return sheets[0]["cells"], language or "python"
    raise ValueError("no cells")


def _outputs(outputs: Any) -> tuple[list[str], int]:
    """A code cell's outputs as Markdown blocks, and how many images they held."""
    blocks: list[str] = []
    images = 0
    for out in outputs if isinstance(outputs, list) else []:
        if not isinstance(out, dict):
            continue
        data = out.get("data") if isinstance(out.get("data"), dict) else out  # nbformat 3: flat
        assert isinstance(data, dict)
        if any(str(k).startswith("image/") or k in ("png", "jpeg", "svg") for k in data):
            images += 1
            continue
        if out.get("output_type") == "error" or out.get("output_type") == "pyerr":
            text = "\n".join(_text(line) for line in out.get("traceback") or [])
            blocks.append(fenced(_ANSI.sub("", text).strip("\n"), ""))
        elif "text/html" in data or "html" in data:
            blocks.append(_text(data.get("text/html", data.get("html"))).strip("\n"))
        else:
            text = _text(out.get("text", data.get("text/plain", data.get("text"))))
            if text.strip():
                blocks.append(fenced(text.strip("\n"), ""))
    return blocks, images


def _text(value: Any) -> str:
    """A notebook's text, written either as one string or as a list of lines."""
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


def fence_for(code: str) -> str:
    """The backticks that fence CODE: more than any run of them it holds."""
    return "`" * (max((len(run) for run in re.findall(r"`{3,}", code)), default=2) + 1)


def fenced(code: str, language: str) -> str:
    """CODE as a fenced block (fence_for)."""
    fence = fence_for(code)
    return f"{fence}{language}\n{code}\n{fence}"
