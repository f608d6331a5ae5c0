"""--history: the month's summary (pure) and the command end to end."""

from __future__ import annotations

import json
import time

import pytest

from claude_usage.core.summary import summarize
from claude_usage.render.history import history_report, history_text
from claude_usage.system.history import record
from conftest import run_plugin

NOW = 1767384000.0  # 2026-01-02 20:00 UTC
DAY = 86400
HOUR = 3600


def row(at, key, percent, resets_at=None, source="claude-code"):
    return (at, "fetch", source, key, percent, resets_at)


def summary(rows, days=3):
    return summarize(rows, NOW, days=days, localtime=time.gmtime)


def test_daily_peaks_per_limit_and_day():
    rows = [
        row(NOW - DAY - HOUR, "five_hour", 30.0),
        row(NOW - DAY, "five_hour", 55.0),
        row(NOW - 10, "five_hour", 12.0),
        row(NOW - 10, "seven_day", 40.0),
        row(NOW - 40 * DAY, "five_hour", 99.0),  # older than the month: left out
    ]
    result = summary(rows)
    assert result.days == ("2025-12-31", "2026-01-01", "2026-01-02")
    assert result.peaks == {
        "five_hour": {"2026-01-01": 55.0, "2026-01-02": 12.0},
        "seven_day": {"2026-01-02": 40.0},
    }


def test_hits_count_periods_not_samples():
    first, second = NOW - DAY + 5 * HOUR, NOW + HOUR
    rows = [
        row(NOW - DAY, "five_hour", 100.0, first),
        row(NOW - DAY + 60, "five_hour", 101.0, first),  # the same period, still at the wall
        row(NOW - 60, "five_hour", 100.0, second),
        row(NOW - 60, "seven_day", 80.0, NOW + 3 * DAY),
    ]
    assert summary(rows).hits == {"five_hour": 2, "seven_day": 0}


def test_session_use_by_hour_counts_rises_and_use_after_a_reset():
    reset_a, reset_b = NOW - HOUR, NOW + 4 * HOUR
    rows = [
        row(NOW - 3 * HOUR, "five_hour", 10.0, reset_a),  # 17:00
        row(NOW - 3 * HOUR + 600, "five_hour", 16.0, reset_a),  # +6 at 17h
        row(NOW - 2 * HOUR + 60, "five_hour", 19.0, reset_a),  # +3 at 18h
        row(NOW - 30 * 60, "five_hour", 4.0, reset_b),  # a new window: +4 at 19h
        row(NOW - 30 * 60, "seven_day", 90.0, NOW + DAY),  # other limits don't count
    ]
    by_hour = summary(rows, days=1).session_by_hour
    assert (by_hour[17], by_hour[18], by_hour[19]) == (6.0, 3.0, 4.0)
    assert sum(by_hour) == 13.0


def test_text_and_json_forms():
    rows = [row(NOW - 10, "five_hour", 100.0, NOW + HOUR), row(NOW - 10, "seven_day", 40.0)]
    result = summary(rows, days=2)
    titles = {"five_hour": "Current session"}
    text = history_text(result, titles)
    assert "2026-01-02" in text and "Current session" in text and "seven_day" in text
    assert "Current session: once" in text and "seven_day: never" in text
    assert "  19:00    0.0" in text
    data = history_report(result, titles)
    assert data["limits"][0] == {
        "key": "five_hour",
        "title": "Current session",
        "daily_peaks": [{"date": "2026-01-02", "percent": 100.0}],
        "times_reached": 1,
    }
    assert len(data["session_by_hour"]) == 24


def test_no_history_yet_says_so():
    assert history_text(summary([]), {}).startswith("No history yet")


def test_the_command_reads_this_accounts_history(isolated):
    now = time.time()
    cache = str(isolated / "cache")
    record(cache, "claude-code", "fetch", [(now - 60, "five_hour", 42.0, now + HOUR)], wait_s=1)
    record(cache, "manual", "fetch", [(now - 60, "five_hour", 99.0, now + HOUR)], wait_s=1)
    done = run_plugin("--history", "--json")
    assert done.returncode == 0, done.stderr
    (limit,) = json.loads(done.stdout)["limits"]
    assert [p["percent"] for p in limit["daily_peaks"]] == [42.0]  # not the manual token's
    text = run_plugin("--history").stdout.decode()
    assert "Daily peaks, last 30 days" in text and "42%" in text


@pytest.mark.parametrize("args", [("--history", "--nope"), ("--history", "--json", "x")])
def test_the_command_refuses_other_arguments(args):
    assert run_plugin(*args).returncode == 2
