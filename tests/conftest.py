"""Shared helpers: write a site tree from a dict, build it, run the CLI in-process."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.commands import cli

DEFAULT_CONFIG = "title: Test\n"

# Compiled templates (render/compiled.py) go to a folder of the test run's own,
# never the user's cache; builds run as subprocesses inherit it. The run
# removes the folder it made when it ends (pytest_sessionfinish).
_OWN_CACHE_DIR = "" if "BRIEFGEN_CACHE_DIR" in os.environ else \
    tempfile.mkdtemp(prefix="briefgen-test-cache-")
os.environ.setdefault("BRIEFGEN_CACHE_DIR", _OWN_CACHE_DIR)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the compiled-templates folder this run made: a test run leaves
    nothing behind in the system's temporary folder."""
    if _OWN_CACHE_DIR:
        shutil.rmtree(_OWN_CACHE_DIR, ignore_errors=True)


def write_site(root: Path, files: Mapping[str, str | bytes], site_yaml: bool = True) -> Path:
    """Write FILES ({relative path: text or bytes}) under ROOT; add site.yaml if
    missing, unless SITE_YAML is false (another generator's site)."""
    root.mkdir(parents=True, exist_ok=True)
    files = dict(files)
    if site_yaml:
        files.setdefault("site.yaml", DEFAULT_CONFIG)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            # newline="" keeps the text exactly as given (no platform newline translation).
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.write(data)
    return root


def article(title: str, date: str = "2022-01-18", body: str = "Body text.", **front: str) -> str:
    """The text of an article file; extra keyword arguments become front matter lines."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    lines += ["---", body, ""]
    return "\n".join(lines)


MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """make_site({path: text}, name='site') writes a site under tmp_path and returns its root."""

    def make(files: Mapping[str, str | bytes], name: str = "site") -> Path:
        return write_site(tmp_path / name, files)

    return make


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@contextlib.contextmanager
def _isolated_logging() -> Iterator[None]:
    """Let cli.main install its handler on the current stderr, and undo that after:
    it also stops the "briefgen" logger propagating, which would hide later
    tests' log records from pytest's caplog."""
    root, ours = logging.getLogger(), logging.getLogger("briefgen")
    saved = (root.handlers[:], root.level, ours.handlers[:], ours.level, ours.propagate)
    root.handlers = []
    try:
        yield
    finally:
        root.handlers, ours.handlers, ours.propagate = saved[0], saved[2], saved[4]
        root.setLevel(saved[1])
        ours.setLevel(saved[3])


def run_cli(*args: str | os.PathLike[str], cwd: Path | None = None) -> Run:
    """Run `briefgen ARGS` in-process; an escaping exception is printed like Python would."""
    out, err = io.StringIO(), io.StringIO()
    old_cwd = Path.cwd()
    code: int
    with _isolated_logging(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if cwd is not None:
                os.chdir(cwd)
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc(file=err)
            code = 1
        finally:
            os.chdir(old_cwd)
    return Run(code, out.getvalue(), err.getvalue())


def as_check(lines: list[str]) -> list[str]:
    """BUILD's error lines as `check` prints them: check never writes, so its
    count of errors does not go on to say that nothing was written."""
    return [line.removesuffix("; nothing was written") if line.startswith("briefgen: ") else line
            for line in lines]


def build(root: Path, *args: str | os.PathLike[str]) -> Run:
    """`briefgen build ROOT ARGS` in-process; fail the test unless it succeeds."""
    result = run_cli("build", root, *args)
    assert result.code == 0, f"briefgen build {root} exited {result.code}:\n{result.err}"
    assert "Traceback" not in result.err
    return result


@pytest.fixture(autouse=True)
def previews_stopped(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Stop every preview a test made when it ends. A test that builds a
    Preview and drops it leaves its search worker running Pagefind in the
    background; on a loaded machine that worker spoke (`search: the
    preview's index has ...`) while a later test was reading the log."""
    from briefgen.serve import server

    made: list[server.Preview] = []
    original = server.Preview.__init__

    def record(self: server.Preview, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(server.Preview, "__init__", record)
    yield
    for preview in made:
        preview.stopping.set()  # its worker ends at its next check, and says nothing more


@pytest.fixture(scope="session", autouse=True)
def no_cache_in_the_repository() -> Iterator[None]:
    """Fail the run if a test built a checked-in site in place: the build's
    cache would be left in the repository (build from fixture_copy instead)."""
    tests = Path(__file__).parent
    yield
    left = sorted(str(p.relative_to(tests)) for p in tests.rglob(".briefgen-cache"))
    for folder in left:
        shutil.rmtree(tests / folder)
    assert not left, f"tests built checked-in sites in place, leaving caches: {left}"


def fixture_copy(site: Path, scratch: Path) -> Path:
    """A copy of the checked-in site SITE (site.yaml, content/, templates/) under
    SCRATCH, to build from: a build keeps its cache in the site's folder, which
    must not be the repository's."""
    copy = scratch / f"{site.name}-source"
    if not copy.exists():
        copy.mkdir(parents=True)
        shutil.copy2(site / "site.yaml", copy / "site.yaml")
        for folder in ("content", "templates"):
            if (site / folder).is_dir():
                shutil.copytree(site / folder, copy / folder, symlinks=True)
    return copy


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under FOLDER (hidden ones too) with its bytes and mtime."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.anchors: list[tuple[str, str]] = []
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "a":
            self._anchor = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self.anchors.append((self._anchor[0], " ".join("".join(self._anchor[1]).split())))
            self._anchor = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)


def parse_html(text: str) -> tuple[list[tuple[str, dict[str, str]]], str]:
    """Every start tag with its (unescaped) attributes, and the visible text with single spaces."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags, " ".join("".join(parser.text).split())


def hrefs(text: str) -> list[str]:
    """Every href of an <a> in the page, in order."""
    return [attrs["href"] for tag, attrs in parse_html(text)[0] if tag == "a" and "href" in attrs]


def page_text(text: str) -> str:
    return parse_html(text)[1]


def anchors(text: str) -> list[tuple[str, str]]:
    """Every <a> of the page as (href, visible text)."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.anchors
