"""The manual-token flows end to end: the plugin as a subprocess, a file-backed test keyring."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from claude_usage.core.budget import Budget
from claude_usage.core.record import replace
from claude_usage.settings import load_settings
from claude_usage.store import load_state, store_state
from conftest import (
    ACCESS_TOKEN,
    FIXTURES,
    Reply,
    fixture_reply,
    run_plugin,
    wait_for,
    write_claude_credentials,
)
from stand_ins import calls, stand_in

MANUAL = "sk-ant-oat01-MANUAL-token-for-another-account-0987654321"
TESTS = Path(__file__).resolve().parent


@pytest.fixture
def keyring_file(isolated):
    return isolated / "keyring.json"


def plugin(server, keyring_file, *args, stdin=None, backend="FileKeyring", **env):
    base = {
        "CLAUDE_USAGE_API_URL": server.url,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": f"fake_keyring.{backend}",
        "FAKE_KEYRING_FILE": str(keyring_file),
    }
    done = run_plugin(*args, input=stdin, env_extra={**base, **env})
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def stored(keyring_file):
    return json.loads(keyring_file.read_text()) if keyring_file.exists() else {}


def sent_tokens(server):
    """The tokens sent for usage (a pasted token's identity is asked of the profile too)."""
    usage = [r for r in server.requests if r["path"] == "/api/oauth/usage"]
    return [r["headers"]["Authorization"].removeprefix("Bearer ") for r in usage]


def settings(isolated):
    found = load_settings(str(isolated / "data"))
    return {"token_source": found.primary, "notifications": found.notifications}


def test_set_token_from_stdin_validates_saves_and_switches(server, isolated, keyring_file):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    code, out, err = plugin(server, keyring_file, "--set-token", "-", stdin=f"  {MANUAL}\n")
    assert code == 0, err
    assert "saved" in out
    assert stored(keyring_file) == {"claude-usage/oauth-access-token": MANUAL}
    assert settings(isolated)["token_source"] == "manual"
    assert sent_tokens(server) == [MANUAL]
    code, out, _ = plugin(server, keyring_file)  # answered from the cache the check filled
    assert out.splitlines()[0] == "◑ 61%" and "Account: Manual token" in out
    _, out, _ = plugin(server, keyring_file, "--refresh")
    assert sent_tokens(server) == [MANUAL, MANUAL]
    for path in (isolated / "data").iterdir():
        assert MANUAL.encode() not in path.read_bytes()
    for path in (isolated / "cache").iterdir():
        assert MANUAL.encode() not in path.read_bytes()


@pytest.mark.parametrize(
    ("entered", "says"),
    [
        ("sk-ant-api03-abcdef", "this is an API key; the usage endpoint needs an OAuth token"),
        ("sk-ant-ort01-abcdef", "refresh token"),
        ("sk-ant-sid01-abcdef", "session cookie"),
        ("correct horse battery staple", "not an OAuth token"),
        ("", "no token entered"),
    ],
)
def test_wrong_kinds_are_rejected_without_a_request(server, isolated, keyring_file, entered, says):
    code, out, err = plugin(server, keyring_file, "--set-token", "-", stdin=entered)
    assert code == 1
    assert "Token not saved" in err and says in err
    assert entered not in out + err or entered == ""
    assert server.requests == [] and stored(keyring_file) == {}
    assert not (isolated / "data" / "settings.dat").exists()


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        (Reply(401, {"type": "error", "error": {"type": "authentication_error"}}), "401"),
        (Reply(403, json.loads((FIXTURES / "error_403_scope.json").read_text())), "user:profile"),
        (Reply(503, "down"), "try again"),
    ],
)
def test_tokens_the_api_refuses_are_not_saved(server, isolated, keyring_file, reply, says):
    server.play(reply)
    code, _, err = plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)
    assert code == 1 and "Token not saved" in err and says in err
    assert stored(keyring_file) == {}
    assert sent_tokens(server) == [MANUAL]


def test_network_failure_is_not_saved(isolated, keyring_file):
    class Dead:
        url = "http://127.0.0.1:9"

    code, _, err = plugin(Dead(), keyring_file, "--set-token", "-", stdin=MANUAL)
    assert code == 1 and "try again" in err and stored(keyring_file) == {}


def test_the_token_is_never_accepted_as_an_argument(server, keyring_file):
    code, _out, err = plugin(server, keyring_file, "--set-token", MANUAL)
    assert code == 2 and "stdin" in err and stored(keyring_file) == {}


def test_dialog_flow_with_zenity(server, isolated, keyring_file):
    bin_dir = isolated / "bin"
    log = stand_in(bin_dir, "zenity", prints=MANUAL + "\n")
    notes = stand_in(bin_dir, "notify-send")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    code, _, err = plugin(server, keyring_file, "--set-token", PATH=f"{bin_dir}:/usr/bin:/bin")
    assert code == 0, err
    assert stored(keyring_file) == {"claude-usage/oauth-access-token": MANUAL}
    wait_for(lambda: calls(notes))  # sent after the run's output, by a detached child
    for argv in calls(log) + calls(notes):
        assert MANUAL not in json.dumps(argv)
    assert "saved" in calls(notes)[0][-1]  # told where a menu user will see it


def test_dialog_cancel_changes_nothing(server, isolated, keyring_file):
    bin_dir = isolated / "bin"
    stand_in(bin_dir, "zenity", exit_code=1)
    stand_in(bin_dir, "notify-send")
    code, _, err = plugin(server, keyring_file, "--set-token", PATH=f"{bin_dir}:/usr/bin:/bin")
    assert code == 1 and "Cancelled" in err
    assert stored(keyring_file) == {} and server.requests == []


def test_switching_sources(server, isolated, keyring_file):
    """--token-source, from before accounts: the named one becomes primary, added if need be."""
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)
    code, out, _ = plugin(server, keyring_file, "--token-source", "claude-code")
    assert code == 0 and settings(isolated)["token_source"] == "claude-code"
    _, out, _ = plugin(server, keyring_file)
    headings = [line.split(" ·")[0] for line in out.splitlines() if "emojize=false" in line]
    assert headings[:2] == ["Claude Code", "Manual token | emojize=false"]
    plugin(server, keyring_file, "--token-source", "manual")
    _, out, _ = plugin(server, keyring_file)
    headings = [line.split(" ·")[0] for line in out.splitlines() if "emojize=false" in line]
    assert headings[:2] == ["Manual token | emojize=false", "Claude Code"]
    # Each account keeps its own numbers: the manual token's are still fresh, so no request.
    assert sent_tokens(server) == [MANUAL, ACCESS_TOKEN]
    plugin(server, keyring_file, "--refresh")  # every account, the primary first
    assert sent_tokens(server) == [MANUAL, ACCESS_TOKEN, MANUAL, ACCESS_TOKEN]


def test_manual_source_without_a_token_offers_set_token(server, isolated, keyring_file):
    plugin(server, keyring_file, "--token-source", "manual")
    _, out, _ = plugin(server, keyring_file)
    assert "No manual token stored" in out
    assert any(line.startswith("Set Token… | bash=") for line in out.splitlines())
    assert server.requests == []


def test_forget_token_deletes_it_and_falls_back(server, isolated, keyring_file):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)
    code, out, _ = plugin(server, keyring_file, "--forget-token")
    assert code == 0 and "removed" in out
    assert stored(keyring_file) == {}
    assert settings(isolated)["token_source"] == "claude-code"
    code, out, _ = plugin(server, keyring_file, "--forget-token")
    assert code == 0 and "No manual token was stored" in out


def test_validate(server, isolated, keyring_file):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    code, out, _ = plugin(server, keyring_file, "--validate")
    assert (code, out.strip()) == (0, "Token valid (Max plan)")
    server.play(Reply(401, {"type": "error"}))
    code, _, err = plugin(server, keyring_file, "--validate")
    assert code == 1 and "Token invalid" in err and "401" in err


def test_locked_keyring_shows_in_the_menu(server, isolated, keyring_file):
    plugin(server, keyring_file, "--token-source", "manual")
    code, out, err = plugin(server, keyring_file, backend="LockedKeyring")
    assert code == 0 and "keyring is locked" in out
    assert "Traceback" not in err


def test_missing_keyring_shows_in_the_menu(server, isolated, keyring_file):
    plugin(server, keyring_file, "--token-source", "manual")
    code, out, _ = plugin(
        server, keyring_file, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"
    )
    assert code == 0 and "Keyring unavailable" in out
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    code, _, err = plugin(
        server,
        keyring_file,
        "--set-token",
        "-",
        stdin=MANUAL,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert code == 1 and "Keyring unavailable" in err


def test_bad_source_name(server, keyring_file):
    code, _, err = plugin(server, keyring_file, "--token-source", "cookie")
    assert code == 2 and "claude-code or manual" in err


def test_a_box_without_any_keyring_says_so(server, isolated, keyring_file, monkeypatch):
    """No Secret Service and no keyring configured, as on a bare Linux machine."""
    for name in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    env = {"XDG_CONFIG_HOME": str(isolated / "config"), "XDG_RUNTIME_DIR": str(isolated)}
    plugin(server, keyring_file, "--token-source", "manual")
    done = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url, **env})
    out = done.stdout.decode()
    assert done.returncode == 0 and "Keyring unavailable" in out, out
    assert b"Traceback" not in done.stderr
    assert server.requests == []


def test_a_stale_session_bus_is_keyring_unavailable_with_the_reason(
    server, isolated, keyring_file, monkeypatch
):
    """DBUS_SESSION_BUS_ADDRESS left over from an old session: its socket is gone."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    stale = f"unix:path={isolated / 'gone' / 'bus'}"
    env = {
        "DBUS_SESSION_BUS_ADDRESS": stale,
        "XDG_CONFIG_HOME": str(isolated / "config"),
        "CLAUDE_USAGE_API_URL": server.url,
    }
    plugin(server, keyring_file, "--token-source", "manual")

    menu = run_plugin(env_extra=env)
    out = menu.stdout.decode()
    assert menu.returncode == 0 and "Keyring unavailable" in out, out
    assert "session bus" in out and "Internal error" not in out
    forget = run_plugin("--forget-token", env_extra=env)
    err = forget.stderr.decode()
    assert forget.returncode == 1 and err.startswith("Keyring unavailable"), err
    assert "Traceback" not in err and "internal error" not in err
    assert server.requests == []


def test_a_rejected_manual_token_says_to_set_a_new_one(server, isolated, keyring_file):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    assert plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)[0] == 0
    server.play(Reply(401, {"type": "error", "error": {"type": "authentication_error"}}))

    code, _, err = plugin(server, keyring_file, "--validate")
    assert code == 1
    advice = "set a new one with Settings ▸ Set Token…"
    assert err.strip() == f"Token invalid: Token rejected (401): {advice}"
    _, out, _ = plugin(server, keyring_file)  # the menu shows what the check found
    assert "⚠ Token rejected (401): set a new one with Settings ▸ Set Token…" in out
    assert "Claude Code again" not in out


def test_set_token_during_a_rate_limit_is_saved_unchecked_and_checked_later(
    server, isolated, keyring_file
):
    other = MANUAL.replace("MANUAL", "SECOND")
    server.play(Reply(429, "", {"Retry-After": "120"}))
    code, out, err = plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)

    assert code == 0, err
    assert out.strip() == (
        "Token saved to the keyring, not checked yet: the API is rate limiting, "
        "so the next fetch checks it (in 3m); now using the manual token"  # budget: 180 s
    )
    assert stored(keyring_file) == {"claude-usage/oauth-access-token": MANUAL}
    assert settings(isolated)["token_source"] == "manual"
    _, out, _ = plugin(server, keyring_file)
    assert "⚠ New token not checked yet: rate limited, retrying in 2m" in out

    # Never a request into the wait: another token is kept unchecked too.
    code, out, _ = plugin(server, keyring_file, "--set-token", "-", stdin=other)
    assert code == 0 and "not checked yet" in out
    assert stored(keyring_file) == {"claude-usage/oauth-access-token": other}
    assert sent_tokens(server) == [MANUAL]

    cache = str(isolated / "cache")  # the wait is over: the next fetch checks the token
    over = {"retry_at": time.time() - 1, "budget": Budget()}
    store_state(cache, "manual", replace(load_state(cache, "manual"), **over))
    server.play(Reply(401, {"type": "error"}))
    _, out, _ = plugin(server, keyring_file)
    assert sent_tokens(server) == [MANUAL, other]
    assert "⚠ Token rejected (401): set a new one with Settings ▸ Set Token…" in out


def test_set_token_with_the_request_budget_spent_sends_nothing(server, isolated, keyring_file):
    assert plugin(server, keyring_file, "--token-source", "manual")[0] == 0  # its account
    cache = str(isolated / "cache")
    spent = replace(load_state(cache, "manual"), budget=Budget(0, time.time()))
    store_state(cache, "manual", spent)
    code, out, err = plugin(server, keyring_file, "--set-token", "-", stdin=MANUAL)
    assert code == 0 and "not checked yet" in out and "(in 3m)" in out, err
    assert stored(keyring_file) == {"claude-usage/oauth-access-token": MANUAL}
    assert server.requests == []
