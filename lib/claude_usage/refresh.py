"""The state to show: from the cache when the cadence allows, else one fetch for all runs.

SwiftBar starts a new run every minute, on every menu open and every click, and
never waits for the old one: overlapping runs are normal. They share one fetch
lock per token source, and a run that finds it taken shows what the fetching
run stores. Writes go through a second, short lock, so a status-line feed that
lands during a fetch is merged, never lost.
"""

from __future__ import annotations

from .core.cadence import CLICK, SCHEDULE, decide
from .core.errors import ClaudeUsageError, RateLimited, TokenRejected
from .core.record import Record, replace
from .core.state import Failure, UsageState, failed, rate_limited, spent, succeeded
from .store import load_state, lock_path, update_state
from .system.files import exclusive

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .context import Run
    from .core.model import Snapshot
    from .core.tokens import Token
    from .settings import Settings

    ReadToken = Callable[[], Token]
    Fetch = Callable[[str], Any]  # token -> decoded JSON reply
    Change = Callable[[UsageState], UsageState]


class Fetcher(Record):
    """How this run gets a token and asks the API: the seams tests replace."""

    source: str  # the token source's id: its cache, its lock, its numbers
    now: float
    read_token: ReadToken
    fetch: Fetch
    lock_wait: float  # how long to wait for another run's fetch before showing the cache


def current_state(run: Run, settings: Settings, *, reason: str | None = None) -> UsageState:
    """The state to show; a run that fetched good numbers also sends what they call for."""
    return refreshed(run, settings, reason=reason)[0]


def refreshed(
    run: Run, settings: Settings, *, reason: str | None = None
) -> tuple[UsageState, bool]:
    """The state to show, and whether this run asked the endpoint for it."""
    source = run.source(settings.token_source)
    fetcher = Fetcher(
        source=source.id,
        now=run.now,
        read_token=lambda: run.read_token(source),
        fetch=run.fetch,
        lock_wait=run.lock_wait,
    )
    state, fetched = up_to_date(run.cache_dir, fetcher, reason or run.reason)
    if fetched and state.failure is None:
        from .alerting import notify_due  # only runs that fetched good numbers decide alerts

        notify_due(run, settings, state)
    return state, fetched


def up_to_date(folder: str, fetcher: Fetcher, reason: str = SCHEDULE) -> tuple[UsageState, bool]:
    """The state to show, and whether this run fetched it (fresh news worth notifying)."""
    state = load_state(folder, fetcher.source)
    if not decide(state, fetcher.now, reason).fetch:
        return state, False
    with exclusive(lock_path(folder, fetcher.source), fetcher.lock_wait) as mine:
        latest = load_state(folder, fetcher.source)
        if not mine or _last_attempt(latest) != _last_attempt(state):
            return latest, False  # another run fetched (or is fetching) for us
        change = attempt(fetcher, forced=reason == CLICK)
        return update_state(folder, fetcher.source, change), True


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
    except ClaudeUsageError as e:
        change = _failure(Failure(e.kind, str(e), now, e.needs_user, forced))

    def apply(state: UsageState) -> UsageState:
        for _ in sent:
            state = spent(state, now)
        return replace(change(state), source=fetcher.source)

    return apply


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


def _last_attempt(state: UsageState) -> tuple[object, ...]:
    """What changes when a run asks the endpoint (a status-line feed changes none of it)."""
    fetched_at = state.snapshot.fetched_at if state.snapshot else None
    return (state.budget, state.failure, state.retry_at, fetched_at, state.unchanged)


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
