"""Settings the menu toggles: which token source to use, whether to notify, how charts show."""

from __future__ import annotations

from ..core.errors import UsageError
from ..core.record import replace
from ..render.trend import CHART_MODES
from ..settings import change_settings, save_settings, settled_settings
from ..sources import CLAUDE_CODE, MANUAL
from ..store import load_state
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run

SWITCHES = {"on": True, "off": False}


def choose_source(run: Run, value: str | None) -> Outcome:
    """Make Claude Code's sign-in or the manual token the primary account, adding it if need be.

    What the Settings menu's token source did before there were accounts, kept for scripts.
    """
    if value not in (CLAUDE_CODE.id, MANUAL.id):
        raise UsageError(f"--token-source takes {CLAUDE_CODE.id} or {MANUAL.id}")
    settings = settled_settings(run.data_dir, run.cache_dir)
    account = next((a for a in settings.accounts if a.id == value), None)
    changed = account is None or settings.primary != account.id or not settings.listed
    if account is None:
        from .. import accounts  # only when an account is added

        if value == CLAUDE_CODE.id:
            account = accounts.default_account(settings, None)
        else:
            account = accounts.manual_account(settings, None, accounts.used_ids(run.cache_dir))
        unused = load_state(run.cache_dir, CLAUDE_CODE.id).snapshot is None
        settings = accounts.with_first_account(settings, account, unused=unused)
    if changed:
        save_settings(run.data_dir, replace(settings, primary=account.id))
    return Outcome(0, out=f"Token source: {value}")


def choose_notifications(run: Run, value: str | None) -> Outcome:
    """Turn usage notifications on or off; thresholds keep being tracked either way."""
    if value not in SWITCHES:
        raise UsageError("--notifications takes on or off")
    change_settings(run.data_dir, notifications=SWITCHES[value])
    return Outcome(0, out=f"Notifications: {value}")


def choose_charts(run: Run, value: str | None) -> Outcome:
    """Show each limit's course as a picture, as a text sparkline, or not at all."""
    if value not in CHART_MODES:
        raise UsageError(f"--charts takes {' or '.join(CHART_MODES)}")
    change_settings(run.data_dir, charts=value)
    return Outcome(0, out=f"Charts: {value}")
