"""The persistent cache that makes repeated `briefgen build`s cheap.

It lives in the site's own `.briefgen-cache/` folder (never beside an output
folder given with -o, whose parent may be shared or served: the cache holds
draft bodies) and is safe to delete. Each output folder built from the site
has its own files there, named after the output's name and a digest of its
absolute path. A small meta file says what the last build read (file
signatures, the template and config stamp) and which output it wrote (the
marker file's signature); a larger data file holds parsed content and page
keys. An update that parsed few files again writes only those, the page
keys and the links into a small delta file beside the data file, instead
of the whole data file again (which costs more than the rest of a one-edit
build); the next load applies it, and the next full save replaces both.

The cache is authenticated: the meta file carries a keyed BLAKE2b MAC of
itself, and the data file's MAC is one of the meta file's fields. The key is
a random one per cache folder, readable by its owner alone. A file that
fails its check (a garbled byte, a file someone else wrote) is never
unpickled: the build starts afresh and says so. Anything else unexpected
(another briefgen version, a missing file, an output folder rebuilt without
the cache) also means the cache is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import io
import logging
import os
import pickle
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from .. import __version__
from ..core.errors import OutputError
from ..core.hashing import digest
from ..core.signature import Signature, signature
from ..source.schedule import Held

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
FORMAT = 10  # 3: signatures hold ctime and inode too; 4: Profile.slug_line; 5: Article.body in UTF-8;
# 6: the data file holds two pickled dicts (see StateStore.stage); 7: authenticated, under the site;
# 8: Profile.sort_name and Profile.lang; 9: Article's publish and expiry dates, Meta.held;
# 10: the delta file (Meta.delta_mac)
CACHE = ".briefgen-cache"
KEY_FILE = "key"
_MAC_SIZE = 32


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
    # Those of `static` that are bundles' files: their sources are signed in
    # `files`, and where they go is known only once items are parsed.
    bundled: tuple[str, ...] = ()
    data_mac: bytes = b""  # the data file's MAC: the meta file vouches for it
    # The items held back (source/schedule.py), and when that changes: from
    # then on the output is out of date although no file changed.
    held: tuple[Held, ...] = ()
    next_change: datetime | None = None
    delta_mac: bytes = b""  # the delta file's MAC when there is one (see StateStore.save_delta)


class _MacWriter:
    """A binary file that also feeds every byte written to a MAC."""

    def __init__(self, fh: BinaryIO, key: bytes) -> None:
        self.fh = fh
        self.mac = hashlib.blake2b(key=key, digest_size=_MAC_SIZE)

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.fh.write(data)


class StateStore:
    """Read and write the cache of one output folder built from the site at ROOT."""

    def __init__(self, root: Path, output: Path) -> None:
        self.output = output
        self.folder = root / CACHE
        name = f"{output.name}-{digest(str(output.absolute()))[:12]}"
        self.meta_file = self.folder / f"{name}.meta"
        self.data_file = self.folder / f"{name}.data"
        self.lock_file = self.folder / f"{name}.lock"
        self.delta_file = self.folder / f"{name}.delta"
        # The parse entries of the delta file load_data applied: a later
        # save_delta writes them again with its own (the data file lacks them).
        self.delta_parse: dict[str, Any] = {}
        self._key: bytes | None = None
        self._staged: tuple[BinaryIO, _MacWriter, frozenset[str]] | None = None  # see stage

    def key(self) -> bytes | None:
        """This cache folder's MAC key, made on first use; None when the folder or
        the key could have been written by another user (the cache is then
        neither read nor trusted)."""
        if self._key is None:
            self._key = self._read_key()
        return self._key or None

    def _read_key(self) -> bytes:
        if not _private(self.folder):
            log.warning("warning: %s can be written by other users; its cache is not used",
                        self.folder)
            return b""
        file = self.folder / KEY_FILE
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if not _private(file):
                log.warning("warning: %s can be read or written by other users; "
                            "the cache is not used", file)
                return b""
            key = file.read_bytes()
            return key if len(key) == _MAC_SIZE else b""
        import secrets  # here: only a new cache folder needs it

        key = secrets.token_bytes(_MAC_SIZE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key

    def load_meta(self) -> Meta | None:
        """The last build's Meta, if it verifies and this briefgen wrote it."""
        body = self._verified(self.meta_file)
        if body is None:
            return None
        try:
            meta = pickle.loads(body)
        except Exception as exc:  # verified, yet from another briefgen's classes
            log.debug("ignoring cache %s: %s", self.meta_file, exc)
            return None
        if isinstance(meta, Meta) and meta.version == (__version__, FORMAT):
            return meta
        return None

    def load_data(self, meta: Meta) -> dict[str, Any] | None:
        """The data file META vouches for; None when it is missing or does not verify."""
        data = self._verified(self.data_file, meta.data_mac)
        if data is None:
            return None
        try:
            fh = io.BytesIO(data)
            parts = [pickle.load(fh) for _ in range(2)]  # what stage() wrote, then the rest
        except Exception as exc:
            log.debug("ignoring cache %s: %s", self.data_file, exc)
            return None
        if not all(isinstance(part, dict) for part in parts):
            return None
        loaded = {**parts[0], **parts[1]}
        return self._with_delta(meta, loaded) if meta.delta_mac else loaded

    def _with_delta(self, meta: Meta, data: dict[str, Any]) -> dict[str, Any] | None:
        """DATA with the delta file META vouches for applied; None when it is
        missing or does not verify (the whole cache is then not used)."""
        body = self._verified(self.delta_file, meta.delta_mac)
        if body is None:
            return None
        try:
            delta = pickle.loads(body)
        except Exception as exc:
            log.debug("ignoring cache %s: %s", self.delta_file, exc)
            return None
        if not (isinstance(delta, dict) and isinstance(delta.get("parse"), dict)
                and isinstance(data.get("parse"), dict)):
            return None
        parse = data["parse"]
        parse.update(delta["parse"])
        for gone in delta.get("gone", ()):
            parse.pop(gone, None)
        self.delta_parse = dict(delta["parse"])
        return {**data, **{k: v for k, v in delta.items() if k not in ("parse", "gone")}}

    def _verified(self, file: Path, mac: bytes | None = None) -> bytes | None:
        """FILE's body if its MAC is right, else None: MAC when given (the data
        file's, which the meta file holds), else the MAC the file begins with."""
        key = self.key()
        if key is None:
            return None
        try:
            data = file.read_bytes()
        except OSError:
            return None
        if mac is None:
            mac, data = data[:_MAC_SIZE], data[_MAC_SIZE:]
        if not hmac.compare_digest(mac, _mac(key, data)):
            _distrust(file)
            return None
        return data

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold this output's lock: two builds writing one output folder at once
        would each swap, index and delete the other's files. The second build
        stops with an error rather than wait (a stuck first one would hold it
        for ever). The lock file stays with the cache; the lock ends with the
        process. A build that fails before there was a cache folder leaves
        none behind."""
        existed = self.folder.is_dir()
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fh = open(self.lock_file, "a")  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            # A read-only site (a mounted checkout, a package): build without a
            # cache, which then is neither read nor written, and without a lock.
            log.warning("warning: cannot keep a cache in %s (%s); building without one",
                        self.folder, exc.strerror)
            self._key = b""
            yield
            return
        with fh:
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
                    for file in (self.lock_file, self.folder / KEY_FILE):
                        file.unlink(missing_ok=True)
                    with contextlib.suppress(OSError):
                        self.folder.rmdir()
                raise
            finally:
                if fcntl is not None:
                    fcntl.flock(fh, fcntl.LOCK_UN)

    def forget(self) -> None:
        """Invalidate before touching the output, so an interrupted write is never trusted."""
        if self._key != b"":  # b"": no cache is kept (see key, locked)
            self.meta_file.unlink(missing_ok=True)

    def stage(self, data: dict[str, Any]) -> None:
        """Begin the data file with DATA, the bulk of what save() will write, while
        the build goes on; save() then writes only the rest. Until save() ends,
        only a .tmp file exists, which the next save replaces."""
        key = self.key()
        if key is None:
            return
        fh = self._tmp(self.data_file).open("wb")
        writer = _MacWriter(fh, key)
        try:
            self._pickle(writer, data)
        except BaseException:
            fh.close()
            raise
        self._staged = fh, writer, frozenset(data)

    def unstage(self) -> None:
        """Drop what stage() or a failed save() wrote: the build failed after it."""
        if self._staged is not None:
            self._staged[0].close()
            self._staged = None
        for file in (self.data_file, self.meta_file, self.delta_file):
            self._tmp(file).unlink(missing_ok=True)

    def save(self, meta: Meta, data: dict[str, Any]) -> None:
        """Write DATA (less what stage() wrote) and then META, which vouches for it."""
        if self._staged is None:
            self.stage(data)
        key = self.key()
        if self._staged is None or key is None:
            return  # a cache folder others can write is not used (see key)
        (fh, writer, staged), self._staged = self._staged, None
        with fh:
            self._pickle(writer, {k: v for k, v in data.items() if k not in staged})
        os.replace(self._tmp(self.data_file), self.data_file)
        meta.data_mac = writer.mac.digest()
        meta.delta_mac = b""
        self._write_meta(key, meta)  # last: it vouches for the data file
        self.delta_file.unlink(missing_ok=True)
        self.delta_parse = {}
        self._remove_old_format()

    def save_delta(self, meta: Meta, data_mac: bytes, parse: dict[str, Any], gone: set[str],
                   rest: dict[str, Any]) -> None:
        """Keep the data file DATA_MAC vouches for (the one load_data read), and
        write beside it what changed since: the PARSE entries made anew (with
        those of the delta file that load_data applied), the paths GONE from
        it, and REST (page keys, links) whole; then META, which vouches for
        both. A failure before the meta file is replaced leaves no cache
        trusted (the caller forgot it first)."""
        key = self.key()
        if key is None:
            return
        delta = {"parse": {**{p: e for p, e in self.delta_parse.items() if p not in gone}, **parse},
                 "gone": sorted(gone), **rest}
        tmp = self._tmp(self.delta_file)
        with tmp.open("wb") as fh:
            writer = _MacWriter(fh, key)
            self._pickle(writer, delta)
        os.replace(tmp, self.delta_file)
        meta.data_mac, meta.delta_mac = data_mac, writer.mac.digest()
        self._write_meta(key, meta)

    def _write_meta(self, key: bytes, meta: Meta) -> None:
        body = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = self._tmp(self.meta_file)
        tmp.write_bytes(_mac(key, body) + body)
        os.replace(tmp, self.meta_file)

    def _remove_old_format(self) -> None:
        """Delete the unauthenticated files of briefgen before cache format 7."""
        for old in self.folder.glob("*.pickle"):
            old.unlink(missing_ok=True)

    @staticmethod
    def _tmp(file: Path) -> Path:
        return file.with_name(file.name + ".tmp")

    @staticmethod
    def _pickle(fh: BinaryIO | _MacWriter, value: Any) -> None:
        """Pickle without a memo ("fast" mode): the cache holds no cycles, and a memo
        of a million small objects would cost more memory than the whole site."""
        pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(value)


def _mac(key: bytes, data: bytes) -> bytes:
    return hashlib.blake2b(data, key=key, digest_size=_MAC_SIZE).digest()


def _private(path: Path) -> bool:
    """Whether PATH is this user's and no other user can write it."""
    try:
        st = path.lstat()
    except OSError:
        return False
    others = stat.S_IWGRP | stat.S_IWOTH | (stat.S_IRGRP | stat.S_IROTH if path.is_file() else 0)
    return (st.st_uid == os.getuid() and not stat.S_ISLNK(st.st_mode)
            and not st.st_mode & others)


def _distrust(file: Path) -> None:
    """Say that FILE failed its integrity check; the build starts afresh."""
    log.warning("warning: the cache file %s failed its integrity check "
                "(damaged or written by something else); building afresh", file)


def static_signatures(static: dict[str, Path]) -> dict[str, Signature]:
    """The signature of every static source; a vanished one never matches a real file."""
    return {rel: signature(str(src)) or (0, 0, 0, 0) for rel, src in static.items()}
