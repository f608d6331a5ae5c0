"""Every state file we read, broken every which way: it counts as absent, and the run goes on.

The fuzz loops are seeded, so a failure repeats; they decode a few hundred random
and mutated files in-process, then a couple of whole runs meet the worst cases.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claude_usage.core.alerts import Period, periods_from_dict, periods_to_dict
from claude_usage.core.cadence import CLICK, MENU_OPEN, SCHEDULE, WAKE, decide
from claude_usage.core.model import ExtraUsage, Limit, Snapshot
from claude_usage.core.state import Failure, UsageState, rate_limited, state_from_dict
from claude_usage.render.markup import Host
from claude_usage.render.menu import MenuView, render_menu
from claude_usage.render.report import state_report
from claude_usage.settings import SETTINGS_FILE, load_settings
from claude_usage.store import FIRST_CACHE_FILE, cache_path, load_state, store_state
from claude_usage.system.files import MAGIC, read_data, write_data
from claude_usage.system.swiftbar import HOST_FILE, nudge
from conftest import PLUGIN, Reply, fixture_reply, write_claude_credentials
from stand_ins import stand_in

NOW = 1_767_384_000.0
SOURCE = "claude-code"
BIG = 10**400  # no float holds it


def good_state() -> UsageState:
    limits = (
        Limit("five_hour", "Current session", "session", 42.0, NOW + 3600),
        Limit("seven_day", "All models", "weekly", 63.0, NOW + 3 * 86400),
    )
    snapshot = Snapshot(NOW - 30, limits, ExtraUsage(1234.0, 100000.0))
    state = UsageState(snapshot=snapshot, source=SOURCE, fed_at=NOW - 10)
    return rate_limited(state, Failure("rate_limited", "Rate limited", NOW - 5), 120)


def valid_files(tmp: Path) -> dict[str, bytes]:
    """Each state file as we write it, by name."""
    store_state(str(tmp), SOURCE, good_state())
    write_data(str(tmp / SETTINGS_FILE), {"token_source": "manual", "notifications": False})
    periods = {"claude-code/five_hour": Period(NOW + 3600, frozenset({75}), False)}
    write_data(str(tmp / "alerts.dat"), periods_to_dict(periods))
    write_data(str(tmp / HOST_FILE), {"plugin": "claude_usage", "nudged_at": NOW - 60})
    return {p.name: p.read_bytes() for p in tmp.iterdir() if p.suffix == ".dat"}


def mutated(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        how = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if how == 0 and data:  # flip a byte
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif how == 1:  # a length or count made huge
            data[at:at] = b"(" + rng.choice([b"\xff\xff\xff\x7f", b"\x00\x00\x00\x40"])
        elif how == 2:  # cut short
            del data[at:]
        elif how == 3:  # a chunk repeated
            data[at:at] = data[max(0, at - rng.randrange(64)) : at]
        else:  # random bytes inserted
            data[at:at] = rng.randbytes(rng.randrange(1, 32))
    return bytes(data)


WEIRD = [None, True, 0, -1, 2**63, BIG, -BIG, 1e300, -1e300, float("nan"), float("inf"), "", "x"]
WEIRD += [[], {}, [1, 2], {"k": None}, "\udcff", b"bytes", (1,)]


def mutated_value(rng: random.Random, value: object) -> object:
    """`value` with some of its parts swapped for values of the wrong type or size."""
    if rng.random() < 0.15:
        return rng.choice(WEIRD)
    if isinstance(value, dict):
        return {k: mutated_value(rng, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mutated_value(rng, v) for v in value]
    return value


def random_file(rng: random.Random) -> bytes:
    body = rng.randbytes(rng.choice([0, 1, 7, 100, 5000]))
    return MAGIC + body if rng.random() < 0.7 else body


def read_everything(folder: Path) -> None:
    """What every kind of run reads from the state folder, and what it does with it."""
    state = load_state(str(folder), SOURCE)
    for reason in (SCHEDULE, MENU_OPEN, WAKE, CLICK):
        decide(state, NOW, reason)
    render_menu(MenuView(state, "/p/claude_usage.1m.py"), Host("swiftbar"), now=NOW)
    state_report(state, now=NOW)
    load_settings(str(folder))
    periods_from_dict(read_data(str(folder / "alerts.dat")))
    nudge(str(folder), {"PATH": ""}, NOW, spawn=lambda *a, **k: None)


def test_random_and_mutated_state_files_never_break_a_run(tmp_path):
    rng = random.Random(11)
    valid = valid_files(tmp_path / "valid")
    names = [*valid, FIRST_CACHE_FILE]
    folder = tmp_path / "fuzz"
    folder.mkdir()
    started = time.monotonic()
    for _ in range(300):
        for name in names:
            raw = valid.get(name, valid[Path(cache_path("", SOURCE)).name])
            pick = rng.random()
            if pick < 0.4:
                value = marshal.loads(raw[len(MAGIC) :])
                content = MAGIC + marshal.dumps(mutated_value(rng, value))
            else:
                content = mutated(rng, raw) if pick < 0.8 else random_file(rng)
            (folder / name).write_bytes(content)
        read_everything(folder)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "value",
    [
        {"version": 1, "retry_at": BIG},
        {"version": 1, "retry_at": float("nan")},
        {"version": 1, "retry_at": float("inf")},
        {"version": 1, "budget": [BIG, 0.0]},
        {"version": 1, "budget": [1.0, float("-inf")]},
        {"version": 1, "fed_at": BIG},
        {"version": 1, "rate_limit_streak": float("inf")},
        {"version": 1, "unchanged": BIG},
        {"version": 1, "failure": ["api_unavailable", "x", BIG, False, False]},
        {"version": 1, "snapshot": {"fetched_at": BIG, "limits": []}},
        {"version": 1, "snapshot": {"fetched_at": float("nan"), "limits": []}},
        {"version": 1, "snapshot": {"fetched_at": NOW, "limits": [["k", "t", "session", BIG, 1]]}},
        {
            "version": 1,
            "snapshot": {"fetched_at": NOW, "limits": [["k", "t", "session", 1, 1e300]]},
        },
        {"version": 1, "snapshot": {"fetched_at": NOW, "limits": [], "extra": [1.0, BIG, "USD"]}},
    ],
)
def test_numbers_no_float_or_date_can_hold_make_the_state_absent(value):
    assert state_from_dict(value) == UsageState()


@pytest.mark.parametrize(
    "value",
    [
        {"version": 1, "limits": ["not", "a", "dict"]},
        {"version": 1, "limits": "x"},
        {"version": 1, "limits": {"a": [BIG, [75], False]}},
        {"version": 1, "limits": {"a": [None, [float("inf")], False]}},
        {"version": 1, "limits": {"a": [float("nan"), [75], False]}},
    ],
)
def test_a_broken_alert_state_means_nothing_fired(value):
    assert periods_from_dict(value) == {}


def test_a_length_that_asks_for_gigabytes_is_refused_at_once(tmp_path):
    path = tmp_path / "usage-claude-code.dat"
    for bomb in (b"(\xff\xff\xff\x7f", b"[\xff\xff\xff\x7f", b"{\xda\xff\xff\xff\x7f"):
        path.write_bytes(MAGIC + bomb + b"N" * 8)
        started = time.monotonic()
        assert read_data(str(path)) is None
        assert time.monotonic() - started < 0.5


def test_a_file_too_big_to_be_ours_is_not_read(tmp_path):
    path = tmp_path / "usage-claude-code.dat"
    path.write_bytes(MAGIC + marshal.dumps({"version": 1, "pad": "x" * (4 << 20)}))
    assert read_data(str(path)) is None


def test_a_fifo_planted_as_a_state_file_does_not_hang_the_run(tmp_path):
    path = tmp_path / "usage-claude-code.dat"
    os.mkfifo(path)
    assert read_data(str(path)) is None


def test_a_plugin_name_no_url_can_carry_is_no_swiftbar_note(tmp_path):
    write_data(str(tmp_path / HOST_FILE), {"plugin": "claude\udcff_usage", "nudged_at": 0.0})
    env = {"PATH": str(stand_in(tmp_path / "bin", "open").parent)}
    assert nudge(str(tmp_path), env, NOW, spawn=lambda *a, **k: None) is False


def limited_run(server, *args, env):
    """A whole run with its memory capped, as on a machine short of it."""

    def in_child():
        # Not enforced everywhere (macOS); there the bomb is refused before it matters.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, str(PLUGIN), *args],
        capture_output=True,
        env={**os.environ, "CLAUDE_USAGE_API_URL": server.url, **env},
        stdin=subprocess.DEVNULL,
        preexec_fn=in_child,
        timeout=30,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.parametrize(
    "corrupt",
    [
        {  # a count that asks for gigabytes; 0.1's file with a retry time no float holds
            "usage-claude-code.dat": MAGIC + b"(\xff\xff\xff\x7f" + b"N" * 16,
            FIRST_CACHE_FILE: MAGIC + marshal.dumps({"version": 1, "retry_at": BIG}),
            "alerts.dat": MAGIC + marshal.dumps({"version": 1, "limits": [1, 2]}),
            SETTINGS_FILE: MAGIC + marshal.dumps(["not", "settings"]),
            HOST_FILE: MAGIC + marshal.dumps({"plugin": 7}),
        },
        {  # random bytes, and far more of them than any file of ours holds
            "usage-claude-code.dat": MAGIC + random.Random(3).randbytes(3 << 20),
            FIRST_CACHE_FILE: random.Random(4).randbytes(5000),
            "alerts.dat": MAGIC + marshal.dumps({"version": 1, "limits": {"k": [BIG, [], 0]}}),
            SETTINGS_FILE: MAGIC + b"{\xda\xff\xff\xff\x7f",
        },
    ],
)
def test_a_run_on_corrupt_state_files_fetches_and_shows_a_full_menu(server, isolated, corrupt):
    write_claude_credentials(isolated / "home")
    folder = isolated / "state"
    folder.mkdir(mode=0o700)
    for name, content in corrupt.items():
        (folder / name).write_bytes(content)
    env = {"CLAUDE_USAGE_CACHE_DIR": str(folder), "CLAUDE_USAGE_DATA_DIR": str(folder)}
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    code, out, err = limited_run(server, env={**env, "SWIFTBAR": "1"})
    assert code == 0 and "Traceback" not in out + err and "Internal error" not in out
    assert "24% used" in out and "Refresh" in out
    assert len(server.requests) == 1
