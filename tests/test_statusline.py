"""`--statusline` end to end: it feeds the menu bar, stays in its account, survives any stdin."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from claude_usage.core.jsontext import loads
from conftest import PLUGIN, Reply, fixture_reply, run_plugin, wait_for, write_claude_credentials


def document(session=41.0, weekly=63.0, resets_in=2 * 3600, **extra):
    return json.dumps(
        {
            "model": {"id": "claude-opus-4-1", "display_name": "Opus 4.1"},
            "context_window": {"used_percentage": 23.4},
            "rate_limits": {
                "five_hour": {"used_percentage": session, "resets_at": time.time() + resets_in},
                "seven_day": {"used_percentage": weekly, "resets_at": time.time() + 4 * 86400},
            },
            **extra,
        }
    )


def status(stdin, *args, **env):
    done = run_plugin("--statusline", *args, env_extra=env, input=stdin)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    return done.stdout.decode("utf-8")


def plain(line):
    """The line without its ANSI colours."""
    out, skip = [], False
    for ch in line:
        if ch == "\x1b":
            skip = True
        elif skip and ch == "m":
            skip = False
        elif not skip:
            out.append(ch)
    return "".join(out).strip()


@pytest.fixture
def signed_in(isolated, server):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    return server


def test_it_prints_a_coloured_line_and_feeds_the_menu_without_a_request(signed_in):
    line = status(document(41.0, 63.0))
    assert "\x1b[38;2;" in line  # the menu's colours, as ANSI
    assert plain(line) in ("◔ 41% · 2h │ 7d 63%", "◔ 41% · 1h59m │ 7d 63%")
    menu = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": signed_in.url}).stdout.decode()
    assert menu.splitlines()[0] == "◔ 41%"
    assert signed_in.requests == []  # the feed cost the API nothing


def test_a_fetch_keeps_the_other_limits_and_the_feed_keeps_its_own_numbers(signed_in):
    env = {"CLAUDE_USAGE_API_URL": signed_in.url}
    assert run_plugin("--refresh", env_extra=env).returncode == 0  # 24 % session, Sonnet 1 %
    status(document(55.0, 40.0))
    menu = run_plugin(env_extra=env).stdout.decode()
    assert menu.splitlines()[0] == "◑ 55%"
    assert "Sonnet only" in menu and "40% used" in menu
    assert "Session and weekly 0s ago, from Claude Code" in menu or "1s ago, from" in menu


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{session}", "◔ 41%"),
        ("{model} · ctx {context} · 7d {weekly}", "Opus 4.1 · ctx 23% · 7d 63%"),
        ("{nope} {session", "{nope} {session"),  # unknown fields stay as written
    ],
)
def test_a_template_chooses_what_the_line_shows(signed_in, template, shown):
    assert plain(status(document(), template)) == shown


def test_a_model_name_cannot_reverse_or_hide_in_the_line(signed_in):
    feed = json.loads(document())
    feed["model"]["display_name"] = "\u202eOpus\u200b 4.1\u2066\ufeff\u061c"
    assert plain(status(json.dumps(feed), "{model} · {weekly}")) == "Opus 4.1 · 63%"


def test_quiet_feeds_and_prints_nothing(signed_in):
    assert status(document(77.0), "quiet") == ""
    assert (
        run_plugin(env_extra={"CLAUDE_USAGE_API_URL": signed_in.url})
        .stdout.decode()
        .startswith("◕ 77%")
    )


@pytest.mark.parametrize(
    "stdin",
    ["", "not json", "\x00\xff", "[" * 100_000, json.dumps({"rate_limits": "x"}), "{}", "null"],
)
def test_bad_or_empty_stdin_prints_a_neutral_line(isolated, stdin):
    assert plain(status(stdin)) == "◌ Claude usage"


def test_without_rate_limits_it_shows_the_cache_at_any_age(signed_in):
    run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": signed_in.url})
    assert plain(status(json.dumps({"model": {"display_name": "Sonnet"}}))).startswith("○ 24%")


def test_another_config_folder_is_another_account_and_is_not_fed(signed_in, isolated):
    status(document(88.0), CLAUDE_CONFIG_DIR=str(isolated / "work-claude"))
    menu = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": signed_in.url}).stdout.decode()
    assert "88%" not in menu


def test_the_feed_never_reaches_a_manual_tokens_numbers(signed_in):
    env = {"CLAUDE_USAGE_API_URL": signed_in.url}
    assert run_plugin("--token-source", "manual").returncode == 0
    status(document(88.0))
    menu = run_plugin(env_extra={**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"})
    assert "88%" not in menu.stdout.decode()


def test_twenty_calls_racing_a_fetch_lose_no_update_and_corrupt_nothing(signed_in):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time()), delay=0.6))
    env = {"CLAUDE_USAGE_API_URL": signed_in.url}
    fetch = subprocess.Popen([sys.executable, str(PLUGIN), "--refresh"], env={**_env(), **env})
    wait_for(lambda: signed_in.requests)  # the fetch is under way, holding its lock
    shown = []

    def call(percent):
        shown.append(plain(status(document(float(percent)))))

    threads = [threading.Thread(target=call, args=(p,)) for p in range(50, 70)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert fetch.wait(30) == 0
    assert len(shown) == 20 and all(
        line.startswith("◑ ") or line.startswith("◕ ") for line in shown
    )
    menu = run_plugin(env_extra=env).stdout.decode()
    session = int(menu.splitlines()[0].split()[1].rstrip("%"))
    assert 50 <= session < 70  # the fetch (24 %) began before every feed: the feed's numbers win
    assert "Sonnet only" in menu  # and the fetch's other limits were kept
    status(document(71.0))
    assert run_plugin(env_extra=env).stdout.decode().startswith("◑ 71%")
    assert len(signed_in.requests) == 1


def _env():
    import os

    return dict(os.environ)


def test_our_json_reader_agrees_with_json():
    text = '{"a": [1, 2.5, null, true, "x\\u00e9"], "b": {"c": -0.0, "d": 1e400}}'
    assert loads(text) == json.loads(text)
    for bad in ["", "{", '{"a": 1} x', "[1,]"]:
        with pytest.raises(ValueError):
            loads(bad)


def test_a_session_cached_across_its_reset_shows_reset_not_its_old_figure(signed_in):
    status(document(96.0, 63.0, resets_in=-60))  # as if stored a while before the reset
    line = plain(status("{}"))
    assert line.startswith("○ reset") and "96" not in line and "7d 63%" in line
