"""What an import could not map, said once per kind so a large site's report
stays readable: the CLI prints it, the importer only collects it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import Problem


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

    def note(self, message: str, path: str = "", line: int = 0) -> None:
        """Record one thing the editor should look at, at its place in the source."""
        self.notes.append(Problem(message, path, line))

    def skip(self, message: str, path: str = "", line: int = 0) -> None:
        """Record a file or entry that was left out, and why."""
        self.skipped += 1
        self.note(f"skipped: {message}", path, line)

    def extra_key(self, key: str, path: str, line: int) -> None:
        """Count an unknown front matter key, kept as an extra field."""
        first, count = self.extra_keys.get(key, (Problem("", path, line), 0))
        self.extra_keys[key] = (first, count + 1)

    def lines(self) -> list[str]:
        """The report as `path:line: message` lines, in the source's order."""
        out = [str(p) for p in self.notes]
        for key, (first, count) in sorted(self.extra_keys.items()):
            more = f" (and {count - 1} more file{'s' if count > 2 else ''})" if count > 1 else ""
            out.append(str(Problem(f"{key}: not a field briefgen reads; kept as an extra "
                                   f"field{more}", first.path, first.line)))
        return out
