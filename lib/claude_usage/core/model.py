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
# What plain values of the wrong shape raise when read back: OverflowError for an int
# no float holds, LookupError for a list cut short, and so on. Any of them means the
# state file is broken, and a broken file counts as absent.
UNREADABLE = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)
INFINITY = float("inf")  # spares every run importing math for isfinite
DATE_RANGE = (-62135596800.0, 253402300799.0)  # years 1 to 9999: what a date can show
MAX_COUNT = 1 << 31  # counters we keep grow by one per request; far beyond is corruption


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
            Limit(str(k), str(t), str(kind), number(p), None if r is None else moment(r))
            for k, t, kind, p, r in data["limits"]
        )
        extra = data.get("extra")
        return Snapshot(
            fetched_at=moment(data["fetched_at"]),
            limits=limits,
            extra=None
            if extra is None
            else ExtraUsage(
                number(extra[0]), None if extra[1] is None else number(extra[1]), str(extra[2])
            ),
        )
    except UNREADABLE:
        return None


def number(value: Any) -> float:
    """A finite number read back from a state file; TypeError or ValueError for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"a number was expected, not {type(value).__name__}")
    result = float(value)  # OverflowError for an int no float holds
    if not -INFINITY < result < INFINITY:  # NaN fails both
        raise ValueError("not a finite number")
    return result


def moment(value: Any) -> float:
    """A time read back from a state file: one a date can show, so every renderer can."""
    result = number(value)
    if not DATE_RANGE[0] <= result <= DATE_RANGE[1]:
        raise ValueError("a time no date can show")
    return result


def count(value: Any) -> int:
    """A counter read back from a state file."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ValueError("not a count")
    result: int = value
    return result
