from __future__ import annotations

import time

import pytest

from claude_usage.core.words import (
    bounded_percent,
    clock_time,
    describe_reset,
    format_age,
    format_duration,
    shown_percent,
)

NOW = 1767384000.0  # Friday 2026-01-02 20:00 UTC


def utc(moment: float) -> time.struct_time:
    return time.gmtime(moment)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1m"),
        (59, "1m"),
        (60, "1m"),
        (61, "2m"),
        (45 * 60, "45m"),
        (59 * 60 + 1, "1h"),
        (3600, "1h"),
        (2 * 3600 + 13 * 60, "2h 13m"),
        (2 * 3600 + 12 * 60 + 1, "2h 13m"),
        (23 * 3600 + 59 * 60 + 30, "1d"),
        (24 * 3600, "1d"),
        (3 * 86400 + 4 * 3600, "3d 4h"),
        (3 * 86400 + 4 * 3600 + 40 * 60, "3d 5h"),
        (6 * 86400 + 23 * 3600 + 50 * 60, "7d"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "0s ago"),
        (0, "0s ago"),
        (12.7, "12s ago"),
        (60, "1m ago"),
        (3599, "59m ago"),
        (7200, "2h ago"),
        (3 * 86400, "3d ago"),
    ],
)
def test_format_age(seconds, text):
    assert format_age(seconds) == text


@pytest.mark.parametrize(
    ("resets_in", "text"),
    [
        (None, ""),
        (-1, "resetting…"),
        (0, "resetting…"),
        (45 * 60, "resets in 45m"),
        (2 * 3600 + 13 * 60, "resets in 2h 13m"),
        (3 * 86400 + 4 * 3600 - 20 * 3600, "resets in 2d 8h · Mon 04:00"),
        (3 * 86400 + 4 * 3600, "resets in 3d 4h · Tue 00:00"),
    ],
)
def test_describe_reset(resets_in, text):
    resets_at = None if resets_in is None else NOW + resets_in
    assert describe_reset(resets_at, NOW, localtime=utc) == text


def test_describe_reset_uses_local_time():
    plus_two = lambda moment: time.gmtime(moment + 7200)  # noqa: E731 - a UTC+2 clock
    assert describe_reset(NOW + 2 * 86400, NOW, localtime=plus_two) == "resets in 2d · Sun 22:00"


@pytest.mark.parametrize(("later", "text"), [(3600, "21:00"), (5 * 3600, "Sat 01:00")])
def test_clock_time_names_the_day_unless_today(later, text):
    assert clock_time(NOW + later, NOW, localtime=utc) == text


@pytest.mark.parametrize(
    ("pct", "shown"), [(0.4, 0), (42.5, 42), (99.6, 99), (100, 100), (104.5, 104)]
)
def test_shown_percent_never_reaches_100_early(pct, shown):
    assert shown_percent(pct) == shown


@pytest.mark.parametrize(
    ("percent", "bounded", "shown"),
    [
        (42.4, 42.4, 42),
        (-5.0, 0.0, 0),
        (1e20, 999.0, 999),
        (float("inf"), 999.0, 999),
        (float("nan"), 0.0, 0),  # only a corrupt cache could hold one
    ],
)
def test_what_a_menu_shows_is_between_0_and_999(percent, bounded, shown):
    assert bounded_percent(percent) == bounded
    assert shown_percent(percent) == shown
