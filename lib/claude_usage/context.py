"""One invocation's world: environment, folders, host, clock, time limits, and its seams.

The clock, the environment and the terminal are read here once, when the run
starts, and passed down; nothing below reads them again. Tests build a Run
with a literal `now` and their own folders.
"""

from __future__ import annotations

import os
import sys

from .core.cadence import MENU_OPEN, SCHEDULE, WAKE
from .render.markup import Host, detect_host
from .system.folders import NOWHERE, cache_dir, data_dir, private_folder

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Callable

    from .core.tokens import Token
    from .sources import TokenSource

MENU_OPEN_TIMEOUT_S = 3.0  # SwiftBar's whole UI waits for a run made on menu open
SCHEDULED_TIMEOUT_S = 10.0
MENU_OPEN_LOCK_WAIT_S = 0.25  # on menu open, another run's fetch is not worth the wait
LOCK_GRACE_S = 1.0  # other runs give the fetching one its whole timeout plus this
TIMEOUT_VARIABLE = "CLAUDE_USAGE_TIMEOUT_S"  # tests shorten every wait with it
REASONS = {"MenuOpen": MENU_OPEN, "WakeFromSleep": WAKE}  # SwiftBar's words; else a schedule


class Run:
    """What one invocation knows about where and when it runs; built once, at the edge."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        plugin_path: str,
        now: float,
        platform: str | None = None,
        interactive: bool = False,
        reason: str | None = None,
        resident: dict[str, Any] | None = None,
        detachable: bool = False,
        terminal: bool = False,
    ) -> None:
        self.env = env
        self.now = now
        self.platform = platform or sys.platform
        self.interactive = interactive  # a person at a terminal, rather than a menu click
        self.terminal = terminal  # stdout is a terminal: a person reads what we print
        self.host: Host = detect_host(env)
        self.plugin_path = env.get("SWIFTBAR_PLUGIN_PATH") or plugin_path
        self.notes: list[str] = []  # lines for stderr, written by the cli when the run ends
        self.warnings: list[str] = []  # one line each, for the menu's footer (and stderr)
        self.logged: list[str] = []  # lines for the debug log, written after the output
        self.deferred: list[Callable[[], object]] = []  # for after the output (see defer)
        self.detachable = detachable  # this process is ours to fork (not a test's, not resident)
        self.cache_dir = self._private(cache_dir(env, self.platform), "cache")
        self.data_dir = self._private(data_dir(env, self.platform), "data")
        self.reason = reason or REASONS.get(env.get("SWIFTBAR_PLUGIN_REFRESH_REASON", ""), SCHEDULE)
        self.resident = resident  # what a resident process keeps between cycles (HTTP session)
        self.streaming = resident is not None
        self.menu_open = self.reason == MENU_OPEN
        self.timeout = _timeout(env, MENU_OPEN_TIMEOUT_S if self.menu_open else SCHEDULED_TIMEOUT_S)
        self.lock_wait = (
            min(MENU_OPEN_LOCK_WAIT_S, self.timeout)
            if self.menu_open
            else self.timeout + min(LOCK_GRACE_S, self.timeout)
        )

    def at(self, now: float, reason: str) -> Run:
        """This run's world at another moment, for one cycle of a resident process."""
        return Run(
            self.env,
            plugin_path=self.plugin_path,
            now=now,
            platform=self.platform,
            interactive=self.interactive,
            reason=reason,
            resident={} if self.resident is None else self.resident,
        )

    def defer(self, task: Callable[[], object]) -> None:
        """Do `task` once the output is out, where no host waits for it (a notifier may hang)."""
        self.deferred.append(task)

    def note(self, line: str) -> None:
        """Keep a line for stderr: SwiftBar discards it, a terminal shows it; the log keeps it."""
        self.notes.append(line)
        self.log(line.replace("claude-usage: ", "", 1))

    def log(self, line: str) -> None:
        """Keep a line for the debug log (system.debuglog), written once the output is out."""
        self.logged.append(line)

    def keep_log(self) -> None:
        """Append the lines kept for the debug log; a run with nothing to say writes nothing."""
        if self.logged:
            from .system.debuglog import append_lines  # re and a write: only runs with news pay

            append_lines(self.cache_dir, self.logged, self.now)
            self.logged.clear()

    def warn(self, line: str) -> None:
        """Keep a line for the menu, once, and for stderr: something the user should know."""
        if line not in self.warnings:
            self.warnings.append(line)
            self.note(f"claude-usage: {line}")

    def cannot_save(
        self, folder: str, error: OSError, *, what: str = "Can't save", then: str = ""
    ) -> None:
        """Warn that a write to `folder` failed, why, and what follows from it."""
        reason = error.strerror or str(error) or type(error).__name__
        reason = reason[:1].lower() + reason[1:]
        self.warn(f"{what}: {reason}{then} ({self._shown(folder)})")  # a long path is cut last

    def _private(self, folder: str, kind: str) -> str:
        """`folder`, or a private one when others could tamper with it (see system.folders)."""
        chosen, why = private_folder(folder, kind, self.env)
        if why:
            instead = (
                ", and no private folder is free: nothing is saved"
                if chosen == NOWHERE
                else f": using {self._shown(chosen)} instead"
            )
            self.warn(f"{self._shown(folder)} is {why}{instead}")
        return chosen

    def _shown(self, folder: str) -> str:
        home = self.env.get("HOME") or ""
        return "~" + folder[len(home) :] if home and folder.startswith(home + os.sep) else folder

    def read_token(self, source: TokenSource) -> Token:
        """The source's current token, read now; never when there is no safe place to send it."""
        self.api_url()  # refused first: the run then neither reads nor spends anything
        from .sources.apart import read_kept  # subprocess: only runs that read a token pay

        return read_kept(source, self.env, now=self.now, platform=self.platform, kept=self.resident)

    def api_url(self) -> str:
        """The API's base URL; UnsafeEndpoint when it would carry the token in clear text."""
        from .core import endpoint  # urllib and ipaddress: only runs that send a token pay

        url = self.env.get(endpoint.API_URL_VARIABLE) or endpoint.DEFAULT_BASE_URL
        problem = endpoint.cleartext_problem(url)
        if problem is not None:
            from .core.errors import UnsafeEndpoint  # a cached run needs no error classes

            raise UnsafeEndpoint(problem)
        return url

    def fetch(self, token: str) -> Any:
        """The decoded usage reply for `token`, within this run's time limit."""
        return self._ask("fetch_usage", token)

    def fetch_profile(self, token: str) -> Any:
        """The decoded profile reply (who the account is) for `token`, within the time limit."""
        return self._ask("fetch_profile", token)

    def _ask(self, what: str, token: str) -> Any:
        from .system import http  # requests: only runs that fetch pay for it

        session = None
        if self.resident is not None:  # keep-alive and one TLS setup for a resident process
            session = self.resident.setdefault("http", http.new_session())
        return getattr(http, what)(
            token,
            base_url=self.api_url(),
            timeout=self.timeout,
            user_agent=http.claude_code_user_agent(self.env),
            now=self.now,
            session=session,
        )


def _timeout(env: Mapping[str, str], default: float) -> float:
    """`default`, or a shorter limit from the environment (for tests; never a longer one)."""
    try:
        chosen = float(env.get(TIMEOUT_VARIABLE) or default)
    except ValueError:
        return default
    return min(default, chosen) if chosen > 0 else default


def environment_run(plugin_path: str, now: float) -> Run:
    """The Run for this process: its environment, clock reading and terminal."""
    terminal = sys.stdout.isatty()
    return Run(
        os.environ,
        plugin_path=plugin_path,
        now=now,
        interactive=terminal and sys.stdin.isatty(),
        detachable=True,
        terminal=terminal,
    )
