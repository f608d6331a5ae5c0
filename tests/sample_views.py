"""Sample limits and menu views for the renderer tests: a fixed NOW, hosts, one-liners."""

from __future__ import annotations

from claude_usage.core.model import SESSION, WEEKLY, WEEKLY_SCOPED, Limit, Snapshot
from claude_usage.core.state import Failure, UsageState  # noqa: F401 - re-exported for tests
from claude_usage.render.markup import SWIFTBAR, XBAR, Host
from claude_usage.render.view import MenuView

NOW = 1767384000.0
H = 3600
XB, SW = Host(XBAR, True), Host(SWIFTBAR, True)


def session(pct, resets_in=2 * H + 13 * 60):
    return Limit("five_hour", "Current session", SESSION, pct, NOW + resets_in)


def weekly(pct, resets_in=3 * 86400 + 4 * H):
    return Limit("seven_day", "All models", WEEKLY, pct, NOW + resets_in)


def scoped(pct, title="Sonnet only", key="seven_day_sonnet"):
    return Limit(key, title, WEEKLY_SCOPED, pct, NOW + 5 * 86400)


def view(*limits, extra=None, failure=None, retry_at=None, fetched_ago=12, **kw):
    snap = Snapshot(NOW - fetched_ago, tuple(limits), extra) if limits or extra else None
    state = UsageState(snapshot=snap, failure=failure, retry_at=retry_at, source="claude-code")
    return MenuView(state, "/p/claude_usage.1m.py", **kw)
