"""The state to show: from the cache when the cadence allows, else one fetch for all runs.

SwiftBar starts a new run every minute, on every menu open and every click, and
never waits for the old one: overlapping runs are normal. They share one fetch
lock per token source, and a run that finds it taken shows what the fetching
run stores. Writes go through a second, short lock, so a status-line feed that
lands during a fetch is merged, never lost.
"""

from __future__ import annotations

import time

from .core.cadence import CLICK, SCHEDULE, decide
from .core.record import Record, replace
from .core.state import UsageState
from .store import load_state, lock_path, update_state
from .system.files import exclusive

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

    from .context import Run
    from .core.tokens import Token
    from .settings import Settings

    ReadToken = Callable[[], Token]
    Fetch = Callable[[str], Any]  # token -> decoded JSON reply
    Log = Callable[[str], None]


class Fetcher(Record):
    """How this run gets a token and asks the API: the seams tests replace."""

    source: str  # the token source's id: its cache, its lock, its numbers
    now: float
    read_token: ReadToken
    fetch: Fetch
    lock_wait: float  # how long to wait for another run's fetch before showing the cache
    log: Log | None = None  # told each attempt's outcome, for the debug log


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
        log=run.log,
    )
    state, fetched = up_to_date(run.cache_dir, fetcher, reason or run.reason)
    if fetched and state.failure is None and state.snapshot is not None:
        from .alerting import notify_due  # only runs that fetched good numbers decide alerts
        from .pacing import FETCH, observe  # likewise, only they keep history

        trends = observe(run, source.id, FETCH, state.snapshot.limits)
        notify_due(run, settings, state, trends)
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
        from .fetching import attempt, outcome  # HTTP, token and parsing: only runs that fetch

        took: list[float] = []
        timed = replace(fetcher, fetch=_timed(fetcher.fetch, took))
        change = attempt(timed, forced=reason == CLICK)
        updated = update_state(folder, fetcher.source, change)
        said = outcome(latest, updated, took, fetcher.now)
        if said and fetcher.log is not None:
            fetcher.log(said)
        return updated, True


def _timed(fetch: Fetch, took: list[float]) -> Fetch:
    """`fetch`, noting how long each request took."""

    def timed(token: str) -> Any:
        started = time.monotonic()
        try:
            return fetch(token)
        finally:
            took.append(time.monotonic() - started)

    return timed


def _last_attempt(state: UsageState) -> tuple[object, ...]:
    """What changes when a run asks the endpoint (a status-line feed changes none of it)."""
    fetched_at = state.snapshot.fetched_at if state.snapshot else None
    return (state.budget, state.failure, state.retry_at, fetched_at, state.unchanged)
