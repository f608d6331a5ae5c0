from __future__ import annotations

import pytest

from claude_usage.render.markup import (
    BAR_CELLS,
    BLUE,
    ORANGE,
    RED,
    YELLOW,
    glyph,
    level_color,
    usage_bar,
)


@pytest.mark.parametrize(
    ("pct", "color"),
    [
        (0, BLUE),
        (49.9, BLUE),
        (50, YELLOW),
        (79.9, YELLOW),
        (80, ORANGE),
        (94.9, ORANGE),
        (95, RED),
        (100, RED),
        (140, RED),
    ],
)
def test_level_color(pct, color):
    assert level_color(pct) == color


def test_dark_members_are_the_specified_colours():
    assert [c.dark for c in (BLUE, YELLOW, ORANGE, RED)] == [
        "#0A84FF",
        "#FFD60A",
        "#FF9F0A",
        "#FF453A",
    ]


@pytest.mark.parametrize(
    ("pct", "filled"),
    [(0, 0), (2.4, 0), (2.5, 0), (42, 8), (50, 10), (97.6, 20), (100, 20), (250, 20), (-3, 0)],
)
def test_usage_bar_has_20_cells(pct, filled):
    bar = usage_bar(pct)
    assert len(bar) == 20 and bar.count("█") == filled


@pytest.mark.parametrize("percent", [1e308, float("inf"), float("nan"), -1e308])
def test_bars_and_glyphs_never_overflow(percent):
    assert len(usage_bar(percent)) == BAR_CELLS
    assert glyph(percent) in "○◔◑◕●"
    assert level_color(percent) in (BLUE, YELLOW, ORANGE, RED)
