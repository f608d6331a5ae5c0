"""The lines under a limit that say where it is heading, and how that compares with an even pace.

Pure. Nothing is said without enough recent samples (core.pace): a guess from
two readings would be worse than silence.
"""

from __future__ import annotations

import time

from ..core.pace import even_pace as even_pace_of
from ..core.pace import forecast
from ..core.words import clock_time, format_duration, shown_percent
from .markup import GREY, ORANGE, RED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.model import Limit
    from ..core.pace import Forecast, Sample
    from ..core.words import LocalTime
    from .markup import Color, Host

SOON_S = 3600  # running out within the hour is worth red
STEADY_POINTS = 1.0  # less than a point more by the reset reads as steady
EVEN_MARGIN = 2.0  # within this many points of an even pace is "on" it


def pace_lines(
    limit: Limit,
    samples: Sequence[Sample],
    host: Host,
    now: float,
    localtime: LocalTime = time.localtime,
) -> list[str]:
    """The forecast line and the even-pace line; none without enough recent samples."""
    course = forecast(samples, limit, now)
    if course is None:
        return []
    text, color = course_text(course, limit, now, localtime)
    lines = [host.line(text, size=12, color=host.color(color))]
    reference = even_pace_text(limit, now)
    if reference:
        lines.append(host.line(reference, size=12, color=host.color(GREY)))
    return lines


def course_text(
    course: Forecast, limit: Limit, now: float, localtime: LocalTime = time.localtime
) -> tuple[str, Color]:
    """What the forecast says, in words, and its colour."""
    out, resets_at = course.runs_out_at, limit.resets_at or now
    if out is not None:
        clock = clock_time(out, now, localtime=localtime)
        early = format_duration(resets_at - out)
        return f"▲ at this pace: out at {clock}, {early} before reset", (
            RED if out - now < SOON_S else ORANGE
        )
    if course.at_reset - limit.percent < STEADY_POINTS:
        return "steady: hardly any use lately", GREY
    return f"on pace for ~{shown_percent(course.at_reset)}% at reset", GREY


def even_pace_text(limit: Limit, now: float) -> str:
    """How far the limit is from where an evenly spread allowance would be by now."""
    even = even_pace_of(limit, now)
    if even is None:
        return ""
    ahead = limit.percent - even
    where = f"(even pace: {round(even)}% by now)"
    if abs(ahead) < EVEN_MARGIN:
        return f"on an even pace {where}"
    side = "ahead of" if ahead > 0 else "behind"
    return f"{round(abs(ahead))}% {side} an even pace {where}"
