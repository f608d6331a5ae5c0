"""What a menu shows, gathered by the shell and handed to the renderers."""

from __future__ import annotations

from ..core.record import Record
from ..core.state import UsageState
from ..sources import DEFAULT
from .trend import IMAGE

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.pace import Trend
    from .trend import Picture


class MenuView(Record):
    """Everything the menu shows."""

    state: UsageState
    plugin_path: str
    token_source: str = DEFAULT.id
    notifications: bool = True
    demo: bool = False
    streaming: bool = False  # a resident process: clicks must not restart it
    charts: str = IMAGE  # the setting: image, text or off
    trends: tuple[Trend, ...] = ()  # the current windows' samples, for the pace lines
    pictures: Mapping[str, Picture] | None = None  # by limit key, drawn when the data arrived
    notes: tuple[str, ...] = ()  # one line each: our folders or files in trouble (Run.warn)
