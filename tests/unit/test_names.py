"""How people sort in indexes and which `lang` a name gets (site/names.py)."""

from __future__ import annotations

from briefgen.site.names import latin_key, name_lang, person_sort_key, plain_sort_key, script_lang


def test_people_sort_by_family_name_in_any_script() -> None:
    names = ["Мария Захарова", "Antony Blinken", "Sergei Lavrov", "Annalena Baerbock", "Joe Biden"]
    assert sorted(names, key=person_sort_key) == [
        "Annalena Baerbock", "Joe Biden", "Antony Blinken", "Sergei Lavrov", "Мария Захарова"]


def test_a_sort_name_decides_where_a_person_sorts() -> None:
    names = {"Xi Jinping": "Xi Jinping", "Ursula von der Leyen": "Leyen, Ursula von der",
             "Joe Biden": ""}
    assert sorted(names, key=lambda n: person_sort_key(n, names[n])) == [
        "Joe Biden", "Ursula von der Leyen", "Xi Jinping"]


def test_accents_and_cyrillic_sort_as_plain_latin_letters() -> None:
    assert latin_key("Škoda") == "skoda"
    assert latin_key("Захарова") == "zakharova"
    assert latin_key("Сергей") == latin_key("Серге\u0438\u0306") == "sergey"  # й however typed
    assert sorted(["Ελλάδα", "NATO", "Éire"], key=plain_sort_key) == ["Éire", "Ελλάδα", "NATO"]


def test_a_name_in_another_script_gets_a_lang_from_its_script() -> None:
    assert script_lang("Сергей Лавров", "en") == "ru"
    assert script_lang("Віталій Кличко", "en") == "uk"  # і is Ukrainian
    assert script_lang("習近平", "en") == "zh"
    assert script_lang("Sergei Lavrov", "en") == ""
    assert script_lang("Сергей Лавров", "ru") == ""  # the page's own language needs none


def test_a_profile_lang_wins_for_names_in_its_script_only() -> None:
    assert name_lang("Сергій", "uk", "en") == "uk"
    assert name_lang("Мария Захарова", "bg", "en") == "bg"
    assert name_lang("Maria Zakharova", "ru", "en") == ""  # written in the page's script
