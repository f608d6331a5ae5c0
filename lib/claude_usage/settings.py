"""The user's choices: token source, notifications, how charts show. A small 0600 file."""

from __future__ import annotations

import os

from .core.record import Record, replace
from .render.trend import CHART_MODES, IMAGE
from .sources import DEFAULT, source_by_id
from .system.files import read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

SETTINGS_FILE = "settings.dat"


class Settings(Record):
    token_source: str = DEFAULT.id  # a registered source's id (see sources)
    notifications: bool = True
    charts: str = IMAGE  # image, text (a sparkline) or off


def load_settings(folder: str) -> Settings:
    """The saved settings; defaults for anything missing or malformed."""
    data: Any = read_data(os.path.join(folder, SETTINGS_FILE))
    data = data if isinstance(data, dict) else {}
    source = data.get("token_source")
    notify = data.get("notifications")
    charts = data.get("charts")
    return Settings(
        token_source=source if isinstance(source, str) and source_by_id(source) else DEFAULT.id,
        notifications=notify if isinstance(notify, bool) else True,
        charts=charts if charts in CHART_MODES else IMAGE,
    )


def save_settings(folder: str, settings: Settings) -> None:
    """Write the settings atomically, mode 0600."""
    write_data(
        os.path.join(folder, SETTINGS_FILE),
        {
            "token_source": settings.token_source,
            "notifications": settings.notifications,
            "charts": settings.charts,
        },
    )


def change_settings(folder: str, **values: Any) -> Settings:
    """Load, change the given fields, save, and return the result."""
    updated: Settings = replace(load_settings(folder), **values)
    save_settings(folder, updated)
    return updated
