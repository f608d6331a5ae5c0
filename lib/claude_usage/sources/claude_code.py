"""Reads the OAuth token Claude Code keeps, never writing or refreshing it.

Refresh tokens are single use: spending Claude Code's would log it out. When its
access token has expired, we say so and let Claude Code renew it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Any, Callable

from ..core.credentials import oauth_section
from ..core.errors import NoToken, TokenExpired
from ..core.identity import plan_name
from ..core.model import UNREADABLE, moment, number
from ..core.tokens import Token

TYPE_CHECKING = False
if TYPE_CHECKING:
    from . import TokenSource

KEYCHAIN_SERVICE = "Claude Code-credentials"
Run = Callable[..., Any]  # subprocess.run, or a fake in tests


def read_token(
    source: TokenSource,
    env: Mapping[str, str],
    *,
    now: float,
    platform: str,
    run: Run | None = None,
) -> Token:
    """Claude Code's current access token; NoToken or TokenExpired when there is none to use."""
    oauth, origin = None, ""
    if platform == "darwin":
        oauth, origin = oauth_section(_keychain_secret(env, run)), _keychain_item(env)
    if oauth is None:
        oauth, origin = oauth_section(_read_text(_credentials_file(env))), _credentials_file(env)
    if oauth is None or not isinstance(oauth.get("accessToken"), str):
        raise NoToken("No Claude Code sign-in found")
    plan = plan_name(oauth.get("subscriptionType"), oauth.get("rateLimitTier"))
    token = Token(
        value=oauth["accessToken"].strip(),
        source=source.id,
        expires_at=_expiry(oauth.get("expiresAt")),
        plan=plan or None,
        origin=origin,
    )
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenExpired("Claude Code's sign-in expired", token.expires_at, origin)
    return token


def places(env: Mapping[str, str], platform: str) -> list[str]:
    """Where Claude Code's sign-in is looked for, in order, in words."""
    first = [_keychain_item(env)] if platform == "darwin" else []
    return [*first, _credentials_file(env)]


def _keychain_item(env: Mapping[str, str]) -> str:
    return f"the Keychain item '{keychain_service(env)}'"


def keychain_service(env: Mapping[str, str]) -> str:
    """The Keychain item's service name; a custom config dir gets its own item."""
    config_dir = env.get("CLAUDE_CONFIG_DIR")
    if not config_dir:
        return KEYCHAIN_SERVICE
    return f"{KEYCHAIN_SERVICE}-{hashlib.sha256(config_dir.encode()).hexdigest()[:8]}"


def _keychain_secret(env: Mapping[str, str], run: Run | None) -> str | None:
    from ..system import keychain  # subprocess: only macOS pays for it

    account = env.get("USER") or keychain.login_name()
    return keychain.generic_password(keychain_service(env), account, run=run)


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
    try:  # Claude Code stores Unix milliseconds; a time no date can show is no time
        return moment(number(value) / 1000)
    except UNREADABLE:
        return None
