"""Inputs an adversarial review chose: each mistake is one `path:line: message`
line, every one of them in one run, exit 1, no traceback and no output written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.core.errors import BriefgenError
from briefgen.core.urls import is_safe_local_url, safe_href
from briefgen.source.config import parse_config
from tests.conftest import MakeSite, Run, article, as_check, run_cli


def errors(site: Path, *args: str) -> list[str]:
    """The error lines of `check` and of `build` on SITE, which must be the same,
    after checking both exit 1 without a traceback or an output folder."""
    found = []
    for command in ("check", "build"):
        result = run_cli(command, site, *args)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        found.append(result.err_lines)
    assert found[0] == as_check(found[1])
    assert not (site / "public").exists()
    return found[1]


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
    from briefgen.source.content import parse_profile
    from briefgen.source.markdown import make_markdown
    config, md = parse_config("title: T\n"), make_markdown(False)
    set_slug = parse_profile("---\nrole: x\nname: Ann\nslug: ann\n---\n", "p.md", "people", config, md)
    derived = parse_profile("---\nrole: x\nname: Ann\n---\n", "p.md", "people", config, md)
    assert (set_slug.slug_line, derived.slug_line) == (4, 3)


def test_two_profile_slugs_that_clash_are_reported_at_the_slug_line(make_site: MakeSite) -> None:
    site = make_site({"content/people/a.md": "---\nname: Ann\nrole: x\nslug: ann\n---\n",
                      "content/people/b.md": "---\nname: Bob\nrole: x\nslug: ann\n---\n"})
    assert errors(site) == ["content/people/b.md:4: slug: 'ann' is also the slug of content/people/a.md",
                            "briefgen: 1 error(s); nothing was written"]


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
    from briefgen.core.paths import NAME_MAX
    from briefgen.core.slugs import make_slug
    for name in ("a" * 1000, "ä" * 1000, "Мария " * 200, "語" * 1000, "!" * 1000):
        assert len(make_slug(name).encode()) + len("-0123abcd") <= NAME_MAX  # with a clash suffix


# --- 10: files and folders that cannot be read ------------------------------------------------
#
# Tests run as root in CI, where chmod 000 stops no read. There the build runs
# in a child process whose capability bounding set lacks CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH: a root that the kernel holds to file permissions like
# anyone else, so the files below really cannot be read. Not root: chmod alone
# denies, in this process.

PR_CAPBSET_DROP = 24  # <linux/prctl.h>
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2  # <linux/capability.h>


def _drop_file_permission_override() -> None:
    """In the child, before exec: root loses the right to ignore file permissions."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_denied(*args: str | Path) -> Run:
    """`briefgen ARGS` where chmod 000 denies reading: in-process unless root,
    else in a child without the capabilities that let root read anything."""
    if os.geteuid() != 0:
        return run_cli(*args)
    done = subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True,
                          text=True, preexec_fn=_drop_file_permission_override, timeout=120, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def deny(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """deny(path): make PATH unreadable for run_denied, until the test ends.
    Skipped only where nothing can deny a read: not root, and chmod 000 does
    not stop this user (as root, a failing prctl fails the test instead)."""
    if os.geteuid() != 0:
        probe = tmp_path / "probe"
        probe.write_text("x", encoding="utf-8")
        probe.chmod(0)
        if os.access(probe, os.R_OK):
            pytest.skip("chmod 000 does not stop reads here, and this is not root")
    denied: list[Path] = []

    def make_unreadable(path: Path) -> None:
        path.chmod(0)
        denied.append(path)

    yield make_unreadable
    for path in denied:
        path.chmod(0o755)  # so pytest can delete tmp_path


@pytest.mark.slow
def test_every_unreadable_content_file_folder_and_template_is_reported_in_one_run(
        make_site: MakeSite, deny: Callable[[Path], None]) -> None:
    site = make_site({"content/articles/a.md": article("A"),
                      "content/articles/locked.md": article("Locked"),
                      "content/articles/2022/b.md": article("B"),
                      "content/articles/bad.md": article("Bad", "2022-02-30"),
                      "content/pages/about.md": "---\ntitle: About\n---\nx\n",
                      "content/people/p.md": "---\nname: P\n---\nx\n",
                      "templates/article.html": "{% extends 'base.html' %}\n",
                      "templates/partials/x.html": "x\n"})
    for path in ("content/articles/locked.md", "content/articles/2022", "content/pages/about.md",
                 "content/people", "templates/article.html", "templates/partials"):
        deny(site / path)
    expected = ["content/articles/2022: cannot read: permission denied",
                "content/articles/bad.md:3: date: not a date: '2022-02-30'",
                "content/articles/locked.md: cannot read: permission denied",
                "content/pages/about.md: cannot read: permission denied",
                "content/people: cannot read: permission denied",
                "templates/article.html: cannot read: permission denied",
                "templates/partials: cannot read: permission denied",
                "briefgen: 7 error(s); nothing was written"]
    for command in ("check", "build"):
        result = run_denied(command, site)
        assert (result.code, result.err_lines) == (1, expected if command == "build"
                                                   else as_check(expected)), result.err
    assert not (site / "public").exists()


@pytest.mark.slow
def test_unreadable_media_and_static_files_are_reported_by_check_and_build(
        make_site: MakeSite, deny: Callable[[Path], None]) -> None:
    site = make_site({"content/articles/a.md": article("A"),
                      "content/media/a.jpg": "a", "content/media/b.jpg": "b",
                      "content/media/maps/m.svg": "<svg/>",
                      "templates/static/extra.css": "p {}"})
    for path in ("content/media/a.jpg", "content/media/maps", "templates/static/extra.css"):
        deny(site / path)
    expected = ["content/media/a.jpg: cannot read: permission denied",
                "content/media/maps: cannot read: permission denied",
                "templates/static/extra.css: cannot read: permission denied",
                "briefgen: 3 error(s); nothing was written"]
    for command in ("check", "build"):
        result = run_denied(command, site)
        assert (result.code, result.err_lines) == (1, expected if command == "build"
                                                   else as_check(expected)), result.err
    assert not (site / "public").exists()


@pytest.mark.slow
def test_an_unreadable_site_yaml_is_named_by_its_path_in_the_site(
        make_site: MakeSite, deny: Callable[[Path], None]) -> None:
    site = make_site({"content/articles/a.md": article("A")})
    deny(site / "site.yaml")
    for command in ("check", "build"):
        result = run_denied(command, site)
        assert (result.code, result.err_lines) == (1, [
            "site.yaml: cannot read: permission denied",
            "briefgen: 1 error(s)" + ("; nothing was written" if command == "build" else "")]), result.err


# --- 12: symbolic links that lead outside the site --------------------------------------------

@pytest.mark.slow
def test_links_out_of_the_site_are_refused_in_every_input_folder(make_site: MakeSite,
                                                                 tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (secret / "item.md").write_text(article("Secret"), encoding="utf-8")
    site = make_site({"content/articles/a.md": article("A"), "content/media/ok.jpg": "ok",
                      "templates/static/ok.css": "p {}", "shared/b.md": article("B", "2022-01-19")})
    links = {"templates/article.html": secret / "passwd", "templates/partials": secret,
             "content/articles/s.md": secret / "item.md", "content/articles/elsewhere": secret,
             "content/pages/p.md": secret / "item.md", "content/people/x.md": secret / "item.md",
             "content/articles/shared": site / "shared"}  # inside the site: followed
    for link, target in links.items():
        (site / link).parent.mkdir(parents=True, exist_ok=True)
        (site / link).symlink_to(target)
    outside = "symlink leads outside the site; not used"
    assert errors(site) == [f"content/articles/elsewhere: {outside}", f"content/articles/s.md: {outside}",
                            f"content/pages/p.md: {outside}", f"content/people/x.md: {outside}",
                            f"templates/article.html: {outside}", f"templates/partials: {outside}",
                            "briefgen: 6 error(s); nothing was written"]
    for link in list(links)[:-1]:
        (site / link).unlink()
    (site / "content/media/passwd").symlink_to(secret / "passwd")
    (site / "templates/static/x.css").symlink_to(secret / "passwd")
    assert errors(site) == [f"content/media/passwd: {outside}", f"templates/static/x.css: {outside}",
                            "briefgen: 2 error(s); nothing was written"]
    (site / "content/media/passwd").unlink()
    (site / "templates/static/x.css").unlink()
    result = run_cli("build", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/b/index.html").is_file()  # content/articles/shared, in the site


def test_a_link_out_of_the_site_is_seen_by_a_build_that_remembers_the_last(make_site: MakeSite,
                                                                          tmp_path: Path) -> None:
    """A cached build that finds no file changed writes nothing: a refused link
    must count as a change, not be left out of the listing it compares."""
    site = make_site({"content/articles/a.md": article("A"), "content/pages/.keep": ""})
    assert run_cli("build", site).code == 0
    (tmp_path / "x.md").write_text(article("X"), encoding="utf-8")
    (site / "content/pages/x.md").symlink_to(tmp_path / "x.md")
    result = run_cli("build", site)
    assert (result.code, result.err_lines[0]) == (
        1, "content/pages/x.md: symlink leads outside the site; not used")


# --- 14: an input folder that is a file -------------------------------------------------------

@pytest.mark.slow
def test_an_input_folder_that_is_a_file_is_an_error(make_site: MakeSite) -> None:
    site = make_site({"content/articles": "not a folder", "content/people": "", "content/topics": "",
                      "content/pages": "", "templates": ""})
    assert errors(site) == ["content/articles: not a folder", "content/pages: not a folder",
                            "content/people: not a folder", "content/topics: not a folder",
                            "templates: not a folder", "briefgen: 5 error(s); nothing was written"]
    site2 = make_site({"content/articles/a.md": article("A"), "content/media": "x",
                       "templates/static": "x"}, name="site2")
    assert errors(site2) == ["content/media: not a folder", "templates/static: not a folder",
                             "briefgen: 2 error(s); nothing was written"]
    site3 = make_site({"content": "x"}, name="site3")
    assert errors(site3) == ["content: not a folder", "briefgen: 1 error(s); nothing was written"]
    site4 = make_site({}, name="site4")
    (site4 / "content").symlink_to(site2 / "content")
    assert errors(site4) == ["content: symlink leads outside the site; not used",
                             "briefgen: 1 error(s); nothing was written"]
