"""Commands for scripts and the Refresh item: the numbers as JSON, and a fetch now."""

from __future__ import annotations

from ..core.cadence import CLICK, decide
from ..core.words import format_duration
from ..pacing import load_trends
from ..refresh import NOT_ASKING, current_states, refreshed
from ..render.report import state_report
from ..settings import settled_settings
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run
    from ..settings import Settings
    from ..sources import TokenSource


def show_json(run: Run, _value: str | None) -> Outcome:
    """The current numbers (fetched if stale) as JSON."""
    import json  # json and the re it pulls in cost more than a cached menu run

    settings = settled_settings(run.data_dir, run.cache_dir)
    reports = []
    accounts = settings.ordered  # the primary's numbers stay at the top, as ever
    for account, state in zip(accounts, current_states(run, settings, accounts)):
        trends = load_trends(run.cache_dir, account.id)
        report = state_report(state, now=run.now, trends=trends)
        reports.append({"id": account.id, "name": account.label, **report})
    top = {key: value for key, value in reports[0].items() if key not in ("id", "name")}
    return Outcome(0, out=json.dumps({**top, "accounts": reports}, indent=2) + "\n")


def refresh_now(run: Run, _value: str | None) -> Outcome:
    """The Refresh item: fetch every account now; exits 0 so SwiftBar redraws the menu."""
    settings = settled_settings(run.data_dir, run.cache_dir)
    said = []
    for account in settings.ordered:
        line, trouble = _refreshed(run, settings, account)
        named = f"{account.label}: " if len(settings.accounts) > 1 else ""
        said += [f"{'claude-usage: ' if trouble else ''}{named}{line}"] if line else []
    return Outcome(0, out="\n".join(said))


def _refreshed(run: Run, settings: Settings, account: TokenSource) -> tuple[str, bool]:
    """One account's fetch, in one line: its figures, or why there are none (True)."""
    state, fetched = refreshed(run, settings, account, reason=CLICK)
    decision = decide(state, run.now, CLICK)
    held = [line for line in run.warnings if NOT_ASKING in line]
    if not fetched and held and decision.fetch:  # the budget allowed it: the disk did not
        return held[0], True
    if not fetched:
        wait = max(0.0, (decision.next_at or run.now) - run.now)
        when = f"in {format_duration(wait)}" if wait else "in a moment"
        budget = "not asking yet, to stay within the API's budget"
        return f"{budget}: the next request is possible {when}", True
    if state.failure is not None:
        return state.failure.message, True
    if state.snapshot is not None:
        return ", ".join(f"{lim.title} {lim.percent:g}%" for lim in state.snapshot.limits), False
    return "", False
