"""Asks the usage and profile endpoints; every way that can go wrong becomes one of our errors.

Imported only by runs that fetch: `requests` costs more than the whole cached run.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Mapping
from typing import Any

from ..core.endpoint import DEFAULT_BASE_URL
from ..core.errors import ApiUnavailable, RateLimited, TokenRejected
from .libressl import requests  # without its LibreSSL warning (see there)
from .wallclock import OutOfTime, WallClock

USAGE_PATH = "/api/oauth/usage"
PROFILE_PATH = "/api/oauth/profile"  # the account and its plan; spends from the same budget
OAUTH_BETA = "oauth-2025-04-20"  # without it the endpoint refuses OAuth tokens
PINNED_CLAUDE_CODE_VERSION = "2.1.0"  # other User-Agents land in a bucket that is always 429
MAX_BODY_BYTES = 1 << 20  # a usage reply is under 2 KiB; anything huge is not one


def fetch_usage(
    token: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 10.0,
    user_agent: str = f"claude-code/{PINNED_CLAUDE_CODE_VERSION}",
    session: requests.Session | None = None,
    now: float | None = None,
) -> Any:
    """The decoded JSON of a 200 usage reply; raises TokenRejected, RateLimited or ApiUnavailable.

    `now` is the run's clock reading, for a Retry-After given as a date.
    """
    return _get_json(USAGE_PATH, token, base_url, timeout, user_agent, session, now)


def fetch_profile(
    token: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 10.0,
    user_agent: str = f"claude-code/{PINNED_CLAUDE_CODE_VERSION}",
    session: requests.Session | None = None,
    now: float | None = None,
) -> Any:
    """The decoded JSON of a 200 profile reply (account, plan); errors as fetch_usage."""
    return _get_json(PROFILE_PATH, token, base_url, timeout, user_agent, session, now)


def _get_json(
    path: str,
    token: str,
    base_url: str,
    timeout: float,
    user_agent: str,
    session: requests.Session | None,
    now: float | None,
) -> Any:
    """GET `path` with the headers the OAuth endpoints need, each failure as one of our errors."""
    deadline = time.monotonic() + timeout
    headers = {
        "anthropic-beta": OAUTH_BETA,
        "User-Agent": user_agent,
        "Accept": "application/json",
    }
    http = session or requests.Session()  # a one-shot run exits right after
    url = base_url.rstrip("/") + path
    try:
        with WallClock(timeout):  # the whole exchange, not each socket operation
            response = http.get(
                url,
                headers=headers,
                auth=_Bearer(token),
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
            with response:
                body = _read_body(response, deadline)
    except (requests.Timeout, OutOfTime) as e:
        raise ApiUnavailable(f"Can't reach the Anthropic API (no answer in {timeout:g}s)") from e
    except requests.RequestException as e:
        raise ApiUnavailable("Can't reach the Anthropic API (connection failed)") from e
    except UnicodeError as e:  # a header must be Latin-1: this token holds other characters
        raise TokenRejected("The token holds characters no token has: set it again", 400) from e
    return _decode(response.status_code, response.headers, body, now)


def new_session() -> requests.Session:
    """A session a resident process keeps: its connections and TLS set-up are reused."""
    return requests.Session()


class _Bearer(requests.auth.AuthBase):
    """Our token in the Authorization header, set as the request's auth.

    A request with no auth of its own gets one from ~/.netrc (a `default` entry
    matches every host): requests would send the user's netrc password as Basic
    auth in place of our token. It reads netrc only when no auth is given, so this
    keeps it out, while proxies and the CA bundle still come from the environment.
    """

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def _read_body(response: requests.Response, deadline: float) -> bytes:
    """The body, given up on at the deadline even when the server trickles it."""
    chunks, size = [], 0
    for chunk in response.iter_content(8192):
        size += len(chunk)
        if time.monotonic() > deadline:
            raise requests.Timeout("reply took too long")
        if size > MAX_BODY_BYTES:
            raise requests.RequestException("reply too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(status: int, headers: Mapping[str, str], body: bytes, now: float | None) -> Any:
    if status == 200:
        try:
            return json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError) as e:  # RecursionError: '[' nested 100,000 deep
            raise ApiUnavailable("The API returned something unexpected") from e
    # What to do about a refused token depends on its source: fetching adds that.
    if status == 401:
        raise TokenRejected("Token rejected (401)")
    if status == 403:
        kind, message = _error_fields(body)
        if kind != "permission_error":  # an HTML page from a proxy, VPN or CDN, not the API
            raise ApiUnavailable("The API refused the request (HTTP 403): a proxy or VPN?")
        if "scope" in message.lower():  # a `claude setup-token` token looks like any other
            raise TokenRejected(
                "Token lacks the user:profile scope: setup-token tokens can't read usage",
                status=403,
            )
        raise TokenRejected("Token not allowed here (403)", status=403)
    if status == 429:
        raise RateLimited("Rate limited", retry_after(headers.get("Retry-After"), now=now))
    if status >= 500:
        raise ApiUnavailable(f"Anthropic API unavailable (HTTP {status})")
    raise ApiUnavailable(f"The API returned something unexpected (HTTP {status})")


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date); None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit alone takes "²" and "٣"
        return float(value)  # a 400-digit value is inf: the backoff caps every wait
    try:
        moment = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment - (time.time() if now is None else now))


def claude_code_user_agent(env: Mapping[str, str]) -> str:
    """`claude-code/<version>` of the installed Claude Code when cheap to learn, else pinned."""
    home = env.get("HOME") or os.path.expanduser("~")
    versions = os.path.join(home, ".local", "share", "claude", "versions")  # native installer
    try:
        found = [v for v in os.listdir(versions) if v[:1].isdigit()]
    except OSError:
        found = []
    newest = max(found, key=_version_key, default=None)
    return f"claude-code/{newest or PINNED_CLAUDE_CODE_VERSION}"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _error_fields(body: bytes) -> tuple[str, str]:
    """(error.type, error.message) of an API error body; empty strings when it is not one."""
    try:
        error = json.loads(body.decode("utf-8"))["error"]
        return str(error.get("type") or ""), str(error.get("message") or "")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return "", ""
