"""The state to show: from the cache when the cadence allows, else one fetch for all runs.

SwiftBar starts a new run every minute, on every menu open and every click, and
never waits for the old one: overlapping runs are normal. They share one fetch
lock per token source, and a run that finds it taken shows what the fetching
run stores. Writes go through a second, short lock, so a status-line feed that
lands during a fetch is merged, never lost.

The request budget lives in the cache, so a disk that takes no writes must not
make every run ask again. Each request is recorded before it is sent, and one
that cannot be recorded is not sent. When only the outcome cannot be saved, the
run shows it, and the recorded request keeps the next runs waiting.
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
    from collections.abc import Sequence
    from typing import Any, Callable

    from .context import Run
    from .core.tokens import Token
    from .settings import Settings
    from .sources import TokenSource

    ReadToken = Callable[[], Token]
    Fetch = Callable[[str], Any]  # token -> decoded JSON reply
    CannotSave = Callable[..., None]  # (folder, OSError, *, what=, then=): see Run.cannot_save
    Log = Callable[[str], None]


NOT_ASKING = ", so not asking the API"  # how a run held back by the disk ends its warning
MIN_FETCH_S = 0.5  # less time left than this: an account waits for the next run


def _unheard(folder: str, error: OSError, **words: str) -> None:
    """Tests that build a Fetcher by hand need not hear of failed writes."""


class Fetcher(Record):
    """How this run gets a token and asks the API: the seams tests replace."""

    source: str  # the account's id: its cache, its lock, its numbers
    now: float
    read_token: ReadToken
    fetch: Fetch
    lock_wait: float  # how long to wait for another run's fetch before showing the cache
    renew: str = ""  # how the user gets a token the API takes, for this account
    cannot_save: CannotSave = _unheard  # tells the user that a write failed, and what follows
    log: Log | None = None  # told each attempt's outcome, for the debug log


def current_state(
    run: Run, settings: Settings, account: TokenSource, *, reason: str | None = None
) -> UsageState:
    """The account's state to show; a run that fetched good numbers sends what they call for."""
    return refreshed(run, settings, account, reason=reason)[0]


def current_states(
    run: Run, settings: Settings, accounts: Sequence[TokenSource], *, reason: str | None = None
) -> list[UsageState]:
    """Each account's state to show, in order, the primary's first.

    The accounts due a fetch share the run's time limit, one after the other (a
    whole-exchange limit works in the main thread only; see system.wallclock): one
    that hangs holds the menu back no longer than one fetch would. An account whose
    turn comes with too little time left shows its cache, and the next run asks.
    """
    why = reason or run.reason
    states = [load_state(run.cache_dir, account.id) for account in accounts]
    due = [i for i, state in enumerate(states) if decide(state, run.now, why).fetch]
    limit, started = run.timeout, time.monotonic()
    try:
        for n, i in enumerate(due):
            if n:  # the first has the whole limit; the others what is left of it
                run.timeout = limit - (time.monotonic() - started)
            if not n or run.timeout >= MIN_FETCH_S:
                states[i] = current_state(run, settings, accounts[i], reason=why)
    finally:
        run.timeout = limit
    return states


def refreshed(
    run: Run, settings: Settings, account: TokenSource, *, reason: str | None = None
) -> tuple[UsageState, bool]:
    """The account's state to show, and whether this run asked the endpoint for it.

    Each account has its own cache, fetch lock and budget: one account's failure,
    429 or slow reply never holds back, nor hides, another's numbers.
    """
    source = account
    fetcher = Fetcher(
        source=source.id,
        now=run.now,
        read_token=lambda: run.read_token(source),
        renew=source.renew,
        fetch=run.fetch,
        lock_wait=run.lock_wait,
        cannot_save=run.cannot_save,
        log=run.log,
    )
    state, fetched = up_to_date(run.cache_dir, fetcher, reason or run.reason)
    if fetched and state.failure is None and state.snapshot is not None:
        from .news import act_on  # only runs that fetched good numbers

        state = act_on(run, settings, account, state, state.snapshot)
    return state, fetched


def up_to_date(folder: str, fetcher: Fetcher, reason: str = SCHEDULE) -> tuple[UsageState, bool]:
    """The state to show, and whether this run fetched it (fresh news worth notifying)."""
    state = load_state(folder, fetcher.source)
    if not decide(state, fetcher.now, reason).fetch:
        return state, False
    try:
        with exclusive(lock_path(folder, fetcher.source), fetcher.lock_wait) as mine:
            latest = load_state(folder, fetcher.source)
            if not mine or _last_attempt(latest) != _last_attempt(state):
                return latest, False  # another run fetched (or is fetching) for us
            from .fetching import unanswered  # only runs that would fetch

            if unanswered(latest, fetcher.now):
                return latest, False
            return _fetch(folder, fetcher, reason, latest), True
    except OSError as e:  # no lock, or no record of the request: so none was sent
        fetcher.cannot_save(folder, e, then=NOT_ASKING)
        return load_state(folder, fetcher.source), False


def _fetch(folder: str, fetcher: Fetcher, reason: str, latest: UsageState) -> UsageState:
    """Ask the endpoint, holding the fetch lock; the state to show, saved if the disk allows."""
    from .fetching import asking, attempt, outcome, timed, waiting_after  # only runs that fetch

    source, now = fetcher.source, fetcher.now
    took: list[float] = []

    def record_request() -> None:
        # requests first: a python without it must not record a request it can never send
        # (the next runs would wait on it). Here, not earlier: the token is read first.
        from .system import http  # noqa: F401

        update_state(folder, source, lambda state: asking(state, now), must_save=True)

    clocked = replace(fetcher, fetch=timed(fetcher.fetch, took))
    change = attempt(clocked, forced=reason == CLICK, before_send=record_request)
    try:  # must_save: an outcome left unsaved (the write lock busy) is an OSError too
        updated = update_state(folder, source, change, must_save=True)
    except OSError as e:
        recorded = load_state(folder, source)
        shown = change(recorded)
        what = "Couldn't save what the API said" if shown.failure else "Couldn't save these numbers"
        fetcher.cannot_save(folder, e, what=what)
        _keep_the_wait(folder, source, waiting_after(recorded, shown))
        return shown
    said = outcome(latest, updated, took, now)
    if said and fetcher.log is not None:
        fetcher.log(said)
    return updated


def _keep_the_wait(folder: str, source: str, wait: UsageState | None) -> None:
    """Save at least when the next request may go (see fetching.waiting_after)."""
    if wait is None:
        return
    try:  # noqa: SIM105 - contextlib.suppress would cost every run its import
        update_state(folder, source, lambda _: wait)
    except OSError:
        pass  # the record of the request still holds the next runs back for a while


def _last_attempt(state: UsageState) -> tuple[object, ...]:
    """What changes when a run asks the endpoint (a status-line feed changes none of it)."""
    fetched_at = state.snapshot.fetched_at if state.snapshot else None
    return (state.budget, state.failure, state.retry_at, fetched_at, state.unchanged)
