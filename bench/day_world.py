"""The world bench/day.py drives the plugin in: accounts, their usage, the endpoint, the home.

Each account has its own token, its own day of usage (a Trace) and, on the
server, its own bucket: the endpoint's budget is kept per token, and answers 429
per token. The home is laid out as a user's would be: Claude Code's default
sign-in, a Claude Code config folder, and a pasted token kept in a keyring (a
file-backed test keyring: tests/fake_keyring.py). The folder and the token are
added with the plugin's own `--account add`, as a user adds them.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
DAY0 = datetime(2026, 11, 26, tzinfo=timezone.utc).timestamp()  # a Thursday, 00:00 UTC
H, MIN = 3600, 60
ACTIVE = ((9 * H, 13 * H), (14 * H, 18 * H))  # two blocks of 4 hours
BUCKET, REFILL_S = 27, 150  # the endpoint's budget, per token, as measured in public
TOKEN = "sk-ant-oat01-BENCH-day-token-00000000000000000000"  # Claude Code's default sign-in
USAGE_PATH, PROFILE_PATH = "/api/oauth/usage", "/api/oauth/profile"
DEFAULT, FOLDER, PASTED = "Claude Code's sign-in", "a Claude Code folder", "a pasted token"


@dataclass(frozen=True)
class Trace:
    """One account's day of usage on the server: what each limit reads at any moment.

    The default is the busy account of the single-account day; the others use
    theirs more slowly (a step every `session_s` active seconds) from other bases.
    """

    session_s: float = 150  # +1 % of the session every this many active seconds
    weekly_base: float = 20
    weekly_s: float = 750  # +1 % of the week every 12.5 active minutes
    sonnet_base: float = 5
    extra_base: float = 1000  # cents of extra usage spent this month

    def active_before(self, t: float, since: float = 0.0) -> float:
        """Seconds of active use between `since` and `t` (day-relative)."""
        return sum(max(0.0, min(t, end) - max(since, start)) for start, end in ACTIVE)

    def session(self, t: float) -> tuple[float, float]:
        opened = 14 * H if t >= 14 * H else 9 * H
        resets = opened + 5 * H
        if t < 9 * H:
            return 0.0, 9 * H + 5 * H
        return float(int(self.active_before(t, opened) // self.session_s)), resets

    def weekly(self, t: float) -> float:
        return self.weekly_base + int(self.active_before(t) // self.weekly_s)

    def sonnet(self, t: float) -> float:
        return self.sonnet_base + int(self.active_before(t) // (2 * H))

    def extra_cents(self, t: float) -> float:
        return self.extra_base + 50 * int(self.active_before(t) // H)

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


@dataclass(frozen=True)
class Account:
    """One account of the bench: how the plugin reaches its token, and its day."""

    label: str
    kind: str  # DEFAULT, FOLDER or PASTED
    token: str
    email: str
    trace: Trace
    folder: str = ""  # a Claude Code config folder (CLAUDE_CONFIG_DIR), for FOLDER

    @property
    def fed(self) -> bool:
        """Whether a Claude Code status line can feed it (a pasted token has none)."""
        return self.kind != PASTED


def bench_accounts(count: int, home: Path) -> tuple[Account, ...]:
    """The first `count` accounts: the default sign-in, then config folders and pasted tokens."""
    accounts = [Account("Claude Code", DEFAULT, TOKEN, "alice@example.com", Trace())]
    for index in range(1, count):
        number = "" if index <= 2 else f"-{(index + 1) // 2}"
        pasted = index % 2 == 0
        label = ("personal" if pasted else "work") + number
        trace = Trace(  # slower and from other bases, so no two accounts read alike
            session_s=150 + 50 * index,
            weekly_base=min(20 + 13 * index, 60),  # the day adds up to 38 %: under 100
            weekly_s=750 + 250 * index,
            sonnet_base=5 + 3 * index,
            extra_base=1000 + 700 * index,
        )
        token = f"sk-ant-oat01-BENCH-day-token-{label}-{index:026d}"
        folder = "" if pasted else str(home / f".claude-{label}")
        email = f"{label}@example.com"
        accounts.append(Account(label, PASTED if pasted else FOLDER, token, email, trace, folder))
    return tuple(accounts)


@dataclass
class Bucket:
    """One token's budget on the server, and what it was asked."""

    level: float = float(BUCKET)
    level_at: float = DAY0
    requests: int = 0
    rate_limited: int = 0
    profiles: int = 0  # of the requests, those for the profile


class BudgetServer:
    """The endpoint on 127.0.0.1, in simulated time, keeping the measured budget per token."""

    def __init__(self, accounts: tuple[Account, ...]) -> None:
        self.accounts = {f"Bearer {a.token}": a for a in accounts}
        self.buckets: dict[str, Bucket] = {a.label: Bucket() for a in accounts}
        self.now = DAY0
        self.clock: Callable[[], float] | None = None  # a running simulated clock, if any
        self.lock = threading.Lock()
        self.given_up = 0  # replies the plugin no longer waited for
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, headers = server.answer(
                    self.path.split("?")[0], self.headers.get("Authorization", "")
                )
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    # The plugin gave up first (at ×300 its 10 s timeout is 33 ms of ours),
                    # or was stopped for the night.
                    server.given_up += 1

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def requests(self) -> int:
        """Requests of every account so far."""
        return sum(b.requests for b in self.buckets.values())

    @property
    def rate_limited(self) -> int:
        """429 replies to every account so far."""
        return sum(b.rate_limited for b in self.buckets.values())

    def answer(self, path: str, authorization: str) -> tuple[int, dict, dict[str, str]]:
        account = self.accounts.get(authorization)
        if account is None:
            error = {"type": "authentication_error", "message": "Invalid bearer token"}
            return 401, {"error": error}, {}
        if path not in (USAGE_PATH, PROFILE_PATH):
            return 404, {"error": {"type": "not_found_error", "message": "Not found"}}, {}
        with self.lock:
            if self.clock is not None:
                self.now = self.clock()
            bucket = self.buckets[account.label]
            bucket.requests += 1
            bucket.profiles += path == PROFILE_PATH
            bucket.level = min(BUCKET, bucket.level + (self.now - bucket.level_at) / REFILL_S)
            bucket.level_at = self.now
            if bucket.level < 1:
                bucket.rate_limited += 1
                wait = int((1 - bucket.level) * REFILL_S) + 1
                error = {"type": "rate_limit_error", "message": "Rate limited."}
                return 429, {"error": error}, {"Retry-After": str(wait)}
            bucket.level -= 1
        if path == PROFILE_PATH:
            return 200, profile(account), {}
        return 200, account.trace.reply(self.now - DAY0), {}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def profile(account: Account) -> dict:
    """The profile endpoint's reply for `account`: tests/fixtures' Max 20x one, with its email."""
    reply = json.loads((REPO / "tests" / "fixtures" / "profile_max20x.json").read_text())
    reply["account"]["email"] = account.email
    reply["organization"]["name"] = f"{account.email}'s Organization"
    return reply


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


def faked(moment: float) -> dict[str, str]:
    """An environment in which the clock reads `moment` (and runs on from there)."""
    clock = datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "PATH": "/usr/bin:/bin",
        "TZ": "UTC",
        "LD_PRELOAD": FAKETIME_LIB,
        "FAKETIME": f"@{clock}",
    }


@dataclass
class Home:
    """The temporary home the plugin runs in, with the bench's accounts signed in."""

    path: Path
    accounts: tuple[Account, ...]
    keyring: Path = field(init=False)  # the test keyring's file, beside the home

    def __post_init__(self) -> None:
        self.keyring = self.path.parent / "keyring" / "keyring.json"

    def env(self, moment: float, url: str) -> dict[str, str]:
        """What every plugin run gets: the faked clock, the home, the server, the keyring."""
        env = faked(moment)
        env.update(HOME=str(self.path), SWIFTBAR="1", CLAUDE_USAGE_API_URL=url)
        if any(a.kind == PASTED for a in self.accounts):
            env.update(
                PYTHONPATH=str(self.keyring.parent),
                PYTHON_KEYRING_BACKEND="fake_keyring.FileKeyring",
                FAKE_KEYRING_FILE=str(self.keyring),
            )
        return env

    def reset(self) -> None:
        """No state, settings or stored token left; each Claude Code sign-in written afresh."""
        subprocess.run(["rm", "-rf", str(self.path / ".cache" / "claude-usage")], check=True)
        for name in ("settings.dat", "alerts.dat", "swiftbar.dat"):
            (self.path / ".local/share/claude-usage" / name).unlink(missing_ok=True)
        self.keyring.parent.mkdir(exist_ok=True)
        self.keyring.unlink(missing_ok=True)
        shutil.copy2(REPO / "tests" / "fake_keyring.py", self.keyring.parent)
        expires = int((DAY0 + 3 * 86400) * 1000)
        for account in self.accounts:
            if account.kind == PASTED:
                continue
            folder = Path(account.folder) if account.folder else self.path / ".claude"
            folder.mkdir(exist_ok=True)
            credentials = {"accessToken": account.token, "expiresAt": expires}
            if account.kind == FOLDER:  # the default keeps the single-account day's file
                credentials.update(subscriptionType="team")
            (folder / ".credentials.json").write_text(json.dumps({"claudeAiOauth": credentials}))
            oauth = {"oauthAccount": {"emailAddress": account.email}}
            where = folder if account.folder else self.path  # the default's is ~/.claude.json
            (where / ".claude.json").write_text(json.dumps(oauth))

    def add_accounts(self, plugin: Path, moment: float, url: str) -> None:
        """`--account add` for each account past the default, as a user would at `moment`.

        Adding a pasted token checks it with one request: the server counts it.
        """
        env = self.env(moment, url)
        for account in self.accounts:
            if account.kind == DEFAULT:
                continue
            where = ["--folder", account.folder] if account.folder else ["--token", "-"]
            stdin = "" if account.folder else account.token + "\n"
            done = subprocess.run(
                [str(plugin), "--account", "add", account.label, *where],
                env=env,
                input=stdin.encode(),
                capture_output=True,
            )
            if done.returncode != 0:
                said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
                raise SystemExit(f"--account add {account.label} failed: {said}")
