"""What fresh numbers leave behind: samples for the pace, rows in the history database."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from claude_usage.context import Run
from claude_usage.core.model import SESSION, Limit
from claude_usage.core.pace import Trend
from claude_usage.pacing import (
    FETCH,
    add_samples,
    load_trends,
    observe,
    trends_from_dict,
    trends_path,
    trends_to_dict,
)
from claude_usage.store import load_state
from claude_usage.system.files import read_data
from claude_usage.system.history import HISTORY_FILE, history_path, rows_since
from conftest import Reply, file_mode, fixture_reply, run_plugin, wait_for, write_claude_credentials

NOW = 1_770_000_000.0


def session(percent: float, resets_at: float = NOW + 3600) -> Limit:
    return Limit("five_hour", "Current session", SESSION, percent, resets_at)


def a_run(folder, now=NOW, **env) -> Run:
    return Run({"CLAUDE_USAGE_CACHE_DIR": str(folder), **env}, plugin_path="p", now=now)


def test_samples_accumulate_per_window_in_a_private_file(tmp_path):
    for i in range(5):
        add_samples(str(tmp_path), "claude-code", [session(10 + i)], NOW + i * 600)
    trends = load_trends(str(tmp_path), "claude-code")
    assert [p for _, p in trends["five_hour"].samples] == [10, 11, 12, 13, 14]
    assert file_mode(tmp_path / "pace-claude-code.dat") == 0o600
    assert load_trends(str(tmp_path), "manual") == {}  # each token source its own


@pytest.mark.parametrize("data", [None, 3, {"version": 2}, {"version": 1, "limits": {"a": [1]}}])
def test_a_broken_samples_file_reads_as_no_samples(data):
    assert trends_from_dict(data) == {}


def test_the_samples_file_round_trips():
    trends = {"five_hour": Trend("five_hour", NOW, ((NOW - 60, 1.0), (NOW, 2.0)))}
    assert trends_from_dict(trends_to_dict(trends)) == trends
    assert isinstance(trends_to_dict(trends)["limits"]["five_hour"][1], bytes)  # packed


def test_samples_kept_as_pairs_before_they_were_packed_still_read():
    old = {"version": 1, "limits": {"five_hour": [NOW, [[NOW - 60, 1.0], [NOW, 2.0]]]}}
    assert trends_from_dict(old)["five_hour"].samples == ((NOW - 60, 1.0), (NOW, 2.0))


def test_an_observation_goes_to_the_samples_and_the_database(tmp_path):
    observe(a_run(tmp_path), "claude-code", FETCH, [session(12)])
    assert rows_since(str(tmp_path), 0, NOW) == [
        (int(NOW), "fetch", "claude-code", "five_hour", 12.0, int(NOW + 3600))
    ]
    assert load_trends(str(tmp_path), "claude-code")["five_hour"].samples == ((NOW, 12.0),)


def test_history_off_keeps_nothing(tmp_path):
    observe(a_run(tmp_path, CLAUDE_USAGE_HISTORY="off"), "claude-code", FETCH, [session(12)])
    assert not (tmp_path / HISTORY_FILE).exists()
    assert read_data(trends_path(str(tmp_path), "claude-code")) is None


def test_a_busy_database_leaves_its_row_to_after_the_output(tmp_path):
    observe(a_run(tmp_path), "claude-code", FETCH, [session(12)])
    holder = sqlite3.connect(history_path(str(tmp_path)), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    run = a_run(tmp_path, now=NOW + 60)
    started = time.monotonic()
    trends = observe(run, "claude-code", FETCH, [session(13)])
    assert time.monotonic() - started < 1  # the menu did not wait for the database
    assert trends["five_hour"].samples[-1] == (NOW + 60, 13.0)  # the pace has it already
    assert len(run.deferred) == 1
    holder.execute("ROLLBACK")
    run.deferred[0]()
    assert [r[4] for r in rows_since(str(tmp_path), 0, NOW)] == [12.0, 13.0]


@pytest.fixture
def signed_in(isolated, server):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    return server


def test_a_fetch_is_recorded(signed_in, isolated):
    done = run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": signed_in.url})
    assert done.returncode == 0, done.stderr
    rows = rows_since(str(isolated / "cache"), 0, time.time())
    assert {r[3] for r in rows} >= {"five_hour", "seven_day"}
    assert {r[1] for r in rows} == {"fetch"} and {r[2] for r in rows} == {"claude-code"}
    assert "five_hour" in load_trends(str(isolated / "cache"), "claude-code")


def test_a_feed_with_news_is_recorded_after_the_line_is_out(isolated):
    limits = {"five_hour": {"used_percentage": 41, "resets_at": time.time() + 3600}}
    done = run_plugin("--statusline", input=json.dumps({"rate_limits": limits}))
    assert done.returncode == 0 and b"41%" in done.stdout
    cache = str(isolated / "cache")
    rows = wait_for(lambda: rows_since(cache, 0, time.time()))
    assert [(r[1], r[3], r[4]) for r in rows] == [("feed", "five_hour", 41.0)]


def test_a_damaged_database_never_breaks_the_menu(signed_in, isolated):
    cache = isolated / "cache"
    cache.mkdir()
    (cache / HISTORY_FILE).write_bytes(b"this is no database" * 50)
    done = run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": signed_in.url})
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert (cache / f"{HISTORY_FILE}.damaged").exists()
    assert rows_since(str(cache), 0, time.time())  # a fresh one, with this fetch in it


def test_a_cached_menu_shows_the_pace_from_the_samples_file(signed_in, isolated):
    env = {"CLAUDE_USAGE_API_URL": signed_in.url}
    assert run_plugin("--refresh", env_extra=env).returncode == 0
    cache = str(isolated / "cache")
    limit = next(
        lim for lim in load_state(cache, "claude-code").snapshot.limits if lim.key == "five_hour"
    )
    now = time.time()
    for i in range(60, 0, -5):  # an hour's climb of 1 % every 5 minutes, up to the figure
        add_samples(
            cache, "claude-code", [session(limit.percent - i / 5, limit.resets_at)], now - i * 60
        )
    done = run_plugin(env_extra={**env, "SWIFTBAR": "1"})
    menu = done.stdout.decode()
    assert len(signed_in.requests) == 1  # a cache hit
    assert "at this pace" in menu or "on pace for ~" in menu
    assert "an even pace" in menu
