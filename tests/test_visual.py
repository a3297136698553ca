"""Visual regression: every page type looks as its committed screenshot does.

Each page type of tests/visual/site/ (tests/browser_pages.py) is shot whole in
Debian's chromium at 1366x900 and 390x844, light and dark, and compared with
tests/visual/baselines/<page>-<size>-<scheme>.png. A pixel differs when one of
its channels is off by more than CHANNEL_TOLERANCE; a page fails when more
than MAX_DIFFERING of its pixels differ, or when its size changed. That
tolerance lets a colour off by a few units and a few stray pixels pass; a
changed colour, margin, line break or a lost border fails. On a failure the screenshot
taken and a diff (changed pixels in red over a faded copy) are written to
tests/visual/failures/, and the message says where.

The rendering is made repeatable: the fonts are pinned (tests/visual/fonts.conf
lets chromium see only fonts-dejavu-core's six files, whose digests
baselines/fonts.txt records), animations and the caret are off, the device
pixel ratio is 1, and the fixture site's dates are fixed, so that nothing on a
page follows the day the test runs.

After an intended change to the theme, regenerate and review:

    BRIEFGEN_REGEN_SCREENSHOTS=1 pytest tests/test_visual.py
    git status tests/visual/baselines

Only screenshots outside the tolerance (or missing) are rewritten, so the
diff shows the pages that changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_pages import (
    FONTS_CONF,
    PAGES,
    VIEWS,
    VISUAL,
    View,
    chromium,
    hosted_site,
    missing_tool,
    opened,
)

try:
    from PIL import Image, ImageChops
except ImportError:  # pragma: no cover - depends on the machine
    Image = None  # type: ignore[assignment]

pytestmark = pytest.mark.slow  # a browser over a served site

BASELINES = VISUAL / "baselines"
FAILURES = VISUAL / "failures"
FONTS_RECORD = BASELINES / "fonts.txt"
REGEN = os.environ.get("BRIEFGEN_REGEN_SCREENSHOTS") == "1"
REGEN_COMMAND = "BRIEFGEN_REGEN_SCREENSHOTS=1 pytest tests/test_visual.py"
CHANNEL_TOLERANCE = 24  # of 255: a channel off by more makes its pixel differ
# The fraction of a page's pixels that may differ: 0.01%, some 200 on a desktop
# page and 50 on a phone's, so that a lost hairline border is still caught.
MAX_DIFFERING = 0.0001
CASES = [(kind, view) for kind in PAGES for view in VIEWS]


def name(kind: str, view: View) -> str:
    return f"{kind}-{view.name}.png"


def font_files() -> list[Path]:
    """The font files fonts.conf accepts."""
    text = FONTS_CONF.read_text(encoding="utf-8")
    accepted = re.search(r"<acceptfont>(.*?)</acceptfont>", text, re.S)
    assert accepted, f"{FONTS_CONF} has no <acceptfont>"
    return [Path(glob) for glob in re.findall(r"<glob>([^<*]+)</glob>", accepted.group(1))]


def font_record() -> str:
    """fonts.txt's lines for the fonts on this machine: a digest per file, or 'missing'."""
    lines = [f"{hashlib.sha256(f.read_bytes()).hexdigest() if f.is_file() else 'missing'}  {f}"
             for f in font_files()]
    return "\n".join(lines) + "\n"


FONTS_HEADER = ("# The fonts chromium drew the baselines with (tests/visual/fonts.conf: Debian's\n"
                f"# fonts-dejavu-core). Written by {REGEN_COMMAND}.\n")


def font_problem() -> str:
    """Why screenshots cannot match here because of fonts, or ''."""
    recorded = FONTS_RECORD.read_text(encoding="utf-8") if FONTS_RECORD.is_file() else ""
    if recorded == FONTS_HEADER + font_record():
        return ""
    return (f"the fonts differ from those the baselines were drawn with ({FONTS_RECORD.name}):\n"
            f"recorded:\n{recorded}this machine:\n{font_record()}"
            "install Debian's fonts-dejavu-core, or regenerate if the fonts were meant to change")


def difference(expected: Any, actual: Any) -> tuple[float, Any]:
    """The fraction of pixels that differ beyond the tolerance, and a mask of them."""
    per_channel = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    over = [band.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0) for band in per_channel.split()]
    mask = ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])
    return mask.histogram()[255] / (mask.width * mask.height), mask


def padded(image: Any, size: tuple[int, int]) -> Any:
    """IMAGE on a white canvas of SIZE, top left: pages of two heights, compared."""
    canvas = Image.new("RGB", size, "white")
    canvas.paste(image.convert("RGB"), (0, 0))
    return canvas


def write_failure(file: str, actual: Any, expected: Any | None) -> Path:
    """Save the screenshot taken and a diff with the baseline; return the folder."""
    FAILURES.mkdir(exist_ok=True)
    actual.save(FAILURES / file)
    if expected is not None:
        size = (max(actual.width, expected.width), max(actual.height, expected.height))
        shot = padded(actual, size)
        _, mask = difference(padded(expected, size), shot)
        faded = Image.blend(shot, Image.new("RGB", size, "white"), 0.7)
        faded.paste(Image.new("RGB", size, (230, 0, 0)), mask=mask)
        faded.save(FAILURES / file.replace(".png", "-diff.png"))
    return FAILURES


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if Image is None:
        missing_tool("Pillow is not installed (pip install -e '.[test]')")
    if not all(f.is_file() for f in font_files()):
        missing_tool("the fonts of tests/visual/fonts.conf are missing (apt-get install fonts-dejavu-core)")
    with hosted_site(tmp_path_factory.mktemp("visual")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def test_the_fonts_are_those_of_the_baselines() -> None:
    if not all(f.is_file() for f in font_files()):
        missing_tool("the fonts of tests/visual/fonts.conf are missing (apt-get install fonts-dejavu-core)")
    if REGEN:
        BASELINES.mkdir(exist_ok=True)
        FONTS_RECORD.write_text(FONTS_HEADER + font_record(), encoding="utf-8")
        pytest.skip(f"recorded the fonts in {FONTS_RECORD}")
    assert not font_problem(), font_problem()


def test_the_tolerance_takes_noise_and_catches_a_hairline() -> None:
    """Small shifts in every pixel's colour and a few stray pixels pass; a lost
    one-pixel line 200 pixels long, in a picture of a million, does not."""
    if Image is None:
        missing_tool("Pillow is not installed (pip install -e '.[test]')")
    page = Image.new("RGB", (1000, 1000), (250, 250, 250))
    page.paste((20, 20, 20), (100, 100, 900, 140))  # a line of text, in a block
    page.paste((200, 200, 200), (100, 500, 300, 501))  # a hairline border
    noisy = page.point(lambda v: v - CHANNEL_TOLERANCE if v > 128 else v + CHANNEL_TOLERANCE)
    for x in range(50):
        noisy.putpixel((10 * x, 900), (0, 0, 0))
    assert difference(page, noisy)[0] <= MAX_DIFFERING
    no_border = page.copy()
    no_border.paste((250, 250, 250), (100, 500, 300, 501))
    assert difference(page, no_border)[0] > MAX_DIFFERING


def test_every_baseline_is_a_page_type_at_a_size_and_scheme() -> None:
    """A baseline for a page type or view that is no longer checked is stale."""
    expected = {name(kind, view) for kind, view in CASES}
    stale = sorted(p.name for p in BASELINES.glob("*.png") if p.name not in expected)
    if REGEN:
        for file in stale:
            (BASELINES / file).unlink()
        return
    assert stale == [], f"stale baselines (remove them, or run {REGEN_COMMAND})"


@pytest.mark.parametrize(("kind", "view"), CASES, ids=[name(k, v)[:-4] for k, v in CASES])
def test_the_page_looks_as_its_baseline(browser: Any, root: str, kind: str, view: View) -> None:
    file = name(kind, view)
    with opened(browser, root, kind, view) as page:
        shot = page.screenshot(full_page=True, animations="disabled", caret="hide", type="png")
    baseline = BASELINES / file
    actual = Image.open(io.BytesIO(shot))
    expected = Image.open(baseline) if baseline.is_file() else None
    same_size = expected is not None and expected.size == actual.size
    fraction = difference(expected, actual)[0] if same_size else 1.0
    if REGEN:
        if fraction > MAX_DIFFERING:
            BASELINES.mkdir(exist_ok=True)
            actual.save(baseline, optimize=True)
        pytest.skip(f"{file}: {'rewritten' if fraction > MAX_DIFFERING else 'unchanged'}")
    if fraction <= MAX_DIFFERING:
        return
    folder = write_failure(file, actual, expected)
    if expected is None:
        why = f"no baseline {baseline.relative_to(VISUAL.parent.parent)}"
    elif not same_size:
        why = f"the page is {actual.width}x{actual.height}, its baseline {expected.width}x{expected.height}"
    else:
        why = f"{fraction:.2%} of its pixels differ (at most {MAX_DIFFERING:.2%} may)"
    fonts = font_problem()
    pytest.fail(f"{kind} ({view.name}) does not look as {file} in chromium {browser.version}: {why}.\n"
                f"The screenshot taken and a diff are in {folder}/.\n"
                f"If the change is intended: {REGEN_COMMAND}, then review the PNGs."
                + (f"\nAlso: {fonts}" if fonts else ""), pytrace=False)
