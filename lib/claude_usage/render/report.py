"""The document `--json` prints: the current numbers for scripts. Pure."""

from __future__ import annotations

import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..core.state import UsageState


def state_report(state: UsageState, *, now: float) -> dict[str, Any]:
    """The state as plain JSON values: times in ISO-8601 UTC, money in currency units."""
    snap, failure = state.snapshot, state.failure
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


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
