"""The benchmark runs from the repository alone: its corpora, and a cold then no-op build of each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import bodies, body_features, unique_title, write_corpus

REPO = Path(__file__).resolve().parent.parent


def test_corpus_is_reproducible_and_bodies_match_the_files(tmp_path: Path) -> None:
    site = write_corpus(tmp_path / "blog", "blog", 12, seed=3, profiles=True)
    assert (site / "site.yaml").read_text().startswith("title: Bench\n")
    files = sorted((site / "content" / "articles").rglob("*.md"))
    assert len(files) == 12
    texts = {f.read_text(encoding="utf-8").split("---\n\n", 1)[1] for f in files}
    assert texts == set(bodies("blog", 12, seed=3))
    assert list(bodies("blog", 5, seed=3)) == list(bodies("blog", 12, seed=3))[:5]
    again = write_corpus(tmp_path / "again", "blog", 12, seed=3, profiles=True)
    assert [f.read_bytes() for f in sorted(again.rglob("*.md"))] == \
        [f.read_bytes() for f in sorted(site.rglob("*.md"))]


def test_two_blog_items_never_share_a_url() -> None:
    seen: set[str] = set()
    assert unique_title("The the the", seen) == ("The the the", "the-the-the")
    assert unique_title("The the the", seen) == ("The the the 2", "the-the-the-2")
    assert unique_title("The the the 2", seen) == ("The the the 2 2", "the-the-the-2-2")


def test_blog_bodies_have_the_constructs_of_real_posts() -> None:
    found: dict[str, float] = {}
    for body in bodies("blog", 300):
        for key, value in body_features(body).items():
            found[key] = found.get(key, 0.0) + value
    for key in ("fence", "span", "table", "footnote", "image", "html", "comment", "quote",
                "backslash", "strike", "nested", "anchor"):
        assert found[key] > 0, key
    assert found["links"] > 0 and found["headings"] > 0


def test_briefing_bodies_are_short_prose() -> None:
    texts = list(bodies("briefing", 50))
    assert len(texts) == 50 and all(200 < len(t) < 5000 for t in texts)
    with pytest.raises(ValueError):
        next(bodies("novel", 1))


@pytest.mark.slow
def test_bench_smoke() -> None:
    proc = subprocess.run([sys.executable, "bench/bench.py", "--smoke", "--articles", "100",
                           "--shape", "briefing", "blog", "--page-set", "full"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| briefing (full) | 100 | disk | briefgen |" in proc.stdout
    assert "| blog | 100 | disk | briefgen |" in proc.stdout


def test_raw_html_is_kept_by_both_tools_or_by_neither() -> None:
    """--raw-html turns raw HTML on for briefgen (markdown.html) and Hugo (Goldmark's
    unsafe) alike, in a corpus folder of its own; without it both leave it out."""
    import yaml

    from bench.bench import Case, hugo_config

    for raw in (False, True):
        case = Case("blog", 10, "people-topics", raw_html=raw)
        site = yaml.safe_load(case.site_yaml())
        hugo = yaml.safe_load(hugo_config(case))
        assert site.get("markdown", {}).get("html", False) is raw
        assert hugo["markup"]["goldmark"].get("renderer", {}).get("unsafe", False) is raw
        assert hugo["markup"]["goldmark"]["extensions"]["footnote"] is True
    assert Case("blog", 10, "people-topics", raw_html=True).name != Case("blog", 10, "people-topics").name
