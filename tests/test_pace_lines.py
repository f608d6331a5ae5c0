"""The pace lines under each limit: what they say, when they say nothing, and for every host."""

from __future__ import annotations

import time

import pytest

from claude_usage.core.pace import Trend
from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Host
from claude_usage.render.menu import render_menu
from claude_usage.render.pace import even_pace_text
from conftest import lint
from sample_views import NOW, XB, session, view, weekly

MIN = 60.0


def climb(key, resets_at, start, per_hour, minutes=60):
    samples = tuple(
        (NOW - (minutes - i) * MIN, start + per_hour * i / 60) for i in range(minutes + 1)
    )
    return Trend(key, resets_at, samples)


def render(v, host=XB):
    return render_menu(v, host, now=NOW, localtime=time.gmtime)


def block(lines, heading):
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    return lines[start + 2 : start + 4]


def test_a_fast_climb_says_when_it_runs_out_and_how_early():
    limit = session(60, resets_in=3 * 3600)  # 20 %/h from 60: out in 2 h, an hour early
    lines = render(view(limit, trends=(climb("five_hour", limit.resets_at, 40, 20),)))
    assert block(lines, "Current session") == [
        "▲ at this pace: out at 22:00, 1h before reset | size=12 color=#FF9F0A",
        "20% ahead of an even pace (even pace: 40% by now) | size=12 color=#98989D",
    ]


def test_running_out_within_the_hour_is_red():
    limit = session(90, resets_in=3 * 3600)
    lines = render(view(limit, trends=(climb("five_hour", limit.resets_at, 70, 20),)))
    assert "▲ at this pace: out at 20:30, 2h 30m before reset | size=12 color=#FF453A" in lines


def test_a_slow_climb_gives_the_percent_at_reset():
    limit = session(30, resets_in=2 * 3600)  # 6 %/h: 42 at reset
    lines = render(view(limit, trends=(climb("five_hour", limit.resets_at, 24, 6),)))
    assert block(lines, "Current session") == [
        "on pace for ~42% at reset | size=12 color=#98989D",
        "30% behind an even pace (even pace: 60% by now) | size=12 color=#98989D",
    ]


def test_no_use_lately_is_steady():
    limit = weekly(50, resets_in=3.5 * 86400)
    flat = Trend(
        "seven_day", limit.resets_at, tuple((NOW - i * 3600, 50.0) for i in range(8, -1, -1))
    )
    lines = render(view(limit, trends=(flat,)))
    assert block(lines, "All models") == [
        "steady: hardly any use lately | size=12 color=#98989D",
        "on an even pace (even pace: 50% by now) | size=12 color=#98989D",
    ]


def test_too_little_data_or_another_window_shows_no_pace_line():
    limit = session(60, resets_in=3 * 3600)
    few = Trend("five_hour", limit.resets_at, ((NOW - 60, 59.0), (NOW, 60.0)))
    plain = render(view(limit))
    assert render(view(limit, trends=(few,))) == plain
    old_window = climb("five_hour", limit.resets_at - 5 * 3600, 40, 20)
    assert len(render(view(limit, trends=(old_window,)))) <= len(plain) + 2  # samples too old


@pytest.mark.parametrize(
    ("percent", "text"), [(61, "21% ahead of"), (39.5, "on an even"), (10, "30% behind")]
)
def test_even_pace_wording(percent, text):
    assert even_pace_text(session(percent, resets_in=3 * 3600), NOW).startswith(text)


@pytest.mark.parametrize("host", [Host(SWIFTBAR), Host(XBAR), Host(ARGOS)])
def test_pace_lines_pass_the_host_format_checker(host):
    limit = session(60, resets_in=3 * 3600)
    text = "\n".join(
        render(view(limit, trends=(climb("five_hour", limit.resets_at, 40, 20),)), host)
    )
    assert "▲ at this pace" in text
    assert lint(text, host=host.name) == []
