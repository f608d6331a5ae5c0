"""`--stream`: the resident process SwiftBar starts once for a streamable plugin.

It answers from the cache at once, then decides once a minute, as the one-shot
plugin does, whether to fetch (see core.cadence), and redraws whenever the
shared state or the settings change: a status-line feed, a Refresh click or a
settings choice made by a one-shot run shows within WATCH_S. Watching costs a
`stat` call per account and one for the settings per look, plus reading the
settings. It never exits on its own; SIGTERM (sleep, quit) ends it cleanly after
any write in progress.
"""

from __future__ import annotations

import gc
import os
import select
import signal

from ..core.cadence import CACHE_ONLY, SCHEDULE, WAKE
from ..settings import SETTINGS_FILE, load_settings
from ..store import cache_path
from . import Outcome

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable

    from ..context import Run

    Draw = Callable[[float, str], Outcome]  # (now, reason) -> the menu, drawn by the cli
    Emit = Callable[[str], None]  # writes one frame
    Settle = Callable[[], None]  # does what the drawn frames deferred (notifications)
    Clock = Callable[[], float]

TICK_S = 60.0  # the cadence is weighed once a minute, as SwiftBar's one-shot ticks did
WATCH_S = 2.0  # how often the shared files are looked at
WATCH_VARIABLE = "CLAUDE_USAGE_WATCH_S"  # tests shorten the look interval with it
FRAME = "~~~"  # SwiftBar shows what follows the last such line


def stream(run: Run, draw: Draw, emit: Emit, settle: Settle, clock: Clock) -> Outcome:
    """Draw frames until SIGTERM; returns the exit outcome."""
    gc.enable()  # the plugin file turns it off for one-shot runs; this one lives for days
    stop = _Stop()
    watch_s = _watch_interval(run)
    last_frame, next_tick, reason = "", 0.0, WAKE  # a fresh start may follow a sleep
    seen = _signature(run)
    emit_frame = _framer(emit)
    last_frame = draw(clock(), CACHE_ONLY).out  # at once, before anything is asked
    emit_frame(last_frame)
    while not stop.requested:
        now = clock()
        current = _signature(run)
        if current[0] != seen[0] and run.resident is not None:
            # Every command that sets or forgets a pasted token saves the settings too;
            # a status-line feed or a click's fetch does not, and costs no child read.
            run.resident.pop("tokens", None)
        if now >= next_tick or current != seen:
            frame = draw(now, reason if now >= next_tick else SCHEDULE).out
            if now >= next_tick:
                next_tick, reason = now + TICK_S, SCHEDULE
            if frame != last_frame:
                emit_frame(frame)
                last_frame = frame
            settle()
            seen = _signature(run)  # our own writes are not news
        stop.wait(watch_s)
    return Outcome(0)


def _framer(emit: Emit) -> Emit:
    return lambda frame: emit(f"{FRAME}\n{frame}")


def _signature(run: Run) -> tuple[object, ...]:
    """What changes when a one-shot run, a status line or a click writes: a stat per file,
    the settings' first.

    One process serves every account: each account's state file is watched.
    """
    accounts = load_settings(run.data_dir).accounts
    paths = [cache_path(run.cache_dir, account.id) for account in accounts]
    return tuple(map(_marks, [os.path.join(run.data_dir, SETTINGS_FILE), *paths]))


def _marks(path: str) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _watch_interval(run: Run) -> float:
    try:
        chosen = float(run.env.get(WATCH_VARIABLE) or WATCH_S)
    except ValueError:
        return WATCH_S
    return min(WATCH_S, chosen) if chosen > 0 else WATCH_S


class _Stop:
    """SIGTERM, noticed between cycles; waiting wakes at once when it comes."""

    def __init__(self) -> None:
        self.requested = False
        self.read_fd, self.write_fd = os.pipe()
        os.set_blocking(self.write_fd, False)
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        self.requested = True
        try:  # noqa: SIM105 - the pipe is only a wake-up call
            os.write(self.write_fd, b"x")
        except OSError:
            pass

    def wait(self, seconds: float) -> None:
        if not self.requested:
            select.select([self.read_fd], [], [], seconds)
