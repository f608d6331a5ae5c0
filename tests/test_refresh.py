from __future__ import annotations

import threading
import time
from pathlib import Path

from claude_usage.core.budget import CAPACITY
from claude_usage.core.cadence import CLICK
from claude_usage.core.errors import ApiUnavailable, NoToken, RateLimited, TokenRejected
from claude_usage.core.record import replace
from claude_usage.core.state import UsageState
from claude_usage.core.tokens import Token
from claude_usage.fetching import UNSAVED_OUTCOME_WAIT_S, asking
from claude_usage.refresh import NOT_ASKING, Fetcher, up_to_date
from claude_usage.store import cache_path, load_state, store_state
from conftest import ACCESS_TOKEN, file_mode, fixture_reply, wait_for

NOW = 1_767_384_000.0


class FakeApi:
    """Plays scripted outcomes (a reply dict or an exception); records the tokens sent."""

    def __init__(self, *outcomes, delay=0.0):
        self.outcomes, self.sent, self.delay = list(outcomes), [], delay

    def __call__(self, token):
        self.sent.append(token)  # once this is seen, the caller holds the fetch lock
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


def fetcher(api, tokens=None, lock_wait=3.0, source="claude-code", now=NOW):
    return Fetcher(
        source=source,
        now=now,
        read_token=tokens or Tokens(ACCESS_TOKEN),
        fetch=api,
        lock_wait=lock_wait,
    )


def cache_file(folder):
    return Path(cache_path(str(folder), "claude-code"))


def test_fetches_stores_0600_and_then_answers_from_cache(tmp_path):
    api = FakeApi(fixture_reply("usage_max20x.json", NOW))
    state, fetched = up_to_date(str(tmp_path), fetcher(api))
    assert fetched and [lim.percent for lim in state.snapshot.limits] == [24.0, 36.0, 1.0]
    assert file_mode(cache_file(tmp_path)) == 0o600
    assert ACCESS_TOKEN.encode() not in (cache_file(tmp_path)).read_bytes()
    again, fetched_again = up_to_date(str(tmp_path), fetcher(api))
    assert (again, fetched_again, len(api.sent)) == (state, False, 1)


def test_forced_refresh_asks_even_when_fresh(tmp_path):
    api = FakeApi(fixture_reply("usage_minimal.json", NOW))
    up_to_date(str(tmp_path), fetcher(api))
    up_to_date(str(tmp_path), fetcher(api), reason=CLICK)
    assert len(api.sent) == 2


def test_401_reads_the_token_again_and_retries_once(tmp_path):
    api = FakeApi(TokenRejected("401"), fixture_reply("usage_minimal.json", NOW))
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
    reply = fixture_reply("usage_minimal.json", NOW)
    good, _ = up_to_date(str(tmp_path), fetcher(FakeApi(reply)))
    bad, _ = up_to_date(str(tmp_path), fetcher(FakeApi(ApiUnavailable("HTTP 502"))), reason=CLICK)
    assert bad.snapshot == good.snapshot
    assert bad.failure.message == "HTTP 502"


def test_rate_limit_backs_off_and_the_next_run_sends_nothing(tmp_path):
    api = FakeApi(RateLimited("Rate limited", retry_after=120))
    state, _ = up_to_date(str(tmp_path), fetcher(api))
    assert state.retry_at == NOW + 120
    up_to_date(str(tmp_path), fetcher(api))
    assert len(api.sent) == 1


def test_no_token_sends_nothing(tmp_path):
    api = FakeApi({})
    state, _ = up_to_date(str(tmp_path), fetcher(api, Tokens(NoToken("No sign-in"))))
    assert api.sent == [] and state.failure.kind == "no_token"


def test_corrupt_cache_is_treated_as_absent(tmp_path):
    (cache_file(tmp_path)).write_text('{"version": 1, "snapshot": {"limits": 7}')
    assert load_state(str(tmp_path), "claude-code") == UsageState()
    state, fetched = up_to_date(
        str(tmp_path), fetcher(FakeApi(fixture_reply("usage_minimal.json", NOW)))
    )
    assert fetched and state.snapshot is not None


def test_overlapping_runs_make_one_request(tmp_path):
    api = FakeApi(fixture_reply("usage_minimal.json", NOW), delay=0.5)
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
    store_state(str(tmp_path), "claude-code", UsageState())
    slow = FakeApi(fixture_reply("usage_minimal.json", NOW), delay=0.5)
    first = threading.Thread(target=up_to_date, args=(str(tmp_path), fetcher(slow)))
    first.start()
    wait_for(lambda: slow.sent)  # the first run now holds the fetch lock
    started = time.monotonic()
    _state, fetched = up_to_date(str(tmp_path), fetcher(FakeApi({}), lock_wait=0.2))
    assert not fetched and time.monotonic() - started < 0.45
    first.join(10)


def test_each_source_has_its_own_cache_and_lock(tmp_path):
    tmp_path = tmp_path / "cache"
    api = FakeApi(fixture_reply("usage_minimal.json", NOW))
    mine, _ = up_to_date(str(tmp_path), fetcher(api, source="claude-code"))
    theirs, fetched = up_to_date(
        str(tmp_path), fetcher(FakeApi(ApiUnavailable("down")), source="manual")
    )
    assert fetched and theirs.snapshot is None and theirs.source == "manual"
    assert load_state(str(tmp_path), "claude-code") == mine
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fetch-claude-code.lock",
        "fetch-manual.lock",
        "state-claude-code.lock",
        "state-manual.lock",
        "usage-claude-code.dat",
        "usage-manual.dat",
    ]


def test_the_single_cache_of_the_first_release_is_read_once(tmp_path):
    from claude_usage.core.state import state_to_dict
    from claude_usage.system.files import write_data

    reply = fixture_reply("usage_minimal.json", NOW)
    backed_off = UsageState(retry_at=NOW + 600, source="claude-code")
    write_data(str(tmp_path / "usage.dat"), state_to_dict(backed_off))
    assert load_state(str(tmp_path), "manual") == UsageState()  # another source's numbers
    state, fetched = up_to_date(str(tmp_path), fetcher(FakeApi(reply)))
    assert (state, fetched) == (backed_off, False)  # its backoff still holds
    up_to_date(str(tmp_path), fetcher(FakeApi(reply), now=NOW + 601))
    assert not (tmp_path / "usage.dat").exists()


def test_each_request_is_recorded_before_it_is_sent_and_spent_once(tmp_path):
    seen = []

    def api(token):
        seen.append(load_state(str(tmp_path), "claude-code"))  # what a crash here would leave
        return fixture_reply("usage_minimal.json", NOW)

    state, fetched = up_to_date(str(tmp_path), fetcher(api))
    assert fetched and seen[0].asked_at == NOW and seen[0].budget.level == CAPACITY - 1
    assert state.asked_at is None and state.budget.level == CAPACITY - 1
    assert load_state(str(tmp_path), "claude-code") == state


def test_a_request_that_cannot_be_recorded_is_not_sent(tmp_path):
    cache_file(tmp_path).mkdir()  # the cache file cannot be replaced: a write that fails
    (cache_file(tmp_path) / "in-the-way").write_text("")
    heard, api = [], FakeApi(fixture_reply("usage_minimal.json", NOW))
    told = replace(fetcher(api), cannot_save=lambda folder, e, **words: heard.append(words))
    state, fetched = up_to_date(str(tmp_path), told)
    assert (api.sent, fetched, state) == ([], False, UsageState())
    assert heard == [{"then": NOT_ASKING}]


def test_a_request_whose_outcome_was_never_saved_holds_the_next_back_a_while(tmp_path):
    store_state(str(tmp_path), "claude-code", asking(UsageState(), NOW))  # its run then died
    api = FakeApi(fixture_reply("usage_minimal.json", NOW))
    for now in (NOW + 1, NOW + UNSAVED_OUTCOME_WAIT_S - 1):
        assert up_to_date(str(tmp_path), fetcher(api, now=now))[1] is False
    assert api.sent == []
    state, fetched = up_to_date(str(tmp_path), fetcher(api, now=NOW + UNSAVED_OUTCOME_WAIT_S))
    assert fetched and state.snapshot is not None and state.asked_at is None
