"""Failures a review of the merged work found: each reproduced here, each fixed."""

from __future__ import annotations

import sqlite3
import sys
import time

import pytest

from claude_usage.core.budget import Budget
from claude_usage.core.model import SESSION, Limit, Snapshot
from claude_usage.core.state import UsageState
from claude_usage.pacing import load_pictures, load_trends, trends_path
from claude_usage.store import store_state
from claude_usage.system import history
from claude_usage.system.files import write_data
from conftest import ACCESS_TOKEN, Reply, fixture_reply, run_plugin, write_claude_credentials


@pytest.mark.parametrize(
    "limits",
    [
        {"five_hour": [10**400, []]},
        [1],
        {"five_hour": [1e9, [[float("nan"), 3]]]},
        {"five_hour": ["x", [[1, 2]]]},
        "not even a mapping",
    ],
)
def test_a_damaged_samples_or_pictures_file_reads_as_none_and_the_menu_stands(
    isolated, server, limits
):
    cache = str(isolated / "cache")
    damaged = {"version": 1, "limits": limits, "pictures": limits}
    write_data(trends_path(cache, "claude-code"), damaged)
    assert load_trends(cache, "claude-code") == {} or limits == [1]
    assert load_pictures(cache, "claude-code") == {}
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    done = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url})
    out = done.stdout.decode()
    assert done.returncode == 0 and "Internal error" not in out and "24% used" in out
    assert len(load_trends(cache, "claude-code")) == 3  # the next numbers heal the file


def test_a_token_with_a_line_break_is_never_sent_nor_shown(isolated, server):
    broken = ACCESS_TOKEN[:20] + "\n" + ACCESS_TOKEN[20:]
    credentials = isolated / "home" / ".claude" / ".credentials.json"
    credentials.parent.mkdir(parents=True)
    oauth = f'"accessToken": "{broken}", "expiresAt": 9000000000000'
    credentials.write_text('{"claudeAiOauth": {' + oauth + "}}")  # a raw line break: read anyway
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    for args in ((), ("--json",), ("--refresh",)):
        done = run_plugin(*args, env_extra={"CLAUDE_USAGE_API_URL": server.url})
        seen = done.stdout.decode() + done.stderr.decode()
        assert ACCESS_TOKEN[:20] not in seen and ACCESS_TOKEN[20:] not in seen, seen
    assert server.requests == []  # nothing sent, nothing spent


def test_validate_held_back_by_the_budget_says_not_checked(isolated, server):
    write_claude_credentials(isolated / "home")
    snapshot = Snapshot(
        time.time() - 5, (Limit("five_hour", "Current session", SESSION, 9.0, None),)
    )
    store_state(
        str(isolated / "cache"),
        "claude-code",
        UsageState(snapshot=snapshot, budget=Budget(0.0, time.time())),
    )
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    done = run_plugin("--validate", env_extra={"CLAUDE_USAGE_API_URL": server.url})
    text = done.stdout.decode() + done.stderr.decode()
    assert "Token not checked" in text and "Token valid" not in text
    assert server.requests == []


def test_a_full_disk_never_moves_the_history_aside(tmp_path, monkeypatch):
    folder = str(tmp_path)
    history.record(folder, "claude-code", "fetch", [(1e9, "five_hour", 1.0, None)], wait_s=1)

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(history, "_connect", full)
    with pytest.raises(history.HistoryUnavailable):
        history.record(
            folder, "claude-code", "fetch", [(1e9 + 60, "five_hour", 2.0, None)], wait_s=1
        )
    monkeypatch.undo()
    assert not (tmp_path / "history.sqlite3.damaged").exists()
    assert len(history.rows_since(folder, 0, 2e9)) == 1  # the history is all there


def test_a_python_without_sqlite3_keeps_no_history_and_nothing_else_changes(
    isolated, server, monkeypatch
):
    from claude_usage import pacing

    monkeypatch.setitem(sys.modules, "claude_usage.system.history", None)  # ImportError
    assert pacing._recorded(None, "claude-code", "fetch", [], 0.1) is True  # type: ignore[arg-type]


@pytest.mark.parametrize("expires", ["1" + "0" * 400, "1e23", "NaN", '"soon"'])
def test_an_absurd_expiry_in_claude_codes_credentials_is_no_date_not_a_crash(
    isolated, server, expires
):
    credentials = isolated / "home" / ".claude" / ".credentials.json"
    credentials.parent.mkdir(parents=True)
    oauth = f'"accessToken": "{ACCESS_TOKEN}", "expiresAt": {expires}'
    credentials.write_text('{"claudeAiOauth": {' + oauth + "}}")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    for args in ((), ("--doctor",)):
        done = run_plugin(*args, env_extra={"CLAUDE_USAGE_API_URL": server.url})
        out = done.stdout.decode()
        assert "Internal error" not in out and "Traceback" not in done.stderr.decode(), out
    assert "24% used" in run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url}).stdout.decode()


def test_a_link_planted_as_the_history_database_is_never_followed(tmp_path):
    target = tmp_path / "elsewhere.db"
    (tmp_path / "history.sqlite3").symlink_to(target)
    with pytest.raises(history.HistoryUnavailable):
        history.record(
            str(tmp_path), "claude-code", "fetch", [(1e9, "five_hour", 1.0, None)], wait_s=1
        )
    assert not target.exists()
    assert (tmp_path / "history.sqlite3").is_symlink()  # not moved aside as "damaged" either
