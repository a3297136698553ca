"""What an import could not map, said once per kind so a large site's report
stays readable: the CLI prints it, the importer only collects it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.errors import Problem

GROUPED = 3  # files of one section left out for one reason that are still listed one by one
KEPT_NAMED = 8  # the shortcodes and tags kept as written that the report's last line names


@dataclass
class Report:
    """Notes from one import: places that need an editor's eye, and counts."""

    notes: list[Problem] = field(default_factory=list)
    # unknown front matter key -> (first place, how many files had it)
    extra_keys: dict[str, tuple[Problem, int]] = field(default_factory=dict)
    items: int = 0
    drafts: int = 0
    pages: int = 0  # standalone pages (About)
    files: int = 0  # static files and bundle resources copied
    skipped: int = 0  # entries or files left out
    expired: int = 0  # items imported with an expiry date already passed
    # (reason, section folder) -> the files left out for it (skip_each)
    grouped: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # another generator's syntax kept as written ("shortcode 'img'") -> how many times
    kept: Counter[str] = field(default_factory=Counter)
    head_tags: set[str] = field(default_factory=set)  # posts whose <meta>/<link> lines were taken out
    included: Counter[str] = field(default_factory=Counter)  # Jekyll includes written into posts

    def note(self, message: str, path: str = "", line: int = 0) -> None:
        """Record one thing the editor should look at, at its place in the
        source; the same thing at the same place (a URL twice on a line) once."""
        problem = Problem(message, path, line)
        if not self.notes or problem not in self.notes[-8:]:
            self.notes.append(problem)

    def skip(self, message: str, path: str = "", line: int = 0) -> None:
        """Record a file or entry that was left out, and why."""
        self.skipped += 1
        self.note(f"skipped: {message}", path, line)

    def left_out(self, count: int, why: str, path: str) -> None:
        """Record COUNT Markdown files of the folder PATH left out together, and why."""
        if count:
            self.skipped += count
            self.note(f"{count} Markdown file{'s' if count > 1 else ''} left out: {why}", path)

    def skip_each(self, message: str, path: str) -> None:
        """Record a file left out for a reason a whole section may share (a
        documentation section without dates): a few are listed one by one,
        more as one line for their section, so the report stays readable."""
        self.skipped += 1
        parts = path.split("/")
        folder = "/".join(parts[:2]) if len(parts) > 2 else ""
        self.grouped.setdefault((message, folder), []).append(path)

    def extra_key(self, key: str, path: str, line: int) -> None:
        """Count an unknown front matter key, kept as an extra field."""
        first, count = self.extra_keys.get(key, (Problem("", path, line), 0))
        self.extra_keys[key] = (first, count + 1)

    def lines(self) -> list[str]:
        """The report as `path:line: message` lines, in the source's order."""
        out = [str(p) for p in self.notes]
        for (message, folder), paths in self.grouped.items():
            if len(paths) <= GROUPED or not folder:
                out += [str(Problem(f"skipped: {message}", path, 1)) for path in paths]
            else:
                out.append(str(Problem(f"skipped {len(paths)} files: {message} ({paths[0]}, "
                                       f"{paths[1]}, ...)", folder + "/")))
        for key, (first, count) in sorted(self.extra_keys.items()):
            more = f" (and {count - 1} more file{'s' if count > 2 else ''})" if count > 1 else ""
            out.append(str(Problem(f"{key}: not a field briefgen reads; kept as an extra "
                                   f"field{more}", first.path, first.line)))
        if self.head_tags:
            posts = sorted(self.head_tags)
            more = ", ..." if len(posts) > 1 else ""
            out.append(f"<meta> and <link> tags taken out of the text of {len(posts)} "
                       f"post{'s' if len(posts) > 1 else ''} ({posts[0]}{more}): "
                       "they belong in a page's head, and showed nothing on the old site")
        if self.included:
            named = ", ".join(f"{name} ({n:,})" for name, n in self.included.most_common(KEPT_NAMED))
            total = sum(self.included.values())
            out.append(f"{total:,} {{% include %}} tag{'s' if total > 1 else ''} written out: the "
                       f"text of the file each names is in the item, as Jekyll wrote it in: {named}")
        if sum(self.kept.values()) > GROUPED:  # the lines above, counted by name
            named = ", ".join(f"{what} {n:,}" for what, n in self.kept.most_common(KEPT_NAMED))
            rest = len(self.kept) - KEPT_NAMED
            out.append(f"{sum(self.kept.values()):,} uses of another generator's shortcodes and "
                       f"tags kept as written, each said above; most used: {named}"
                       + (f", and {rest} other name{'s' if rest > 1 else ''}" if rest > 0 else ""))
        return out
