"""Where our files live: SwiftBar's per-plugin folders, else the platform's usual places."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

APP = "claude-usage"


def cache_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for the usage cache and the fetch lock."""
    if env.get("SWIFTBAR_PLUGIN_CACHE_PATH"):
        return env["SWIFTBAR_PLUGIN_CACHE_PATH"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Caches", APP)
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(_home(env), ".cache"), APP)


def data_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for settings and alert state: things that should survive a cache wipe."""
    if env.get("SWIFTBAR_PLUGIN_DATA_PATH"):
        return env["SWIFTBAR_PLUGIN_DATA_PATH"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Application Support", APP)
    base = env.get("XDG_DATA_HOME") or os.path.join(_home(env), ".local", "share")
    return os.path.join(base, APP)


def _home(env: Mapping[str, str]) -> str:
    return env.get("HOME") or os.path.expanduser("~")
