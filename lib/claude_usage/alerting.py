"""Sends the notifications fresh numbers call for, once each, even when runs overlap."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .alerts import due_alerts, periods_from_dict, periods_to_dict
from .record import replace
from .storage import exclusive, read_data, write_data

if TYPE_CHECKING:
    from .cli import Run
    from .model import Limit
    from .settings import Settings
    from .state import UsageState

ALERTS_FILE = "alerts.dat"
LOCK_FILE = "alerts.lock"
LOCK_WAIT_S = 5.0


def _per_source(state: UsageState) -> list[Limit]:
    """The limits keyed by token source too: two accounts have two sets of periods."""
    source = state.source or "claude-code"
    return [replace(lim, key=f"{source}/{lim.key}") for lim in state.snapshot.limits]


def notify_due(run: Run, settings: Settings, state: UsageState, now: float) -> int:
    """Record and send what the fresh snapshot in `state` makes due; returns how many sent."""
    if state.snapshot is None or state.failure is not None:
        return 0  # only fresh, good numbers decide anything
    path = os.path.join(run.data_dir, ALERTS_FILE)
    with exclusive(os.path.join(run.data_dir, LOCK_FILE), LOCK_WAIT_S) as mine:
        if not mine:
            return 0  # another run holds it and is deciding on the same numbers
        alerts, periods = due_alerts(
            periods_from_dict(read_data(path)),
            _per_source(state),
            now,
            enabled=settings.notifications,
        )
        write_data(path, periods_to_dict(periods))  # recorded before sending: never twice
    if not alerts:
        return 0
    from .desktop import notify

    return sum(notify(a.title, a.body, run.env, platform=run.platform) for a in alerts)
