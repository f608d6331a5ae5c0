"""Where our files live: one state per user, whichever program runs us.

SwiftBar runs, terminal commands and Claude Code's status line must share one
state, so SwiftBar's per-plugin folders are not used (0.1 kept state there: it
moves over once). CLAUDE_USAGE_CACHE_DIR and CLAUDE_USAGE_DATA_DIR override the
folders, for tests and unusual setups.
"""

from __future__ import annotations

import os
import sys

from .folders import make_folders

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

APP = "claude-usage"
SWIFTBAR_NOTE = "swiftbar.dat"  # SwiftBar runs us, under this plugin name (system.swiftbar)
MOVED_FILES = ("settings.dat", "alerts.dat", "usage.dat")  # what 0.1 kept in SwiftBar's
INSTALL_RECORD = "installed-plugin"  # install.sh writes the plugin file's path here


def cache_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for the usage cache and the fetch lock."""
    if env.get("CLAUDE_USAGE_CACHE_DIR"):
        return env["CLAUDE_USAGE_CACHE_DIR"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Caches", APP)
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(_home(env), ".cache"), APP)


def data_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for settings and alert state: things that should survive a cache wipe."""
    if env.get("CLAUDE_USAGE_DATA_DIR"):
        return env["CLAUDE_USAGE_DATA_DIR"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Application Support", APP)
    base = env.get("XDG_DATA_HOME") or os.path.join(_home(env), ".local", "share")
    return os.path.join(base, APP)


def install_home(env: Mapping[str, str]) -> str:
    """Where install.sh keeps the virtualenv and its record (as install.sh decides it)."""
    chosen = env.get("CLAUDE_USAGE_HOME")
    return (
        os.path.expanduser(chosen) if chosen else os.path.join(_home(env), ".local", "share", APP)
    )


def move_swiftbar_state(env: Mapping[str, str], cache: str, data: str) -> None:
    """Move what 0.1 kept in SwiftBar's per-plugin folders into ours, once, never overwriting."""
    for variable, folder in (
        ("SWIFTBAR_PLUGIN_DATA_PATH", data),
        ("SWIFTBAR_PLUGIN_CACHE_PATH", cache),
    ):
        old = env.get(variable)
        if not old or os.path.abspath(old) == os.path.abspath(folder):
            continue
        for name in MOVED_FILES:
            source, target = os.path.join(old, name), os.path.join(folder, name)
            if os.path.exists(source) and not os.path.exists(target):
                try:
                    make_folders(folder)
                    os.replace(source, target)
                except OSError:
                    pass  # another filesystem, or a race with another run: defaults will do


def _home(env: Mapping[str, str]) -> str:
    return env.get("HOME") or os.path.expanduser("~")
