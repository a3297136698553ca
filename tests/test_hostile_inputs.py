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


# --- 14: small ones ---------------------------------------------------------------------------

def test_a_wrong_value_inside_image_is_named_by_its_full_key(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("A", image="{src: /x.jpg, alt: [1]}"),
                      "content/articles/b.md": article("B", image="\n  src: [x]\n  alt: {a: 1}")})
    assert errors(site) == [
        "content/articles/a.md:4: image.alt: expected text, got a list",
        "content/articles/b.md:5: image.src: expected text, got a list",
        "content/articles/b.md:6: image.alt: expected text, got a mapping",
        "briefgen: 3 error(s); nothing was written",
    ]


def test_a_yaml_set_is_called_a_set(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("A", summary="!!set {a, b}")})
    assert errors(site) == ["content/articles/a.md:4: summary: expected text, got a set",
                            "briefgen: 1 error(s); nothing was written"]


def test_a_profile_slug_is_placed_at_its_slug_line_or_else_its_name_line() -> None:
    from briefgen.content import parse_profile
    from briefgen.markdown import make_markdown
    config, md = parse_config("title: T\n"), make_markdown(False)
    set_slug = parse_profile("---\nrole: x\nname: Ann\nslug: ann\n---\n", "p.md", "people", config, md)
    derived = parse_profile("---\nrole: x\nname: Ann\n---\n", "p.md", "people", config, md)
    assert (set_slug.slug_line, derived.slug_line) == (4, 3)


def test_two_profile_slugs_that_clash_are_reported_at_the_slug_line(make_site: MakeSite) -> None:
    site = make_site({"content/people/a.md": "---\nname: Ann\nrole: x\nslug: ann\n---\n",
                      "content/people/b.md": "---\nname: Bob\nrole: x\nslug: ann\n---\n"})
    assert errors(site) == ["content/people/b.md:4: slug: 'ann' is also the slug of content/people/a.md",
                            "briefgen: 1 error(s); nothing was written"]


@pytest.mark.xfail(strict=True, reason="pages.py (another developer's) gives term pages no line: "
                                       "its Job for a profile's term needs line=term.profile.slug_line")
def test_profile_slugs_that_differ_in_case_are_reported_at_the_slug_line(make_site: MakeSite) -> None:
    site = make_site({"content/people/a.md": "---\nname: Ann\nrole: x\nslug: Ann\n---\n",
                      "content/people/b.md": "---\nname: Bob\nrole: x\nslug: ann\n---\n"})
    assert all(line.startswith("content/people/b.md:4: ") for line in errors(site)[:-1])


# --- 9: a slug too long for a file name -------------------------------------------------------

def too_long(name: str, size: int) -> str:
    return (f"slug: too long: it makes an output file or folder name of {size} bytes "
            f"({name[:24]!r}...); at most 255 fit")


def test_slugs_too_long_for_a_file_name_are_errors_at_their_line(make_site: MakeSite) -> None:
    site = make_site({
        "content/articles/ok.md": article("Ok", slug="k" * 255),  # the longest that fits
        "content/articles/a.md": article("A", slug="a" * 256),
        "content/pages/p.md": f"---\ntitle: P\nslug: {'p' * 300}\n---\nB\n",
        "content/people/x.md": f"---\nname: X\nrole: r\nslug: {'x' * 256}\n---\nB\n",
        "content/topics/t.md": f"---\nslug: {'t' * 999}\nname: T\n---\nB\n",
    })
    assert errors(site) == [
        f"content/articles/a.md:4: {too_long('a' * 256, 256)}",
        f"content/pages/p.md:3: {too_long('p' * 300, 300)}",
        f"content/people/x.md:4: {too_long('x' * 256, 256)}",
        f"content/topics/t.md:2: {too_long('t' * 999, 999)}",
        "briefgen: 4 error(s); nothing was written",
    ]


def test_the_permalink_around_a_slug_counts_and_a_title_made_slug_is_blamed_on_its_title(
        make_site: MakeSite) -> None:
    site = make_site({"site.yaml": f"title: T\npermalinks: {{article: '/{{year}}-{'x' * 180}-{{slug}}/'}}\n",
                      "content/articles/a.md": article("A " * 40, slug="s" * 70),
                      "content/articles/b.md": article("B " * 40)})
    name_a, name_b = f"2022-{'x' * 180}-{'s' * 70}", f"2022-{'x' * 180}-{'b-' * 39}b"
    assert errors(site) == [f"content/articles/a.md:4: {too_long(name_a, 256)}",
                            f"content/articles/b.md:2: {too_long(name_b, len(name_b))}",
                            "briefgen: 2 error(s); nothing was written"]


def test_slugs_made_from_names_always_fit_a_file_name() -> None:
    from briefgen.routes import NAME_MAX
    from briefgen.slugs import make_slug
    for name in ("a" * 1000, "ä" * 1000, "Мария " * 200, "語" * 1000, "!" * 1000):
        assert len(make_slug(name).encode()) + len("-0123abcd") <= NAME_MAX  # with a clash suffix
