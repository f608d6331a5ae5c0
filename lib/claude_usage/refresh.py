"""Brings the usage state up to date: from the cache when it may, else one fetch for all runs.

SwiftBar starts a new run every minute, on every menu open and every click, and
never waits for the old one: overlapping runs are normal. They share one lock,
and a run that finds the lock taken shows what the fetching run stores.
"""

from __future__ import annotations

import os
import time

from .errors import ClaudeUsageError, RateLimited, TokenRejected
from .record import Record, replace
from .state import (
    Failure,
    UsageState,
    failed,
    rate_limited,
    should_fetch,
    state_from_dict,
    state_to_dict,
    succeeded,
)
from .storage import exclusive, read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .credentials import Token  # imports subprocess: the cached path must not pay for it

    ReadToken = Callable[[], Token]
    Fetch = Callable[[str], Any]  # token -> decoded JSON reply

CACHE_FILE = "usage.dat"
LOCK_FILE = "fetch.lock"


class Fetcher(Record):
    """How this run gets a token and asks the API: the seams tests replace."""

    read_token: ReadToken
    fetch: Fetch
    lock_wait: float  # how long to wait for another run's fetch before showing the cache
    source: str = "claude-code"  # the token source in use: numbers from another are not ours
    clock: Callable[[], float] = time.time


def load_state(folder: str) -> UsageState:
    """The cached state; empty when there is none or it is broken."""
    return state_from_dict(read_data(os.path.join(folder, CACHE_FILE)))


def store_state(folder: str, state: UsageState) -> None:
    """Write the state atomically, mode 0600."""
    write_data(os.path.join(folder, CACHE_FILE), state_to_dict(state))


def up_to_date(folder: str, fetcher: Fetcher, *, forced: bool = False) -> tuple[UsageState, bool]:
    """The state to show, and whether this run fetched it (fresh news worth notifying)."""
    state = _own_state(folder, fetcher.source)
    if not should_fetch(state, fetcher.clock(), forced=forced):
        return state, False
    with exclusive(os.path.join(folder, LOCK_FILE), fetcher.lock_wait) as mine:
        latest = _own_state(folder, fetcher.source)
        if not mine or latest != state:
            return latest, False  # another run fetched (or is fetching) for us
        updated = attempt(latest, fetcher, forced=forced)
        store_state(folder, updated)
        return updated, True


def _own_state(folder: str, source: str) -> UsageState:
    """The cached state if it came from `source`; a fetch begun before a switch may land late."""
    state = load_state(folder)
    return state if state.source in ("", source) else UsageState()


def attempt(state: UsageState, fetcher: Fetcher, *, forced: bool) -> UsageState:
    """One try at fresh numbers; the only place our errors become states the menu shows."""
    from .reply import parse_reply

    try:
        token = fetcher.read_token()
        payload = _fetch_once_more_on_401(token, fetcher)
        result = succeeded(state, parse_reply(payload, fetcher.clock()), token.source)
    except RateLimited as e:
        failure = Failure(e.kind, str(e), fetcher.clock(), False, forced)
        result = rate_limited(state, failure, e.retry_after)
    except ClaudeUsageError as e:
        result = failed(state, Failure(e.kind, str(e), fetcher.clock(), e.needs_user, forced))
    return replace(result, source=fetcher.source)


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
