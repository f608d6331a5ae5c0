"""Asks the user for a token in a password dialog, or for a line of text (a name, a folder).

The dialog gets the prompt, never the token.

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
TEXT_DIALOG = [  # the same, with the answer shown and a first answer filled in
    "on run argv",
    "tell me to activate",
    "set reply to display dialog (item 1 of argv) default answer (item 3 of argv) "
    'with title (item 2 of argv) buttons {"Cancel", "OK"} default button "OK"',
    "return text returned of reply",
    "end run",
]
CHOICE_DIALOG = [  # a list to choose one item from; "false" (Cancel) ends it with an error
    "on run argv",
    "tell me to activate",
    "set reply to choose from list (items 3 thru -1 of argv) with prompt (item 1 of argv) "
    "with title (item 2 of argv)",
    "if reply is false then error number -128",
    "return item 1 of reply",
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
        return _answer(command, run, "password")
    if interactive:
        return _typed(ask_terminal or getpass.getpass, f"{PROMPT}: ")
    raise NoDialog("No password dialog available: pipe the token to --set-token -")


def ask_text(
    env: Mapping[str, str],
    prompt: str,
    first: str,
    *,
    platform: str,
    interactive: bool,
    run: Run = subprocess.run,
    ask_terminal: Callable[[str], str] = input,
) -> str | None:
    """A line the user typed in answer to `prompt`, `first` filled in; None when they cancelled."""
    command = _text_command(env, platform, prompt, first)
    if command is not None:
        return _answer(command, run, "text")
    if interactive:
        typed = _typed(ask_terminal, f"{prompt} [{first}]: ")
        return None if typed is None else typed or first
    raise NoDialog("No dialog available: give it on the command line (see --help)")


def ask_choice(
    env: Mapping[str, str],
    prompt: str,
    choices: list[str],
    *,
    platform: str,
    interactive: bool,
    run: Run = subprocess.run,
    ask_terminal: Callable[[str], str] = input,
) -> str | None:
    """The one of `choices` the user picked; None when they cancelled or picked none."""
    command = _choice_command(env, platform, prompt, choices)
    if command is not None:
        picked = _answer(command, run, "choice")
    elif interactive:
        numbered = "\n".join(f"  {n}. {choice}" for n, choice in enumerate(choices, start=1))
        typed = (_typed(ask_terminal, f"{prompt}\n{numbered}\nNumber: ") or "").strip()
        picked = (
            choices[int(typed) - 1] if typed.isdigit() and 0 < int(typed) <= len(choices) else None
        )
    else:
        raise NoDialog("No dialog available: name the account on the command line (see --help)")
    return picked if picked in choices else None


def _typed(ask: Callable[[str], str], question: str) -> str | None:
    """What was typed at the terminal; None when the user left with Ctrl-D or Ctrl-C."""
    try:
        return ask(question)
    except (EOFError, KeyboardInterrupt):
        return None


def _choice_command(
    env: Mapping[str, str], platform: str, prompt: str, choices: list[str]
) -> list[str] | None:
    if platform == "darwin":
        osascript = find_tool("osascript", env)
        script = [arg for line in CHOICE_DIALOG for arg in ("-e", line)]
        return [osascript, *script, prompt, TITLE, *choices] if osascript else None
    zenity = find_tool("zenity", env)
    if zenity:
        return [
            zenity,
            "--list",
            f"--title={TITLE}",
            f"--text={prompt}",
            "--column=Account",
            *choices,
        ]
    kdialog = find_tool("kdialog", env)
    if kdialog:
        return [kdialog, "--title", TITLE, "--combobox", prompt, *choices]
    return None


def _answer(command: list[str], run: Run, kind: str) -> str | None:
    try:
        done = run(command, capture_output=True, text=True, timeout=DIALOG_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as e:
        raise NoDialog(f"The {kind} dialog failed ({type(e).__name__})") from e
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def _text_command(
    env: Mapping[str, str], platform: str, prompt: str, first: str
) -> list[str] | None:
    if platform == "darwin":
        osascript = find_tool("osascript", env)
        script = [arg for line in TEXT_DIALOG for arg in ("-e", line)]
        return [osascript, *script, prompt, TITLE, first] if osascript else None
    zenity = find_tool("zenity", env)
    if zenity:
        return [zenity, "--entry", f"--title={TITLE}", f"--text={prompt}", f"--entry-text={first}"]
    kdialog = find_tool("kdialog", env)
    if kdialog:
        return [kdialog, "--title", TITLE, "--inputbox", prompt, first]
    return None


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
