"""Decides the run-out warning: a limit that, at its recent pace, runs out well before its reset.
Pure.

It follows the 75/90 % alerts' rules: once per limit period (the RUN_OUT mark in
the period's `fired`), and only when notifications are on. The mark is the
hysteresis: once given, the warning is not repeated in that period however the
estimate moves, so one hovering around the line can't flap.
"""

from __future__ import annotations

import time

from .alerts import RUN_OUT, Alert, Period, due_alerts, limit_name
from .record import replace
from .words import clock_time, format_duration

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from .model import Limit
    from .pace import Forecast
    from .words import LocalTime

LEAD_S = 15 * 60  # running out closer to the reset than this is not worth a warning


def all_due(
    periods: Mapping[str, Period],
    limits: Sequence[Limit],
    forecasts: Mapping[str, Forecast],
    now: float,
    *,
    enabled: bool = True,
    localtime: LocalTime = time.localtime,
) -> tuple[list[Alert], dict[str, Period]]:
    """The threshold alerts (core.alerts) and run-out warnings due, and the periods to keep."""
    alerts, updated = due_alerts(periods, limits, now, enabled=enabled, localtime=localtime)
    for limit in limits:
        period, course = updated.get(limit.key), forecasts.get(limit.key)
        if period is None or course is None or RUN_OUT in period.fired:
            continue
        if runs_out_early(limit, course):
            updated[limit.key] = replace(period, fired=period.fired | {RUN_OUT})
            if enabled:
                alerts.append(_warning(limit, course, now, localtime))
    return alerts, updated


def runs_out_early(limit: Limit, course: Forecast) -> bool:
    """Whether the limit runs out more than LEAD_S before it resets, at its recent rate."""
    out = course.runs_out_at
    return (
        out is not None
        and limit.resets_at is not None
        and limit.percent < 100
        and limit.resets_at - out > LEAD_S
    )


def _warning(limit: Limit, course: Forecast, now: float, localtime: LocalTime) -> Alert:
    out = course.runs_out_at or now
    early = format_duration((limit.resets_at or out) - out)
    clock = clock_time(out, now, localtime=localtime)
    return Alert(
        limit.key,
        "run-out",
        f"Claude usage: {limit_name(limit)} runs out early",
        f"At this pace it runs out at {clock}, {early} before it resets",
    )
