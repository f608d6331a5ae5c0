from __future__ import annotations

import threading
import time

import pytest

from claude_usage.credentials import Token
from claude_usage.errors import ApiUnavailable, NoToken, RateLimited, TokenRejected
from claude_usage.refresh import CACHE_FILE, Fetcher, load_state, store_state, up_to_date
from claude_usage.state import UsageState
from conftest import ACCESS_TOKEN, file_mode, fixture_reply


class FakeApi:
    """Plays scripted outcomes (a reply dict or an exception); records the tokens sent."""

    def __init__(self, *outcomes, delay=0.0):
        self.outcomes, self.sent, self.delay = list(outcomes), [], delay

    def __call__(self, token):
        self.sent.append(token)
        time.sleep(self.delay)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class Tokens:
    """Hands out tokens in turn, like Claude Code rotating its credentials."""

    def __init__(self, *values):
        self.values = list(values)

    def __call__(self):
        value = self.values.pop(0) if len(self.values) > 1 else self.values[0]
        if isinstance(value, Exception):
            raise value
        return Token(value, "claude-code")


def fetcher(api, tokens=None, lock_wait=3.0, source="claude-code"):
    return Fetcher(
        read_token=tokens or Tokens(ACCESS_TOKEN), fetch=api, lock_wait=lock_wait, source=source
    )


def test_fetches_stores_0600_and_then_answers_from_cache(tmp_path):
    api = FakeApi(fixture_reply("usage_max20x.json", time.time()))
    state, fetched = up_to_date(str(tmp_path), fetcher(api))
    assert fetched and [lim.percent for lim in state.snapshot.limits] == [24.0, 36.0, 1.0]
    assert file_mode(tmp_path / CACHE_FILE) == 0o600
    assert ACCESS_TOKEN.encode() not in (tmp_path / CACHE_FILE).read_bytes()
    again, fetched_again = up_to_date(str(tmp_path), fetcher(api))
    assert (again, fetched_again, len(api.sent)) == (state, False, 1)


def test_forced_refresh_asks_even_when_fresh(tmp_path):
    api = FakeApi(fixture_reply("usage_minimal.json", time.time()))
    up_to_date(str(tmp_path), fetcher(api))
    up_to_date(str(tmp_path), fetcher(api), forced=True)
    assert len(api.sent) == 2


def test_401_reads_the_token_again_and_retries_once(tmp_path):
    api = FakeApi(TokenRejected("401"), fixture_reply("usage_minimal.json", time.time()))
    state, _ = up_to_date(
        str(tmp_path), fetcher(api, Tokens("sk-ant-oat01-old", "sk-ant-oat01-new"))
    )
    assert api.sent == ["sk-ant-oat01-old", "sk-ant-oat01-new"]
    assert state.failure is None and state.snapshot is not None


def test_401_with_the_same_token_is_not_retried(tmp_path):
    api = FakeApi(TokenRejected("Token rejected (401)"))
    state, _ = up_to_date(str(tmp_path), fetcher(api))
    assert len(api.sent) == 1
    assert state.failure.kind == "token_rejected" and state.failure.needs_user


def test_403_is_not_retried(tmp_path):
    api = FakeApi(TokenRejected("scope", status=403))
    up_to_date(str(tmp_path), fetcher(api, Tokens("sk-ant-oat01-a", "sk-ant-oat01-b")))
    assert api.sent == ["sk-ant-oat01-a"]


def test_failure_keeps_last_good_numbers(tmp_path):
    reply = fixture_reply("usage_minimal.json", time.time())
    good, _ = up_to_date(str(tmp_path), fetcher(FakeApi(reply)))
    bad, _ = up_to_date(str(tmp_path), fetcher(FakeApi(ApiUnavailable("HTTP 502"))), forced=True)
    assert bad.snapshot == good.snapshot
    assert bad.failure.message == "HTTP 502"


def test_rate_limit_backs_off_and_the_next_run_sends_nothing(tmp_path):
    api = FakeApi(RateLimited("Rate limited", retry_after=120))
    state, _ = up_to_date(str(tmp_path), fetcher(api))
    assert state.retry_at == pytest.approx(time.time() + 120, abs=5)
    up_to_date(str(tmp_path), fetcher(api))
    assert len(api.sent) == 1


def test_no_token_sends_nothing(tmp_path):
    api = FakeApi({})
    state, _ = up_to_date(str(tmp_path), fetcher(api, Tokens(NoToken("No sign-in"))))
    assert api.sent == [] and state.failure.kind == "no_token"


def test_corrupt_cache_is_treated_as_absent(tmp_path):
    (tmp_path / CACHE_FILE).write_text('{"version": 1, "snapshot": {"limits": 7}')
    assert load_state(str(tmp_path)) == UsageState()
    state, fetched = up_to_date(
        str(tmp_path), fetcher(FakeApi(fixture_reply("usage_minimal.json", time.time())))
    )
    assert fetched and state.snapshot is not None


def test_overlapping_runs_make_one_request(tmp_path):
    api = FakeApi(fixture_reply("usage_minimal.json", time.time()), delay=0.5)
    results = []

    def run():
        results.append(up_to_date(str(tmp_path), fetcher(api)))

    threads = [threading.Thread(target=run) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(api.sent) == 1
    assert sum(fetched for _, fetched in results) == 1
    assert all(state.snapshot is not None for state, _ in results)


def test_a_run_that_waits_too_long_for_the_lock_shows_the_cache(tmp_path):
    store_state(str(tmp_path), UsageState())
    slow = FakeApi(fixture_reply("usage_minimal.json", time.time()), delay=3)
    first = threading.Thread(target=up_to_date, args=(str(tmp_path), fetcher(slow)))
    first.start()
    time.sleep(0.3)
    started = time.monotonic()
    _state, fetched = up_to_date(str(tmp_path), fetcher(FakeApi({}), lock_wait=0.5))
    assert not fetched and time.monotonic() - started < 2.5
    first.join(10)
