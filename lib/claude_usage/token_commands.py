"""Settings actions from the menu: set, check and forget the manual token, pick the source.

Run from the menu they have no terminal, so the outcome is also shown as a
notification; in a terminal it is printed. Failures exit non-zero.
"""

from __future__ import annotations

import sys
import time

from .cli import USAGE, Run, current_state
from .errors import ClaudeUsageError, RateLimited, TokenRejected
from .refresh import store_state
from .settings import TOKEN_SOURCES, changed, load_settings
from .state import UsageState, succeeded
from .token_check import token_problem

SWITCHES = {"on": True, "off": False}


def dispatch(run: Run, command: str, value: str | None) -> int:
    """Run one settings action; its errors end here as a message and exit code 1."""
    actions = {
        "set-token": set_token,
        "validate": validate,
        "forget-token": forget,
        "token-source": choose_source,
        "notifications": choose_notifications,
    }
    try:
        return actions[command](run, value)
    except ClaudeUsageError as e:
        return tell(run, False, str(e))
    except Exception as e:  # a bug: run from the menu, nobody would ever see a traceback
        import traceback

        traceback.print_exc()
        return tell(run, False, f"Internal error ({type(e).__name__}): nothing was changed")


def set_token(run: Run, value: str | None) -> int:
    """Ask for a token, check it, and only then keep it and switch to it."""
    if value not in (None, "-"):
        # A token on the command line would show in `ps` and shell history.
        print(
            "claude-usage: pass the token on stdin with --set-token -, never as an argument",
            file=sys.stderr,
        )
        return 2
    entered = _read_stdin() if value == "-" else _ask(run)
    if entered is None:
        return tell(run, False, "Cancelled: nothing changed")
    token = entered.strip()
    problem = token_problem(token)
    if problem:
        return tell(run, False, f"Token not saved: {problem}")
    state = _checked_live(run, token)
    from .vault import store_token

    store_token(token)
    changed(run.data_dir, token_source="manual")
    store_state(run.cache_dir, state)  # the menu shows the new account's numbers at once
    return tell(run, True, "Token saved to the keyring; now using the manual token")


def validate(run: Run, _value: str | None) -> int:
    """Check the token in use against the API, and say whether it works."""
    settings = load_settings(run.data_dir)
    state = current_state(run, settings, forced=True)
    failure = state.failure
    if failure is not None:
        refused = failure.kind in ("token_rejected", "token_expired", "no_token")
        verdict = "invalid" if refused else "not checked"
        return tell(run, False, f"Token {verdict}: {failure.message}")
    plan = getattr(run.read_token(settings), "plan", None)
    return tell(run, True, f"Token valid{f' ({plan} plan)' if plan else ''}")


def forget(run: Run, _value: str | None) -> int:
    """Delete the manual token; fall back to Claude Code's sign-in if it was in use."""
    from .vault import forget_token

    existed = forget_token()
    if load_settings(run.data_dir).token_source == "manual":
        changed(run.data_dir, token_source="claude-code")
        store_state(run.cache_dir, UsageState())
    if not existed:
        return tell(run, True, "No manual token was stored")
    return tell(run, True, "Manual token removed from the keyring; using Claude Code's sign-in")


def choose_source(run: Run, value: str | None) -> int:
    """Switch between Claude Code's token and the manual one."""
    if value not in TOKEN_SOURCES:
        print(
            f"claude-usage: --token-source takes {' or '.join(TOKEN_SOURCES)}\n\n{USAGE}",
            file=sys.stderr,
            end="",
        )
        return 2
    if load_settings(run.data_dir).token_source != value:
        changed(run.data_dir, token_source=value)
        store_state(run.cache_dir, UsageState())  # never show one account's numbers as another's
    print(f"Token source: {value}")
    return 0


def choose_notifications(run: Run, value: str | None) -> int:
    """Turn usage notifications on or off; thresholds keep being tracked either way."""
    if value not in SWITCHES:
        print(f"claude-usage: --notifications takes on or off\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    changed(run.data_dir, notifications=SWITCHES[value])
    print(f"Notifications: {value}")
    return 0


def tell(run: Run, ok: bool, message: str) -> int:
    """Report an outcome where the user will see it; returns the exit code."""
    print(message, file=sys.stdout if ok else sys.stderr)
    if not _in_terminal():
        from .desktop import notify

        notify("Claude Usage", message, run.env, platform=run.platform)
    return 0 if ok else 1


def _read_stdin() -> str:
    if sys.stdin.isatty():  # typed by hand: do not echo it
        import getpass

        return getpass.getpass("Token: ")
    return sys.stdin.read()


def _ask(run: Run) -> str | None:
    from .dialog import ask_for_token

    return ask_for_token(run.env, platform=run.platform, interactive=_in_terminal())


def _checked_live(run: Run, token: str) -> UsageState:
    """The usage state the token gets from the API; raises with the reason when it fails."""
    from .reply import parse_reply

    try:
        payload = run.fetch(token)
    except TokenRejected as e:
        raise TokenRejected(f"Token not saved: {e}", e.status) from e
    except RateLimited as e:
        raise RateLimited(
            "Token not saved: the API is rate limiting, try again in a minute", e.retry_after
        ) from e
    except ClaudeUsageError as e:
        raise type(e)(f"Token not saved: couldn't check it ({e}); try again") from e
    return succeeded(UsageState(), parse_reply(payload, time.time()), "manual")


def _in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
