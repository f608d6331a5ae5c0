"""The streamable plugin end to end: one resident process, frames split on ~~~, never exiting."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

import pytest

from conftest import PLUGIN, Reply, fixture_reply, run_plugin, wait_for, write_claude_credentials
from stand_ins import calls, stand_in

FRAME = "~~~"


class Stream:
    """The plugin as SwiftBar runs a streamable one: started once, read frame by frame."""

    def __init__(self, server, *args, **env):
        self.env = {
            **os.environ,
            "SWIFTBAR": "1",
            "CLAUDE_USAGE_API_URL": server.url,
            "CLAUDE_USAGE_WATCH_S": "0.1",
            **env,
        }
        self.process = subprocess.Popen(
            [sys.executable, str(PLUGIN), "--stream", *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.process.stdout:
            self.lines.append(raw.decode("utf-8"))

    def frames(self) -> list[str]:
        text = "".join(self.lines)
        return [f.strip("\n") for f in text.split(f"{FRAME}\n")[1:]]

    def latest(self) -> str:
        frames = self.frames()
        return frames[-1] if frames else ""

    def wait_for_frame(self, condition, timeout=10.0) -> str:
        return wait_for(
            lambda: next((f for f in reversed(self.frames()) if condition(f)), None), timeout
        )

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(10)
        self.reader.join(5)
        return code


@pytest.fixture
def signed_in(isolated, server):
    write_claude_credentials(isolated / "home")
    return server


def test_frames_a_fetch_and_a_clean_sigterm(signed_in):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    stream = Stream(signed_in)
    first = stream.wait_for_frame(lambda f: "Fetching your usage" in f)  # the cache, at once
    assert first.splitlines()[0] == "◌ Claude"
    frame = stream.wait_for_frame(lambda f: f.startswith("○ 24%"))
    assert "refresh=true" not in frame  # a click must not kill and restart the process
    assert "Refresh | bash=" in frame and "param2=--refresh" in frame
    time.sleep(0.5)
    assert len(signed_in.requests) == 1  # the cadence, not the watch, decides when to ask
    assert stream.stop() == 0
    assert b"Traceback" not in stream.process.stderr.read()


def test_a_failure_is_a_frame_and_the_process_lives_on(signed_in):
    signed_in.play(Reply(503, "<html>busy</html>"))
    stream = Stream(signed_in)
    stream.wait_for_frame(lambda f: "Anthropic API unavailable (HTTP 503)" in f)
    time.sleep(0.3)
    assert stream.process.poll() is None
    assert stream.stop() == 0


def test_a_status_line_feed_and_a_settings_change_show_within_a_second(signed_in):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    stream = Stream(signed_in)
    stream.wait_for_frame(lambda f: f.startswith("○ 24%"))
    document = json.dumps(
        {
            "rate_limits": {
                "five_hour": {"used_percentage": 61, "resets_at": time.time() + 3600},
                "seven_day": {"used_percentage": 40, "resets_at": time.time() + 86400},
            }
        }
    )
    fed_at = time.monotonic()
    assert run_plugin("--statusline", input=document).returncode == 0
    stream.wait_for_frame(lambda f: f.startswith("◑ 61%"), timeout=3)
    assert time.monotonic() - fed_at < 2
    assert run_plugin("--notifications", "off").returncode == 0
    stream.wait_for_frame(
        lambda f: (
            "Notifications: Off | " in f
            and "param3=off" in f
            and f.split("Notifications: Off")[1].split("\n")[0].endswith("checked=true")
        )
    )
    assert len(signed_in.requests) == 1
    assert stream.stop() == 0


def test_a_restart_is_served_from_the_cache_before_any_request(signed_in):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    assert (
        run_plugin("--refresh", env_extra={"CLAUDE_USAGE_API_URL": signed_in.url}).returncode == 0
    )
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time()), delay=5))
    started = time.monotonic()
    stream = Stream(signed_in)
    stream.wait_for_frame(lambda f: f.startswith("○ 24%"))
    assert time.monotonic() - started < 2 and len(signed_in.requests) == 1
    assert stream.stop() == 0


def test_two_resident_processes_make_one_request(signed_in):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time()), delay=0.5))
    streams = [Stream(signed_in), Stream(signed_in)]
    for stream in streams:
        stream.wait_for_frame(lambda f: f.startswith("○ 24%"))
    assert len(signed_in.requests) == 1
    assert [s.stop() for s in streams] == [0, 0]


def test_outside_text_never_splits_a_frame(signed_in):
    reply = fixture_reply("usage_max20x.json", time.time())
    reply["seven_day_sonnet"] = None
    reply["seven_day_x~~~y"] = {"utilization": 5.0, "resets_at": None}
    signed_in.play(Reply(200, reply))
    stream = Stream(signed_in)
    frame = stream.wait_for_frame(lambda f: "only" in f)
    assert FRAME not in frame
    assert stream.stop() == 0


def test_only_the_streamable_variant_under_swiftbar_without_arguments_loops(signed_in, tmp_path):
    signed_in.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    env = {"CLAUDE_USAGE_API_URL": signed_in.url, "SWIFTBAR": "1"}
    done = run_plugin(env_extra=env, timeout=10)  # the clone's file is the one-shot variant
    assert done.returncode == 0 and FRAME not in done.stdout.decode()


def test_a_hanging_notifier_waits_until_the_frame_is_out(signed_in, isolated):
    log = stand_in(isolated / "bin", "notify-send", sleep=4.0)  # answers 4 s after its call
    five_hour = {"utilization": 91, "resets_at": _iso(time.time() + 3600)}
    signed_in.play(Reply(200, {"five_hour": five_hour, "seven_day": None}))
    started = time.monotonic()
    stream = Stream(signed_in, PATH=f"{isolated / 'bin'}{os.pathsep}{os.environ['PATH']}")
    stream.wait_for_frame(lambda f: f.startswith("◕ 91%"))
    assert time.monotonic() - started < 3.0
    wait_for(lambda: calls(log))  # and the notification is still sent
    assert stream.stop() == 0


def _iso(moment):
    return datetime.fromtimestamp(moment, timezone.utc).isoformat()


def test_the_resident_forgets_its_pasted_tokens_when_the_settings_change_not_on_a_feed(tmp_path):
    """A feed every few seconds must not cost a child Python per fetch; a new token must show."""
    from types import SimpleNamespace

    from claude_usage.commands import Outcome
    from claude_usage.commands.stream import stream
    from claude_usage.settings import Settings, save_settings
    from claude_usage.sources import CLAUDE_CODE, manual_source
    from claude_usage.store import cache_path

    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    cache.mkdir()
    accounts = (CLAUDE_CODE, manual_source("manual", "personal"))
    settings = Settings(primary=CLAUDE_CODE.id, accounts=accounts, listed=True)
    save_settings(str(data), settings)
    fed = cache_path(str(cache), "claude-code")
    run = SimpleNamespace(
        resident={}, data_dir=str(data), cache_dir=str(cache), env={"CLAUDE_USAGE_WATCH_S": "0.01"}
    )
    reads: list[int] = []

    def draw(now: float, reason: str) -> Outcome:
        # The pasted account's fetch: what read_kept does with the resident's dict.
        if "manual" not in run.resident.setdefault("tokens", {}):
            reads.append(int(now))
            run.resident["tokens"]["manual"] = (now, "token")
        return Outcome(0, f"frame {now}")

    def feed() -> None:
        with open(fed, "w") as f:
            f.write(f"{time.monotonic_ns()}")

    steps = iter(
        [
            feed,  # a status line writes Claude Code's state, three times over
            feed,
            feed,
            lambda: save_settings(str(data), settings),  # `--account token personal -`
            feed,
            lambda: os.kill(os.getpid(), signal.SIGTERM),
        ]
    )
    moments = iter(range(100))

    def clock() -> float:
        moment = next(moments)
        if moment:  # the first frame is drawn before the loop looks at anything
            next(steps, lambda: None)()
        return float(moment)

    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        assert stream(run, draw, lambda frame: None, lambda: None, clock).code == 0
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert reads == [0, 4]  # once at the start, once after the settings changed; never on a feed
