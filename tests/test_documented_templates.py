"""What docs/templates.md and docs/urls.md promise a template author, checked on a built site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, article, build, parse_html


def _title(html: str) -> str:
    tags, _ = parse_html(html)
    return next(a["content"] for t, a in tags if t == "meta" and a.get("property") == "og:title")


def test_page_titles_and_term_roles_are_as_documented(make_site: MakeSite, tmp_path: Path) -> None:
    """PageInfo.title on later list pages, and TermRef.role on an item's people."""
    site = make_site({
        "site.yaml": "title: Brief\nper_page: 1\nsearch: false\n",
        "content/people/a.md": "---\nname: Ann Example\nrole: Envoy\n---\n",
        "content/articles/a.md": article("One", people="[Ann Example]"),
        "content/articles/b.md": article("Two", "2022-01-19", people="[Ann Example]"),
        "templates/card.html": "{% for g in item.terms %}{% for t in g.terms %}"
                               "[{{ t.name }}|{{ t.role }}]{% endfor %}{% endfor %}\n",
    })
    out = tmp_path / "out"
    build(site, "-o", out)
    assert _title((out / "index.html").read_text()) == "Brief"
    assert _title((out / "page/2/index.html").read_text()) == "Latest items — page 2"
    assert _title((out / "people/ann-example/page/2/index.html").read_text()) \
        == "Ann Example — page 2"
    assert "[Ann Example|Envoy]" in (out / "index.html").read_text()


def test_the_sitemap_leaves_out_noindex_pages(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "title: Brief\nbase_url: https://x.org/\nsearch: false\n",
        "content/people/z.md": "---\nname: New Name\nformer_names: [Old Name]\n---\n",
        "content/articles/a.md": article("One", people="[Old Name]"),
    })
    out = tmp_path / "out"
    build(site, "-o", out)
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://x.org/people/new-name/" in sitemap
    for left_out in ("404.html", "/search/", "/people/old-name/"):
        assert left_out not in sitemap


def test_extra_keys_named_like_dict_methods_read_with_brackets(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    site = make_site({
        "site.yaml": "title: Brief\nsearch: false\n",
        "content/articles/a.md": article("One", copy="'Photo: Example Wire'"),
        "templates/card.html": "<p>{{ item.extra['copy'] }}</p>\n",
    })
    out = tmp_path / "out"
    build(site, "-o", out)
    assert "<p>Photo: Example Wire</p>" in (out / "index.html").read_text()


def test_the_theme_static_files_listed_in_the_docs_are_published(make_site: MakeSite,
                                                                 tmp_path: Path) -> None:
    site = make_site({"site.yaml": "title: Brief\nsearch: false\n",
                      "content/articles/a.md": article("One")})
    out = tmp_path / "out"
    build(site, "-o", out)
    assert sorted(p.name for p in (out / "static").iterdir()) == ["briefgen-code.css",
                                                                 "briefgen-search.js",
                                                                 "briefgen.css",
                                                                 "favicon.svg"]
