"""The loopback server's scripts: per token and per path, each with its last reply repeating."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from conftest import Reply

USAGE = "/api/oauth/usage"
PROFILE = "/api/oauth/profile"


def get(server, path: str = USAGE, token: str | None = None) -> tuple[int, str]:
    """(status, body) of one GET, with `Authorization: Bearer <token>` when a token is given."""
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_the_default_script_plays_in_order_and_its_last_reply_repeats(server):
    server.play(Reply(200, "one"), Reply(429, "two"))
    assert [get(server, token="a") for _ in range(3)] == [(200, "one"), (429, "two"), (429, "two")]


def test_nothing_scripted_is_a_500(server):
    assert get(server) == (500, "no reply scripted")


def test_each_token_gets_its_own_script(server):
    server.play(Reply(200, "default"))
    server.play_for("tok-a", Reply(200, "a1"), Reply(200, "a2"))
    server.play_for("tok-b", Reply(401, "b"))
    seen = [get(server, token=t) for t in ("tok-a", "tok-b", "tok-a", "tok-a", "tok-c")]
    assert seen == [(200, "a1"), (401, "b"), (200, "a2"), (200, "a2"), (200, "default")]
    assert get(server) == (200, "default")  # no token at all


def test_a_path_script_answers_that_path_for_any_token(server):
    server.play(Reply(200, "usage"))
    server.play_for("tok-a", Reply(200, "usage a"))
    server.play_path(PROFILE, Reply(200, "profile"))
    assert get(server, PROFILE, "tok-a") == (200, "profile")
    assert get(server, PROFILE + "?x=1", "tok-b") == (200, "profile")  # a prefix
    assert get(server, USAGE, "tok-a") == (200, "usage a")
    assert get(server, USAGE, "tok-b") == (200, "usage")


def test_a_path_script_for_one_token_comes_before_the_one_for_any(server):
    server.play_path(PROFILE, Reply(200, "anyone"))
    server.play_path(PROFILE, Reply(401, "a"), Reply(200, "a again"), token="tok-a")
    server.play_path("/api", Reply(200, "api for a"), token="tok-a")
    assert get(server, PROFILE, "tok-a") == (401, "a")
    assert get(server, PROFILE, "tok-b") == (200, "anyone")
    assert get(server, PROFILE, "tok-a") == (200, "a again")
    assert get(server, PROFILE, "tok-a") == (200, "a again")
    assert get(server, USAGE, "tok-a") == (200, "api for a")
    assert get(server, USAGE, "tok-b") == (500, "no reply scripted")


def test_the_longest_matching_path_wins(server):
    server.play_path("/api/oauth", Reply(200, "oauth"))
    server.play_path(PROFILE, Reply(200, "profile"))
    assert get(server, PROFILE) == (200, "profile")
    assert get(server, USAGE) == (200, "oauth")


@pytest.mark.parametrize(
    ("authorization", "body"),
    [
        ("Bearer tok-a", "a"),
        ("bearer  tok-a ", "a"),
        ("Basic tok-a", "default"),
        ("tok-a", "default"),
        ("Bearer", "default"),
        ("Bearer tok-ab", "default"),
    ],
)
def test_only_a_bearer_token_picks_a_token_script(server, authorization, body):
    server.play(Reply(200, "default"))
    server.play_for("tok-a", Reply(200, "a"))
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("GET", USAGE, headers={"Authorization": authorization})
        assert connection.getresponse().read().decode() == body
    finally:
        connection.close()


def test_requests_are_recorded_with_path_and_headers(server):
    server.play(Reply(200, "{}"))
    get(server, PROFILE, "tok-a")
    [request] = server.requests
    assert request["path"] == PROFILE
    assert request["headers"]["Authorization"] == "Bearer tok-a"
