"""Sample numbers for `--demo`: what the menu looks like, with no token and no network."""

from __future__ import annotations

from .model import SESSION, WEEKLY, WEEKLY_SCOPED, ExtraUsage, Limit, Snapshot
from .state import UsageState

HOUR = 3600
SESSION_WINDOW_S = 5 * HOUR
DEMO_SESSION_PERCENT = 42.0
SAMPLE_EVERY_S = 300  # a fetch about every five minutes while the menu is in use


def demo_state(now: float) -> UsageState:
    """A plausible Max account a few hours into a busy day."""
    limits = (
        Limit("five_hour", "Current session", SESSION, DEMO_SESSION_PERCENT, session_reset(now)),
        Limit("seven_day", "All models", WEEKLY, 63.0, now + 76 * HOUR),
        Limit("seven_day_sonnet", "Sonnet only", WEEKLY_SCOPED, 12.0, now + 76 * HOUR),
        Limit("seven_day_opus", "Opus 4.1 only", WEEKLY_SCOPED, 86.0, now + 100 * HOUR),
    )
    extra = ExtraUsage(used_cents=1234, limit_cents=100000)
    return UsageState(snapshot=Snapshot(now - 12, limits, extra))


def demo_work_state(now: float) -> UsageState:
    """A second account, a Team plan at work, quieter today."""
    limits = (
        Limit("five_hour", "Current session", SESSION, 18.0, now + 4 * HOUR + 5 * 60),
        Limit("seven_day", "All models", WEEKLY, 35.0, now + 124 * HOUR),
    )
    return UsageState(snapshot=Snapshot(now - 40, limits))


def session_reset(now: float) -> float:
    return now + 2 * HOUR + 13 * 60


def demo_session_samples(now: float) -> list[tuple[float, float]]:
    """The demo session's course so far: a steady start, a lull, then a burst up to now."""
    start = session_reset(now) - SESSION_WINDOW_S
    steps = int((now - start) // SAMPLE_EVERY_S)
    shape = []  # share of the final percent reached after each step
    for step in range(steps + 1):
        progress = step / steps
        if progress < 0.4:
            share = progress * 1.0
        elif progress < 0.6:
            share = 0.4 + (progress - 0.4) * 0.25
        else:
            share = 0.45 + (progress - 0.6) * 1.375
        shape.append(
            (now - (steps - step) * SAMPLE_EVERY_S, round(share * DEMO_SESSION_PERCENT, 1))
        )
    return shape


def demo_session_forecast(now: float) -> tuple[float, float]:
    """Where the demo session is heading at its recent pace: about 71 % at the reset."""
    return (session_reset(now), 71.0)
