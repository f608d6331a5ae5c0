"""Shared test seams: an isolated HOME and plugin folders, real fixtures, a loopback server."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import menu_format
import menu_recorder
from usage_server import FIXTURES, Reply, UsageServer, fixture_reply, shift_dates  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "claude_usage.1m.py"
ACCESS_TOKEN = "sk-ant-oat01-TEST-access-token-never-shown-0123456789"
HOST_VARS = (
    "SWIFTBAR",
    "XBARDarkMode",
    "ARGOS_VERSION",
    "OS_APPEARANCE",
    "SWIFTBAR_PLUGIN_REFRESH_REASON",
    "SWIFTBAR_PLUGIN_PATH",
    "SWIFTBAR_PLUGIN_CACHE_PATH",
    "SWIFTBAR_PLUGIN_DATA_PATH",
    "CLAUDE_CONFIG_DIR",
    "CLAUDE_USAGE_API_URL",
    "CLAUDE_USAGE_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "CLAUDE_USAGE_TIMEOUT_S",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own HOME and plugin folders, and no host variables."""
    for name in HOST_VARS:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CLAUDE_USAGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAUDE_USAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return tmp_path


CLAUDE_CODE_EMAIL = "alice@example.com"


def write_claude_credentials(
    home: Path, token: str = ACCESS_TOKEN, *, expires_in_s: float = 6 * 3600, **extra
) -> Path:
    """Claude Code's credentials file, as it writes it on Linux."""
    folder = home / ".claude"
    folder.mkdir(exist_ok=True)
    oauth = {
        "accessToken": token,
        "refreshToken": "sk-ant-ort01-never-used",
        "expiresAt": int((time.time() + expires_in_s) * 1000),
        "scopes": ["user:inference", "user:profile"],
        "subscriptionType": "max",
        **extra,
    }
    path = folder / ".credentials.json"
    path.write_text(json.dumps({"claudeAiOauth": oauth}))
    path.chmod(0o600)
    write_claude_json(home, CLAUDE_CODE_EMAIL)
    return path


def write_claude_json(folder: Path, email: str) -> Path:
    """Claude Code's `.claude.json` beside a sign-in: who it is, readable offline."""
    path = folder / ".claude.json"
    account = {"accountUuid": "0000", "emailAddress": email, "organizationName": "Org"}
    path.write_text(json.dumps({"numStartups": 3, "projects": {}, "oauthAccount": account}))
    path.chmod(0o600)
    return path


@pytest.fixture
def server():
    srv = UsageServer()
    yield srv
    srv.close()


def run_plugin(
    *args: str,
    env_extra: dict | None = None,
    timeout: float = 30,
    input: str | None = None,
    python_flags: tuple[str, ...] = (),
) -> subprocess.CompletedProcess:
    """Run claude_usage.1m.py as SwiftBar would: a subprocess with the test's environment."""
    env = {**os.environ, **(env_extra or {})}
    feed = {"input": input.encode()} if input is not None else {"stdin": subprocess.DEVNULL}
    done = subprocess.run(
        [sys.executable, *python_flags, str(PLUGIN), *args],
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
        **feed,
    )
    if done.returncode == 0:
        menu_recorder.record(str(PLUGIN), args, env, done.stdout)
    return done


def lint(output: str, *, host: str) -> list[str]:
    """What `host` (swiftbar, xbar, argos) would reject or show other than as written,
    by our own model of its format."""
    return menu_format.problems(output, host)


def wait_for(condition, timeout: float = 10.0, poll: float = 0.01):
    """Poll until `condition()` is true; fail after `timeout` seconds. Never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout}s for {condition}")
        time.sleep(poll)
    return result


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
