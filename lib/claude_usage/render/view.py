"""What a menu shows, gathered by the shell and handed to the renderers."""

from __future__ import annotations

from ..core.record import Record
from ..core.state import UsageState
from ..sources import DEFAULT


class MenuView(Record):
    """Everything the menu shows."""

    state: UsageState
    plugin_path: str
    token_source: str = DEFAULT.id
    notifications: bool = True
    demo: bool = False
    streaming: bool = False  # a resident process: clicks must not restart it
    notes: tuple[str, ...] = ()  # one line each: our folders or files in trouble (Run.warn)
