"""Shared test seams: an isolated HOME and plugin folders, real fixtures, a loopback server."""

from __future__ import annotations

import http.server
import json
import os
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"
LINT = SHARED / "tools" / "swiftbar_lint.py"
PLUGIN = REPO / "claude_usage.1m.py"
ACCESS_TOKEN = "sk-ant-oat01-TEST-access-token-never-shown-0123456789"
HOST_VARS = (
    "SWIFTBAR",
    "XBARDarkMode",
    "ARGOS_VERSION",
    "OS_APPEARANCE",
    "SWIFTBAR_PLUGIN_REFRESH_REASON",
    "SWIFTBAR_PLUGIN_PATH",
    "CLAUDE_CONFIG_DIR",
    "CLAUDE_USAGE_API_URL",
    "CLAUDE_USAGE_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own HOME and plugin folders, and no host variables."""
    for name in HOST_VARS:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SWIFTBAR_PLUGIN_CACHE_PATH", str(tmp_path / "cache"))
    monkeypatch.setenv("SWIFTBAR_PLUGIN_DATA_PATH", str(tmp_path / "data"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return tmp_path


def fixture_reply(name: str, now: float, session_left_s: float = 2 * 3600) -> dict:
    """A real payload from shared/fixtures with its dates shifted so the session resets soon."""
    data = json.loads((FIXTURES / name).read_text())
    anchor = datetime.fromisoformat(data["five_hour"]["resets_at"])
    delta = datetime.fromtimestamp(now + session_left_s, timezone.utc) - anchor
    return shift_dates(data, delta)


def shift_dates(node, delta: timedelta):
    if isinstance(node, dict):
        return {
            k: (_shift(v, delta) if k == "resets_at" else shift_dates(v, delta))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [shift_dates(v, delta) for v in node]
    return node


def _shift(value, delta):
    return (datetime.fromisoformat(value) + delta).isoformat() if isinstance(value, str) else value


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
    return path


@dataclass
class Reply:
    status: int = 200
    body: object = None  # dict/list -> JSON; str/bytes sent as is
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class UsageServer:
    """A real HTTP server on 127.0.0.1 that plays scripted replies and records requests."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers)})
                    reply = (
                        server.replies.pop(0)
                        if len(server.replies) > 1
                        else (
                            server.replies[0] if server.replies else Reply(500, "no reply scripted")
                        )
                    )
                time.sleep(reply.delay)
                body = reply.body
                if isinstance(body, (dict, list)):
                    body = json.dumps(body)
                data = body if isinstance(body, bytes) else str(body or "").encode()
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up first, as tests of timeouts intend

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def play(self, *replies: Reply) -> None:
        """Serve these replies in order; the last one repeats."""
        with self._lock:
            self.replies = list(replies)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    srv = UsageServer()
    yield srv
    srv.close()


def run_plugin(
    *args: str, env_extra: dict | None = None, timeout: float = 30, input: str | None = None
) -> subprocess.CompletedProcess:
    """Run claude_usage.1m.py as SwiftBar would: a subprocess with the test's environment."""
    env = {**os.environ, **(env_extra or {})}
    feed = {"input": input.encode()} if input is not None else {"stdin": subprocess.DEVNULL}
    return subprocess.run(
        [sys.executable, str(PLUGIN), *args],
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
        **feed,
    )


def lint(output: str, *, xbar: bool) -> list[str]:
    """What the hosts would mangle or reject, from the shared format checker."""
    done = subprocess.run(
        [sys.executable, str(LINT), *(["--xbar"] if xbar else [])],
        input=output,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in done.stdout.splitlines() if line]


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
