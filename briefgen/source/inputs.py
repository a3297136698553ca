"""Listing the site's input folders, by one set of rules for all of them.

Content files, templates, templates/static/ and content/media/ are all listed
here, so each of them:

- refuses a symbolic link whose target resolves outside the site folder
  (`templates/article.html: symlink leads outside the site; not used`): a
  link to /etc/passwd would otherwise be published. Links within the site
  are followed;
- reports a file or folder it cannot read (`content/media/x.jpg: cannot
  read: permission denied`), each on its own, instead of stopping at the
  first with an absolute path;
- reports an input folder that is not a folder (`content/articles: not a
  folder`), which would otherwise read as an empty one.

Each is an error, never a silent skip: a build that quietly leaves out a
page, a template or a picture is wrong without saying so.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem

OUTSIDE = "symlink leads outside the site; not used"
NOT_A_FOLDER = "not a folder"


def cannot_read(rel: str, exc: OSError) -> Problem:
    """`REL: cannot read: <the system's reason>`, with no line: the whole file is at fault."""
    reason = exc.strerror or type(exc).__name__
    return Problem(f"cannot read: {reason[:1].lower()}{reason[1:]}", rel)


@dataclass
class Listing:
    """The files found under an input folder, and the problems met on the way."""

    files: list[tuple[str, os.DirEntry[str]]] = field(default_factory=list)  # (site path, entry)
    problems: dict[str, Problem] = field(default_factory=dict)  # site path -> its problem


class SiteFolder:
    """The rules above for the site folder ROOT, whose real path links must stay in."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.real = os.path.realpath(root)

    def leaves(self, path: str) -> bool:
        """True when PATH, with every link in it followed, is outside the site."""
        real = os.path.realpath(path)
        return real != self.real and not real.startswith(self.real.rstrip(os.sep) + os.sep)

    def list_files(self, folder: str, *, recursive: bool = True, ignore: tuple[str, ...] = (".",),
                   suffixes: tuple[str, ...] = ("",)) -> Listing:
        """Files under FOLDER (site-relative, '/'-separated), unsorted.

        Files and folders whose names start with one of IGNORE are passed
        over, and so are files whose names end in none of SUFFIXES (the
        default takes any name); only what is kept can be refused, so a link
        out of the site that would not have been read anyway is no error. A
        folder reached twice through links is listed once (by device and
        inode), so a link back to a parent is not followed forever, and two
        names of one folder do not list its files twice; the first name in
        name order is kept.
        """
        found = Listing()
        start = os.path.join(self.root, folder)
        if not os.path.lexists(start):
            return found
        if self.leaves(start):
            found.problems[folder] = Problem(OUTSIDE, folder)
        elif not os.path.isdir(start):
            found.problems[folder] = Problem(NOT_A_FOLDER, folder)
        else:
            self._walk(start, folder, _Rules(recursive, ignore, suffixes), found)
        return found

    def _walk(self, start: str, folder: str, rules: _Rules, found: Listing) -> None:
        """Folders wait on a list, not in a recursive closure: one that calls
        itself is a reference cycle, kept alive until a garbage collection,
        and the preview freezes its heap rather than collect."""
        seen: set[tuple[int, int]] = set()
        folders = [(start, folder)]
        while folders:
            path, rel = folders.pop()
            try:
                st = os.stat(path)
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
                entries = list(os.scandir(path))
            except (FileNotFoundError, NotADirectoryError):
                continue  # gone meanwhile
            except OSError as exc:
                found.problems[rel] = cannot_read(rel, exc)
                continue
            inside = self._entries(entries, rel, rules, found)
            folders.extend((e.path, f"{rel}/{e.name}") for e in sorted(inside, key=lambda e: e.name,
                                                                         reverse=True))

    def _entries(self, entries: list[os.DirEntry[str]], rel: str, rules: _Rules,
                 found: Listing) -> list[os.DirEntry[str]]:
        """Add one folder's files to FOUND; return the folders to enter.
        (Called for every folder of a site of tens of thousands of items: the
        rules are plain data, not a function called for each name.)"""
        folders = []
        files = found.files
        prefix = rel + "/"
        ignore, suffixes, recursive = rules.ignore, rules.suffixes, rules.recursive
        for entry in entries:
            name = entry.name
            if name.startswith(ignore):
                continue
            try:
                is_dir = entry.is_dir()
                if not is_dir and not name.endswith(suffixes):
                    continue
                if entry.is_symlink() and (recursive or not is_dir) and self.leaves(entry.path):
                    found.problems[prefix + name] = Problem(OUTSIDE, prefix + name)
                elif is_dir:
                    if recursive:
                        folders.append(entry)
                elif entry.is_file():
                    files.append((prefix + name, entry))
            except OSError:
                continue  # a link to itself (too many levels of links), or gone meanwhile
        return folders


@dataclass(frozen=True)
class _Rules:
    """What SiteFolder.list_files keeps: see there."""

    recursive: bool
    ignore: tuple[str, ...]
    suffixes: tuple[str, ...]


def unreadable(files: dict[str, Path]) -> list[Problem]:
    """A problem for each of FILES (site path -> file) this process may not read.

    For files copied as they are (media), which are opened only when the
    output is written: `check` writes nothing, and would not notice."""
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    return [cannot_read(rel, denied) for rel, file in files.items() if not os.access(file, os.R_OK)]
