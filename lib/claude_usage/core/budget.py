"""The endpoint's request budget, as we model it: a token bucket we spend from. Pure.

Measured in public (claude-swap, July 2026): a burst of about 27 requests, then
about one per 150 s, per access token. Claude Code spends from the same budget,
so we keep well inside both figures and leave it the rest.
"""

from __future__ import annotations

from .record import Record

CAPACITY = 20  # requests in a burst; the endpoint allows ~27, the rest is Claude Code's
REFILL_EVERY_S = 180  # one request back per this long; the endpoint sustains ~1 per 150 s
CLICK_RESERVE = 3  # menu opens leave these for the user's Refresh clicks


class Budget(Record):
    """How many requests we may still make, as of a moment."""

    level: float = CAPACITY
    at: float = 0.0


def level_at(budget: Budget, now: float) -> float:
    """Requests available at `now`; a clock set back refills nothing.

    A stamp further ahead than a whole refill takes means the clock went back by
    more than that: the level can't age until the clock catches up, so rather than
    freeze for as long as the jump, it allows one request, which stamps it afresh.
    """
    if budget.at - now > CAPACITY * REFILL_EVERY_S:
        return min(float(CAPACITY), max(1.0, budget.level))
    refilled = max(0.0, now - budget.at) / REFILL_EVERY_S
    return min(float(CAPACITY), max(0.0, budget.level) + refilled)


def spend(budget: Budget, now: float) -> Budget:
    """The budget after one request at `now`."""
    return Budget(level_at(budget, now) - 1, now)


def emptied(now: float) -> Budget:
    """A 429 says the endpoint's budget is gone, whatever we thought."""
    return Budget(0.0, now)


def available_at(budget: Budget, now: float, needed: float = 1.0) -> float:
    """When at least `needed` requests will be available (now, if they are)."""
    short = needed - level_at(budget, now)
    return now if short <= 0 else now + short * REFILL_EVERY_S
