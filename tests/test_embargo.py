"""Embargoes and expiry, end to end, on a fixed clock.

An item scheduled for later (`publish_date`, or a `date` to come) or expired
(`expiry_date`) is in no file of the output: no page, list, edition, feed,
sitemap, term page or count, related item or link. A build after its time
comes, with nothing edited, publishes it (or takes it down) everywhere;
`--future` and `--expired` publish it anyway; `check` lists them; the
preview marks them. The clock is BRIEFGEN_NOW for commands, Schedule for
build_site.
"""

from __future__ import annotations

import http.client
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefgen.build.pipeline import build_site
from briefgen.core.clock import parse_now
from briefgen.serve.server import Preview, open_server
from briefgen.source.schedule import Schedule
from tests.conftest import article, build, run_cli, tree_bytes, write_site

T0 = "2022-01-19T00:00:00Z"  # the embargoed item and the one dated ahead are scheduled
T1 = "2022-01-20T12:00:00Z"  # the embargo lapsed (06:00 in Moscow is 03:00 UTC)
T2 = "2022-01-22T00:00:00Z"  # and the expiring item expired (1 January 21, 00:00 UTC)

EMBARGOED = "content/articles/embargoed.md"
EXPIRING = "content/articles/expiring.md"
EMBARGOED_PAGE = "articles/embargoed-talks/index.html"
EXPIRING_PAGE = "articles/expiring-notice/index.html"


def _site(root: Path) -> Path:
    return write_site(root, {
        "site.yaml": "title: Briefing\nsearch: false\ntimezone: Europe/Moscow\n",
        "content/articles/a.md": article("Lavrov awaits answers", people="[Sergei Lavrov]",
                                         topics="[NATO]"),
        EMBARGOED: article("Embargoed talks", date="2022-01-18T09:00",
                           publish_date="2022-01-20T06:00", people="[Wendy Sherman]",
                           topics="[NATO]", body="Quetzalword in the embargoed body."),
        "content/articles/ahead.md": article("Dated ahead", date="2022-01-25",
                                             body="Ahead of time."),
        EXPIRING: article("Expiring notice", date="2022-01-17", people="[Jens Stoltenberg]",
                          expiry_date="2022-01-21T00:00:00Z", topics="[NATO]",
                          body="Zanzibarword until it expires."),
        "content/articles/linker.md": article("Linker", date="2022-01-18T12:00",
                                              body="See [the talks](embargoed.md) soon."),
    })


def _everything(out: Path) -> bytes:
    return b"\n".join(tree_bytes(out).values())


def _when(text: str) -> Schedule:
    return Schedule(parse_now(text))


def test_held_items_are_in_no_file_of_the_output(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    result = build_site(root, schedule=_when(T0))
    out = root / "public"
    everything = _everything(out)
    for held in (b"Embargoed talks", b"embargoed-talks", b"Quetzalword", b"Wendy Sherman",
                 b"wendy-sherman", b"Dated ahead", b"dated-ahead"):
        assert held not in everything, held
    assert b"Zanzibarword" in everything  # expires later
    assert not (out / "people/wendy-sherman").exists()
    assert result.articles == 3
    assert result.terms["people"] == 2  # Lavrov, Stoltenberg
    assert {h.key for h in result.held} == {EMBARGOED, "content/articles/ahead.md"}


def test_a_link_to_a_held_item_is_text_until_it_is_published(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path / "site")
    monkeypatch.setenv("BRIEFGEN_NOW", T0)
    build(root)
    page = (root / "public/articles/linker/index.html").read_text("utf-8")
    assert "<span>the talks</span>" in page
    assert "embargoed.md" not in page

    checked = run_cli("check", root)
    assert checked.code == 0
    assert (f"warning: content/articles/linker.md:5: relative link 'embargoed.md' leads nowhere: "
            f"{EMBARGOED} is scheduled for 20 January 2022, 06:00 (Europe/Moscow) by its "
            "publish_date; no link until it is published") in checked.err_lines

    monkeypatch.setenv("BRIEFGEN_NOW", T1)
    build(root)
    page = (root / "public/articles/linker/index.html").read_text("utf-8")
    assert '<a href="/articles/embargoed-talks/">the talks</a>' in page


def test_builds_as_time_passes_publish_and_take_down_with_nothing_edited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The no-op check and the warm build see the clock: a build after a
    publish_date or expiry_date is redone, and matches a clean build then."""
    root = _site(tmp_path / "site")
    out = root / "public"
    monkeypatch.setenv("BRIEFGEN_NOW", T0)
    first = build(root)
    assert "2 items scheduled (not published); run briefgen check for which" in first.err
    again = build(root)
    assert "(0 written)" in again.err  # nothing changed, and no time came
    assert "2 items scheduled (not published)" in again.err  # said by the no-op build too

    monkeypatch.setenv("BRIEFGEN_NOW", T1)
    later = build(root)
    assert "(0 written)" not in later.err
    assert "1 item scheduled (not published)" in later.err
    assert (out / EMBARGOED_PAGE).is_file()
    assert (out / "people/wendy-sherman/index.html").is_file()
    edition = (out / "2022/01/18/index.html").read_text("utf-8")
    assert "Embargoed talks" in edition
    assert "Embargoed talks" in (out / "feed.xml").read_text("utf-8")
    assert "/articles/embargoed-talks/" in (out / "sitemap.xml").read_text("utf-8")
    _same_as_clean(root, tmp_path / "clean-t1", T1)

    monkeypatch.setenv("BRIEFGEN_NOW", T2)
    last = build(root)
    assert "1 item scheduled, 1 expired (not published)" in last.err
    assert not (out / EXPIRING_PAGE).exists()
    assert not (out / "people/jens-stoltenberg").exists()
    assert b"Zanzibarword" not in _everything(out)
    assert b"Expiring notice" not in _everything(out)
    _same_as_clean(root, tmp_path / "clean-t2", T2)
    assert "(0 written)" in build(root).err


def _same_as_clean(root: Path, clean: Path, now: str) -> None:
    """The warm build's output is what a clean build at NOW writes."""
    if clean.exists():
        shutil.rmtree(clean)
    build_site(root, output=clean, use_cache=False, schedule=_when(now))
    assert tree_bytes(root / "public") == tree_bytes(clean)


def test_future_and_expired_publish_held_items_with_no_marker(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path / "site")
    monkeypatch.setenv("BRIEFGEN_NOW", T2)
    result = build(root, "--future", "--expired")
    assert "not published" not in result.err
    out = root / "public"
    for page in (EMBARGOED_PAGE, EXPIRING_PAGE, "articles/dated-ahead/index.html"):
        assert (out / page).is_file()
    assert b"briefgen-held" not in _everything(out)  # the preview's banner only
    assert b"Preview only" not in _everything(out)
    back = build(root)  # another option: no no-op, and the held items go again
    assert "(0 written)" not in back.err
    assert not (out / EXPIRING_PAGE).exists()


def test_check_lists_what_is_scheduled_and_what_expired(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path / "site")
    monkeypatch.setenv("BRIEFGEN_NOW", T2)
    result = run_cli("check", root)
    assert result.code == 0, result.err
    lines = result.err_lines
    assert ("content/articles/ahead.md:3: scheduled for 25 January 2022, 00:00 (Europe/Moscow) "
            "by its date; not published yet") in lines
    assert (f"{EXPIRING}:5: expired on 21 January 2022, 03:00 (Europe/Moscow) by its "
            "expiry_date; no longer published") in lines
    assert not any(line.startswith(EMBARGOED) for line in lines)  # published by now
    assert not list(root.glob("public"))


def test_the_digest_leaves_held_items_out_unless_asked(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path / "site")
    monkeypatch.setenv("BRIEFGEN_NOW", T0)
    out = tmp_path / "d.html"
    assert run_cli("digest", "2022-01-18", root, "-o", out).code == 0
    assert "Embargoed talks" not in out.read_text("utf-8")
    assert run_cli("digest", "2022-01-18", root, "-o", out, "--future").code == 0
    assert "Embargoed talks" in out.read_text("utf-8")


@pytest.mark.parametrize(("front", "message"), [
    ("publish_date: 2022-02-30\n", "content/articles/x.md:4: publish_date: not a date: '2022-02-30'"),
    ("expiry_date: soon\n", "content/articles/x.md:4: expiry_date: not a date: 'soon' "
                            "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM)"),
    ("expiry_date: 2022-01-17\n", "content/articles/x.md:4: expiry_date: is not after date "
                                  "(2022-01-18T00:00:00+00:00), so the item would never be published"),
    ("publishDate: 2022-01-20\n", "content/articles/x.md:4: publishDate: not a key briefgen reads "
                                  "(did you mean 'publish_date'?)"),
])
def test_wrong_dates_are_errors_at_their_line(tmp_path: Path, front: str, message: str) -> None:
    root = write_site(tmp_path / "site", {
        "site.yaml": "title: T\nsearch: false\n",
        "content/articles/x.md": f"---\ntitle: X\ndate: 2022-01-18\n{front}---\nBody.\n",
        "content/articles/y.md": "---\ntitle: Y\ndate: 2022-01-18\nexpiry_date: [1]\n---\nBody.\n",
        "content/pages/about.md": "---\ntitle: About\npublish_date: 2030-01-01\n---\nBody.\n",
    })
    result = run_cli("build", root)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert message in result.err_lines
    assert "content/articles/y.md:4: expiry_date: not a date: [1] (use YYYY-MM-DD or " \
           "YYYY-MM-DDTHH:MM:SS+HH:MM)" in result.err_lines  # all in one run
    assert ("content/pages/about.md:3: publish_date: only items are scheduled or expire; "
            "keep a page out with draft: true") in result.err_lines


def test_a_wrong_briefgen_now_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path / "site")
    monkeypatch.setenv("BRIEFGEN_NOW", "tomorrow")
    result = run_cli("build", root)
    assert result.code == 1
    assert result.err_lines == ["briefgen: BRIEFGEN_NOW: expected a date and time with an offset, "
                                "such as 2022-01-18T09:00:00Z, got 'tomorrow'"]


def test_the_preview_marks_held_items_and_publishes_them_when_their_time_comes(
        tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    now = [parse_now(T0)]
    preview = Preview(root, drafts=False, future=True, clock=lambda: now[0])
    assert preview.rebuild() == []
    snap = preview.snapshot
    assert EMBARGOED_PAGE in snap.files
    assert b"Preview only: scheduled for 20 January 2022, 06:00 (Europe/Moscow)" in \
        snap.banners[EMBARGOED_PAGE]
    assert b"briefgen-held" not in snap.page(EMBARGOED_PAGE)  # added as it is served
    served = _served(preview, "/articles/embargoed-talks/")
    assert served.index(b"Preview only: scheduled for") < served.index(b"Embargoed talks</h1>")
    assert b"Preview only" not in _served(preview, "/articles/linker/")
    assert not preview.due()
    now[0] = datetime(2022, 1, 20, 3, 0, tzinfo=UTC)  # 06:00 in Moscow: released
    assert preview.due()
    assert preview.rebuild() == []
    assert EMBARGOED_PAGE not in preview.snapshot.banners
    assert preview.snapshot.build == snap.build + 1  # open tabs reload: the banner went

    plain = Preview(root, drafts=False, clock=lambda: parse_now(T0))
    assert plain.rebuild() == []
    assert EMBARGOED_PAGE not in plain.snapshot.files
    assert not plain.snapshot.banners


def test_hugo_publish_and_expiry_dates_are_imported(tmp_path: Path) -> None:
    """Hugo's publishDate beside a date, and expiryDate, keep an imported item held back."""
    source = write_site(tmp_path / "hugo", {
        "hugo.toml": 'title = "H"\nbaseURL = "https://h.example.org/"\n',
        "content/posts/x.md": "---\ntitle: X\ndate: 2022-01-18\npublishDate: "
                              "2022-01-20T06:00:00+03:00\nexpiryDate: 2022-02-01\n---\nBody.\n",
        "content/posts/y.md": "---\ntitle: Y\npublishDate: 2022-01-19\n---\nBody.\n",
    })
    result = run_cli("import", "hugo", source, "-o", tmp_path / "site")
    assert result.code == 0, result.err
    x = (tmp_path / "site/content/articles/posts/x.md").read_text("utf-8")
    assert "publish_date: '2022-01-20T06:00:00+03:00'" in x
    assert "expiry_date: '2022-02-01'" in x
    y = (tmp_path / "site/content/articles/posts/y.md").read_text("utf-8")
    assert "date: '2022-01-19'" in y and "publish_date" not in y  # the date is its release


def _served(preview: Preview, path: str) -> bytes:
    """The page at PATH as the preview's HTTP server sends it."""
    server = open_server(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 200
        body = response.read()
        conn.close()
        return body
    finally:
        server.shutdown()
        server.server_close()


def test_the_search_index_holds_an_item_only_while_it_is_public(tmp_path: Path) -> None:
    """The index follows the pages: a warm build after the embargo adds the item's
    words, one after its expiry takes them out."""
    from briefgen.build import pagefind_bin
    from tests.search_decode import decode_bundle

    if not pagefind_bin.search_available():
        pytest.skip("Pagefind is not installed")
    root = _site(tmp_path / "site")
    (root / "site.yaml").write_text("title: Briefing\ntimezone: Europe/Moscow\n", encoding="utf-8")

    def words(now: str) -> set[str]:
        build_site(root, schedule=_when(now))
        return {w for lang in decode_bundle(root / "public/pagefind").values() for w in lang["words"]}

    assert "quetzalword" not in words(T0)
    assert "zanzibarword" in words(T0)
    assert "quetzalword" in words(T1)
    assert "zanzibarword" not in words(T2)
