"""Talks to SwiftBar through its URL scheme (macOS only): re-run our plugin, post a notification.

Claude Code's status line runs with none of SwiftBar's variables, so a SwiftBar
menu run leaves a note of the plugin's name; the status line finds it there.
SwiftBar matches `refreshplugin?name=` against the file name's first part,
case-insensitively (PluginManager.refreshPlugin(named:)).

`notify?plugin=` takes the plugin's id, which is its file name (ExecutablePlugin:
`id = fileURL.lastPathComponent`); current versions also accept the name.
SwiftBar reads the query with URLComponents, which decodes percent escapes, and
then turns every `+` in title, subtitle and body into a space, even one sent as
%2B (AppDelegate.swift, case "notify"). So a `+` travels as a look-alike.
"""

from __future__ import annotations

import os

from .files import read_data, write_data
from .folders import SWIFTBAR_NOTE

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Callable

HOST_FILE = SWIFTBAR_NOTE  # {"plugin": name, "nudged_at": time}
NUDGE_EVERY_S = 10  # at most one refresh request this often
PLUS_LOOKALIKE = "\uff0b"  # FULLWIDTH PLUS SIGN: SwiftBar shows any `+` as a space


def plugin_name(plugin_path: str) -> str:
    """SwiftBar's name for a plugin file: `claude_usage.1m.py` is `claude_usage`."""
    return os.path.basename(plugin_path).split(".")[0]


def notify_url(plugin_path: str, title: str, body: str, *, link: str | None = None) -> str:
    """The `swiftbar://notify` URL that posts title and body as SwiftBar, for this plugin."""
    from urllib.parse import quote  # only a run with news to send pays for it

    fields = {
        "plugin": os.path.basename(plugin_path),
        "title": title.replace("+", PLUS_LOOKALIKE),
        "body": body.replace("+", PLUS_LOOKALIKE),
    }
    if link is not None:
        fields["href"] = link  # a click opens it; SwiftBar leaves `+` alone here
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in fields.items())
    return f"swiftbar://notify?{query}"


def remember_plugin(data_dir: str, plugin_path: str) -> None:
    """Note, once, that SwiftBar runs this plugin (a stat on every later run)."""
    path = os.path.join(data_dir, HOST_FILE)
    if not os.path.exists(path):
        write_data(path, {"plugin": plugin_name(plugin_path), "nudged_at": 0.0})


def nudge(
    data_dir: str, env: Mapping[str, str], now: float, *, spawn: Callable[..., Any] | None = None
) -> bool:
    """Ask SwiftBar to re-run the plugin, throttled; False when not SwiftBar's or too soon."""
    path = os.path.join(data_dir, HOST_FILE)
    note = read_data(path)
    name = _plugin(note)
    if name is None:
        return False  # SwiftBar has never run us: xbar, Argos, or not installed
    last = note.get("nudged_at")
    if isinstance(last, float) and 0 <= now - last < NUDGE_EVERY_S:
        return False
    from .tools import find_tool  # shutil: every SwiftBar menu run imports this module

    opener = find_tool("open", env)
    if opener is None:
        return False
    import subprocess  # only a status line that changes the title pays for it
    from urllib.parse import quote  # likewise

    url = f"swiftbar://refreshplugin?name={quote(name, safe='')}"
    try:  # the throttle first: a disk that can't keep it must not get a nudge per call
        write_data(path, {**note, "nudged_at": now})
        (spawn or subprocess.Popen)(
            [opener, "-g", url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        return False
    return True


def _plugin(note: Any) -> str | None:
    """The plugin name the note holds, if a URL can carry it (a broken note holds none)."""
    name = note.get("plugin") if isinstance(note, dict) else None
    if not isinstance(name, str) or not name:
        return None
    try:
        name.encode()
    except UnicodeEncodeError:  # a lone surrogate, which only a damaged file holds
        return None
    return name
