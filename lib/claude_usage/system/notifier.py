"""Desktop notifications: SwiftBar's or osascript on macOS, notify-send on Linux. Never fatal.

Under SwiftBar the notification is posted by SwiftBar (`swiftbar://notify`): it
is grouped under SwiftBar, covered by SwiftBar's permission, and a click opens
the link. osascript's would be attributed to Script Editor, which needs its own.
Title and body travel as arguments to a fixed AppleScript (`on run argv`), so no
outside text is ever pasted into script source. They may hold a model name from
the API: cleaned first, since a NUL or a lone surrogate cannot be an argument.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from typing import Callable

from ..core.words import one_line
from .swiftbar import notify_url
from .tools import find_tool

MAC_NOTIFY = [
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
]
NOTIFY_TIMEOUT_S = 10
OPEN = "/usr/bin/open"  # by absolute path: no folder on PATH can stand in for it

Run = Callable[..., "subprocess.CompletedProcess[str]"]


def notify(
    title: str,
    body: str,
    env: Mapping[str, str],
    *,
    platform: str,
    run: Run = subprocess.run,
    link: str | None = None,
) -> str | None:
    """Show a notification; None once the notifier took it, else why it could not (one line).

    `link` is opened by a click where the notifier can do that (SwiftBar).
    """
    title, body = one_line(title), one_line(body)
    command = _notify_command(title, body, env, platform, link)
    if command is None:
        return f"no notifier for: {title}: {body}"
    try:
        done = run(command, capture_output=True, text=True, timeout=NOTIFY_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as e:
        return f"notification failed: {e}"
    if done.returncode != 0:
        return f"notification failed: {done.stderr.strip()[:200]}"
    return None


def _notify_command(
    title: str, body: str, env: Mapping[str, str], platform: str, link: str | None
) -> list[str] | None:
    if platform == "darwin":
        plugin = env.get("SWIFTBAR_PLUGIN_PATH") if env.get("SWIFTBAR") else None
        if plugin:  # -g: SwiftBar takes the URL without coming to the front
            return [OPEN, "-g", notify_url(plugin, title, body, link=link)]
        osascript = find_tool("osascript", env)
        script = [arg for line in MAC_NOTIFY for arg in ("-e", line)]
        return [osascript, *script, title, body] if osascript else None
    notify_send = find_tool("notify-send", env)
    return [notify_send, "--app-name=Claude Usage", title, body] if notify_send else None
