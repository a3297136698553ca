"""Content as other generators leave it, end to end: `.markdown` files, TOML
front matter, and the warnings for what safe mode or briefgen cannot show."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, article, build, fixture_copy, run_cli


def test_markdown_files_are_read_like_md_files(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/2016/10/welcome.markdown": article("Welcome to Jekyll",
                                                             "2016-10-06 11:10:38 -0700"),
        "content/pages/about.markdown": "---\ntitle: About\n---\nAbout us.\n",
        "content/people/lavrov.markdown": "---\nname: Sergei Lavrov\n---\nBio.\n",
        "content/articles/notes.txt": "not read",
    })
    result = build(site, "-o", tmp_path / "out")
    assert "from 1 items" in result.err
    assert (tmp_path / "out/articles/welcome-to-jekyll/index.html").is_file()
    assert (tmp_path / "out/about/index.html").is_file()
    assert (tmp_path / "out/people/sergei-lavrov/index.html").is_file()


def test_an_error_in_a_markdown_file_names_it(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.markdown": "---\ntitle: A\ndate: 2016-13-01\n---\nx\n"})
    result = run_cli("check", site)
    assert result.code == 1
    assert result.err_lines[0] == "content/articles/a.markdown:3: date: not a date: '2016-13-01'"


def test_a_markdown_file_added_to_a_built_site_is_built(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("First")})
    build(site)
    (site / "content/articles/b.markdown").write_text(article("Second", "2022-01-19"), encoding="utf-8")
    build(site)
    assert (site / "public/articles/second/index.html").is_file()


def test_two_files_for_one_url_name_both_whatever_their_suffix(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("Same"),
                      "content/articles/b.markdown": article("Same")})
    result = run_cli("check", site)
    assert result.code == 1
    assert result.err_lines[0] == ("content/articles/b.markdown:2: output path /articles/same/ is also "
                                   "written for content/articles/a.md")


def test_a_hugo_post_with_toml_front_matter_builds(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/articles/geneva.md": '+++\ntitle = "Talks in Geneva"\n'
                                                    "date = 2022-01-10T09:00:00+01:00\n"
                                                    'people = ["Wendy Sherman"]\n+++\nThe talks began.\n'})
    build(site, "-o", tmp_path / "out")
    page = (tmp_path / "out/articles/talks-in-geneva/index.html").read_text(encoding="utf-8")
    assert "The talks began." in page and "Wendy Sherman" in page


def test_toml_errors_in_several_files_are_all_reported(make_site: MakeSite) -> None:
    site = make_site({
        "content/articles/a.md": '+++\ntitle = "A"\ndate = 2022-01-10\nsummary = no quotes\n+++\nx\n',
        "content/articles/b.md": '+++\ntitle = "B"\ndate = 2022-01-10\n',
        "content/articles/c.md": '+++\ntitle = "C"\ndate = 2022-01-10\nDraft = true\n+++\nx\n',
    })
    result = run_cli("build", site)
    assert result.code == 1
    assert result.err_lines == [
        'content/articles/a.md:4: invalid TOML: Invalid value; quote the text: summary = "no quotes"',
        "content/articles/b.md:1: front matter is not closed: add a '+++' line after the TOML",
        "content/articles/c.md:4: Draft: not a key briefgen reads (did you mean 'draft'?)",
        "briefgen: 3 error(s); nothing was written",
    ]


LEFTOVERS = {
    "content/articles/html.md": article("Html", body="Intro.\n\n<div class=\"note\">\nA note.\n</div>\n\n"
                                                     "Then <b>bold</b> and `<i>code</i>`.\n"),
    "content/articles/hugo.md": article("Hugo", "2022-01-19",
                                        body="Look:\n\n{{% notice %}}Careful.{{% /notice %}}\n\n"
                                             "```\n{{< not this one >}}\n```\n"),
    "content/articles/jekyll.md": article("Jekyll", "2022-01-20",
                                          body="<!-- lint -->\n{% include note.html %}\n"),
    "content/pages/about.md": "---\ntitle: About\n---\nWe are <em>small</em>.\n\n{{ youtube(id=\"x\") }}\n",
    "content/articles/clean.md": article("Clean", "2022-01-21",
                                         body="`<b>` and `{% raw %}` in code, <https://e.org/> as a link.\n"),
}


def test_check_says_where_raw_html_and_other_generators_syntax_are(make_site: MakeSite) -> None:
    result = run_cli("check", make_site(LEFTOVERS))
    assert result.code == 0
    assert [line for line in result.err_lines if line.startswith("warning: ") and "base_url" not in line] == [
        "warning: content/articles/html.md:7: raw HTML is shown as text, as markdown.html is off: "
        "'<div class=\"note\">' (and 2 more)",
        "warning: content/articles/hugo.md:7: '{{% notice %}}' is another "
        "generator's shortcode or template tag, shown as written (and 1 more)",
        "warning: content/articles/jekyll.md:6: '{% include note.html %}' is another generator's "
        "shortcode or template tag, shown as written",
        "warning: content/pages/about.md:4: raw HTML is shown as text, as markdown.html is off: '<em>' "
        "(and 1 more)",
        "warning: content/pages/about.md:6: '{{ youtube(id=\"x\") }}' is another generator's shortcode "
        "or template tag, shown as written",
    ]


def test_build_sums_them_up_in_a_line_each(make_site: MakeSite, tmp_path: Path) -> None:
    result = build(make_site(LEFTOVERS), "-o", tmp_path / "out")
    assert [line for line in result.err_lines if line.startswith("warning: ") and "base_url" not in line] == [
        "warning: 1 item and 1 page have raw HTML shown as text; run briefgen check for where",
        "warning: 2 items and 1 page have other generators' shortcodes or template tags shown as "
        "written; run briefgen check for where",
    ]


def test_with_html_on_raw_html_is_no_warning(make_site: MakeSite) -> None:
    files = {**LEFTOVERS, "site.yaml": "title: T\nmarkdown: {html: true}\n"}
    result = run_cli("check", make_site(files))
    assert not [line for line in result.err_lines if "raw HTML" in line]
    assert len([line for line in result.err_lines if "shortcode" in line]) == 3


def test_a_warm_build_counts_the_whole_site_not_only_what_changed(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": article("A", body="<b>bold</b>\n"),
                      "content/articles/b.md": article("B", "2022-01-19")})
    line = "warning: 1 item has raw HTML shown as text; run briefgen check for where"
    assert line in build(site).err_lines
    (site / "content/articles/b.md").write_text(article("B", "2022-01-19", body="<i>it</i>\n"),
                                                encoding="utf-8")
    assert line.replace("1 item has", "2 items have") in build(site).err_lines


OTHER_GENERATORS = Path(__file__).parent / "sites" / "other_generators"


def test_posts_from_jekyll_hugo_and_zola_build_and_check_says_what_shows_as_written(tmp_path: Path) -> None:
    site = fixture_copy(OTHER_GENERATORS, tmp_path)
    # (the fixture keeps base_url /, which check warns about first: tested in test_metadata.py)
    assert [line for line in run_cli("check", site).err_lines if "base_url" not in line] == [
        "warning: content/articles/2016/10/welcome-to-jekyll.markdown:14: '{% highlight ruby %}' is another "
        "generator's shortcode or template tag, shown as written (and 1 more)",
        "warning: content/articles/2021/hugo-release.md:7: raw HTML is shown as text, as markdown.html is "
        "off: '<strong>' (and 2 more)",
        # the figure shortcode's image: the fixture has no content/media/chart.png
        "warning: content/articles/2021/hugo-release.md:9: image '/media/chart.png' leads nowhere: "
        "this site publishes no page or file at that path",
        "warning: content/articles/2022/zola-notes.md:10: '{{ youtube(id=\"dQw4w9WgXcQ\") }}' is another "
        "generator's shortcode or template tag, shown as written",
        "ok: 3 items and 18 pages checked, no errors",
    ]
    out = tmp_path / "out"
    build(site, "-o", out)
    jekyll = (out / "articles/welcome-to-jekyll/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2016-10-06T11:10:38-07:00">' in jekyll
    assert "markdownlint" not in jekyll and 'class="summary lead"' not in jekyll
    assert ('<meta name="description" content="You&#39;ll find this post in your _posts directory. Go ahead '
            'and edit it. To add new posts, simply add a file in the _posts directory.">') in jekyll
    hugo = (out / "articles/hugo-release-notes/index.html").read_text(encoding="utf-8")
    assert '<img src="/media/chart.png" alt="" loading="lazy">' in hugo  # a briefgen shortcode too
    assert "<figcaption>Build times</figcaption>" in hugo and "{{&lt;" not in hugo
    zola = (out / "articles/notes-from-the-zola-blog/index.html").read_text(encoding="utf-8")
    assert '<p class="summary lead">A written summary, shown as the lead.</p>' in zola
    assert "<p>The first paragraph of the body.</p>" in zola
    assert "a note to ourselves" not in (out / "about/index.html").read_text(encoding="utf-8")


def test_a_link_definition_used_three_times_is_one_warning(make_site: MakeSite) -> None:
    """Three links through one definition that leads nowhere are one place to fix."""
    site = make_site({"content/articles/a.md": article(
        "A", body="See [one][g], [two][g] and [three][g].\n\n[g]: /docs/guide/\n")})
    lines = [line for line in run_cli("check", site).err_lines if "leads nowhere" in line]
    assert lines == ["warning: content/articles/a.md:7: link '/docs/guide/' leads nowhere: this site "
                     "publishes no page or file at that path"]


def test_check_says_where_cleaning_takes_a_style_attribute_out(make_site: MakeSite) -> None:
    """A `style` on raw HTML (centring, a background) goes in cleaning: said,
    where it once went without a word. A table cell's alignment stays."""
    site = make_site({
        "site.yaml": "title: T\nbase_url: https://example.org/\nmarkdown:\n  html: true\n",
        "content/articles/a.md": article("A", body='<p style="text-align:center">Centred</p>\n\n'
                                                   '<table><tr><td style="text-align:right">1</td></tr>'
                                                   '</table>\n'),
        "content/articles/b.md": article("B", "2022-01-19",
                                         body='<table><tr><td style="text-align:left">1</td></tr>'
                                              '</table>\n')})
    lines = [line for line in run_cli("check", site).err_lines if "cleaning" in line]
    assert lines == ["warning: content/articles/a.md:5: raw HTML that cleaning removes (markdown.html "
                     "keeps formatting, tables, images and figures; no embeds, scripts or style "
                     "attributes): '<p style=\"text-align:center\">'"]
