"""Run: one invocation's world, read once at the edge."""

from __future__ import annotations

import pytest

from claude_usage.context import Run
from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR

NOW = 1_767_384_000.0


def run(**env):
    return Run({"HOME": "/home/ada", **env}, plugin_path="/p/claude_usage.1m.py", now=NOW)


@pytest.mark.parametrize(
    ("env", "timeout", "lock_wait"),
    [
        ({}, 10.0, 11.0),  # a scheduled run waits out another's whole fetch
        ({"SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen"}, 3.0, 0.25),  # SwiftBar's UI waits
        ({"CLAUDE_USAGE_TIMEOUT_S": "1"}, 1.0, 2.0),
        ({"CLAUDE_USAGE_TIMEOUT_S": "60"}, 10.0, 11.0),  # the override only ever shortens
        ({"CLAUDE_USAGE_TIMEOUT_S": "soon"}, 10.0, 11.0),
        ({"CLAUDE_USAGE_TIMEOUT_S": "-1"}, 10.0, 11.0),
        ({"SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen", "CLAUDE_USAGE_TIMEOUT_S": "0.1"}, 0.1, 0.1),
    ],
)
def test_time_limits(env, timeout, lock_wait):
    r = run(**env)
    assert (r.timeout, r.lock_wait) == (timeout, lock_wait)


@pytest.mark.parametrize(
    ("env", "host"),
    [({"SWIFTBAR": "1"}, SWIFTBAR), ({"ARGOS_VERSION": "2"}, ARGOS), ({}, XBAR)],
)
def test_host_and_folders(env, host):
    r = run(**env, XDG_CACHE_HOME="/c", XDG_DATA_HOME="/d")
    assert r.host.name == host
    assert (r.now, r.cache_dir, r.data_dir) == (NOW, "/c/claude-usage", "/d/claude-usage")


def test_swiftbar_names_the_plugin_but_not_the_folders_one_state_per_user():
    r = run(
        SWIFTBAR_PLUGIN_PATH="/Users/a b/claude_usage.1m.py",
        SWIFTBAR_PLUGIN_CACHE_PATH="/sb/cache",
        SWIFTBAR_PLUGIN_DATA_PATH="/sb/data",
    )
    assert (r.plugin_path, r.cache_dir, r.data_dir) == (
        "/Users/a b/claude_usage.1m.py",
        "/home/ada/.cache/claude-usage",  # terminal runs and the status line read the same
        "/home/ada/.local/share/claude-usage",
    )


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("MenuOpen", "menu_open"),
        ("WakeFromSleep", "wake"),
        ("Schedule", "schedule"),
        ("", "schedule"),
    ],
)
def test_the_reason_for_a_run(reason, expected):
    assert run(SWIFTBAR_PLUGIN_REFRESH_REASON=reason).reason == expected


def test_notes_collect_lines_for_stderr():
    r = run()
    r.note("claude-usage: notification failed")
    assert r.notes == ["claude-usage: notification failed"]


def test_a_failed_write_is_one_line_for_the_menu_and_for_stderr():
    r = run()
    full = OSError(28, "No space left on device")
    for _ in range(2):  # the same trouble twice is one line
        r.cannot_save("/home/ada/.cache/claude-usage", full, then=", so not asking the API")
    r.cannot_save("/var/x", TimeoutError("another run holds the state file"), what="Couldn't save")
    assert r.warnings == [
        "Can't save: no space left on device, so not asking the API (~/.cache/claude-usage)",
        "Couldn't save: another run holds the state file (/var/x)",
    ]
    assert r.notes == [f"claude-usage: {line}" for line in r.warnings]
