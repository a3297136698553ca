"""Names to terms: identity, aliases, display names, slugs and collisions."""

from __future__ import annotations

import pytest

from briefgen.site.model import Taxonomy
from briefgen.site.taxonomy import Terms, build_terms, names_to_terms, normalise
from briefgen.source.config import parse_config
from briefgen.source.content import parse_article, parse_profile
from briefgen.source.markdown import make_markdown
from briefgen.source.records import Article, Profile

CONFIG = parse_config("title: T\n")
MD = make_markdown(False)


def item(key: str, day: int, people: str = "[]", topics: str = "[]") -> Article:
    text = f"---\ntitle: {key}\ndate: 2022-01-{day:02d}\npeople: {people}\ntopics: {topics}\n---\nx\n"
    return parse_article(text, f"content/articles/{key}.md", CONFIG, MD)


def profile(key: str, front: str, taxonomy: str = "people") -> Profile:
    return parse_profile(f"---\n{front}---\nBio.\n", f"content/{taxonomy}/{key}.md", taxonomy, CONFIG, MD)


def terms(articles: list[Article], profiles: tuple[Profile, ...] = ()) -> Terms:
    newest_first = sorted(articles, key=lambda a: a.sort_key())
    return build_terms(CONFIG.taxonomies, newest_first, profiles)


def people(result: Terms) -> Taxonomy:
    return result.taxonomies["people"]


@pytest.mark.parametrize(("a", "b"), [
    ("Sergei Lavrov", "sergei  lavrov"),
    ("Sergei Lavrov", "SERGEI LAVROV"),
    ("Sergei Lavrov", " Sergei\tLavrov "),
    ("NATO", "ＮＡＴＯ"),  # full-width letters (NFKC)
    ("Straße", "STRASSE"),  # case folding
])
def test_normalise_identifies_spellings(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart() -> None:
    assert normalise("Zürich") != normalise("Zurich")


def test_spellings_that_normalise_alike_are_one_person() -> None:
    result = terms([item("a", 1, "[Sergei Lavrov]"), item("b", 2, "[sergei  lavrov]"),
                    item("c", 3, "[SERGEI LAVROV]")])
    [term] = people(result).terms
    assert term.articles == ("content/articles/c.md", "content/articles/b.md", "content/articles/a.md")
    assert term.slug == "sergei-lavrov"


def test_display_name_is_the_most_used_spelling() -> None:
    result = terms([item("a", 1, topics="[NATO]"), item("b", 2, topics="[Nato]"),
                    item("c", 3, topics="NATO")])
    [term] = result.taxonomies["topics"].terms
    assert term.name == "NATO"
    assert term.spellings == ("NATO", "Nato")


def test_profile_name_and_aliases_gather_every_spelling() -> None:
    lavrov = profile("lavrov", "name: Sergei Lavrov\naliases: [Сергей Лавров, Lavrov]\n")
    result = terms([item("a", 1, "[Сергей Лавров]"), item("b", 2, "[lavrov]"), item("c", 3, "[S. Lavrov]")],
                   (lavrov,))
    by_name = {t.name: t for t in people(result).terms}
    assert set(by_name) == {"Sergei Lavrov", "S. Lavrov"}
    assert by_name["Sergei Lavrov"].articles == ("content/articles/b.md", "content/articles/a.md")
    assert by_name["Sergei Lavrov"].profile is lavrov


def test_a_profile_no_item_names_still_is_a_term() -> None:
    nobody = profile("nobody", "name: Nobody Yet\n")
    [term] = people(terms([item("a", 1)], (nobody,))).terms
    assert (term.name, term.slug, term.articles) == ("Nobody Yet", "nobody-yet", ())


def test_profile_slug_is_used() -> None:
    p = profile("l", "name: Sergei Lavrov\nslug: lavrov\n")
    [term] = people(terms([item("a", 1, "[Sergei Lavrov]")], (p,))).terms
    assert term.slug == "lavrov"


def test_terms_of_each_item_are_recorded_in_order() -> None:
    result = terms([item("a", 1, "[B Person, A Person]", "[Topic]")])
    names = {tax: [t.name for t in ts] for tax, ts in result.article_terms["content/articles/a.md"].items()}
    assert names == {"people": ["B Person", "A Person"], "topics": ["Topic"], "sources": [],
                     "series": []}


def test_terms_are_listed_by_name() -> None:
    result = terms([item("a", 1, "[zed, Anna, bob]")])
    assert [t.name for t in people(result).terms] == ["Anna", "bob", "zed"]


def test_colliding_slugs_become_distinct_with_a_warning() -> None:
    result = terms([item("a", 1, topics="[Zürich]"), item("b", 2, topics="[Zurich]")])
    slugs = {t.name: t.slug for t in result.taxonomies["topics"].terms}
    assert slugs["Zurich"] == "zurich"
    assert slugs["Zürich"].startswith("zurich-") and slugs["Zürich"] != "zurich"
    [warning] = result.warnings
    assert "'Zürich' and 'Zurich' both make the slug 'zurich'" in str(warning)
    assert result.problems == ()


def test_colliding_slugs_are_stable_when_other_terms_come_and_go() -> None:
    before = terms([item("a", 1, topics="[Zürich]"), item("b", 2, topics="[Zurich]")])
    after = terms([item("a", 1, topics="[Zürich, Zurich-West, C++]"), item("b", 2, topics="[Zurich, C]"),
                   item("c", 3, topics="[zurich]")])
    slug = {t.name: t.slug for t in before.taxonomies["topics"].terms}
    slug_after = {t.name: t.slug for t in after.taxonomies["topics"].terms}
    assert slug_after["Zürich"] == slug["Zürich"]
    assert slug_after["Zurich"] == slug["Zurich"]
    assert len(set(slug_after.values())) == len(slug_after)


def test_two_profiles_with_one_name_is_an_error_naming_both() -> None:
    a = profile("a", "name: Sergei Lavrov\n")
    b = profile("b", "role: x\nname: sergei lavrov\n")
    result = terms([item("x", 1, "[Sergei Lavrov]")], (a, b))
    [problem] = result.problems
    assert (problem.path, problem.line) == ("content/people/b.md", 3)
    assert "content/people/a.md" in problem.message


def test_a_name_beats_another_profiles_alias() -> None:
    a = profile("a", "name: Sergei Lavrov\n")
    b = profile("b", "name: Someone Else\naliases: [Sergei Lavrov]\n")
    result = terms([item("x", 1, "[Sergei Lavrov]")], (a, b))
    by_name = {t.name: t for t in people(result).terms}
    assert by_name["Sergei Lavrov"].articles == ("content/articles/x.md",)
    assert by_name["Someone Else"].articles == ()
    assert result.problems == ()
    assert [(w.path, w.line) for w in result.warnings] == [("content/people/b.md", 3)]


def test_an_alias_two_profiles_claim_is_written_for_neither() -> None:
    olga = profile("olga", "name: Olga Petrenko\naliases: [Petrenko]\n")
    ivan = profile("ivan", "name: Ivan Petrenko\naliases: [petrenko, Vanya]\n")
    result = terms([item("x", 1, "[Olga Petrenko]")], (olga, ivan))
    spelled = {s: t.name for s, t in names_to_terms(people(result)).items()}
    assert "Petrenko" not in spelled and "petrenko" not in spelled  # the warning says: links to none
    assert spelled["Vanya"] == "Ivan Petrenko"
    assert spelled["Olga Petrenko"] == "Olga Petrenko"


def test_warnings_name_the_key_the_clashing_spelling_was_written_under() -> None:
    lavrov = profile("lavrov", "name: Sergei Lavrov\n")
    olga = profile("olga", "name: Olga Petrenko\nformer_names: [Sergei Lavrov, Petrenko]\n")
    ivan = profile("ivan", "name: Ivan Petrenko\naliases: [Petrenko]\n")
    result = terms([item("x", 1, "[Olga Petrenko]")], (lavrov, olga, ivan))
    assert sorted((w.path, w.message.split(":")[0], w.message.split("'")[1])
                  for w in result.warnings) == [
        ("content/people/ivan.md", "aliases", "Petrenko"),
        ("content/people/olga.md", "former_names", "Petrenko"),  # ambiguous
        ("content/people/olga.md", "former_names", "Sergei Lavrov"),  # another's name
        ("content/people/olga.md", "former_names", "Sergei Lavrov"),  # so no redirect
    ]


def test_an_items_own_spelling_beats_another_profiles_alias() -> None:
    olga = profile("olga", "name: Olga Petrenko\naliases: [Petrenko]\n")
    ivan = profile("ivan", "name: Ivan Petrenko\naliases: [Petrenko]\n")
    result = terms([item("x", 1, "[Petrenko]")], (olga, ivan))
    spelled = {s: t.name for s, t in names_to_terms(people(result)).items()}
    assert spelled["Petrenko"] == "Petrenko"  # the term the item lists, not either profile


def test_a_name_beats_an_alias_when_written_too() -> None:
    a = profile("a", "name: Aaron Else\naliases: [Sergei Lavrov]\n")  # first by name
    b = profile("b", "name: Sergei Lavrov\n")
    result = terms([item("x", 1, "[Aaron Else]")], (a, b))
    assert names_to_terms(people(result))["Sergei Lavrov"].name == "Sergei Lavrov"


def test_a_slug_two_profiles_set_is_an_error_at_the_slug_line() -> None:
    a = profile("a", "name: Sergei Lavrov\nslug: lavrov\n")
    b = profile("b", "name: Someone Else\nrole: x\nslug: lavrov\n")
    [problem] = terms([item("x", 1, "[Sergei Lavrov]")], (a, b)).problems
    assert str(problem) == "content/people/b.md:4: slug: 'lavrov' is also the slug of content/people/a.md"
