"""What the plugin knows between runs, and the pure rules for when it may ask again.

The last good snapshot stays through any failure, so the menu can keep showing
numbers with their age. Rate limits are normal life: the endpoint is shared with
Claude Code itself, so a 429 means wait, and the wait grows while they continue.
"""

from __future__ import annotations

from .model import Snapshot, snapshot_from_dict, snapshot_to_dict
from .record import Record, replace

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

FRESH_FOR_S = 20  # younger data is shown as is; the menu refreshes on open past this
RATE_LIMIT_FLOOR_S = 60  # Retry-After of 0 (or none) still means "not right now"
RATE_LIMIT_CAP_S = 30 * 60  # doubling stops here; a longer Retry-After is still honoured
FAILURE_RETRY_S = 30  # after a network failure, menu opens show the cue instead of waiting again
REJECTED_RETRY_S = 5 * 60  # a refused token stays refused until Claude Code renews it


class Failure(Record):
    """Why the last attempt did not produce fresh numbers."""

    kind: str
    message: str
    at: float
    needs_user: bool = False
    forced: bool = False  # the user's explicit Refresh made this attempt


class UsageState(Record):
    """The last good snapshot, the last failure since then, and when we may ask again."""

    snapshot: Snapshot | None = None
    failure: Failure | None = None
    retry_at: float | None = None
    rate_limit_streak: int = 0
    source: str = ""  # which token source produced the snapshot, for the footer


def succeeded(state: UsageState, snapshot: Snapshot, source: str) -> UsageState:
    """The state after a good reply."""
    return UsageState(snapshot=snapshot, source=source)


def failed(state: UsageState, failure: Failure) -> UsageState:
    """The state after an attempt that was not a rate limit."""
    if failure.kind == "token_rejected":
        retry_at: float | None = failure.at + REJECTED_RETRY_S
    elif failure.needs_user:
        retry_at = None  # nothing was sent: checking the token again costs the API nothing
    else:
        retry_at = failure.at + FAILURE_RETRY_S
    if state.retry_at is not None and retry_at is not None:
        retry_at = max(retry_at, state.retry_at)  # a failed click keeps a 429's longer wait
    return replace(state, failure=failure, retry_at=retry_at, rate_limit_streak=0)


def rate_limited(state: UsageState, failure: Failure, retry_after: float | None) -> UsageState:
    """The state after a 429: wait out Retry-After (at least the floor), doubling per 429."""
    streak = state.rate_limit_streak + 1
    return replace(
        state,
        failure=failure,
        rate_limit_streak=streak,
        retry_at=failure.at + rate_limit_wait(retry_after, streak),
    )


def rate_limit_wait(retry_after: float | None, streak: int) -> float:
    """Seconds before the next request after the `streak`-th 429 in a row."""
    base = max(retry_after or 0.0, RATE_LIMIT_FLOOR_S)
    doubled: float = min(base * 2 ** (max(streak, 1) - 1), RATE_LIMIT_CAP_S)
    return max(doubled, retry_after or 0.0)


def is_fresh(state: UsageState, now: float) -> bool:
    """True when the snapshot is young enough to show without asking."""
    snap = state.snapshot
    return snap is not None and state.failure is None and 0 <= now - snap.fetched_at < FRESH_FOR_S


def should_fetch(state: UsageState, now: float, *, forced: bool) -> bool:
    """Whether this run should ask the API, or answer from what it has."""
    waiting = state.retry_at is not None and now < state.retry_at
    if forced:
        # The user's click may try once during a rate limit, not once per click.
        failure = state.failure
        return not (waiting and failure and failure.kind == "rate_limited" and failure.forced)
    if is_fresh(state, now):
        return False
    return not waiting


def state_to_dict(state: UsageState) -> dict[str, Any]:
    """The cache file's plain-value form (see system.files)."""
    failure = state.failure
    return {
        "version": 1,
        "snapshot": None if state.snapshot is None else snapshot_to_dict(state.snapshot),
        "failure": None
        if failure is None
        else [failure.kind, failure.message, failure.at, failure.needs_user, failure.forced],
        "retry_at": state.retry_at,
        "rate_limit_streak": state.rate_limit_streak,
        "source": state.source,
    }


def state_from_dict(data: Any) -> UsageState:
    """Read back state_to_dict's output; a broken or foreign file is an empty state."""
    if not isinstance(data, dict) or data.get("version") != 1:
        return UsageState()
    try:
        raw = data.get("failure")
        failure = (
            None
            if raw is None
            else Failure(str(raw[0]), str(raw[1]), float(raw[2]), bool(raw[3]), bool(raw[4]))
        )
        retry_at = data.get("retry_at")
        return UsageState(
            snapshot=snapshot_from_dict(data.get("snapshot")),
            failure=failure,
            retry_at=None if retry_at is None else float(retry_at),
            rate_limit_streak=int(data.get("rate_limit_streak") or 0),
            source=str(data.get("source") or ""),
        )
    except (TypeError, ValueError, IndexError):
        return UsageState()
