"""Sends the notifications fresh numbers call for, once each, even when runs overlap.

A notifier can hang for its whole timeout, and a host waits for the run that
prints its menu, so sending is deferred until the output is out (see cli). An
alert counts as sent only once the notifier took it; until then it stays due.
"""

from __future__ import annotations

import os

from .core.alerts import periods_from_dict, periods_to_dict, unsent
from .core.pace import forecast
from .core.record import replace
from .core.runout import all_due
from .system.files import exclusive, read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from .context import Run
    from .core.alerts import Alert
    from .core.model import Limit, Snapshot
    from .core.pace import Forecast, Trend
    from .core.state import UsageState
    from .settings import Settings

ALERTS_FILE = "alerts.dat"
LOCK_FILE = "alerts.lock"
LOCK_WAIT_S = 5.0  # a sender, which no host waits for
UPDATE_WAIT_S = 0.25  # a run about to print its menu: the lock's holder may be a hung notifier


def _per_source(source: str, snapshot: Snapshot) -> list[Limit]:
    """The limits keyed by token source too: two accounts have two sets of periods."""
    return [replace(lim, key=f"{source}/{lim.key}") for lim in snapshot.limits]


def notify_due(
    run: Run,
    settings: Settings,
    state: UsageState,
    trends: Mapping[str, Trend] | None = None,
    *,
    account: str = "",
) -> None:
    """Judge the fresh snapshot in `state` (and the pace `trends` show); what it makes due is
    sent once the output is out, its title naming `account` when there are several."""
    snapshot = state.snapshot
    if snapshot is None or state.failure is not None:
        return  # only fresh, good numbers decide anything
    limits = _per_source(state.source, snapshot)
    courses = _forecasts(state.source, snapshot, trends or {}, run.now)
    enabled = settings.notifications
    periods = periods_from_dict(read_data(os.path.join(run.data_dir, ALERTS_FILE)))
    if all_due(periods, limits, courses, run.now, enabled=enabled)[0]:
        with exclusive(os.path.join(run.data_dir, LOCK_FILE), 0):
            pass  # OSError now, for the menu to say, if the record can't be kept at all
        run.defer(
            lambda: _decide(
                run, limits, courses, enabled=enabled, send=True, wait=LOCK_WAIT_S, account=account
            )
        )
    else:  # nothing to send: only the periods to bring up to date, now, if the lock is free
        _decide(run, limits, courses, enabled=enabled, send=False, wait=UPDATE_WAIT_S)


def named(title: str, account: str) -> str:
    """A notification's title naming the account it is about: 'Claude usage (work): …'."""
    if not account:
        return title
    head, colon, rest = title.partition(":")
    return f"{head} ({account}){colon}{rest}"


def _forecasts(
    source: str, snapshot: Snapshot, trends: Mapping[str, Trend], now: float
) -> dict[str, Forecast]:
    """Each limit's forecast, keyed like _per_source's limits."""
    courses = {}
    for limit in snapshot.limits:
        trend = trends.get(limit.key)
        course = forecast(trend.samples, limit, now) if trend else None
        if course is not None:
            courses[f"{source}/{limit.key}"] = course
    return courses


def _decide(
    run: Run,
    limits: list[Limit],
    courses: Mapping[str, Forecast],
    *,
    enabled: bool,
    send: bool,
    wait: float,
    account: str = "",
) -> int:
    """Decide under the lock, send when `send`, and record what was sent; returns how many.

    Overlapping runs decide one at a time, and the one holding the lock sends
    while it holds it, so no alert goes out twice.
    """
    path = os.path.join(run.data_dir, ALERTS_FILE)
    with exclusive(os.path.join(run.data_dir, LOCK_FILE), wait) as mine:
        if not mine:
            return 0  # another run holds it and decides; the next fresh numbers catch up
        before = periods_from_dict(read_data(path))
        alerts, periods = all_due(before, limits, courses, run.now, enabled=enabled)
        write_data(path, periods_to_dict(periods))  # recorded before it is sent: never twice
        failed = [alert for alert in alerts if not (send and _handed_over(run, alert, account))]
        if failed:  # best effort: they come due again with the next fresh numbers
            write_data(path, periods_to_dict(unsent(periods, before, failed)))
    return len(alerts) - len(failed)


def _handed_over(run: Run, alert: Alert, account: str) -> bool:
    from .render.footer import USAGE_PAGE  # likewise: only runs with news pay for it
    from .system.notifier import notify  # subprocess: only runs with news pay for it

    title = named(alert.title, account)
    problem = notify(title, alert.body, run.env, platform=run.platform, link=USAGE_PAGE)
    if problem:
        run.note(f"claude-usage: {problem}")
    return problem is None
