"""Where each limit is heading: its burn rate, and when it runs out at that rate. Pure.

A limit's recent samples, those of its current window only, give the rate: a
least-squares slope, which reads the 1 % steps the API reports as the line they
climb along. The session looks back an hour, the weekly limits a day, so a
burst long past does not count, and a drop (a reset) cuts the samples there.
"""

from __future__ import annotations

from .model import DATE_RANGE, INFINITY, SESSION, WEEKLY, WEEKLY_SCOPED, WINDOW_S, Limit
from .record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Sequence

    Sample = tuple[float, float]  # (at, percent)

SAMPLES_KEPT = 120  # per window: enough for a rate and a chart, small enough to read each run
LOOKBACK_S = {SESSION: 3600, WEEKLY: 86400, WEEKLY_SCOPED: 86400}  # what "recent" means
MIN_SAMPLES = 4  # fewer points make a rate out of noise
MIN_SPAN_S = {SESSION: 15 * 60, WEEKLY: 3 * 3600, WEEKLY_SCOPED: 3 * 3600}  # and span this much
DROP = 1.0  # a fall of more than this is a reset, not rounding
SAME_WINDOW_S = 5 * 60  # resets_at jitters by seconds between replies
FULL = 100.0


class Trend(Record):
    """One limit's samples in its current window, as the menu and charts read them."""

    key: str
    resets_at: float
    samples: tuple[Sample, ...]


def packed(samples: Sequence[Sample]) -> bytes:
    """Samples as one run of native doubles (at, percent, at, percent, …) for the pace file.

    A menu run reads every account's samples: as bytes, checking and decoding
    them happens in C (about 10 µs for a full window) where a list of pairs
    took a Python step per number (over 100 µs).
    """
    from array import array  # only runs that keep samples write them

    return array("d", [number for sample in samples for number in sample]).tobytes()


def unpacked(raw: bytes) -> tuple[Sample, ...]:
    """packed's samples back; ValueError unless each is a finite percent at a showable time."""
    if len(raw) % 16:
        raise ValueError("not whole samples")
    flat = memoryview(raw).cast("d").tolist()
    times, percents = flat[0::2], flat[1::2]
    if not -INFINITY < sum(times) + sum(percents) < INFINITY:  # NaN or infinity somewhere
        raise ValueError("not finite")
    if times and not DATE_RANGE[0] <= min(times) <= max(times) <= DATE_RANGE[1]:
        raise ValueError("a time no date can show")
    return tuple(zip(times, percents))


class Forecast(Record):
    """A limit's course at its recent rate."""

    rate_per_hour: float  # percentage points per hour, never negative
    at_reset: float  # the percent it reaches by its reset at that rate
    runs_out_at: float | None  # when it reaches 100 %, if that comes before the reset


def with_sample(trend: Trend | None, limit: Limit, at: float) -> Trend | None:
    """The trend after observing `limit` at `at`; a new window starts a new trend."""
    if limit.resets_at is None or limit.kind not in WINDOW_S:
        return None
    samples = trend.samples if trend is not None and same_window(trend, limit) else ()
    start = limit.resets_at - WINDOW_S[limit.kind]
    kept = sorted(s for s in (*samples, (at, limit.percent)) if s[0] >= start)
    return Trend(limit.key, limit.resets_at, thinned(kept, WINDOW_S[limit.kind] / SAMPLES_KEPT))


def same_window(trend: Trend, limit: Limit) -> bool:
    return limit.resets_at is not None and abs(trend.resets_at - limit.resets_at) <= SAME_WINDOW_S


def thinned(samples: Sequence[Sample], bucket_s: float) -> tuple[Sample, ...]:
    """The last sample of each `bucket_s`-long stretch (the highest, as usage only grows)."""
    kept = [
        sample
        for sample, following in zip(samples, (*samples[1:], None))
        if following is None or following[0] // bucket_s != sample[0] // bucket_s
    ]
    return tuple(kept)


def forecast(samples: Sequence[Sample], limit: Limit, now: float) -> Forecast | None:
    """The limit's course at its recent rate; None without enough recent samples to tell."""
    if limit.resets_at is None or limit.resets_at <= now or limit.kind not in LOOKBACK_S:
        return None
    start = max(limit.resets_at - WINDOW_S[limit.kind], now - LOOKBACK_S[limit.kind])
    recent = _since_last_drop(sorted(s for s in samples if start <= s[0] <= now))
    if len(recent) < MIN_SAMPLES or recent[-1][0] - recent[0][0] < MIN_SPAN_S[limit.kind]:
        return None
    rate = max(0.0, _slope(recent) * 3600)
    at_reset = limit.percent + rate * (limit.resets_at - now) / 3600
    runs_out_at = None
    if rate > 0 and limit.percent < FULL:
        out = now + (FULL - limit.percent) / rate * 3600
        runs_out_at = out if out < limit.resets_at else None
    return Forecast(rate, at_reset, runs_out_at)


def even_pace(limit: Limit, now: float) -> float | None:
    """The percent used by now if the window's allowance were spread evenly over it."""
    if limit.resets_at is None or limit.kind not in WINDOW_S:
        return None
    window = WINDOW_S[limit.kind]
    elapsed = window - (limit.resets_at - now)
    return min(max(elapsed / window, 0.0), 1.0) * FULL


def _since_last_drop(samples: list[Sample]) -> list[Sample]:
    """The samples after the last fall: usage before a reset says nothing about after it."""
    for i in range(len(samples) - 1, 0, -1):
        if samples[i][1] < samples[i - 1][1] - DROP:
            return samples[i:]
    return samples


def _slope(samples: Sequence[Sample]) -> float:
    """Least-squares percent per second (times shifted to the first, for precision)."""
    t0 = samples[0][0]
    n = len(samples)
    mean_t = sum(at - t0 for at, _ in samples) / n
    mean_p = sum(p for _, p in samples) / n
    spread = sum((at - t0 - mean_t) ** 2 for at, _ in samples)
    if spread == 0:
        return 0.0
    return sum((at - t0 - mean_t) * (p - mean_p) for at, p in samples) / spread
