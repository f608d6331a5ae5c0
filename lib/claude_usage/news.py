"""What fresh, good numbers call for: samples and history, alerts, who the account is.

Only a run that fetched good numbers imports this; each step that can't save
what it did says so in the menu and leaves the numbers standing.
"""

from __future__ import annotations

from .alerting import notify_due
from .identifying import identify
from .pacing import FETCH, observe

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from .context import Run
    from .core.model import Snapshot
    from .core.state import UsageState
    from .settings import Settings
    from .sources import TokenSource


def act_on(
    run: Run, settings: Settings, account: TokenSource, state: UsageState, snapshot: Snapshot
) -> UsageState:
    """Do what fresh, good numbers call for; the state to show after it."""
    try:
        trends = observe(run, account.id, FETCH, snapshot.limits)
    except OSError as e:  # a full disk: no samples now, the pace waits for the next
        run.cannot_save(run.cache_dir, e, then=", so no pace")
        trends = {}
    named = account.label if len(settings.accounts) > 1 else ""
    try:
        notify_due(run, settings, state, trends, account=named)
    except OSError as e:  # nothing is sent unless recorded first: never twice
        run.cannot_save(run.data_dir, e, then=", so no notifications")
    try:
        return identify(run, account, state)  # after the alerts: they must not wait for it
    except OSError as e:  # the profile is not asked unless recorded first
        run.cannot_save(run.cache_dir, e, then=", so no account name")
        return state
