"""The plugin against an unkind disk: planted symlinks, a loose umask, open folders.

Each case runs claude_usage.1m.py as a subprocess with a temp HOME.
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
    write_claude_credentials,
)


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
