"""Which speed-ups are on: the one switch that runs a build on the reference paths.

Each accelerator (see docs/performance.md, "The reference paths") sits behind
one interface with a plain reference implementation beside it, and is tested
to give the same bytes. `BRIEFGEN_REFERENCE=1` in the environment turns them
all off, so a whole build can be checked against the plain paths (CI does);
a comma-separated list of names (`BRIEFGEN_REFERENCE=markdown,jinja`) turns
off only those, to find which accelerator a difference comes from.

The variable is read once, when this module is first imported: each
accelerator then picks its implementation when its module is loaded or its
object made, never per call in a hot loop. Set it before briefgen starts
(the tests run the reference build in a subprocess).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

ENV = "BRIEFGEN_REFERENCE"


@dataclass(frozen=True)
class Accelerators:
    """Which accelerators are on (True) or replaced by their reference (False)."""

    yaml: bool = True  # source/quickyaml.py and frontmatter's loader shortcuts; else PyYAML's safe loader
    markdown: bool = True  # markdown-it-pyrs where proven identical; else markdown-it-py
    jinja: bool = True  # render/jinja.py's code generator and context; else Jinja's own
    packer: bool = True  # serve/packer.py: the preview keeps pages zlib-packed; else as bytes
    fork: bool = True  # core/parallel.py's forked workers; else everything in this process
    search: bool = True  # build/pagefind_data.py: cbor2's C codec for Pagefind's files; else Python's
    compiled: bool = True  # render/compiled.py: compiled templates kept in the user cache; else compiled anew

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Accelerators:
        """The accelerators ENV leaves on: all if it is unset, empty or "0"; none
        if it is "1" (or "all"); else all but the names it lists. An unknown
        name is an error, so a typo cannot silently test the fast path."""
        value = environ.get(ENV, "").strip().lower()
        if value in ("", "0"):
            return cls()
        names = [f.name for f in fields(cls)]
        if value in ("1", "all"):
            return cls(**dict.fromkeys(names, False))
        off = {name.strip() for name in value.split(",") if name.strip()}
        unknown = sorted(off - set(names))
        if unknown:
            raise ValueError(f"{ENV}: unknown accelerator {', '.join(unknown)} "
                             f"(1 for all, or some of: {', '.join(names)})")
        return cls(**{name: name not in off for name in names})

    def reference(self) -> list[str]:
        """The accelerators switched off, by name."""
        return [f.name for f in fields(self) if not getattr(self, f.name)]


ON = Accelerators.from_environment()
