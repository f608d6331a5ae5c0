"""The domain model: what one usage reply means, as frozen values.

Times are Unix epoch seconds (floats) so that rendering from the cache needs no
datetime parsing at all.
"""

from __future__ import annotations

from .record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

SESSION = "session"
WEEKLY = "weekly"
WEEKLY_SCOPED = "weekly_scoped"
MAIN_WINDOWS = {  # the two windows every plan has: key -> (menu title, kind)
    "five_hour": ("Current session", SESSION),
    "seven_day": ("All models", WEEKLY),
}
WINDOW_S = {  # how long one period of each kind lasts: a pace forecast spreads use over it
    SESSION: 5 * 3600,
    WEEKLY: 7 * 86400,
    WEEKLY_SCOPED: 7 * 86400,
}


class Limit(Record):
    """One usage window: how much of it is used and when it resets."""

    key: str  # stable identity, e.g. "five_hour", "seven_day", "seven_day_sonnet"
    title: str  # what the menu calls it, e.g. "Current session"
    kind: str  # SESSION, WEEKLY or WEEKLY_SCOPED
    percent: float  # 35.0 means 35 %; can exceed 100
    resets_at: float | None  # epoch seconds, None when the API gives none


def reset_passed(limit: Limit, now: float) -> bool:
    """Whether the window the figure belongs to has ended: the figure is history, not usage."""
    return limit.resets_at is not None and limit.resets_at <= now


class ExtraUsage(Record):
    """Pay-as-you-go spend beyond the plan, in cents as the API reports it."""

    used_cents: float
    limit_cents: float | None  # None means uncapped
    currency: str = "USD"


class Snapshot(Record):
    """Everything one successful fetch told us."""

    fetched_at: float
    limits: tuple[Limit, ...]
    extra: ExtraUsage | None = None


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """The cache file's plain-value form of a snapshot (see system.files)."""
    extra = snapshot.extra
    return {
        "fetched_at": snapshot.fetched_at,
        "limits": [
            [lim.key, lim.title, lim.kind, lim.percent, lim.resets_at] for lim in snapshot.limits
        ],
        "extra": None if extra is None else [extra.used_cents, extra.limit_cents, extra.currency],
    }


def snapshot_from_dict(data: Any) -> Snapshot | None:
    """Read back snapshot_to_dict's output; anything malformed counts as no snapshot."""
    try:
        limits = tuple(
            Limit(str(k), str(t), str(kind), float(p), _opt_float(r))
            for k, t, kind, p, r in data["limits"]
        )
        extra = data.get("extra")
        return Snapshot(
            fetched_at=float(data["fetched_at"]),
            limits=limits,
            extra=None
            if extra is None
            else ExtraUsage(float(extra[0]), _opt_float(extra[1]), str(extra[2])),
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)
