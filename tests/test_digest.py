"""`briefgen digest DATE`: one edition as an email, inlined HTML plus plain text."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from briefgen.digest import newsletter
from briefgen.digest.newsletter import absolute_links, digest_context, html_text, load_site, wrap
from briefgen.render.routes import Routes
from tests.conftest import MakeSite, anchors, article, build, page_text, parse_html, run_cli

REPO = Path(__file__).resolve().parent.parent
HOST = "https://example.org/brief/"
HOSTILE_TITLE = "<script>alert('t')</script> Tom & \"Jerry\" talks"

SITE = {
    "site.yaml": f"title: Test Briefing\nbase_url: {HOST}\n",
    "content/articles/lavrov.md": article(
        "Lavrov Waits for Answers", "2022-01-18T09:00:00Z",
        body="First paragraph.\n\nSee [the archive](/archive/) and [Reuters](https://reuters.com/x).",
        source="Moscow Times", source_url="https://www.themoscowtimes.com/a1",
        series="RUSSIALINK", people="[Sergei Lavrov, Annalena Baerbock]", topics="[NATO]",
        summary="Lavrov says Moscow awaits written answers."),
    "content/articles/hostile.md": article(
        '"' + HOSTILE_TITLE.replace('"', '\\"') + '"', "2022-01-18T15:00:00Z",
        people="[Jens Stoltenberg]", summary="A hostile <b>summary</b>."),
    "content/articles/other-day.md": article(
        "Blinken Meets Lavrov in Geneva", "2022-01-21", summary="Talks in Geneva."),
    "content/articles/draft.md": article(
        "Unfinished Draft Item", "2022-01-18", draft="true", summary="Not yet."),
}


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site(SITE)


@pytest.fixture
def here(tmp_path: Path) -> Path:
    folder = tmp_path / "here"
    folder.mkdir()
    return folder


def digest(site: Path, here: Path, *args: str) -> tuple[str, str]:
    result = run_cli("digest", "2022-01-18", site, *args, cwd=here)
    assert result.code == 0, result.err
    return ((here / "digest-2022-01-18.html").read_text(encoding="utf-8"),
            (here / "digest-2022-01-18.txt").read_text(encoding="utf-8"))


def test_writes_inlined_html_and_text_here(site: Path, here: Path) -> None:
    result = run_cli("digest", "2022-01-18", site, cwd=here)
    assert result.code == 0, result.err
    assert sorted(p.name for p in here.iterdir()) == ["digest-2022-01-18.html", "digest-2022-01-18.txt"]
    assert "wrote digest-2022-01-18.html and digest-2022-01-18.txt" in result.err
    assert "warning" not in result.err
    html = (here / "digest-2022-01-18.html").read_text(encoding="utf-8")
    tags, _ = parse_html(html)
    names = [t for t, _ in tags]
    assert "style" not in names  # the theme has no @media rule, so nothing stays in a <style>
    assert not {"script", "link", "img", "iframe"} & set(names)
    styles = {t: a["style"] for t, a in tags if "style" in a}
    sheet = next(a for t, a in tags if t == "table" and a.get("class") == "sheet")
    assert "max-width: 640px" in sheet["style"]
    assert "margin: 0" in styles["body"]
    assert sum("style" in a for t, a in tags if t == "a") >= 5  # every link got its colour


def test_has_the_days_items_only(site: Path, here: Path) -> None:
    html, text = digest(site, here)
    shown = page_text(html)
    assert "Lavrov Waits for Answers" in shown and HOSTILE_TITLE in shown
    assert "Blinken" not in html and "Blinken" not in text
    assert "Unfinished Draft Item" not in html
    assert "In this edition" in shown and "18 January 2022" in shown
    assert "Lavrov says Moscow awaits written answers." in shown
    assert "RUSSIALINK" in shown and "Moscow Times" in shown
    assert "First paragraph." not in shown  # summaries only without --full


def test_links_are_absolute(site: Path, here: Path) -> None:
    html, _ = digest(site, here)
    links = anchors(html)
    assert links and all(h.startswith((HOST, "https://www.themoscowtimes.com/")) for h, _ in links)
    found = dict((text, href) for href, text in links)
    assert found["Lavrov Waits for Answers"] == HOST + "articles/lavrov-waits-for-answers/"
    assert found["Moscow Times"] == "https://www.themoscowtimes.com/a1"
    assert found["Sergei Lavrov"] == HOST + "people/sergei-lavrov/"
    assert found["NATO"] == HOST + "topics/nato/"
    assert found["Read this edition on the site"] == HOST + "2022/01/18/"
    assert found["Test Briefing"] == HOST


def test_hostile_title_is_escaped(site: Path, here: Path) -> None:
    html, text = digest(site, here)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "A hostile &lt;b&gt;summary&lt;/b&gt;." in html
    assert HOSTILE_TITLE in text  # plain text is not HTML: nothing to escape


def test_text_version_has_titles_and_full_urls(site: Path, here: Path) -> None:
    _, text = digest(site, here)
    assert "Lavrov Waits for Answers" in text
    assert HOST + "articles/lavrov-waits-for-answers/" in text.splitlines()
    assert "<https://www.themoscowtimes.com/a1>" in text
    assert "People: Sergei Lavrov, Annalena Baerbock" in text
    assert HOST + "2022/01/18/" in text.split("-" * 72)[-1].splitlines()  # the footer links the edition
    assert "&amp;" not in text and "<p" not in text
    assert all(len(line) <= 72 or "://" in line for line in text.splitlines())


def test_full_includes_bodies_with_absolute_links(site: Path, here: Path) -> None:
    html, text = digest(site, here, "--full")
    assert "First paragraph." in page_text(html)
    hrefs = [h for h, _ in anchors(html)]
    assert HOST + "archive/" in hrefs and "https://reuters.com/x" in hrefs
    assert "See the archive <https://example.org/brief/archive/> and Reuters" in " ".join(text.split())


def test_output_option_and_atomic_replace(site: Path, here: Path) -> None:
    (here / "mail.html").write_text("old", encoding="utf-8")
    result = run_cli("digest", "2022-01-18", site, "-o", "mail.html", cwd=here)
    assert result.code == 0, result.err
    assert sorted(p.name for p in here.iterdir()) == ["mail.html", "mail.txt"]  # no temp file left
    assert "Lavrov Waits for Answers" in (here / "mail.html").read_text(encoding="utf-8")
    assert "Lavrov Waits for Answers" in (here / "mail.txt").read_text(encoding="utf-8")


def test_output_into_missing_folder_is_an_error(site: Path, here: Path) -> None:
    result = run_cli("digest", "2022-01-18", site, "-o", "nowhere/mail.html", cwd=here)
    assert result.code == 1
    assert "briefgen: cannot write nowhere/mail.html: no folder nowhere" in result.err
    assert not list(here.iterdir())


@pytest.mark.parametrize(("output", "example"), [
    (".", "mail.html"), ("", "mail.html"), ("..", "../mail.html"), ("sub", "sub/mail.html"),
])
def test_output_naming_a_folder_is_an_error(site: Path, here: Path, output: str,
                                            example: str) -> None:
    (here / "sub").mkdir()
    result = run_cli("digest", "2022-01-18", site, "-o", output, cwd=here)
    assert result.code == 1
    shown = str(Path(output))
    assert result.err_lines == [f"briefgen: -o {shown} names a folder; give the HTML file's name, "
                                f"such as -o {example}"]
    assert [p.name for p in here.parent.rglob("*") if "digest" in p.name or "mail" in p.name] == []
    assert list((here / "sub").iterdir()) == []


@pytest.mark.parametrize("output", ["/", "new/", "sub/"])
def test_output_ending_in_a_slash_is_a_usage_error(site: Path, here: Path, output: str) -> None:
    (here / "sub").mkdir()
    result = run_cli("digest", "2022-01-18", site, "-o", output, cwd=here)
    assert result.code == 2
    assert f"argument -o/--output: {output!r} ends in '/', a folder" in result.err
    assert not (here / "new").exists() and list((here / "sub").iterdir()) == []


def test_a_folder_in_the_way_is_refused_before_anything_is_written(site: Path, here: Path) -> None:
    (here / "m3.html").write_text("OLD\n", encoding="utf-8")
    (here / "m3.txt").mkdir()
    result = run_cli("digest", "2022-01-18", site, "-o", "m3.html", cwd=here)
    assert result.code == 1
    assert result.err_lines == ["briefgen: cannot write m3.txt: it is a folder; nothing was written"]
    assert (here / "m3.html").read_text(encoding="utf-8") == "OLD\n"
    assert sorted(p.name for p in here.iterdir()) == ["m3.html", "m3.txt"]  # no temp file left
    assert list((here / "m3.txt").iterdir()) == []


@pytest.mark.parametrize("html_existed", [True, False])
def test_a_failed_rename_puts_back_the_file_already_replaced(
        here: Path, monkeypatch: pytest.MonkeyPatch, html_existed: bool) -> None:
    page, text = here / "mail.html", here / "mail.txt"
    if html_existed:
        page.write_text("old html", encoding="utf-8")
    text.write_text("old text", encoding="utf-8")
    real_replace = os.replace

    def replace(src: Path, dst: Path) -> None:  # the text file refuses its rename, as a
        if Path(src).name.endswith(".briefgen-tmp") and Path(dst) == text:  # bind mount would
            raise PermissionError(1, "Operation not permitted", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(newsletter.os, "replace", replace)
    with pytest.raises(PermissionError):
        newsletter.write_files({page: "new html", text: "new text"})
    monkeypatch.undo()
    assert text.read_text(encoding="utf-8") == "old text"
    if html_existed:
        assert page.read_text(encoding="utf-8") == "old html"
    assert sorted(p.name for p in here.iterdir()) == (["mail.html"] if html_existed else []) + [
        "mail.txt"]  # no temp or backup file left


def test_template_syntax_errors_stop_the_digest(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE, "templates/home.html": "<h1>{% if %}</h1>\n",
                      "content/articles/bad.md": article("Bad", "2022-02-30")})
    result = run_cli("digest", "2022-01-18", root, cwd=here)
    assert result.code == 1
    assert result.err_lines == [
        "content/articles/bad.md:3: date: not a date: '2022-02-30'",
        "templates/home.html:1: template syntax error: Expected an expression, "
        "got 'end of statement block'",
        "briefgen: 2 error(s); nothing was written"]
    assert not list(here.iterdir())


@pytest.mark.slow
def test_page_templates_are_compiled_not_rendered(make_site: MakeSite, here: Path) -> None:
    # As docs/digest.md says: only `build` finds errors that show while a page renders.
    root = make_site({**SITE, "templates/home.html": "{{ nope }}\n"})
    assert run_cli("digest", "2022-01-18", root, cwd=here).code == 0
    assert run_cli("build", root).code == 1


@pytest.mark.slow
def test_raw_html_links_go_where_they_go_on_the_site(make_site: MakeSite, here: Path) -> None:
    # The build gives Markdown links the base path and leaves raw HTML as written
    # (docs/content.md); the email must link where the site page links, no more.
    root = make_site({
        "site.yaml": "title: T\nbase_url: https://x.org/b/\nmarkdown:\n  html: true\n",
        "content/articles/raw.md": article(
            "Raw Links", "2022-01-18T09:00:00Z", summary="S.",
            body='[md](/about/) <a href="/about/">raw</a> <a href="/b/about/">raw with base</a> '
                 '<a href="notes/">relative</a>\n\n![md image](/media/a.png)\n\n'
                 '<img src="/media/b.png" alt="raw image">\n')})
    build(root)
    page = (root / "public/articles/raw-links/index.html").read_text(encoding="utf-8")
    on_site = {text: href for href, text in anchors(page)}
    assert [on_site[t] for t in ("md", "raw", "raw with base", "relative")] == [
        "/b/about/", "/about/", "/b/about/", "notes/"]
    assert 'src="/b/media/a.png"' in page and 'src="/media/b.png"' in page
    result = run_cli("digest", "2022-01-18", root, "--full", cwd=here)
    assert result.code == 0, result.err
    html = (here / "digest-2022-01-18.html").read_text(encoding="utf-8")
    in_mail = {text: href for href, text in anchors(html)}
    assert [in_mail[t] for t in ("md", "raw", "raw with base", "relative")] == [
        "https://x.org/b/about/", "https://x.org/about/", "https://x.org/b/about/",
        "https://x.org/b/articles/raw-links/notes/"]
    images = [a["src"] for t, a in parse_html(html)[0] if t == "img"]
    assert images == ["https://x.org/b/media/a.png", "https://x.org/media/b.png"]


@pytest.mark.parametrize(("day", "message"), [
    ("18-01-2022", "expected a date as YYYY-MM-DD, got '18-01-2022'"),
    ("20220118", "expected a date as YYYY-MM-DD, got '20220118'"),
    ("2022-02-30", "not a date: '2022-02-30'"),
])
def test_bad_date_is_bad_usage(site: Path, here: Path, day: str, message: str) -> None:
    result = run_cli("digest", day, site, cwd=here)
    assert result.code == 2
    assert message in result.err
    assert not list(here.iterdir())


def test_txt_output_name_is_bad_usage(site: Path, here: Path) -> None:
    result = run_cli("digest", "2022-01-18", site, "-o", "mail.txt", cwd=here)
    assert result.code == 2
    assert "ends in .txt" in result.err


@pytest.mark.parametrize(("day", "message"), [
    ("2022-01-19", "no items on 2022-01-19; the nearest editions are 2022-01-18 (before) "
                   "and 2022-01-21 (after)"),
    ("2021-12-31", "no items on 2021-12-31; the nearest edition is 2022-01-18 (after)"),
    ("2022-02-01", "no items on 2022-02-01; the nearest edition is 2022-01-21 (before)"),
])
def test_day_without_items_names_nearest_editions(site: Path, here: Path, day: str,
                                                  message: str) -> None:
    result = run_cli("digest", day, site, cwd=here)
    assert result.code == 1
    assert result.err_lines == [f"briefgen: {message}"]
    assert not list(here.iterdir())


def test_drafts(site: Path, here: Path) -> None:
    html, _ = digest(site, here, "--drafts")
    assert "Unfinished Draft Item" in html


def test_site_errors_stop_the_digest(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE, "content/articles/bad.md": article("Bad", "2022-02-30")})
    result = run_cli("digest", "2022-01-18", root, cwd=here)
    assert result.code == 1
    assert "content/articles/bad.md:3: date:" in result.err
    assert not list(here.iterdir())


def test_path_only_base_url_warns(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE, "site.yaml": "title: T\nbase_url: /brief/\n"})
    result = run_cli("digest", "2022-01-18", root, cwd=here)
    assert result.code == 0
    assert "links in emails need an absolute base_url" in result.err
    assert "--base-url" in result.err
    html = (here / "digest-2022-01-18.html").read_text(encoding="utf-8")
    assert "/brief/articles/lavrov-waits-for-answers/" in [h for h, _ in anchors(html)]


def test_base_url_option(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE, "site.yaml": "title: T\n"})
    result = run_cli("digest", "2022-01-18", root, "--base-url", "https://news.example/", cwd=here)
    assert result.code == 0 and "warning" not in result.err
    html = (here / "digest-2022-01-18.html").read_text(encoding="utf-8")
    assert "https://news.example/topics/nato/" in [h for h, _ in anchors(html)]


def test_site_templates_override_the_theme(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE,
                      "templates/digest.html": "<html><head><style>p { color: red; } "
                                               "@media (max-width: 400px) { p { color: blue; } }"
                                               "</style></head><body>{% for item in items %}"
                                               "<p>{{ item.title }}</p>{% endfor %}</body></html>\n",
                      "templates/digest.txt": "{{ items|length }} items: {{ edition.iso }}\n"})
    html, text = digest(root, here)
    assert '<p style="color: red;">Lavrov Waits for Answers</p>' in html
    assert "<style>@media (max-width: 400px)" in html  # at-rules stay for clients that read them
    assert text == "2 items: 2022-01-18\n"


def test_build_is_unaffected(site: Path) -> None:
    build(site)
    out = site / "public"
    assert not list(out.rglob("digest*"))


def test_example_site_edition(here: Path) -> None:
    result = run_cli("digest", "2022-01-18", REPO, cwd=here)
    assert result.code == 0, result.err
    assert "warning" not in result.err  # the example is hosted: its links are full URLs
    html = (here / "digest-2022-01-18.html").read_text(encoding="utf-8")
    assert "https://briefing.example.org/2022/01/18/" in [h for h, _ in anchors(html)]
    assert "Sent by The RUSSIALINK Briefing editors, Example Street 1" in page_text(html)
    result = run_cli("digest", "2022-01-18", REPO, "--base-url", HOST, "--full", "-o", "ex.html",
                     cwd=here)
    assert result.code == 0, result.err
    assert "warning" not in result.err
    html = (here / "ex.html").read_text(encoding="utf-8")
    text = (here / "ex.txt").read_text(encoding="utf-8")
    assert "<style" not in html
    links = [h for h, _ in anchors(html)]
    assert HOST + "2022/01/18/" in links
    assert all(h.startswith("https://") for h in links if h != "{{unsubscribe_url}}")
    assert "Russia Still Waiting for Western Answers" in page_text(html)
    assert "Russia Still Waiting for Western Answers" in text


# Pure pieces


def test_context_is_pure_and_ordered(site: Path) -> None:
    model, _ = load_site(site)
    context = digest_context(model, date(2022, 1, 18), Routes(model.config))
    assert [i.title for i in context["items"]] == [HOSTILE_TITLE, "Lavrov Waits for Answers"]
    assert context["edition"]["url"] == HOST + "2022/01/18/"
    assert context["edition"]["date_text"] == "18 January 2022"
    assert context["absolute"] and not context["full"]
    assert all(i.body_html == "" for i in context["items"])


def test_absolute_links() -> None:
    body = ('<p><a href="/brief/x/">x</a> <a href="../y/">y</a> <a href="#fn1">1</a> '
            '<a href="mailto:a@b.c">m</a> <img src="/brief/media/a.png" alt="a"></p>')
    assert absolute_links(body, HOST + "articles/z/") == (
        f'<p><a href="{HOST}x/">x</a> <a href="{HOST}articles/y/">y</a> <a href="#fn1">1</a> '
        f'<a href="mailto:a@b.c">m</a> <img src="{HOST}media/a.png" alt="a"></p>')


def test_html_text() -> None:
    body = ("<h2>Heading</h2><p>Some <em>text</em> with <a href=\"https://x.org/a\">a link</a> "
            "and <a href=\"https://x.org/b\">https://x.org/b</a>.</p>"
            "<ul><li>one</li><li><p>two</p></li></ul><ol><li>first</li><li>second</li></ol>"
            "<blockquote><p>quoted</p></blockquote><pre><code>a  b\n  c\n</code></pre>")
    assert html_text(body) == (
        "Heading\n\nSome text with a link <https://x.org/a> and https://x.org/b.\n\n"
        "- one\n\n- two\n\n1. first\n\n2. second\n\n> quoted\n\na  b\n  c")


def test_wrap_keeps_urls_whole() -> None:
    url = "https://example.org/" + "a" * 80
    assert wrap(f"Source: Wire <{url}>") == f"Source: Wire\n<{url}>"
    assert wrap("word " * 20, 30, indent="  ", first="1. ").splitlines()[1].startswith("  word")


def test_errors_in_both_digest_templates_are_reported_together(make_site: MakeSite,
                                                                 here: Path) -> None:
    """Like every site error: all in one run, as path:line lines, nothing written."""
    root = make_site({**SITE, "templates/digest.html": "<p>{{ nope.x }}</p>\n",
                      "templates/digest.txt": "ok\n{{ wrap(1) }}\n"})
    result = run_cli("digest", "2022-01-18", root, cwd=here)
    assert result.code == 1
    assert result.err_lines == [
        "templates/digest.html:1: template error: "
        "UndefinedError: 'nope' is undefined",
        "templates/digest.txt:2: template error: "
        "TypeError: expected string or bytes-like object, got 'int'",
        "briefgen: 2 error(s); nothing was written"]
    assert not list(here.iterdir())


# Mail clients: preview text, tables, the footer


FOOTER = ("digest:\n  sender: The Desk & Co\n  address: 1 Example Street, Example Town\n"
          "  unsubscribe: '{{unsubscribe_url}}'\n")


def body_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    tags, _ = parse_html(html)
    return tags[[t for t, _ in tags].index("body") + 1:]


def test_preview_text_comes_first_and_is_hidden(site: Path, here: Path) -> None:
    html, _ = digest(site, here)
    tag, attrs = body_tags(html)[0]
    assert tag == "div" and attrs["class"] == "preview"
    assert "display: none" in attrs["style"] and "mso-hide: all" in attrs["style"]
    preview = html.split('class="preview"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    # the titles, newest first, HTML-escaped, then only invisible spacers
    assert preview.startswith("&lt;script&gt;alert('t')&lt;/script&gt; Tom &amp; \"Jerry\" "
                              "talks · Lavrov Waits for Answers")
    assert not preview.split("Lavrov Waits for Answers", 1)[1].replace("&nbsp;", "").strip("\u034f\u200c")


def test_preview_text_is_cut_at_a_word(make_site: MakeSite, here: Path) -> None:
    long = {f"content/articles/{n}.md": article(f"A Rather Long Title Number {n} About Talks",
                                                f"2022-01-18T0{n}:00:00Z") for n in range(1, 9)}
    html, _ = digest(make_site({"site.yaml": SITE["site.yaml"], **long}), here)
    preview = html.split('class="preview"', 1)[1].split(">", 1)[1].split("\u034f", 1)[0]
    assert preview.endswith("…") and len(preview) <= 140
    assert preview.startswith("A Rather Long Title Number 8 About Talks · A Rather Long Title Number 7")


def test_layout_is_tables_that_outlook_keeps(site: Path, here: Path) -> None:
    html, _ = digest(site, here)
    tables = [a for t, a in parse_html(html)[0] if t == "table"]
    assert len(tables) >= 3
    for attrs in tables:
        assert attrs["role"] == "presentation" and attrs["cellpadding"] == attrs["cellspacing"] == "0"
        assert attrs["width"] == "100%" and attrs["bgcolor"].startswith("#")
    # Outlook for Windows ignores max-width: a fixed-width table only it reads holds the column
    assert '<!--[if mso]><table role="presentation" width="640"' in html
    assert "<!--[if mso]></td></tr></table><![endif]-->" in html
    # every cell names its font, as Outlook does not inherit it from <body>
    cells = [a for t, a in parse_html(html)[0] if t == "td"]
    assert cells and all("font-family" in a["style"] for a in cells)
    assert not any(t in ("div", "p", "h2") and "max-width" in a.get("style", "")
                   for t, a in body_tags(html)[1:])  # no width that Outlook would drop (but the preview's)


def test_footer_from_site_yaml_in_both_versions(make_site: MakeSite, here: Path) -> None:
    root = make_site({**SITE, "site.yaml": SITE["site.yaml"] + FOOTER})
    html, text = digest(root, here)
    footer = html.split('class="footer"', 1)[1]
    assert "Sent by The Desk &amp; Co, 1 Example Street, Example Town." in footer
    assert '<a href="{{unsubscribe_url}}"' in footer  # left for the mail tool to replace
    assert ("Unsubscribe", "{{unsubscribe_url}}") in [(t, h) for h, t in anchors(html)]
    tail = text.split("-" * 72)[-1]
    assert "Sent by The Desk & Co, 1 Example Street, Example Town." in tail
    assert tail.rstrip().endswith("Unsubscribe: {{unsubscribe_url}}")
    assert HOST + "2022/01/18/" in tail.splitlines()


def test_footer_without_settings_names_the_site_and_has_no_unsubscribe_link(site: Path, here: Path) -> None:
    html, text = digest(site, here)
    assert "Sent by Test Briefing." in page_text(html.split('class="footer"', 1)[1])
    assert "Unsubscribe" not in html and "Unsubscribe" not in text
    assert "Sent by Test Briefing." in text


@pytest.mark.parametrize("tag", ["*|UNSUB|*", "%unsubscribe_url%", "https://list.example/u?id=1&x=2",
                                 "mailto:leave@example.org?subject=unsubscribe"])
def test_unsubscribe_placeholders_and_urls_are_kept(make_site: MakeSite, here: Path, tag: str) -> None:
    root = make_site({**SITE, "site.yaml": SITE["site.yaml"] + f"digest:\n  unsubscribe: '{tag}'\n"})
    html, text = digest(root, here)
    assert ("Unsubscribe", tag) in [(t, h) for h, t in anchors(html)]
    assert f"Unsubscribe: {tag}" in text


def test_a_script_unsubscribe_link_is_an_error(make_site: MakeSite, here: Path) -> None:
    yaml = SITE["site.yaml"] + "digest:\n  unsubscribe: javascript:alert(1)\n"
    root = make_site({**SITE, "site.yaml": yaml})
    result = run_cli("digest", "2022-01-18", root, cwd=here)
    assert result.code == 1
    assert "site.yaml:4: digest.unsubscribe: expected an http(s) or mailto: URL" in result.err
    assert not list(here.iterdir())
