"""The forecast where scripts and Claude Code's status line read it: --json and {forecast}."""

from __future__ import annotations

import json
import time

import pytest

from claude_usage.core.feed import Session
from claude_usage.core.model import Snapshot
from claude_usage.core.pace import Trend
from claude_usage.core.record import replace
from claude_usage.core.state import UsageState
from claude_usage.pacing import add_samples
from claude_usage.render.report import state_report
from claude_usage.render.statusline import render_statusline
from claude_usage.store import load_state
from conftest import Reply, fixture_reply, run_plugin, write_claude_credentials
from sample_views import NOW, session, weekly

MIN = 60.0


def climb(limit, per_hour):
    samples = tuple((NOW - i * MIN, limit.percent - per_hour * i / 60) for i in range(60, -1, -1))
    return {limit.key: Trend(limit.key, limit.resets_at, samples)}


def state(*limits):
    return UsageState(snapshot=Snapshot(NOW, limits), source="claude-code")


def test_json_carries_each_limits_forecast_and_even_pace():
    fast = session(60, resets_in=3 * 3600)
    report = state_report(state(fast, weekly(10)), now=NOW, trends=climb(fast, 20))
    first, second = report["limits"]
    assert first["forecast"] == {
        "rate_per_hour": pytest.approx(20, abs=0.01),
        "projected_percent_at_reset": pytest.approx(120, abs=0.1),
        "runs_out_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW + 2 * 3600)),
    }
    assert first["even_pace_percent"] == 40.0
    assert second["forecast"] is None  # no samples: no forecast, and null says so


def test_json_forecast_without_a_run_out_is_null_there():
    slow = session(30, resets_in=2 * 3600)
    forecast = state_report(state(slow), now=NOW, trends=climb(slow, 6))["limits"][0]["forecast"]
    assert forecast["runs_out_at"] is None
    assert forecast["projected_percent_at_reset"] == pytest.approx(42, abs=0.1)


@pytest.mark.parametrize(
    ("percent", "per_hour", "shown"), [(80, 20, "out 21:00"), (30, 6, "→40%"), (30, 0, "→30%")]
)
def test_the_status_line_shows_the_sessions_course(percent, per_hour, shown):
    limit = session(percent, resets_in=100 * MIN)
    line = render_statusline(
        state(limit),
        Session(),
        "{forecast}",
        now=NOW,
        trends=climb(limit, per_hour),
        localtime=time.gmtime,
    )
    assert shown in line


def test_the_status_line_forecast_is_empty_without_samples():
    line = render_statusline(state(session(60)), Session(), "[{forecast}]", now=NOW, trends={})
    assert line == "[]"


def test_json_end_to_end(isolated, server):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    env = {"CLAUDE_USAGE_API_URL": server.url}
    assert run_plugin("--refresh", env_extra=env).returncode == 0
    cache = str(isolated / "cache")
    limit = next(lim for lim in load_state(cache, "claude-code").snapshot.limits)
    now = time.time()
    for i in range(60, 0, -5):
        earlier = replace(limit, percent=limit.percent - i / 5)
        add_samples(cache, "claude-code", [earlier], now - i * 60)
    data = json.loads(run_plugin("--json", env_extra=env).stdout)
    course = data["limits"][0]["forecast"]
    assert course["rate_per_hour"] == pytest.approx(12, abs=1)
    assert data["limits"][1]["forecast"] is None
