"""`--doctor` end to end: a temp HOME, the plugin as a subprocess, never a request or a token."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from conftest import ACCESS_TOKEN, Reply, fixture_reply, run_plugin, write_claude_credentials

TESTS = Path(__file__).parent
MANUAL_TOKEN = "sk-ant-oat01-MANUAL-token-never-shown-9876543210"


@pytest.fixture
def installed(isolated):
    """A plugin install.sh would have written, and its record."""
    home = isolated / "install"
    plugins = isolated / "plugins"
    plugins.mkdir()
    plugin = plugins / "claude_usage.1m.py"
    plugin.write_text(f"#!{sys.executable}\nprint('menu')\n")
    plugin.chmod(0o755)
    home.mkdir()
    (home / "installed-plugin").write_text(f"{plugin}\n")
    return {"CLAUDE_USAGE_HOME": str(home)}


def doctor(server, env=None):
    """Run --doctor; check it sent nothing and showed no token, whatever it found."""
    asked = len(server.requests)
    done = run_plugin("--doctor", env_extra={"CLAUDE_USAGE_API_URL": server.url, **(env or {})})
    out, err = done.stdout.decode(), done.stderr.decode()
    assert len(server.requests) == asked, "the doctor must never spend the API's budget"
    for secret in (ACCESS_TOKEN, MANUAL_TOKEN):
        for piece in (secret, secret[13:25], secret[-10:]):  # nor its start or end
            assert piece not in out + err
    assert "Traceback" not in out + err
    return done.returncode, out


def fetched(server, reply, env=None):
    server.play(reply)
    done = run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": server.url, **(env or {})})
    assert done.returncode == 0, done.stderr


def problem_and_fix(out: str, problem: str) -> str:
    """The fix printed on the line right after the problem."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  ✗ ") and problem in line)
    assert lines[at + 1].startswith("    fix: ")
    return lines[at + 1][len("    fix: ") :]


def test_healthy(server, isolated, installed):
    write_claude_credentials(isolated / "home")
    fetched(server, Reply(200, fixture_reply("usage_minimal.json", time.time())))
    code, out = doctor(server, installed)
    assert out.rstrip().endswith("No problems found."), out
    assert code == 0
    assert "✗" not in out
    assert f"read from: {isolated / 'home' / '.claude' / '.credentials.json'}" in out
    assert re.search(r"expires: in (6h|5h 59m) \(\d\d:\d\d\); Max plan", out)
    assert f"cache: {isolated / 'cache'} (mode 0700): writable, yours alone to write in" in out
    assert f"plugin folder: {isolated / 'plugins'}" in out
    assert f"installed plugin: {isolated / 'plugins' / 'claude_usage.1m.py'}, run by " in out
    assert "host: none detected" in out
    assert "last fetch: 0s ago" in out or "last fetch: 1s ago" in out
    assert "last error: none" in out
    assert "next request: in " in out and "19 of 20 requests in hand" in out
    assert "requests: 2." in out and "Python: 3." in out and "claude-usage: 0." in out
    assert "backend: " in out
    assert "claude-code: fetch ok 200 in " in out  # the debug log's tail


def test_no_token(server, isolated, installed):
    code, out = doctor(server, installed)
    assert code == 1
    assert f"looked in: {isolated / 'home' / '.claude' / '.credentials.json'}" in out
    assert "/login" in problem_and_fix(out, "No Claude Code sign-in found")
    assert out.rstrip().endswith("1 problem found: the fix is under each ✗.")


def test_expired_token(server, isolated, installed):
    write_claude_credentials(isolated / "home", expires_in_s=-2 * 3600 - 30)
    code, out = doctor(server, installed)
    assert code == 1
    assert "expires: expired 2h ago" in out
    assert "renew" in problem_and_fix(out, "Claude Code's sign-in expired")


def test_a_state_folder_others_may_write_in(server, isolated, installed):
    write_claude_credentials(isolated / "home")
    folder = isolated / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    code, out = doctor(server, installed)
    assert code == 1
    assert f"cache: {folder} (mode 0777)" in out
    assert problem_and_fix(out, "others may write in it") == f"chmod 700 {folder}"


def test_a_recorded_error(server, isolated, installed):
    write_claude_credentials(isolated / "home")
    fetched(server, Reply(503, {"error": {"type": "overloaded_error"}}))
    code, out = doctor(server, installed)
    assert code == 1
    assert "last error: Anthropic API unavailable (HTTP 503) (0s ago)" in out
    assert "network" in problem_and_fix(out, "the last attempt failed: Anthropic API unavailable")
    assert "next request: in 30s" in out or "next request: in 1m" in out
    assert "fetch failed in " in out  # the debug log's tail shows it too


def test_a_missing_plugin_and_its_broken_python(server, isolated, installed):
    write_claude_credentials(isolated / "home")
    plugin = isolated / "plugins" / "claude_usage.1m.py"
    plugin.write_text("#!/nowhere/venv/bin/python3\n")
    code, out = doctor(server, installed)
    assert code == 1
    assert "./install.sh" in problem_and_fix(out, "its Python /nowhere/venv/bin/python3 is gone")
    plugin.unlink()
    code, out = doctor(server, installed)
    assert "./install.sh" in problem_and_fix(out, "the plugin file is gone")


def test_a_manual_token_is_never_shown(server, isolated, installed):
    keyring_file = isolated / "keyring.json"
    keyring_file.write_text(json.dumps({"claude-usage/oauth-access-token": MANUAL_TOKEN}))
    env = {
        **installed,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(keyring_file),
    }
    assert run_plugin("--token-source", "manual", env_extra=env).returncode == 0
    code, out = doctor(server, env)
    assert code == 0, out
    assert "account: Manual token: a token you pasted" in out
    assert "read from: the keyring, service 'claude-usage'" in out
    assert "expires: not known" in out
    assert "backend: fake keyring FileKeyring" in out and ": usable" in out


def test_it_is_in_the_help(server):
    assert "--doctor" in run_plugin("--help").stdout.decode()
