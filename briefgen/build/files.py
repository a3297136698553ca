"""The files a build takes as they are: static files to copy, and the files
whose change means every page may change."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, raise_if
from ..core.paths import CONFIG_FILE, CONTENT, MEDIA, STATIC, TEMPLATES, THEME
from ..source.inputs import SiteFolder, unreadable


def static_files(root: Path) -> dict[str, Path]:
    """Files copied verbatim: theme static, then the site's (overriding), then media.

    Listed by the rules of every input folder (inputs.py), so neither a build
    nor the preview server can publish a file from elsewhere on the machine:
    a link out of the site, a file or folder that cannot be read, or a
    `content/media` that is a file are errors, all raised together. Each file
    is checked for reading here because `check` never copies it.
    """
    site = SiteFolder(root)
    sources = [(SiteFolder(THEME), "static", STATIC),
               (site, f"{TEMPLATES}/static", STATIC), (site, f"{CONTENT}/media", MEDIA)]
    chosen: dict[str, Path] = {}
    inputs: dict[str, Path] = {}  # the site's files by site path, to check they can be read
    problems: list[Problem] = []
    for folder, rel, prefix in sources:
        listing = folder.list_files(rel)
        problems += listing.problems.values()
        for path, entry in listing.files:
            chosen[prefix + path[len(rel) + 1:]] = Path(entry.path)
            if folder is site:
                inputs[path] = Path(entry.path)
    raise_if(problems + unreadable(inputs))
    return dict(sorted(chosen.items()))


def template_files(root: Path) -> list[Path]:
    """Every file whose change means every page may change: site.yaml and the
    templates outside templates/static/, with the paths their listing refused
    (see inputs.py), so that such a path appearing or going is a change too."""
    files = [root / CONFIG_FILE]
    for base in (root, THEME):
        listing = SiteFolder(base).list_files(TEMPLATES, ignore=())
        static = f"{TEMPLATES}/static/"
        files += sorted(base / path for path in [*(p for p, _ in listing.files), *listing.problems]
                        if not path.startswith(static))
    return files
