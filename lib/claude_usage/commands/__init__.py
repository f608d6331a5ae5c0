"""The commands, one module per family. Each takes (run, value) and returns an Outcome.

Commands never print and never import the cli: the cli writes their Outcome
and is the one place that turns an error into a message and an exit code.
"""

from __future__ import annotations

from ..core.record import Record


class Outcome(Record):
    """What a command has to say, and its exit code."""

    code: int = 0
    out: str = ""  # for stdout; a menu, a report, or a one-line result
    err: str = ""  # for stderr
    notify: bool = False  # also worth a notification when no one is at a terminal


def said(ok: bool, message: str) -> Outcome:
    """The outcome of a settings action: one line, shown where the user will see it."""
    if ok:
        return Outcome(0, out=message, notify=True)
    return Outcome(1, err=message, notify=True)


def internal_error(error: BaseException) -> str:
    """A bug, in the words the menu shows; a file we could not use is named, with why."""
    if isinstance(error, OSError) and error.strerror and isinstance(error.filename, str):
        return f"Can't use {error.filename}: {error.strerror}"
    return f"Internal error ({type(error).__name__})"
