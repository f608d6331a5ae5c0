"""The request budget: a token bucket that refills slowly and never lets us into a 429."""

from __future__ import annotations

from claude_usage.core.budget import (
    CAPACITY,
    REFILL_EVERY_S,
    Budget,
    available_at,
    emptied,
    level_at,
    spend,
)

NOW = 1_000_000.0


def test_a_new_budget_is_full_and_spending_takes_one():
    assert level_at(Budget(), NOW) == CAPACITY
    assert level_at(spend(Budget(), NOW), NOW) == CAPACITY - 1


def test_it_refills_one_request_per_interval_up_to_capacity():
    budget = Budget(0.0, NOW)
    assert level_at(budget, NOW + REFILL_EVERY_S) == 1
    assert level_at(budget, NOW + 100 * REFILL_EVERY_S) == CAPACITY


def test_a_burst_drains_it_and_then_it_allows_the_sustained_rate_only():
    budget, sent, now = Budget(), 0, NOW
    for _ in range(3600):  # a request attempted every second for an hour
        if level_at(budget, now) >= 1:
            budget, sent = spend(budget, now), sent + 1
        now += 1
    assert (
        sent == CAPACITY + 3600 // REFILL_EVERY_S - 1 or sent == CAPACITY + 3600 // REFILL_EVERY_S
    )
    assert sent < 27 + 3600 // 150  # inside the endpoint's measured budget


def test_a_429_empties_it_and_a_clock_set_back_refills_nothing():
    assert level_at(emptied(NOW), NOW) == 0
    assert level_at(Budget(2.0, NOW), NOW - 600) == 2.0


def test_a_clock_set_back_further_than_a_full_refill_allows_one_request_not_a_frozen_day():
    after_429 = emptied(NOW)
    assert level_at(after_429, NOW - 86400) == 1.0  # not 0 for a whole day
    assert level_at(spend(after_429, NOW - 86400), NOW - 86400 + 1) < 1  # stamped afresh
    assert level_at(Budget(7.0, NOW), NOW - 86400) == 7.0  # what is left stays left


def test_available_at():
    assert available_at(Budget(3.0, NOW), NOW) == NOW
    assert available_at(Budget(0.5, NOW), NOW) == NOW + REFILL_EVERY_S / 2
    assert available_at(Budget(0.0, NOW), NOW, needed=4) == NOW + 4 * REFILL_EVERY_S
