"""The run-out warning: once per period, only with a real lead, and never flapping."""

from __future__ import annotations

import time

import pytest

from claude_usage.core.alerts import RUN_OUT, periods_from_dict, periods_to_dict
from claude_usage.core.model import SESSION, Limit
from claude_usage.core.pace import Forecast
from claude_usage.core.runout import LEAD_S, all_due

NOW = 1767384000.0  # 20:00 UTC
RESET = NOW + 3 * 3600
MIN = 60


def session(percent=50.0, resets_at=RESET):
    return Limit("claude-code/five_hour", "Current session", SESSION, percent, resets_at)


def lead(seconds, resets_at=RESET):
    """A forecast that runs out `seconds` before the reset."""
    return Forecast(20.0, 120.0, resets_at - seconds)


def judge(periods, course, limit=None, now=NOW, enabled=True):
    limit = limit or session()
    courses = {} if course is None else {limit.key: course}
    return all_due(periods, [limit], courses, now, enabled=enabled, localtime=time.gmtime)


@pytest.mark.parametrize(
    ("course", "fires"),
    [
        (lead(LEAD_S + MIN), True),
        (lead(LEAD_S - MIN), False),  # out, but too close to the reset to matter
        (Forecast(5.0, 60.0, None), False),  # it lasts
        (None, False),  # too little data
    ],
)
def test_it_fires_only_with_a_lead_beyond_the_line(course, fires):
    alerts, _ = judge({}, course)
    assert [a.level for a in alerts] == (["run-out"] if fires else [])


def test_the_warning_says_when_and_how_early():
    (alert,) = judge({}, lead(80 * MIN))[0]
    assert alert.title == "Claude usage: session runs out early"
    assert alert.body == "At this pace it runs out at 21:40, 1h 20m before it resets"


def test_an_estimate_hovering_around_the_line_warns_once():
    periods, titles = {}, []
    for minutes in (16, 14, 16, 14, 17, 13, 30):
        alerts, periods = judge(periods, lead(minutes * MIN))
        titles += [a.title for a in alerts]
    assert titles == ["Claude usage: session runs out early"]


def test_a_new_period_can_warn_again():
    _, periods = judge({}, lead(60 * MIN))
    later = NOW + 3 * 3600 + MIN
    nxt = session(resets_at=later + 5 * 3600)
    alerts, _ = judge(periods, lead(60 * MIN, nxt.resets_at), nxt, now=later)
    assert [a.level for a in alerts] == ["run-out"]


def test_off_sends_nothing_and_does_not_warn_later_in_the_period():
    alerts, periods = judge({}, lead(60 * MIN), enabled=False)
    assert alerts == []
    assert judge(periods, lead(60 * MIN))[0] == []  # the same rule as the 75/90 % alerts


def test_already_out_is_for_the_threshold_alerts_only():
    alerts, _ = judge({}, lead(60 * MIN), session(100))
    assert [a.level for a in alerts] == ["blocked"]  # the 100 % notice, not a forecast


def test_the_mark_survives_the_alerts_file():
    _, periods = judge({}, lead(60 * MIN))
    assert RUN_OUT in periods_from_dict(periods_to_dict(periods))["claude-code/five_hour"].fired
