"""One try at fresh numbers, as the change it makes to the state: the fetching side of refresh.

Imported only by runs that ask the endpoint; a run answered from the cache needs
none of the error classes, the token or the reply parser.
"""

from __future__ import annotations

import time

from .core.errors import ClaudeUsageError, RateLimited, TokenRejected
from .core.record import replace
from .core.state import (
    RATE_LIMIT_FLOOR_S,
    Failure,
    UsageState,
    failed,
    rate_limited,
    spent,
    succeeded,
)

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .core.model import Snapshot
    from .core.tokens import Token
    from .refresh import Fetch, Fetcher, ReadToken

    Change = Callable[[UsageState], UsageState]

# A request whose outcome was never saved may have met a 429: wait as long as a 429
# without Retry-After makes us (far longer than the 20 s that fresh numbers last).
UNSAVED_OUTCOME_WAIT_S = RATE_LIMIT_FLOOR_S


def asking(state: UsageState, now: float) -> UsageState:
    """The state recorded before a request is sent: its cost, and that it is out."""
    return replace(spent(state, now), asked_at=now)


def unanswered(state: UsageState, now: float) -> bool:
    """Whether an earlier run's request, its outcome never saved, still holds ours back.

    Asked by the fetch lock's holder, so that request is not still out.
    """
    return state.asked_at is not None and 0 <= now - state.asked_at < UNSAVED_OUTCOME_WAIT_S


def attempt(fetcher: Fetcher, *, forced: bool, before_send: Callable[[], Any]) -> Change:
    """One try at fresh numbers, as the change it makes to whatever the state is by then.

    `before_send` records each request, and its cost, before it goes out (see
    asking); it raises when it cannot, and a request that could not be recorded is
    not sent. So the change itself spends nothing.
    """

    def fetch(token: str) -> Any:
        before_send()
        return fetcher.fetch(token)

    now = fetcher.now
    try:
        token = fetcher.read_token()
        snapshot = parse(_fetch_once_more_on_401(token, fetcher.read_token, fetch), now)
        change = _success(snapshot, token)
    except RateLimited as e:
        change = _rate_limit(Failure(e.kind, str(e), now, False, forced), e.retry_after)
    except TokenRejected as e:
        change = _failure(Failure(e.kind, refused(e, fetcher.renew), now, e.needs_user, forced))
    except ClaudeUsageError as e:
        change = _failure(Failure(e.kind, str(e), now, e.needs_user, forced))

    def apply(state: UsageState) -> UsageState:  # the outcome replaces the record it was out
        return replace(change(replace(state, asked_at=None)), source=fetcher.source)

    return apply


def timed(fetch: Fetch, took: list[float]) -> Fetch:
    """`fetch`, noting how long each request took (for the debug log)."""

    def clocked(token: str) -> Any:
        started = time.monotonic()
        try:
            return fetch(token)
        finally:
            took.append(time.monotonic() - started)

    return clocked


def outcome(before: UsageState, after: UsageState, took: list[float], now: float) -> str:
    """The attempt in one line for the debug log; "" when nothing was sent and nothing is new."""
    source, failure = after.source, after.failure
    if failure is None:
        return f"{source}: fetch ok 200 in {sum(took):.2f} s"
    wait = f"; next try in {after.retry_at - now:.0f} s" if after.retry_at is not None else ""
    if took:
        return f"{source}: fetch failed in {sum(took):.2f} s: {failure.message}{wait}"
    old = before.failure
    if old is not None and (old.kind, old.message) == (failure.kind, failure.message):
        return ""  # the same sign-in problem, found again without asking anything
    return f"{source}: no request: {failure.message}"


def refused(error: TokenRejected, renew: str) -> str:
    """What the API said about the token, and how to get one it takes (`renew`) for its account."""
    if not renew or error.status not in (401, 403):
        return str(error)  # anything else already says what to do
    return f"{error}: {renew}"


def waiting_after(state: UsageState, shown: UsageState) -> UsageState | None:
    """What to save of an outcome the disk did not take: when the next request may go.

    It takes the place of the record that the request was out, in as many bytes, so
    it fits where that did. None when that record holds the next runs back enough.
    """
    if shown.retry_at is None or state.asked_at is None:
        return None
    retry_at = max(shown.retry_at, state.asked_at + UNSAVED_OUTCOME_WAIT_S)
    return replace(state, asked_at=None, retry_at=retry_at, budget=shown.budget)


def parse(payload: Any, now: float) -> Snapshot:
    """The Snapshot a reply describes (see core.reply)."""
    from .core.reply import parse_reply  # datetime parsing: only runs that fetch pay for it

    return parse_reply(payload, now)


def _success(snapshot: Snapshot, token: Token) -> Change:
    def change(state: UsageState) -> UsageState:
        after = succeeded(state, snapshot, token.source)
        if not token.plan or token.plan == after.identity.plan:
            return after
        return replace(after, identity=replace(after.identity, plan=token.plan))  # as it is now

    return change


def _rate_limit(failure: Failure, retry_after: float | None) -> Change:
    return lambda state: rate_limited(state, failure, retry_after)


def _failure(failure: Failure) -> Change:
    return lambda state: failed(state, failure)


def _fetch_once_more_on_401(token: Token, read_token: ReadToken, fetch: Fetch) -> Any:
    """A 401 may be Claude Code rotating its token under us: read it again and retry once."""
    try:
        return fetch(token.value)
    except TokenRejected as e:
        if e.status != 401:
            raise
        again = read_token()
        if again.value == token.value:
            raise
        return fetch(again.value)
