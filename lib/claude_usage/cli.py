"""The command line: argv to a command, and the one place errors become messages and exit codes.

Menu-printing commands always exit 0 with a menu, because a non-zero exit makes
SwiftBar throw the whole menu away; a bug there still shows the last numbers.
"""

from __future__ import annotations

import os
import sys
import time

from .commands import (
    ACTION,
    COMMANDS,
    MENU,
    STATUS,
    STREAM,
    Command,
    Outcome,
    bug,
    internal_error,
    missing_dependency,
    not_installed,
    parse,
)
from .context import Run, environment_run
from .system.folders import move_swiftbar_state

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

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
    run.keep_log()
    if outcome.notify and not run.interactive:  # a menu click: nobody sees stdout
        run.defer(lambda: _notify(run, outcome.out or outcome.err))
    if run.deferred:
        _after_output(run)
    return outcome.code


def _after_output(run: Run) -> None:
    """The run's deferred work, in a child no host waits for unless a person is at a terminal."""
    if run.detachable and not run.interactive:
        from .system.background import in_background  # only runs with news to send need it

        if in_background(lambda: _run_deferred(run)):
            return
    _run_deferred(run)


def _run_deferred(run: Run) -> None:
    written = len(run.notes)
    for task in run.deferred:
        try:
            task()
        except Exception as e:  # the menu is already out: a bug here can only be noted
            run.note(f"claude-usage: internal error after the output: {bug(e)}")
    run.deferred.clear()
    _write(sys.stderr, "\n".join(run.notes[written:]))
    run.keep_log()


def run_command(run: Run, argv: list[str]) -> Outcome:
    """The command's outcome; the one error boundary, so nothing below catches Exception."""
    flag, value, command = parse(argv)
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
            run.log(f"{flag}: {e}")
            return Outcome(1, err=str(e), notify=command.kind == ACTION)
        missing = missing_dependency(e)
        if missing:  # run by a python that install.sh did not set up
            return not_installed(command.kind, missing, sys.executable)
        run.note(f"claude-usage: internal error in {flag or 'the menu'}: {bug(e)}")
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
    cycles: list[Run] = []

    def draw(now: float, reason: str) -> Outcome:
        cycle = resident.at(now, reason)
        outcome = run_command(cycle, [])
        _write(sys.stderr, "\n".join(cycle.notes))
        cycle.keep_log()
        cycles.append(cycle)
        return outcome

    def settle() -> None:  # after the frame is out: the resident process itself waits
        while cycles:
            _run_deferred(cycles.pop(0))

    return stream(resident, draw, lambda frame: _write(sys.stdout, frame), settle, time.time)


def _menu_despite(run: Run, error: Exception) -> Outcome:
    try:
        from .commands.menu import broken_menu  # lazy like every command (see Command)

        return broken_menu(run, error)
    except Exception:  # the bug is in drawing the menu itself: draw the least one
        least = f"⚠ Claude\n---\n{internal_error(error)}\n---\nAccount: {_source_label(run)}\n"
        return Outcome(0, out=least)


def _source_label(run: Run) -> str:
    """The primary account, for the least menu: never a guess when settings can't be read."""
    try:
        from .settings import load_settings  # the least menu is drawn only after a bug

        return load_settings(run.data_dir).main.label
    except Exception:  # the settings are part of what broke
        return "unknown (settings unreadable)"


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
