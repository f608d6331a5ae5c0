"""Commands for scripts and the Refresh item: the numbers as JSON, and a fetch now."""

from __future__ import annotations

from ..core.cadence import CLICK, decide
from ..core.words import format_duration
from ..pacing import load_trends
from ..refresh import NOT_ASKING, current_state, refreshed
from ..render.report import state_report
from ..settings import load_settings
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run


def show_json(run: Run, _value: str | None) -> Outcome:
    """The current numbers (fetched if stale) as JSON."""
    import json  # json and the re it pulls in cost more than a cached menu run

    settings = load_settings(run.data_dir)
    state = current_state(run, settings)
    trends = load_trends(run.cache_dir, run.source(settings.token_source).id)
    report = state_report(state, now=run.now, trends=trends)
    return Outcome(0, out=json.dumps(report, indent=2) + "\n")


def refresh_now(run: Run, _value: str | None) -> Outcome:
    """The Refresh item: fetch now. Exits 0 so SwiftBar redraws the menu afterwards."""
    state, fetched = refreshed(run, load_settings(run.data_dir), reason=CLICK)
    held = [line for line in run.warnings if NOT_ASKING in line]
    if not fetched and held:  # by the disk, not by the budget
        return Outcome(0, out=f"claude-usage: {held[0]}")
    if not fetched:
        wait = max(0.0, (decide(state, run.now, CLICK).next_at or run.now) - run.now)
        when = f"in {format_duration(wait)}" if wait else "in a moment"
        return Outcome(
            0,
            out=f"claude-usage: not asking yet, to stay within the API's budget: "
            f"the next request is possible {when}",
        )
    if state.failure is not None:
        return Outcome(0, out=f"claude-usage: {state.failure.message}\n")
    if state.snapshot is not None:
        limits = state.snapshot.limits
        return Outcome(0, out=", ".join(f"{lim.title} {lim.percent:g}%" for lim in limits) + "\n")
    return Outcome(0)
