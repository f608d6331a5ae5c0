"""Asks the user for a token in a password dialog. The dialog gets the prompt, never the token.

The token comes back on the dialog's stdout, so it never appears on any command line.
On macOS, osascript started by a menu-bar app is a background process, and its
dialog opens behind the frontmost window; `tell me to activate` brings osascript
itself to the front first. Unlike `tell application "System Events"`, it sends no
Apple event to another app, so macOS asks for no Automation permission.
"""

from __future__ import annotations

import getpass
import subprocess
from collections.abc import Mapping
from typing import Callable

from ..core.errors import ClaudeUsageError
from .tools import find_tool

TITLE = "Claude Usage"
PROMPT = "Paste a Claude OAuth access token (sk-ant-oat…)"
MAC_DIALOG = [  # AppleScript source is fixed text: nothing outside is ever pasted into it
    "on run argv",
    "tell me to activate",
    'set reply to display dialog (item 1 of argv) default answer "" with hidden answer '
    'with title (item 2 of argv) buttons {"Cancel", "Save"} default button "Save"',
    "return text returned of reply",
    "end run",
]
DIALOG_TIMEOUT_S = 600  # a forgotten dialog should not leave a process behind forever


class NoDialog(ClaudeUsageError):
    kind = "no_dialog"


Run = Callable[..., "subprocess.CompletedProcess[str]"]


def ask_for_token(
    env: Mapping[str, str],
    *,
    platform: str,
    interactive: bool,
    run: Run = subprocess.run,
    ask_terminal: Callable[[str], str] | None = None,
) -> str | None:
    """The token the user entered; None when they cancelled."""
    command = _dialog_command(env, platform)
    if command is not None:
        try:
            done = run(command, capture_output=True, text=True, timeout=DIALOG_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as e:
            raise NoDialog(f"The password dialog failed ({type(e).__name__})") from e
        return done.stdout.rstrip("\n") if done.returncode == 0 else None
    if interactive:
        try:
            return (ask_terminal or getpass.getpass)(f"{PROMPT}: ")
        except (EOFError, KeyboardInterrupt):
            return None
    raise NoDialog("No password dialog available: pipe the token to --set-token -")


def _dialog_command(env: Mapping[str, str], platform: str) -> list[str] | None:
    if platform == "darwin":
        osascript = find_tool("osascript", env)
        if osascript:
            script = [arg for line in MAC_DIALOG for arg in ("-e", line)]
            return [osascript, *script, PROMPT, TITLE]
        return None
    zenity = find_tool("zenity", env)
    if zenity:
        return [zenity, "--password", f"--title={TITLE}: {PROMPT}"]  # it shows no other text
    kdialog = find_tool("kdialog", env)
    if kdialog:
        return [kdialog, "--title", TITLE, "--password", PROMPT]
    return None
