"""On macOS a feed that changes the title asks SwiftBar to redraw, every 10 s at most."""

from __future__ import annotations

import io
import json
import os
import sys
import time

from claude_usage import cli
from claude_usage.system.swiftbar import nudge, plugin_name, remember_plugin
from conftest import PLUGIN, wait_for
from stand_ins import calls, stand_in

NOW = 1_767_384_000.0


class Spawned:
    def __init__(self):
        self.argv = []

    def __call__(self, argv, **kwargs):
        self.argv.append(argv)


def test_the_name_swiftbar_knows_the_plugin_by():
    assert plugin_name("/Users/a b/Plugins/claude_usage.1m.py") == "claude_usage"


def test_no_nudge_until_swiftbar_has_run_us_and_then_at_most_every_10_s(tmp_path):
    spawn, env = Spawned(), {"PATH": str(stand_in(tmp_path / "bin", "open").parent)}
    assert nudge(str(tmp_path), env, NOW, spawn=spawn) is False  # xbar, Argos: never
    remember_plugin(str(tmp_path), "/p/claude_usage.1m.py")
    assert nudge(str(tmp_path), env, NOW, spawn=spawn) is True
    assert nudge(str(tmp_path), env, NOW + 5, spawn=spawn) is False
    assert nudge(str(tmp_path), env, NOW + 11, spawn=spawn) is True
    assert [argv[1:] for argv in spawn.argv] == [
        ["-g", "swiftbar://refreshplugin?name=claude_usage"]
    ] * 2


def test_a_disk_that_cannot_keep_the_throttle_gets_no_nudge(tmp_path, monkeypatch):
    from claude_usage.system import swiftbar

    spawn, env = Spawned(), {"PATH": str(stand_in(tmp_path / "bin", "open").parent)}
    remember_plugin(str(tmp_path), "/p/claude_usage.1m.py")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(swiftbar, "write_data", full)
    assert nudge(str(tmp_path), env, NOW, spawn=spawn) is False  # no error, and no nudge
    assert nudge(str(tmp_path), env, NOW + 1, spawn=spawn) is False
    assert spawn.argv == []  # not one per status-line call


def feed(monkeypatch, env, percent, now=None):
    document = {
        "rate_limits": {
            "five_hour": {"used_percentage": percent, "resets_at": time.time() + 3600},
            "seven_day": {"used_percentage": 10.0, "resets_at": time.time() + 86400},
        }
    }
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(document)))
    main = cli.main(["--statusline"], env=env, plugin_path="/p/claude_usage.1m.py", now=now)
    assert main == 0


def test_a_feed_that_changes_the_title_nudges_swiftbar(isolated, monkeypatch, capsys):
    log = stand_in(isolated / "bin", "open")
    monkeypatch.setattr(sys, "platform", "darwin")
    env = {**os.environ, "PATH": f"{isolated / 'bin'}:/usr/bin:/bin"}
    env["CLAUDE_USAGE_API_URL"] = "http://127.0.0.1:9"
    swiftbar = {**env, "SWIFTBAR": "1"}
    assert cli.main([], env=swiftbar, plugin_path="/p/claude_usage.1m.py") == 0  # notes the name
    feed(monkeypatch, env, 41.0)
    wait_for(lambda: calls(log))
    assert calls(log) == [
        [str(isolated / "bin" / "open"), "-g", "swiftbar://refreshplugin?name=claude_usage"]
    ]
    feed(monkeypatch, env, 41.4, now=time.time() + 3)  # the same title: nothing to redraw
    feed(monkeypatch, env, 66.0, now=time.time() + 5)  # a new title, but within 10 s
    time.sleep(0.2)  # a spawned stand-in would have written by now
    assert len(calls(log)) == 1
    feed(monkeypatch, env, 67.0, now=time.time() + 60)
    wait_for(lambda: len(calls(log)) == 2)
    feed(monkeypatch, env, 67.2, now=time.time() + 90)  # past the 10 s, but the same title
    time.sleep(0.2)
    assert len(calls(log)) == 2
    capsys.readouterr()


def test_no_nudge_off_macos_or_when_swiftbar_never_ran_us(isolated, monkeypatch, capsys):
    log = stand_in(isolated / "bin", "open")
    env = {**os.environ, "PATH": f"{isolated / 'bin'}:/usr/bin:/bin"}
    monkeypatch.setattr(sys, "platform", "darwin")
    feed(monkeypatch, env, 41.0)  # SwiftBar never ran us here
    monkeypatch.setattr(sys, "platform", "linux")
    cli.main([], env={**env, "SWIFTBAR": "1", "CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"})
    feed(monkeypatch, env, 77.0)
    time.sleep(0.2)
    assert calls(log) == []
    capsys.readouterr()


def test_swiftbar_runs_the_plugin_without_a_login_shell():
    # bash -l -c costs ~100 ms per run on a machine with a busy profile, and makes the
    # user's shell setup part of every run; the shebang is all the plugin needs.
    header = PLUGIN.read_text(encoding="utf-8")[:2048]
    assert "\n# <swiftbar.runInBash>false</swiftbar.runInBash>\n" in header
