"""Keeps the every-minute run cheap: what a cached run and a fetch may import.

A cache hit is paid 1,440 times a day and blocks SwiftBar's UI on menu open, so
it must not load the HTTP stack, the keyring, or the stdlib's heavy helpers.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from conftest import Reply, fixture_reply, run_plugin, write_claude_credentials

HEAVY_FOR_A_CACHE_HIT = {
    "requests",
    "urllib3",
    "keyring",
    "email",
    "http",
    "ssl",
    "socket",
    "json",
    "dataclasses",
    "typing",
    "inspect",
    "subprocess",
    "contextlib",
    "shutil",
    "claude_usage.system.http",
    "claude_usage.sources.claude_code",
    "claude_usage.core.reply",
    "claude_usage.sources.manual",
    "claude_usage.system.debuglog",  # a cached run has nothing new to log
    "claude_usage.render.terminal",  # only a person at a terminal reads that view
    "claude_usage.commands.doctor",
    "sqlite3",
    "_sqlite3",
    "claude_usage.system.history",
}


def imported(*args: str, stdin: str | None = None, **env: str) -> set[str]:
    """Modules a plugin run imported beyond what the interpreter loads on its own start."""
    done = run_plugin(*args, env_extra=env, python_flags=("-X", "importtime"), input=stdin)
    assert done.returncode == 0, done.stderr
    startup = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"], capture_output=True, check=True
    )
    return _names(done.stderr) - _names(startup.stderr)


def _names(importtime_output: bytes) -> set[str]:
    lines = importtime_output.decode().splitlines()
    return {ln.rsplit("|", 1)[1].strip() for ln in lines if ln.startswith("import time:")}


@pytest.fixture
def fresh_cache(server, isolated):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    assert run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": server.url}).returncode == 0
    return server


def test_a_cache_hit_imports_nothing_heavy(fresh_cache):
    names = imported(
        CLAUDE_USAGE_API_URL=fresh_cache.url,
        SWIFTBAR="1",
        SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen",
    )
    assert "claude_usage.render.menu" in names  # the run really happened in this interpreter
    assert len(fresh_cache.requests) == 1  # and it was answered from the cache
    assert not names & HEAVY_FOR_A_CACHE_HIT, sorted(names & HEAVY_FOR_A_CACHE_HIT)


def test_a_cache_hit_draws_no_chart(fresh_cache):
    """Charts are drawn when data arrives; a menu run only places their base64 text."""
    names = imported(CLAUDE_USAGE_API_URL=fresh_cache.url, SWIFTBAR="1")
    assert "claude_usage.render.trend" in names  # the chart-placing code did load
    drawing = {"zlib", "binascii", "base64", "claude_usage.render.chart", "claude_usage.render.png"}
    assert not names & drawing, sorted(names & drawing)


def test_the_demo_draws_its_chart(isolated):
    assert {"zlib", "claude_usage.render.chart"} <= imported("--demo")


def test_a_fetch_with_claude_codes_token_never_imports_keyring(fresh_cache):
    names = imported("--refresh", CLAUDE_USAGE_API_URL=fresh_cache.url)
    assert {"requests", "claude_usage.system.http"} <= names
    assert not {n for n in names if n == "keyring" or n.startswith("keyring.")}
    assert len(fresh_cache.requests) == 2


def test_a_status_line_call_imports_nothing_heavy_and_no_json(isolated):
    document = (
        '{"rate_limits": {"five_hour": {"used_percentage": 41, "resets_at": 1999999999},'
        ' "seven_day": {"used_percentage": 63, "resets_at": 1999999999}}}'
    )
    names = imported("--statusline", stdin=document)
    assert "claude_usage.commands.statusline" in names
    assert not names & (HEAVY_FOR_A_CACHE_HIT | {"re"}), sorted(names & HEAVY_FOR_A_CACHE_HIT)
