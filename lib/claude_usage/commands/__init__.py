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
    """A bug, in the words the menu shows; a file we could not use is named, with why."""
    if isinstance(error, OSError) and error.strerror and isinstance(error.filename, str):
        return f"Can't use {error.filename}: {error.strerror}"
    return f"Internal error ({type(error).__name__})"


def bug(error: BaseException) -> str:
    """A bug, in the words stderr and the debug log keep: 'KeyError: 'x' at menu.py:45'."""
    trace, site = error.__traceback__, ""
    while trace is not None:  # the innermost frame: where it was raised
        file = trace.tb_frame.f_code.co_filename.replace("\\", "/").rsplit("/", 1)[-1]
        site, trace = f" at {file}:{trace.tb_lineno}", trace.tb_next
    said = f"{type(error).__name__}: {error}{site}"
    if "sk-ant-" not in said:
        return said
    import re  # only a bug whose message holds a token pays for it

    return re.sub(r"sk-ant-[A-Za-z0-9_\-.+/]*", "sk-ant-…", said)  # never a token in stderr


MENU, ACTION, PLAIN, STATUS, STREAM = "menu", "action", "plain", "status", "stream"
DEPENDENCIES = ("requests", "keyring")  # what install.sh's virtualenv adds to a bare python
NOT_INSTALLED = "run ./install.sh first"


def missing_dependency(error: BaseException) -> str | None:
    """The dependency whose absence `error` is, if that is what it is."""
    if isinstance(error, ImportError):
        name = (error.name or "").partition(".")[0]
        if name in DEPENDENCIES:
            return name
    return None


def not_installed(kind: str, name: str, python: str) -> Outcome:
    """What a command run by a Python without `name` says: one line, never a traceback."""
    line = f"claude-usage: this Python ({python}) lacks {name}: {NOT_INSTALLED}"
    if kind == MENU:  # the menu bar itself says it: SwiftBar shows no stderr
        detail = f"This Python lacks {name}, which ./install.sh installs"
        return Outcome(0, out=f"⚠ Claude: {NOT_INSTALLED}\n---\n{detail}\n", err=line)
    if kind == STATUS:
        return Outcome(0, out=f"◌ Claude usage: {NOT_INSTALLED}", err=line)
    return Outcome(1, err=line, notify=kind == ACTION)


class Command:
    """A flag's handler, how many values it takes, and how its failures are shown.

    The handler is named as "module:function" under commands/ and imported only
    when its flag is given: a cached menu run must not pay for every command.
    """

    def __init__(self, handler: str | Handler, arity: int | str = 0, kind: str = PLAIN) -> None:
        self.handler, self.arity, self.kind = handler, arity, kind  # "?": optional; "*": any

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
    "--account": Command("accounts:account", "*", ACTION),
    "--notifications": Command("choices:choose_notifications", 1, ACTION),
    "--charts": Command("choices:choose_charts", 1, ACTION),
    "--statusline": Command("statusline:statusline", "?", STATUS),
    "--stream": Command("stream:stream", kind=STREAM),
    "--install-statusline": Command("setup:install_statusline"),
    "--uninstall-statusline": Command("setup:uninstall_statusline"),
}


def parse(argv: list[str]) -> tuple[str, str | None, Command | None]:
    """(flag, value, command) from the arguments; command is None when they make no sense.

    A value follows its flag as the next argument or after `=` (`--token-source=manual`).
    A flag that needs a value and has none still names its command, which says what it takes.
    """
    if not argv:
        return "", None, COMMANDS[""]
    flag, rest = ("--help" if argv[0] == "-h" else argv[0]), argv[1:]
    if flag.startswith("--") and "=" in flag:
        flag, _, joined = flag.partition("=")
        rest = [joined, *rest]
    command = COMMANDS.get(flag) if flag else None
    if command is None:
        return flag, None, None
    if command.arity == 1 and not rest:
        return flag, None, command
    if command.arity == "*":  # the command reads its own words (see commands.accounts)
        return flag, tuple(rest), command  # type: ignore[return-value]
    if command.arity == len(rest) or (command.arity == "?" and len(rest) <= 1):
        return flag, rest[0] if rest else None, command
    return flag, None, None
