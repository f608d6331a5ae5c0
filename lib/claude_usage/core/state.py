"""What the plugin knows between runs, and the pure rules for when it may ask again.

The last good snapshot stays through any failure, so the menu can keep showing
numbers with their age. Rate limits are normal life: the endpoint is shared with
Claude Code itself, so a 429 means wait, and the wait grows while they continue.
"""

from __future__ import annotations

from . import model
from .budget import Budget, emptied, spend
from .identity import Identity, identity_from_dict, identity_to_dict
from .model import Limit, Snapshot, snapshot_from_dict, snapshot_to_dict
from .record import Record, replace

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

RATE_LIMIT_FLOOR_S = 60  # Retry-After of 0 (or none) still means "not right now"
RATE_LIMIT_CAP_S = 30 * 60  # doubling stops here; a longer Retry-After is still honoured
MAX_WAIT_S = 3 * 3600  # the longest we ever wait, Retry-After included: then we ask once more
MAX_DOUBLINGS = 5  # 60 s doubled 5 times already passes RATE_LIMIT_CAP_S; no float overflow
FAILURE_RETRY_S = 30  # after a network failure, menu opens show the cue instead of waiting again
REJECTED_RETRY_S = 5 * 60  # a refused token stays refused until Claude Code renews it
FED_KEYS = ("five_hour", "seven_day")  # what Claude Code's status line carries
FEED_KEPT_S = 30  # the same figures again within this are not written (calls come every few s)


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
    budget: Budget = Budget()  # requests we may still make (see budget)
    unchanged: int = 0  # fetches in a row that changed nothing: the cadence stretches
    fed_at: float | None = None  # when Claude Code's status line last gave session and weekly
    asked_at: float | None = None  # a request was recorded then, its outcome not saved (yet)
    identity: Identity = Identity()  # who the account is: email and plan, when known


def succeeded(state: UsageState, snapshot: Snapshot, source: str) -> UsageState:
    """The state after a good reply; a status-line feed newer than the request wins."""
    if state.fed_at is not None and state.snapshot and state.fed_at > snapshot.fetched_at:
        snapshot = replace(snapshot, limits=_merged(snapshot.limits, _fed(state.snapshot)))
    same = state.snapshot is not None and _figures(state.snapshot) == _figures(snapshot)
    return UsageState(
        snapshot=snapshot,
        source=source,
        budget=state.budget,
        unchanged=state.unchanged + 1 if same else 0,
        fed_at=state.fed_at,
        identity=state.identity,
    )


def fed(state: UsageState, limits: tuple[Limit, ...], now: float) -> UsageState:
    """The state after Claude Code's status line reported `limits` (session and weekly)."""
    snapshot = state.snapshot or Snapshot(now, ())
    merged = replace(snapshot, limits=_merged(snapshot.limits, limits))
    return replace(state, snapshot=merged, fed_at=now)


def feed_is_news(state: UsageState, limits: tuple[Limit, ...], now: float) -> bool:
    """Whether a feed is worth a write: new figures, or the last feed's age worth refreshing."""
    if state.fed_at is None or state.snapshot is None or not 0 <= now - state.fed_at < FEED_KEPT_S:
        return True
    known = {lim.key: (lim.percent, lim.resets_at) for lim in state.snapshot.limits}
    return any(
        known.get(lim.key, (None, None))[0] != lim.percent
        or abs((known[lim.key][1] or 0) - (lim.resets_at or 0)) > 1
        for lim in limits
    )


def spent(state: UsageState, now: float) -> UsageState:
    """The state after one request to the endpoint."""
    return replace(state, budget=spend(state.budget, now))


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
        budget=emptied(failure.at),
    )


def rate_limit_wait(retry_after: float | None, streak: int) -> float:
    """Seconds before the next request after the `streak`-th 429 in a row (MAX_WAIT_S at most)."""
    asked = min(retry_after or 0.0, MAX_WAIT_S)  # a server asking for a day gets 3 h
    base = max(asked, RATE_LIMIT_FLOOR_S)
    doubled: float = min(base * 2 ** min(max(streak, 1) - 1, MAX_DOUBLINGS), RATE_LIMIT_CAP_S)
    return max(doubled, asked)


def waiting_until(state: UsageState, now: float) -> float | None:
    """When the backoff ends, if it is still running; a retry time further ahead than we
    would ever choose comes from a clock set back since, and is not trusted."""
    retry_at = state.retry_at
    if retry_at is None or not now < retry_at <= now + MAX_WAIT_S:
        return None
    return retry_at


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
        "budget": [state.budget.level, state.budget.at],
        "unchanged": state.unchanged,
        "fed_at": state.fed_at,
        "asked_at": state.asked_at,
        "identity": identity_to_dict(state.identity),
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
            else Failure(str(raw[0]), str(raw[1]), model.moment(raw[2]), bool(raw[3]), bool(raw[4]))
        )
        retry_at, fed_at, asked_at = data.get("retry_at"), data.get("fed_at"), data.get("asked_at")
        level, at = data.get("budget") or (Budget().level, 0.0)
        return UsageState(
            snapshot=snapshot_from_dict(data.get("snapshot")),
            failure=failure,
            retry_at=None if retry_at is None else model.moment(retry_at),
            rate_limit_streak=model.count(data.get("rate_limit_streak") or 0),
            source=str(data.get("source") or ""),
            budget=Budget(model.number(level), model.moment(at)),
            unchanged=model.count(data.get("unchanged") or 0),
            fed_at=None if fed_at is None else model.moment(fed_at),
            asked_at=None if asked_at is None else model.moment(asked_at),
            identity=identity_from_dict(data.get("identity")),
        )
    except model.UNREADABLE:  # of any kind: a broken file is an empty state, never a crash
        return UsageState()


def _merged(limits: tuple[Limit, ...], newer: tuple[Limit, ...]) -> tuple[Limit, ...]:
    """`limits` with those `newer` describes replaced, and any others it adds, in order."""
    by_key = {lim.key: lim for lim in newer}
    kept = tuple(by_key.pop(lim.key, lim) for lim in limits)
    return kept + tuple(by_key.values()) if by_key else kept


def _fed(snapshot: Snapshot) -> tuple[Limit, ...]:
    return tuple(lim for lim in snapshot.limits if lim.key in FED_KEYS)


def _figures(snapshot: Snapshot) -> tuple[object, ...]:
    """What a person would see change; reset times that jitter by a second do not count."""
    return (tuple((lim.key, lim.percent) for lim in snapshot.limits), snapshot.extra)
