"""Entity linking on literal HTML: the first mention of a known name links to its page.

Linker.build takes names as written (plain text) and the URL each links to;
link() works on rendered HTML, find() on plain text.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.site.autolink import Linker, _Open, _skipped_spans, html_text
from briefgen.source.markdown import make_markdown, render_markdown

LAVROV, NATO, SERGEI, ATT = "/people/sergei-lavrov/", "/topics/nato/", "/people/sergei/", "/topics/at-t/"


def a(url: str, text: str) -> str:
    return f'<a class="autolink" href="{url}">{text}</a>'


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.build({"Sergei Lavrov": LAVROV, "Lavrov": LAVROV, "Sergei": SERGEI,
                         "NATO": NATO, "AT&T": ATT, "Сергей Лавров": LAVROV})


def html_of(markdown: str) -> str:
    return render_markdown(make_markdown(False), markdown)[0]


# --- first mention only ---------------------------------------------------------------------

def test_only_the_first_mention_is_linked(linker: Linker) -> None:
    html, used = linker.link("<p>NATO met. NATO said no.</p><p>Later NATO again.</p>")
    assert html == f"<p>{a(NATO, 'NATO')} met. NATO said no.</p><p>Later NATO again.</p>"
    assert used == ("NATO",)


def test_each_page_is_linked_once_whichever_name_comes_first() -> None:
    linker = Linker.build({"Sergei Lavrov": LAVROV, "Lavrov": LAVROV})
    html, used = linker.link("<p>Lavrov spoke. Then Sergei Lavrov spoke again.</p>")
    assert html == f"<p>{a(LAVROV, 'Lavrov')} spoke. Then Sergei Lavrov spoke again.</p>"
    assert used == ("Lavrov",)


def test_several_pages_are_linked_in_order_of_mention(linker: Linker) -> None:
    html, used = linker.link("<p>Sergei Lavrov on NATO.</p>")
    assert html == f"<p>{a(LAVROV, 'Sergei Lavrov')} on {a(NATO, 'NATO')}.</p>"
    assert used == ("Sergei Lavrov", "NATO")


def test_a_body_without_known_names_is_returned_unchanged(linker: Linker) -> None:
    html = "<p>Nothing to see here.</p>\n"
    assert linker.link(html) == (html, ())


def test_a_linker_without_names_changes_nothing() -> None:
    html = "<p>NATO</p>"
    assert Linker.build({}).link(html) == (html, ())


def test_one_character_names_are_never_linked() -> None:
    linker = Linker.build({"X": "/topics/x/", "NATO": NATO})
    assert linker.link("<p>X and NATO</p>")[0] == f"<p>X and {a(NATO, 'NATO')}</p>"


# --- longest name wins ----------------------------------------------------------------------

def test_the_longest_name_wins_over_a_shorter_one_it_starts_with(linker: Linker) -> None:
    html, used = linker.link("<p>Sergei Lavrov met Sergei.</p>")
    assert html == f"<p>{a(LAVROV, 'Sergei Lavrov')} met {a(SERGEI, 'Sergei')}.</p>"
    assert used == ("Sergei Lavrov", "Sergei")


def test_the_longest_name_wins_over_a_shorter_one_inside_it() -> None:
    linker = Linker.build({"New York Times": "/sources/nyt/", "New York": "/topics/new-york/",
                           "York Times": "/topics/york-times/"})
    html, _ = linker.link("<p>The New York Times said.</p>")
    assert html == f"<p>The {a('/sources/nyt/', 'New York Times')} said.</p>"


def test_a_repeated_long_name_never_links_the_shorter_name_inside_it(linker: Linker) -> None:
    html, used = linker.link("<p>Sergei Lavrov met. Sergei Lavrov said.</p>")
    assert html == f"<p>{a(LAVROV, 'Sergei Lavrov')} met. Sergei Lavrov said.</p>"
    assert used == ("Sergei Lavrov",)


def test_a_shorter_name_is_linked_only_where_it_stands_alone() -> None:
    linker = Linker.build({"New York Times": "/sources/nyt/", "New York": "/topics/new-york/"})
    html, _ = linker.link("<p>The New York Times said. The New York Times added that New York is big.</p>")
    assert html == (f"<p>The {a('/sources/nyt/', 'New York Times')} said. The New York Times added "
                    f"that {a('/topics/new-york/', 'New York')} is big.</p>")


# --- whole words, case ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["NATOs", "ANATO", "NATO2", "NATO_x", "preNATO", "NATOé"])
def test_only_whole_words_are_linked(linker: Linker, text: str) -> None:
    html = f"<p>{text} is not a mention.</p>"
    assert linker.link(html) == (html, ())


@pytest.mark.parametrize("text", ["NATO's", "NATO.", "(NATO)", "NATO,", "NATO—", "“NATO”", "NATO/EU"])
def test_punctuation_around_a_name_is_a_word_boundary(linker: Linker, text: str) -> None:
    html, used = linker.link(f"<p>{text}</p>")
    assert used == ("NATO",)
    assert html == f"<p>{text.replace('NATO', a(NATO, 'NATO'))}</p>"


@pytest.mark.parametrize("text", ["Lavrov…", "„Lavrov“", "Lavrov=", "+Lavrov"])
def test_any_non_word_character_is_a_word_boundary(linker: Linker, text: str) -> None:
    assert linker.link(f"<p>{text}</p>")[1] == ("Lavrov",)


@pytest.mark.parametrize("text", ["nato", "Nato", "lavrov", "SERGEI LAVROV"])
def test_matching_is_case_sensitive(linker: Linker, text: str) -> None:
    html = f"<p>{text} spoke.</p>"
    assert linker.link(html) == (html, ())


def test_names_in_other_scripts_are_whole_words_too(linker: Linker) -> None:
    assert linker.link("<p>Сергей Лавровым</p>")[1] == ()
    html, used = linker.link("<p>Сергей Лавров сказал.</p>")
    assert html == f"<p>{a(LAVROV, 'Сергей Лавров')} сказал.</p>"
    assert used == ("Сергей Лавров",)


# --- where it never links -------------------------------------------------------------------

@pytest.mark.parametrize("skipped", [
    '<a href="https://www.nato.int/">the NATO site</a>',
    "<code>NATO</code>",
    "<pre><code>NATO\n</code></pre>",
    "<h2>NATO</h2>",
    "<h1>NATO</h1>",
    "<h6>NATO</h6>",
    '<h2 id="x"><a href="#x">NATO</a> talks</h2>',
    "<PRE>NATO</PRE>",
    "<kbd>NATO</kbd>",
])
def test_never_inside_links_code_pre_or_headings_but_after_them(linker: Linker, skipped: str) -> None:
    html, used = linker.link(f"{skipped}<p>Then NATO.</p>")
    assert html == f"{skipped}<p>Then {a(NATO, 'NATO')}.</p>"
    assert used == ("NATO",)


def test_text_after_a_nested_skip_is_linked_again(linker: Linker) -> None:
    html = "<h2>On <code>NATO</code> and NATO</h2><p>NATO</p>"
    assert linker.link(html)[0] == f"<h2>On <code>NATO</code> and NATO</h2><p>{a(NATO, 'NATO')}</p>"


def test_a_tag_name_that_only_unicode_case_folding_makes_a_skipped_one_is_not_skipped(
        linker: Linker) -> None:
    """HTML tag names are case-insensitive in ASCII only: a browser reads <ſcript>
    (a long s) as an unknown element whose text it shows, so that text is linked."""
    html = "<p><ſcript>NATO</ſcript></p>"
    assert linker.link(html)[0] == f"<p><ſcript>{a(NATO, 'NATO')}</ſcript></p>"


def test_a_self_closing_tag_does_not_open_a_skipped_region(linker: Linker) -> None:
    html = '<p><svg class="icon"/> NATO</p>'
    assert linker.link(html)[0] == f'<p><svg class="icon"/> {a(NATO, "NATO")}</p>'


def test_inline_formatting_does_not_stop_linking(linker: Linker) -> None:
    assert linker.link("<p><em>NATO</em></p>")[0] == f"<p><em>{a(NATO, 'NATO')}</em></p>"


def test_a_name_split_by_a_tag_is_not_a_mention(linker: Linker) -> None:
    html, used = linker.link("<p>Sergei <em>Lavrov</em></p>")
    assert html == f"<p>{a(SERGEI, 'Sergei')} <em>{a(LAVROV, 'Lavrov')}</em></p>"
    assert used == ("Sergei", "Lavrov")


@pytest.mark.parametrize("html", [
    '<p><img src="/media/x.png" alt="NATO"></p>',
    '<p title="Sergei Lavrov">Nothing.</p>',
    '<p><a href="/topics/nato/" title="NATO">link</a></p>',
])
def test_a_name_inside_an_attribute_is_never_touched(linker: Linker, html: str) -> None:
    assert linker.link(html) == (html, ())


def test_attributes_stay_intact_when_the_text_is_linked(linker: Linker) -> None:
    html = '<p><img src="/media/nato.png" alt="NATO logo"> NATO</p>'
    assert linker.link(html)[0] == f'<p><img src="/media/nato.png" alt="NATO logo"> {a(NATO, "NATO")}</p>'


# --- entities and escaping ------------------------------------------------------------------

def test_a_name_with_an_ampersand_matches_its_escaped_form(linker: Linker) -> None:
    html, used = linker.link("<p>AT&amp;T said.</p>")
    assert html == f"<p>{a(ATT, 'AT&amp;T')} said.</p>"
    assert used == ("AT&amp;T",)


def test_a_name_is_never_matched_inside_an_entity() -> None:
    linker = Linker.build({"amp": "/topics/amp/", "quot": "/topics/quot/"})
    html = "<p>Fish &amp; chips, &quot;quoted&quot;</p>"
    assert linker.link(html) == (html, ())


def test_the_url_is_escaped_in_the_href() -> None:
    linker = Linker.build({"NATO": "/topics/a&b/"})
    assert linker.link("<p>NATO</p>")[0] == '<p><a class="autolink" href="/topics/a&amp;b/">NATO</a></p>'


def test_markdown_rendered_names_with_double_quotes_are_linked() -> None:
    linker = Linker.build({'The "Quad"': "/topics/quad/"})
    html, used = linker.link(html_of('The "Quad" met.'))
    assert used == ("The &quot;Quad&quot;",)
    assert 'href="/topics/quad/">The &quot;Quad&quot;</a> met.' in html


def test_markdown_rendered_names_with_an_apostrophe_are_linked() -> None:
    linker = Linker.build({"Beto O'Rourke": "/people/beto-o-rourke/"})
    html, used = linker.link(html_of("Beto O'Rourke spoke."))
    assert html == "<p>" + a("/people/beto-o-rourke/", "Beto O'Rourke") + " spoke.</p>\n"
    assert len(used) == 1


# --- find() on plain text -------------------------------------------------------------------

def test_find_returns_every_whole_word_mention_with_its_offset(linker: Linker) -> None:
    text = "Lavrov and Sergei Lavrov and NATOs, then NATO and Lavrov."
    assert linker.find(text) == [(0, "Lavrov"), (11, "Sergei Lavrov"), (41, "NATO"), (50, "Lavrov")]


def test_find_prefers_the_longest_name_at_each_place(linker: Linker) -> None:
    assert linker.find("Sergei Lavrov") == [(0, "Sergei Lavrov")]
    assert linker.find("Sergei, Lavrov") == [(0, "Sergei"), (8, "Lavrov")]


def test_find_is_case_sensitive_and_ignores_unknown_names(linker: Linker) -> None:
    assert linker.find("nato lavrov Blinken") == []


@pytest.mark.parametrize(("name", "text"), [("AT&T", "AT&T said"), ("Beto O'Rourke", "Beto O'Rourke said")])
def test_find_on_plain_text_finds_names_with_special_characters(name: str, text: str) -> None:
    assert Linker.build({name: "/x/"}).find(text) == [(0, name)]


def test_the_fingerprint_changes_with_the_names() -> None:
    one = Linker.build({"NATO": NATO})
    assert one.fp == Linker.build({"NATO": NATO}).fp
    assert one.fp != Linker.build({"NATO": "/topics/other/"}).fp
    assert one.fp != Linker.build({"NATO": NATO, "EU": "/topics/eu/"}).fp


def test_an_unclosed_unlinked_element_keeps_everything_after_it_unlinked() -> None:
    linker = Linker.build({"NATO": NATO})
    html = "<p><code>x NATO</p><p>NATO again</p>"
    assert linker.link(html) == (html, ())


def test_nested_unlinked_elements_end_with_the_outermost() -> None:
    linker = Linker.build({"NATO": NATO})
    html = "<pre><code>NATO</code> NATO</pre><p>NATO</p>"
    assert linker.link(html)[0] == f"<pre><code>NATO</code> NATO</pre><p>{a(NATO, 'NATO')}</p>"


def test_a_closing_tag_without_its_opening_one_changes_nothing() -> None:
    linker = Linker.build({"NATO": NATO})
    assert linker.link("<p>x</a> NATO</p>")[0] == f"<p>x</a> {a(NATO, 'NATO')}</p>"


# --- the candidate filter never drops a name ------------------------------------------------

def _every_name_searched(linker: Linker) -> Linker:
    """The same linker with its candidate filter off: every name is searched for."""
    everything = tuple((name, frozenset()) for name in linker.urls)
    return replace(linker, by_first_word={w: everything for w in linker.by_first_word},
                   words=re.compile(r"\w+"))


def test_the_first_word_filter_finds_what_searching_every_name_finds() -> None:
    """Names that start with lower case, share words, hold other scripts or
    punctuation, in texts where they sit inside longer words, are linked
    exactly as a search for every name would link them."""
    names = ["Jens Stoltenberg", "Stoltenberg", "pipeline corridor", "Pipeline corridor",
             "de Gaulle", "NATO", "O'Brien", "Anna-Maria Ек", "Ек", "AT&T", "Élise Ünal",
             "x2 summit", "Nord Stream 2", "Ünal"]
    linker = Linker.build({n: f"/t/{i}/" for i, n in enumerate(names)})
    reference = _every_name_searched(linker)
    pieces = [*names, "xNATO", "NATOx", "McStoltenberg", "Jens", "corridor", "pipeline",
              "de", "Gaulle", "AT", "T", "&amp;", "<em>", "</em>", "<code>", "</code>", "’",
              "-", ".", " ", " ", " ", "2", "Maria", "Anna", "Stream", "Nord"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        html = f"<p>{html_text(text) if rng.random() < 0.5 else text}</p>"
        assert linker.edits(html) == reference.edits(html), html
        assert linker.find(text) == reference.find(text), text


def _every_whole_word(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(offset, name) of every whole-word occurrence of NAMES (not after "&"),
    overlapping ones too, by offset and longer names first."""
    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    found = [(at, -len(name), name) for name in names for at in range(len(text))
             if text.startswith(name, at) and not (at and (word(text[at - 1]) or text[at - 1] == "&"))
             and not (at + len(name) < len(text) and word(text[at + len(name)]))]
    return [(at, name) for at, _, name in sorted(found)]


def _every_mention_edits(linker: Linker, html: str) -> tuple[tuple[int, int, str], ...]:
    """Linker.edits as it was before names were passed over (see Linker.alone):
    every whole-word mention of every candidate found, sorted, and stepped
    through one by one."""
    skipped = _skipped_spans(html)
    is_open = _Open(html, skipped)
    edits, done, covered = [], set(), 0
    for start, name in _every_whole_word(html, linker._candidates(html, skipped)):
        if start < covered or not is_open(start):
            continue
        covered = start + len(name)
        url = linker.urls[name]
        if url not in done:
            done.add(url)
            edits.append((start, len(name), f'<a class="autolink" href="{url}">{name}</a>'))
    return tuple(edits)


_OVERLAPPING = {"New York": "/a/", "York": "/b/", "York Times": "/c/", "Times": "/d/",
                "New": "/e/", "Rust": "/f/", "Rust Foundation": "/g/", "Foundation": "/g/",
                "Go": "/h/", "Lavrov": "/i/", "Sergei Lavrov": "/j/"}


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(["New", "York", "Times", "Rust", "Foundation", "Go", "Lavrov", "Sergei",
                                 "Gopher", " ", " ", ", ", "<a href=\"/x\">", "</a>", "<code>",
                                 "</code>", "<p>", "</p>", "&amp;", "<b title=\"Go\">"]),
                max_size=40).map("".join))
def test_mentions_passed_over_change_no_link(html: str) -> None:
    """Later mentions of a name linked already are passed over when no other name
    can start inside them; the links are those of a search for every mention."""
    linker = Linker.build(_OVERLAPPING)
    assert linker.alone == {"Go", "Lavrov", "Times", "Foundation"}  # not "Sergei Lavrov"
    assert linker.edits(html) == _every_mention_edits(linker, html)


def test_a_later_mention_still_hides_the_names_inside_it() -> None:
    html = "<p>Sergei Lavrov met Sergei Lavrov and Lavrov</p>"
    assert [e[0] for e in Linker.build(_OVERLAPPING).edits(html)] == [3, 39]
