"""Notifications end to end: scripted replies from a loopback server, stand-in notifiers."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

import claude_usage.system.http  # noqa: F401 - load the HTTP stack before faking macOS
from claude_usage.cli import main
from claude_usage.core.alerts import periods_from_dict
from claude_usage.system.files import read_data
from conftest import PLUGIN, Reply, file_mode, run_plugin, wait_for, write_claude_credentials
from stand_ins import calls, stand_in


def iso(moment):
    return datetime.fromtimestamp(moment, timezone.utc).isoformat()


def usage(pct, resets_at):
    return Reply(
        200,
        {
            "five_hour": {"utilization": pct, "resets_at": iso(resets_at)},
            "seven_day": {"utilization": 10.0, "resets_at": iso(resets_at + 86400)},
        },
    )


@pytest.fixture
def notifier(isolated):
    write_claude_credentials(isolated / "home")
    log = stand_in(isolated / "bin", "notify-send")
    return log, {"PATH": f"{isolated / 'bin'}{os.pathsep}{os.environ['PATH']}"}


def sent(log):
    return [argv[-2:] for argv in calls(log)]


def test_each_notification_once_per_period(server, isolated, notifier):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    reset = time.time() + 2 * 3600
    steps = [
        (usage(40, reset), []),
        (usage(76, reset + 0.000417), ["Claude usage: session at 76%"]),
        (usage(77, reset - 0.6), []),  # resets_at jittered
        (usage(91, reset + 1.0), ["Claude usage: session at 91%"]),
        (usage(97, reset + 0.2), []),
        (usage(80, reset + 5 * 3600), ["Claude usage: session at 80%"]),  # a new period
    ]
    for reply, expected in steps:
        before = len(sent(log))
        server.play(reply)
        assert run_plugin("--refresh", env_extra=env).returncode == 0
        wanted = before + len(expected)
        wait_for(lambda wanted=wanted: len(sent(log)) >= wanted)  # sent after the output
        settled(isolated)
        assert [title for title, _ in sent(log)[before:]] == expected
        run_plugin(env_extra=env)  # a run answered from the cache never notifies
        assert len(sent(log)) == before + len(expected)
    bodies = [body for _, body in sent(log)]
    assert bodies[0].startswith("Warning: 24% left until ")
    assert re.fullmatch(r"Critical: 9% left until (\w{3} )?\d\d:\d\d \(in (1h 59m|2h)\)", bodies[1])
    assert file_mode(isolated / "data" / "alerts.dat") == 0o600


def test_hitting_the_limit_is_told_once_after_the_75_and_90_percent_ones(
    server, isolated, notifier
):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    reset = time.time() + 2 * 3600
    for pct, news in ((76, 1), (91, 1), (100, 1), (100, 0), (98, 0), (100, 0)):
        wanted = len(sent(log)) + news
        server.play(usage(pct, reset))
        assert run_plugin("--refresh", env_extra=env).returncode == 0
        wait_for(lambda wanted=wanted: len(sent(log)) >= wanted)  # sent after the output
        settled(isolated)
    assert [title for title, _ in sent(log)] == [
        "Claude usage: session at 76%",
        "Claude usage: session at 91%",
        "Claude usage: session at 100%",
    ]
    blocked = sent(log)[2][1]
    assert re.fullmatch(r"You are blocked until (\w{3} )?\d\d:\d\d \(in (1h 59m|2h)\)", blocked)


def test_notifications_off_silences_them(server, isolated, notifier):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    reset = time.time() + 3600
    assert run_plugin("--notifications", "off", env_extra=env).returncode == 0
    server.play(usage(93, reset))
    run_plugin("--refresh", env_extra=env)
    assert sent(log) == []
    out = run_plugin(env_extra={**env, "SWIFTBAR": "1"}).stdout.decode()
    assert "Notifications: Off" in next(
        line for line in out.splitlines() if "checked" in line and "Notifications" in line
    )
    run_plugin("--notifications", "on", env_extra=env)
    server.play(usage(95, reset))
    run_plugin("--refresh", env_extra=env)
    assert sent(log) == []  # already past both thresholds in this period: nothing replayed


def test_overlapping_runs_send_a_notification_once(server, isolated, notifier):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    server.play(usage(92, time.time() + 3600))
    procs = [
        subprocess.Popen(
            [sys.executable, str(PLUGIN), "--refresh"],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        for _ in range(4)
    ]
    for proc in procs:
        assert proc.wait(30) == 0
    wait_for(lambda: sent(log))
    settled(isolated)
    assert [title for title, _ in sent(log)] == ["Claude usage: session at 92%"]


def test_failed_delivery_never_breaks_the_menu(server, isolated):
    write_claude_credentials(isolated / "home")
    log = stand_in(isolated / "bin", "notify-send", exit_code=1)
    server.play(usage(99, time.time() + 3600))
    done = run_plugin(
        env_extra={
            "CLAUDE_USAGE_API_URL": server.url,
            "PATH": f"{isolated / 'bin'}:{os.environ['PATH']}",
        }
    )
    assert done.returncode == 0 and done.stdout.decode().startswith("◕ 99%")
    wait_for(lambda: calls(log))
    settled(isolated)
    assert fired(isolated) == {}  # not taken, so still due


def test_macos_sends_through_osascript_with_figures_only_in_arguments(
    server, isolated, monkeypatch, capsys
):
    write_claude_credentials(isolated / "home")
    log = stand_in(isolated / "bin", "osascript")
    monkeypatch.setattr(sys, "platform", "darwin")  # /usr/bin/security is absent: file fallback
    env = {
        **os.environ,
        "CLAUDE_USAGE_API_URL": server.url,
        "PATH": f"{isolated / 'bin'}:/usr/bin:/bin",
    }
    server.play(usage(91, time.time() + 3600))
    assert main(["--refresh"], env=env, plugin_path=str(PLUGIN)) == 0
    (argv,) = calls(log)
    source = [argv[i + 1] for i, arg in enumerate(argv) if arg == "-e"]
    assert "on run argv" in source[0]
    script = "\n".join(source)
    assert "91" not in script and "%" not in script and "Critical" not in script
    assert argv[-2] == "Claude usage: session at 91%"
    assert argv[-1].startswith("Critical: 9% left until ")
    capsys.readouterr()


def test_under_swiftbar_macos_notifications_are_posted_by_swiftbar(
    server, isolated, monkeypatch, capsys
):
    write_claude_credentials(isolated / "home")
    osascript = stand_in(isolated / "bin", "osascript")
    opener = stand_in(isolated / "bin", "open")
    monkeypatch.setattr("claude_usage.system.notifier.OPEN", str(isolated / "bin" / "open"))
    monkeypatch.setattr(sys, "platform", "darwin")  # /usr/bin/security is absent: file fallback
    env = {
        **os.environ,
        "CLAUDE_USAGE_API_URL": server.url,
        "PATH": f"{isolated / 'bin'}:/usr/bin:/bin",
        "SWIFTBAR": "1",
        "SWIFTBAR_PLUGIN_PATH": "/Users/me/Plugins/claude_usage.1m.py",
    }
    server.play(usage(91, time.time() + 3600))
    assert main(["--refresh"], env=env, plugin_path=str(PLUGIN)) == 0
    ((_, background, url),) = calls(opener)
    assert background == "-g" and calls(osascript) == []
    assert url.startswith("swiftbar://notify?plugin=claude_usage.1m.py&title=Claude%20usage")
    assert "&body=Critical%3A%209%25%20left%20until%20" in url
    assert url.endswith("&href=https%3A%2F%2Fclaude.ai%2Fsettings%2Fusage")
    assert fired(isolated) == {"claude-code/five_hour": [75, 90]}
    capsys.readouterr()


def test_concurrent_decisions_in_one_process_are_serialised(server, isolated, notifier):
    """Threads share nothing but the files, like separate runs."""
    log, env = notifier
    server.play(usage(85, time.time() + 3600))
    full_env = {**os.environ, **env, "CLAUDE_USAGE_API_URL": server.url}
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(run_plugin("--refresh", env_extra=full_env).returncode)
        )
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [0, 0, 0]
    wait_for(lambda: sent(log))  # sent after the output, by the run that fetched
    settled(isolated)
    assert len(sent(log)) == 1
    periods = periods_from_dict(read_data(str(isolated / "data" / "alerts.dat")))
    assert periods["claude-code/five_hour"].fired == {75}


def test_switching_accounts_away_and_back_does_not_replay(server, isolated, notifier):
    log, env = notifier
    keyring_file = isolated / "keyring.json"
    env.update(
        CLAUDE_USAGE_API_URL=server.url,
        PYTHONPATH=str(Path(__file__).parent),
        PYTHON_KEYRING_BACKEND="fake_keyring.FileKeyring",
        FAKE_KEYRING_FILE=str(keyring_file),
    )
    reset = time.time() + 3600
    server.play(usage(80, reset))
    run_plugin("--refresh", env_extra=env)
    wait_for(lambda: sent(log))
    settled(isolated)
    server.play(usage(10, reset + 7200))  # another account, another period
    run_plugin("--set-token", "-", input="sk-ant-oat01-other-account", env_extra=env)
    run_plugin("--refresh", env_extra=env)
    run_plugin("--token-source", "claude-code", env_extra=env)
    server.play(usage(81, reset))
    run_plugin("--refresh", env_extra=env)
    settled(isolated)
    assert [title for title, _ in sent(log) if "usage:" in title] == [
        "Claude usage: session at 80%"
    ]


def scoped_usage(pct, resets_at, name):
    """A reply whose weekly_scoped limit carries a model name from the API."""
    reply = usage(10, resets_at)
    entry = {"kind": "weekly_scoped", "percent": pct, "resets_at": iso(resets_at + 86400)}
    entry["scope"] = {"model": {"id": "claude-opus-4-1", "display_name": name}}
    reply.body["limits"] = [entry]
    return reply


def settled(isolated):
    """Wait until no run holds the alerts lock: whoever sent has recorded what it sent."""
    path = isolated / "data" / "alerts.lock"

    def free():
        if not path.exists():
            return True
        with open(path) as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

    wait_for(free)


def fired(isolated):
    """The thresholds recorded as sent, per limit."""
    periods = periods_from_dict(read_data(str(isolated / "data" / "alerts.dat")))
    return {key: sorted(period.fired) for key, period in periods.items() if period.fired}


def test_a_hanging_notifier_never_holds_up_the_menu(server, isolated, notifier):
    log, env = notifier
    stand_in(isolated / "bin", "notify-send", sleep=4.0)  # records its call, answers 4 s later
    server.play(usage(91, time.time() + 3600))
    started = time.monotonic()
    plugin = subprocess.Popen(
        [sys.executable, str(PLUGIN)],
        env={
            **os.environ,
            **env,
            "CLAUDE_USAGE_API_URL": server.url,
            "SWIFTBAR": "1",
            "SWIFTBAR_PLUGIN_REFRESH_REASON": "MenuOpen",  # SwiftBar's UI waits for this run
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = plugin.stdout.read().decode()  # until EOF, as SwiftBar reads it
    at_eof = time.monotonic() - started
    plugin.stderr.read()
    assert plugin.wait(10) == 0
    at_exit = time.monotonic() - started
    assert at_eof < 3.0 and at_exit < 3.0, (at_eof, at_exit)
    assert out.startswith("◕ 91%") and "Refresh" in out and out.endswith("\n")
    wait_for(lambda: sent(log))  # sent after all, by a process no host waits for
    # Recorded before it went to the notifier (a disk that can't record it sends nothing,
    # so nothing goes twice); had the notifier refused it, the record would be undone.
    assert fired(isolated) == {"claude-code/five_hour": [75, 90]}
    settled(isolated)
    assert fired(isolated) == {"claude-code/five_hour": [75, 90]}
    assert [title for title, _ in sent(log)] == ["Claude usage: session at 91%"]


@pytest.mark.parametrize("name", ["Opus\u0000 4.1", "Opus\ud800 4.1", "\u202eOpus\u200b 4.1\u2066"])
def test_a_model_name_no_notifier_can_take_is_cleaned_not_fatal(server, isolated, notifier, name):
    log, env = notifier
    server.play(scoped_usage(80, time.time() + 3600, name))
    done = run_plugin(env_extra={**env, "CLAUDE_USAGE_API_URL": server.url})
    out = done.stdout.decode()
    assert done.returncode == 0 and "Internal error" not in out, out
    assert "Opus 4.1 only" in out
    wait_for(lambda: sent(log))
    settled(isolated)
    assert [title for title, _ in sent(log)] == ["Claude usage: Opus 4.1 weekly limit at 80%"]
    assert fired(isolated)["claude-code/seven_day_opus"] == [75]


def test_an_alert_the_notifier_did_not_take_comes_due_again(server, isolated, notifier):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    reset = time.time() + 3600
    stand_in(isolated / "bin", "notify-send", exit_code=1)
    server.play(usage(80, reset))
    assert run_plugin("--refresh", env_extra=env).returncode == 0
    wait_for(lambda: sent(log))
    settled(isolated)
    assert fired(isolated) == {}  # the notifier refused it: not sent, so not recorded
    stand_in(isolated / "bin", "notify-send")  # the notifier works again
    server.play(usage(81, reset))
    assert run_plugin("--refresh", env_extra=env).returncode == 0
    wait_for(lambda: len(sent(log)) == 2)
    settled(isolated)
    titles = [title for title, _ in sent(log)]
    assert titles == ["Claude usage: session at 80%", "Claude usage: session at 81%"]
    assert fired(isolated) == {"claude-code/five_hour": [75]}


def test_a_notifier_still_answering_never_holds_up_the_next_menu(server, isolated, notifier):
    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    stand_in(isolated / "bin", "notify-send", sleep=4.0)
    reset = time.time() + 3600
    server.play(usage(91, reset))
    assert run_plugin("--refresh", env_extra=env).returncode == 0
    wait_for(lambda: sent(log))  # its sender now holds the alerts lock for 4 s
    server.play(usage(20, reset))  # nothing to send this time: only the periods to update
    started = time.monotonic()
    done = run_plugin("--refresh", env_extra=env)
    assert done.returncode == 0 and time.monotonic() - started < 2.5
    settled(isolated)
    assert fired(isolated) == {"claude-code/five_hour": [75, 90]}


def test_the_run_out_warning_fires_once_from_a_fetch(server, isolated, notifier):
    from claude_usage.core.model import SESSION, Limit  # only this test seeds samples
    from claude_usage.pacing import add_samples  # likewise

    log, env = notifier
    env["CLAUDE_USAGE_API_URL"] = server.url
    reset = time.time() + 3 * 3600
    now = time.time()
    for minutes in range(60, 0, -5):  # 20 %/h over the last hour, up to 70 %
        earlier = Limit("five_hour", "Current session", SESSION, 70 - minutes / 3, reset)
        add_samples(str(isolated / "cache"), "claude-code", [earlier], now - minutes * 60)
    for percent in (70, 71):
        server.play(usage(percent, reset))
        assert run_plugin("--refresh", env_extra=env).returncode == 0
        wait_for(lambda: len(sent(log)) >= 1)
        settled(isolated)
    assert [title for title, _ in sent(log)] == ["Claude usage: session runs out early"]
    assert re.fullmatch(
        r"At this pace it runs out at .+, 1h (29|3[01])m before it resets", sent(log)[0][1]
    )
