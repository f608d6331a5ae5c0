"""Sends the notifications fresh numbers call for, once each, even when runs overlap."""

from __future__ import annotations

import os

from .core.alerts import due_alerts, periods_from_dict, periods_to_dict
from .core.record import replace
from .system.files import exclusive, read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from .context import Run
    from .core.model import Limit, Snapshot
    from .core.state import UsageState
    from .settings import Settings

ALERTS_FILE = "alerts.dat"
LOCK_FILE = "alerts.lock"
LOCK_WAIT_S = 5.0


def _per_source(source: str, snapshot: Snapshot) -> list[Limit]:
    """The limits keyed by token source too: two accounts have two sets of periods."""
    return [replace(lim, key=f"{source}/{lim.key}") for lim in snapshot.limits]


def notify_due(run: Run, settings: Settings, state: UsageState) -> int:
    """Record and send what the fresh snapshot in `state` makes due; returns how many sent."""
    snapshot = state.snapshot
    if snapshot is None or state.failure is not None:
        return 0  # only fresh, good numbers decide anything
    path = os.path.join(run.data_dir, ALERTS_FILE)
    with exclusive(os.path.join(run.data_dir, LOCK_FILE), LOCK_WAIT_S) as mine:
        if not mine:
            return 0  # another run holds it and is deciding on the same numbers
        alerts, periods = due_alerts(
            periods_from_dict(read_data(path)),
            _per_source(state.source, snapshot),
            run.now,
            enabled=settings.notifications,
        )
        write_data(path, periods_to_dict(periods))  # recorded before sending: never twice
    from .system.notifier import notify  # subprocess: only runs with news pay for it

    sent = 0
    for alert in alerts:
        problem = notify(alert.title, alert.body, run.env, platform=run.platform)
        if problem:
            run.note(f"claude-usage: {problem}")
        sent += problem is None
    return sent
