"""Absurd numbers, odd Retry-After values and clock jumps, through the whole plugin.

Each case once broke the menu (a traceback, "Internal error") or the request
spacing; each runs claude_usage.1m.py as a subprocess with a temp HOME.
"""

from __future__ import annotations

import json
import time

import pytest

from claude_usage.core.record import replace
from claude_usage.store import load_state, store_state
from conftest import Reply, fixture_reply, run_plugin, write_claude_credentials

H = 3600


@pytest.fixture
def signed_in(isolated):
    write_claude_credentials(isolated / "home")
    return isolated


def menu(server, *args, **env):
    done = run_plugin(*args, env_extra={"CLAUDE_USAGE_API_URL": server.url, **env})
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert "Internal error" not in out
    return out


def shifted(folder, by_s: float) -> None:
    """Move every time in the stored state by `by_s`: the clock jumped by -by_s since."""
    state = load_state(str(folder), "claude-code")
    snap = state.snapshot
    assert snap is not None
    limits = tuple(
        replace(lim, resets_at=None if lim.resets_at is None else lim.resets_at + by_s)
        for lim in snap.limits
    )
    store_state(
        str(folder),
        "claude-code",
        replace(
            state,
            snapshot=replace(snap, fetched_at=snap.fetched_at + by_s, limits=limits),
            failure=state.failure and replace(state.failure, at=state.failure.at + by_s),
            retry_at=state.retry_at and state.retry_at + by_s,
            budget=replace(state.budget, at=state.budget.at + by_s),
        ),
    )


def test_overflowing_and_out_of_range_numbers_show_clamped_and_json_keeps_them(server, signed_in):
    body = fixture_reply("usage_max20x.json", time.time())
    body["seven_day"]["utilization"] = -5
    body["seven_day_sonnet"]["utilization"] = 1e20
    body["extra_usage"] = {"is_enabled": True, "monthly_limit": 5000, "used_credits": 1e308}
    server.play(Reply(200, body))
    for _ in range(2):  # the fetch, then the same numbers from the cache
        out = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
        assert out.splitlines()[0] == "○ 24% · ⛔ Sonnet | color=#FF453A emojize=false"
        assert "24% used" in out and "  0% used" in out and "999% used" in out
        assert "over $1,000,000,000.00 / $50.00" in out
        assert "param2=--refresh" in out
    report = json.loads(menu(server, "--json"))
    assert [lim["percent"] for lim in report["limits"]] == [24.0, -5.0, 1e20]
    assert report["extra_usage"]["used"] == 1e306
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("²", "retrying in 1m"),  # not a number to HTTP: the 60 s floor
        ("99999999999", "retrying in 3h"),  # 3,000 years: capped, then asked again
        ("9" * 400, "retrying in 3h"),  # inf once parsed
    ],
)
def test_an_odd_retry_after_is_recorded_and_capped(server, signed_in, header, shown):
    server.play(Reply(429, "", {"Retry-After": header}))
    out = menu(server)
    assert f"Rate limited, {shown}" in out
    menu(server)
    menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
    assert len(server.requests) == 1  # the 429 was recorded: no more requests meanwhile
    report = json.loads(menu(server, "--json"))
    assert report["error"]["kind"] == "rate_limited" and report["error"]["retry_at"]


@pytest.mark.parametrize(
    "failure", [Reply(500, "oops"), Reply(429, "", {"Retry-After": "60"})], ids=["500", "429"]
)
def test_a_clock_set_back_a_day_after_a_failure_does_not_stop_fetching(server, signed_in, failure):
    cache = signed_in / "cache"
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    menu(server)
    server.play(failure)
    menu(server, "--refresh")
    shifted(cache, 86400)  # the failure, its retry time and the budget: now a day ahead
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out = menu(server)
    assert len(server.requests) == 3  # asked again at once, not a day later
    assert "61% used" in out and "Rate limited" not in out and "⚠" not in out


def test_after_a_sleep_offline_a_window_that_reset_is_not_shown_as_its_old_figure(
    server, signed_in
):
    body = fixture_reply("usage_max20x.json", time.time())  # the session resets in 2 h
    body["five_hour"]["utilization"] = 96.0
    server.play(Reply(200, body))
    assert menu(server).startswith("◕ 96% | color=#FF453A")
    shifted(signed_in / "cache", -6 * H)  # fetched 6 h ago; the session reset 4 h ago
    server.play(Reply(503, "down"))
    out = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="WakeFromSleep")
    title = out.splitlines()[0]
    assert "96" not in title and "FF453A" not in title and "⛔" not in title
    assert "Current session · reset 4h ago, waiting for new numbers" in out
    assert "was 96% before the reset" in out
    assert "36% used" in out  # the weekly figure is still current, and stays
