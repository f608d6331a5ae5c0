"""The forecast against synthetic traces whose true course is known."""

from __future__ import annotations

import math

import pytest

from claude_usage.core.model import SESSION, WEEKLY, Limit
from claude_usage.core.pace import (
    SAMPLES_KEPT,
    Trend,
    even_pace,
    forecast,
    packed,
    thinned,
    unpacked,
    with_sample,
)

NOW = 1_770_000_000.0
MIN = 60.0
HOUR = 3600.0


def session(percent: float, resets_in: float = 3 * HOUR) -> Limit:
    return Limit("five_hour", "Current session", SESSION, percent, NOW + resets_in)


def weekly(percent: float, resets_in: float = 3 * 86400) -> Limit:
    return Limit("seven_day", "All models", WEEKLY, percent, NOW + resets_in)


def staircase(start: float, per_hour: float, since: float, every: float = MIN):
    """What the API reports for a steady climb: whole percents, sampled every `every` s."""
    at, samples = NOW - since, []
    while at <= NOW:
        samples.append((at, float(math.floor(start + per_hour * (at - NOW + since) / HOUR))))
        at += every
    return samples


def test_a_steady_climb_runs_out_within_five_minutes_of_the_truth():
    # 1 % every 2.5 min from 20 %, as the day benchmark plays it: 24 %/h
    samples = staircase(20, 24, since=HOUR)
    now_percent = samples[-1][1]
    result = forecast(samples, session(now_percent), NOW)
    truth = NOW - HOUR + (100 - 20) / 24 * HOUR  # when the staircase reaches 100
    assert result is not None and result.runs_out_at is not None
    assert abs(result.runs_out_at - truth) < 5 * MIN
    assert result.rate_per_hour == pytest.approx(24, rel=0.05)


def test_a_climb_that_ends_after_the_reset_projects_its_percent_at_reset():
    samples = staircase(10, 6, since=HOUR)  # 6 %/h, 3 h left: about 16 + 18
    result = forecast(samples, session(samples[-1][1]), NOW)
    assert result is not None and result.runs_out_at is None
    assert result.at_reset == pytest.approx(16 + 18, abs=2)


def test_a_burst_long_past_then_idle_is_steady():
    burst = [(NOW - 2 * HOUR + i * MIN, 10.0 + 3 * i) for i in range(11)]  # +30 % in 10 min
    idle = [(NOW - 110 * MIN + i * MIN, 40.0) for i in range(111)]
    result = forecast(burst + idle, session(40), NOW)
    assert result is not None
    assert result.rate_per_hour == pytest.approx(0, abs=0.5)
    assert result.runs_out_at is None and result.at_reset == pytest.approx(40, abs=1.5)


def test_a_burst_just_now_reads_as_a_fast_pace():
    idle = [(NOW - 50 * MIN + i * MIN, 40.0) for i in range(40)]
    burst = [(NOW - 10 * MIN + i * MIN, 40.0 + 3 * i) for i in range(11)]
    result = forecast(idle + burst, session(70), NOW)
    assert result is not None and result.runs_out_at is not None


def test_the_drop_at_a_reset_inside_the_samples_is_ignored():
    before = [(NOW - HOUR + i * MIN, 60.0 + i) for i in range(31)]  # climbs to 90
    after = staircase(0, 12, since=29 * MIN)  # reset, then 12 %/h
    result = forecast(before + after, session(after[-1][1], resets_in=4.5 * HOUR), NOW)
    assert result is not None
    assert result.rate_per_hour == pytest.approx(12, abs=3)


def test_samples_from_before_the_window_began_do_not_count():
    old = [(NOW - 5.5 * HOUR + i * MIN, 1.0 + i) for i in range(20)]  # the previous window
    fresh = staircase(0, 12, since=HOUR)
    limit = session(fresh[-1][1], resets_in=4 * HOUR)  # this window began an hour ago
    result = forecast(old + fresh, limit, NOW)
    assert result is not None and result.rate_per_hour == pytest.approx(12, abs=2)


def test_sparse_samples_still_give_a_fair_run_out():
    samples = staircase(20, 24, since=HOUR, every=15 * MIN)  # five samples in the hour
    result = forecast(samples, session(samples[-1][1]), NOW)
    truth = NOW - HOUR + (100 - 20) / 24 * HOUR
    assert result is not None and result.runs_out_at is not None
    assert abs(result.runs_out_at - truth) < 15 * MIN


@pytest.mark.parametrize(
    "samples",
    [
        [],
        [(NOW - 30 * MIN, 10.0), (NOW, 20.0)],  # two points
        [(NOW - 6 * MIN + i * 2 * MIN, 10.0 + i) for i in range(4)],  # four, within 6 minutes
        [(NOW - 3 * HOUR + i * MIN, 10.0 + i) for i in range(30)],  # none in the last hour
    ],
)
def test_too_little_recent_data_gives_no_forecast(samples):
    assert forecast(samples, session(20), NOW) is None


def test_no_forecast_without_a_reset_time_or_after_it():
    samples = staircase(20, 24, since=HOUR)
    assert forecast(samples, Limit("x", "X", SESSION, 40, None), NOW) is None
    assert forecast(samples, session(40, resets_in=-1), NOW) is None


def test_a_weekly_limit_reads_its_rate_over_the_last_day():
    samples = staircase(30, 0.5, since=86400, every=20 * MIN)  # 0.5 %/h over a day
    result = forecast(samples, weekly(samples[-1][1]), NOW)
    assert result is not None and result.rate_per_hour == pytest.approx(0.5, abs=0.1)
    short = [s for s in samples if s[0] >= NOW - 2 * HOUR]  # two hours: too little to tell
    assert forecast(short, weekly(samples[-1][1]), NOW) is None


def test_already_out_has_no_run_out_time():
    samples = staircase(80, 24, since=HOUR)
    result = forecast(samples, session(100), NOW)
    assert result is not None and result.runs_out_at is None and result.at_reset > 100


@pytest.mark.parametrize(
    ("resets_in", "even"),
    [(5 * HOUR, 0.0), (2.5 * HOUR, 50.0), (HOUR, 80.0), (0, 100.0), (6 * HOUR, 0.0)],
)
def test_even_pace_spreads_the_window_evenly(resets_in, even):
    assert even_pace(session(10, resets_in=resets_in), NOW) == pytest.approx(even)


def test_even_pace_of_a_week():
    assert even_pace(weekly(10, resets_in=3.5 * 86400), NOW) == pytest.approx(50)
    assert even_pace(Limit("x", "X", SESSION, 1, None), NOW) is None


def test_thinning_keeps_the_last_sample_of_each_stretch():
    samples = [(0.0, 1.0), (10.0, 2.0), (99.0, 3.0), (100.0, 4.0), (250.0, 5.0)]
    assert thinned(samples, 100) == ((99.0, 3.0), (100.0, 4.0), (250.0, 5.0))


def test_a_trend_keeps_at_most_a_window_of_samples_and_restarts_on_a_new_window():
    trend = None
    for i in range(5 * 60):  # a sample a minute for a whole session
        at = NOW - 5 * HOUR + i * MIN
        trend = with_sample(trend, session(i / 3, resets_in=0), at)
    assert trend is not None and len(trend.samples) <= SAMPLES_KEPT + 1
    assert trend.samples[-1] == (NOW - MIN, (5 * 60 - 1) / 3)
    nxt = with_sample(trend, session(2, resets_in=5 * HOUR), NOW)
    assert nxt == Trend("five_hour", NOW + 5 * HOUR, ((NOW, 2.0),))
    assert with_sample(trend, Limit("x", "X", SESSION, 1, None), NOW) is None


def test_the_kept_samples_still_give_the_run_out_within_five_minutes():
    trend = None
    for at, percent in staircase(20, 24, since=HOUR):
        trend = with_sample(trend, session(percent), at)
    assert trend is not None and len(trend.samples) < 30  # one per 2.5 min of the session
    result = forecast(trend.samples, session(trend.samples[-1][1]), NOW)
    truth = NOW - HOUR + (100 - 20) / 24 * HOUR
    assert result is not None and result.runs_out_at is not None
    assert abs(result.runs_out_at - truth) < 5 * MIN


def test_packed_samples_read_back_exactly():
    samples = ((1.7e9, 12.5), (1.7e9 + 60, 13.0), (1.7e9 + 120, 99.9))
    assert unpacked(packed(samples)) == samples
    assert unpacked(packed(())) == ()


@pytest.mark.parametrize(
    "raw",
    [
        packed(((1.7e9, float("nan")),)),
        packed(((float("inf"), 1.0),)),
        packed(((1.7e9, -float("inf")),)),
        packed(((1e300, 1.0),)),  # a time no date can show
        packed(((1.7e9, 1.0),))[:-1],  # cut short
        b"\x00" * 8,  # half a sample
    ],
)
def test_packed_samples_that_are_not_finite_showable_pairs_are_refused(raw):
    with pytest.raises(ValueError):
        unpacked(raw)
