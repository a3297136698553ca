"""The persistent cache that makes repeated `briefgen build`s cheap.

It lives in a `.briefgen-cache/` folder beside the output and is safe to
delete. A small meta file says what the last build read (file signatures,
the template and config stamp) and which output it wrote (the marker file's
signature); a larger data file holds parsed content and page keys. Anything
unexpected (another briefgen version, an unreadable file, an output folder
rebuilt without the cache) means the cache is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import __version__
from .cache import Signature, signature
from .errors import OutputError

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
FORMAT = 6  # 3: signatures hold ctime and inode too; 4: Profile.slug_line; 5: Article.body in UTF-8;
# 6: the data file holds two pickled dicts (see StateStore.stage)


@dataclass
class Meta:
    """What the last complete build read and wrote."""

    stamp: str
    files: dict[str, Signature]
    static: dict[str, Signature]
    marker: Signature | None
    pages: int = 0
    articles: int = 0
    terms: dict[str, int] = field(default_factory=dict)
    version: tuple[str, int] = (__version__, FORMAT)


class StateStore:
    """Read and write the cache of one output folder."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output.parent / ".briefgen-cache"
        self.meta_file = self.folder / f"{output.name}.meta.pickle"
        self.data_file = self.folder / f"{output.name}.data.pickle"
        self._staged: tuple[BinaryIO, frozenset[str]] | None = None  # see stage

    def load_meta(self) -> Meta | None:
        meta = self._load(self.meta_file)
        if meta and isinstance(meta[0], Meta) and meta[0].version == (__version__, FORMAT):
            return meta[0]
        return None

    def load_data(self) -> dict[str, Any] | None:
        parts = self._load(self.data_file, 2)  # what stage() wrote, then the rest
        if not parts or not all(isinstance(part, dict) for part in parts):
            return None
        return {**parts[0], **parts[1]}

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this output's lock: two builds writing one output folder at once
        would each swap, index and delete the other's files. The second build
        stops with an error rather than wait (a stuck first one would hold it
        for ever). The lock file stays with the cache; the lock ends with the
        process. A build that fails before there was a cache folder leaves
        none behind."""
        existed = self.folder.is_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = self.folder / f"{self.output.name}.lock"
        with open(lock, "a") as fh:
            try:
                if fcntl is not None:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputError(f"another briefgen build is writing {self.output}; "
                                  "run this one when it has ended") from None
            try:
                yield
            except BaseException:
                if not existed:
                    lock.unlink(missing_ok=True)
                    with contextlib.suppress(OSError):
                        self.folder.rmdir()
                raise
            finally:
                if fcntl is not None:
                    fcntl.flock(fh, fcntl.LOCK_UN)

    def forget(self) -> None:
        """Invalidate before touching the output, so an interrupted write is never trusted."""
        self.meta_file.unlink(missing_ok=True)

    def stage(self, data: dict[str, Any]) -> None:
        """Begin the data file with DATA, the bulk of what save() will write, while
        the build goes on; save() then writes only the rest. Until save() ends,
        only a .tmp file exists, which the next save replaces."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fh = self.data_file.with_suffix(".tmp").open("wb")
        try:
            self._pickle(fh, data)
        except BaseException:
            fh.close()
            raise
        self._staged = fh, frozenset(data)

    def unstage(self) -> None:
        """Drop what stage() wrote: the build failed after it."""
        if self._staged is not None:
            self._staged[0].close()
            self._staged = None
            self.data_file.with_suffix(".tmp").unlink(missing_ok=True)

    def save(self, meta: Meta, data: dict[str, Any]) -> None:
        """Write DATA (less what stage() wrote) and then META, which vouches for it."""
        if self._staged is None:
            self.stage(data)
        assert self._staged is not None
        (fh, staged), self._staged = self._staged, None
        with fh:
            self._pickle(fh, {k: v for k, v in data.items() if k not in staged})
        os.replace(self.data_file.with_suffix(".tmp"), self.data_file)
        self._dump(self.meta_file, meta)  # last: it vouches for the data file

    @staticmethod
    def _load(file: Path, count: int = 1) -> list[Any] | None:
        """The first COUNT pickled values in FILE; None if it is missing or unreadable."""
        try:
            with file.open("rb") as fh:
                return [pickle.load(fh) for _ in range(count)]
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged cache is only a slower build
            log.debug("ignoring unreadable cache %s: %s", file, exc)
            return None

    @classmethod
    def _dump(cls, file: Path, value: Any) -> None:
        tmp = file.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            cls._pickle(fh, value)
        os.replace(tmp, file)

    @staticmethod
    def _pickle(fh: BinaryIO, value: Any) -> None:
        """Pickle without a memo ("fast" mode): the cache holds no cycles, and a memo
        of a million small objects would cost more memory than the whole site."""
        pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(value)


def static_signatures(static: dict[str, Path]) -> dict[str, Signature]:
    """The signature of every static source; a vanished one never matches a real file."""
    return {rel: signature(str(src)) or (0, 0, 0, 0) for rel, src in static.items()}
