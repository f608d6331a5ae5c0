"""The document `--json` prints: the current numbers for scripts. Pure."""

from __future__ import annotations

import time

from ..core.pace import even_pace, forecast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ..core.model import Limit
    from ..core.pace import Trend
    from ..core.state import UsageState


def state_report(
    state: UsageState, *, now: float, trends: Mapping[str, Trend] | None = None
) -> dict[str, Any]:
    """The state as plain JSON values: times in ISO-8601 UTC, money in currency units."""
    snap, failure = state.snapshot, state.failure
    trends = trends or {}
    return {
        "fetched_at": _iso(snap.fetched_at) if snap else None,
        "age_seconds": round(now - snap.fetched_at) if snap else None,
        "source": state.source or None,
        "limits": [
            {
                "key": lim.key,
                "title": lim.title,
                "kind": lim.kind,
                "percent": lim.percent,
                "resets_at": _iso(lim.resets_at),
                "even_pace_percent": _rounded(even_pace(lim, now)),
                "forecast": _forecast(lim, trends.get(lim.key), now),
            }
            for lim in (snap.limits if snap else ())
        ],
        "extra_usage": None
        if not (snap and snap.extra)
        else {
            "used": snap.extra.used_cents / 100,
            "monthly_limit": None
            if snap.extra.limit_cents is None
            else snap.extra.limit_cents / 100,
            "currency": snap.extra.currency,
        },
        "error": None
        if failure is None
        else {
            "kind": failure.kind,
            "message": failure.message,
            "at": _iso(failure.at),
            "retry_at": _iso(state.retry_at),
        },
    }


def _forecast(limit: Limit, trend: Trend | None, now: float) -> dict[str, Any] | None:
    course = forecast(trend.samples if trend else (), limit, now)
    if course is None:
        return None
    return {
        "rate_per_hour": round(course.rate_per_hour, 2),
        "projected_percent_at_reset": round(course.at_reset, 1),
        "runs_out_at": _iso(course.runs_out_at),
    }


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
