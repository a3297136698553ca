"""site.yaml: defaults, validation, and every problem reported with its line."""

from __future__ import annotations

import pytest

from briefgen.core.errors import SiteErrors
from briefgen.render.routes import Routes
from briefgen.source.config import parse_config


def problems(text: str) -> list[str]:
    with pytest.raises(SiteErrors) as info:
        parse_config(text, "site.yaml")
    return [str(p) for p in info.value.problems]


def test_only_title_is_needed_and_everything_else_has_specs_defaults() -> None:
    c = parse_config("title: Briefing\n")
    assert c.title == "Briefing"
    assert (c.base_url, c.base_path, c.absolute_base) == ("/", "/", "")
    assert (c.description, c.language, c.timezone) == ("", "en", "UTC")
    assert (c.per_page, c.output_dir, c.feed_limit, c.term_feeds) == (20, "public", 50, True)
    assert c.article_permalink == "/articles/{slug}/"
    assert [(t.name, t.field) for t in c.taxonomies] == [
        ("people", "people"), ("topics", "topics"), ("sources", "source"), ("series", "series"),
        ("authors", "authors")]
    assert [t.name for t in c.taxonomies if t.optional] == ["authors"]  # shown only once used
    assert c.markdown_html is False


def test_every_setting_is_read() -> None:
    c = parse_config(
        "title: B\n"
        "description: Daily news\n"
        "language: de-CH\n"
        "timezone: Europe/Moscow\n"
        "per_page: 5\n"
        "output_dir: dist/site\n"
        "permalinks:\n  article: /{year}/{month}/{day}/{slug}/\n"
        "markdown:\n  html: true\n"
        "feed:\n  limit: 7\n  terms: false\n"
    )
    assert (c.description, c.language, c.timezone, c.per_page) == ("Daily news", "de-CH", "Europe/Moscow", 5)
    assert c.output_dir == "dist/site"
    assert c.article_permalink == "/{year}/{month}/{day}/{slug}/"
    assert c.markdown_html is True
    assert (c.feed_limit, c.term_feeds) == (7, False)
    assert str(c.tz) == "Europe/Moscow"


@pytest.mark.parametrize(("base_url", "stored", "path", "host"), [
    ("https://host.example/briefings/", "https://host.example/briefings/", "/briefings/", "https://host.example"),
    ("https://host.example/briefings", "https://host.example/briefings/", "/briefings/", "https://host.example"),
    ("https://host.example", "https://host.example/", "/", "https://host.example"),
    ("/briefings", "/briefings/", "/briefings/", ""),
    ("/a/b/", "/a/b/", "/a/b/", ""),
])
def test_base_url_keeps_its_path_prefix(base_url: str, stored: str, path: str, host: str) -> None:
    c = parse_config(f"title: T\nbase_url: {base_url}\n")
    assert (c.base_url, c.base_path, c.absolute_base) == (stored, path, host)


def test_with_base_url_moves_the_site() -> None:
    c = parse_config("title: T\n").with_base_url("https://h.example/x")
    assert (c.base_url, c.base_path, c.absolute_base) == ("https://h.example/x/", "/x/", "https://h.example")


def test_unknown_key_is_an_error_naming_key_file_and_line() -> None:
    [message] = problems("title: T\nper_pgae: 3\n")
    assert message == "site.yaml:2: unknown key 'per_pgae' (did you mean 'per_page'?)"
    assert "per_page" in message


def test_unknown_nested_key_is_named_with_its_section() -> None:
    [message] = problems("title: T\nmarkdown:\n  htlm: true\n")
    assert message.startswith("site.yaml:3: unknown key 'markdown.htlm'")


def test_missing_title() -> None:
    assert problems("description: x\n") == ["site.yaml:1: title: required"]


def test_all_problems_are_reported_together_in_line_order() -> None:
    found = problems("per_page: 0\ntimezone: Mars/Olympus\ncolour: red\n")
    assert [p.split(":")[1] for p in found] == ["1", "1", "2", "3"]
    assert "site.yaml:1: title: required" in found
    assert "site.yaml:1: per_page: must be at least 1, got 0" in found
    assert any(p.startswith("site.yaml:2: timezone: unknown time zone 'Mars/Olympus'") for p in found)
    assert any(p.startswith("site.yaml:3: unknown key 'colour'") for p in found)


@pytest.mark.parametrize(("line", "start"), [
    ("timezone: Nowhere/City", "site.yaml:2: timezone: unknown time zone 'Nowhere/City'"),
    ("per_page: ten", "site.yaml:2: per_page: expected a whole number, got 'ten'"),
    ("per_page: -1", "site.yaml:2: per_page: must be at least 1"),
    ("language: english please", "site.yaml:2: language: not a language tag"),
    ("base_url: host.example/x", "site.yaml:2: base_url: expected an http(s) URL or a path"),
    ("base_url: javascript:alert(1)", "site.yaml:2: base_url: expected an http(s) URL or a path"),
    ("output_dir: /tmp/out", "site.yaml:2: output_dir: must be a folder inside the site"),
    ("output_dir: ../elsewhere", "site.yaml:2: output_dir: must be a folder inside the site"),
    ("output_dir: .", "site.yaml:2: output_dir: must be a folder inside the site"),
    ("title: [a, b]", "site.yaml:2: title: expected text, got a list"),
    ("markdown: yes please", "site.yaml:2: markdown: expected a mapping"),
])
def test_bad_values_are_reported_with_their_line(line: str, start: str) -> None:
    text = f"title: T\n{line}\n" if not line.startswith("title") else f"description: d\n{line}\n"
    found = problems(text)
    assert any(p.startswith(start) for p in found), found


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "posix/UTC", "right/UTC",
                                  "/etc/localtime", "/usr/share/zoneinfo/UTC", "Europe/../UTC", "utc"])
def test_timezone_must_be_an_iana_zone_name(zone: str) -> None:
    assert problems(f"title: T\ndescription: d\ntimezone: '{zone}'\n") == [
        f"site.yaml:3: timezone: unknown time zone {zone!r} (use a name such as 'Europe/Moscow')"]


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "Europe/Moscow", "America/New_York", "GMT"])
def test_iana_zone_names_are_accepted(zone: str) -> None:
    assert parse_config(f"title: T\ntimezone: {zone}\n").timezone == zone


def test_markdown_html_must_be_true_or_false() -> None:
    assert problems("title: T\nmarkdown:\n  html: sometimes\n") == [
        "site.yaml:3: markdown.html: expected true or false, got 'sometimes'"]


@pytest.mark.parametrize(("pattern", "start"), [
    ("'/{a b}/{slug}/'", "site.yaml:3: permalinks.article: placeholder {a b} is not a field name"),
    ("/articles/{year}/", "site.yaml:3: permalinks.article: must contain {slug}"),
    ("articles/{slug}", "site.yaml:3: permalinks.article: must start and end with '/'"),
])
def test_bad_permalink_patterns(pattern: str, start: str) -> None:
    [message] = problems(f"title: T\npermalinks:\n  article: {pattern}\n")
    assert message.startswith(start)


@pytest.mark.parametrize(("pattern", "char"), [
    ("/{slug}/?x/", "'?'"), ("/{slug}/#/", "'#'"), ("/a b/{slug}/", "' '"),
    ("/%2e%2e/{slug}/", "'%'"), ("/a\\b/{slug}/", "'\\\\'"), ('/a"b/{slug}/', "'\"'"),
    ("/<x>/{slug}/", "'<'"), ("/\u00fc/{slug}/", "'\u00fc'"), ("/{slug}}/", "'}'"),
])
def test_permalink_literal_text_is_slug_safe_ascii(pattern: str, char: str) -> None:
    [message] = problems(f"title: T\npermalinks:\n  article: '{pattern}'\n")
    assert message.startswith(f"site.yaml:3: permalinks.article: character {char} is not allowed")


@pytest.mark.parametrize("pattern", ["/./{slug}/", "/../{slug}/", "/a/../{slug}/", "/a//{slug}/",
                                     "//{slug}/", "/{slug}/./"])
def test_permalink_parts_cannot_be_empty_or_dots(pattern: str) -> None:
    [message] = problems(f"title: T\npermalinks:\n  article: '{pattern}'\n")
    assert message == ("site.yaml:3: permalinks.article: must not have an empty, '.' or '..' "
                       f"part between slashes, got {pattern!r}")


@pytest.mark.parametrize("pattern", ["/x.y/v-1_2/{slug}/", "/{year}/{month}/{day}/{slug}/",
                                     "/{slug}/", "/n/{year}-{month}/{slug}.v2/"])
def test_permalink_with_slug_safe_literals_is_kept(pattern: str) -> None:
    assert parse_config(f"title: T\npermalinks:\n  article: '{pattern}'\n").article_permalink == pattern


def test_taxonomies_can_be_configured_and_extended() -> None:
    c = parse_config("title: T\ntaxonomies:\n  people:\n  topics:\n"
                     "  sources: {field: source, title: Outlets}\n")
    assert [(t.name, t.field, t.title) for t in c.taxonomies] == [
        ("people", "people", "People"), ("topics", "topics", "Topics"), ("sources", "source", "Outlets")]
    assert c.taxonomy("sources").field == "source"


@pytest.mark.parametrize("name", ["archive", "static", "Bad Name"])
def test_taxonomy_names_cannot_take_reserved_or_odd_paths(name: str) -> None:
    """Routes decides the reserved paths; the build passes them to the parser."""
    with pytest.raises(SiteErrors) as info:
        parse_config(f"title: T\ntaxonomies:\n  '{name}':\n", reserved=Routes.RESERVED)
    [message] = [str(p) for p in info.value.problems]
    assert message.startswith(f"site.yaml:3: taxonomies: {name!r} cannot be a taxonomy name")


def test_default_grouping_is_off_without_a_series_taxonomy() -> None:
    assert parse_config("title: T\n").edition_group_by == "series"
    c = parse_config("title: T\ntaxonomies:\n  people:\n  topics:\n")
    assert c.edition_group_by == "none"


@pytest.mark.parametrize(("taxonomies", "by", "known"), [
    ("{people: , topics: }", "series", "the taxonomies are people, topics"),
    ("{people: , themes: {field: topics}}", "topics", "the taxonomies are people, themes"),
    ("{}", "topics", "there are no taxonomies"),
])
def test_group_by_given_must_name_a_taxonomy(taxonomies: str, by: str, known: str) -> None:
    assert problems(f"title: T\ntaxonomies: {taxonomies}\neditions:\n  group_by: {by}\n") == [
        f"site.yaml:4: editions.group_by: no taxonomy is named {by!r} ({known}); "
        "add it under taxonomies or use none"]


def test_group_by_a_configured_taxonomy_or_none_is_kept() -> None:
    text = "title: T\ntaxonomies: {topics: }\neditions: {group_by: %s}\n"
    assert parse_config(text % "topics").edition_group_by == "topics"
    assert parse_config(text % "none").edition_group_by == "none"


def test_a_refused_group_by_is_reported_once() -> None:
    assert problems("title: T\ntaxonomies: {people: }\neditions: {group_by: [a]}\n") == [
        "site.yaml:3: editions.group_by: expected text, got a list"]


@pytest.mark.parametrize(("text", "message"), [
    ("title: T\nx: [a\n", "site.yaml:2: invalid YAML: did not find expected ',' or ']'"),
    ("title: T\ntitle: U\n", "site.yaml:2: title: duplicate key (first given on line 1)"),
    ("- title: T\n", "site.yaml:1: site.yaml must be a mapping of settings "
                     "(key: value lines such as 'title: My Briefing')"),
    ("just text\n", "site.yaml:1: site.yaml must be a mapping of settings "
                    "(key: value lines such as 'title: My Briefing')"),
])
def test_a_file_that_is_not_settings_is_one_problem_like_the_others(text: str, message: str) -> None:
    assert problems(text) == [message]


def test_a_taxonomys_settings_are_named_by_their_full_path() -> None:
    assert problems("title: T\ntaxonomies:\n  w: 3\n  v: {title: [a]}\n") == [
        "site.yaml:3: taxonomies.w: expected a mapping, got a number",
        "site.yaml:4: taxonomies.v.title: expected text, got a list"]


def test_values_in_messages_are_shown_as_yaml_spells_them() -> None:
    assert problems("title: T\nper_page: true\nfeed: {limit: yes, terms: 0}\nmarkdown: {html: 1}\n"
                    "search: 'no'\nautolink: [a]\nrelated: {limit: 1.5}\n") == [
        "site.yaml:2: per_page: expected a whole number, got true",
        "site.yaml:3: feed.limit: expected a whole number, got yes",
        "site.yaml:3: feed.terms: expected true or false, got 0",
        "site.yaml:4: markdown.html: expected true or false, got 1",
        "site.yaml:5: search: expected true or false, got 'no'",
        "site.yaml:6: autolink: expected true or false, got a list",
        "site.yaml:7: related.limit: expected a whole number, got 1.5"]


def test_a_duplicate_key_does_not_hide_the_other_problems() -> None:
    assert problems("title: T\nper_pgae: 3\ntitle: U\ntimezone: Mars/Olympus\n") == [
        "site.yaml:2: unknown key 'per_pgae' (did you mean 'per_page'?)",
        "site.yaml:3: title: duplicate key (first given on line 1)",
        "site.yaml:4: timezone: unknown time zone 'Mars/Olympus' (use a name such as 'Europe/Moscow')",
    ]


def test_deploy_settings_are_read_and_the_prefix_is_a_folder() -> None:
    c = parse_config("title: B\ndeploy:\n  bucket: briefing-example-org\n  prefix: /daily/news\n"
                     "  region: eu-central-1\n  endpoint_url: https://s3.example.net\n")
    assert (c.deploy_bucket, c.deploy_prefix, c.deploy_region, c.deploy_endpoint_url) == (
        "briefing-example-org", "daily/news/", "eu-central-1", "https://s3.example.net")
    assert parse_config("title: B\n").deploy_bucket == ""


def test_credentials_in_site_yaml_are_refused_by_name_and_never_echoed() -> None:
    found = problems("title: B\ndeploy:\n  bucket: briefing-example-org\n"
                     "  aws_secret_access_key: hunter2\n  prefx: x\n")
    assert found == [
        "site.yaml:4: 'deploy.aws_secret_access_key': credentials do not belong in site.yaml, which "
        "is kept with the site's source; remove it and give them as AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment, or in ~/.aws/credentials",
        "site.yaml:5: unknown key 'deploy.prefx' (did you mean 'deploy.prefix'?)"]
    assert "hunter2" not in " ".join(found)
    endpoint = problems("title: B\ndeploy:\n  endpoint_url: https://KEY:SECRET@s3.example.net/\n")
    assert endpoint[0].startswith("site.yaml:3: deploy.endpoint_url: must not hold a user name or password")


@pytest.mark.parametrize("line, start", [
    ("  bucket: s3://briefing/daily", "site.yaml:3: deploy.bucket: expected a bucket name such as "
                                      "'briefing-example-org' (only the name: the folder goes in "
                                      "deploy.prefix), got 's3://briefing/daily'"),
    ("  prefix: a/../b", "site.yaml:3: deploy.prefix: expected a folder in the bucket"),
    ("  region: EU Central", "site.yaml:3: deploy.region: expected a region name"),
    ("  endpoint_url: s3.example.net", "site.yaml:3: deploy.endpoint_url: expected the service's"),
])
def test_bad_deploy_settings_are_reported_with_their_line(line: str, start: str) -> None:
    assert problems(f"title: B\ndeploy:\n{line}\n")[0].startswith(start)
