"""Human wording for percentages, durations, reset times and ages. Pure: `now` is passed in."""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable

    LocalTime = Callable[[float], time.struct_time]

DAY_S = 86400
MAX_SHOWN_PERCENT = 999.0  # past this a figure is a glitch, not a reading; --json keeps it raw


def bounded_percent(percent: float) -> float:
    """The figure as a menu may show it: 0 to MAX_SHOWN_PERCENT (NaN reads as 0)."""
    return min(percent, MAX_SHOWN_PERCENT) if percent >= 0 else 0.0


def shown_percent(percent: float) -> int:
    """The whole number shown; never rounds up to 100 % before the limit is really hit."""
    percent = bounded_percent(percent)
    whole = round(percent)
    return min(whole, 99) if percent < 100 else whole


def format_duration(seconds: float) -> str:
    """'45m', '2h 13m', '3d 4h': rounded up to the minute, so it never says 0m too early."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        hours, mins = divmod(minutes, 60)
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    days, hours = divmod(round(minutes / 60), 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


def format_age(seconds: float) -> str:
    """'12s ago', '3m ago', '2h ago', '4d ago'."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s ago"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    if seconds < DAY_S:
        return f"{seconds // 3600}h ago"
    return f"{seconds // DAY_S}d ago"


def clock_time(moment: float, now: float, *, localtime: LocalTime = time.localtime) -> str:
    """'14:00' when it is today (local time), else 'Thu 14:00'."""
    then, today = localtime(moment), localtime(now)
    same_day = (then.tm_year, then.tm_yday) == (today.tm_year, today.tm_yday)
    return time.strftime("%H:%M" if same_day else "%a %H:%M", then)


def describe_reset(
    resets_at: float | None, now: float, *, localtime: LocalTime = time.localtime
) -> str:
    """'resets in 45m', 'resets in 3d 4h · Thu 14:00', 'resetting…', or '' when unknown."""
    if resets_at is None:
        return ""
    left = resets_at - now
    if left <= 0:
        return "resetting…"
    if left < DAY_S:
        return f"resets in {format_duration(left)}"
    return f"resets in {format_duration(left)} · {clock_time(resets_at, now, localtime=localtime)}"
