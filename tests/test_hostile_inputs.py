"""Inputs an adversarial review chose: each mistake is one `path:line: message`
line, every one of them in one run, exit 1, no traceback and no output written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeSite, article, run_cli

from briefgen.config import parse_config
from briefgen.errors import BriefgenError
from briefgen.urls import is_safe_local_url, safe_href


def errors(site: Path, *args: str) -> list[str]:
    """The error lines of `check` and of `build` on SITE, which must be the same,
    after checking both exit 1 without a traceback or an output folder."""
    found = []
    for command in ("check", "build"):
        result = run_cli(command, site, *args)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        found.append(result.err_lines)
    assert found[0] == found[1]
    assert not (site / "public").exists()
    return found[0]


# --- 7: base_url with a backslash -------------------------------------------------------------

BACKSLASH = ("must not contain a backslash, a control character or white space "
             "(browsers read '\\' as '/'), got ")


@pytest.mark.parametrize("base_url", ["'/\\evil.example/'", "'\\/evil.example/'",
                                      "'/a\\b/'", "'https://example.org\\evil/'"])
def test_a_base_url_with_a_backslash_is_refused_at_its_line(make_site: MakeSite, base_url: str) -> None:
    site = make_site({"site.yaml": f"title: T\nbase_url: {base_url}\n",
                      "content/articles/a.md": article("A")})
    shown = repr(base_url[1:-1].replace("\\\\", "\\"))
    assert errors(site) == [f"site.yaml:2: base_url: {BACKSLASH}{shown}",
                            "briefgen: 1 error(s); nothing was written"]


@pytest.mark.parametrize("base_url", ["/\\evil.example/", "/a\x01b/", "/a\x85b/", "/a b/"])
def test_the_base_url_option_follows_the_same_rule(make_site: MakeSite, base_url: str) -> None:
    site = make_site({"content/articles/a.md": article("A")})
    for command in ("build", "check"):
        result = run_cli(command, site, "--base-url", base_url)
        assert result.code == 2 and "Traceback" not in result.err
        assert f"--base-url: {BACKSLASH}{base_url!r}" in result.err
    assert not (site / "public").exists()
    with pytest.raises(BriefgenError, match="--base-url: must not contain a backslash"):
        parse_config("title: T\n").with_base_url(base_url)


@pytest.mark.parametrize("url", ["/\\evil.example/x", "\\\\evil.example/x", "/a\tb", "/a\x85b"])
def test_a_backslash_or_control_character_makes_no_link_or_site_path(url: str) -> None:
    assert safe_href(url) == ""
    assert not is_safe_local_url(url)


def test_a_free_form_link_with_a_backslash_is_not_written(make_site: MakeSite, tmp_path: Path) -> None:
    """Templates pass free-form front matter through safe_url: one rule for it too."""
    site = make_site({"content/articles/a.md": article("A", slug="a", homepage="'/\\evil.example/'"),
                      "templates/article.html": "<a href=\"{{ article.extra.homepage|safe_url }}\">x</a>\n"})
    assert run_cli("build", site, "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out/articles/a/index.html").read_text("utf-8") == '<a href="">x</a>\n'
