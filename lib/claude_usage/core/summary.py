"""What the history says over a month: daily peaks, limits hit, the session's day. Pure.

Rows come from system.history as (at, origin, source, key, percent, resets_at);
older ones are already thinned to hourly or daily peaks, which keeps every peak
and every hit, and the session's hourly use roughly (its steps are summed).
"""

from __future__ import annotations

import time

from .record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .words import LocalTime

    Row = tuple[float, str, str, str, float, "float | None"]

DAYS = 30
SESSION_KEY = "five_hour"
FULL = 100.0
DROP = 1.0  # a fall of more than this is a reset (as in core.pace)


class Summary(Record):
    """A month of one account's history."""

    days: tuple[str, ...]  # local dates, oldest first: 'YYYY-MM-DD'
    peaks: dict[str, dict[str, float]]  # limit key -> date -> the day's highest percent
    hits: dict[str, int]  # limit key -> how many of its periods reached 100 %
    session_by_hour: tuple[float, ...]  # 24 values: session points used per day, by local hour


def summarize(
    rows: Sequence[Row], now: float, *, days: int = DAYS, localtime: LocalTime = time.localtime
) -> Summary:
    """The month before `now` in `rows` (which may hold more, and other accounts' rows too)."""
    since = now - days * 86400
    recent = sorted((r for r in rows if since <= r[0] <= now), key=lambda r: r[0])
    dates = tuple(_date(now - (days - 1 - i) * 86400, localtime) for i in range(days))
    peaks: dict[str, dict[str, float]] = {}
    hit_periods: dict[str, set[object]] = {}
    for at, _origin, _source, key, percent, resets_at in recent:
        day = _date(at, localtime)
        by_day = peaks.setdefault(key, {})
        by_day[day] = max(by_day.get(day, 0.0), percent)
        if percent >= FULL:
            period = round(resets_at / 3600) if resets_at is not None else ("day", day)
            hit_periods.setdefault(key, set()).add(period)
    hits = {key: len(hit_periods.get(key, ())) for key in peaks}
    return Summary(dates, peaks, hits, _session_by_hour(recent, days, localtime))


def _session_by_hour(rows: Sequence[Row], days: int, localtime: LocalTime) -> tuple[float, ...]:
    """Each hour of the day's share of session use: the rises between samples, per day."""
    used = [0.0] * 24
    previous: Row | None = None
    for row in rows:
        if row[3] != SESSION_KEY:
            continue
        if previous is not None:
            gain = row[4] if _new_window(previous, row) else row[4] - previous[4]
            used[localtime(row[0]).tm_hour] += max(gain, 0.0)
        previous = row
    return tuple(round(points / days, 2) for points in used)


def _new_window(before: Row, after: Row) -> bool:
    """Whether `after` is in a later window: then its whole figure is use since the reset."""
    if before[5] is not None and after[5] is not None:
        return abs(after[5] - before[5]) > 300
    return after[4] < before[4] - DROP


def _date(moment: float, localtime: LocalTime) -> str:
    return time.strftime("%Y-%m-%d", localtime(moment))
