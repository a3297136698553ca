"""The body rewriter on literal text: each generator's template syntax
mapped, kept visibly, or left alone in code, with the report's lines."""

from __future__ import annotations

from briefgen.importer.body import Links, Rewriter, args_of, code_span
from briefgen.importer.report import Report


def rewrite(kind: str, text: str, **config: object) -> tuple[str, list[str]]:
    links = Links(by_source={"posts/a.md": "/articles/a/", "posts/b/index.md": "/articles/b/",
                             "_posts/2022-01-18-c.md": "/articles/c/"},
                  by_url={"/images/x.png": "/media/images/x.png"})
    report = Report()
    out = Rewriter(kind, links, report, dict(config)).body(text, "post.md", 5)
    return out, report.lines()


def test_a_shortcode_over_several_lines_is_read_as_one() -> None:
    out, notes = rewrite("hugo", '{{< figure\n  src="/images/x.png"\n  alt="A map"\n>}}\nNext.')
    assert out == "![A map](/media/images/x.png)\nNext."
    assert notes == []


def test_ref_by_name_path_anchor_and_taxonomy() -> None:
    out, _ = rewrite("hugo", '[a]({{< ref "a" >}}) [b]({{< relref "posts/b/#part" >}}) '
                             '[t]({{< ref "tags/Arms control" >}}) [h]({{< ref "#top" >}})')
    assert out == "[a](/articles/a/) [b](/articles/b/#part) [t](/topics/arms-control/) [h](#top)"


def test_an_unknown_shortcode_in_a_link_is_written_url_encoded_and_reported() -> None:
    """Left as written, `{{<` would be read as one of briefgen's own shortcodes
    and stop the build; as code it would break the link's Markdown."""
    out, notes = rewrite("hugo", '[x]({{< ref "missing" >}}) and [y](https://h/{{< v >}}/r)\n\n'
                                 '[z]: <{{% w %}}>')
    assert out == ('[x](%7B%7B%3C%20ref%20%22missing%22%20%3E%7D%7D) and '
                   '[y](https://h/%7B%7B%3C%20v%20%3E%7D%7D/r)\n\n[z]: <%7B%7B%25%20w%20%25%7D%7D>')
    assert notes[0] == ("post.md:5: shortcode 'ref', in a link's address, names a page that was "
                        "not imported: written URL-encoded, so the link leads nowhere until you fix "
                        'it: {{< ref "missing" >}}')
    assert notes[1].startswith("post.md:5: shortcode 'v', in a link's address, has no briefgen "
                               "equivalent: written URL-encoded")
    assert len(notes) == 3


def test_hugo_param_and_comment_shortcodes() -> None:
    """`param` gives the page's value, else the site's (in a link's address
    too); what Hugo's `comment` holds is never shown."""
    rewriter = Rewriter("hugo", Links(), Report(), {"params": {"Version": "1.2.3"}})
    out = rewriter.body('[a](https://h/{{< param version >}}/r) {{< param "canonical_url" >}}\n'
                        '{{< comment >}}Secret TODO{{< /comment >}}', "post.md", 5,
                        params={"canonical_url": "https://x/y"})
    assert out == "[a](https://h/1.2.3/r) https://x/y\n<!--Secret TODO-->"
    assert rewriter.report.notes == []


def test_code_is_left_alone() -> None:
    text = "`{{< alert >}}` and\n\n~~~\n{{< alert >}}\n~~~\n"
    assert rewrite("hugo", text) == (text, [])


def test_a_shortcode_with_backticks_in_an_argument_is_read_whole() -> None:
    """Hugo reads shortcodes before Markdown: backticks in an argument make no
    code span, while a code span that starts first keeps its shortcode as code."""
    out, notes = rewrite("hugo", '`{{< x >}}` then {{< figure src="/images/x.png" caption="see `f`" >}} '
                                 '`y` and {{< gallery title="a `b`" >}}')
    assert out == ('`{{< x >}}` then ![see `f`](/media/images/x.png)\n*see `f`* `y` and '
                   '`` {{< gallery title="a `b`" >}} ``')
    assert notes == ["post.md:5: shortcode 'gallery' has no briefgen equivalent; kept as code text: "
                     '{{< gallery title="a `b`" >}}']


def test_liquid_comments_go_and_site_values_are_filled_in() -> None:
    """A comment block shows nothing, whatever it holds (an HTML comment in
    one left a stray `-->`); lines after it keep their numbers; in a raw
    block it is text."""
    out, notes = rewrite("jekyll", "{% comment %}note to self <!-- x -->\nmore{% endcomment %}\n"
                                   "By {{ site.author }} at [home]({{ site.baseurl }}/).\n"
                                   "{% raw %}{% comment %}shown{% endcomment %}{% endraw %}",
                         author="Ada Editor")
    assert out == "\n\nBy Ada Editor at [home](/).\n{% comment %}shown{% endcomment %}"
    assert notes == []


def test_post_url_and_unknown_liquid() -> None:
    out, notes = rewrite("jekyll", "[c]({% post_url 2022-01-18-c %}) {% include x.html %}")
    assert out == "[c](/articles/c/) ` {% include x.html %} `"
    assert notes == ["post.md:5: Liquid tag 'include' has no briefgen equivalent; kept as code "
                     "text: {% include x.html %}"]


def test_zola_internal_links_and_shortcodes() -> None:
    out, notes = rewrite("zola", "[a](@/posts/a.md#x) {{ vimeo(id=\"42\") }} {{ chart(n=1) }}")
    assert out == "[a](/articles/a/#x) [Vimeo video](https://vimeo.com/42) ` {{ chart(n=1) }} `"
    assert notes == ["post.md:5: shortcode 'chart' has no briefgen equivalent; kept as code text: "
                     "{{ chart(n=1) }}"]


def test_helpers() -> None:
    assert code_span("a `b` c") == "`` a `b` c ``"
    assert args_of('x "y z" k=v q="r s"') == (["x", "y z"], {"k": "v", "q": "r s"})


def test_a_shortcode_kept_inside_raw_html_stays_text_there() -> None:
    """Inside an HTML block Markdown reads no code spans, so backticks would
    leave the shortcode for briefgen to run (an unknown shortcode is an
    error): there its brace is written as an entity, shown as `{`; after
    the block's blank line, code text again."""
    out, notes = rewrite("hugo", "<div>\n  {{< double_donation >}}\n</div>\n\nThen {{< alert >}}.\n")
    assert out == "<div>\n  &#123;{< double_donation >}}\n</div>\n\nThen ` {{< alert >}} `.\n"
    assert notes == [
        "post.md:6: shortcode 'double_donation' has no briefgen equivalent; kept as code text: "
        "{{< double_donation >}}",
        "post.md:9: shortcode 'alert' has no briefgen equivalent; kept as code text: {{< alert >}}"]


def test_only_site_paths_outside_comments_are_reported_once_a_line() -> None:
    """`//host/x.js` is another host's; a link in an HTML comment shows
    nothing; a URL twice on a line is one note."""
    out, notes = rewrite("hugo", '<script src="//cdn.example.com/e.js"></script>\n'
                                 "<!--\n![old](/img/old.png)\n-->\n<!-- ![x](/img/x.png) -->\n"
                                 "![a](/img/gone.png) and ![b](/img/gone.png)\n")
    assert "//cdn.example.com/e.js" in out
    assert notes == ["post.md:10: /img/gone.png: no file of the source site has this URL (the "
                     "import copies the files the site publishes); left as written"]


def test_liquid_reads_nested_site_settings() -> None:
    rewriter = Rewriter("jekyll", Links(), Report(), {"license": {"url": "https://example.org/l"},
                                                     "title": "Desk"})
    assert rewriter.body("[{{ site.title }} licence]({{ site.license.url }})", "p.md", 1) == \
        "[Desk licence](https://example.org/l)"


def test_markdown_after_an_html_block_ends_it_only_where_its_elements_close() -> None:
    """kramdown and Python-Markdown read text right after a closed block
    element as Markdown; inside an open one (a `<div>` around a link, a
    `<pre>`) or after an inline tag, it stays the HTML's or the paragraph's."""
    def rewritten(text: str) -> str:
        return Rewriter("jekyll", Links(), Report()).body(text, "p.md", 1)

    assert rewritten('<p>\n <img src="x.png">\n</p>\nA demo is [here](https://ex.org).') == \
        '<p>\n <img src="x.png">\n</p>\n\nA demo is [here](https://ex.org).'
    button = '<div class="box">\n  <a href="/dl">\n    <i class="icon"></i>\n    Download\n  </a>\n</div>'
    assert rewritten(button) == button
    assert rewritten('<a href="x">Shop</a> sells <em>books</em>\nand magazines.') == \
        '<a href="x">Shop</a> sells <em>books</em>\nand magazines.'
    assert rewritten("<pre>\nline</p>\nx\n</pre>\ntext") == "<pre>\nline</p>\nx\n</pre>\n\ntext"


def test_emoji_headings_keep_their_old_ids_and_unicode_names_stay_text() -> None:
    rewriter = Rewriter("hugo", Links(), Report())
    rewriter.emoji = True
    out = rewriter.body("## :rocket: Launch day\n\nA :comma: stays.", "p.md", 1)
    assert out == "## \U0001F680 Launch day {#rocket-launch-day}\n\nA :comma: stays."


def test_html_blocks_end_where_their_containers_close_or_after_a_tag_alone() -> None:
    """An inline element's tag alone on a line (`<img ... />`, `<span>`) or a
    closed container, then text: the text is Markdown, as kramdown and
    Python-Markdown read it; after an inline tag, in the same paragraph (the
    tag goes on with it, a line later). An `<hr>` opens nothing; a closing
    inline tag (`</a>`) ends no block."""
    def rewritten(text: str) -> str:
        return Rewriter("pelican", Links(), Report()).body(text, "p.md", 1)

    assert rewritten('<img src="a.png" />\nMy [link](http://x).') == \
        '\n<img src="a.png" /> My [link](http://x).'
    assert rewritten('Intro.\n\n<span class="wide">\n![A map](/m.png)\n</span>\n\nAfter.') == \
        'Intro.\n\n\n<span class="wide"> ![A map](/m.png)\n</span>\n\nAfter.'
    assert rewritten('<span class="x">\n# Heading\n</span>') == '<span class="x">\n# Heading\n</span>'
    assert rewritten("<div>\n<hr>\n</div>\n**Bold** after.") == "<div>\n<hr>\n</div>\n\n**Bold** after."
    sentence = "<div>x</div>\nGoogle has just <a href='y'>announced</a>\n&nbsp;which students"
    assert rewritten(sentence) == \
        "<div>x</div>\n\nGoogle has just <a href='y'>announced</a>\n&nbsp;which students"


def test_code_in_html_is_not_a_link_to_rewrite() -> None:
    """`&lt;img src='../a.png'&gt;` in a reStructuredText post's code is text."""
    from pathlib import Path

    links = Links()
    links.by_file["/site/content/images/a.png"] = "/media/images/a.png"
    rewriter = Rewriter("pelican", links, Report(), {}, Path("/site/content"))
    code = "<pre>&lt;img src='../images/a.png'&gt;</pre>\n<img src='../images/a.png'>"
    assert rewriter.body(code, "p.rst", 0, "/p.html", Path("/site/content/posts")) == \
        "<pre>&lt;img src='../images/a.png'&gt;</pre>\n<img src='/media/images/a.png'>"


def test_a_tag_alone_inside_a_paragraph_or_an_open_element_ends_nothing() -> None:
    """A `<br />` alone in a running paragraph cannot start an HTML block;
    an opening `<h2 class>` alone leaves its element open; a blank line in a
    `<pre>` does not end it: no blank line is put in any of them."""
    def rewritten(text: str) -> str:
        return Rewriter("pelican", Links(), Report()).body(text, "p.md", 1)

    for text in ("Some text<br />\n<br />\nEnjoy!", '<h2 class="sub">\nA subtitle', "<ul>\n<li>one\n<li>two"):
        assert rewritten(text) == text
    assert rewritten('<h2 class="sub">\nA subtitle\n</h2>\nAfter.') == \
        '<h2 class="sub">\nA subtitle\n</h2>\n\nAfter.'
    assert rewritten("<pre>\na\n\nb\n</pre>\ntext") == "<pre>\na\n\nb\n</pre>\n\ntext"
    buttons = '<div class="center">\n  <a href="/a.zip"\n    class="button">\n    Download\n  </a>\n' \
              '  <a href="/a.sha"\n    class="button">\n    SHA256\n  </a>\n</div>'
    assert rewritten(buttons) == buttons  # a tag written over two lines is one tag


def test_liquid_is_text_in_a_restructuredtext_post() -> None:
    """Pelican's liquid_tags plugin reads Markdown posts: the `{% block %}` of
    a Jinja example in a reStructuredText post's code is text, not a tag."""
    html = "<pre class=\"code\"><code>{% block content %}\n{% endblock %}</code></pre>"
    rewriter = Rewriter("pelican", Links(), Report())
    assert rewriter.body(html, "content/post.rst", 0) == html
    assert rewriter.report.notes == []


def test_a_video_player_in_an_iframe_becomes_a_link_to_the_video() -> None:
    """briefgen's cleaning removes iframes: the post would show nothing there."""
    out, notes = rewrite("hugo", 'In this video:\n\n<iframe width="560" src="https://www.youtube.com/'
                                 'embed/abc123XYZ?rel=0" allowfullscreen></iframe>\n\n'
                                 '<div class="video">\n<iframe src="https://player.vimeo.com/video/42">'
                                 '</iframe>\n</div>\n\n<iframe src="https://www.youtube.com/embed/'
                                 'videoseries?list=PLabc"></iframe>\n\n'
                                 '<iframe src="https://maps.example.org/embed?x=1"></iframe>')
    # As HTML, which a block of raw HTML shows as a link too (Markdown there is text).
    assert out == ('In this video:\n\n<a href="https://www.youtube.com/watch?v=abc123XYZ">Youtube video</a>'
                   '\n\n<div class="video">\n<a href="https://vimeo.com/42">Vimeo video</a>\n</div>\n\n'
                   '<a href="https://www.youtube.com/playlist?list=PLabc">Youtube playlist</a>\n\n'
                   '<iframe src="https://maps.example.org/embed?x=1"></iframe>')
    assert notes[0] == ("post.md:7: youtube player (an <iframe>): a link to the video instead "
                        "(briefgen loads nothing from other sites)")


def test_bold_that_kramdown_closes_and_bold_around_links() -> None:
    """`**Upgrade!**If` is bold as kramdown reads it; bold links and bold in
    links keep their Markdown, which reads them the same everywhere."""
    out, _ = rewrite("jekyll", "**Upgrade!**If you go. Use **[**Tool**](https://e.org/)** daily. "
                               "[**Meetup 🦀**](https://a.org/) | [**Live**](https://b.org/)")
    assert out == ("<strong>Upgrade!</strong>If you go. Use **[**Tool**](https://e.org/)** daily. "
                   "[**Meetup 🦀**](https://a.org/) | [**Live**](https://b.org/)")


def test_an_id_after_a_table_is_an_anchor_after_it_not_a_row() -> None:
    out, _ = rewrite("jekyll", "| a | b |\n|---|---|\n| 1 | 2 |\n{: #tbl}\n")
    assert out == '| a | b |\n|---|---|\n| 1 | 2 |\n\n<a id="tbl"></a>\n\n'
