"""Names to terms: normalise, resolve aliases, choose display names and slugs.

A term is identified by its normalised name (NFKC, case folded, white space
collapsed); a profile's name and aliases all point at the profile's term.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..core.errors import Problem
from ..core.slugs import make_slug, short_hash
from ..source.config import AUTHORS, TaxonomyConfig
from ..source.records import Article, Profile
from .model import Taxonomy, Term
from .names import person_sort_key, plain_sort_key

PERSON_FIELDS = frozenset({"people", AUTHORS})  # taxonomies of people: indexed by family name


# Remembers site text: emptied as each build starts (build/memo.py).
@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The identity of a name: NFKC, case folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Terms:
    """The taxonomies of a site plus what went wrong building them."""

    taxonomies: dict[str, Taxonomy]
    article_terms: dict[str, dict[str, tuple[Term, ...]]]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def build_terms(configs: Sequence[TaxonomyConfig], articles: Sequence[Article],
                profiles: Iterable[Profile]) -> Terms:
    """Build every taxonomy from articles (newest first) and profiles."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    taxonomies: dict[str, Taxonomy] = {}
    article_terms: dict[str, dict[str, tuple[Term, ...]]] = {a.key: {} for a in articles}
    by_taxonomy: dict[str, list[Profile]] = defaultdict(list)
    for profile in profiles:
        by_taxonomy[profile.taxonomy].append(profile)
    for config in configs:
        taxonomy, per_article = _build_one(config, articles, by_taxonomy[config.name],
                                           problems, warnings)
        if config.optional and not taxonomy.terms:
            continue  # no page, link or term list for a built-in taxonomy nobody uses
        taxonomies[config.name] = taxonomy
        for key, terms in per_article.items():
            article_terms[key][config.name] = terms
    return Terms(taxonomies, article_terms, tuple(problems), tuple(warnings))


def _build_one(config: TaxonomyConfig, articles: Sequence[Article], profiles: list[Profile],
               problems: list[Problem], warnings: list[Problem],
               ) -> tuple[Taxonomy, dict[str, tuple[Term, ...]]]:
    alias_of, profile_of = _profile_index(profiles, problems, warnings)
    keys_of_article: dict[str, list[str]] = {}
    members: dict[str, list[str]] = defaultdict(list)
    written: list[tuple[str, str]] = []  # (term key, name as written), once per item
    for article in articles:  # this loop runs before the workers have work: keep it lean
        keys: list[str] = []
        for name in article.names.get(config.name, ()):
            norm = normalise(name)
            key = alias_of.get(norm, norm)
            written.append((key, name))
            if key not in keys:
                keys.append(key)
                members[key].append(article.key)
        keys_of_article[article.key] = keys
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for (key, name), count in Counter(written).items():  # counted in C
        spellings[key][name] = count
    all_keys = set(members) | set(profile_of)
    names = {key: _display_name(profile_of.get(key), spellings[key]) for key in all_keys}
    slugs = _slugs(config.name, names, profile_of, problems, warnings)
    terms = {
        key: Term(
            taxonomy=config.name,
            key=key,
            name=names[key],
            slug=slugs[key],
            spellings=tuple(s for s, _ in sorted(spellings[key].items(),
                                                 key=lambda kv: (-kv[1], kv[0]))),
            profile=profile_of.get(key),
            articles=tuple(members[key]),
        )
        for key in all_keys
    }
    ordered = tuple(sorted(terms.values(), key=lambda t: (normalise(t.name), t.slug)))
    per_article = {a: tuple(map(terms.__getitem__, keys)) for a, keys in keys_of_article.items()}
    redirects = _redirects(config.name, terms, warnings)
    return Taxonomy(config, ordered, terms, redirects), per_article


def _redirects(taxonomy: str, terms: dict[str, Term], warnings: list[Problem]) -> dict[str, Term]:
    """Old slugs of renamed or merged terms (a profile's former_names) -> the live term."""
    live = {t.slug for t in terms.values()}
    out: dict[str, Term] = {}
    for term in sorted(terms.values(), key=lambda t: t.key):
        for old in term.profile.former_names if term.profile else ():
            slug = make_slug(old)
            if slug == term.slug:
                continue
            if slug in live or slug in out:
                assert term.profile is not None
                warnings.append(Problem(
                    f"former_names: {old!r} would redirect /{taxonomy}/{slug}/, which another "
                    "term uses; no redirect made", term.profile.key,
                    term.profile.name_lines.get(old, 0)))
                continue
            out[slug] = term
    return out


def _profile_index(profiles: list[Profile], problems: list[Problem], warnings: list[Problem],
                   ) -> tuple[dict[str, str], dict[str, Profile]]:
    """Map every normalised name and alias to its profile's key.

    Two profiles with one name are an error. An alias claimed by two profiles
    (two people called 'Petrenko') is ambiguous: it maps to neither, with a
    warning, and a profile's name beats another profile's alias.
    """
    claims: dict[str, list[tuple[bool, Profile, str, int]]] = defaultdict(list)
    for profile in sorted(profiles, key=lambda p: p.key):
        for name, line in profile.name_lines.items():
            if normalise(name):
                claims[normalise(name)].append((name == profile.name, profile, name, line))
    alias_of: dict[str, str] = {}
    profile_of: dict[str, Profile] = {}
    for norm, claimants in claims.items():
        named = [c for c in claimants if c[0]]
        if named:
            first = named[0][1]
            for _, other, name, line in named[1:]:
                problems.append(Problem(f"name: {name!r} already names the profile {first.key}",
                                        other.key, line))
            profile_of[norm] = first
            alias_of[norm] = norm
            for _, profile, name, line in claimants:
                if profile is not first:
                    warnings.append(Problem(
                        f"{_key_of(profile, name)}: {name!r} is the name of {first.name!r} "
                        f"({first.key}); items naming it link there", profile.key, line))
            continue
        if len({c[1].key for c in claimants}) == 1:
            alias_of[norm] = normalise(claimants[0][1].name)
            continue
        for _, profile, name, line in claimants:
            warnings.append(Problem(
                f"{_key_of(profile, name)}: {name!r} also names {_other_names(claimants, profile)}; "
                "it is ambiguous and links to none of them", profile.key, line))
    return alias_of, profile_of


def _key_of(profile: Profile, name: str) -> str:
    """The front matter key a profile wrote NAME under, for messages at its line."""
    return "former_names" if name in profile.former_names else "aliases"


def _other_names(claimants: list[tuple[bool, Profile, str, int]], me: Profile) -> str:
    return ", ".join(sorted({repr(c[1].name) for c in claimants if c[1] is not me}))


def _display_name(profile: Profile | None, spellings: Counter[str]) -> str:
    """The profile's name, else the most used spelling (ties: sorted first)."""
    if profile is not None:
        return profile.name
    return min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _slugs(taxonomy: str, names: dict[str, str], profile_of: dict[str, Profile],
           problems: list[Problem], warnings: list[Problem]) -> dict[str, str]:
    """Give every term a distinct slug that does not depend on file order.

    On a collision a slug set in a profile wins, then the term whose key sorts
    first; the others get a suffix from a hash of their own key, so their URLs
    stay the same when unrelated terms come and go.
    """
    wanted: dict[str, list[str]] = defaultdict(list)
    for key, name in names.items():
        profile = profile_of.get(key)
        wanted[profile.slug if profile and profile.slug else make_slug(name)].append(key)
    slugs: dict[str, str] = {}
    for slug, keys in wanted.items():
        keys.sort(key=lambda k: (not (profile_of.get(k) and profile_of[k].slug), k))
        slugs[keys[0]] = slug
        for key in keys[1:]:
            profile = profile_of.get(key)
            if profile and profile.slug:
                first = profile_of[keys[0]]
                problems.append(Problem(f"slug: {slug!r} is also the slug of {first.key}",
                                        profile.key, profile.slug_line))
            slugs[key] = f"{slug}-{short_hash(key)}"
            warnings.append(Problem(
                f"{taxonomy}: {names[key]!r} and {names[keys[0]]!r} both make the slug "
                f"{slug!r}; {names[key]!r} gets {slugs[key]!r} (set 'slug' in a profile to choose)",
                profile.key if profile else ""))
    return slugs


def names_to_terms(taxonomy: Taxonomy) -> dict[str, Term]:
    """Every way a term is written (name, spellings in items, profile aliases) -> the term.

    As when items are read (see _profile_index): a term's name or an item's spelling
    beats another profile's alias, and an alias two profiles claim (two
    people called 'Petrenko') belongs to neither, so body text is never
    linked to a person the editor did not mean. Otherwise the first term
    by name wins.
    """
    out: dict[str, Term] = {}
    for term in taxonomy.terms:
        for spelling in (term.name, *term.spellings):
            out.setdefault(spelling, term)
    owners: dict[str, set[str]] = defaultdict(set)
    for term in taxonomy.terms:
        for alias in term.profile.aliases if term.profile else ():
            owners[normalise(alias)].add(term.key)
    for term in taxonomy.terms:
        for alias in term.profile.aliases if term.profile else ():
            if len(owners[normalise(alias)]) == 1:
                out.setdefault(alias, term)
    return out


def index_order(taxonomy: Taxonomy) -> list[Term]:
    """The terms as the taxonomy's index lists them: people by a profile's
    `sort_name`, else by family name (the name's last word) in Latin letters,
    so "Мария Захарова" sorts among the Z's; other terms by `sort_name` or
    name. Ties go to the slug, which is unique."""
    key = person_sort_key if taxonomy.config.field in PERSON_FIELDS else plain_sort_key
    return sorted(taxonomy.terms,
                  key=lambda t: (key(t.name, t.profile.sort_name if t.profile else ""), t.slug))
