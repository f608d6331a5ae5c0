from __future__ import annotations

import json

import pytest
import requests
import responses
from responses import matchers

from claude_usage.core.errors import ApiUnavailable, RateLimited, TokenRejected
from claude_usage.system.http import (
    PROFILE_PATH,
    claude_code_user_agent,
    fetch_profile,
    fetch_usage,
    retry_after,
)
from conftest import ACCESS_TOKEN, FIXTURES, Reply

BASE = "https://api.example.test"
URL = BASE + "/api/oauth/usage"
HEADERS = {
    "Authorization": f"Bearer {ACCESS_TOKEN}",
    "anthropic-beta": "oauth-2025-04-20",
    "User-Agent": "claude-code/2.1.0",
    "Accept": "application/json",
}


def fetch(**kw):
    return fetch_usage(ACCESS_TOKEN, base_url=BASE, timeout=5, **kw)


@responses.activate
def test_sends_the_headers_the_endpoint_needs_and_returns_the_json():
    body = json.loads((FIXTURES / "usage_max20x.json").read_text())
    responses.get(URL, json=body, match=[matchers.header_matcher(HEADERS)])
    assert fetch() == body


@responses.activate
def test_user_agent_is_passed_through():
    responses.get(URL, json={}, match=[matchers.header_matcher({"User-Agent": "claude-code/9.9"})])
    assert fetch(user_agent="claude-code/9.9") == {}


@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        (401, {"type": "error", "error": {"type": "authentication_error"}}, TokenRejected, "401"),
        (
            403,
            json.loads((FIXTURES / "error_403_scope.json").read_text()),
            TokenRejected,
            "user:profile",
        ),
        (403, {"error": {"type": "permission_error", "message": "no"}}, TokenRejected, "403"),
        (403, "<html>Attention Required! | Cloudflare</html>", ApiUnavailable, "proxy or VPN"),
        (403, {"error": {"message": "forbidden"}}, ApiUnavailable, "HTTP 403"),
        (500, "oops", ApiUnavailable, "HTTP 500"),
        (503, "<html>Service Unavailable</html>", ApiUnavailable, "HTTP 503"),
        (404, "not here", ApiUnavailable, "unexpected"),
        (302, "", ApiUnavailable, "unexpected"),
        (200, "<html>captive portal</html>", ApiUnavailable, "unexpected"),
        (200, b"\xff\xfe not utf8", ApiUnavailable, "unexpected"),
    ],
)
@responses.activate
def test_errors_become_states_a_person_understands(status, body, error, text):
    kw = {"json": body} if isinstance(body, dict) else {"body": body}
    responses.get(URL, status=status, **kw)
    with pytest.raises(error, match=text):
        fetch()


def test_403_scope_error_carries_status():
    with responses.RequestsMock() as mock:
        mock.get(URL, status=403, json=json.loads((FIXTURES / "error_403_scope.json").read_text()))
        with pytest.raises(TokenRejected) as caught:
            fetch()
    assert caught.value.status == 403


@pytest.mark.parametrize(("header", "seconds"), [("120", 120.0), (None, None), ("0", 0.0)])
@responses.activate
def test_429_reports_retry_after(header, seconds):
    headers = {"Retry-After": header} if header is not None else {}
    responses.get(
        URL,
        status=429,
        headers=headers,
        json={"error": {"type": "rate_limit_error", "message": "Rate limited."}},
    )
    with pytest.raises(RateLimited) as caught:
        fetch()
    assert caught.value.retry_after == seconds


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30.0),
        (" 45 ", 45.0),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 90.0),
        ("Wed, 21 Oct 2015 07:20:00 GMT", 0.0),  # a date in the past: go ahead
        ("²", None),  # str.isdigit says yes; float() says ValueError
        ("٣٠", None),  # Arabic-Indic digits: not what HTTP means
        ("1" * 400, float("inf")),  # the backoff caps it (see test_state)
    ],
)
def test_retry_after_parsing(header, seconds):
    now = 1445412390.0  # 2015-10-21T07:26:30Z
    assert retry_after(header, now=now) == seconds


@pytest.mark.parametrize("exc", [requests.ConnectTimeout("slow"), requests.ReadTimeout("slow")])
@responses.activate
def test_timeouts(exc):
    responses.get(URL, body=exc)
    with pytest.raises(ApiUnavailable, match="no answer in 5s"):
        fetch()


@responses.activate
def test_dropped_connection():
    responses.get(URL, body=requests.ConnectionError("reset by peer"))
    with pytest.raises(ApiUnavailable, match="connection failed"):
        fetch()


@responses.activate
def test_the_token_is_not_in_error_messages():
    responses.get(URL, status=401, body=f"bad token {ACCESS_TOKEN}")
    with pytest.raises(TokenRejected) as caught:
        fetch()
    assert ACCESS_TOKEN not in str(caught.value)


def test_user_agent_version_from_the_installed_claude_code(tmp_path):
    versions = tmp_path / ".local/share/claude/versions"
    versions.mkdir(parents=True)
    for name in ("2.0.9", "2.0.10", "notes"):
        (versions / name).write_text("")
    assert claude_code_user_agent({"HOME": str(tmp_path)}) == "claude-code/2.0.10"
    assert claude_code_user_agent({"HOME": str(tmp_path / "none")}) == "claude-code/2.1.0"


PROFILE = json.loads((FIXTURES / "profile_max20x.json").read_text())


def test_fetch_profile_asks_the_profile_endpoint_with_the_same_headers(server):
    server.play_path(PROFILE_PATH, Reply(200, PROFILE))
    got = fetch_profile(
        ACCESS_TOKEN, base_url=server.url, timeout=5, user_agent="claude-code/2.1.7"
    )
    assert got == PROFILE
    [request] = server.requests
    assert request["path"] == "/api/oauth/profile"
    headers = request["headers"]
    assert headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert headers["anthropic-beta"] == "oauth-2025-04-20"
    assert headers["User-Agent"] == "claude-code/2.1.7"
    assert headers["Accept"] == "application/json"


def test_usage_and_profile_each_get_their_own_reply(server):
    usage = json.loads((FIXTURES / "usage_minimal.json").read_text())
    server.play(Reply(200, usage))
    server.play_path(PROFILE_PATH, Reply(200, PROFILE))
    assert fetch_profile(ACCESS_TOKEN, base_url=server.url, timeout=5) == PROFILE
    assert fetch_usage(ACCESS_TOKEN, base_url=server.url + "/", timeout=5) == usage
    assert [r["path"] for r in server.requests] == ["/api/oauth/profile", "/api/oauth/usage"]


@pytest.mark.parametrize(
    ("reply", "error", "text"),
    [
        (
            Reply(401, {"type": "error", "error": {"type": "authentication_error"}}),
            TokenRejected,
            "401",
        ),
        (
            Reply(403, json.loads((FIXTURES / "error_403_scope.json").read_text())),
            TokenRejected,
            "user:profile",
        ),
        (Reply(429, {"error": {"type": "rate_limit_error"}}), RateLimited, "Rate limited"),
        (Reply(503, "<html>down</html>"), ApiUnavailable, "HTTP 503"),
        (Reply(200, "<html>captive portal</html>"), ApiUnavailable, "unexpected"),
        (
            Reply(302, "", {"Location": "http://127.0.0.1:9/elsewhere"}),
            ApiUnavailable,
            "unexpected",
        ),
    ],
)
def test_fetch_profile_errors_translate_like_usage(server, reply, error, text):
    server.play_path(PROFILE_PATH, reply)
    with pytest.raises(error, match=text) as caught:
        fetch_profile(ACCESS_TOKEN, base_url=server.url, timeout=5)
    assert ACCESS_TOKEN not in str(caught.value)


def test_fetch_profile_429_carries_retry_after(server):
    server.play_path(PROFILE_PATH, Reply(429, "{}", {"Retry-After": "120"}))
    with pytest.raises(RateLimited) as caught:
        fetch_profile(ACCESS_TOKEN, base_url=server.url, timeout=5)
    assert caught.value.retry_after == 120.0


def test_fetch_profile_gives_up_on_a_slow_server(server):
    server.play_path(PROFILE_PATH, Reply(200, PROFILE, trickle=0.05))
    with pytest.raises(ApiUnavailable, match=r"no answer in 0\.5s"):
        fetch_profile(ACCESS_TOKEN, base_url=server.url, timeout=0.5)
