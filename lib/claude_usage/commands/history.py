"""`--history`: a month of the usage history, for a person or (with --json) for scripts."""

from __future__ import annotations

from ..core.errors import UsageError
from ..core.summary import DAYS, summarize
from ..render.history import history_report, history_text
from ..settings import load_settings
from ..store import load_state
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run


def show_history(run: Run, value: str | None) -> Outcome:
    """Daily peaks, limits reached and the session's hours, from the history database."""
    if value not in (None, "--json"):
        raise UsageError(f"--history takes only --json, not {value!r}")
    from ..system.history import HistoryUnavailable, rows_since  # sqlite3: read here only

    source = load_settings(run.data_dir).main.id
    try:
        rows = rows_since(run.cache_dir, run.now - DAYS * 86400, run.now)
    except HistoryUnavailable as e:
        return Outcome(1, err=f"claude-usage: {e}")
    summary = summarize([row for row in rows if row[2] == source], run.now)
    snapshot = load_state(run.cache_dir, source).snapshot
    titles = {lim.key: lim.title for lim in snapshot.limits} if snapshot else {}
    if value is None:
        return Outcome(0, out=history_text(summary, titles))
    import json  # json and its re: a command for scripts, never a menu run

    return Outcome(0, out=json.dumps(history_report(summary, titles), indent=2) + "\n")
