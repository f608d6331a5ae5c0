"""Turns the usage endpoint's JSON into a Snapshot, defensively.

Every field is optional and may be null, new keys appear without notice, and the
newer `limits[]` list repeats windows the flat keys already carry.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from .errors import ApiUnavailable
from .model import MAIN_WINDOWS, SESSION, WEEKLY, WEEKLY_SCOPED, ExtraUsage, Limit, Snapshot

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

FLAT_WINDOWS = {  # flat key -> (menu title, kind)
    **MAIN_WINDOWS,
    "seven_day_sonnet": ("Sonnet only", WEEKLY_SCOPED),
    "seven_day_opus": ("Opus only", WEEKLY_SCOPED),
    "seven_day_oauth_apps": ("Apps only", WEEKLY_SCOPED),
    "seven_day_cowork": ("Cowork only", WEEKLY_SCOPED),
}
KIND_ORDER = {SESSION: 0, WEEKLY: 1, WEEKLY_SCOPED: 2}
MODEL_FAMILIES = ("opus", "sonnet", "haiku")  # so a limits[] entry lines up with its flat key


def parse_reply(payload: Any, fetched_at: float) -> Snapshot:
    """The Snapshot a 200 reply describes; ApiUnavailable when it is not a usage reply."""
    if not isinstance(payload, dict) or not ({"five_hour", "seven_day", "limits"} & payload.keys()):
        raise ApiUnavailable("The API returned something unexpected")
    by_key: dict[str, Limit] = {}
    for limit in _flat_limits(payload):
        by_key[limit.key] = limit
    for limit in _listed_limits(payload.get("limits")):
        by_key[limit.key] = limit  # the newer shape wins where both describe a window
    if not by_key and _has_windows(payload):
        raise ApiUnavailable("The API returned something unexpected")  # windows, none readable
    ordered = sorted(by_key.values(), key=lambda lim: KIND_ORDER[lim.kind])
    return Snapshot(fetched_at, tuple(ordered), _extra_usage(payload.get("extra_usage")))


def parse_timestamp(text: Any) -> float | None:
    """Epoch seconds of an ISO-8601 time, with or without fraction or zone; None if unreadable."""
    if not isinstance(text, str) or "T" not in text:
        return None
    date_part, _, time_part = text.strip().upper().partition("T")
    time_part, offset = _split_zone(time_part)
    clock, _, fraction = time_part.partition(".")
    try:
        base = datetime.fromisoformat(f"{date_part}T{clock}")
        micros = int((fraction + "000000")[:6]) if fraction else 0
    except ValueError:
        return None
    if offset is None:
        return None
    try:
        moment = base.replace(tzinfo=timezone.utc) - offset + timedelta(microseconds=micros)
    except OverflowError:  # year 1 with a positive offset, and the like
        return None
    return moment.timestamp()


def _split_zone(time_part: str) -> tuple[str, timedelta | None]:
    """Split '19:59:59.6+02:00' into the clock and its UTC offset (no zone means UTC)."""
    if time_part.endswith("Z"):
        return time_part[:-1], timedelta(0)
    for sign in "+-":
        clock, found, zone = time_part.partition(sign)
        if found:
            digits = zone.replace(":", "")
            if not digits.isdigit() or len(digits) not in (2, 4):
                return clock, None
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            return clock, offset if sign == "+" else -offset
    return time_part, timedelta(0)


def _has_windows(payload: dict[str, Any]) -> bool:
    """Whether the reply claims to carry any window (null ones do not count)."""
    return (
        payload.get("five_hour") is not None
        or payload.get("seven_day") is not None
        or bool(payload.get("limits"))
    )


def _flat_limits(payload: dict[str, Any]) -> Iterator[Limit]:
    for key, window in payload.items():
        if key in FLAT_WINDOWS:
            title, kind = FLAT_WINDOWS[key]
        elif key.startswith("seven_day_"):
            title, kind = f"{_readable(key[len('seven_day_') :])} only", WEEKLY_SCOPED
        else:
            continue  # codenames like iguana_necktie have no name a person would know
        limit = _window(key, title, kind, window, "utilization")
        if limit is not None:
            yield limit


def _listed_limits(entries: Any) -> Iterator[Limit]:
    seen: set[str] = set()
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        kind = entry.get("kind")
        if kind == "session":
            limit = _window("five_hour", "Current session", SESSION, entry, "percent")
        elif kind == "weekly_all":
            limit = _window("seven_day", "All models", WEEKLY, entry, "percent")
        elif kind == "weekly_scoped":
            key, title = _scope_identity(entry.get("scope"))
            if key in seen:  # a second model of one family (Opus 4 and 4.1): a window of its own
                key = f"{key}/{title}"
            limit = _window(key, title, WEEKLY_SCOPED, entry, "percent") if key else None
        else:
            limit = None
        if limit:
            seen.add(limit.key)
            yield limit


def _scope_identity(scope: Any) -> tuple[str | None, str]:
    """(key, title) of a weekly_scoped entry; the key matches the flat key for the same model."""
    scope = scope if isinstance(scope, dict) else {}
    model = scope.get("model") if isinstance(scope.get("model"), dict) else {}
    name = _text(model.get("display_name")) or _text(model.get("id"))
    if name:
        ident = f"{_text(model.get('id'))} {name}".lower()
        family = next((f for f in MODEL_FAMILIES if f in ident), None)
        key = f"seven_day_{family}" if family else f"weekly:{ident.split()[0]}"
        return key, f"{name} only"
    surface = _text(scope.get("surface"))
    if surface:
        return f"weekly:surface:{surface}", f"{_readable(surface)} only"
    return None, ""


def _window(key: str, title: str, kind: str, window: Any, field: str) -> Limit | None:
    if not isinstance(window, dict):
        return None
    percent = window.get(field)
    if not _is_number(percent):
        return None
    return Limit(key, title, kind, float(percent), parse_timestamp(window.get("resets_at")))


def _extra_usage(extra: Any) -> ExtraUsage | None:
    if not isinstance(extra, dict) or extra.get("is_enabled") is not True:
        return None
    used, cap = extra.get("used_credits"), extra.get("monthly_limit")
    currency = _text(extra.get("currency")) or "USD"
    return ExtraUsage(
        used_cents=float(used) if _is_number(used) else 0.0,
        limit_cents=float(cap) if _is_number(cap) else None,
        currency=currency.upper()[:8],
    )


def _is_number(value: Any) -> TypeGuard[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _readable(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").strip().capitalize()
