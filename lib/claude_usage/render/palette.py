"""The menu's colours and bars: how full a limit is, at a glance. Pure."""

from __future__ import annotations

from ..core.words import bounded_percent
from .markup import Color

BLUE = Color("#007AFF", "#0A84FF")
YELLOW = Color("#9A7B00", "#FFD60A")  # systemYellow is unreadable on a light menu
ORANGE = Color("#C93400", "#FF9F0A")
RED = Color("#D70015", "#FF453A")
GREY = Color("#6E6E73", "#98989D")
BAR_CELLS = 20


def level_color(percent: float) -> Color:
    """Blue below 50 %, yellow to 80, orange to 95, red from there."""
    percent = bounded_percent(percent)
    if percent < 50:
        return BLUE
    if percent < 80:
        return YELLOW
    return ORANGE if percent < 95 else RED


def usage_bar(percent: float) -> str:
    """A monospace bar of BAR_CELLS cells."""
    filled = min(BAR_CELLS, round(bounded_percent(percent) / 100 * BAR_CELLS))
    return "█" * filled + "░" * (BAR_CELLS - filled)


def glyph(percent: float) -> str:
    """A pie that fills by quarters, for the menu-bar title."""
    return "○◔◑◕●"[min(4, int(bounded_percent(percent) // 25))]
