"""Reads the OAuth token Claude Code keeps, never writing or refreshing it.

Refresh tokens are single use: spending Claude Code's would log it out. When its
access token has expired, we say so and let Claude Code renew it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any, Callable

from .errors import NoToken, TokenExpired
from .record import Record

SECURITY = "/usr/bin/security"  # by absolute path: plugins run with a bare PATH
KEYCHAIN_SERVICE = "Claude Code-credentials"
SECURITY_TIMEOUT_S = 2  # it answers in milliseconds; SwiftBar's UI may be waiting
Run = Callable[..., Any]  # subprocess.run, or a fake in tests


class Token(Record):
    """An access token and what we know about it; repr never shows the secret."""

    _hidden = ("value",)
    value: str
    source: str
    expires_at: float | None = None  # epoch seconds
    plan: str | None = None


def claude_code_token(
    env: Mapping[str, str], *, now: float, platform: str, run: Run | None = None
) -> Token:
    """Claude Code's current access token; NoToken or TokenExpired when there is none to use."""
    oauth = None
    if platform == "darwin":
        oauth = _oauth_section(_keychain_secret(env, run))
    if oauth is None:
        oauth = _oauth_section(_read_text(_credentials_file(env)))
    if oauth is None or not isinstance(oauth.get("accessToken"), str):
        raise NoToken("No Claude Code sign-in found")
    token = Token(
        value=oauth["accessToken"].strip(),
        source="claude-code",
        expires_at=_expiry(oauth.get("expiresAt")),
        plan=oauth.get("subscriptionType")
        if isinstance(oauth.get("subscriptionType"), str)
        else None,
    )
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenExpired("Claude Code's sign-in expired")
    return token


def keychain_service(env: Mapping[str, str]) -> str:
    """The Keychain item's service name; a custom config dir gets its own item."""
    config_dir = env.get("CLAUDE_CONFIG_DIR")
    if not config_dir:
        return KEYCHAIN_SERVICE
    return f"{KEYCHAIN_SERVICE}-{hashlib.sha256(config_dir.encode()).hexdigest()[:8]}"


def _keychain_secret(env: Mapping[str, str], run: Run | None) -> str | None:
    import subprocess  # only macOS runs a tool to read the token; elsewhere skip its import

    run = run or subprocess.run
    account = env.get("USER") or _login_name()
    command = [SECURITY, "find-generic-password", "-s", keychain_service(env), "-a", account, "-w"]
    try:
        done = run(command, capture_output=True, text=True, timeout=SECURITY_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _oauth_section(secret: str | None) -> dict[str, Any] | None:
    """The claudeAiOauth object from stored credentials, plain or hex-encoded JSON."""
    text = (secret or "").strip()
    if text and not text.startswith("{"):
        try:
            text = bytes.fromhex(text).decode("utf-8")
        except ValueError:
            return None
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    oauth = data.get("claudeAiOauth") if isinstance(data, dict) else None
    return oauth if isinstance(oauth, dict) else None


def _credentials_file(env: Mapping[str, str]) -> str:
    folder = env.get("CLAUDE_CONFIG_DIR") or os.path.join(
        env.get("HOME") or os.path.expanduser("~"), ".claude"
    )
    return os.path.join(folder, ".credentials.json")


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _expiry(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value / 1000  # Claude Code stores Unix milliseconds


def _login_name() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name
