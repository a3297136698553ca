"""Every site.yaml error reads the same on the command line: `site.yaml:N: message`
lines, then the count, whether the file's YAML, its encoding or a value is wrong."""

from __future__ import annotations

import pytest
from conftest import MakeSite, article, run_cli

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
        assert result.err_lines == [message, SUMMARY]  # no 'briefgen:' prefix, no traceback
    assert not (root / "public").exists()
