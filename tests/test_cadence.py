"""When a run asks the endpoint: the pure policy, as a table of (state, now, reason) -> decision."""

from __future__ import annotations

import pytest

from claude_usage.core.budget import CAPACITY, CLICK_RESERVE, REFILL_EVERY_S, Budget
from claude_usage.core.cadence import (
    CLICK,
    MENU_OPEN,
    SCHEDULE,
    WAKE,
    decide,
    interval,
    is_fresh,
)
from claude_usage.core.model import SESSION, Limit, Snapshot
from claude_usage.core.state import Failure, UsageState

NOW = 1_000_000.0
H = 3600


def snap(age, resets_in=2 * H):
    return Snapshot(
        NOW - age, (Limit("five_hour", "Current session", SESSION, 42.0, NOW + resets_in),)
    )


def state(age=5.0, *, level=CAPACITY, unchanged=0, resets_in=2 * H, **kw):
    return UsageState(
        snapshot=snap(age, resets_in), budget=Budget(level, NOW), unchanged=unchanged, **kw
    )


def limited(forced=False, retry_in=100):
    failure = Failure("rate_limited", "Rate limited", NOW - 10, False, forced)
    return state(failure=failure, retry_at=NOW + retry_in, level=0)


@pytest.mark.parametrize(
    ("case", "reason", "fetch", "held"),
    [
        (UsageState(), SCHEDULE, True, False),  # nothing cached
        (state(5), SCHEDULE, False, False),
        (state(25), SCHEDULE, False, False),  # not due: 60 s while the numbers move
        (state(51), SCHEDULE, True, False),  # due at 60 s, less a tick's jitter
        (state(51, level=0.5), SCHEDULE, False, True),  # due, but the budget says wait
        (state(200, unchanged=3), SCHEDULE, False, False),  # steady: every 5 min
        (state(291, unchanged=3), SCHEDULE, True, False),
        (state(500, unchanged=6), SCHEDULE, False, False),  # steadier: every 10 min
        (state(591, unchanged=6), SCHEDULE, True, False),
        (state(100, unchanged=6, resets_in=-25), SCHEDULE, True, False),  # a reset just passed
        (state(100, unchanged=6, resets_in=-5), SCHEDULE, False, False),  # …given 20 s to land
        (state(-3600), SCHEDULE, True, False),  # a clock set back: the age is not trusted
        (state(5), MENU_OPEN, False, False),  # the 20-second rule
        (state(25), MENU_OPEN, True, False),
        (state(25, level=CLICK_RESERVE + 0.9), MENU_OPEN, False, True),  # clicks' reserve
        (state(25, level=CLICK_RESERVE + 1), MENU_OPEN, True, False),
        (state(5), CLICK, True, False),  # Refresh always asks, budget allowing
        (state(5, level=1), CLICK, True, False),  # the reserve is for exactly this
        (state(5, level=0.2), CLICK, False, True),  # never into a 429
        (limited(), CLICK, False, True),
        (
            state(5, failure=Failure("api_unavailable", "x", NOW), retry_at=NOW + 20),
            CLICK,
            True,
            False,
        ),
        (limited(), SCHEDULE, False, False),  # no request before Retry-After has passed
        (limited(), MENU_OPEN, False, False),
        (  # the wait is over and the numbers are due, but the 429 emptied the bucket
            state(60, level=0, failure=Failure("rate_limited", "x", NOW - 60), retry_at=NOW - 1),
            SCHEDULE,
            False,
            True,
        ),
        # the clock set back a day after a failure leaves its retry time a day ahead …
        (  # … after a 500, a timeout or a 429: not trusted, so a run fetches again
            UsageState(
                snapshot=snap(-86400),
                failure=Failure("api_unavailable", "x", NOW + 86400),
                retry_at=NOW + 86400 + 30,
            ),
            SCHEDULE,
            True,
            False,
        ),
        (
            UsageState(
                snapshot=snap(-86400),
                failure=Failure("rate_limited", "x", NOW + 86400),
                retry_at=NOW + 86400 + 60,
                budget=Budget(0.0, NOW + 86400),
            ),
            SCHEDULE,
            True,
            False,
        ),
        (state(30), WAKE, False, False),
        (state(55), WAKE, True, False),  # after sleep, stale numbers are fetched at once
        (state(55, unchanged=6), WAKE, True, False),
        (
            state(55, failure=Failure("api_unavailable", "x", NOW), retry_at=NOW + 5),
            WAKE,
            False,
            False,
        ),
    ],
)
def test_decide(case, reason, fetch, held):
    decision = decide(case, NOW, reason)
    assert (decision.fetch, decision.held) == (fetch, held)


def test_a_click_during_a_rate_limit_waits_for_retry_after_even_with_budget_left():
    case = limited(retry_in=400)
    case = UsageState(**{**{f: getattr(case, f) for f in case._fields}, "budget": Budget(5, NOW)})
    decision = decide(case, NOW, CLICK)
    assert (decision.fetch, decision.held, decision.next_at) == (False, True, NOW + 400)


def test_held_back_says_when_the_next_request_is_possible():
    decision = decide(state(60, level=0.5), NOW, SCHEDULE)
    assert decision.held and decision.next_at == NOW + 0.5 * REFILL_EVERY_S


@pytest.mark.parametrize(("unchanged", "every"), [(0, 60), (2, 60), (3, 300), (5, 300), (6, 600)])
def test_the_cadence_stretches_while_nothing_changes(unchanged, every):
    assert interval(unchanged) == every


def test_a_live_status_line_feed_slows_fetching_to_every_5_minutes():
    fed = state(100, fed_at=NOW - 30)
    assert not decide(fed, NOW, SCHEDULE).fetch
    assert decide(state(100, fed_at=NOW - 400), NOW, SCHEDULE).fetch  # the feed went quiet


@pytest.mark.parametrize(("age", "fresh"), [(0, True), (19.9, True), (20, False), (-30, False)])
def test_is_fresh_is_the_20_second_rule(age, fresh):
    # -30: a clock that went backwards is not trusted to mean fresh
    assert is_fresh(UsageState(snapshot=Snapshot(NOW - age, ())), NOW) is fresh
