"""The plugin's command line: the shell that reads the clock and environment, and prints.

Everything below it raises; this is where a run becomes a menu and exit code 0,
because a non-zero exit makes SwiftBar throw the whole menu away.
"""

from __future__ import annotations

import os
import sys
import time

from .markup import detect_host
from .menu import MenuView, render_menu
from .paths import cache_dir, data_dir
from .record import replace
from .refresh import Fetcher, load_state, up_to_date
from .settings import Settings, load_settings
from .state import UsageState

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

USAGE = """\
usage: claude_usage.1m.py [--refresh | --demo | --json | --help]

Shows your Claude subscription limits as a SwiftBar / xbar / Argos menu.

  (no option)       print the menu (always exits 0)
  --refresh         fetch now and update the cache
  --demo            render sample data: no token, no network
  --json            print the current numbers as JSON
  --set-token [-]   store a manual OAuth token in the keyring (- reads stdin)
  --validate        check the token in use
  --forget-token    delete the stored manual token
  --token-source claude-code|manual
  --notifications on|off
  --help            this text

Environment: CLAUDE_USAGE_API_URL overrides https://api.anthropic.com.
"""
MENU_OPEN_TIMEOUT_S = 3.0  # SwiftBar's whole UI waits for a run made on menu open
SCHEDULED_TIMEOUT_S = 10.0
MENU_OPEN_LOCK_WAIT_S = 0.25  # on menu open, another run's fetch is not worth the wait
LOCK_GRACE_S = 1.0  # other runs give the fetching one its whole timeout plus this
DEFAULT_BASE_URL = "https://api.anthropic.com"


class Run:
    """One invocation's environment: where files go, which host reads us, the seams."""

    def __init__(self, env: Mapping[str, str], plugin_path: str) -> None:
        self.env = env
        self.platform = sys.platform
        self.host = detect_host(env)
        self.plugin_path = env.get("SWIFTBAR_PLUGIN_PATH") or plugin_path
        self.cache_dir = cache_dir(env)
        self.data_dir = data_dir(env)
        self.menu_open = env.get("SWIFTBAR_PLUGIN_REFRESH_REASON") == "MenuOpen"
        self.timeout = MENU_OPEN_TIMEOUT_S if self.menu_open else SCHEDULED_TIMEOUT_S

    def fetcher(self, settings: Settings) -> Fetcher:
        """Token reader and HTTP fetch for the chosen source; nothing heavy is imported yet."""
        return Fetcher(
            read_token=lambda: self.read_token(settings),
            fetch=self.fetch,
            lock_wait=MENU_OPEN_LOCK_WAIT_S if self.menu_open else self.timeout + LOCK_GRACE_S,
            source=settings.token_source,
        )

    def read_token(self, settings: Settings):
        if settings.token_source == "manual":
            from .vault import manual_token

            return manual_token()
        from .credentials import claude_code_token

        return claude_code_token(self.env, now=time.time(), platform=self.platform)

    def fetch(self, token: str):
        from .api import claude_code_user_agent, fetch_usage

        base = self.env.get("CLAUDE_USAGE_API_URL") or DEFAULT_BASE_URL
        return fetch_usage(
            token, base_url=base, timeout=self.timeout, user_agent=claude_code_user_agent(self.env)
        )

    def view(self, settings: Settings, state) -> MenuView:
        return MenuView(state, self.plugin_path, settings.token_source, settings.notifications)


def main(
    argv: list[str] | None = None, *, env: Mapping[str, str] | None = None, plugin_path: str = ""
) -> int:
    """Run one command; menu-printing commands always return 0."""
    argv = sys.argv[1:] if argv is None else argv
    run = Run(os.environ if env is None else env, plugin_path or os.path.abspath(sys.argv[0]))
    _use_utf8_output()
    command, value = _parse(argv)
    if command == "menu":
        return _guarded_menu(run, lambda: show_menu(run))
    from . import commands  # everything but the plain menu lives there

    return commands.dispatch(run, command, value)


def show_menu(run: Run) -> int:
    """The every-minute run: cached numbers when fresh, else one fetch."""
    settings = load_settings(run.data_dir)
    state = current_state(run, settings)
    emit(render_menu(run.view(settings, state), run.host, now=time.time()))
    return 0


def current_state(run: Run, settings: Settings, *, forced: bool = False) -> UsageState:
    """The state to show; a run that fetched also sends the notifications it calls for."""
    state, fetched = up_to_date(run.cache_dir, run.fetcher(settings), forced=forced)
    if fetched and state.failure is None:
        from .alerting import notify_due

        notify_due(run, settings, state, time.time())
    return state


def emit(lines: list[str]) -> None:
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def _guarded_menu(run: Run, show) -> int:
    """The last-resort boundary: a bug still leaves a menu, with the last good numbers."""
    try:
        return show()
    except Exception as e:
        print(f"claude-usage: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        from .state import Failure

        failure = Failure("internal", f"Internal error ({type(e).__name__})", time.time())
        try:
            state = replace(load_state(run.cache_dir), failure=failure)
            emit(render_menu(run.view(Settings(), state), run.host, now=time.time()))
        except Exception:  # the bug is in drawing the menu itself: draw the least one
            emit(["⚠ Claude", "---", f"Internal error ({type(e).__name__})"])
        return 0


FLAGS = {  # flag -> how many values it takes: 0, 1, or "?" for an optional one
    "--refresh": 0,
    "--demo": 0,
    "--json": 0,
    "--help": 0,
    "--version": 0,
    "--validate": 0,
    "--forget-token": 0,
    "--set-token": "?",
    "--token-source": 1,
    "--notifications": 1,
}


def _parse(argv: list[str]) -> tuple[str, str | None]:
    """(command, value) from the arguments; ("usage-error", …) for anything else."""
    if not argv:
        return "menu", None
    flag, rest = ("--help" if argv[0] == "-h" else argv[0]), argv[1:]
    arity = FLAGS.get(flag)
    if arity == len(rest) or (arity == "?" and len(rest) <= 1):
        return flag[2:], rest[0] if rest else None
    return "usage-error", " ".join(argv)


def _use_utf8_output() -> None:
    # launchd gives SwiftBar no LANG; invalid bytes would make the whole item vanish.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
