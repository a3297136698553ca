"""Shortcodes end to end: the built-in ones rendered with their arguments
escaped, a site's own and overridden ones, errors at path:line, code left
alone, both Markdown engines alike, and a warm build after a template edit."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.build.pipeline import build_site
from tests.conftest import MakeSite, article, build, run_cli, tree_bytes, write_site
from tests.test_reference_paths import assert_same, build_both_ways

BODY = """Sergei Lavrov spoke in Geneva.

{{< figure src="/media/lavrov.jpg" alt="Lavrov at a lectern"
           caption="Sergei Lavrov in Geneva" credit="File photo" >}}

{{< quote by="Sergei Lavrov" source="TASS" url="https://tass.com/politics/1" >}}
We are *waiting* for answers.
{{< /quote >}}

{{< embed url="https://www.youtube.com/watch?v=abc" title="The press conference" description="Two hours." >}}

{{< card url="https://example.org/post" title="A post" source="Example" >}}

{{< document url="/media/draft-treaty.pdf" title="Draft treaty" size="120 KB" >}}

Code: `{{< figure src="x" >}}` stays.

```
{{< quote >}}
```
"""

FIGURE = """<figure class="shortcode shortcode-figure">
  <img src="/b/media/lavrov.jpg" alt="Lavrov at a lectern" loading="lazy">
  <figcaption>Sergei Lavrov in Geneva <span class="credit">File photo</span></figcaption>
</figure>"""
QUOTE = """<figure class="shortcode shortcode-quote">
  <blockquote>
<p>We are <em>waiting</em> for answers.</p>

  </blockquote>
  <figcaption>Sergei Lavrov, <cite><a href="https://tass.com/politics/1" rel="external noopener">TASS</a>\
</cite></figcaption>
</figure>"""
EMBED = """<aside class="shortcode shortcode-card">
  <a href="https://www.youtube.com/watch?v=abc" rel="external noopener">
    <span class="card-source">www.youtube.com</span>
    <span class="card-title">The press conference</span>
    <span class="card-description">Two hours.</span>
  </a>
</aside>"""
CARD = """<aside class="shortcode shortcode-card">
  <a href="https://example.org/post" rel="external noopener">
    <span class="card-source">Example</span>
    <span class="card-title">A post</span>
  </a>
</aside>"""
DOCUMENT = """<p class="shortcode shortcode-document">
  <a href="/b/media/draft-treaty.pdf">Draft treaty</a> <span class="document-facts">(PDF, 120 KB)</span>
</p>"""


def site_files(body: str = BODY, **more: str) -> dict[str, str]:
    return {"site.yaml": "title: T\nbase_url: https://example.org/b/\nsearch: false\n",
            "content/articles/a.md": article("A", body=body, people="[Sergei Lavrov]"), **more}


def body_of(out: Path, slug: str = "a") -> str:
    html = (out / f"articles/{slug}/index.html").read_text(encoding="utf-8")
    return html.split('<div class="body">\n', 1)[1].split("\n  </div>", 1)[0]


def test_each_built_in_shortcode_is_rendered(make_site: MakeSite, tmp_path: Path) -> None:
    build(make_site(site_files()), "-o", tmp_path / "out")
    body = body_of(tmp_path / "out")
    assert body == "\n".join([
        '<p><a class="autolink" href="/b/people/sergei-lavrov/">Sergei Lavrov</a> spoke in Geneva.</p>',
        FIGURE, QUOTE, EMBED, CARD, DOCUMENT,
        '<p>Code: <code>{{&lt; figure src=&quot;x&quot; &gt;}}</code> stays.</p>',
        "<pre><code>{{&lt; quote &gt;}}\n</code></pre>", ""])
    assert "<iframe" not in body and "<script" not in body  # nothing loaded from elsewhere


def test_the_summary_and_the_feed_leave_the_shortcodes_out(make_site: MakeSite, tmp_path: Path) -> None:
    body = '{{< figure src="/media/a.jpg" caption="A caption" >}}\nThe first paragraph.\n'
    build(make_site(site_files(body)), "-o", tmp_path / "out")
    page = (tmp_path / "out/articles/a/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="The first paragraph.">' in page
    assert "briefgen-shortcode" not in page
    # A shortcode on the line before a paragraph's is a block of its own, not inside the <p>.
    assert body_of(tmp_path / "out").startswith('<figure class="shortcode shortcode-figure">')
    assert "</figure>\n<p>The first paragraph.</p>" in body_of(tmp_path / "out")
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert "<summary>The first paragraph.</summary>" in feed
    assert "&lt;figcaption&gt;A caption&lt;/figcaption&gt;" in feed


def test_hostile_arguments_are_escaped(make_site: MakeSite, tmp_path: Path) -> None:
    body = ('{{< figure src="/media/a.jpg" alt="\\"><script>x</script>"\n'
            '           caption="<script>alert(1)</script>" >}}\n\n'
            '{{< quote by="<b>me</b>" >}}<script>no</script>{{< /quote >}}\n')
    build(make_site(site_files(body)), "-o", tmp_path / "out")
    out = body_of(tmp_path / "out")
    assert '<img src="/b/media/a.jpg" alt="&#34;&gt;&lt;script&gt;x&lt;/script&gt;" loading="lazy">' in out
    assert "<figcaption>&lt;script&gt;alert(1)&lt;/script&gt;</figcaption>" in out
    assert "<p>&lt;script&gt;no&lt;/script&gt;</p>" in out  # the text is Markdown, safe as bodies are
    assert "<figcaption>&lt;b&gt;me&lt;/b&gt;</figcaption>" in out
    assert "<script" not in out


def test_script_urls_are_errors_at_their_lines(make_site: MakeSite) -> None:
    body = ('Text.\n{{< figure src="javascript:alert(1)" >}}\n'
            '{{< card url="JavaScript:alert(1)" >}}\n{{< document url="data:text/html,x" >}}\n')
    result = run_cli("check", make_site(site_files(body)))
    assert result.code == 1
    assert result.err_lines[:3] == [
        "content/articles/a.md:7: shortcode figure: src: not a safe URL: 'javascript:alert(1)' "
        "(use an http(s) URL or a path)",
        "content/articles/a.md:8: shortcode card: url: not a safe URL: 'JavaScript:alert(1)' "
        "(use an http(s) URL or a path)",
        "content/articles/a.md:9: shortcode document: url: not a safe URL: 'data:text/html,x' "
        "(use an http(s) URL or a path)",
    ]


def test_a_site_overrides_a_shortcode_and_adds_its_own(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(site_files(
        'Intro.\n\n{{< figure src="/media/a.jpg" caption="<Cap>" >}}\n\n'
        '{{< note kind="warning" >}}Mind *this*.{{< /note >}}\n\nInline {{< flag code="ua" >}} here.\n',
        **{"templates/shortcodes/figure.html":
           '<img class="mine" src="{{ args.src }}" alt="{{ args.caption }}">\n',
           "templates/shortcodes/note.html":
           '<div class="note-{{ args.kind }}">{{ inner_html|safe }}</div>\n',
           "templates/shortcodes/flag.html": '<span class="flag">{{ args.code|upper }}</span>'}))
    build(site, "-o", tmp_path / "out")
    assert body_of(tmp_path / "out") == (
        '<p>Intro.</p>\n<img class="mine" src="/b/media/a.jpg" alt="&lt;Cap&gt;">\n'
        '<div class="note-warning"><p>Mind <em>this</em>.</p>\n</div>\n'
        '<p>Inline <span class="flag">UA</span> here.</p>\n')


def test_shortcodes_in_profiles_and_pages(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(site_files(**{
        "content/people/lavrov.md": '---\nname: Sergei Lavrov\n---\n{{< figure src="/media/l.jpg" >}}\n',
        "content/pages/about.md": '---\ntitle: About\n---\n{{< document url="/media/a.pdf" >}}\n'}))
    build(site, "-o", tmp_path / "out")
    person = (tmp_path / "out/people/sergei-lavrov/index.html").read_text(encoding="utf-8")
    assert '<img src="/b/media/l.jpg" alt="" loading="lazy">' in person
    about = (tmp_path / "out/about/index.html").read_text(encoding="utf-8")
    assert '<a href="/b/media/a.pdf">a.pdf</a> <span class="document-facts">(PDF)</span>' in about


def test_every_shortcode_problem_is_reported_with_its_line(make_site: MakeSite) -> None:
    """In one run: those found as the files are read (a.md's last, b.md's) with
    those found once the templates are known (a.md's others), and with other
    problems of the same file (c.md's date)."""
    body = ("Text.\n\n{{< youtube id=\"x\" >}}\n{{< figur src=\"a.jpg\" >}}\n{{< quote by=\"X\" >}}\n"
            "{{< figure >}}\n{{< figure src=\"a.jpg\" captoin=\"x\" >}}\n"
            "{{< figure src=\"a.jpg\" >}}x{{< /figure >}}\n{{< broken >}}\n"
            "{{< card url=\"javascript:x\" >}}\n")
    site = make_site(site_files(body, **{
        "templates/shortcodes/broken.html": "<p>\n{{ args.missing }}</p>\n",
        "content/articles/b.md": article("B", "2022-01-19", body="x\n\n{{< figure caption=\"open >}}\n"
                                                                  "{{< /quote >}}\n{{< card"),
        "content/articles/c.md": "---\ntitle: C\ndate: 2022-13-01\n---\n{{< figure src=\"x\"\n",
    }))
    result = run_cli("build", site)
    assert result.code == 1 and "Traceback" not in result.err
    known = "the shortcodes are broken, card, document, embed, figure, quote"
    assert result.err_lines[1:] == [
        f"content/articles/a.md:8: unknown shortcode 'youtube': {known}; "
        "add templates/shortcodes/youtube.html to add one",
        f"content/articles/a.md:9: unknown shortcode 'figur': did you mean 'figure'? {known}; "
        "add templates/shortcodes/figur.html to add one",
        "content/articles/a.md:10: shortcode 'quote' takes text: close it with {{< /quote >}} after the text",
        "content/articles/a.md:11: shortcode 'figure': src is required: "
        "{{< figure src=\"/media/x.jpg\" caption=\"...\" >}}",
        "content/articles/a.md:12: shortcode 'figure': unknown argument captoin "
        "(figure takes src, alt, caption, credit and link)",
        "content/articles/a.md:13: shortcode 'figure' takes no text: remove {{< /figure >}}, "
        "or make it one tag",
        "content/articles/a.md:15: shortcode card: url: not a safe URL: 'javascript:x' "
        "(use an http(s) URL or a path)",
        "content/articles/b.md:7: shortcode '{{< figure caption=\"open >}}': a quote is not closed; "
        "write arguments as key=\"value\"",
        "content/articles/b.md:8: shortcode {{< /quote >}} closes no {{< quote >}} before it",
        "content/articles/b.md:9: shortcode '{{< card' is not closed: end it with '>}}' "
        "(write \\{{< for the text itself)",
        "content/articles/c.md:3: date: not a date: '2022-13-01'",
        "content/articles/c.md:5: shortcode '{{< figure src=\"x\"' is not closed: end it with '>}}' "
        "(write \\{{< for the text itself)",
        "templates/shortcodes/broken.html:2: template error: UndefinedError: 'dict object' has no "
        "attribute 'missing' (shortcode 'broken' at content/articles/a.md:14)",
        "briefgen: 13 error(s); nothing was written",
    ]


def test_a_shortcode_in_a_heading_is_an_error(make_site: MakeSite) -> None:
    result = run_cli("check", make_site(site_files('Intro.\n\n## Talks {{< document url="/a.pdf" >}}\n')))
    assert result.code == 1
    assert "content/articles/a.md:8: shortcode 'document' in a heading: a heading takes text only; " \
           "put the shortcode on a line of its own" in result.err_lines


def test_check_no_longer_warns_about_briefgen_shortcodes(make_site: MakeSite) -> None:
    body = '{{< figure src="/media/a.jpg" >}}\n\n{{% notice %}}x{{% /notice %}}\n\n{% include x %}\n'
    result = run_cli("check", make_site({**site_files(body), "content/media/a.jpg": b"jpeg"}))
    assert result.code == 0
    assert [line for line in result.err_lines if line.startswith("warning")] == [
        "warning: content/articles/a.md:8: '{{% notice %}}' is another generator's shortcode or "
        "template tag, shown as written (and 2 more)"]


@pytest.mark.slow
def test_both_markdown_engines_render_shortcodes_alike(tmp_path: Path) -> None:
    fast_path = BODY.split("Code:")[0] + ("- a list\n  {{< figure src=\"/media/x.jpg\" >}}\n\n"
                                          "| a | b |\n|---|---|\n| {{< document url=\"/x.pdf\" >}} | 2 |\n")
    site = write_site(tmp_path / "site", site_files(  # b.md has nothing that keeps the Rust engine off
        BODY, **{"content/articles/b.md": article("B", "2022-01-19", body=fast_path)}))
    fast, reference = build_both_ways(site, tmp_path, jobs=1)
    assert_same(fast, reference)
    assert b'<figure class="shortcode shortcode-figure">' in fast["articles/a/index.html"]
    assert b'<li>a list\n<figure class="shortcode shortcode-figure">' in fast["articles/b/index.html"]


def test_the_markdown_engines_give_the_same_html_for_tokens() -> None:
    """The Rust engine takes these bodies (no construct blocks it) and writes what
    markdown-it-py writes: tokens alone, in a paragraph, a list item, a table."""
    from briefgen.source.markdown import accelerated_render, make_markdown, reference_render
    from briefgen.source.shortcodes import parse_shortcodes

    md = make_markdown(False)
    if md.accelerated is None:
        pytest.skip("markdown-it-pyrs is not installed")
    body = BODY.split("Code:")[0] + ("Text\n{{< figure src=\"/a.jpg\" >}}\nmore *text*.\n\n"
                                     "- x\n  {{< a >}}\n\n| {{< b >}} | c |\n|---|---|\n| 1 | 2 |\n")
    found = parse_shortcodes(body, "a.md", 1, lambda text: text)
    fast = accelerated_render(md.accelerated, found.text, "/b/", False)
    assert fast is not None, "the fast path refused the body: the test compares nothing"
    assert fast == reference_render(md, found.text, "/b/")
    assert fast[0].count("briefgen-shortcode-") == len(found.shortcodes) == 8


def test_a_warm_build_after_a_shortcode_template_edit_equals_a_clean_build(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", site_files(**{
        "templates/shortcodes/figure.html": "<figure>{{ args.src }}</figure>\n",
        "content/articles/b.md": article("B", "2022-01-19", body="No shortcodes.\n")}))
    build_site(root, output=tmp_path / "out")
    for edit in ("<figure class=\"edited\">{{ args.src }}</figure>\n", None):
        template = root / "templates/shortcodes/figure.html"
        if edit is None:
            template.unlink()  # back to the theme's
        else:
            template.write_text(edit, encoding="utf-8")
        build_site(root, output=tmp_path / "out")
        build_site(root, output=tmp_path / "clean", use_cache=False)
        assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "clean")
    assert re.search(r'<img src="/b/media/lavrov\.jpg"', body_of(tmp_path / "out"))


def test_a_preview_style_body_edit_renders_the_new_shortcode(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", site_files("One.\n"))
    build_site(root, output=tmp_path / "out")
    (root / "content/articles/a.md").write_text(
        article("A", body='One.\n\n{{< card url="https://e.org/" >}}\n', people="[Sergei Lavrov]"),
        encoding="utf-8")
    build_site(root, output=tmp_path / "out")
    assert '<span class="card-source">e.org</span>' in body_of(tmp_path / "out")
    build_site(root, output=tmp_path / "clean", use_cache=False)
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "clean")


@pytest.mark.slow
def test_preview_edits_of_shortcodes_and_their_templates_equal_clean_builds(tmp_path: Path) -> None:
    """The preview keeps one Builder: a body edit (the body-only path), a new
    shortcode template, a profile's shortcode and an error then its fix."""
    from briefgen.serve.server import Preview
    from tests.test_incremental import assert_same, touch_write

    root = write_site(tmp_path / "site", site_files(**{
        "content/articles/b.md": article("B", "2022-01-19", body="{{< card url=\"https://e.org/\" >}}\n")}))
    preview = Preview(root, drafts=False)
    assert_same(preview, root, tmp_path, "first build")
    a = root / "content/articles/a.md"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("edit a body", lambda: touch_write(a, article("A", body=BODY.replace("Geneva", "Vienna"),
                                                       people="[Sergei Lavrov]"))),
        ("add a template", lambda: touch_write(root / "templates/shortcodes/note.html",
                                               "<aside>{{ inner_html|safe }}</aside>\n")),
        ("use it", lambda: touch_write(a, article("A", body="{{< note >}}*Hi*{{< /note >}}\n"))),
        ("edit it", lambda: touch_write(root / "templates/shortcodes/note.html",
                                        "<aside class=\"n\">{{ inner_html|safe }}</aside>\n")),
        ("a profile's shortcode", lambda: touch_write(
            root / "content/people/l.md", "---\nname: Sergei Lavrov\n---\n{{< note >}}Bio{{< /note >}}\n")),
    ]
    for step, edit in steps:
        edit()
        assert_same(preview, root, tmp_path, step)
    touch_write(a, article("A", body="{{< nope >}}\n"))
    assert preview.rebuild() != []  # the error is shown
    touch_write(a, article("A", body="Fixed.\n"))
    assert_same(preview, root, tmp_path, "fixed")
