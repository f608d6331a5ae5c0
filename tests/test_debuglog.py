"""The debug log: what runs did and what broke, 0600, capped, and never a token."""

from __future__ import annotations

import os
import time

import pytest

from claude_usage.core.errors import ApiUnavailable, NoToken, RateLimited
from claude_usage.refresh import Fetcher, up_to_date
from claude_usage.system import debuglog
from conftest import ACCESS_TOKEN, Reply, file_mode, fixture_reply, run_plugin
from conftest import write_claude_credentials as sign_in
from test_refresh import FakeApi, Tokens

NOW = 1_767_384_000.0


def lines_in(folder) -> list[str]:
    path = folder / debuglog.LOG_FILE
    return path.read_text().splitlines() if path.exists() else []


def test_lines_are_stamped_appended_0600_in_a_0700_folder(tmp_path):
    folder = tmp_path / "cache"
    debuglog.append_lines(str(folder), ["fetch ok 200 in 0.31 s"], NOW)
    debuglog.append_lines(str(folder), ["second", "third"], NOW + 60)
    lines = lines_in(folder)
    assert [line[20:] for line in lines] == ["fetch ok 200 in 0.31 s", "second", "third"]
    assert lines[0][:19] == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(NOW))
    assert file_mode(folder / debuglog.LOG_FILE) == 0o600
    assert file_mode(folder) == 0o700


@pytest.mark.parametrize(
    "line",
    [
        f"token was {ACCESS_TOKEN}",
        f"KeyError: '{ACCESS_TOKEN[7:]}'",  # without its prefix
        f"Bearer:{ACCESS_TOKEN}\nsecond line",
    ],
)
def test_a_token_never_reaches_the_file(tmp_path, line):
    debuglog.append_lines(str(tmp_path), [line], NOW)
    written = (tmp_path / debuglog.LOG_FILE).read_text()
    assert ACCESS_TOKEN[7:27] not in written and "TEST-access-token" not in written
    assert written.count("\n") == 1  # one entry stays one line


def test_a_loose_mode_is_made_0600_again(tmp_path):
    path = tmp_path / debuglog.LOG_FILE
    path.write_text("old\n")
    path.chmod(0o644)
    debuglog.append_lines(str(tmp_path), ["new"], NOW)
    assert file_mode(path) == 0o600


def test_past_the_byte_cap_only_the_last_lines_are_kept(tmp_path):
    path, line, sizes = tmp_path / debuglog.LOG_FILE, " ".join(["word"] * 20), [0]
    for i in range(2 * debuglog.MAX_BYTES // len(line)):
        debuglog.append_lines(str(tmp_path), [f"{i:04} {line}"], NOW)
        sizes.append(path.stat().st_size)
        if sizes[-1] < sizes[-2]:  # this append crossed the cap: it was cut back
            break
    kept = lines_in(tmp_path)
    assert max(sizes) <= debuglog.MAX_BYTES and len(kept) == debuglog.KEEP_LINES
    assert kept[-1].split()[2] == f"{i:04}"  # the newest survive, the oldest went
    assert file_mode(path) == 0o600


def test_a_planted_link_is_not_followed_and_the_run_goes_on(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("someone's file\n")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / debuglog.LOG_FILE).symlink_to(target)
    debuglog.append_lines(str(tmp_path / "cache"), ["a line"], NOW)  # no error
    assert target.read_text() == "someone's file\n"
    assert debuglog.last_lines(str(tmp_path / "cache"), 5) == []


def test_a_planted_fifo_does_not_hang_the_run(tmp_path):
    os.mkfifo(tmp_path / debuglog.LOG_FILE)
    debuglog.append_lines(str(tmp_path), ["a line"], NOW)  # returns at once
    assert debuglog.last_lines(str(tmp_path), 5) == []


def test_last_lines_are_the_tail(tmp_path):
    debuglog.append_lines(str(tmp_path), [f"line {i}" for i in range(30)], NOW)
    tail = debuglog.last_lines(str(tmp_path), 10)
    assert [t[20:] for t in tail] == [f"line {i}" for i in range(20, 30)]
    assert debuglog.last_lines(str(tmp_path / "none"), 10) == []


def fetch_logged(folder, api, tokens=None, now=NOW):
    said: list[str] = []
    fetcher = Fetcher(
        source="claude-code",
        now=now,
        read_token=tokens or Tokens(ACCESS_TOKEN),
        fetch=api,
        lock_wait=1.0,
        log=said.append,
    )
    up_to_date(str(folder), fetcher)
    return said


def test_each_fetch_is_told_with_its_outcome_and_time(tmp_path):
    reply = fixture_reply("usage_minimal.json", NOW)
    [ok] = fetch_logged(tmp_path, FakeApi(reply))
    assert ok.startswith("claude-code: fetch ok 200 in ") and ok.endswith(" s")
    [failed] = fetch_logged(
        tmp_path, FakeApi(ApiUnavailable("Anthropic API unavailable")), now=NOW + 70
    )
    assert failed.startswith("claude-code: fetch failed in ")
    assert failed.endswith("Anthropic API unavailable; next try in 30 s")


def test_a_429_says_how_long_it_waits(tmp_path):
    [line] = fetch_logged(tmp_path, FakeApi(RateLimited("Rate limited", 90)))
    assert "Rate limited; next try in 90 s" in line


def test_the_same_failure_without_a_request_is_told_once(tmp_path):
    no_token = Tokens(NoToken("No Claude Code sign-in found"))
    first = fetch_logged(tmp_path, FakeApi({}), no_token)
    again = fetch_logged(tmp_path, FakeApi({}), no_token, now=NOW + 60)
    assert first == ["claude-code: no request: No Claude Code sign-in found"]
    assert again == []


def test_a_cached_run_writes_nothing_and_a_fetch_writes_a_line(server, isolated):
    sign_in(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    env = {"CLAUDE_USAGE_API_URL": server.url}
    assert run_plugin(env_extra=env).returncode == 0
    log = isolated / "cache" / debuglog.LOG_FILE
    [line] = log.read_text().splitlines()
    assert "claude-code: fetch ok 200 in " in line
    before = (log.stat().st_mtime_ns, log.stat().st_size)
    menu_open = {**env, "SWIFTBAR": "1", "SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen"}
    assert run_plugin(env_extra=menu_open).returncode == 0
    assert len(server.requests) == 1  # answered from the cache
    assert (log.stat().st_mtime_ns, log.stat().st_size) == before
    assert ACCESS_TOKEN not in log.read_text()


def test_a_bug_is_logged_with_where_it_happened(isolated, monkeypatch, capsys):
    from claude_usage import cli
    from claude_usage.commands import menu

    def broken(*args, **kwargs):
        raise KeyError(ACCESS_TOKEN)

    monkeypatch.setattr(menu, "render_menu", broken)
    assert cli.main([], env={**os.environ, "CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"}) == 0
    logged = (isolated / "cache" / debuglog.LOG_FILE).read_text()
    assert "internal error in the menu: KeyError: " in logged
    assert " at test_debuglog.py:" in logged
    assert ACCESS_TOKEN[7:27] not in logged
