"""Broken sites: exact messages with file and line, exit 1, previous output untouched.

Each folder in tests/sites/invalid/ is a tiny site with one fault (several-errors
has several) and `expected.txt`, the exact stderr of `briefgen build`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MakeSite, article, as_check, build, run_cli, snapshot, write_site

INVALID = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())

BUGS: dict[str, str] = {}  # case -> reason, for a known bug kept as a strict xfail

# What each reported line of the file must start with: proof that `path:line`
# points at the fault. None where the fault is a missing key (the line is where
# the front matter starts) or the file has no lines.
OFFENDING: dict[str, list[str | bytes | None]] = {
    "also-appeared-at-not-http": ["  - ftp://example.org/copy.txt"],
    "bad-timezone": ["timezone: Europe/Atlantis"],
    "bad-yaml-syntax": ["title: Lavrov says: there will be no war"],
    "bad-yaml-unclosed-list": ["people: [Wendy Sherman, Sergei Ryabkov"],
    "comma-separated-names": ["people: Sergei Lavrov, Antony Blinken"],
    "duplicate-slug": ["title: "],
    "empty-file": [None],
    "impossible-date": ["date: 2022-02-30"],
    "item-in-own-folder": ["slug: feed.xml", "slug: static"],
    "missing-date": [None],
    "missing-site-title": [None],
    "misspelt-key": ["Draft: true", "peopel: [Sergei Lavrov]"],
    "missing-title": [None],
    "no-front-matter": ["# Kremlin Blames West"],
    "not-a-date": ["date: January 18th"],
    "not-utf8": [b"The ministers met in Z\xfcrich."],
    "page-slug-is-a-file": ["slug: index.html"],
    "reserved-page-slug": ["slug: archive"],
    "several-errors": ["date: 2022-02-30", None, "source_url: javascript:alert(1)", None],
    "slugs-differ-in-case": ["slug: Talks"],
    "source-url-javascript": ["source_url: javascript:alert(document.cookie)"],
    "template-cycle": ['{% extends "layout.html" %}'],
    "template-extends-itself": ['{% extends "base.html" %}'],
    "template-includes-itself": ['{% include "byline.html" %}'],
    "template-not-utf8": [b"<p>Caf\xe9 au lait"],
    "template-runtime-error": ["<p>{{ article.byline.name }}</p>"],
    "template-syntax-error": ["<h1>{{ article.title }</h1>"],
    "toml-unquoted-text": ["summary = Ryabkov: no progress"],
    "unclosed-front-matter": ["---"],
    "unknown-site-key": ["per_pgae: 10"],
    "wrong-type": ["title: [Kremlin, Blames, West]"],
    "yaml-tab-last-line": ["\tpeople: [Wendy Sherman]"],
}


def case_params() -> list[object]:
    return [pytest.param(c, marks=pytest.mark.xfail(reason=BUGS[c], strict=True)) if c in BUGS else c
            for c in CASES]


def expected_lines(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def copy_case(case: str, dest: Path) -> Path:
    shutil.copytree(INVALID / case, dest, ignore=shutil.ignore_patterns("expected.txt"))
    return dest


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A successful build, the output a failed build must not touch."""
    tmp = tmp_path_factory.mktemp("good")
    good = write_site(tmp / "site", {
        "content/articles/a.md": article("Good Item", people="[Sergei Lavrov]"),
        "content/media/logo.svg": "<svg/>",
    })
    build(good, "-o", tmp / "out")
    return tmp / "out"


def test_every_case_has_its_expectations() -> None:
    assert len(CASES) >= 21
    for case in CASES:
        lines = expected_lines(case)
        assert lines and lines[-1].startswith("briefgen: "), case
        assert len(OFFENDING[case]) == len(lines) - 1, case


@pytest.mark.parametrize("case", CASES)
def test_reported_line_is_the_offending_line(case: str) -> None:
    for line, want in zip(expected_lines(case)[:-1], OFFENDING[case], strict=True):
        path, number = line.split(":")[:2]
        file = INVALID / case / path
        assert file.is_file(), line
        if want is None:
            continue
        data = file.read_bytes()
        lines = data.split(b"\n")
        assert 1 <= int(number) <= len(lines), line
        text = lines[int(number) - 1]
        assert text.startswith(want if isinstance(want, bytes) else want.encode()), (line, text)


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_exits_1_and_leaves_previous_output_alone(case: str, tmp_path: Path,
                                                               good_output: Path) -> None:
    out = shutil.copytree(good_output, tmp_path / "out")  # a folder briefgen built, with its marker
    before, siblings = snapshot(out), sorted(p.name for p in tmp_path.iterdir())
    site = copy_case(case, tmp_path / "site")

    result = run_cli("build", site, "-o", out)

    assert result.code == 1
    assert "Traceback" not in result.err
    reported = {line.split(":")[0] for line in result.err_lines[:-1]}
    assert reported == {line.split(":")[0] for line in expected_lines(case)[:-1]}
    assert snapshot(out) == before  # same files, bytes and mtimes
    assert sorted(p.name for p in tmp_path.iterdir()) == [*siblings, "site"]  # no temporary folder left


@pytest.mark.parametrize("case", case_params())
def test_invalid_site_reports_the_exact_messages(case: str, tmp_path: Path) -> None:
    site = copy_case(case, tmp_path / "site")
    result = run_cli("build", site, "-o", tmp_path / "out")
    assert result.err_lines == expected_lines(case)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", case_params())
def test_check_reports_the_same_errors(case: str, tmp_path: Path) -> None:
    site = copy_case(case, tmp_path / "site")
    result = run_cli("check", site)
    assert "Traceback" not in result.err
    assert result.err_lines == as_check(expected_lines(case))
    assert result.code == 1
    assert sorted(p.name for p in site.iterdir()) == sorted(p.name for p in (INVALID / case).iterdir()
                                                           if p.name != "expected.txt")


@pytest.mark.slow
def test_breaking_a_built_site_leaves_its_default_output_alone(tmp_path: Path) -> None:
    site = copy_case("several-errors", tmp_path / "site")
    broken = {rel: (site / rel).read_bytes() for rel in
              ("content/articles/a.md", "content/articles/b.md", "content/people/nameless.md")}
    write_site(site, {"content/articles/a.md": article("Fixed"),
                      "content/articles/b.md": article("Fixed too"),
                      "content/people/nameless.md": "---\nname: Maria Zakharova\n---\n"})
    build(site)
    before = snapshot(site / "public")
    write_site(site, broken)  # break it again, then rebuild into the same public/
    result = run_cli("build", site)
    assert result.code == 1
    assert result.err_lines == expected_lines("several-errors")
    assert snapshot(site / "public") == before



@pytest.mark.slow
def test_a_page_in_the_way_of_another_fails_before_a_warm_build_writes(tmp_path: Path) -> None:
    """With a cache, a build updates public/ file by file; a page whose folder is
    another page's file used to fail halfway, after writing a new item's page."""
    site = write_site(tmp_path / "site", {"content/articles/a.md": article("Good Item")})
    build(site)
    before = snapshot(site / "public")
    write_site(site, {"content/articles/n.md": article("New Item", "2022-01-19"),
                      "content/pages/i.md": "---\ntitle: Index\nslug: index.html\n---\nx\n"})
    expected = ["content/pages/i.md:3: output path /index.html/ needs a folder /index.html/ "
                "where a file is written for a built-in page"]
    assert run_cli("check", site).err_lines[:-1] == expected
    result = run_cli("build", site)
    assert (result.code, result.err_lines[:-1]) == (1, expected)
    assert snapshot(site / "public") == before



def test_an_error_in_a_built_in_page_names_its_path_alone(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("Good Item"),
                      "templates/home.html": "{% extends 'base.html' %}{% block main %}\n"
                                             "{{ page.missing.name }}{% endblock %}\n"})
    result = run_cli("build", site)
    assert result.code == 1
    assert result.err_lines[0].startswith("templates/home.html:2: template error: ")
    assert result.err_lines[0].endswith("(rendering /)")



def test_a_missing_include_is_reported_where_it_is_included_once(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("One"),
                      "content/articles/b.md": article("Two", "2022-01-19"),
                      "content/articles/c.md": article("Three", "2022-01-20"),
                      "templates/article.html": "{% extends 'base.html' %}{% block main %}\n"
                                                "{% include 'partials/missing.html' %}{% endblock %}\n"})
    result = run_cli("build", site)
    assert result.code == 1
    [line, summary] = result.err_lines
    assert line.startswith("templates/article.html:2: template not found: partials/missing.html (rendering ")
    assert line.endswith(", and 2 more pages)")
    assert summary == "briefgen: 1 error(s); nothing was written"


# --- line endings and byte order marks -------------------------------------------------------

CRLF_ITEM = ("\ufeff---\r\ntitle: Lavrov on Talks\r\ndate: 2022-01-18\r\npeople: [Sergei Lavrov]\r\n"
             "---\r\nFirst paragraph\r\ncontinues here.\r\n\r\nSecond paragraph.\r\n")


def test_crlf_line_endings_and_a_bom_build_fine(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "\ufefftitle: CRLF Briefing\r\ntimezone: Europe/Moscow\r\n",
        "content/articles/a.md": CRLF_ITEM,
        "content/people/lavrov.md": "\ufeff---\r\nname: Sergei Lavrov\r\nrole: Minister\r\n---\r\nBio.\r\n",
        "content/pages/about.md": "---\r\ntitle: About\r\n---\r\nAbout us.\r\n",
    })
    build(site, "-o", tmp_path / "out")
    page = (tmp_path / "out/articles/lavrov-on-talks/index.html").read_text(encoding="utf-8")
    assert ">Lavrov on Talks</h1>" in page
    assert '<meta name="description" content="First paragraph continues here.">' in page
    assert "<title>CRLF Briefing</title>" in (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert '<p class="role">Minister</p>' in (tmp_path / "out/people/sergei-lavrov/index.html").read_text(
        encoding="utf-8")
    assert (tmp_path / "out/about/index.html").is_file()
    for file in (tmp_path / "out").rglob("*.html"):
        data = file.read_bytes()
        assert b"\r" not in data and "\ufeff".encode() not in data, file


def test_crlf_and_bom_keep_error_lines_right(make_site: MakeSite) -> None:
    site = make_site({
        "content/articles/a.md": "\ufeff---\r\ntitle: X\r\nsource: TASS\r\ndate: 2022-02-30\r\n---\r\nB\r\n",
        "content/articles/b.md": b"---\r\ntitle: Y\r\ndate: 2022-01-18\r\n---\r\nCaf\xe9\r\n",
    })
    result = run_cli("build", site)
    assert result.err_lines == [
        "content/articles/a.md:4: date: not a date: '2022-02-30'",
        "content/articles/b.md:5: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8",
        "briefgen: 2 error(s); nothing was written",
    ]
    assert result.code == 1


def test_one_mistake_in_base_html_is_one_error_for_every_page_template(make_site: MakeSite) -> None:
    """Every page template extends base.html: the mistake is reported once, with
    the first page it broke and how many more, not once per page template."""
    theme = (Path(__file__).parents[1] / "briefgen/theme/templates/base.html").read_text("utf-8")
    site = make_site({"content/articles/a.md": article("Good Item", people="[Sergei Lavrov]"),
                      "templates/base.html": theme.replace("</body>", "{{ page.nope.x }}</body>")})
    result = run_cli("build", site)
    assert result.code == 1
    [error, summary] = result.err_lines
    assert error.startswith("templates/base.html:")
    assert "template error: page has no field 'nope'; docs/templates.md lists the fields" in error
    assert " more pages)" in error
    assert summary == "briefgen: 1 error(s); nothing was written"
