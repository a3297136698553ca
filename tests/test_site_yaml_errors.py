"""Every site.yaml error reads the same on the command line: `site.yaml:N: message`
lines, then the count, whether the file's YAML, its encoding or a value is wrong."""

from __future__ import annotations

import pytest

from tests.conftest import MakeSite, article, as_check, run_cli

SUMMARY = "briefgen: 1 error(s); nothing was written"


@pytest.mark.parametrize(("site_yaml", "message"), [
    (b"title: T\nx: [a\n", "site.yaml:2: invalid YAML: did not find expected ',' or ']'"),
    (b"title: T\ntitle: U\n", "site.yaml:2: title: duplicate key (first given on line 1)"),
    (b"- title: T\n", "site.yaml:1: site.yaml must be a mapping of settings "
                      "(key: value lines such as 'title: My Briefing')"),
    (b"title: Z\xfcrich\n", "site.yaml:1: not UTF-8: byte 0xfc cannot be decoded; "
                            "save the file as UTF-8"),
    (b"title: T\nper_page: true\n", "site.yaml:2: per_page: expected a whole number, got true"),
])
@pytest.mark.parametrize("command", ["build", "check"])
def test_site_yaml_errors_are_listed_then_counted(make_site: MakeSite, command: str,
                                                  site_yaml: bytes, message: str) -> None:
    root = make_site({"site.yaml": site_yaml, "content/articles/a.md": article("A")})
    for verbose in ((), ("-v",)):
        result = run_cli(command, root, *verbose)
        assert result.code == 1
        # no 'briefgen:' prefix, no traceback
        assert result.err_lines == [message, SUMMARY if command == "build" else as_check([SUMMARY])[0]]
    assert not (root / "public").exists()


@pytest.mark.parametrize(("output_dir", "line"), [
    ("content", "site.yaml:2: output_dir: must not be or lie in content/ or templates/, "
                "which briefgen reads, got 'content'"),
    ("./templates/out", "site.yaml:2: output_dir: must not be or lie in content/ or "
                        "templates/, which briefgen reads, got './templates/out'"),
])
def test_an_output_dir_in_what_briefgen_reads_is_refused_at_its_line(
        make_site: MakeSite, output_dir: str, line: str) -> None:
    """The folder comes from site.yaml, so the error names site.yaml and the line
    (as every other bad value there), reported with the file's other mistakes."""
    root = make_site({"site.yaml": f"title: T\noutput_dir: {output_dir}\nper_page: 0\n",
                      "content/articles/a.md": article("A")})
    result = run_cli("build", root)
    assert result.code == 1
    assert result.err_lines == [line, "site.yaml:3: per_page: must be at least 1, got 0",
                                "briefgen: 2 error(s); nothing was written"]
    assert sorted(p.name for p in (root / "content").iterdir()) == ["articles"]
