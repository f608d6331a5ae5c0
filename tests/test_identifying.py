"""Who an account is, learnt end to end: the plugin as a subprocess, a file-backed test keyring."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, Reply, fixture_reply, run_plugin, write_claude_credentials

MANUAL = "sk-ant-oat01-MANUAL-token-whose-profile-names-no-one-0000"
TESTS = Path(__file__).resolve().parent
USAGE, PROFILE = "/api/oauth/usage", "/api/oauth/profile"
SCOPE_403 = Reply(403, json.loads((FIXTURES / "error_403_scope.json").read_text()))
PLAN_ONLY = Reply(
    200,
    {
        "organization": {
            "organization_type": "claude_max",
            "rate_limit_tier": "default_claude_max_20x",
        }
    },
)


def plugin(server, isolated, *args, stdin=None):
    env = {
        "CLAUDE_USAGE_API_URL": server.url,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(isolated / "keyring.json"),
    }
    done = run_plugin(*args, input=stdin, env_extra=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def asked(server, path):
    return sum(r["path"] == path for r in server.requests)


@pytest.mark.parametrize("profile", [SCOPE_403, PLAN_ONLY], ids=["scope-403", "plan-only"])
def test_a_profile_naming_no_email_is_asked_once_a_day_not_at_each_fetch(server, isolated, profile):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    server.play_path(PROFILE, profile)
    plugin(server, isolated, "--set-token", "-", stdin=MANUAL)
    for _ in range(3):
        plugin(server, isolated, "--refresh")
    assert asked(server, USAGE) == 4
    assert asked(server, PROFILE) == 1


def test_a_claude_code_sign_in_without_an_email_never_asks_the_profile(server, isolated):
    """Claude Code's sign-ins are read offline only: its numbers need every request."""
    write_claude_credentials(isolated / "home")
    (isolated / "home" / ".claude.json").unlink()  # an older Claude Code: no email offline
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    server.play_path(PROFILE, SCOPE_403)
    for _ in range(3):
        plugin(server, isolated, "--refresh")
    assert asked(server, USAGE) == 3
    assert asked(server, PROFILE) == 0
