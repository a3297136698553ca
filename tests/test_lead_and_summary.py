"""End to end: a page never shows a paragraph twice, and comments are never text."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, article, build, run_cli


def _page(out: Path, slug: str) -> str:
    return (out / "articles" / slug / "index.html").read_text(encoding="utf-8")


def test_leads_comments_and_excerpts_on_a_built_site(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/derived.md": article("Derived", body="The only paragraph.\n"),
        "content/articles/written.md": article("Written", "2022-01-19", body="The body.\n",
                                               summary="A summary of its own."),
        "content/articles/linted.md": article("Linted", "2022-01-20",
                                              body="<!-- markdownlint-disable MD033 -->\n"
                                                   "What the item says.\n"),
        "content/articles/more.md": article("More", "2022-01-21",
                                            body="Before the cut.\n\n<!--more-->\n\nAfter the cut.\n"),
    })
    out = tmp_path / "out"
    build(site, "-o", out)
    derived = _page(out, "derived")
    assert derived.count("<p>The only paragraph.</p>") == 1
    assert 'class="summary lead"' not in derived
    assert '<meta name="description" content="The only paragraph.">' in derived
    written = _page(out, "written")
    assert '<p class="summary lead">A summary of its own.</p>' in written
    linted = _page(out, "linted")
    assert "markdownlint" not in linted and "&lt;!--" not in linted
    assert '<meta name="description" content="What the item says.">' in linted
    more = _page(out, "more")
    assert '<meta name="description" content="Before the cut.">' in more
    assert "After the cut." in more and "more--" not in more
    home = (out / "index.html").read_text(encoding="utf-8")
    for summary in ("The only paragraph.", "A summary of its own.", "What the item says.",
                    "Before the cut."):
        assert f'<p class="summary">{summary}</p>' in home
    assert "markdownlint" not in (out / "feed.xml").read_text(encoding="utf-8")


def test_a_full_digest_shows_the_first_paragraph_once(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "content/articles/derived.md": article("Derived", "2022-01-18T09:00:00Z",
                                               body="The only paragraph.\n"),
        "content/articles/written.md": article("Written", "2022-01-18T10:00:00Z", body="The body.\n",
                                               summary="A summary of its own."),
    })
    for full in ((), ("--full",)):
        result = run_cli("digest", "2022-01-18", site, *full, "-o", tmp_path / "d.html")
        assert result.code == 0, result.err
        for suffix in ("html", "txt"):
            mail = (tmp_path / f"d.{suffix}").read_text(encoding="utf-8")
            assert mail.count("The only paragraph.") == 1, (full, suffix)
            assert mail.count("A summary of its own.") == 1, (full, suffix)


def test_a_banner_picture_or_a_label_is_not_the_summary(make_site: MakeSite, tmp_path: Path) -> None:
    """A body that opens with a picture alone takes its summary (cards, meta
    description) from the paragraph after it, not from the alt text."""
    root = make_site({
        "content/articles/a.md": article("Issue 19", body="[![importpython-banner.png](/b.png)](/)\n\n"
                                                          "Real news of the week."),
        "content/articles/b.md": article("Only a picture", body="![A chart of the vote](/c.png)"),
        "content/articles/c.md": article("Week 12", body="Table of Contents:\n\n- [One](#one)\n\n"
                                                         "The ministers met twice."),
    })
    assert build(root, "-o", tmp_path / "out").code == 0
    page = (tmp_path / "out/articles/issue-19/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Real news of the week.">' in page
    only = (tmp_path / "out/articles/only-a-picture/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="A chart of the vote">' in only
    week = (tmp_path / "out/articles/week-12/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="The ministers met twice.">' in week  # not the label
