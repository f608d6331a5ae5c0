"""When to ask the endpoint, and when the numbers we have will do. Pure.

Each run says why it runs; the answer weighs how old the numbers are, whether
they have been moving, resets we can see coming, backoff after failures, and
the request budget (see budget). Runs that are not due answer from the cache.
"""

from __future__ import annotations

from .budget import CLICK_RESERVE, available_at, level_at
from .record import Record
from .state import UsageState, waiting_until

SCHEDULE, MENU_OPEN, WAKE, CLICK = "schedule", "menu_open", "wake", "click"
CACHE_ONLY = "cache_only"  # a resident process's first frame: shown before anything is asked
FRESH_FOR_S = 20  # younger numbers are shown as they are, even on menu open
MOVING_EVERY_S = 60  # while the numbers move, as far as the budget allows
STEADY_EVERY_S = ((6, 10 * 60), (3, 5 * 60))  # after this many unchanged fetches in a row
FED_EVERY_S = 5 * 60  # Claude Code's status line keeps session and weekly live meanwhile
FED_FOR_S = 5 * 60  # a feed older than this no longer counts as live
TICK_SLACK_S = 10  # SwiftBar's minute ticks jitter: a fetch due at 60 s is taken at 50
RESET_GRACE_S = 20  # a reset is a change we can predict: ask this soon after it


class Decision(Record):
    """Whether this run asks the endpoint, and if not, until when the numbers stand."""

    fetch: bool
    next_at: float | None = None  # when an automatic fetch is next due
    held: bool = False  # due, but held back to stay within the request budget


def is_fresh(state: UsageState, now: float) -> bool:
    """True when the snapshot is young enough to show without asking."""
    snap = state.snapshot
    return snap is not None and state.failure is None and 0 <= now - snap.fetched_at < FRESH_FOR_S


def decide(state: UsageState, now: float, reason: str) -> Decision:
    """Fetch now, or answer from the cache (and until when)."""
    if reason == CACHE_ONLY:
        return Decision(False, due_at(state, now))
    waiting = waiting_until(state, now)
    if reason == CLICK:
        limited = state.failure is not None and state.failure.kind == "rate_limited"
        if waiting is not None and limited:  # a click never asks into a 429
            return Decision(False, max(waiting, available_at(state.budget, now)), True)
        return _if_budget(state, now, 1.0, now)
    if waiting is not None:
        return Decision(False, waiting)
    if reason == MENU_OPEN:
        if is_fresh(state, now):
            return Decision(False, due_at(state, now))
        return _if_budget(state, now, 1.0 + CLICK_RESERVE, due_at(state, now))
    due = due_at(state, now)
    if reason == WAKE and state.snapshot is not None:
        due = min(due, state.snapshot.fetched_at + MOVING_EVERY_S - TICK_SLACK_S)
    if now < due:
        return Decision(False, due)
    return _if_budget(state, now, 1.0, due)


def due_at(state: UsageState, now: float) -> float:
    """When the next automatic fetch is due: by the cadence, or soon after a known reset."""
    snap = state.snapshot
    if snap is None or now < snap.fetched_at:  # nothing yet, or a clock set back: ask
        return now
    every = interval(state.unchanged)
    if state.fed_at is not None and 0 <= now - state.fed_at < FED_FOR_S:
        every = max(every, FED_EVERY_S)
    due = snap.fetched_at + every - TICK_SLACK_S
    resets = [lim.resets_at for lim in snap.limits if lim.resets_at is not None]
    coming = [r + RESET_GRACE_S for r in resets if r > snap.fetched_at]
    return min([due, *coming])


def interval(unchanged: int) -> float:
    """Seconds between automatic fetches after `unchanged` fetches in a row changed nothing."""
    return next((every for after, every in STEADY_EVERY_S if unchanged >= after), MOVING_EVERY_S)


def _if_budget(state: UsageState, now: float, needed: float, due: float) -> Decision:
    if level_at(state.budget, now) >= needed:
        return Decision(True, due)
    return Decision(False, max(due, available_at(state.budget, now, needed)), held=True)
