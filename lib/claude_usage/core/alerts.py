"""Decides which usage notifications are due: each threshold once per limit period. Pure.

A limit warns at 75 %, turns critical at 90 %, and says you are blocked, and
until when, once it reaches 100 %; each at most once a period, and only the
worst news when a jump crosses several at once.

A period is known by its reset time, but `resets_at` jitters by fractions of a
second and slips by a second between polls, so two reset times within
PERIOD_TOLERANCE_S are the same period.
"""

from __future__ import annotations

import time

from .model import SESSION, UNREADABLE, WEEKLY, Limit, moment
from .record import Record, replace
from .words import clock_time, format_duration, shown_percent

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from .words import LocalTime

WARN_AT = 75
CRITICAL_AT = 90
THRESHOLDS = (WARN_AT, CRITICAL_AT)
BLOCKED_AT = 100
RUN_OUT = 1  # not a percent: the mark of the run-out warning (core.runout) in `fired`
PERIOD_TOLERANCE_S = 5 * 60  # more than jitter, far less than the shortest (5-hour) period
FORGET_AFTER_S = 8 * 86400  # a weekly period's record is useless a day after it ended


class Period(Record):
    """What we have told the user about one limit in its current period."""

    resets_at: float | None
    fired: frozenset[int] = frozenset()
    blocked: bool = False  # told it reached 100 %: worth a quiet note when it resets


class Alert(Record):
    key: str
    level: str  # "warning", "critical", "blocked" or "reset"
    title: str
    body: str


def due_alerts(
    periods: Mapping[str, Period],
    limits: Sequence[Limit],
    now: float,
    *,
    enabled: bool = True,
    localtime: LocalTime = time.localtime,
) -> tuple[list[Alert], dict[str, Period]]:
    """The notifications to send for fresh `limits`, and the periods to remember."""
    updated = {key: p for key, p in periods.items() if not _long_over(p, now)}
    alerts = []
    for limit in limits:
        if limit.resets_at is not None and limit.resets_at <= now:
            continue  # the reply describes a period that already ended: nothing to judge
        previous = updated.get(limit.key)
        if previous is not None and same_period(previous.resets_at, limit.resets_at, now):
            period = replace(previous, resets_at=limit.resets_at or previous.resets_at)
        else:
            period = Period(limit.resets_at)
            if previous is not None and previous.blocked and limit.percent < 100:
                alerts.append(_reset_alert(limit))
        crossed = {t for t in THRESHOLDS if limit.percent >= t}
        hit = limit.percent >= BLOCKED_AT
        if hit and not period.blocked:
            alerts.append(_blocked_alert(limit, now, localtime))
        elif crossed - period.fired:
            alerts.append(_threshold_alert(limit, max(crossed), now, localtime))
        updated[limit.key] = replace(
            period, fired=period.fired | crossed, blocked=period.blocked or hit
        )
    return (alerts if enabled else []), updated


def unsent(
    periods: Mapping[str, Period], before: Mapping[str, Period], failed: Sequence[Alert]
) -> dict[str, Period]:
    """The periods to remember when the `failed` alerts never reached the user.

    Their limits keep the record they had before, so the same judgement, and the
    same alerts, come due again with the next fresh numbers.
    """
    kept = dict(periods)
    for alert in failed:
        if alert.key in before:
            kept[alert.key] = before[alert.key]
        else:
            kept.pop(alert.key, None)
    return kept


def same_period(before: float | None, after: float | None, now: float) -> bool:
    """Whether two reset times belong to one period (jitter tolerated)."""
    if before is None or after is None:
        return before is None or now < before  # no date to tell by: assume it continues
    if now >= before + 1:  # the old reset time has passed (beyond sub-second jitter)
        return False
    return abs(after - before) <= PERIOD_TOLERANCE_S


def limit_name(limit: Limit) -> str:
    """The limit in words, for a notification title."""
    if limit.kind == SESSION:
        return "session"
    if limit.kind == WEEKLY:
        return "weekly limit"
    return f"{_scope(limit)} weekly limit"


def _scope(limit: Limit) -> str:
    """What a scoped limit covers: 'Opus 4.1 only' covers Opus 4.1."""
    return limit.title.removesuffix(" only")


def periods_to_dict(periods: Mapping[str, Period]) -> dict[str, Any]:
    """The alert-state file's plain-value form."""
    return {
        "version": 1,
        "limits": {key: [p.resets_at, sorted(p.fired), p.blocked] for key, p in periods.items()},
    }


def periods_from_dict(data: Any) -> dict[str, Period]:
    """Read back periods_to_dict's output; a broken file means nothing fired yet."""
    limits = data.get("limits") if isinstance(data, dict) and data.get("version") == 1 else None
    if not isinstance(limits, dict):
        return {}
    periods = {}
    for key, raw in limits.items():
        try:
            resets_at = None if raw[0] is None else moment(raw[0])
            fired = frozenset(int(t) for t in raw[1] if int(t) in (*THRESHOLDS, RUN_OUT))
            periods[str(key)] = Period(resets_at, fired, bool(raw[2]))
        except UNREADABLE:
            continue
    return periods


def _threshold_alert(limit: Limit, level_at: int, now: float, localtime: LocalTime) -> Alert:
    shown = shown_percent(limit.percent)  # under 100: shown_percent never rounds up to it
    level = "critical" if level_at >= CRITICAL_AT else "warning"
    when = _until(limit, now, localtime)
    body = f"{level.capitalize()}: {100 - shown}% left{when and ' ' + when}"
    return Alert(limit.key, level, _title(limit), body)


def _blocked_alert(limit: Limit, now: float, localtime: LocalTime) -> Alert:
    what = "" if limit.kind in (SESSION, WEEKLY) else f" from {_scope(limit)}"
    when = _until(limit, now, localtime) or "until the limit resets"
    return Alert(limit.key, "blocked", _title(limit), f"You are blocked{what} {when}")


def _title(limit: Limit) -> str:
    return f"Claude usage: {limit_name(limit)} at {shown_percent(limit.percent)}%"


def _until(limit: Limit, now: float, localtime: LocalTime) -> str:
    """'until 21:12 (in 1h 12m)', or '' when the reply gives no reset time."""
    if limit.resets_at is None:
        return ""
    clock = clock_time(limit.resets_at, now, localtime=localtime)
    return f"until {clock} (in {format_duration(limit.resets_at - now)})"


def _reset_alert(limit: Limit) -> Alert:
    return Alert(
        limit.key,
        "reset",
        f"Claude usage: {limit_name(limit)} has reset",
        f"You can use Claude again: {shown_percent(limit.percent)}% used",
    )


def _long_over(period: Period, now: float) -> bool:
    return period.resets_at is not None and now - period.resets_at > FORGET_AFTER_S
