"""The command-line actions besides the plain menu: each prints its result and returns a code."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from . import __version__
from .cli import USAGE, Run, current_state, emit
from .demo import demo_state
from .menu import MenuView, render_menu
from .settings import load_settings
from .state import UsageState


def dispatch(run: Run, command: str, value: str | None) -> int:
    """Run `command`; exit codes follow the usual conventions (2 for a usage error)."""
    if command == "usage-error":
        shown = " ".join(
            "sk-ant-…" if word.startswith("sk-ant-") else word for word in (value or "").split()
        )  # a token pasted as an argument
        print(f"claude-usage: unknown arguments: {shown}\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    handler = {
        "help": lambda: print(USAGE, end="") or 0,
        "version": lambda: print(f"claude-usage {__version__}") or 0,
        "demo": lambda: show_demo(run),
        "json": lambda: show_json(run),
        "refresh": lambda: refresh_now(run),
    }.get(command)
    if handler is None:
        from . import token_commands  # token and notification settings

        return token_commands.dispatch(run, command, value)
    return handler()


def show_demo(run: Run) -> int:
    """The menu with sample numbers: no token, no network, no files."""
    now = time.time()
    view = MenuView(demo_state(now), run.plugin_path, demo=True)
    emit(render_menu(view, run.host, now=now))
    return 0


def show_json(run: Run) -> int:
    """The current numbers (fetched if stale) as JSON, for scripts and status lines."""
    state = current_state(run, load_settings(run.data_dir))
    print(json.dumps(state_as_json(state, now=time.time()), indent=2))
    return 0


def refresh_now(run: Run) -> int:
    """The Refresh item: fetch now. Exits 0 so SwiftBar redraws the menu afterwards."""
    state = current_state(run, load_settings(run.data_dir), forced=True)
    if state.failure is not None:
        print(f"claude-usage: {state.failure.message}")
    elif state.snapshot is not None:
        print(", ".join(f"{lim.title} {lim.percent:g}%" for lim in state.snapshot.limits))
    return 0


def state_as_json(state: UsageState, *, now: float) -> dict[str, Any]:
    """The JSON document `--json` prints."""
    snap, failure = state.snapshot, state.failure
    return {
        "fetched_at": _iso(snap.fetched_at) if snap else None,
        "age_seconds": round(now - snap.fetched_at) if snap else None,
        "source": state.source or None,
        "limits": [
            {
                "key": lim.key,
                "title": lim.title,
                "kind": lim.kind,
                "percent": lim.percent,
                "resets_at": _iso(lim.resets_at),
            }
            for lim in (snap.limits if snap else ())
        ],
        "extra_usage": None
        if not (snap and snap.extra)
        else {
            "used": snap.extra.used_cents / 100,
            "monthly_limit": None
            if snap.extra.limit_cents is None
            else snap.extra.limit_cents / 100,
            "currency": snap.extra.currency,
        },
        "error": None
        if failure is None
        else {
            "kind": failure.kind,
            "message": failure.message,
            "at": _iso(failure.at),
            "retry_at": _iso(state.retry_at),
        },
    }


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
