"""What a menu shows, gathered by the shell and handed to the renderers."""

from __future__ import annotations

from ..core.record import Record
from ..core.state import UsageState
from ..sources import DEFAULT

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..core.pace import Trend


class MenuView(Record):
    """Everything the menu shows."""

    state: UsageState
    plugin_path: str
    token_source: str = DEFAULT.id
    notifications: bool = True
    demo: bool = False
    streaming: bool = False  # a resident process: clicks must not restart it
    trends: tuple[Trend, ...] = ()  # the current windows' samples, for the pace lines
