"""The command line: argv to a command, and the one place errors become messages and exit codes.

Menu-printing commands always exit 0 with a menu, because a non-zero exit makes
SwiftBar throw the whole menu away; a bug there still shows the last numbers.
"""

from __future__ import annotations

import os
import sys
import time

from .commands import Outcome, internal_error
from .context import Run, environment_run
from .system.paths import move_swiftbar_state

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Callable

    Handler = Callable[[Run, "str | None"], Outcome]

MENU, ACTION, PLAIN, STATUS, STREAM = "menu", "action", "plain", "status", "stream"


class Command:
    """A flag's handler, how many values it takes, and how its failures are shown.

    The handler is named as "module:function" under commands/ and imported only
    when its flag is given: a cached menu run must not pay for every command.
    """

    def __init__(self, handler: str | Handler, arity: int | str = 0, kind: str = PLAIN) -> None:
        self.handler, self.arity, self.kind = handler, arity, kind  # arity "?": optional

    def run(self, run: Run, value: str | None) -> Outcome:
        handler = self.handler
        if isinstance(handler, str):
            module, _, name = handler.partition(":")
            path = f"{__package__}.commands.{module}"
            handler = getattr(__import__(path, fromlist=[name]), name)  # lazy: see above
        outcome: Outcome = handler(run, value)
        return outcome


COMMANDS = {
    "": Command("menu:show_menu", kind=MENU),
    "--demo": Command("demo:show_demo", kind=MENU),
    "--refresh": Command("report:refresh_now"),
    "--json": Command("report:show_json"),
    "--help": Command("about:show_help"),
    "--version": Command("about:show_version"),
    "--set-token": Command("token:set_token", "?", ACTION),
    "--validate": Command("token:validate", kind=ACTION),
    "--forget-token": Command("token:forget", kind=ACTION),
    "--token-source": Command("choices:choose_source", 1, ACTION),
    "--notifications": Command("choices:choose_notifications", 1, ACTION),
    "--statusline": Command("statusline:statusline", "?", STATUS),
    "--stream": Command("stream:stream", kind=STREAM),
    "--install-statusline": Command("setup:install_statusline"),
    "--uninstall-statusline": Command("setup:uninstall_statusline"),
}
NEUTRAL_STATUS = "◌ Claude usage"


def main(
    argv: list[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    plugin_path: str = "",
    now: float | None = None,
    streamable: bool = False,
) -> int:
    """Run one command; returns its exit code (always 0 for the menu).

    `streamable`: the plugin file declares itself a SwiftBar streamable plugin,
    so a SwiftBar run with no arguments becomes the resident loop.
    """
    argv = sys.argv[1:] if argv is None else argv
    _use_utf8_output()
    clock = time.time() if now is None else now  # the one reading of the clock per run
    path = plugin_path or os.path.abspath(sys.argv[0])
    run = environment_run(path, clock) if env is None else Run(env, plugin_path=path, now=clock)
    if streamable and not argv and run.host.name == "swiftbar":
        argv = ["--stream"]
    outcome = run_command(run, argv)
    _write(sys.stdout, outcome.out)
    _write(sys.stderr, "\n".join([*run.notes, outcome.err]).strip("\n"))
    if outcome.notify and not run.interactive:  # a menu click: nobody sees stdout
        _notify(run, outcome.out or outcome.err)
    return outcome.code


def run_command(run: Run, argv: list[str]) -> Outcome:
    """The command's outcome; the one error boundary, so nothing below catches Exception."""
    flag, value, command = _parse(argv)
    if command is None:
        return _usage_error(f"unknown arguments: {_masked(argv)}")
    try:
        move_swiftbar_state(run.env, run.cache_dir, run.data_dir)  # 0.1's state, once
        if command.kind == STREAM:
            return _stream(run, command)
        return command.run(run, value)
    except Exception as e:
        from .core.errors import ClaudeUsageError, UsageError  # a run that failed needs them

        if isinstance(e, UsageError):
            return _usage_error(str(e))
        if isinstance(e, ClaudeUsageError):  # an outside thing failed (never a menu command)
            return Outcome(1, err=str(e), notify=command.kind == ACTION)
        run.note(f"claude-usage: internal error in {flag or 'the menu'}: {type(e).__name__}: {e}")
        if command.kind == MENU:
            return _menu_despite(run, e)
        if command.kind == STATUS:
            return Outcome(0, out=NEUTRAL_STATUS)  # never a traceback in the user's terminal
        detail = ": nothing was changed" if command.kind == ACTION else ""
        return Outcome(1, err=f"{internal_error(e)}{detail}", notify=True)


def _stream(run: Run, command: Command) -> Outcome:
    """The resident loop; each frame is drawn through this same boundary, so none ends it."""
    from .commands.stream import stream  # lazy like every command (see Command)

    resident = run.at(run.now, run.reason)

    def draw(now: float, reason: str) -> Outcome:
        cycle = resident.at(now, reason)
        outcome = run_command(cycle, [])
        _write(sys.stderr, "\n".join(cycle.notes))
        return outcome

    return stream(resident, draw, lambda frame: _write(sys.stdout, frame), time.time)


def _menu_despite(run: Run, error: Exception) -> Outcome:
    try:
        from .commands.menu import broken_menu  # lazy like every command (see Command)

        return broken_menu(run, error)
    except Exception:  # the bug is in drawing the menu itself: draw the least one
        return Outcome(0, out=f"⚠ Claude\n---\n{internal_error(error)}\n")


def _parse(argv: list[str]) -> tuple[str, str | None, Command | None]:
    """(flag, value, command) from the arguments; command is None when they make no sense."""
    if not argv:
        return "", None, COMMANDS[""]
    flag, rest = ("--help" if argv[0] == "-h" else argv[0]), argv[1:]
    command = COMMANDS.get(flag) if flag else None
    if command is None:
        return flag, None, None
    if command.arity == len(rest) or (command.arity == "?" and len(rest) <= 1):
        return flag, rest[0] if rest else None, command
    return flag, None, None


def _usage_error(message: str) -> Outcome:
    from .commands.about import USAGE  # lazy like every command: a menu run never needs it

    return Outcome(2, err=f"claude-usage: {message}\n\n{USAGE}")


def _masked(argv: list[str]) -> str:
    """The arguments as typed, with a token pasted among them hidden."""
    from .core.redaction import redacted  # re: only a mistyped command line pays for it

    return redacted(argv, keep=COMMANDS)


def _notify(run: Run, message: str) -> None:
    from .system.notifier import notify  # subprocess: only menu clicks pay for it

    problem = notify("Claude Usage", message.strip(), run.env, platform=run.platform)
    if problem:
        _write(sys.stderr, f"claude-usage: {problem}")


def _write(stream: object, text: str) -> None:
    if text:
        write = getattr(stream, "write")  # noqa: B009 - a TextIO, without importing typing
        write(text if text.endswith("\n") else text + "\n")
        getattr(stream, "flush")()  # noqa: B009


def _use_utf8_output() -> None:
    # launchd gives SwiftBar no LANG; invalid bytes would make the whole item vanish.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
