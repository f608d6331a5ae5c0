from __future__ import annotations

import pytest

from claude_usage.core.model import SESSION, Limit, Snapshot
from claude_usage.core.state import (
    FAILURE_RETRY_S,
    MAX_WAIT_S,
    REJECTED_RETRY_S,
    Failure,
    UsageState,
    failed,
    fed,
    rate_limit_wait,
    rate_limited,
    state_from_dict,
    state_to_dict,
    succeeded,
    waiting_until,
)

NOW = 1_000_000.0
SNAP = Snapshot(NOW - 5, (Limit("five_hour", "Current session", SESSION, 42.0, NOW + 60),))


def failure(kind="api_unavailable", at=NOW, needs_user=False, forced=False):
    return Failure(kind, "it broke", at, needs_user, forced)


@pytest.mark.parametrize(
    ("retry_after", "streak", "wait"),
    [
        (None, 1, 60),  # no Retry-After: the floor
        (0, 1, 60),  # Retry-After 0 still means not right now
        (30, 1, 60),
        (120, 1, 120),
        (None, 2, 120),  # doubling per 429 in a row
        (None, 3, 240),
        (None, 5, 960),
        (None, 6, 1800),  # capped at 30 minutes
        (None, 12, 1800),
        (120, 4, 960),
        (3600, 1, 3600),  # a longer Retry-After is honoured past the cap
        (3600, 9, 3600),
        (99_999_999_999, 1, MAX_WAIT_S),  # a Retry-After of 3,000 years: asked again in 3 h
        (float("inf"), 1, MAX_WAIT_S),  # 400 digits parse as inf
        (None, 1025, 1800),  # the 1,025th 429 in a row: no OverflowError
        (None, 10**6, 1800),
    ],
)
def test_rate_limit_wait(retry_after, streak, wait):
    assert rate_limit_wait(retry_after, streak) == wait


def test_consecutive_429s_double_the_wait_and_success_resets_it():
    state = UsageState(snapshot=SNAP)
    state = rate_limited(state, failure("rate_limited"), retry_after=None)
    assert (state.rate_limit_streak, state.retry_at) == (1, NOW + 60)
    state = rate_limited(state, failure("rate_limited", at=NOW + 60), retry_after=None)
    assert (state.rate_limit_streak, state.retry_at) == (2, NOW + 60 + 120)
    assert state.snapshot == SNAP  # the last good numbers stay
    state = succeeded(state, SNAP, "claude-code")
    assert (state.rate_limit_streak, state.retry_at, state.failure) == (0, None, None)


@pytest.mark.parametrize(
    ("kind", "needs_user", "retry_at"),
    [
        ("api_unavailable", False, NOW + FAILURE_RETRY_S),
        ("token_rejected", True, NOW + REJECTED_RETRY_S),
        ("no_token", True, None),  # nothing was sent: look again on the next run
        ("token_expired", True, None),
    ],
)
def test_failures_keep_numbers_and_set_a_retry_time(kind, needs_user, retry_at):
    state = failed(UsageState(snapshot=SNAP, rate_limit_streak=3), failure(kind, NOW, needs_user))
    assert state.snapshot == SNAP
    assert state.retry_at == retry_at
    assert state.rate_limit_streak == 0


def test_state_round_trips_through_its_file_form():
    state = rate_limited(
        UsageState(snapshot=SNAP, source="manual"), failure("rate_limited", forced=True), 90
    )
    assert state_from_dict(state_to_dict(state)) == state


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "x",
        {},
        {"version": 2, "snapshot": None},
        {"version": 1, "failure": "bad"},
        {"version": 1, "retry_at": "soon"},
    ],
)
def test_broken_or_foreign_state_is_empty(data):
    state = state_from_dict(data)
    assert state.failure is None and state.retry_at is None


def test_broken_snapshot_inside_good_file_is_dropped():
    data = state_to_dict(UsageState(snapshot=SNAP))
    data["snapshot"]["limits"] = [["five_hour", "x"]]
    assert state_from_dict(data).snapshot is None


def test_a_failed_click_during_a_rate_limit_keeps_its_wait():
    limited = rate_limited(UsageState(snapshot=SNAP), failure("rate_limited"), 3600)
    after_click = failed(limited, failure("api_unavailable", at=NOW + 5, forced=True))
    assert after_click.retry_at == NOW + 3600


def test_the_feed_updates_session_and_weekly_and_keeps_the_rest():
    weekly = Limit("seven_day", "All models", "weekly", 10.0, NOW + 86400)
    scoped = Limit("seven_day_opus", "Opus only", "weekly_scoped", 5.0, NOW + 86400)
    state = UsageState(snapshot=Snapshot(NOW - 600, (SNAP.limits[0], weekly, scoped)))
    session = Limit("five_hour", "Current session", SESSION, 55.0, NOW + 3000)
    after = fed(state, (session, Limit("seven_day", "All models", "weekly", 12.0, None)), NOW)
    assert [lim.percent for lim in after.snapshot.limits] == [55.0, 12.0, 5.0]
    assert after.snapshot.fetched_at == NOW - 600  # the other limits keep their own age
    assert after.fed_at == NOW


def test_a_fetch_that_started_before_a_feed_keeps_the_feeds_numbers():
    session = Limit("five_hour", "Current session", SESSION, 55.0, NOW + 3000)
    state = fed(UsageState(snapshot=SNAP), (session,), NOW + 10)
    fetched = Snapshot(NOW + 5, (Limit("five_hour", "Current session", SESSION, 50.0, NOW),))
    assert succeeded(state, fetched, "claude-code").snapshot.limits == (session,)
    later = Snapshot(NOW + 20, fetched.limits)
    assert succeeded(state, later, "claude-code").snapshot.limits == later.limits


def test_unchanged_fetches_are_counted_and_a_change_resets_the_count():
    state = succeeded(UsageState(), SNAP, "claude-code")
    assert state.unchanged == 0
    state = succeeded(state, Snapshot(NOW + 60, SNAP.limits), "claude-code")
    state = succeeded(state, Snapshot(NOW + 120, SNAP.limits), "claude-code")
    assert state.unchanged == 2
    moved = (Limit("five_hour", "Current session", SESSION, 43.0, NOW + 60),)
    assert succeeded(state, Snapshot(NOW + 180, moved), "claude-code").unchanged == 0


def test_a_repeated_feed_is_written_only_when_it_says_something_new():
    from claude_usage.core.state import FEED_KEPT_S, feed_is_news

    session = Limit("five_hour", "Current session", SESSION, 55.0, NOW + 3000)
    state = fed(UsageState(snapshot=SNAP), (session,), NOW)
    assert not feed_is_news(state, (session,), NOW + 5)  # Claude Code calls every few seconds
    jittered = Limit("five_hour", "Current session", SESSION, 55.0, NOW + 3000.6)
    assert not feed_is_news(state, (jittered,), NOW + 5)
    moved = Limit("five_hour", "Current session", SESSION, 56.0, NOW + 3000)
    assert feed_is_news(state, (moved,), NOW + 5)
    assert feed_is_news(state, (session,), NOW + FEED_KEPT_S)  # the age is worth refreshing
    assert feed_is_news(UsageState(snapshot=SNAP), (session,), NOW)


@pytest.mark.parametrize(
    ("retry_in", "waiting"),
    [
        (None, False),
        (-1, False),  # over
        (60, True),
        (MAX_WAIT_S, True),
        (MAX_WAIT_S + 1, False),  # further ahead than we ever wait: the clock went back
        (86400, False),
    ],
)
def test_a_retry_time_is_trusted_only_as_far_ahead_as_we_ever_wait(retry_in, waiting):
    state = UsageState(retry_at=None if retry_in is None else NOW + retry_in)
    assert (waiting_until(state, NOW) is not None) is waiting


def test_a_long_streak_of_429s_never_overflows():
    state = UsageState(snapshot=SNAP, rate_limit_streak=1024)
    state = rate_limited(state, failure("rate_limited"), retry_after=None)
    assert state.retry_at == NOW + 1800
