"""A simulated day of monitoring: requests, 429s, CPU and lag, against a budget-keeping server.

    python3 bench/day.py [--hours 24]      (Linux x86-64, with Debian's faketime)

Any python3 will do: it needs nothing beyond the standard library, and the plugin it
drives runs in the virtualenv ./install.sh makes.

Installs the plugin with ./install.sh into a temporary home, exactly as a user
gets it, and drives the installed file as SwiftBar would: a Schedule run every
60 s, about 30 MenuOpen runs and 3 Refresh clicks in the active hours. Each run
sees the simulated time through libfaketime (FAKETIME="@…"), so state files,
reset times and the cadence all live in the simulated day.

The server on 127.0.0.1 plays the day's usage and keeps the endpoint's measured
budget: a bucket of 27 requests refilling one per 150 s, answering 429 with
Retry-After when it is empty. The trace: 16 idle hours; 8 active hours in two
blocks, the session rising 1 % every 2.5 minutes and resetting between them; the
weekly limit rising with it; a Sonnet cap that rarely moves; extra usage.

The day runs twice: without Claude Code's status line, and with a `--statusline`
call every 20 s in the active hours. For each it prints requests, 429s,
CPU-seconds, the lag from a change on the server to a menu showing it (active
hours, median and max), and the cost of MenuOpen runs. Exits 1 when a target
of the budget issue is missed.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
DAY0 = datetime(2026, 11, 26, tzinfo=timezone.utc).timestamp()  # a Thursday, 00:00 UTC
H, MIN = 3600, 60
ACTIVE = ((9 * H, 13 * H), (14 * H, 18 * H))  # two blocks of 4 hours
SESSION_RESETS = (9 * H + 5 * H, 14 * H + 5 * H)  # windows opened at 9:00 and 14:00
BUCKET, REFILL_S = 27, 150  # the endpoint's budget, as measured in public
TOKEN = "sk-ant-oat01-BENCH-day-token-00000000000000000000"
TARGETS = {
    "429s": 0,
    "requests": 450,
    "cpu_s": 90,
    "lag_median_nofeed": 150,
    "lag_max_nofeed": 300,
    "lag_median_feed": 45,
    "menu_open_held_ratio": 1.6,
}


class Trace:
    """The day's usage on the server: what each limit reads at any moment."""

    def active_before(self, t: float, since: float = 0.0) -> float:
        """Seconds of active use between `since` and `t` (day-relative)."""
        return sum(max(0.0, min(t, end) - max(since, start)) for start, end in ACTIVE)

    def session(self, t: float) -> tuple[float, float]:
        opened = 14 * H if t >= 14 * H else 9 * H
        resets = opened + 5 * H
        if t < 9 * H:
            return 0.0, 9 * H + 5 * H
        return float(int(self.active_before(t, opened) // 150)), resets

    def weekly(self, t: float) -> float:
        return 20.0 + int(self.active_before(t) // 750)  # +1 % every 12.5 active minutes

    def sonnet(self, t: float) -> float:
        return 5.0 + int(self.active_before(t) // (2 * H))

    def extra_cents(self, t: float) -> float:
        return 1000.0 + 50 * int(self.active_before(t) // H)

    def reply(self, t: float) -> dict:
        session, resets = self.session(t)
        week_reset = DAY0 + 3 * 86400
        return {
            "five_hour": {"utilization": session, "resets_at": iso(DAY0 + resets)},
            "seven_day": {"utilization": self.weekly(t), "resets_at": iso(week_reset)},
            "seven_day_sonnet": {"utilization": self.sonnet(t), "resets_at": iso(week_reset)},
            "extra_usage": {
                "is_enabled": True,
                "monthly_limit": 50000,
                "used_credits": self.extra_cents(t),
            },
        }

    def status_document(self, t: float) -> str:
        session, resets = self.session(t)
        return json.dumps(
            {
                "model": {"display_name": "Opus 4.1"},
                "rate_limits": {
                    "five_hour": {"used_percentage": session, "resets_at": DAY0 + resets},
                    "seven_day": {"used_percentage": self.weekly(t), "resets_at": DAY0 + 3 * 86400},
                },
            }
        )


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat()


class BudgetServer:
    """The usage endpoint on 127.0.0.1, in simulated time, keeping the measured budget."""

    def __init__(self, trace: Trace) -> None:
        self.trace, self.now = trace, DAY0
        self.clock: Callable[[], float] | None = None  # a running simulated clock, if any
        self.level, self.level_at = float(BUCKET), DAY0
        self.requests, self.rate_limited = 0, 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, headers = server.answer()
                data = json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self) -> tuple[int, dict, dict[str, str]]:
        if self.clock is not None:
            self.now = self.clock()
        self.requests += 1
        self.level = min(BUCKET, self.level + (self.now - self.level_at) / REFILL_S)
        self.level_at = self.now
        if self.level < 1:
            self.rate_limited += 1
            wait = int((1 - self.level) * REFILL_S) + 1
            error = {"type": "rate_limit_error", "message": "Rate limited."}
            return 429, {"error": error}, {"Retry-After": str(wait)}
        self.level -= 1
        return 200, self.trace.reply(self.now - DAY0), {}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def install(work: Path) -> tuple[Path, Path]:
    """./install.sh into a temporary home; the installed plugin and the home."""
    home = work / "home"
    (home / ".claude").mkdir(parents=True)
    env = {**os.environ, "HOME": str(home), "CI": "1"}
    env.pop("CLAUDE_USAGE_HOME", None)
    subprocess.run(
        ["bash", str(REPO / "install.sh"), "--plugins-dir", str(work / "plugins")],
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    return work / "plugins" / "claude_usage.1m.py", home


def events(hours: float, feed: bool, seed: int = 7) -> list[tuple[float, str]]:
    """(day-relative time, kind) of every run in the day, in order."""
    rng = random.Random(seed)
    # SwiftBar's minute ticks keep no phase with the wall clock, nor with Claude Code's
    # status-line calls: give each its own offset, and the ticks a little jitter.
    runs = [
        (t + SCHEDULE_PHASE_S + rng.uniform(0, 2), "Schedule")
        for t in range(0, int(hours * H), MIN)
    ]
    active = [(s, e) for s, e in ACTIVE if s < hours * H]
    for start, end in active:
        runs += [(rng.uniform(start, end), "MenuOpen") for _ in range(15)]
        runs += [(rng.uniform(start, end), "Refresh") for _ in range(1 if start < 12 * H else 2)]
        if feed:
            runs += [(t + STATUS_PHASE_S, "statusline") for t in range(int(start), int(end), 20)]
    return sorted(runs)


class Day:
    """One simulated day: runs the plugin at each event and keeps what it showed."""

    def __init__(self, plugin: Path, home: Path, server: BudgetServer, trace: Trace) -> None:
        self.plugin, self.home, self.server, self.trace = plugin, home, server, trace
        self.cpu: dict[str, float] = {}  # kind -> CPU-seconds
        self.shown: list[tuple[float, dict[str, int]]] = []  # (time, limit title -> percent)
        self.menu_open: list[tuple[float, float, bool]] = []  # (cpu ms, wall ms, fetched)

    def run(self, t: float, kind: str) -> None:
        self.server.now = DAY0 + t
        env = faked(DAY0 + t)
        env.update(HOME=str(self.home), SWIFTBAR="1", CLAUDE_USAGE_API_URL=self.server.url)
        argv, stdin = [str(self.plugin)], b""
        if kind == "Refresh":
            argv.append("--refresh")
        elif kind == "statusline":
            argv.append("--statusline")
            stdin = self.trace.status_document(t).encode()
        else:
            env["SWIFTBAR_PLUGIN_REFRESH_REASON"] = kind
        before = self.server.requests
        started = time.monotonic()
        out, cpu = run_measured(argv, env, stdin)
        wall = (time.monotonic() - started) * 1000
        self.cpu[kind] = self.cpu.get(kind, 0.0) + cpu
        if kind in ("Schedule", "MenuOpen"):
            self.shown.append((t, figures(out)))
        if kind == "MenuOpen":
            self.menu_open.append((cpu * 1000, wall, self.server.requests > before))


def faked(moment: float) -> dict[str, str]:
    """An environment in which the clock reads `moment` (and runs on from there)."""
    clock = datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "PATH": "/usr/bin:/bin",
        "TZ": "UTC",
        "LD_PRELOAD": FAKETIME_LIB,
        "FAKETIME": f"@{clock}",
    }


def run_measured(argv: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[str, float]:
    """The child's stdout and its CPU-seconds (user + sys), from os.wait4."""
    child = subprocess.Popen(
        argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(stdin)
    child.stdin.close()
    out = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = status  # reaped here: Popen must not wait for it again
    return out, usage.ru_utime + usage.ru_stime


def figures(menu: str) -> dict[str, int]:
    """Limit title -> the percentage its bar line shows, from a menu's text."""
    shown, title = {}, ""
    for line in menu.splitlines():
        text = line.split(" | ")[0]
        if text.endswith("% used") and title:
            shown[title] = int(text.split()[-2].rstrip("%"))
        title = text.split(" · ")[0]
    return shown


MOVING_WITHIN_S = 10 * MIN  # usage moves when the session changed this recently
SCHEDULE_PHASE_S, STATUS_PHASE_S = 23.0, 7.0


def lags(day: Day, trace: Trace, hours: float) -> dict[str, list[float]]:
    """Seconds from each change on the server (active hours) to the first menu showing it.

    Usage moves while the session has changed within MOVING_WITHIN_S. Kept apart:
    changes after a still spell (the start of a block), which no poller that
    stretches its cadence while nothing moves can see at once.
    """
    session_changes = [
        t for t in range(int(hours * H)) if trace.session(t)[0] != trace.session(t - 1)[0]
    ]
    series = {
        "Current session": lambda t: int(trace.session(t)[0]),
        "All models": lambda t: int(trace.weekly(t)),
        "Sonnet only": lambda t: int(trace.sonnet(t)),
    }
    found: dict[str, list[float]] = {}
    for title, value in series.items():
        for start, end in ACTIVE:
            previous = value(start - 1)
            for t in range(int(start), int(min(end, hours * H))):
                now = value(t)
                if now == previous:
                    continue
                rising, previous = now > previous, now
                moving = any(t - MOVING_WITHIN_S <= c < t for c in session_changes)
                shown = next(
                    (
                        s
                        for s, f in day.shown
                        if s >= t
                        and title in f
                        and (f[title] >= now if rising else f[title] <= now)
                    ),
                    None,
                )
                if shown is not None:
                    key = title if moving else f"{title}, first after a still spell"
                    found.setdefault(key, []).append(shown - t)
    return found


def simulate(plugin: Path, home: Path, hours: float, feed: bool) -> dict:
    """One day from an empty state; what it cost and showed."""
    reset_state(home)
    trace = Trace()
    server = BudgetServer(trace)
    day = Day(plugin, home, server, trace)
    try:
        for t, kind in events(hours, feed):
            day.run(t, kind)
    finally:
        server.close()
    return {"day": day, "server": server, "lags": lags(day, trace, hours)}


SPEED = 300  # a resident process's simulated day runs this much faster than real time
WINDOW_SPEED = 30  # for the feed's lag, where a status-line process's own time must be small
SLEEP_AT, WAKE_AT = 18 * H, 18 * H + 30 * MIN  # the Mac sleeps: SIGTERM, then a fresh start
RSS_EARLY_TICK, RSS_LATE_TICK = 10, 1000


class Resident:
    """The installed plugin as SwiftBar runs a streamable one, on an accelerated clock."""

    def __init__(
        self, plugin: Path, home: Path, server: BudgetServer, start: float, speed: float = SPEED
    ) -> None:
        self.real0, self.sim0, self.speed = time.monotonic(), start, speed
        env = faked(DAY0 + start)
        env["FAKETIME"] += f" x{speed:g}"
        env.update(HOME=str(home), SWIFTBAR="1", CLAUDE_USAGE_API_URL=server.url)
        self.process = subprocess.Popen(
            [str(plugin)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.frames: list[tuple[float, str]] = []  # (day-relative time, frame)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def sim(self) -> float:
        """Day-relative simulated time, as the resident process sees it."""
        return self.sim0 + (time.monotonic() - self.real0) * self.speed

    def _read(self) -> None:
        assert self.process.stdout is not None
        lines: list[str] = []
        started = self.sim()
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace")
            if line == "~~~\n":  # a frame ends where the next begins: it was shown from its start
                if lines:
                    self.frames.append((started, "".join(lines)))
                lines, started = [], self.sim()
            else:
                lines.append(line)
        if lines:
            self.frames.append((started, "".join(lines)))

    def memory(self) -> tuple[float, int, int]:
        """(resident MiB, open file descriptors, threads) right now."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        fds = len(os.listdir(f"/proc/{self.process.pid}/fd"))
        return int(fields["VmRSS"].split()[0]) / 1024, fds, int(fields["Threads"])

    def stop(self) -> float:
        """SIGTERM; the CPU-seconds the process used in its life."""
        self.process.terminate()
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = status
        self.reader.join(5)
        return usage.ru_utime + usage.ru_stime


def simulate_stream(
    plugin: Path,
    home: Path,
    hours: float,
    feed: bool,
    spans: tuple[tuple[float, float], ...] | None = None,
    speed: float = SPEED,
) -> dict:
    """One day with the resident process, restarted once after a sleep (or given spans)."""
    reset_state(home)
    trace = Trace()
    server = BudgetServer(trace)
    day = Day(plugin, home, server, trace)
    memory: dict[str, tuple[float, int, int]] = {}
    status_calls = [t for t, kind in events(hours, feed) if kind == "statusline"]
    spans = spans or ((0.0, min(SLEEP_AT, hours * H)), (WAKE_AT, hours * H))
    resident = Resident(plugin, home, server, spans[0][0], speed)
    server.clock = lambda: DAY0 + resident.sim()
    cpu, frames = 0.0, []
    try:
        for index, (start, end) in enumerate(spans):
            if start >= end:
                break
            if index > 0:
                resident = Resident(plugin, home, server, start, speed)
            _play(resident, day, trace, status_calls, end, memory)
            cpu += resident.stop()
            frames += resident.frames
    finally:
        server.close()
    day.shown = [(t, figures(frame)) for t, frame in frames]
    day.cpu["resident"] = cpu
    return {"day": day, "server": server, "lags": lags(day, trace, hours), "memory": memory}


def _play(
    resident: Resident,
    day: Day,
    trace: Trace,
    calls: list[float],
    end: float,
    memory: dict[str, tuple[float, int, int]],
) -> None:
    """Until `end`: the status-line calls on time, and the memory samples."""
    pending = [t for t in calls if resident.sim() <= t < end]
    start = resident.sim()
    while resident.sim() < end:
        now = resident.sim()
        while pending and pending[0] <= now:
            day.run(pending.pop(0), "statusline")
        ticks = (now - start) / MIN
        if "early" not in memory and ticks >= RSS_EARLY_TICK:
            memory["early"] = resident.memory()
        if "late" not in memory and ticks >= RSS_LATE_TICK:
            memory["late"] = resident.memory()
        time.sleep(0.005)


def reset_state(home: Path) -> None:
    subprocess.run(["rm", "-rf", str(home / ".cache" / "claude-usage")], check=True)
    for name in ("settings.dat", "alerts.dat", "swiftbar.dat"):
        (home / ".local/share/claude-usage" / name).unlink(missing_ok=True)
    expires = int((DAY0 + 3 * 86400) * 1000)
    (home / ".claude" / ".credentials.json").write_text(
        json.dumps({"claudeAiOauth": {"accessToken": TOKEN, "expiresAt": expires}})
    )


def pass_ms(python: str, rounds: int = 30) -> float:
    """CPU of `python -c pass` under the same libfaketime, for the MenuOpen ratio."""
    return statistics.median(
        run_measured([python, "-c", "pass"], faked(DAY0 + 10 * H))[1] * 1000 for _ in range(rounds)
    )


def summary(result: dict, hours: float, base_ms: float) -> dict[str, float]:
    day, server = result["day"], result["server"]
    scale = 24 / hours
    held = [cpu for cpu, _, fetched in day.menu_open if not fetched]  # answered from the cache
    one_shot = sum(v for k, v in day.cpu.items() if k != "statusline")
    counted = {
        "requests": server.requests * scale,
        "429s": server.rate_limited * scale,
        "cpu_s": one_shot * scale,
        "statusline_cpu_s": day.cpu.get("statusline", 0.0) * scale,
        "menu_open_wall_median_ms": statistics.median([w for _, w, _ in day.menu_open] or [0]),
        "menu_open_wall_max_ms": max([w for _, w, _ in day.menu_open] or [0]),
        "menu_open_held_ratio": statistics.median(held) / base_ms if held else 0.0,
        "menu_opens_held": len(held),
    }
    for title, values in result["lags"].items():
        counted[f"lag {title}"] = (statistics.median(values), max(values), len(values))
    return counted


def report(nofeed: dict, feed: dict, hours: float) -> int:
    print(f"claude-usage: a simulated day ({hours:g} h simulated, scaled to 24 h where counted)\n")
    rows = [
        ("requests per day", "requests", "{:.0f}"),
        ("429 replies per day", "429s", "{:.0f}"),
        ("CPU-seconds per day, plugin runs", "cpu_s", "{:.1f}"),
        ("CPU-seconds per day, --statusline", "statusline_cpu_s", "{:.1f}"),
        ("MenuOpen wall, median ms", "menu_open_wall_median_ms", "{:.0f}"),
        ("MenuOpen wall, max ms", "menu_open_wall_max_ms", "{:.0f}"),
        ("MenuOpen answered from the cache", "menu_opens_held", "{:.0f}"),
        ("  its CPU, × python -c pass", "menu_open_held_ratio", "{:.2f}"),
    ]
    print(f"{'figure':42}{'no feed':>20}{'feed every 20 s':>20}")
    for label, key, form in rows:
        print(f"{label:42}{form.format(nofeed[key]):>20}{form.format(feed[key]):>20}")
    print("\nlag from a change on the server to a menu showing it (active hours), median / max s")
    titles = ("Current session", "All models", "Sonnet only")
    for title in (*titles, *(f"{t}, first after a still spell" for t in titles)):
        cells = []
        for day in (nofeed, feed):
            value = day.get(f"lag {title}")
            cells.append(f"{value[0]:.0f} / {value[1]:.0f} (n={value[2]})" if value else "-")
        print(f"{title:42}{cells[0]:>20}{cells[1]:>20}")
    checks = [
        ("429s, no feed / feed", max(nofeed["429s"], feed["429s"]) <= TARGETS["429s"]),
        ("requests ≤ 450", max(nofeed["requests"], feed["requests"]) <= TARGETS["requests"]),
        ("CPU-seconds ≤ 90", max(nofeed["cpu_s"], feed["cpu_s"]) <= TARGETS["cpu_s"]),
        ("MenuOpen held ≤ 1.6×", nofeed["menu_open_held_ratio"] <= 1.6),
    ]
    for key, median_limit, max_limit, day in (
        ("no feed", 150, 300, nofeed),
        ("feed", 45, None, feed),
    ):
        for title in ("Current session", "All models"):
            value = day.get(f"lag {title}")
            ok = value is not None and value[0] <= median_limit
            ok = ok and (max_limit is None or value[1] <= max_limit)
            checks.append((f"{title} lag, {key}", ok))
    print()
    for label, ok in checks:
        print(f"{label:42}{'ok' if ok else 'MISSED'}")
    return 0 if all(ok for _, ok in checks) else 1


def stream_summary(result: dict, hours: float) -> dict[str, object]:
    day, server, memory = result["day"], result["server"], result["memory"]
    scale = 24 / hours
    counted: dict[str, object] = {
        "requests": server.requests * scale,
        "429s": server.rate_limited * scale,
        "cpu_s": day.cpu.get("resident", 0.0) * scale,
        "statusline_cpu_s": day.cpu.get("statusline", 0.0) * scale,
        "memory": memory,
    }
    for title, values in result["lags"].items():
        counted[f"lag {title}"] = (statistics.median(values), max(values), len(values))
    return counted


def report_stream(nofeed: dict, feed: dict, window: dict) -> list[tuple[str, bool]]:
    print(f"\n{'resident (streamable) process':42}{'no feed':>20}{'feed every 20 s':>20}")
    for label, key, form in (
        ("requests per day", "requests", "{:.0f}"),
        ("429 replies per day", "429s", "{:.0f}"),
        ("CPU-seconds per day, incl. the start after sleep", "cpu_s", "{:.1f}"),
        ("CPU-seconds per day, --statusline", "statusline_cpu_s", "{:.1f}"),
    ):
        print(f"{label:42}{form.format(nofeed[key]):>20}{form.format(feed[key]):>20}")
    for when, tick in (("early", RSS_EARLY_TICK), ("late", RSS_LATE_TICK)):
        cells = [_memory(day["memory"].get(when)) for day in (nofeed, feed)]
        print(f"{f'RSS MiB / fds / threads, tick {tick}':42}{cells[0]:>20}{cells[1]:>20}")
    print(f"{'a menu open':42}{'no process':>20}{'no process':>20}")
    for title in ("Current session", "All models", "Sonnet only"):
        cells = []
        for day in (nofeed, feed):
            value = day.get(f"lag {title}")
            cells.append(f"{value[0]:.0f} / {value[1]:.0f} (n={value[2]})" if value else "-")
        print(f"{'lag ' + title + ', median / max s':42}{cells[0]:>20}{cells[1]:>20}")
    print(f"measured at ×{WINDOW_SPEED} over 09:00-11:00, with the feed:")
    for title, values in window.items():
        if values:
            shown = f"{statistics.median(values):.0f} / {max(values):.0f} (n={len(values)})"
            print(f"{'  lag ' + title + ', median / max s':42}{'':>20}{shown:>20}")
    checks = []
    for label, day in (("no feed", nofeed), ("feed", feed)):
        checks.append((f"resident CPU ≤ 10 s, {label}", day["cpu_s"] <= 10))
        checks.append(
            (
                f"resident requests ≤ 450, 0 429s, {label}",
                day["requests"] <= 450 and day["429s"] == 0,
            )
        )
        early, late = day["memory"].get("early"), day["memory"].get("late")
        flat = bool(early and late and late[0] - early[0] <= 2 and late[0] <= 40)
        checks.append((f"resident memory flat, ≤ 40 MiB, {label}", flat))
    session = window.get("Current session")
    checks.append(
        (
            "resident session lag with feed ≤ 15 s",
            bool(session and statistics.median(session) <= 15),
        )
    )
    return checks


def _memory(sample: tuple[float, int, int] | None) -> str:
    return f"{sample[0]:.1f} / {sample[1]} / {sample[2]}" if sample else "-"


def oneshot_copy(plugin: Path) -> Path:
    """The installed plugin without its streamable mark: what --no-stream installs."""
    lines = plugin.read_text().splitlines(keepends=True)
    copy = plugin.parent / "oneshot" / plugin.name
    copy.parent.mkdir()
    copy.write_text("".join(line for line in lines if not line.startswith("# <swiftbar.type>")))
    copy.chmod(0o755)
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=24, help="simulated hours (default 24)")
    parser.add_argument(
        "--one-shot-only", action="store_true", help="leave out the resident (streamable) days"
    )
    options = parser.parse_args()
    hours, streams = options.hours, not options.one_shot_only
    if not sys.platform.startswith("linux") or not os.path.exists(FAKETIME_LIB):
        print(f"bench/day.py needs Linux and {FAKETIME_LIB}: apt-get install faketime")
        return 2
    with tempfile.TemporaryDirectory(prefix="claude-usage-day-") as tmp:
        plugin, home = install(Path(tmp))
        oneshot = oneshot_copy(plugin)
        python = plugin.read_text().splitlines()[0][2:].split()[0]  # "#!<python> -S"
        base = pass_ms(python)
        nofeed = summary(simulate(oneshot, home, hours, feed=False), hours, base)
        feed = summary(simulate(oneshot, home, hours, feed=True), hours, base)
        code = report(nofeed, feed, hours)
        sys.stdout.flush()
        if not streams:
            return code
        resident = [
            stream_summary(simulate_stream(plugin, home, hours, f), hours) for f in (False, True)
        ]
        # At ×300 each status-line process (~40 ms) lands 12 simulated seconds late, so the
        # feed's lag is measured again over two active hours at ×30 (1.2 s late).
        window = simulate_stream(plugin, home, hours, True, ((9 * H, 11 * H),), WINDOW_SPEED)
    checks = report_stream(*resident, window["lags"])
    print()
    for label, ok in checks:
        print(f"{label:42}{'ok' if ok else 'MISSED'}")
    return code or (0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    raise SystemExit(main())
