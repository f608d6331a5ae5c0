"""The plugin against an unkind disk: full, read-only, planted symlinks, a loose umask.

Each case runs claude_usage.1m.py as a subprocess with a temp HOME. A full disk is
simulated with RLIMIT_FSIZE set in the child: every write past the limit fails
with EFBIG, as ENOSPC would, whoever runs the tests. Folder permissions (chmod
0500) do not stop root, so the read-only case runs only for a normal user.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    PLUGIN,
    Reply,
    file_mode,
    fixture_reply,
    run_plugin,
    write_claude_credentials,
)

RATE_LIMITED = {"error": {"type": "rate_limit_error", "message": "Rate limited."}}


def plugin(server, *args, file_limit=None, umask=None, env=None):
    """One run; `file_limit` caps the size of any file it writes (a full disk)."""

    def in_child():
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        if umask is not None:
            os.umask(umask)

    done = subprocess.run(
        [sys.executable, str(PLUGIN), *args],
        capture_output=True,
        env={**os.environ, "CLAUDE_USAGE_API_URL": server.url, **(env or {})},
        stdin=subprocess.DEVNULL,
        preexec_fn=in_child,
        timeout=30,
        check=False,
    )
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in out + err
    assert "Internal error" not in out + err
    return out


@pytest.fixture
def signed_in(isolated):
    write_claude_credentials(isolated / "home")
    return isolated


def cache_file(tmp):
    return tmp / "cache" / "usage-claude-code.dat"


def aged_cache(tmp, age_s):
    """A cache holding the minimal reply's numbers, fetched `age_s` ago."""
    from claude_usage.core.model import Limit, Snapshot
    from claude_usage.core.state import UsageState
    from claude_usage.store import store_state

    now = time.time()
    session = Limit("five_hour", "Current session", "session", 61.0, now + 3600)
    state = UsageState(snapshot=Snapshot(now - age_s, (session,)), source="claude-code")
    store_state(str(tmp / "cache"), "claude-code", state)


def test_a_full_disk_sends_no_request_it_could_not_record(server, signed_in):
    aged_cache(signed_in, 3600)  # every run below is due to fetch
    server.play(Reply(429, RATE_LIMITED, {"Retry-After": "120"}))
    clicks = [plugin(server, "--refresh", file_limit=0) for _ in range(2)]
    menus = [
        plugin(server, file_limit=0),
        plugin(server, file_limit=0, env={"SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen"}),
    ]
    assert server.requests == []  # none could be recorded first, so none was sent
    for menu in menus:
        assert "61% used" in menu and "Updated 1h ago" in menu  # the last good numbers
        assert "Refresh" in menu
        notes = [line for line in menu.splitlines() if "Can't save" in line]
        assert len(notes) == 1
        assert notes[0].startswith("Can't save: file too large, so not asking the API (")
    assert all("Can't save: file too large" in click for click in clicks)


def test_numbers_fetched_but_not_saved_are_shown_and_the_wait_is_kept(server, signed_in):
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    plugin(server)
    # Room for the record of the attempt (the state as it was, plus a retry time), but
    # not for the 429 and its message: the disk fills up during the request.
    room = cache_file(signed_in).stat().st_size + 16
    server.play(Reply(429, RATE_LIMITED, {"Retry-After": "120"}))
    assert plugin(server, "--refresh", file_limit=room).strip() == "claude-usage: Rate limited"
    assert len(server.requests) == 2
    menu = plugin(server, file_limit=room)
    plugin(server, "--refresh", file_limit=room)
    plugin(server, file_limit=room, env={"SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen"})
    assert len(server.requests) == 2  # Retry-After is kept though the 429 was not saved
    assert "61% used" in menu


def test_fetched_numbers_are_shown_when_they_cannot_be_saved(server, signed_in):
    aged_cache(signed_in, 3600)
    room = cache_file(signed_in).stat().st_size + 16  # the attempt's record, not the numbers
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    menu = plugin(server, file_limit=room)
    assert len(server.requests) == 1
    assert "24% used" in menu and "Sonnet only" in menu  # what this run fetched
    assert "Couldn't save these numbers: file too large (" in menu
    plugin(server, file_limit=room, env={"SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen"})
    plugin(server, file_limit=room)
    assert len(server.requests) == 1  # the next runs keep the spacing all the same


def read_only(folder):
    """Run a command with `folder` read-only: chmod for a user; for root, whom modes do not
    stop, a read-only bind mount in a mount namespace of its own (util-linux unshare)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        return [], "permission denied"
    remount = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"
    return ["unshare", "-m", "sh", "-c", f'{remount} && exec "$@"', "sh"], "read-only file system"


def test_a_read_only_cache_folder_says_so(server, signed_in):
    aged_cache(signed_in, 3600)  # every run below is due to fetch
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    folder = signed_in / "cache"
    wrapper, reason = read_only(folder)
    try:
        for args in (["--refresh"], []):
            done = subprocess.run(
                [*wrapper, sys.executable, str(PLUGIN), *args],
                capture_output=True,
                env={**os.environ, "CLAUDE_USAGE_API_URL": server.url},
                stdin=subprocess.DEVNULL,
                timeout=30,
                check=False,
            )
            menu = done.stdout.decode()
            assert done.returncode == 0 and "Traceback" not in menu, done.stderr
    finally:
        folder.chmod(0o700)
    assert "61% used" in menu
    assert f"Can't save: {reason}, so not asking the API" in menu
    assert server.requests == []


def test_a_cache_path_that_cannot_be_a_folder_says_so(server, signed_in):
    blocker = signed_in / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    menu = plugin(server, env={"CLAUDE_USAGE_CACHE_DIR": str(blocker / "cache")})
    assert "Can't save: not a directory, so not asking the API" in menu
    assert "Refresh" in menu
    assert server.requests == []  # nowhere to record the attempt: nothing is sent


def planted_run(server, names, cache, data):
    """A menu run whose own pid is known before it starts, so that symlinks can be
    planted under the temporary names it would use: `sh` waits for a line, then execs
    the plugin in its own process."""
    child = subprocess.Popen(
        ["/bin/sh", "-c", 'read go; exec "$0" "$@"', sys.executable, str(PLUGIN)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CLAUDE_USAGE_API_URL": server.url, "SWIFTBAR": "1"},
    )
    for folder, name, target in names(child.pid):
        (folder / name).symlink_to(target)
    out, err = child.communicate(b"go\n", timeout=30)
    assert child.returncode == 0, err
    return out.decode(), err.decode()


def test_symlinks_planted_under_temporary_names_are_never_followed(server, signed_in):
    cache, data = signed_in / "cache", signed_in / "data"
    for folder in (cache, data):
        folder.mkdir(mode=0o700)
    victims = []

    def names(pid):
        for folder, base in (
            (cache, "usage-claude-code.dat"),
            (data, "swiftbar.dat"),
            (data, "alerts.dat"),
        ):
            victim = signed_in / f"victim-{base}"
            victim.write_text("another file of yours")
            victim.chmod(0o644)
            victims.append(victim)
            yield folder, f"{base}.{pid}.tmp", victim

    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time(), 600)))
    out, err = planted_run(server, names, cache, data)
    assert "24% used" in out and "Traceback" not in err
    for victim in victims:
        assert victim.read_bytes() == b"another file of yours"
        assert file_mode(victim) == 0o644
    assert not cache_file(signed_in).is_symlink() and file_mode(cache_file(signed_in)) == 0o600


def test_a_planted_lock_symlink_creates_nothing_at_its_target(server, signed_in):
    cache = signed_in / "cache"
    cache.mkdir(mode=0o700)
    target = signed_in / "made-by-the-lock"
    (cache / "fetch-claude-code.lock").symlink_to(target)
    (cache / "state-claude-code.lock").symlink_to(target)
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out = plugin(server)
    assert not target.exists()
    assert "Refresh" in out and "Can't save: too many levels of symbolic links" in out


def test_under_umask_000_every_folder_we_make_is_0700(server, isolated, monkeypatch):
    home = isolated / "home"
    write_claude_credentials(home)
    monkeypatch.delenv("CLAUDE_USAGE_CACHE_DIR")
    monkeypatch.delenv("CLAUDE_USAGE_DATA_DIR")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time(), 600)))
    out = plugin(server, umask=0o000, env={"SWIFTBAR": "1"})
    assert "24% used" in out
    made = [".cache", ".cache/claude-usage", ".local", ".local/share", ".local/share/claude-usage"]
    assert {name: oct(file_mode(home / name)) for name in made} == {n: "0o700" for n in made}
    files = [p for p in home.rglob("*") if p.is_file() and ".claude" not in p.parts]
    assert files and {p.name: oct(file_mode(p)) for p in files} == {p.name: "0o600" for p in files}


def test_an_existing_folder_we_did_not_make_keeps_its_mode(server, isolated, monkeypatch):
    home = isolated / "home"
    write_claude_credentials(home)
    monkeypatch.delenv("CLAUDE_USAGE_CACHE_DIR")
    (home / ".cache").mkdir(mode=0o755)
    (home / ".cache").chmod(0o755)
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    plugin(server, umask=0o000)
    assert file_mode(home / ".cache") == 0o755
    assert file_mode(home / ".cache" / "claude-usage") == 0o700


@pytest.mark.parametrize("loose", ["writable by others", "not yours"])
def test_a_state_folder_others_can_write_is_not_used(server, signed_in, loose):
    cache = signed_in / "cache"
    cache.mkdir()
    if loose == "writable by others":
        cache.chmod(0o777)
    elif os.geteuid() == 0:
        os.chown(cache, 65534, 65534)
    else:
        cache = Path("/")  # root's, and we are not root
    runtime = signed_in / "run"
    runtime.mkdir(mode=0o700)
    env = {"CLAUDE_USAGE_CACHE_DIR": str(cache), "XDG_RUNTIME_DIR": str(runtime)}
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out = plugin(server, env=env)
    again = plugin(server, env=env)
    assert "61% used" in out and "61% used" in again
    assert len(server.requests) == 1  # the private folder keeps the state between runs
    warning = [line for line in again.splitlines() if loose in line]
    assert len(warning) == 1 and warning[0].startswith(f"{cache} is {loose}: using ")
    private = runtime / f"claude-usage-{os.getuid()}" / "cache"
    assert (private / "usage-claude-code.dat").exists()
    assert file_mode(private) == 0o700
    if loose == "writable by others":
        assert list(cache.iterdir()) == []  # nothing of ours where others could tamper


def test_a_folder_only_your_own_private_group_can_write_is_used(server, signed_in):
    import grp
    import pwd

    user, group = pwd.getpwuid(os.getuid()), grp.getgrgid(os.getgid())
    if group.gr_name != user.pw_name or group.gr_mem:
        pytest.skip("this user has no private group")
    cache = signed_in / "cache"
    cache.mkdir()
    os.chown(cache, -1, os.getgid())
    cache.chmod(0o770)  # what umask 002 gives, where each user has a group of their own
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out = plugin(server)
    assert "61% used" in out and "writable by others" not in out
    assert (cache / "usage-claude-code.dat").exists()


def test_notifications_are_not_sent_when_their_record_cannot_be_saved(server, signed_in):
    from stand_ins import calls, path_env, stand_in

    log = stand_in(signed_in / "bin", "notify-send")
    data = signed_in / "not-a-folder"
    data.write_text("a file where the data folder should be")
    reply = fixture_reply("usage_max20x.json", time.time())
    reply["five_hour"]["utilization"] = 80.0  # a warning is due
    server.play(Reply(200, reply))
    out = plugin(server, env={"CLAUDE_USAGE_DATA_DIR": str(data), **path_env(log.parent)})
    assert "80% used" in out
    assert "Can't save: not a directory, so no notifications (" in out
    assert calls(log) == []  # never sent unless recorded first: it could come twice


def test_a_setting_that_cannot_be_saved_says_where_and_why(server, signed_in):
    data = signed_in / "not-a-folder"
    data.write_text("a file where the data folder should be")
    done = run_plugin("--notifications", "off", env_extra={"CLAUDE_USAGE_DATA_DIR": str(data)})
    err = done.stderr.decode()
    assert done.returncode == 1 and "Internal error" not in err and "Traceback" not in err
    assert f"Can't use {data}" in err and "Not a directory: nothing was changed" in err


def test_with_no_private_folder_free_nothing_is_saved_and_nothing_asked(server, signed_in):
    cache, runtime = signed_in / "cache", signed_in / "run"
    cache.mkdir()
    cache.chmod(0o777)
    runtime.mkdir(mode=0o700)
    squatted = runtime / f"claude-usage-{os.getuid()}"  # made first, by someone else's hand
    squatted.mkdir()
    squatted.chmod(0o777)
    env = {"CLAUDE_USAGE_CACHE_DIR": str(cache), "XDG_RUNTIME_DIR": str(runtime)}
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    out = plugin(server, env=env)
    assert f"\n{cache} is writable by others, and no" in out  # the rest cut by the long path
    again = run_plugin(env_extra={**env, "CLAUDE_USAGE_API_URL": server.url})
    assert "no private folder is free: nothing is saved" in again.stderr.decode()
    assert "Refresh" in out
    assert server.requests == []  # the request could not be recorded anywhere
    assert list(cache.iterdir()) == [] and list(squatted.iterdir()) == []


def test_a_status_line_on_a_full_disk_still_shows_what_claude_code_fed_it(isolated):
    document = (
        '{"rate_limits": {"five_hour": {"used_percentage": 41, "resets_at": 1999999999},'
        ' "seven_day": {"used_percentage": 63, "resets_at": 1999999999}}}'
    )
    done = subprocess.run(
        [sys.executable, str(PLUGIN), "--statusline"],
        capture_output=True,
        input=document.encode(),
        env=dict(os.environ),
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0)),
        timeout=30,
        check=False,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert "41%" in done.stdout.decode()  # not the neutral line of a run that failed
