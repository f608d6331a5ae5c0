"""One line for Claude Code's status line, in the menu's colours as ANSI. Pure."""

from __future__ import annotations

import time

from ..core.model import reset_passed
from ..core.words import clock_time, format_duration, one_line, shown_percent
from .markup import GREY, ORANGE, glyph, level_color

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.feed import Session
    from ..core.model import Limit
    from ..core.pace import Trend
    from ..core.state import UsageState
    from ..core.words import LocalTime
    from .markup import Color

DEFAULT_TEMPLATE = "{session} · {reset} │ 7d {weekly}"
FIELDS = ("session", "reset", "weekly", "model", "context", "forecast")
RESET = "\x1b[0m"
NEUTRAL = "◌ Claude usage"
MAX_TEMPLATE = 200


def render_statusline(
    state: UsageState,
    session: Session,
    template: str,
    *,
    now: float,
    trends: Mapping[str, Trend] | None = None,
    localtime: LocalTime = time.localtime,
) -> str:
    """The template with its fields filled; a neutral text when nothing is known."""
    limits = {lim.key: lim for lim in state.snapshot.limits} if state.snapshot else {}
    main, weekly = limits.get("five_hour"), limits.get("seven_day")
    if main is None and weekly is None:
        return _paint(NEUTRAL, GREY)
    values = {
        "session": _percent(main, now, with_glyph=True),
        "weekly": _percent(weekly, now),
        "reset": _until(main.resets_at, now) if main else "",
        "model": one_line(session.model)[:40],
        "context": "" if session.context_percent is None else f"{session.context_percent:.0f}%",
        "forecast": _forecast(main, (trends or {}).get("five_hour"), now, localtime),
    }
    return fill(template, values)


def fill(template: str, values: dict[str, str]) -> str:
    """`{field}` replaced by its value; any other text kept as written (no format() surprises)."""
    line = template[:MAX_TEMPLATE]
    for field in FIELDS:
        line = line.replace("{" + field + "}", values.get(field, ""))
    return "".join(ch for ch in line if ch >= " " or ch == "\x1b")


def _percent(limit: Limit | None, now: float, *, with_glyph: bool = False) -> str:
    if limit is None:
        return ""
    if reset_passed(limit, now):  # cached from before the reset: the old figure is history
        return _paint("○ reset" if with_glyph else "reset", GREY)
    text = f"{shown_percent(limit.percent)}%"
    color = level_color(limit.percent)
    return _paint(f"{glyph(limit.percent)} {text}" if with_glyph else text, color)


def _forecast(limit: Limit | None, trend: Trend | None, now: float, localtime: LocalTime) -> str:
    """The session's course: '→78%' at its reset, or 'out 15:40' when it runs out before."""
    if limit is None or trend is None or reset_passed(limit, now):
        return ""
    from ..core.pace import forecast  # only a template with {forecast} pays for it

    course = forecast(trend.samples, limit, now)
    if course is None:
        return ""
    if course.runs_out_at is not None:
        return _paint(f"out {clock_time(course.runs_out_at, now, localtime=localtime)}", ORANGE)
    return _paint(f"→{shown_percent(course.at_reset)}%", GREY)


def _until(resets_at: float | None, now: float) -> str:
    if resets_at is None or resets_at <= now:
        return ""
    return format_duration(resets_at - now).replace(" ", "")


def _paint(text: str, color: Color) -> str:
    red, green, blue = (int(color.dark[i : i + 2], 16) for i in (1, 3, 5))
    return f"\x1b[38;2;{red};{green};{blue}m{text}{RESET}"
