from __future__ import annotations

import time

import pytest

from claude_usage.core.model import SESSION, WEEKLY_SCOPED, ExtraUsage, Limit
from claude_usage.core.state import Failure
from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Host
from claude_usage.render.menu import render_menu
from claude_usage.sources import MANUAL
from conftest import lint
from sample_views import NOW, SW, XB, scoped, session, view, weekly


def render(v, host=XB):
    return render_menu(v, host, now=NOW, localtime=time.gmtime)


def test_blocks_show_name_reset_bar_and_percent():
    lines = render(view(session(42), weekly(63), scoped(12)))
    assert lines[2:8] == [
        "Current session · resets in 2h 13m",
        "████████░░░░░░░░░░░░  42% used | font=Menlo size=12 color=#0A84FF",
        "All models · resets in 3d 4h · Tue 00:00",
        "█████████████░░░░░░░  63% used | font=Menlo size=12 color=#FFD60A",
        "Sonnet only · resets in 5d · Wed 20:00 | emojize=false",
        "██░░░░░░░░░░░░░░░░░░  12% used | font=Menlo size=12 color=#0A84FF",
    ]


def test_api_model_names_are_sanitised():
    lines = render(view(session(1), scoped(5, "Evil|Model\n---", "weekly:x")), Host(SWIFTBAR))
    assert "Evil│Model ---" in "\n".join(lines)
    assert not lint("\n".join(lines), host=SWIFTBAR)


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        (ExtraUsage(1234, 100000), "$12.34 / $1,000.00"),
        (ExtraUsage(0, 2000), "$0.00 / $20.00"),
        (ExtraUsage(987654, None), "$9,876.54 spent this month"),
        (ExtraUsage(500, 10000, "EUR"), "5.00 EUR / 100.00 EUR"),
    ],
)
def test_extra_usage_in_currency_units(extra, text):
    joined = "\n".join(render(view(session(1), extra=extra)))
    assert text in joined
    assert ("uncapped" in joined) is (extra.limit_cents is None)


def test_footer():
    lines = render(view(session(1), fetched_ago=12))
    assert "Updated 12s ago | color=#98989D" in lines
    assert "Account: Claude Code | color=#98989D emojize=false" in lines
    assert (
        "Refresh | bash=/usr/bin/env param1=/p/claude_usage.1m.py param2=--refresh"
        " terminal=false refresh=true" in lines
    )
    assert "Open usage page… | href=https://claude.ai/settings/usage" in lines


def test_settings_mark_the_active_choice_as_text_under_xbar_and_checked_under_swiftbar():
    xbar = render(view(session(1), account=MANUAL, notifications=False))
    assert any(line.startswith("--✓ Manual token| ") for line in xbar)  # the primary account
    assert any(line.startswith("--✓ Notifications: Off| ") for line in xbar)
    swift = render(view(session(1), account=MANUAL), SW)
    manual = next(line for line in swift if line.startswith("--Manual token"))
    assert "checked=true" in manual and "param3=primary param4=manual" in manual
    assert "checked" not in next(line for line in swift if "Notifications: Off" in line)


def test_rate_limit_keeps_numbers_with_age_and_a_cue():
    v = view(
        session(42),
        failure=Failure("rate_limited", "Rate limited", NOW - 10),
        retry_at=NOW + 4 * 60,
        fetched_ago=14 * 60,
    )
    lines = render(v)
    assert lines[0] == "◔ 42% ⚠"  # numbers 14 minutes old after a failure: marked
    assert lines[2] == "⚠ Rate limited, retrying in 4m | color=#FF9F0A emojize=false"
    assert "42% used" in "\n".join(lines)
    assert "Updated 14m ago | color=#98989D" in lines


def test_a_recent_rate_limit_does_not_alarm_the_title():
    v = view(
        session(42),
        failure=Failure("rate_limited", "Rate limited", NOW),
        retry_at=NOW + 60,
        fetched_ago=60,
    )
    assert render(v)[0] == "◔ 42%"


@pytest.mark.parametrize(
    ("failure", "title", "expect"),
    [
        (
            Failure("no_token", "No Claude Code sign-in found", NOW, True),
            "◌ Claude",
            ["No Claude Code sign-in found", "run `claude` in Terminal", "Set Token…"],
        ),
        (
            Failure("token_expired", "Claude Code's sign-in expired", NOW, True),
            "⚠ Claude",
            ["sign-in expired", "Open Claude Code (or run `claude`) to renew it"],
        ),
        (
            Failure("api_unavailable", "Anthropic API unavailable (HTTP 503)", NOW),
            "⚠ Claude",
            ["Anthropic API unavailable (HTTP 503)"],
        ),
    ],
)
def test_states_without_numbers_explain_themselves(failure, title, expect):
    lines = render(view(failure=failure))
    assert lines[0] == title
    joined = "\n".join(lines)
    for text in expect:
        assert text in joined
    assert "Refresh |" in joined


def test_manual_source_without_token_offers_set_token():
    lines = render(
        view(failure=Failure("no_token", "No manual token stored", NOW, True), account=MANUAL)
    )
    assert any(
        line.startswith("Set Token… | bash=") and "param2=--set-token" in line for line in lines
    )


ALL_STATES = [
    view(
        session(42),
        weekly(63),
        scoped(12),
        scoped(99, "Opus 4.1 only", "seven_day_opus"),
        extra=ExtraUsage(1234, 100000),
    ),
    view(session(100), weekly(100), extra=ExtraUsage(5, None)),
    view(failure=Failure("no_token", "x", NOW, True)),
    view(session(1), failure=Failure("rate_limited", "Rate limited", NOW), retry_at=NOW + 9),
    view(),
    view(extra=ExtraUsage(1, 2)),
]


@pytest.mark.parametrize("host", [Host(SWIFTBAR), Host(XBAR), Host(ARGOS)])
@pytest.mark.parametrize("v", ALL_STATES)
def test_every_state_passes_the_host_format_checker(v, host):
    text = "\n".join(render(v, host))
    assert lint(text, host=host.name) == []


def test_expired_sign_in_with_cached_numbers_still_says_how_to_renew():
    v = view(
        session(42), failure=Failure("token_expired", "Claude Code's sign-in expired", NOW, True)
    )
    joined = "\n".join(render(v))
    assert "⚠ Claude Code's sign-in expired" in joined
    assert "Open Claude Code (or run `claude`) to renew it" in joined
    assert "42% used" in joined


def test_a_rate_limit_before_any_numbers_still_says_when_it_retries():
    v = view(failure=Failure("rate_limited", "Rate limited", NOW), retry_at=NOW + 600)
    lines = render(v)
    assert lines[0] == "⚠ Claude"
    assert any(line.startswith("⚠ Rate limited, retrying in 10m") for line in lines)


def test_xbar_keeps_the_blank_that_aligns_unchecked_items():
    lines = render(view(session(1)))
    off = next(line for line in lines if "Notifications: Off" in line)
    assert off.startswith("--    Notifications: Off| ") and "trim=false" in off
    assert "trim" not in next(line for line in render(view(session(1)), SW) if "Off" in line)


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        (ExtraUsage(1e308, 5000), "over $1,000,000,000.00 / $50.00"),  # overflowed the bar
        (ExtraUsage(1e308, None), "over $1,000,000,000.00 spent this month"),
        (ExtraUsage(-250, 5000), "░░░░░░░░░░░░░░░░░░░░  $0.00 / $50.00"),
        (ExtraUsage(100, 1e-300), "████████████████████  $1.00 / $0.00"),  # 1e302 % of the cap
    ],
)
def test_absurd_money_is_shown_within_range_and_keeps_the_limits(extra, text):
    joined = "\n".join(render(view(session(42), weekly(63), extra=extra)))
    assert text in joined
    assert "42% used" in joined and "63% used" in joined  # one bad value hides nothing else


@pytest.mark.parametrize(("percent", "shown"), [(-5, "0% used"), (1e20, "999% used")])
def test_a_percentage_out_of_range_is_shown_clamped(percent, shown):
    odd = Limit("seven_day_sonnet", "Sonnet only", WEEKLY_SCOPED, percent, NOW + 3600)
    joined = "\n".join(render(view(session(42), odd)))
    assert shown in joined and "42% used" in joined


def test_a_window_cached_across_its_reset_is_shown_as_reset_not_as_its_old_figure():
    stale = Limit("five_hour", "Current session", SESSION, 96.0, NOW - 4 * 3600)
    lines = render(view(stale, weekly(63), fetched_ago=6 * 3600))
    assert lines[0] != "◕ 96% ⚠" and "96%" not in lines[0]
    assert "Current session · reset 4h ago, waiting for new numbers" in lines
    assert (
        "░░░░░░░░░░░░░░░░░░░░  was 96% before the reset | font=Menlo size=12 color=#98989D" in lines
    )
    assert "resetting…" not in "\n".join(lines)


def test_a_rate_limit_wait_beyond_any_we_choose_is_not_shown_as_days():
    v = view(
        session(42),
        failure=Failure("rate_limited", "Rate limited", NOW - 10),
        retry_at=NOW + 99_999_999_999,  # from a state written before the wait was capped
    )
    assert "⚠ Rate limited, retrying now | color=#FF9F0A emojize=false" in render(v)
