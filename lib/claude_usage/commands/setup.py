"""Installing our status line into Claude Code's settings (install.sh calls these)."""

from __future__ import annotations

import shlex  # it pulls in re: only these setup commands, run by install.sh, pay for it

from ..system.claude_settings import (
    add_statusline,
    current_statusline,
    remove_statusline,
    settings_path,
)
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run


def statusline_command(plugin_path: str) -> str:
    return f"{shlex.quote(plugin_path)} --statusline"


def install_statusline(run: Run, _value: str | None) -> Outcome:
    """Make our status line Claude Code's, unless the user already has one."""
    path, command = settings_path(run.env), statusline_command(run.plugin_path)
    if add_statusline(path, command):
        return Outcome(0, out=f"Claude Code's status line now runs: {command}\n  (in {path})")
    if (current_statusline(path) or {}).get("command") == command:
        return Outcome(0, out=f"Claude Code's status line is already ours (in {path})")
    quiet = f"{shlex.quote(run.plugin_path)} --statusline quiet >/dev/null"
    return Outcome(
        0,
        out=f"You already have a status line in {path}; it was left as it is.\n"
        "To feed the menu bar from it too, make its command:\n"
        f"  bash -c 'tee >({quiet}) | YOUR-COMMAND'",
    )


def uninstall_statusline(run: Run, _value: str | None) -> Outcome:
    """Remove our status line from Claude Code's settings, and only ours."""
    path = settings_path(run.env)
    if remove_statusline(path, statusline_command(run.plugin_path)):
        return Outcome(0, out=f"Removed our status line from {path}")
    return Outcome(0, out=f"No status line of ours in {path}")
