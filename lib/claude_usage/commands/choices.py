"""Settings the menu toggles: which token source to use, whether to notify, how charts show."""

from __future__ import annotations

from ..core.errors import UsageError
from ..render.trend import CHART_MODES
from ..settings import change_settings, load_settings
from ..sources import SOURCES, source_by_id
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run

SWITCHES = {"on": True, "off": False}


def choose_source(run: Run, value: str | None) -> Outcome:
    """Switch the token source; each source keeps its own numbers."""
    source = source_by_id(value or "")
    if source is None:
        names = " or ".join(s.id for s in SOURCES)
        raise UsageError(f"--token-source takes {names}")
    if load_settings(run.data_dir).token_source != source.id:
        change_settings(run.data_dir, token_source=source.id)
    return Outcome(0, out=f"Token source: {source.id}")


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
