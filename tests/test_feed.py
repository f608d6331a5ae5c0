"""The status-line document's numbers: only finite, sane figures become limits."""

from __future__ import annotations

import pytest

from claude_usage.core.feed import fed_limits, session_of
from claude_usage.core.jsontext import loads


def limits_of(session: str, resets_at: str = "1764100800") -> dict[str, tuple]:
    five_hour = f'"five_hour": {{"used_percentage": {session}, "resets_at": {resets_at}}}'
    seven_day = '"seven_day": {"used_percentage": 63, "resets_at": 1764460800}'
    text = f'{{"rate_limits": {{{five_hour}, {seven_day}}}}}'
    return {limit.key: (limit.percent, limit.resets_at) for limit in fed_limits(loads(text))}


def test_a_sane_document_gives_both_windows() -> None:
    assert limits_of("41.5") == {
        "five_hour": (41.5, 1764100800.0),
        "seven_day": (63.0, 1764460800.0),
    }


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e999", "-1", "true", '"41"'])
def test_a_percentage_that_is_not_a_finite_sane_number_is_left_out(bad: str) -> None:
    assert set(limits_of(bad)) == {"seven_day"}


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "1e999", "false", "null"])
def test_a_reset_time_that_is_not_finite_is_unknown(bad: str) -> None:
    assert limits_of("41", bad)["five_hour"] == (41.0, None)


def test_a_context_window_of_nan_is_unknown() -> None:
    window = '"context_window": {"used_percentage": NaN}'
    document = loads(f'{{"model": {{"display_name": "Opus"}}, {window}}}')
    assert session_of(document).model == "Opus"
    assert session_of(document).context_percent is None
