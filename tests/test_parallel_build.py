"""Builds over worker processes write exactly what a single-process build writes.

A site needs parallel.MIN_ITEMS items before workers are used at all; below
that every test here would pass without forking anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.build.pipeline import build_site
from briefgen.core.errors import SiteErrors
from briefgen.core.parallel import MIN_ITEMS
from tests.conftest import article, write_site
from tests.test_warm import files, mtimes

PEOPLE = ["Sergei Lavrov", "Jens Stoltenberg", "Мария Захарова", "António Guterres", "Olaf Scholz"]
TOPICS = ["NATO", "Ukraine", "Sanctions", "Energy"]


def big_site(root: Path, items: int = MIN_ITEMS + 60) -> Path:
    files = {
        "site.yaml": "title: Briefing\nbase_url: https://example.org/\n",
        "content/people/lavrov.md": "---\nname: Sergei Lavrov\naliases: [Lavrov]\n---\nBio.\n",
        "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
    }
    for i in range(items):
        people = ", ".join(PEOPLE[j % len(PEOPLE)] for j in range(i, i + 1 + i % 3))
        files[f"content/articles/{2020 + i % 3}/item-{i:04d}.md"] = article(
            f"Item {i}", date=f"{2020 + i % 3}-{1 + i % 12:02d}-{1 + i % 27:02d}",
            body=f"Lavrov met Jens Stoltenberg about item {i}.\n\n**Bold** and *more*.",
            people=f"[{people}]", topics=f"[{TOPICS[i % 4]}, {TOPICS[(i * 7) % 4]}]",
            source=["TASS", "Reuters", "Moscow Times"][i % 3], summary=f"Summary of item {i}.")
    return write_site(root, files)


def build_with(root: Path, out: Path, jobs: int) -> dict[str, bytes]:
    build_site(root, output=out, jobs=jobs, use_cache=False)
    return files(out)


@pytest.mark.slow
def test_two_workers_write_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    root = big_site(tmp_path / "site")
    one = build_with(root, tmp_path / "one", jobs=1)
    two = build_with(root, tmp_path / "two", jobs=2)
    assert sum(1 for f in two if f.startswith("articles/")) == MIN_ITEMS + 60
    assert two == one


@pytest.mark.slow
def test_a_warm_parallel_build_after_edits_equals_a_clean_one(tmp_path: Path) -> None:
    root = big_site(tmp_path / "site")
    out = tmp_path / "out"
    build_site(root, output=out, jobs=2)
    (root / "content/articles/2021/item-0001.md").write_text(
        article("Item one renamed", date="2021-02-02", people="[Olaf Scholz]"), encoding="utf-8")
    (root / "content/articles/2020/item-0003.md").unlink()
    build_site(root, output=out, jobs=2)
    assert files(out) == build_with(root, tmp_path / "clean", jobs=1)


@pytest.mark.slow
def test_a_clash_found_while_item_pages_render_keeps_the_output(tmp_path: Path) -> None:
    """Item pages are rendered while the rest is planned; a mistake found after
    that (two items on one path) must still leave the last output as it was."""
    root = big_site(tmp_path / "site")
    out = tmp_path / "out"
    build_site(root, output=out, jobs=2)
    before = mtimes(out)
    clash = root / "content/articles/2022/clash.md"
    clash.write_text(article("Clash", slug="item-5"), encoding="utf-8")
    (root / "content/articles/2022/item-0005.md").write_text(
        article("Item 5", slug="item-5", body="Edited."), encoding="utf-8")
    with pytest.raises(SiteErrors) as caught:
        build_site(root, output=out, jobs=2, use_cache=False)
    assert [str(p) for p in caught.value.problems] == [
        "content/articles/2022/item-0005.md:4: output path /articles/item-5/ is also written "
        "for content/articles/2022/clash.md"]
    assert mtimes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # the cache is the site's
    shutil.rmtree(root / "content/articles/2022")  # and the next good build still works
    build_site(root, output=out, jobs=2)
    assert (out / "articles/item-1/index.html").is_file()
    assert not (out / "articles/item-5").exists()
