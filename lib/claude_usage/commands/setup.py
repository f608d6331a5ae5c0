"""Installing our status line into Claude Code's settings (install.sh calls these).

Into the default config folder's settings, and into each Claude Code folder
that is one of our accounts, so every account's Claude Code feeds the menu bar.
"""

from __future__ import annotations

import shlex  # it pulls in re: only these setup commands, run by install.sh, pay for it

from ..settings import load_settings
from ..system.claude_settings import (
    add_statusline,
    current_statusline,
    remove_statusline,
    settings_path,
)
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..context import Run


def statusline_command(plugin_path: str) -> str:
    return f"{shlex.quote(plugin_path)} --statusline"


def install_statusline(run: Run, _value: str | None) -> Outcome:
    """Make our status line Claude Code's, in each account's folder, unless one is there."""
    return Outcome(0, out="\n".join(_installed(run, env) for env in _folders(run)))


def _installed(run: Run, env: Mapping[str, str]) -> str:
    path, command = settings_path(env), statusline_command(run.plugin_path)
    if add_statusline(path, command):
        return f"Claude Code's status line now runs: {command}\n  (in {path})"
    if (current_statusline(path) or {}).get("command") == command:
        return f"Claude Code's status line is already ours (in {path})"
    quiet = f"{shlex.quote(run.plugin_path)} --statusline quiet >/dev/null"
    return (
        f"You already have a status line in {path}; it was left as it is.\n"
        "To feed the menu bar from it too, make its command:\n"
        f"  bash -c 'tee >({quiet}) | YOUR-COMMAND'"
    )


def uninstall_statusline(run: Run, _value: str | None) -> Outcome:
    """Remove our status line from Claude Code's settings, and only ours, in every folder."""
    said = []
    for env in _folders(run):
        path = settings_path(env)
        if remove_statusline(path, statusline_command(run.plugin_path)):
            said.append(f"Removed our status line from {path}")
        else:
            said.append(f"No status line of ours in {path}")
    return Outcome(0, out="\n".join(said))


def _folders(run: Run) -> list[Mapping[str, str]]:
    """The environments of each Claude Code whose settings to change: the default, the folders."""
    accounts = load_settings(run.data_dir).accounts
    folders = [a.config_dir for a in accounts if a.config_dir]
    return [run.env, *({**run.env, "CLAUDE_CONFIG_DIR": folder} for folder in folders)]
