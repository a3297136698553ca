"""The deploy plan as a pure function: the output's files and `_redirects` against
a bucket listing, with no bucket. What each case checks is what a user would
see go up, stay or go."""

from __future__ import annotations

import hashlib

from briefgen.deploy.headers import IMMUTABLE, SHORT, cache_control, content_type
from briefgen.deploy.objects import Remote
from briefgen.deploy.plan import (
    EMPTY_MD5,
    parse_redirects,
    plan,
    redirect_key,
    to_look_up,
    wanted,
)


def file(rel: str, data: bytes) -> tuple[str, int, str, str]:
    return rel, len(data), hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()


FILES = [file("index.html", b"<p>home"), file("static/briefgen.css", b"body{}"),
         file("feed.xml", b"<feed/>"),
         file("pagefind/fragment/en_1a2b3c4.pf_fragment", b"frag"),
         file("pagefind/pagefind-entry.json", b"{}")]


def remote_of(files: list[tuple[str, int, str, str]], prefix: str = "") -> dict[str, Remote]:
    return {prefix + rel: Remote(prefix + rel, md5) for rel, _, md5, _ in files}


def keys(p: object) -> list[str]:
    return [u.wanted.key for u in p.uploads]  # type: ignore[attr-defined]


def test_a_first_deploy_uploads_assets_before_pages_and_feeds_last() -> None:
    p = plan(wanted(FILES, [], "/", ""), {})
    assert keys(p) == ["pagefind/fragment/en_1a2b3c4.pf_fragment", "static/briefgen.css",
                       "pagefind/pagefind-entry.json", "index.html", "feed.xml"]
    assert {u.reason for u in p.uploads} == {"new"}
    assert p.unchanged == 0 and p.deletes == ()


def test_a_bucket_that_holds_the_same_bytes_gets_nothing() -> None:
    p = plan(wanted(FILES, [], "/", ""), remote_of(FILES))
    assert p.uploads == () and p.unchanged == len(FILES) and p.deletes == ()


def test_only_changed_files_go_up_and_files_the_build_dropped_are_deleted() -> None:
    remote = remote_of(FILES)
    remote["index.html"] = Remote("index.html", "0" * 32)
    remote["articles/gone/index.html"] = Remote("articles/gone/index.html", "1" * 32)
    p = plan(wanted(FILES, [], "/", ""), remote)
    assert [(u.wanted.key, u.reason) for u in p.uploads] == [("index.html", "changed")]
    assert p.deletes == ("articles/gone/index.html",)
    assert p.unchanged == len(FILES) - 1


def test_an_etag_that_is_not_the_md5_is_settled_by_the_stored_sha256() -> None:
    """KMS-encrypted or multipart objects: the ETag is no MD5, so the object is
    looked at once, and its stored sha256 says it is current."""
    want = wanted(FILES, [], "/", "")
    remote = remote_of(FILES)
    remote["index.html"] = Remote("index.html", "abc-2")
    assert to_look_up(want, remote) == ["index.html"]
    sha = want["index.html"].sha256
    remote["index.html"] = Remote("index.html", "abc-2", looked_up=True, sha256=sha)
    p = plan(want, remote)
    assert p.uploads == () and p.unchanged == len(FILES)
    remote["index.html"] = Remote("index.html", "abc-2", looked_up=True, sha256="f" * 64)
    assert keys(plan(want, remote)) == ["index.html"]


def test_everything_lives_under_the_prefix() -> None:
    p = plan(wanted(FILES, [], "/", "briefings/"), {"briefings/old.html": Remote("briefings/old.html", "x")})
    assert all(k.startswith("briefings/") for k in keys(p))
    assert p.deletes == ("briefings/old.html",)


def test_redirects_go_on_the_old_page_or_on_an_empty_object() -> None:
    files = [*FILES, file("2019/old-slug/index.html", b"<meta refresh>")]
    rules = parse_redirects("/2019/old-slug/ /articles/new/ 301\n"
                            "/people/old/ /people/new/ 301\n"
                            "/people/old/* /people/new/:splat 301\n")
    assert rules == [("/2019/old-slug/", "/articles/new/"), ("/people/old/", "/people/new/")]
    want = wanted(files, rules, "/", "")
    page, empty = want["2019/old-slug/index.html"], want["people/old/index.html"]
    assert (page.redirect, page.empty, page.size) == ("/articles/new/", False, len(b"<meta refresh>"))
    assert (empty.redirect, empty.empty, empty.md5) == ("/people/new/", True, EMPTY_MD5)
    p = plan(want, {})
    assert p.redirects == (("2019/old-slug/index.html", "/articles/new/"),
                           ("people/old/index.html", "/people/new/"))


def test_a_redirect_is_looked_at_since_the_listing_does_not_show_it() -> None:
    rules = [("/people/old/", "/people/new/")]
    want = wanted([], rules, "/", "")
    listed = {"people/old/index.html": Remote("people/old/index.html", EMPTY_MD5)}
    assert to_look_up(want, listed) == ["people/old/index.html"]
    without = {"people/old/index.html": Remote("people/old/index.html", EMPTY_MD5, looked_up=True)}
    assert keys(plan(want, without)) == ["people/old/index.html"]
    current = {"people/old/index.html": Remote("people/old/index.html", EMPTY_MD5, looked_up=True,
                                               redirect="/people/new/")}
    assert plan(want, current).uploads == ()


def test_redirect_paths_follow_the_base_path_and_the_prefix() -> None:
    assert redirect_key("/briefings/people/old/", "/briefings/", "site/") == "site/people/old/index.html"
    assert redirect_key("/briefings/old.html", "/briefings/", "") == "old.html"
    assert redirect_key("/elsewhere/", "/briefings/", "") is None
    assert redirect_key("/briefings/../x/", "/briefings/", "") is None


def test_fingerprinted_search_files_are_immutable_and_pages_short_lived() -> None:
    assert cache_control("pagefind/fragment/en_1a2b3c4.pf_fragment") == IMMUTABLE
    assert cache_control("pagefind/index/en_99ffaa1.pf_index") == IMMUTABLE
    assert cache_control("pagefind/pagefind.en_0a1b2c3d4e.pf_meta") == IMMUTABLE
    for short in ("index.html", "articles/x/index.html", "feed.xml", "sitemap.xml",
                  "people/a/feed.xml", "pagefind/pagefind.js", "pagefind/pagefind-entry.json",
                  "pagefind/wasm.en.pagefind"):
        assert cache_control(short) == SHORT, short
    assert cache_control("static/briefgen.css") not in (IMMUTABLE, SHORT)


def test_content_types_by_file_type() -> None:
    assert content_type("index.html") == "text/html; charset=utf-8"
    assert content_type("people/a/feed.xml") == "application/atom+xml; charset=utf-8"
    assert content_type("sitemap.xml") == "application/xml; charset=utf-8"
    assert content_type("static/briefgen.css") == "text/css; charset=utf-8"
    assert content_type("pagefind/pagefind.js") == "text/javascript; charset=utf-8"
    assert content_type("static/favicon.svg") == "image/svg+xml"
    assert content_type("media/photo.JPG") == "image/jpeg"
    assert content_type("pagefind/fragment/en_1a2b3c4.pf_fragment") == "application/octet-stream"
    assert content_type("pagefind/wasm.en.pagefind") == "application/octet-stream"
