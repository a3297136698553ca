"""`briefgen import pelican`: a Pelican site's settings (read, never run),
metadata blocks, links, code blocks, plugin tags, pages and static files,
imported and then checked and built end to end."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.test_import import checked_and_built, import_files, item

CONF = """\
AUTHOR = 'Ada Editor'
SITENAME = 'Eastern Desk'
SITEURL = ''
PATH = 'content'
TIMEZONE = 'Europe/Vilnius'
ARTICLE_URL = 'posts/{date:%Y}/{date:%m}/{slug}/'
STATIC_PATHS = ['images', 'downloads', 'extra/robots.txt']
EXTRA_PATH_METADATA = {'extra/robots.txt': {'path': 'robots.txt'}}
CODE_DIR = 'downloads/code'
PLUGINS = ['liquid_tags.img', 'liquid_tags.include_code']
THEME = 'themes/plain'
import os
OUTPUT_PATH = os.path.join('out', 'site')
DEFAULT_CATEGORY = os.environ['NEVER']
open('ran.txt', 'w').write('the settings file ran')
"""

TALKS = """\
Title: Envoys meet in Vilnius
Date: 2024-3-5 9:30
Modified: 2024-03-06 08:00
Category: Diplomacy
Tags: NATO, Baltic security; talks
Slug: vilnius-envoys
Authors: Ada Editor; Lee, Sam
Summary: A first round of talks,
    in two lines.

[TOC]

The envoys met for a first round. Earlier: [the preview]({filename}/2024/preview.md).

<!-- PELICAN_END_SUMMARY -->

![Map]({static}/images/map.png) and [the programme]({attach}../downloads/programme.pdf)
and [more talks]({tag}talks), [the desk]({category}Diplomacy), [Ada]({author}Ada%20Editor).

## Schedule

    :::python
    def agenda():
        return "{filename}/not-a-link.md"


    print(agenda())

After the code.

    {% if kept %} indented code is left as written {% endif %}

{% img right /images/map.png 300 Map of the region %}

{% include_code agenda.py lang:python The agenda %}

A link [to nowhere]({filename}/missing.md).
"""

PREVIEW = """\
Title: Preview of the talks
Status: draft

Who will come, and why.
"""

DATED = """\
Title: A note dated by its name

Text.
"""

NOTEBOOK = {
    "nbformat": 4, "nbformat_minor": 2,
    "metadata": {"language_info": {"name": "python"}},
    "cells": [
        {"cell_type": "markdown", "source": ["# Not shown\n"]},
        {"cell_type": "markdown", "source": ["Counting the **delegations**.\n"]},
        {"cell_type": "code", "source": ["len(delegations)"], "outputs": [
            {"output_type": "execute_result", "data": {"text/plain": ["12"]}},
            {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}}]},
    ],
}


RST = """\
An older post
#############

:date: 2010-1-5 08:15
:tags: archive; reST
:authors: Ada Editor
:summary: From the days of reStructuredText.

A `preview <{filename}/2024/preview.md>`_ and a picture:

.. image:: {static}/images/map.png
   :alt: The map

.. code-block:: python

    x = 1


    y = 2

.. include:: /etc/hostname

.. raw:: html

   <script>alert(1)</script>
"""


def pelican_site() -> dict[str, str | bytes]:
    return {
        "pelicanconf.py": CONF,
        "publishconf.py": "from pelicanconf import *\nSITEURL = 'https://desk.example.org'\n",
        "content/2024/vilnius-envoys.md": TALKS,
        "content/2024/preview.md": PREVIEW,
        "content/2024-02-01-dated-by-name.markdown": DATED,
        "content/notebook-post.md": "Title: Counting\nDate: 2024-04-01\n\n"
                                    "{% notebook count.ipynb cells[1:] %}\n",
        "content/notebooks/count.ipynb": json.dumps(NOTEBOOK),
        "content/no-title.md": "Date: 2024-01-01\n\nNo title here.\n",
        "content/skipped.md": "Title: Left out\nDate: 2024-01-01\nStatus: skip\n\nx\n",
        "content/only-lt.md": "Title: Tik lietuviškai\nDate: 2024-03-06\nLang: lt\n\nTekstas.\n",
        "content/2024/vilnius-envoys-lt.md": "Title: Pasiuntiniai\nDate: 2024-03-05\nLang: lt\n"
                                             "Translation: true\nSlug: vilnius-envoys\n\nTekstas.\n",
        "content/old-post.rst": RST,
        "content/page.html": "<html><head><title>Kept out</title></head><body>x</body></html>",
        "content/pages/about.md": "Title: About the desk\n\nWho we are.\n",
        "content/images/map.png": b"\x89PNG\r\n\x1a\n",
        "content/downloads/programme.pdf": b"%PDF-1.4\n",
        "content/downloads/code/agenda.py": "print('first item')\n",
        "content/extra/robots.txt": "User-agent: *\n",
        "content/drafts-notes.txt": "not published by Pelican\n",
    }


def test_pelican_site(tmp_path: Path) -> None:
    site, result = import_files("pelican", tmp_path, pelican_site())
    report = result.out.splitlines()
    assert not (tmp_path / "src/ran.txt").exists()  # the settings file was read, never run
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Eastern Desk"
    assert config["base_url"] == "https://desk.example.org/"  # publishconf.py's
    assert config["timezone"] == "Europe/Vilnius"
    front, body = item(site, "2024/vilnius-envoys.md")
    assert front["title"] == "Envoys meet in Vilnius"
    assert front["date"] == "2024-03-05 09:30"
    assert front["updated"] == "2024-03-06 08:00"
    assert front["slug"] == "vilnius-envoys"
    assert front["topics"] == ["Diplomacy", "NATO, Baltic security", "talks"]  # split on ';'
    assert front["authors"] == ["Ada Editor", "Lee, Sam"]
    assert front["summary"] == "A first round of talks, in two lines."
    assert front["toc"] is True and "[TOC]" not in body
    # ARTICLE_URL filled in; then its Lithuanian translation's, by ARTICLE_LANG_URL
    assert front["aliases"] == ["/posts/2024/03/vilnius-envoys/", "/vilnius-envoys-lt.html"]
    assert "Earlier: [the preview](/articles/preview-of-the-talks/)." in body
    assert "<!--more-->" in body
    assert "![Map](/media/images/map.png)" in body
    assert "[the programme](/media/downloads/programme.pdf)" in body  # relative to the post
    assert "[more talks](/topics/talks/), [the desk](/topics/diplomacy/), " \
           "[Ada](/authors/ada-editor/)" in body
    assert '```python\ndef agenda():\n    return "{filename}/not-a-link.md"\n\n\nprint(agenda())\n```' \
        in body
    assert "    {% if kept %} indented code is left as written {% endif %}" in body
    assert '![Map of the region](/media/images/map.png)' in body
    assert "**The agenda agenda.py** ([download](/media/downloads/code/agenda.py))\n\n" \
           "```python\nprint('first item')\n```" in body
    assert "[to nowhere]({filename}/missing.md)" in body
    assert "content/2024/vilnius-envoys.md:37: {filename}/missing.md: names no post or page " \
           "the import brings; left as written" in report
    draft, _ = item(site, "2024/preview.md")
    assert draft["draft"] is True and draft["topics"] == ["2024"]  # its folder is its category
    assert "aliases" not in draft  # a draft had no public URL
    dated, _ = item(site, "2024-02-01-dated-by-name.md")
    assert dated["date"] == "2024-02-01"  # FILENAME_METADATA
    assert dated["aliases"] == ["/posts/2024/02/a-note-dated-by-its-name/"]
    _, body = item(site, "notebook-post.md")
    assert "# Not shown" not in body  # cells[1:]
    assert "Counting the **delegations**.\n\n```python\nlen(delegations)\n```\n\n```\n12\n```" in body
    assert "content/notebook-post.md:4: notebook count.ipynb: its 2 cells written into the " \
           "item; 1 image of their output not imported" in report
    assert "content/no-title.md:1: skipped: no Title: (Pelican leaves such a file out too)" in report
    assert "content/skipped.md:3: skipped: Status: skip" in report
    assert "content/2024/vilnius-envoys-lt.md:1: skipped: a translation (lt) of a post in the " \
           "site's language, en: briefgen imports that one" in report
    assert not list(site.rglob("vilnius-envoys-lt*")) and not list(site.rglob("*-2.md"))
    assert item(site, "only-lt.md")[0]["title"] == "Tik lietuviškai"  # no original: a post
    old, body = item(site, "old-post.md")  # reStructuredText, read with docutils
    assert (old["title"], old["date"], old["topics"], old["authors"]) == (
        "An older post", "2010-01-05 08:15", ["archive", "reST"], ["Ada Editor"])
    assert old["summary"] == "From the days of reStructuredText."
    assert '<a class="reference external" href="/articles/preview-of-the-talks/">preview</a>' in body
    assert '<img alt="The map" src="/media/images/map.png" />' in body
    assert "\n\n<pre class=\"code python literal-block\">" in body and "y</span>" in body
    assert "hostname" not in body.replace(".. include", "") and "alert" not in body
    assert 'content/old-post.rst:21: reStructuredText warning: "include" directive disabled.' in report
    assert 'content/old-post.rst:23: reStructuredText warning: "raw" directive disabled.' in report
    assert "content/: 1 HTML file left out: briefgen imports Markdown (convert them, to " \
           "Markdown with pandoc for one)" in report
    assert "pelicanconf.py:14: DEFAULT_CATEGORY: not a plain value (briefgen does not run the " \
           "settings file); Pelican's default is used" in report
    assert "pelicanconf.py: PLUGINS: briefgen runs no Pelican plugins (liquid_tags.img, " \
           "liquid_tags.include_code); what they add to pages is not imported" in report
    assert (site / "content/pages/about-the-desk.md").is_file()
    assert (site / "content/media/robots.txt").is_file()  # EXTRA_PATH_METADATA's path
    assert not list(site.rglob("drafts-notes*"))  # outside STATIC_PATHS: Pelican publishes none
    public = checked_and_built(site, tmp_path, "--drafts")
    page = (public / "articles/vilnius-envoys/index.html").read_text()
    assert '<a href="/articles/preview-of-the-talks/">the preview</a>' in page
    assert 'class="language-python' in page or 'class="highlight' in page
    assert (public / "media/images/map.png").is_file()
    assert (public / "topics/talks/index.html").is_file()
    assert (public / "posts/2024/03/vilnius-envoys/index.html").is_file()  # the old URL redirects
    page = (public / "articles/an-older-post/index.html").read_text()
    assert "y</span>" in page.split("<pre")[1] and "<script" not in page.split('<div class="body">')[1]


def test_yaml_front_matter_and_a_site_without_settings(tmp_path: Path) -> None:
    """A site that writes YAML between `---` lines (the yaml-metadata plugin),
    and one with no pelicanconf.py at all: content/ is read, with Pelican's defaults."""
    site, result = import_files("pelican", tmp_path, {
        "content/a.md": "---\ntitle: Talks resume\ndate: 2024-05-02\ntags: [one, two]\n---\n\nBody.\n",
        "content/b.md": "---\nTitle: Key: value lines\nDate: 2024-05-03 10:00\n---\nBody two.\n",
    })
    front, body = item(site, "a.md")
    assert front["topics"] == ["one", "two"] and body.strip() == "Body."
    assert front["aliases"] == ["/talks-resume.html"]
    second, body = item(site, "b.md")
    assert second["title"] == "Key: value lines" and second["date"] == "2024-05-03 10:00"
    assert body.strip() == "Body two."
    assert "no pelicanconf.py, and no other settings file named where Pelican is run: " \
        "Pelican's defaults are used" in result.out
    checked_and_built(site, tmp_path)


def test_a_settings_file_the_makefile_names(tmp_path: Path) -> None:
    """A site without pelicanconf.py, built with `pelican -s settings.py`:
    its URLs and title come from that file, and the report says so (read with
    Pelican's defaults instead, every old URL would be wrong without a word)."""
    site, result = import_files("pelican", tmp_path, {
        "Makefile": "html:\n\tpelican -t theme -s settings.py -o out content\n"
                    "book:\n\tpelican -s book_settings.py content\n",
        "settings.py": "SITENAME = 'Field Desk'\nARTICLE_URL = 'blog/{slug}.html'\n"
                       "PLUGINS = ['summary']\n",
        "book_settings.py": "SITENAME = 'Field Desk, the book'\n",
        "content/a.md": "Title: Talks resume\nDate: 2024-05-02\n\nBody.\n",
    })
    assert yaml.safe_load((site / "site.yaml").read_text())["title"] == "Field Desk"
    assert item(site, "a.md")[0]["aliases"] == ["/blog/talks-resume.html"]
    assert "settings.py: settings read from settings.py (the site has no pelicanconf.py)" \
        in result.out
    assert "settings.py: PLUGINS: briefgen runs no Pelican plugins (summary)" in result.out
    # No runner names one: the one top-level file that sets SITENAME is read.
    (tmp_path / "src/Makefile").unlink()
    (tmp_path / "src/book_settings.py").unlink()
    (tmp_path / "src/fabfile.py").write_text("import os\n")
    site, result = import_files("pelican", tmp_path, {})
    assert item(site, "a.md")[0]["aliases"] == ["/blog/talks-resume.html"]


def test_what_python_markdown_reads_otherwise_and_pelican_pages(tmp_path: Path) -> None:
    """Headings without a space after `#`, an image inside an inline
    element's lines, `<a name>` anchors, a date with two spaces, posts that
    name their own authors; pages' old URLs, hidden pages, and pages that
    were their template's work alone."""
    site, result = import_files("pelican", tmp_path, {
        "pelicanconf.py": "AUTHOR = 'Site Team'\nSITENAME = 'Desk'\n",
        "content/one.md": "Title: One\nDate: 2020-01-02  10:00\nAuthors: Jane Roe\n\n"
                          "##Setup\n\nSee [the end](#the-end).\n\n<span class=\"wide\">\n"
                          "![A map](images/a.png)\n</span>\n\n<a name=\"the-end\"></a>\nLast words.\n",
        "content/two.md": "Title: Two\nDate: 2020-01-03 17:7\n\n#\u00a0Notes\n\nText.\n",
        "content/images/a.png": b"\x89PNG\r\n\x1a\n",
        "content/pages/about.md": "Title: About\n\nWho we are.\n",
        "content/pages/thanks.md": "Title: Thanks\nStatus: hidden\n\nThank you.\n",
        "content/pages/landing.md": "Title: Landing\nTemplate: landing\n",
        "content/pages/404.md": "Title: Not Found\nSlug: 404\nStatus: hidden\nURL: 404.html\n\nSorry.\n",
        "content/pages/search.md": "Title: Search\nURL: search/\n\nFind.\n",
        "content/pages/old.md": "Title: Old list\nURL: archive/2010/old-list.html\n\nOld.\n",
    })
    front, body = item(site, "one.md")
    assert front["date"] == "2020-01-02 10:00" and front["authors"] == ["Jane Roe"]
    assert "## Setup" in body
    assert item(site, "two.md")[0]["authors"] == ["Site Team"]
    assert item(site, "two.md")[0]["date"] == "2020-01-03 17:07"  # a one-digit minute, as dateutil reads it
    assert "# Notes" in item(site, "two.md")[1]
    pages = site / "content/pages"
    assert yaml.safe_load((pages / "about.md").read_text().split("---")[1])["aliases"] == \
        ["/pages/about.html"]
    assert "footer: false" in (pages / "thanks.md").read_text()
    assert "footer: false" in (pages / "landing.md").read_text()  # kept for the links to it
    assert "content/pages/landing.md:2: Template: landing, and no text: the page was what the old " \
           "theme's template made of it; imported empty, with footer: false, for you to write" \
           in result.out
    assert yaml.safe_load((pages / "old-list.md").read_text().split("---")[1])["aliases"] == \
        ["/archive/2010/old-list.html"]  # under briefgen's archive/ but none of its pages
    assert "content/pages/404.md:1: old URL /404.html is where briefgen writes a page of its own " \
           "(the home, search or 404 page, the feed...); not kept as an alias" in result.out
    out = checked_and_built(site, tmp_path)  # no old URL takes one of briefgen's pages
    html = (out / "articles/one/index.html").read_text(encoding="utf-8")
    assert '<h2 id="setup"' in html and '<img src="/media/images/a.png" alt="A map"' in html
    assert '<a id="the-end"></a>' in html and 'href="#the-end"' in html
    assert (out / "pages/about.html").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/about/"' in home and 'href="/thanks/"' not in home


def test_pelican_settings_for_undated_posts_and_basename_slugs(tmp_path: Path) -> None:
    site, _ = import_files("pelican", tmp_path, {
        "pelicanconf.py": "PATH = 'posts'\nDEFAULT_DATE = (2023, 9, 1, 8, 0)\n"
                          "SLUGIFY_SOURCE = 'basename'\nARTICLE_URL = '{category}/{slug}.html'\n",
        "posts/Field Notes.md": "Title: Notes from the field\nCategory: Reports\n\n"
                                "See |filename|other.md.\n\n    #!python\n    x = 1\n",
        "posts/other.md": "Title: Other\nDate: 2023-09-02\n\nText.\n",
    })
    front, body = item(site, "Field Notes.md")
    assert front["date"] == "2023-09-01 08:00:00"
    assert front["slug"] == "field-notes"
    assert front["aliases"] == ["/reports/field-notes.html"]
    assert "See /articles/other/." in body
    assert "```python\nx = 1\n```" in body
    checked_and_built(site, tmp_path)


def test_what_real_pelican_sites_write(tmp_path: Path) -> None:
    """Shapes found on real Pelican sites: no PATH (the site is built with
    `pelican content`), a base path in its links, relative links for flat
    URLs, slugs as Pelican makes them, its language, Markdown in a summary,
    AUTHOR and DEFAULT_METADATA, link definitions Python-Markdown reads
    otherwise than CommonMark, Markdown right after an HTML line, extensions
    briefgen does not run, and links to old tag pages."""
    site, result = import_files("pelican", tmp_path, {
        "pelicanconf.py": "AUTHOR = 'Lu Reviewer'\nDEFAULT_LANG = 'fr'\n"
                          "DEFAULT_METADATA = {'status': 'draft'}\n"
                          "MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {}, "
                          "'markdown_video': {}}}\n",
        "publishconf.py": "SITEURL = 'https://example.org/lu/blog'\n",
        "draft/unfinished.md": "Title: Not published\nDate: 2024-01-01\n\nx\n",
        "content/one.md": "Title: L'état de l'art 0.7\nDate: 2024-01-02\nStatus: published\n"
                          "Tags: jeux\nSummary: See [the docs](https://example.org) **now**.\n\n"
                          "Read [two](/lu/blog/deux.html), [the tag](/lu/blog/tag/jeux.html) and "
                          "[next](deux.html); ![p](images/a.png)\n\n"
                          "[r] and [x][].\n\n[x]:\n[r]: https://one.example/\n[r]: https://two.example/\n\n"
                          "### A\n<div id=\"x\"></div>\n### B\n",
        "content/deux.md": "Title: Deux\nDate: 2024-01-03\nStatus: published\n\nText.\n",
        "content/trois.md": "Title: Trois\nDate: 2024-01-04\n\nText.\n",
        "content/images/a.png": b"\x89PNG\r\n\x1a\n",
    })
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["language"] == "fr" and config["base_url"] == "https://example.org/lu/blog/"
    front, body = item(site, "one.md")
    assert front["slug"] == "letat-de-lart-07" and front["aliases"] == ["/letat-de-lart-07.html"]
    assert front["summary"] == "See the docs now." and front["authors"] == ["Lu Reviewer"]
    assert "draft" not in front
    assert "[two](/articles/deux/), [the tag](/topics/jeux/) and [next](/articles/deux/); " \
           "![p](/media/images/a.png)" in body
    assert "[r]: https://two.example/" in body and "one.example" not in body and "[x]:" not in body
    assert "### A\n<div id=\"x\"></div>\n\n### B" in body
    assert item(site, "trois.md")[0]["draft"] is True  # DEFAULT_METADATA's status
    assert not list(site.rglob("unfinished*"))  # outside content/, which `pelican content` reads
    report = result.out.splitlines()
    assert "pelicanconf.py: PATH is not set: content/ is read, the folder `pelican content` " \
           "builds" in report
    assert "pelicanconf.py: MARKDOWN: briefgen runs no Python-Markdown extension markdown_video; " \
           "what they would make of posts' text stays as written" in report
    assert any("an empty link definition [x]" in line for line in report)
    assert any("link [r] is defined again below" in line for line in report)
    public = checked_and_built(site, tmp_path, "--drafts")
    page = (public / "articles/letat-de-lart-07/index.html").read_text()
    assert '<a href="/lu/blog/articles/deux/">two</a>' in page and '<h3 id="b">B' in page
    assert 'href="https://two.example/">r</a>' in page and 'lang="fr"' in page


def test_pelican_rst_images_highlighted_strings_day_first_dates_and_aliases(tmp_path: Path) -> None:
    site, result = import_files("pelican", tmp_path, {
        "pelicanconf.py": "PATH = 'content'\nSITEURL = 'http://localhost:8000'\n",
        "content/post.rst": "Post\n####\n\n:date: 24-05-2015\n\n.. image:: images/a.png\n\n"
                            ".. code-block:: html\n\n    <a href=\"x\">y</a>\n\n"
                            ".. code-block:: none\n\n    plain-output\n\n"
                            ".. code-block:: none bash\n\n    make install\n",
        "content/other.md": "Title: Other\nDate: 08-02-21 15:00\nAlias: /old/other.html, /older/\n\nx\n",
        "content/images/a.png": b"\x89PNG\r\n\x1a\n",
    })
    front, body = item(site, "post.md")
    assert front["date"] == "2015-05-24"
    assert 'src="/media/images/a.png"' in body
    assert '<span class="s">&quot;x&quot;</span>' in body and "<s>" not in body
    assert "plain-output" in body and "make" in body and "install" in body  # none: plain code, kept
    other, _ = item(site, "other.md")
    assert other["date"] == "2021-08-02 15:00"
    assert other["aliases"] == ["/old/other.html", "/older/", "/other.html"]
    assert "base_url" not in yaml.safe_load((site / "site.yaml").read_text())
    assert "pelicanconf.py: siteurl http://localhost:8000 is a local preview's address, not the " \
           "site's: base_url is left for you to set in site.yaml" in result.out.splitlines()


def test_a_restructuredtext_post_has_its_first_paragraph_as_its_summary(tmp_path: Path) -> None:
    """docutils wraps a post in sections, which briefgen reads as raw HTML: the
    summary (cards, feeds, meta description) is its text up to the end of
    its first paragraph, as Pelican's began the post, and the page shows it once."""
    site, _ = import_files("pelican", tmp_path, {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/a.rst": "Alpha\n#####\n\n:date: 2020-01-01\n\nIntro\n-----\n\nFirst paragraph of the "
                         "post.\n\nSecond paragraph.\n",
        "content/b.rst": "Beta\n####\n\n:date: 2020-01-02\n\n.. contents::\n\nIntro\n-----\n\n"
                         "Its first paragraph.\n",
    })
    out = checked_and_built(site, tmp_path)
    page = (out / "articles/alpha/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Intro First paragraph of the post.">' in page
    beta = (out / "articles/beta/index.html").read_text(encoding="utf-8")
    assert '<meta name="description"' not in beta  # none rather than "Contents Intro ..."
    assert page.count("First paragraph of the post.</p>") == 1
