"""Writing the imported site: where it may go, site.yaml, item files, copies.

A target is refused unless it is new, empty, or a site an earlier import
made (it holds MARKER); a target inside the source, or holding it, is
refused too, so an import can never write into what it reads.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import BriefgenError
from ..core.paths import CONFIG_FILE

MARKER = ".briefgen-import"  # names the folder as made by `briefgen import`


def check_target(src: Path, dest: Path) -> None:
    """Refuse DEST when it overlaps SRC or holds something an import did not make."""
    src, dest = src.resolve(), dest.resolve()
    if dest == src or dest.is_relative_to(src) or src.is_relative_to(dest):
        raise BriefgenError(f"{dest}: the target must be outside the source site {src} "
                            "(an import never writes into what it reads)")
    check_target_folder(dest)


def check_target_folder(dest: Path) -> None:
    """Refuse DEST unless it is new, empty, or a site an earlier import made."""
    if dest.exists() and not dest.is_dir():
        raise BriefgenError(f"{dest}: exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise BriefgenError(f"{dest}: not empty, and not a site made by briefgen import; "
                            "import into a new or empty folder")


def start_site(dest: Path, settings: dict[str, Any], origin: str) -> None:
    """Create DEST with its site.yaml (SETTINGS) and the import's marker."""
    dest.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, default_flow_style=False)
    (dest / CONFIG_FILE).write_text("# Made by briefgen import; `briefgen docs configuration` lists "
                                    "every key.\n" + text, encoding="utf-8")
    (dest / MARKER).write_text(f"imported from {origin}\n", encoding="utf-8")


def item_text(front: dict[str, Any], body: str) -> str:
    """An item file: FRONT as YAML between '---' lines, then BODY."""
    text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=100)
    return f"---\n{text}---\n{body.lstrip(chr(10))}"


def write_file(path: Path, text: str) -> None:
    """Write TEXT to PATH (an import's own file: replaced on a second import)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def copy_file(src: Path, dest: Path) -> None:
    """Copy one file; the source is only opened for reading."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def safe_part(name: str) -> str:
    """A file or folder name briefgen reads: names starting with '.', '_' or '#' are ignored."""
    stripped = name.lstrip("._#")
    return stripped or "x" + name.encode().hex()


def walk(root: Path) -> list[Path]:
    """Every regular file under ROOT, sorted, hidden folders and symlinks left out."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                found.append(path)
    return found
