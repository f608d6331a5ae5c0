"""One try at fresh numbers, as the change it makes to the state: the fetching side of refresh.

Imported only by runs that ask the endpoint; a run answered from the cache needs
none of the error classes, the token or the reply parser.
"""

from __future__ import annotations

from .core.errors import ClaudeUsageError, RateLimited, TokenRejected
from .core.record import replace
from .core.state import Failure, UsageState, failed, rate_limited, spent, succeeded
from .sources import source_by_id

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .core.model import Snapshot
    from .core.tokens import Token
    from .refresh import Fetch, Fetcher, ReadToken

    Change = Callable[[UsageState], UsageState]


def attempt(fetcher: Fetcher, *, forced: bool) -> Change:
    """One try at fresh numbers, as the change it makes to whatever the state is by then."""
    sent: list[str] = []

    def fetch(token: str) -> Any:
        sent.append(token)  # every request spends from the budget, whatever it returns
        return fetcher.fetch(token)

    now = fetcher.now
    try:
        token = fetcher.read_token()
        snapshot = parse(_fetch_once_more_on_401(token, fetcher.read_token, fetch), now)
        change = _success(snapshot, token.source)
    except RateLimited as e:
        change = _rate_limit(Failure(e.kind, str(e), now, False, forced), e.retry_after)
    except TokenRejected as e:
        change = _failure(Failure(e.kind, refused(e, fetcher.source), now, e.needs_user, forced))
    except ClaudeUsageError as e:
        change = _failure(Failure(e.kind, str(e), now, e.needs_user, forced))

    def apply(state: UsageState) -> UsageState:
        for _ in sent:
            state = spent(state, now)
        return replace(change(state), source=fetcher.source)

    return apply


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


def refused(error: TokenRejected, source_id: str) -> str:
    """What the API said about the token, and how to get one it takes, from this source."""
    source = source_by_id(source_id)
    if source is None or error.status not in (401, 403):
        return str(error)  # anything else already says what to do
    return f"{error}: {source.renew}"


def parse(payload: Any, now: float) -> Snapshot:
    """The Snapshot a reply describes (see core.reply)."""
    from .core.reply import parse_reply  # datetime parsing: only runs that fetch pay for it

    return parse_reply(payload, now)


def _success(snapshot: Snapshot, source: str) -> Change:
    return lambda state: succeeded(state, snapshot, source)


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
