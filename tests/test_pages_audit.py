"""Accessibility: axe-core finds nothing wrong on any page type, at any size, light or dark.

axe-core (npm, installed by `npm ci`) runs in Debian's chromium on each page
type of tests/visual/site/ (tests/browser_pages.py): home, item, person,
topic, people index, edition, archive, search with results and the 404 page,
each at 1366x900 and 390x844, in light and dark. It runs every rule tagged
for WCAG 2.0, 2.1 and 2.2 at levels A and AA and every best-practice rule,
target-size among them; none is turned off. A violation of any impact fails,
and the message lists each one with its rule, impact, page and elements.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser_pages import PAGES, REPO, VIEWS, View, chromium, hosted_site, missing_tool, opened

pytestmark = pytest.mark.slow  # a browser over a served site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN = ("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
       "resultTypes: ['violations'], preload: false})")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hosted_site(tmp_path_factory.mktemp("audit")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not AXE.is_file():
        missing_tool(f"{AXE.relative_to(REPO)} is missing (npm ci --ignore-scripts)")
    with chromium() as b:
        yield b


def describe(kind: str, view: View, violations: list[dict[str, Any]]) -> str:
    """Each broken rule, where to read about it, and each element it faults."""
    lines = []
    for v in violations:
        lines.append(f"{kind} ({view.name}): {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        lines += [f"  {' '.join(str(t) for t in node['target'])} -- {node['html'][:160]}"
                  for node in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violation(browser: Any, root: str, kind: str, view: View) -> None:
    with opened(browser, root, kind, view) as page:
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(RUN, RULE_TAGS)
    assert found["testEngine"]["version"] and found["toolOptions"]["runOnly"]["values"] == RULE_TAGS
    if found["violations"]:
        pytest.fail(f"axe-core {found['testEngine']['version']} found {len(found['violations'])} "
                    f"rule(s) broken:\n{describe(kind, view, found['violations'])}", pytrace=False)


def test_the_rules_include_target_size_and_best_practices(browser: Any, root: str) -> None:
    """The checks above would pass vacuously if the tags ran no rule: a page made
    to break a best-practice rule and target-size must fail them."""
    with opened(browser, root, "home", VIEWS[0]) as page:
        page.evaluate("""() => {
            document.querySelectorAll('h1').forEach(h => h.remove());  // page-has-heading-one
            const a = document.createElement('a');
            a.href = '#'; a.textContent = 'x';
            a.style.cssText = 'display:inline-block;width:8px;height:8px;font-size:6px';
            const b = a.cloneNode(true);
            document.querySelector('main').append(a, b);  // target-size: two 8px targets side by side
        }""")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(RUN, RULE_TAGS)
    broken = {v["id"] for v in found["violations"]}
    assert {"target-size", "page-has-heading-one"} <= broken, broken
