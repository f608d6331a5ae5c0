from __future__ import annotations

import time

import pytest

from claude_usage.core.alerts import (
    Period,
    due_alerts,
    periods_from_dict,
    periods_to_dict,
    same_period,
    unsent,
)
from claude_usage.core.model import SESSION, WEEKLY, WEEKLY_SCOPED, Limit

NOW = 1767384000.0  # 2026-01-02 20:00 UTC
RESET = NOW + 3600 + 12 * 60  # 21:12


def session(pct, resets_at=RESET):
    return Limit("five_hour", "Current session", SESSION, pct, resets_at)


def decide(periods, *limits, now=NOW, enabled=True):
    alerts, updated = due_alerts(periods, limits, now, enabled=enabled, localtime=time.gmtime)
    return [(a.level, a.title, a.body) for a in alerts], updated


ARMED = {}
WARNED = {"five_hour": Period(RESET, frozenset({75}))}
BOTH = {"five_hour": Period(RESET, frozenset({75, 90}))}


@pytest.mark.parametrize(
    ("periods", "limit", "now", "levels", "fired"),
    [
        # first sight
        (ARMED, session(40), NOW, [], set()),
        (ARMED, session(76), NOW, ["warning"], {75}),
        (ARMED, session(93), NOW, ["critical"], {75, 90}),  # jump over both: one, the critical
        # the same period, with resets_at jitter of microseconds and a second either way
        (WARNED, session(77, RESET + 0.000123), NOW, [], {75}),
        (WARNED, session(77, RESET - 1), NOW, [], {75}),
        (WARNED, session(77, RESET + 1.4), NOW, [], {75}),
        (WARNED, session(91, RESET + 0.6), NOW, ["critical"], {75, 90}),
        (BOTH, session(97, RESET - 0.4), NOW, [], {75, 90}),
        # a drop and a rise within one period do not re-arm
        (BOTH, session(40), NOW, [], {75, 90}),
        (BOTH, session(95), NOW, [], {75, 90}),
        # a new period: resets_at moved later by more than the tolerance
        (BOTH, session(80, RESET + 5 * 3600), NOW, ["warning"], {75}),
        (BOTH, session(10, RESET + 5 * 3600), NOW, [], set()),
        # a new period: the old reset time has passed
        (BOTH, session(80, RESET + 5 * 3600), RESET + 60, ["warning"], {75}),
        # a reply still describing the ended period is not judged
        (BOTH, session(97, RESET), RESET + 30, [], {75, 90}),
        # missing reset times: the period cannot be told apart, so it continues
        (WARNED, session(95, None), NOW, ["critical"], {75, 90}),
        ({"five_hour": Period(None, frozenset({75, 90}))}, session(95, None), NOW, [], {75, 90}),
        ({"five_hour": Period(None, frozenset({75}))}, session(80), NOW, [], {75}),
    ],
)
def test_due_alerts(periods, limit, now, levels, fired):
    alerts, updated = decide(periods, limit, now=now)
    assert [a[0] for a in alerts] == levels
    assert updated["five_hour"].fired == fired


def test_notifications_off_sends_nothing_but_still_tracks():
    alerts, updated = decide({}, session(93), enabled=False)
    assert alerts == [] and updated["five_hour"].fired == {75, 90}
    alerts, _ = decide(updated, session(95), enabled=True)
    assert alerts == []  # turning them back on does not replay old alerts


def test_text():
    (alert,), _ = decide({}, session(91.4))
    assert alert == (
        "critical",
        "Claude usage: session at 91%",
        "Critical: 9% left until 21:12 (in 1h 12m)",
    )
    (alert,), _ = decide({}, Limit("seven_day", "All models", WEEKLY, 75.0, NOW + 3 * 86400))
    assert alert == (
        "warning",
        "Claude usage: weekly limit at 75%",
        "Warning: 25% left until Mon 20:00 (in 3d)",
    )
    (alert,), _ = decide({}, Limit("seven_day_opus", "Opus 4.1 only", WEEKLY_SCOPED, 88, None))
    assert alert == ("warning", "Claude usage: Opus 4.1 weekly limit at 88%", "Warning: 12% left")
    (alert,), _ = decide({}, session(100))
    assert alert == (
        "blocked",
        "Claude usage: session at 100%",
        "You are blocked until 21:12 (in 1h 12m)",
    )
    (alert,), _ = decide({}, Limit("seven_day_opus", "Opus 4.1 only", WEEKLY_SCOPED, 100, None))
    assert alert == (
        "blocked",
        "Claude usage: Opus 4.1 weekly limit at 100%",
        "You are blocked from Opus 4.1 until the limit resets",
    )


BLOCKED = {"five_hour": Period(RESET, frozenset({75, 90}), True)}


@pytest.mark.parametrize(
    ("periods", "steps"),
    [
        # 75, then 90, then the limit itself: three notifications, each once
        (ARMED, [(76, ["warning"]), (91, ["critical"]), (100, ["blocked"]), (100, [])]),
        (WARNED, [(100, ["blocked"]), (97, []), (100, [])]),  # a dip below does not re-arm
        (BOTH, [(99.9, []), (100, ["blocked"]), (103, [])]),
        (ARMED, [(100, ["blocked"]), (91, [])]),  # first sight at the limit: only the worst news
        (BLOCKED, [(100, [])]),  # told already (also what older versions recorded at 100 %)
    ],
)
def test_hitting_a_limit_is_told_once_per_period_after_75_and_90(periods, steps):
    for percent, levels in steps:
        alerts, periods = decide(periods, session(percent))
        assert [a[0] for a in alerts] == levels, percent
    assert periods["five_hour"].fired == {75, 90} and periods["five_hour"].blocked


def test_hitting_a_limit_again_in_the_next_period_is_told_again():
    _, periods = decide({}, session(100))
    later = RESET + 5 * 3600
    alerts, _ = decide(periods, session(100, later), now=RESET + 10)
    assert [a[0] for a in alerts] == ["blocked"]


def test_a_blocked_notice_not_handed_over_comes_due_again():
    alerts, periods = due_alerts(BOTH, [session(100)], NOW)
    assert [a.level for a in alerts] == ["blocked"]
    kept = unsent(periods, BOTH, alerts)
    assert kept == BOTH
    assert [a.level for a in due_alerts(kept, [session(100)], NOW)[0]] == ["blocked"]


def test_notifications_off_does_not_replay_the_blocked_notice():
    _, periods = decide(BOTH, session(100), enabled=False)
    assert decide(periods, session(100))[0] == []


def test_a_quiet_note_when_a_limit_you_hit_resets():
    _, periods = decide({}, session(100))
    alerts, periods = decide(periods, session(3, RESET + 5 * 3600), now=RESET + 10)
    assert alerts == [
        ("reset", "Claude usage: session has reset", "You can use Claude again: 3% used")
    ]
    assert decide(periods, session(4, RESET + 5 * 3600), now=RESET + 70)[0] == []


def test_each_limit_is_tracked_on_its_own():
    weekly = Limit("seven_day", "All models", WEEKLY, 80.0, NOW + 86400 * 3)
    alerts, periods = decide({}, session(76), weekly)
    assert [a[1] for a in alerts] == [
        "Claude usage: session at 76%",
        "Claude usage: weekly limit at 80%",
    ]
    assert decide(periods, session(77), weekly)[0] == []


def test_limits_missing_from_a_reply_keep_their_record():
    _, periods = decide({}, session(80))
    _, periods = decide(periods)  # the window came back null once
    assert decide(periods, session(81))[0] == []


def test_long_ended_periods_are_forgotten():
    periods = {"old": Period(NOW - 9 * 86400, frozenset({75}))}
    assert "old" not in decide(periods, session(1))[1]


@pytest.mark.parametrize(
    ("before", "after", "now", "same"),
    [
        (RESET, RESET, NOW, True),
        (RESET, RESET + 0.9, NOW, True),
        (RESET, RESET - 1, NOW, True),
        (RESET, RESET + 299, NOW, True),
        (RESET, RESET + 301, NOW, False),
        (RESET, RESET - 301, NOW, False),  # moved earlier by more than jitter: not this period
        (RESET, RESET + 5 * 3600, RESET + 0.5, False),
        (RESET, RESET, RESET + 2, False),  # its reset time has passed
        (None, RESET, NOW, True),
        (RESET, None, NOW, True),
        (RESET, None, RESET + 2, False),
    ],
)
def test_same_period(before, after, now, same):
    assert same_period(before, after, now) is same


def test_state_round_trip_and_corrupt_files():
    periods = {"five_hour": Period(RESET, frozenset({75}), True), "x": Period(None)}
    assert periods_from_dict(periods_to_dict(periods)) == periods
    for broken in (
        None,
        [],
        "x",
        {"version": 2},
        {"version": 1, "limits": {"a": "junk"}},
        {"version": 1, "limits": {"a": [None, ["x"], False]}},
    ):
        assert periods_from_dict(broken) == {}


@pytest.mark.parametrize(
    ("before", "limit", "expected"),
    [
        (ARMED, session(80), ARMED),  # first sight: forgotten, so judged afresh
        (WARNED, session(95), WARNED),  # the critical one stays due, the warning stays sent
        ({"five_hour": Period(NOW - 60, frozenset({75}), True)}, session(80), None),  # reset too
    ],
)
def test_an_alert_that_was_not_handed_over_comes_due_again(before, limit, expected):
    alerts, periods = due_alerts(before, [limit], NOW)
    kept = unsent(periods, before, alerts)
    assert kept == (before if expected is None else expected)
    again, _ = due_alerts(kept, [limit], NOW)
    assert [a.title for a in again] == [a.title for a in alerts]


def test_alerts_handed_over_are_remembered():
    _, periods = due_alerts(ARMED, [session(80)], NOW)
    assert unsent(periods, ARMED, []) == periods
    assert due_alerts(periods, [session(80)], NOW)[0] == []
