"""Relative URLs found in body HTML with their lines, aliases checked, bundles told apart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.source.bundles import bundle_folder, split_listing
from briefgen.source.inputs import SiteFolder
from briefgen.source.refs import (
    Ref,
    alias_path,
    alias_problem,
    is_relative,
    is_site_path,
    split_url,
    url_refs,
)

TEXT = """---
title: T
---
Intro [a](map.png).

![b](map.png) [c](<../x y.md#f>)

[r][1] and [same][1]

[1]: ./a&amp;b.pdf
"""
HTML = ('<p>Intro <a href="map.png">a</a>.</p><p><img src="map.png" alt="b" />'
        '<a href="../x%20y.md#f">c</a></p><p><a href="./a&amp;b.pdf">r</a> and '
        '<a href="./a&amp;b.pdf">same</a> <a href="/abs/">x</a> <a href="#fn1">n</a></p>')


def test_relative_urls_are_found_with_the_lines_they_are_written_on() -> None:
    """Site paths too (`/abs/`, not written in TEXT: the body's first line);
    fragments and other hosts are no refs."""
    assert url_refs(HTML, TEXT, TEXT.index("Intro")) == (
        Ref("map.png", 4), Ref("map.png", 6), Ref("../x%20y.md#f", 6),
        Ref("./a&amp;b.pdf", 10), Ref("./a&amp;b.pdf", 10), Ref("/abs/", 4))


def test_a_site_path_given_the_base_path_is_found_as_written() -> None:
    text = "---\ntitle: T\n---\nIntro.\n\n![map](/media/map.png)\n"
    html = '<p>Intro.</p><p><img src="/b/media/map.png" alt="map" /></p>'
    assert url_refs(html, text, text.index("Intro"), "/b/") == (Ref("/b/media/map.png", 6),)


def test_a_url_is_not_found_inside_a_longer_one() -> None:
    text = "---\ntitle: T\n---\nSee [the page](/gov/).\n\nAgain [here](/gov).\n"
    html = '<p>See <a href="/gov/">the page</a>.</p><p>Again <a href="/gov">here</a>.</p>'
    assert url_refs(html, text, text.index("See")) == (Ref("/gov/", 4), Ref("/gov", 6))


@pytest.mark.parametrize(("url", "site_path"), [
    ("/about/", True), ("/", True), ("//x.org/a", False), ("about/", False), ("https://x.org/", False),
])
def test_which_urls_are_site_paths(url: str, site_path: bool) -> None:
    assert is_site_path(url) is site_path


@pytest.mark.parametrize(("url", "relative"), [
    ("map.png", True), ("../a.md", True), ("notes/", True), ("/about/", False), ("#fn1", False),
    ("https://x.org/", False), ("mailto:a@b", False), ("//x.org/a", False), ("", False), ("?q", False),
])
def test_which_urls_are_relative(url: str, relative: bool) -> None:
    assert is_relative(url) is relative


def test_a_url_is_split_into_its_file_path_and_the_rest() -> None:
    assert split_url("../x%20y.md#f") == ("../x y.md", "#f")
    assert split_url("a&amp;b.pdf?v=1#p") == ("a&b.pdf", "?v=1#p")


@pytest.mark.parametrize(("alias", "problem"), [
    ("/2019/01/old-slug/", None),
    ("old/page.html", None),
    ("/Старые/страницы/", None),
    ("https://x.org/y/", "'https://x.org/y/' is not a path of this site: write it without a scheme "
                         "or host, as /old/path/"),
    ("//x.org/y/", "'//x.org/y/' is not a path of this site: write it without a scheme or host, "
                   "as /old/path/"),
    ("/a/../b/", "'/a/../b/' has an empty, '.' or '..' part between slashes"),
    ("/a//b/", "'/a//b/' has an empty, '.' or '..' part between slashes"),
    ("/", "'/' is the home page, which cannot redirect"),
    ("/a?b=1", "'/a?b=1' has the character '?'; use letters, digits and + , - . = @ _ ~ between slashes"),
])
def test_aliases_are_paths_of_the_site(alias: str, problem: str | None) -> None:
    assert alias_problem(alias) == problem


def test_an_alias_is_a_folder_unless_it_names_an_html_file() -> None:
    assert alias_path("/2019/01/old-slug") == "2019/01/old-slug/"
    assert alias_path("old/page.html") == "old/page.html"
    assert alias_path("/old/page.php") == "old/page.php/"


def test_a_bundle_is_a_folder_below_articles_with_an_index() -> None:
    assert bundle_folder("content/articles/2022/trip/index.md") == "content/articles/2022/trip"
    assert bundle_folder("content/articles/2022/trip/index.markdown") == "content/articles/2022/trip"
    assert bundle_folder("content/articles/index.md") is None
    assert bundle_folder("content/articles/trip/other.md") is None


def test_the_listing_is_split_into_items_and_bundle_files(tmp_path: Path) -> None:
    files = ["a.md", "notes.txt", "trip/index.md", "trip/map.png", "trip/notes.md",
             "trip/inner/index.md", "trip/inner/x.jpg", "plain/b.markdown", "plain/c.png"]
    for name in files:
        path = tmp_path / "content/articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    os.symlink("/etc/hostname", tmp_path / "content/articles/stray.txt")
    os.symlink("/etc/hostname", tmp_path / "content/articles/trip/leak.txt")
    listing = SiteFolder(tmp_path).list_files("content/articles")
    items, bundled = split_listing(listing, (".md", ".markdown"), str(tmp_path))
    prefix = len("content/articles/")
    assert sorted(p[prefix:] for p, _ in items.files) == ["a.md", "plain/b.markdown", "trip/index.md"]
    assert sorted(p[prefix:] for p, _ in bundled.files) == ["trip/inner/x.jpg", "trip/map.png"]
    assert list(bundled.problems) == ["content/articles/trip/leak.txt"]  # a link out of the site
    assert not items.problems  # a stray link no build reads is no error
