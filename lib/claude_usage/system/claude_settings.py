"""Claude Code's settings.json: our status-line entry added or removed, nothing else touched.

Imported only by the setup commands. The file is the user's: every other key
is kept, a copy is left beside it before the first change, and it is replaced
in one step.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Mapping
from typing import Any

from ..core.errors import ClaudeUsageError
from .files import write_bytes

BACKUP_SUFFIX = ".before-claude-usage"


class SettingsUnreadable(ClaudeUsageError):
    kind = "settings_unreadable"


def settings_path(env: Mapping[str, str]) -> str:
    """Claude Code's user settings file, per CLAUDE_CONFIG_DIR."""
    folder = env.get("CLAUDE_CONFIG_DIR") or os.path.join(
        env.get("HOME") or os.path.expanduser("~"), ".claude"
    )
    return os.path.join(folder, "settings.json")


def current_statusline(path: str) -> Any:
    """The statusLine entry, or None."""
    return _read(path).get("statusLine")


def add_statusline(path: str, command: str) -> bool:
    """Set our status line if none is set; False (and nothing written) when one is."""
    settings = _read(path)
    if settings.get("statusLine") is not None:
        return False
    settings["statusLine"] = {"type": "command", "command": command, "padding": 0}
    _write(path, settings)
    return True


def remove_statusline(path: str, command: str) -> bool:
    """Remove the status line only if it is ours; False when there was none of ours."""
    settings = _read(path)
    entry = settings.get("statusLine")
    if not (isinstance(entry, dict) and entry.get("command") == command):
        return False
    del settings["statusLine"]
    _write(path, settings)
    return True


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsUnreadable(f"Can't read {path} ({type(e).__name__}): nothing changed") from e
    try:
        settings = json.loads(text) if text.strip() else {}
    except ValueError as e:
        raise SettingsUnreadable(f"{path} is not valid JSON: nothing changed") from e
    if not isinstance(settings, dict):
        raise SettingsUnreadable(f"{path} does not hold a JSON object: nothing changed")
    return settings


def _write(path: str, settings: dict[str, Any]) -> None:
    mode = 0o600
    if os.path.exists(path):
        mode = stat.S_IMODE(os.stat(path).st_mode)  # the user's file keeps its mode
        if not os.path.exists(path + BACKUP_SUFFIX):
            shutil.copy2(path, path + BACKUP_SUFFIX)
    write_bytes(path, (json.dumps(settings, indent=2, ensure_ascii=False) + "\n").encode(), mode)
