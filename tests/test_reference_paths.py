"""The accelerated paths build the same bytes as the reference paths.

Every accelerator (quickyaml, markdown-it-pyrs, the Jinja code generator,
the forked workers; core/accel.py) is tested against its reference on its
own; here whole sites are built both ways and every output file compared:
the example site at the repository root, tests/sites/golden_site, and a site
large enough (parallel.MIN_ITEMS items) that the fast build forks workers.
The switch is read once when briefgen is imported, so each build runs in a
subprocess: the fast one without BRIEFGEN_REFERENCE, the other with it set
to 1, whatever this process's environment says.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.core.accel import ENV
from tests.conftest import fixture_copy, tree_bytes
from tests.test_parallel_build import big_site

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SITES = {"example": REPO, "golden_site": TESTS / "sites" / "golden_site"}


def briefgen(*args: str | Path, reference: bool) -> str:
    """Run `python -m briefgen ARGS` on the fast or the reference paths; its stdout."""
    environ = {k: v for k, v in os.environ.items() if k != ENV}
    if reference:
        environ[ENV] = "1"
    done = subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], env=environ,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"briefgen {args} (reference={reference}):\n{done.stderr}"
    return done.stdout


def build_both_ways(site: Path, scratch: Path, jobs: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Build SITE cold on the fast and on the reference paths, each from its own
    copy (a build keeps its cache beside the site); both outputs' files."""
    outputs = []
    for mode, reference in (("fast", False), ("reference", True)):
        copy = fixture_copy(site, scratch / mode)
        out = scratch / mode / "public"
        briefgen("build", copy, "-o", out, "-q", "-j", str(jobs), reference=reference)
        outputs.append(tree_bytes(out))
    return outputs[0], outputs[1]


def assert_same(fast: dict[str, bytes], reference: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(reference), "the two builds wrote different files"
    differing = [rel for rel in fast if fast[rel] != reference[rel]]
    assert not differing, f"{len(differing)} files differ, first {differing[:5]}"


def test_the_switch_reaches_a_subprocess() -> None:
    """The reference build below really is one: every accelerator is off in it."""
    code = "from briefgen.core.accel import ON; print(','.join(ON.reference()))"
    assert briefgen_python(code, reference=True) == "yaml,markdown,jinja,packer,fork,search,compiled"
    assert briefgen_python(code, reference=False) == ""


def briefgen_python(code: str, reference: bool) -> str:
    environ = {k: v for k, v in os.environ.items() if k != ENV}
    if reference:
        environ[ENV] = "1"
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_site_builds_to_the_same_bytes_on_the_reference_paths(name: str, tmp_path: Path) -> None:
    fast, reference = build_both_ways(SITES[name], tmp_path, jobs=2)
    assert any(rel.startswith("articles/") for rel in fast)
    assert_same(fast, reference)


def test_a_site_built_by_workers_builds_to_the_same_bytes_in_one_process(tmp_path: Path) -> None:
    """Large enough that the fast build forks a worker (and markdown-it-pyrs
    renders its bodies): the reference build does it all in one process."""
    site = big_site(tmp_path / "site")
    fast, reference = build_both_ways(site, tmp_path, jobs=2)
    assert_same(fast, reference)
