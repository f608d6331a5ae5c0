"""The plugin end to end: claude_usage.1m.py as a subprocess against a server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from claude_usage.core.state import UsageState
from conftest import (
    ACCESS_TOKEN,
    PLUGIN,
    Reply,
    file_mode,
    fixture_reply,
    lint,
    run_plugin,
    wait_for,
    write_claude_credentials,
)

HOME = lambda tmp: tmp / "home"  # noqa: E731


def menu(server, *args, **env):
    done = run_plugin(*args, env_extra={"CLAUDE_USAGE_API_URL": server.url, **env})
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")  # must be valid UTF-8
    return out, done.stderr.decode()


@pytest.fixture
def signed_in(isolated):
    write_claude_credentials(HOME(isolated))
    return isolated


def test_live_numbers_in_the_menu(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    out, err = menu(server)
    lines = out.splitlines()
    assert lines[0] == "○ 24%"
    assert "Current session · resets in 2h" in out
    assert "█████░░░░░░░░░░░░░░░  24% used" in out
    assert "All models · resets in 5d" in out
    assert "Sonnet only" in out and "Opus only" not in out
    assert "Updated 0s ago" in out or "Updated 1s ago" in out
    assert "Account: Claude Code" in out
    request = server.requests[0]
    assert request["path"] == "/api/oauth/usage"
    assert request["headers"]["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request["headers"]["anthropic-beta"] == "oauth-2025-04-20"
    assert request["headers"]["User-Agent"].startswith("claude-code/")
    assert ACCESS_TOKEN not in out + err


@pytest.mark.parametrize("swiftbar", [True, False])
def test_output_passes_the_host_format_checker(server, signed_in, swiftbar):
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    env = {"SWIFTBAR": "1"} if swiftbar else {}
    out, _ = menu(server, **env)
    assert lint(out, host="swiftbar" if swiftbar else "xbar") == []
    assert ("," in out.splitlines()[3]) is swiftbar  # colour pairs only for SwiftBar


def test_second_run_within_20s_is_answered_from_the_cache(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    first, _ = menu(server)
    second, _ = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
    assert len(server.requests) == 1
    assert first.splitlines()[0] == second.splitlines()[0] == "◑ 61%"


def test_refresh_fetches_even_when_fresh(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    menu(server)
    out, _ = menu(server, "--refresh")
    assert len(server.requests) == 2
    assert "Current session 61%" in out


def test_cache_and_state_files_are_0600_and_hold_no_token(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    menu(server)
    files = [p for p in signed_in.rglob("*") if p.is_file() and ".claude" not in p.parts]
    assert files
    for path in files:
        assert file_mode(path) == 0o600, path
        assert ACCESS_TOKEN.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("headers", "wait_text"),
    [
        ({"Retry-After": "300"}, "retrying in 5m"),
        ({}, "retrying in 1m"),  # no Retry-After: the 60-second floor
        ({"Retry-After": "0"}, "retrying in 1m"),
    ],
)
def test_429_keeps_numbers_and_backs_off(server, signed_in, headers, wait_text):
    server.play(
        Reply(200, fixture_reply("usage_minimal.json", time.time())),
        Reply(
            429,
            {
                "error": {
                    "type": "rate_limit_error",
                    "message": "Rate limited. Please try again later.",
                }
            },
            headers,
        ),
    )
    menu(server)
    out, _ = menu(server, "--refresh")
    out, _ = menu(server)
    assert f"Rate limited, {wait_text}" in out
    assert "61% used" in out  # last good numbers stay
    assert "Updated " in out
    menu(server)
    menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
    assert len(server.requests) == 2  # no request before the wait is over


def test_refresh_during_a_rate_limit_tries_once_not_per_click(server, signed_in):
    server.play(Reply(429, "", {"Retry-After": "600"}))
    menu(server)
    out, _ = menu(server, "--refresh")
    menu(server, "--refresh")
    assert len(server.requests) == 1  # a 429 empties the budget: clicks never make another
    assert "the next request is possible in 10m" in out


# The real limits (3 s on menu open, 10 s on schedule) are checked in test_context; here
# CLAUDE_USAGE_TIMEOUT_S shortens them, so a hung server costs a second, not ten.


@pytest.mark.parametrize("reason", ["MenuOpen", "Schedule"])
def test_a_hung_server_is_given_up_on_within_the_timeout(server, signed_in, reason):
    server.play(Reply(200, {}, delay=20))
    started = time.monotonic()
    out, _ = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON=reason, CLAUDE_USAGE_TIMEOUT_S="0.5")
    assert 0.45 < time.monotonic() - started < 2.5  # the 0.5 s budget, plus start-up
    assert out.splitlines()[0] == "⚠ Claude"
    assert "no answer in 0.5s" in out


@pytest.mark.parametrize(
    ("reply", "cue"),
    [
        (Reply(503, "<html>busy</html>"), "Anthropic API unavailable (HTTP 503)"),
        (Reply(200, "<html>not json</html>"), "The API returned something unexpected"),
        (
            Reply(200, {"five_hour": "nope", "seven_day": 7}),
            "The API returned something unexpected",
        ),
        (Reply(200, ["not", "an", "object"]), "The API returned something unexpected"),
    ],
)
def test_bad_replies_keep_the_last_numbers(server, signed_in, reply, cue):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())), reply)
    menu(server)
    out, _ = menu(server, "--refresh")
    out, _ = menu(server)
    assert f"⚠ {cue}" in out and "61% used" in out


def test_a_dropped_connection(signed_in):
    out = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"}).stdout.decode()
    assert out.startswith("⚠ Claude") and "connection failed" in out


def test_overlapping_runs_make_one_request(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time()), delay=0.5))
    outputs = []

    def run():
        outputs.append(menu(server)[0])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(server.requests) == 1
    assert [o.splitlines()[0] for o in outputs] == ["◑ 61%"] * 4


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\x00\xff",
        b'{"version": 1}',
        b'{"version": 1, "snapshot": {"limits": "x"}}',
        b"[]",
    ],
)
def test_corrupt_cache_files_are_treated_as_absent(server, signed_in, content):
    cache = signed_in / "cache"
    cache.mkdir()
    (cache / "usage.dat").write_bytes(content)
    (cache / "fetch.lock").write_bytes(b"junk")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out, _ = menu(server)
    assert out.splitlines()[0] == "◑ 61%"


def test_no_token_shows_how_to_sign_in_and_sends_nothing(server, isolated):
    out, _ = menu(server)
    assert out.splitlines()[0] == "◌ Claude"
    assert "No Claude Code sign-in found" in out and "/login" in out
    assert server.requests == []
    assert lint(out, host="xbar") == []


def test_expired_sign_in_sends_nothing_and_says_how_to_renew(server, isolated):
    creds = write_claude_credentials(HOME(isolated), expires_in_s=-60)
    before = creds.read_bytes()
    out, _ = menu(server)
    assert "Claude Code's sign-in expired" in out and "Open Claude Code" in out
    assert server.requests == []
    assert creds.read_bytes() == before


def test_403_scope(server, signed_in):
    from conftest import FIXTURES

    server.play(Reply(403, json.loads((FIXTURES / "error_403_scope.json").read_text())))
    out, _ = menu(server)
    failure = next(line for line in out.splitlines() if line.startswith("⚠ Token"))
    assert failure.startswith(
        "⚠ Token lacks the user:profile scope: setup-token tokens can't read usage: "
        "sign in to Claude Code again |"
    )


def test_401_with_claude_codes_token_says_to_sign_in_again(server, signed_in):
    server.play(Reply(401, {"type": "error"}))
    out, _ = menu(server)
    assert "⚠ Token rejected (401): sign in to Claude Code again" in out
    assert "Open Claude Code (or run `claude`) to sign in again" in out


def test_401_retries_with_the_rotated_token(server, signed_in):
    """Claude Code rotates its token between our read and our request."""
    # The first reply takes a moment; Claude Code writes its new token meanwhile.
    server.play(
        Reply(401, {"type": "error"}, delay=0.5),
        Reply(200, fixture_reply("usage_minimal.json", time.time())),
    )
    threading.Timer(
        0.2, lambda: write_claude_credentials(HOME(signed_in), "sk-ant-oat01-rotated")
    ).start()
    out, _ = menu(server)
    assert [r["headers"]["Authorization"] for r in server.requests] == [
        f"Bearer {ACCESS_TOKEN}",
        "Bearer sk-ant-oat01-rotated",
    ]
    assert out.splitlines()[0] == "◑ 61%"


def test_json(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    done = run_plugin("--json", env_extra={"CLAUDE_USAGE_API_URL": server.url})
    data = json.loads(done.stdout)
    assert [(x["key"], x["title"], x["percent"]) for x in data["limits"]] == [
        ("five_hour", "Current session", 24.0),
        ("seven_day", "All models", 36.0),
        ("seven_day_sonnet", "Sonnet only", 1.0),
    ]
    assert data["limits"][0]["resets_at"].endswith("Z")
    assert data["error"] is None and data["fetched_at"] and data["age_seconds"] <= 2
    assert data["source"] == "claude-code"


def test_json_reports_the_error_state(server, isolated):
    data = json.loads(run_plugin("--json", env_extra={"CLAUDE_USAGE_API_URL": server.url}).stdout)
    assert data["limits"] == [] and data["error"]["kind"] == "no_token"


def test_demo_needs_no_token_and_no_network(isolated):
    done = run_plugin("--demo", env_extra={"CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"})
    out = done.stdout.decode()
    assert done.returncode == 0 and "42% used" in out and "Demo data" in out
    assert not (isolated / "cache").exists()


def test_help_and_unknown_flags():
    done = run_plugin("--help")
    assert done.returncode == 0 and b"--refresh" in done.stdout
    bad = run_plugin("--frobnicate")
    assert bad.returncode == 2 and b"usage:" in bad.stderr
    pasted = run_plugin(ACCESS_TOKEN)  # a token pasted where a flag goes is not echoed
    assert pasted.returncode == 2 and ACCESS_TOKEN.encode() not in pasted.stderr


def test_output_is_utf8_without_a_locale(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    env = {k: "" for k in ("LANG", "LC_ALL", "LC_CTYPE")}
    env["PYTHONIOENCODING"] = ""
    done = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url, "LC_ALL": "C", **env})
    assert done.stdout.decode("utf-8").startswith("◑ 61%")


def test_bash_action_points_at_the_plugin(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out, _ = menu(server, SWIFTBAR="1", SWIFTBAR_PLUGIN_PATH="/Users/a b/p/claude_usage.1m.py")
    assert (
        "Refresh | bash=/usr/bin/env param1='/Users/a b/p/claude_usage.1m.py' param2=--refresh"
        " terminal=false" in out
    )


def test_headers_trickled_byte_by_byte_still_end_on_time(server, signed_in):
    """requests' timeout is per read; the menu-open budget is for the whole exchange."""
    server.play(Reply(200, {"five_hour": None}, trickle=0.05))
    started = time.monotonic()
    out, _ = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen", CLAUDE_USAGE_TIMEOUT_S="0.5")
    assert time.monotonic() - started < 2.5  # each byte is quick; 90 bytes of headers are not
    assert "no answer in 0.5s" in out


def test_menu_open_does_not_wait_for_another_runs_fetch(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time()), delay=0.8))
    slow = subprocess.Popen(
        [sys.executable, str(PLUGIN)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "CLAUDE_USAGE_API_URL": server.url},
    )
    try:
        wait_for(lambda: server.requests)  # the scheduled run now holds the fetch lock
        started = time.monotonic()
        out, _ = menu(server, SWIFTBAR_PLUGIN_REFRESH_REASON="MenuOpen")
        assert time.monotonic() - started < 1.5  # a 0.25 s wait for the lock, plus start-up
        assert "Fetching your usage" in out
    finally:
        slow.wait(30)
    assert len(server.requests) == 1


def test_a_fetch_landing_after_a_source_switch_is_not_shown_as_the_new_source(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time()), delay=0.6))
    slow = subprocess.Popen(
        [sys.executable, str(PLUGIN)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "CLAUDE_USAGE_API_URL": server.url},
    )
    wait_for(lambda: server.requests)  # Claude Code's fetch is under way
    assert run_plugin("--token-source", "manual").returncode == 0
    slow.wait(30)  # Claude Code's numbers land in the cache after the switch
    out, _ = menu(server, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    # Claude Code's sign-in had no numbers yet, so the manual token took its place as the
    # one account: the numbers that land after the switch are kept under Claude Code's id
    # and never shown as the manual token's.
    assert "No manual token stored" in out and "61% used" not in out
    assert "Account: Manual token" in out


def test_a_bug_in_drawing_the_menu_still_draws_a_menu(isolated, monkeypatch, capsys):
    from claude_usage import cli
    from claude_usage.commands import menu

    def broken(*args, **kwargs):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(menu, "render_menu", broken)
    assert cli.main([], env={**os.environ, "CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"}) == 0
    out = capsys.readouterr().out
    assert out.startswith("⚠ Claude\n---\nInternal error (RuntimeError)")


def test_the_least_menu_after_a_bug_names_the_source_in_use(isolated, monkeypatch, capsys):
    from claude_usage import cli
    from claude_usage.commands import menu

    def broken(*args, **kwargs):
        raise RuntimeError("renderer bug")

    assert run_plugin("--token-source", "manual").returncode == 0
    # No keyring in this process: an earlier in-process test may have left keyring's
    # backend cached, and reading the token is not what this is about.
    monkeypatch.setattr(
        menu, "current_states", lambda run, settings, accounts: [UsageState() for _ in accounts]
    )
    monkeypatch.setattr(menu, "render_menu", broken)
    assert cli.main([], env={**os.environ, "CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"}) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert out.startswith("⚠ Claude\n---\nInternal error (RuntimeError)"), captured.err
    assert "Account: Manual token" in out.splitlines()
