"""Sample numbers for `--demo`: what the menu looks like, with no token and no network."""

from __future__ import annotations

from .model import SESSION, WEEKLY, WEEKLY_SCOPED, ExtraUsage, Limit, Snapshot
from .state import UsageState

HOUR = 3600


def demo_state(now: float) -> UsageState:
    """A plausible Max account a few hours into a busy day."""
    limits = (
        Limit("five_hour", "Current session", SESSION, 42.0, now + 2 * HOUR + 13 * 60),
        Limit("seven_day", "All models", WEEKLY, 63.0, now + 76 * HOUR),
        Limit("seven_day_sonnet", "Sonnet only", WEEKLY_SCOPED, 12.0, now + 76 * HOUR),
        Limit("seven_day_opus", "Opus 4.1 only", WEEKLY_SCOPED, 86.0, now + 100 * HOUR),
    )
    extra = ExtraUsage(used_cents=1234, limit_cents=100000)
    return UsageState(snapshot=Snapshot(now - 12, limits, extra))
