"""The state to show: from the cache when it may, else one fetch for all runs, then its hooks.

SwiftBar starts a new run every minute, on every menu open and every click, and
never waits for the old one: overlapping runs are normal. They share one lock
per token source, and a run that finds the lock taken shows what the fetching
run stores.
"""

from __future__ import annotations

from .alerting import notify_due
from .core.errors import ClaudeUsageError, RateLimited, TokenRejected
from .core.record import Record, replace
from .core.state import Failure, UsageState, failed, rate_limited, should_fetch, succeeded
from .store import load_state, lock_path, store_state
from .system.files import exclusive

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .context import Run
    from .core.tokens import Token
    from .settings import Settings

    ReadToken = Callable[[], Token]
    Fetch = Callable[[str], Any]  # token -> decoded JSON reply


class Fetcher(Record):
    """How this run gets a token and asks the API: the seams tests replace."""

    source: str  # the token source's id: its cache, its lock, its numbers
    now: float
    read_token: ReadToken
    fetch: Fetch
    lock_wait: float  # how long to wait for another run's fetch before showing the cache


def current_state(run: Run, settings: Settings, *, forced: bool = False) -> UsageState:
    """The state to show; a run that fetched good numbers also sends what they call for."""
    source = run.source(settings.token_source)
    fetcher = Fetcher(
        source=source.id,
        now=run.now,
        read_token=lambda: run.read_token(source),
        fetch=run.fetch,
        lock_wait=run.lock_wait,
    )
    state, fetched = up_to_date(run.cache_dir, fetcher, forced=forced)
    if fetched and state.failure is None:
        notify_due(run, settings, state)
    return state


def up_to_date(folder: str, fetcher: Fetcher, *, forced: bool = False) -> tuple[UsageState, bool]:
    """The state to show, and whether this run fetched it (fresh news worth notifying)."""
    state = load_state(folder, fetcher.source)
    if not should_fetch(state, fetcher.now, forced=forced):
        return state, False
    with exclusive(lock_path(folder, fetcher.source), fetcher.lock_wait) as mine:
        latest = load_state(folder, fetcher.source)
        if not mine or latest != state:
            return latest, False  # another run fetched (or is fetching) for us
        updated = attempt(latest, fetcher, forced=forced)
        store_state(folder, fetcher.source, updated)
        return updated, True


def attempt(state: UsageState, fetcher: Fetcher, *, forced: bool) -> UsageState:
    """One try at fresh numbers; the only place our errors become states the menu shows."""
    try:
        token = fetcher.read_token()
        payload = _fetch_once_more_on_401(token, fetcher)
        result = succeeded(state, parse(payload, fetcher.now), token.source)
    except RateLimited as e:
        failure = Failure(e.kind, str(e), fetcher.now, False, forced)
        result = rate_limited(state, failure, e.retry_after)
    except ClaudeUsageError as e:
        result = failed(state, Failure(e.kind, str(e), fetcher.now, e.needs_user, forced))
    updated: UsageState = replace(result, source=fetcher.source)
    return updated


def parse(payload: Any, now: float) -> Any:
    """The Snapshot a reply describes (see core.reply)."""
    from .core.reply import parse_reply  # datetime parsing: only runs that fetch pay for it

    return parse_reply(payload, now)


def _fetch_once_more_on_401(token: Token, fetcher: Fetcher) -> Any:
    """A 401 may be Claude Code rotating its token under us: read it again and retry once."""
    try:
        return fetcher.fetch(token.value)
    except TokenRejected as e:
        if e.status != 401:
            raise
        again = fetcher.read_token()
        if again.value == token.value:
            raise
        return fetcher.fetch(again.value)
