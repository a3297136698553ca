"""Output quality: the built HTML is valid, the feeds and sitemaps are well-formed.

Sites checked (each built into a temporary folder):

* the example site at the repository root, with base_url `/` and with
  `https://example.org/briefings/`;
* tests/sites/all_pages/, a small fixture that uses every page type: items
  with images and also_appeared_at, home, term and taxonomy pages over several
  pages (with a gap in the page list), profiles with images, a profile no item
  names, an extra `sources` taxonomy, daily editions, the archive, standalone
  pages, feeds, the sitemap and the 404 page;
* tests/sites/golden_site/, the site of tests/test_golden.py.

HTML is checked by the Nu Html Checker (vnu.jar from the npm package vnu-jar,
installed by `npm ci`), in one Java run for all sites. Without java or the jar
the HTML tests are skipped, unless BRIEFGEN_REQUIRE_TOOLS=1 (as in .ci/run),
which makes them fail. VNU_JAR may point at another vnu.jar.

Every feed.xml and sitemap.xml must parse with xml.etree, and every Atom feed
must have the elements RFC 4287 requires (see `atom_problems`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import build as build_site_cli
from tests.conftest import fixture_copy

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# name -> (site folder, --base-url or None for site.yaml's)
CASES = {
    "example": (REPO, "/"),
    "example-prefixed": (REPO, "https://example.org/briefings/"),
    "all_pages": (SITES / "all_pages", None),
    "golden_site": (SITES / "golden_site", None),
}

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def build(site: Path, out: Path, base_url: str | None = None) -> Path:
    """Build SITE into OUT with the real command line (conftest.build fails on errors)."""
    site = fixture_copy(site, out.parent)
    build_site_cli(site, "-o", out, "-q", *(["--base-url", base_url] if base_url else []))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("html_valid")
    return {name: build(site, root / name, base) for name, (site, base) in CASES.items()}


# --- the Nu Html Checker -------------------------------------------------------------------------

def require_tool(reason: str) -> None:
    """Skip for a missing tool, or fail when BRIEFGEN_REQUIRE_TOOLS=1."""
    if os.environ.get("BRIEFGEN_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (BRIEFGEN_REQUIRE_TOOLS=1; run `npm ci` and install Java 17+)")
    pytest.skip(reason)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR", VNU_JAR))
    if java is None:
        require_tool("java is not installed")
    if not jar.is_file():
        require_tool(f"{jar} is missing: run `npm ci` at the repository root")
    return [str(java), "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "text"]


def vnu_messages(output: str) -> list[str]:
    """Split vnu's text report into messages ('Error: ...' and its 'From line ...' line)."""
    messages: list[str] = []
    for line in output.splitlines():
        if not line.strip() or line.startswith("Document checking completed"):
            continue
        if re.match(r"^(Error|Fatal Error|Warning|Info|IO Error|Schema Error)\b.*?:", line) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n    " + line
    return messages


@pytest.fixture(scope="module")
def vnu_report(built: dict[str, Path]) -> tuple[int, list[str], str]:
    """Run vnu once over every built site: (exit status, messages, raw output)."""
    command = [*vnu_command(), *(str(folder) for folder in built.values())]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    raw = proc.stdout + proc.stderr
    return proc.returncode, vnu_messages(raw), raw


def shown(message: str, folder: Path) -> str:
    """A vnu message with the temporary folder cut out of its file names."""
    return message.replace(f"file:{folder}/", "").replace(f"{folder}/", "")


def names(message: str, folder: Path) -> bool:
    """True if a vnu message is about a file in FOLDER (vnu writes file:/path)."""
    return f"{folder}/" in message


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_html_is_valid(case: str, built: dict[str, Path], vnu_report: tuple[int, list[str], str]) -> None:
    folder = built[case]
    _, messages, _ = vnu_report
    mine = [shown(m, folder) for m in messages if names(m, folder)]
    assert not mine, f"vnu found {len(mine)} problem(s) in the {case} site:\n" + "\n".join(mine)


@pytest.mark.slow
def test_vnu_report_is_accounted_for(built: dict[str, Path], vnu_report: tuple[int, list[str], str]) -> None:
    """vnu failing without a message that names a built file would hide a problem."""
    status, messages, raw = vnu_report
    stray = [m for m in messages if not any(names(m, f) for f in built.values())]
    assert not stray, "vnu reported:\n" + "\n".join(stray)
    assert status == 0 or messages, f"vnu exited {status}:\n{raw}"


@pytest.mark.slow
def test_vnu_catches_errors(tmp_path: Path) -> None:
    """The checker really runs and really reports (guards against a silent no-op)."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><p><div>x</div></p><img src="a.png"></body></html>', encoding="utf-8")
    proc = subprocess.run([*vnu_command(), str(tmp_path)], capture_output=True, text=True,
                          timeout=300, check=False)
    messages = vnu_messages(proc.stdout + proc.stderr)
    assert proc.returncode != 0
    assert any("alt" in m for m in messages), messages


# --- feeds and sitemaps --------------------------------------------------------------------------

def xml_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.rglob(name))


def parse_time(text: str) -> datetime | None:
    if not RFC3339.match(text or ""):
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def atom_problems(root: ET.Element) -> list[str]:
    """What an Atom feed lacks, after RFC 4287 section 4.1.

    feed: id (an IRI), title, updated (RFC 3339), an author (on the feed or on
    every entry), a self link; entry: id (an IRI, unique), title, updated,
    a link rel=alternate; feed updated no earlier than any entry's.
    """
    problems: list[str] = []

    def texts(el: ET.Element, tag: str) -> list[str]:
        return [(c.text or "").strip() for c in el.findall(ATOM + tag)]

    def one(el: ET.Element, tag: str, where: str) -> str:
        found = texts(el, tag)
        if len(found) != 1:
            problems.append(f"{where}: expected exactly one <{tag}>, found {len(found)}")
            return ""
        if not found[0] and tag in ("id", "updated"):
            problems.append(f"{where}: <{tag}> is empty")
        return found[0]

    def check_id(value: str, where: str) -> None:
        if value and not IRI_SCHEME.match(value):
            problems.append(f"{where}: <id> {value!r} is not an absolute IRI")

    def check_time(value: str, where: str, tag: str) -> datetime | None:
        when = parse_time(value)
        if value and when is None:
            problems.append(f"{where}: <{tag}> {value!r} is not an RFC 3339 date-time")
        return when

    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, not an Atom <feed>"]
    check_id(one(root, "id", "feed"), "feed")
    one(root, "title", "feed")
    feed_updated = check_time(one(root, "updated", "feed"), "feed", "updated")
    feed_author = any(a.find(ATOM + "name") is not None for a in root.findall(ATOM + "author"))
    if not any(link.get("rel") == "self" and link.get("href") for link in root.findall(ATOM + "link")):
        problems.append("feed: no <link rel=\"self\">")
    ids: set[str] = set()
    for n, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"entry {n}"
        entry_id = one(entry, "id", where)
        check_id(entry_id, where)
        if entry_id in ids:
            problems.append(f"{where}: duplicate <id> {entry_id}")
        ids.add(entry_id)
        one(entry, "title", where)
        updated = check_time(one(entry, "updated", where), where, "updated")
        for published in texts(entry, "published"):
            check_time(published, where, "published")
        links = [lk for lk in entry.findall(ATOM + "link") if lk.get("rel", "alternate") == "alternate"]
        if not links or not all(lk.get("href") for lk in links):
            problems.append(f"{where}: no <link rel=\"alternate\" href=...>")
        if not feed_author and not any(a.find(ATOM + "name") is not None
                                       for a in entry.findall(ATOM + "author")):
            problems.append(f"{where}: no <author><name> here nor on the feed")
        if feed_updated and updated and updated > feed_updated:
            problems.append(f"{where}: updated {updated.isoformat()} is later than the feed's "
                            f"{feed_updated.isoformat()}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_feeds_are_atom(case: str, built: dict[str, Path]) -> None:
    feeds = xml_files(built[case], "feed.xml")
    assert (built[case] / "feed.xml") in feeds
    problems = []
    for feed in feeds:
        rel = feed.relative_to(built[case]).as_posix()
        try:
            root = ET.parse(feed).getroot()
        except ET.ParseError as exc:
            problems.append(f"{rel}: not well-formed XML: {exc}")
            continue
        problems += [f"{rel}: {p}" for p in atom_problems(root)]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_sitemaps_parse(case: str, built: dict[str, Path]) -> None:
    sitemaps = xml_files(built[case], "sitemap.xml")
    assert sitemaps == [built[case] / "sitemap.xml"]
    problems = []
    for sitemap in sitemaps:
        try:
            root = ET.parse(sitemap).getroot()
        except ET.ParseError as exc:
            problems.append(f"{sitemap.name}: not well-formed XML: {exc}")
            continue
        if root.tag != SITEMAP + "urlset":
            problems.append(f"root element is {root.tag}, not a sitemap <urlset>")
        urls = root.findall(SITEMAP + "url")
        if not urls:
            problems.append("no <url>")
        locs = [(u.findtext(SITEMAP + "loc") or "").strip() for u in urls]
        problems += [f"<url> {n} has no <loc>" for n, loc in enumerate(locs, 1) if not loc]
        problems += [f"duplicate <loc> {loc}" for loc in sorted(set(locs)) if locs.count(loc) > 1]
        for u in urls:
            lastmod = u.findtext(SITEMAP + "lastmod")
            if lastmod is not None and not re.match(r"^\d{4}-\d\d-\d\d", lastmod):
                problems.append(f"bad <lastmod> {lastmod!r}")
    assert not problems, "\n".join(problems)


def test_atom_check_catches_missing_elements() -> None:
    bad = ET.fromstring(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<updated>2022-01-01T00:00:00Z</updated>"
        "<entry><title>e</title><id>not-an-iri</id><updated>2023-01-01</updated></entry></feed>")
    problems = "\n".join(atom_problems(bad))
    for expected in ("feed: expected exactly one <id>", "no <link rel=\"self\">",
                     "not an absolute IRI", "not an RFC 3339", "no <link rel=\"alternate\"",
                     "no <author>"):
        assert expected in problems
