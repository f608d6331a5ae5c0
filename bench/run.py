"""What one plugin run costs, against the interpreter it runs on.

    python3 bench/run.py [--rounds N]      (Linux: GNU time, gnome-keyring, dbus)

Run by a python without secretstorage and jeepney (the bench's own keyring client), it
runs itself again with the clone's .venv, which ./install.sh --dev makes.

Installs the plugin into a temporary plugins folder with ./install.sh, exactly
as a user gets it. It starts a usage server on 127.0.0.1 and a private, unlocked
gnome-keyring for the manual-token run, then times the installed
claude_usage.1m.py against the same interpreter running `-c pass` and
`-c "import requests"`. The runs alternate, in a new random order each round: a
busy moment hurts all of them alike, and so do the cold caches a heavy run leaves
to whichever run follows it (about 0.8 ms here, a tenth of `-c pass`).

CPU time (user + sys) comes from os.wait4 on a freshly spawned process. Peak RSS
comes from /usr/bin/time -f %M: a child forked from this (larger) process would
report our resident size, not its own. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_VENV = REPO / ".venv"
OWN_NEEDS = ("secretstorage", "jeepney")  # tests/private_keyring reads the keyring with them
TOOLS = {"/usr/bin/time": "time", "gnome-keyring-daemon": "gnome-keyring", "dbus-daemon": "dbus"}


def run_where_the_needs_are() -> None:
    """Carry on in this python if it has OWN_NEEDS, else in the clone's .venv, else stop."""
    if all(importlib.util.find_spec(name) for name in OWN_NEEDS):
        return
    python = DEV_VENV / "bin" / "python3"
    if python.exists() and Path(sys.prefix).resolve() != DEV_VENV.resolve():
        os.execv(python, [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.exit(
        f"bench/run.py needs {' and '.join(OWN_NEEDS)}, which {sys.executable} lacks: "
        "run ./install.sh --dev (it makes .venv, which this script then uses)"
    )


def missing_tools() -> str | None:
    """What this machine lacks to run the benchmark, in a line; None when it has it all."""
    if not sys.platform.startswith("linux"):
        return "bench/run.py runs on Linux only: it needs GNU time, gnome-keyring and dbus"
    lacking = [
        package
        for tool, package in TOOLS.items()
        if not (os.path.exists(tool) if tool.startswith("/") else shutil.which(tool))
    ]
    if lacking:
        return f"bench/run.py needs {', '.join(TOOLS)}: apt-get install {' '.join(lacking)}"
    return None


run_where_the_needs_are()
sys.path[:0] = [str(REPO / "lib"), str(REPO / "tests")]

from claude_usage.core.record import replace  # noqa: E402
from claude_usage.settings import load_settings  # noqa: E402
from claude_usage.store import load_state, store_state  # noqa: E402
from private_keyring import private_secret_service  # noqa: E402
from usage_server import Reply, UsageServer, fixture_reply  # noqa: E402

TARGETS = [  # (what, run, baseline, measure, at most)
    ("cache hit (menu open)", "cache_hit", "pass", "cpu", 1.6),
    ("cache hit, 4 accounts", "cache_hit_4", "pass", "cpu", 1.6),
    ("fetch, Claude Code token", "fetch_claude_code", "requests", "cpu", 1.3),
    ("fetch, peak memory", "fetch_claude_code", "requests", "rss", 1.25),
    ("fetch, keyring token", "fetch_keyring", "requests", "cpu", 1.6),
    ("status line (repeated)", "statusline", "pass", "cpu", 1.5),
]
EXTRA_TARGETS = [  # (what, run, baseline, at most this many CPU ms more)
    ("fetch with history and pace", "fetch_claude_code", "fetch_plain", 10.0),
]
TOKEN = "sk-ant-oat01-BENCH-claude-code-token-000000000000"
MANUAL = "sk-ant-oat01-BENCH-manual-keyring-token-00000000"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="alternating rounds (default 30)")
    rounds = parser.parse_args().rounds
    missing = missing_tools()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="claude-usage-bench-") as tmp:
        work = Path(tmp)
        plugin, python = install(work)
        server = UsageServer()
        server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
        try:
            with private_secret_service(work, backend_env=False, home=work / "home") as keyring:
                runs = prepare(work, plugin, python, server, keyring.env)
                cpu, rss = measure(runs, rounds)
                heavy = cache_hit_loads(runs["cache_hit"], python, ("sqlite3", "_sqlite3"))
        finally:
            server.close()
    return report(cpu, rss, rounds) | sqlite_on_cache_hit(heavy)


def install(work: Path) -> tuple[Path, Path]:
    """./install.sh into a temporary home and plugins folder; the plugin and its python."""
    home = work / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "CI": "1"}
    env.pop("CLAUDE_USAGE_HOME", None)
    subprocess.run(
        # --no-stream: these are the one-shot runs xbar, Argos and SwiftBar (so set) make.
        ["bash", str(REPO / "install.sh"), "--no-stream", "--plugins-dir", str(work / "plugins")],
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    plugin = work / "plugins" / "claude_usage.1m.py"
    python = Path(plugin.read_text().splitlines()[0][2:].split()[0])  # "#!<python> -S"
    return plugin, python


class Run:
    """One kind of run: its argv, its environment, and what to set up before each time."""

    def __init__(
        self, argv: list[str], env: dict[str, str], before=None, check=None, stdin: str = os.devnull
    ) -> None:
        self.argv, self.env, self.before, self.check = argv, env, before, check
        self.stdin = stdin  # a file the run reads as its standard input


def prepare(
    work: Path, plugin: Path, python: Path, server: UsageServer, keyring_env: dict[str, str]
) -> dict[str, Run]:
    home = work / "home"
    credentials = home / ".claude" / ".credentials.json"
    credentials.parent.mkdir()
    expires = int((time.time() + 86400) * 1000)
    credentials.write_text(
        f'{{"claudeAiOauth": {{"accessToken": "{TOKEN}", '
        f'"expiresAt": {expires}, "subscriptionType": "max"}}}}'
    )
    base = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "SWIFTBAR": "1",
        "CLAUDE_USAGE_API_URL": server.url,
        **keyring_env,
    }

    def folders(name: str, reason: str) -> dict[str, str]:
        return {
            **base,
            "CLAUDE_USAGE_CACHE_DIR": str(work / name / "cache"),
            "CLAUDE_USAGE_DATA_DIR": str(work / name / "data"),
            "SWIFTBAR_PLUGIN_REFRESH_REASON": reason,
        }

    hit, claude_code, manual = (
        folders("hit", "MenuOpen"),
        folders("cc", "Schedule"),
        folders("kr", "Schedule"),
    )
    plain_fetch = {**folders("plain", "Schedule"), "CLAUDE_USAGE_HISTORY": "off"}
    subprocess.run(
        [str(plugin), "--set-token", "-"],
        input=MANUAL.encode(),
        env=manual,
        check=True,
        capture_output=True,  # its notification has no notifier on the private bus
    )
    hit4 = folders("hit4", "MenuOpen")
    add_accounts(plugin, hit4, home, expires)
    for env in (hit, claude_code, plain_fetch, hit4):
        subprocess.run([str(plugin), "--refresh"], env=env, check=True, stdout=subprocess.DEVNULL)

    def aged(env: dict[str, str], age_s: float):
        folder = env["CLAUDE_USAGE_CACHE_DIR"]
        states = {}
        for account in load_settings(env["CLAUDE_USAGE_DATA_DIR"]).accounts:
            state = states[account.id] = load_state(folder, account.id)
            assert state.snapshot is not None and state.failure is None, (account, state)

        def age() -> None:
            for ident, state in states.items():
                assert state.snapshot is not None
                fetched_at = time.time() - age_s
                snapshot = replace(state.snapshot, fetched_at=fetched_at)
                store_state(folder, ident, replace(state, snapshot=snapshot))

        return age

    def fetched(expected: bool):
        before = {"n": 0}

        def start() -> None:
            before["n"] = len(server.requests)

        def check() -> None:
            assert (len(server.requests) > before["n"]) is expected, "the run did not do its job"

        return start, check

    def run(argv, env, age=None, fetches=None) -> Run:
        start, check = fetched(fetches) if fetches is not None else (None, None)
        setup = aged(env, age) if age is not None else None
        return Run(argv, env, before=lambda: [f() for f in (setup, start) if f], check=check)

    plain = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    feed, news = work / "statusline.json", work / "statusline-new.json"
    status = {**folders("sl", "Schedule"), "SWIFTBAR": ""}
    write_feed(feed, 41.0)
    moving = {"percent": 41.0}

    def new_figures() -> None:  # every call of this run reports a percentage never seen
        moving["percent"] += 0.5
        write_feed(news, moving["percent"])

    return {
        "pass": run([str(python), "-c", "pass"], plain),
        "cache_hit": run([str(plugin)], hit, age=2, fetches=False),
        "cache_hit_4": run([str(plugin)], hit4, age=2, fetches=False),
        "requests": run([str(python), "-c", "import requests"], plain),
        "fetch_claude_code": run([str(plugin)], claude_code, age=3600, fetches=True),
        "fetch_plain": run([str(plugin)], plain_fetch, age=3600, fetches=True),
        "fetch_keyring": run([str(plugin)], manual, age=3600, fetches=True),
        "statusline": Run([str(plugin), "--statusline"], status, stdin=str(feed)),
        "statusline_new": Run(  # its own folder: the repeated run must see only its own feed
            [str(plugin), "--statusline"],
            {**folders("sl-new", "Schedule"), "SWIFTBAR": ""},
            before=new_figures,
            stdin=str(news),
        ),
    }


def add_accounts(plugin: Path, env: dict[str, str], home: Path, expires: int) -> None:
    """Three more accounts beside Claude Code's default sign-in: two config folders, a token."""
    for n in (1, 2):
        folder = home / f"claude-{n}"
        folder.mkdir()
        (folder / ".credentials.json").write_text(
            f'{{"claudeAiOauth": {{"accessToken": "{TOKEN[:-1]}{n}", '
            f'"expiresAt": {expires}, "subscriptionType": "max"}}}}'
        )
        (folder / ".claude.json").write_text(
            f'{{"oauthAccount": {{"emailAddress": "w{n}@x.org"}}}}'
        )
        command = [str(plugin), "--account", "add", f"work {n}", "--folder", str(folder)]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [str(plugin), "--account", "add", "personal", "--token", "-"],
        input=MANUAL.encode(),
        env=env,
        check=True,
        capture_output=True,  # its notification has no notifier on the private bus
    )


def write_feed(path: Path, percent: float) -> None:
    """What Claude Code pipes into its status line, with the session at `percent`."""
    limits = {
        "five_hour": {"used_percentage": percent, "resets_at": time.time() + 7200},
        "seven_day": {"used_percentage": 63.0, "resets_at": time.time() + 86400},
    }
    path.write_text(json.dumps({"model": {"display_name": "Opus"}, "rate_limits": limits}))


def cache_hit_loads(run: Run, python: Path, modules: tuple[str, ...]) -> list[str]:
    """Which of `modules` a cache-hit run imports (it must import none)."""
    if run.before:
        run.before()
    done = subprocess.run(
        [str(python), "-X", "importtime", *run.argv],
        env=run.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    )
    if run.check:
        run.check()
    names = {ln.rsplit("|", 1)[1].strip() for ln in done.stderr.decode().splitlines() if "|" in ln}
    return sorted(names & set(modules))


def sqlite_on_cache_hit(loaded: list[str]) -> int:
    print(f"\ncache hit imports sqlite3: {'yes: ' + ', '.join(loaded) if loaded else 'no'}")
    return 1 if loaded else 0


def measure(runs: dict[str, Run], rounds: int) -> tuple[dict, dict]:
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    rss: dict[str, list[float]] = {name: [] for name in runs}
    order, shuffle = list(runs), random.Random(0).shuffle  # seeded: reruns compare alike
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            cpu[name].append(cpu_seconds(runs[name]))
            rss[name].append(peak_rss_kib(runs[name]))
    return cpu, rss


def cpu_seconds(run: Run) -> float:
    if run.before:
        run.before()
    pid = os.posix_spawn(
        run.argv[0],
        run.argv,
        run.env,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, run.stdin, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        ],
    )
    _, status, usage = os.wait4(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, run.argv
    if run.check:
        run.check()
    return usage.ru_utime + usage.ru_stime


def peak_rss_kib(run: Run) -> float:
    if run.before:
        run.before()
    with tempfile.NamedTemporaryFile("r") as out, open(run.stdin, "rb") as stdin:
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", out.name, *run.argv],
            env=run.env,
            check=True,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
        )
        return float(out.read().split()[-1])


def report(cpu: dict, rss: dict, rounds: int) -> int:
    med_cpu = {k: statistics.median(v) * 1000 for k, v in cpu.items()}
    med_rss = {k: statistics.median(v) / 1024 for k, v in rss.items()}
    labels = {
        "pass": "python -c pass",
        "cache_hit": "plugin, cache hit (menu open)",
        "cache_hit_4": "plugin, cache hit, 4 accounts",
        "requests": 'python -c "import requests"',
        "fetch_claude_code": "plugin, fetch, Claude Code token",
        "fetch_plain": "plugin, fetch, no history (=off)",
        "fetch_keyring": "plugin, fetch, keyring token",
        "statusline": "--statusline, figures repeated",
        "statusline_new": "--statusline, new figures each call",
    }
    print(f"claude-usage: medians of {rounds} alternating rounds (CPU = user + sys)\n")
    print(f"{'run':36} {'CPU ms':>8} {'peak RSS MiB':>13}")
    for key, label in labels.items():
        print(f"{label:36} {med_cpu[key]:8.1f} {med_rss[key]:13.1f}")
    print(f"\n{'target':28} {'ratio':>7} {'limit':>7}")
    missed = 0
    for what, run, base, kind, limit in TARGETS:
        table = med_cpu if kind == "cpu" else med_rss
        ratio = table[run] / table[base]
        ok = ratio <= limit
        missed += not ok
        print(f"{what:28} {ratio:6.2f}× {'≤':>2}{limit:4.2f}×  {'ok' if ok else 'MISSED'}")
    for what, run, base, most in EXTRA_TARGETS:
        more = med_cpu[run] - med_cpu[base]
        ok = more <= most
        missed += not ok
        print(f"{what:28} {more:+5.1f}ms {'≤':>2}{most:4.0f}ms  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
