"""Reads what Claude Code pipes into its status-line command. Pure.

Since Claude Code 2.1.80 the document carries, for Pro/Max sign-ins once the
first response has come back, `rate_limits.five_hour` and `.seven_day` with
`used_percentage` and `resets_at` in epoch seconds: the same numbers the usage
endpoint gives, free of its request budget.
"""

from __future__ import annotations

from .model import MAIN_WINDOWS, Limit
from .record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

MAX_PERCENT = 1e6  # beyond this a figure is nonsense, not usage
LATEST_TIME = 253402300799.0  # 9999-12-31 23:59:59 UTC, the latest the API's own times can say
INFINITY = float("inf")  # spares the status line importing math for isfinite


class Session(Record):
    """What the status line can show besides the limits."""

    model: str = ""
    context_percent: float | None = None


def fed_limits(document: Any) -> tuple[Limit, ...]:
    """The session and weekly limits the document reports; none when it has no rate_limits."""
    rate_limits = document.get("rate_limits") if isinstance(document, dict) else None
    if not isinstance(rate_limits, dict):
        return ()
    limits = []
    for key, (title, kind) in MAIN_WINDOWS.items():
        window = rate_limits.get(key)
        if not isinstance(window, dict):
            continue
        percent, resets_at = (
            _number(window.get("used_percentage")),
            _number(window.get("resets_at")),
        )
        if resets_at is not None and not 0 <= resets_at <= LATEST_TIME:
            resets_at = None  # no clock can show it: a glitch, not a time
        if percent is not None and 0 <= percent <= MAX_PERCENT:
            limits.append(Limit(key, title, kind, percent, resets_at))
    return tuple(limits)


def session_of(document: Any) -> Session:
    """The model's name and how full the context window is, when the document says."""
    if not isinstance(document, dict):
        return Session()
    model = document.get("model")
    name = model.get("display_name") if isinstance(model, dict) else None
    window = document.get("context_window")
    used = window.get("used_percentage") if isinstance(window, dict) else None
    return Session(name if isinstance(name, str) else "", _number(used))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if -INFINITY < number < INFINITY else None  # NaN fails both
