from __future__ import annotations

import pytest

from claude_usage.core.model import SESSION, WEEKLY, Limit
from claude_usage.render.title import render_title
from sample_views import NOW, SW, XB, H, scoped, session, view, weekly


@pytest.mark.parametrize(
    ("limits", "title"),
    [
        ((session(42), weekly(10)), "◔ 42%"),
        ((session(3), weekly(10)), "○ 3%"),
        ((session(60), weekly(10)), "◑ 60%"),  # coloured only when it needs attention
        ((session(81), weekly(10)), "◕ 81% | color=#FF9F0A"),
        ((session(96), weekly(10)), "◕ 96% | color=#FF453A"),
        # another limit at or over 100 % names what blocks the user, with the wait
        ((session(20), weekly(100)), "⛔ weekly · 3d 4h | color=#FF453A"),
        ((session(100, 2 * H), weekly(100, 3 * 86400)), "⛔ weekly · 3d | color=#FF453A"),
        ((session(100, 2 * H), weekly(30)), "⛔ session · 2h | color=#FF453A"),
        # a model cap only blocks that model
        ((session(20), scoped(100)), "○ 20% · ⛔ Sonnet | color=#FF453A emojize=false"),
        # a weekly limit needing attention shows beside the session figure
        ((session(20), weekly(91)), "○ 20% · weekly 91% | color=#FF9F0A"),
        (
            (session(20), scoped(85, "Opus 4.1 only", "seven_day_opus")),
            "○ 20% · Opus 4.1 85% | color=#FF9F0A emojize=false",
        ),
        # the session limit absent: the first limit stands in
        ((weekly(55),), "◑ 55%"),
    ],
)
def test_title(limits, title):
    assert render_title(view(*limits), XB, now=NOW) == title


def test_a_limit_whose_reset_has_passed_no_longer_blocks():
    stale = Limit("seven_day", "All models", WEEKLY, 100.0, NOW - 60)
    assert render_title(view(session(20), stale), XB, now=NOW).startswith("○ 20%")


def test_a_session_cached_across_its_reset_shows_no_old_figure_and_no_alarm():
    stale = Limit("five_hour", "Current session", SESSION, 96.0, NOW - 4 * H)
    assert render_title(view(stale, weekly(30)), XB, now=NOW) == "○ reset"
    full = Limit("five_hour", "Current session", SESSION, 100.0, NOW - 60)
    assert render_title(view(full, weekly(30)), XB, now=NOW) == "○ reset"  # not ⛔, not red
    assert (
        render_title(view(stale, weekly(91)), XB, now=NOW) == "○ reset · weekly 91% | color=#FF9F0A"
    )


@pytest.mark.parametrize(
    ("percent", "title"), [(-5.0, "○ 0%"), (1e20, "⛔ session · 1h | color=#FF453A")]
)
def test_absurd_session_figures_read_as_0_or_as_used_up(percent, title):
    odd = Limit("five_hour", "Current session", SESSION, percent, NOW + H)
    assert render_title(view(odd, weekly(10)), XB, now=NOW) == title


def test_title_colour_is_a_pair_under_swiftbar():
    assert render_title(view(session(96)), SW, now=NOW).endswith("color=#D70015,#FF453A")
