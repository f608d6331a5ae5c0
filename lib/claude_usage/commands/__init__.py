"""The commands, one module per family, and the flag that runs each.

Each takes (run, value) and returns an Outcome.

Commands never print and never import the cli: the cli writes their Outcome
and is the one place that turns an error into a message and an exit code.
"""

from __future__ import annotations

from ..core.record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable

    from ..context import Run

    Handler = Callable[[Run, "str | None"], "Outcome"]


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
    """A bug, in the words the menu shows."""
    return f"Internal error ({type(error).__name__})"


def bug(error: BaseException) -> str:
    """A bug, in the words stderr and the debug log keep: 'KeyError: 'x' at menu.py:45'."""
    trace, site = error.__traceback__, ""
    while trace is not None:  # the innermost frame: where it was raised
        file = trace.tb_frame.f_code.co_filename.replace("\\", "/").rsplit("/", 1)[-1]
        site, trace = f" at {file}:{trace.tb_lineno}", trace.tb_next
    return f"{type(error).__name__}: {error}{site}"


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
            path = f"{__name__}.{module}"
            handler = getattr(__import__(path, fromlist=[name]), name)  # lazy: see above
        outcome: Outcome = handler(run, value)
        return outcome


COMMANDS = {
    "": Command("menu:show_menu", kind=MENU),
    "--demo": Command("demo:show_demo", kind=MENU),
    "--refresh": Command("report:refresh_now"),
    "--json": Command("report:show_json"),
    "--history": Command("history:show_history", "?"),
    "--help": Command("about:show_help"),
    "--version": Command("about:show_version"),
    "--doctor": Command("doctor:doctor"),
    "--set-token": Command("token:set_token", "?", ACTION),
    "--validate": Command("token:validate", kind=ACTION),
    "--forget-token": Command("token:forget", kind=ACTION),
    "--token-source": Command("choices:choose_source", 1, ACTION),
    "--notifications": Command("choices:choose_notifications", 1, ACTION),
    "--charts": Command("choices:choose_charts", 1, ACTION),
    "--statusline": Command("statusline:statusline", "?", STATUS),
    "--stream": Command("stream:stream", kind=STREAM),
    "--install-statusline": Command("setup:install_statusline"),
    "--uninstall-statusline": Command("setup:uninstall_statusline"),
}
