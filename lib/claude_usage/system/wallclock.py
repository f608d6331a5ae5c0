"""A time limit on a whole exchange, stage by stage, in the main thread. Used by system.http."""

from __future__ import annotations

import signal
import threading
from typing import Any


class OutOfTime(Exception):
    """The request's whole time budget ran out."""


class WallClock:
    """Ends the exchange after `seconds` of wall time, whatever stage it is in.

    requests' timeout bounds each socket operation, not the whole exchange: a
    server that trickles its headers could hold a 3-second budget far longer,
    and on menu open SwiftBar's UI waits. SIGALRM works in the main thread only,
    which is where the plugin fetches; elsewhere the per-operation timeouts remain.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds, self.armed = seconds, False
        self.previous: Any = None  # the handler to put back (None when not set from Python)

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expire)
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)

    @staticmethod
    def _expire(signum: int, frame: object) -> None:
        raise OutOfTime()
