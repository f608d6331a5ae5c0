"""Work that outlives the run: a detached child that no host waits for.

SwiftBar reads the plugin's stdout and stderr to their end and then waits for
it to exit (RunScript.swift: readDataToEndOfFile on both pipes, waitUntilExit);
xbar's Go cmd.Run waits for the exit and both pipes; Argos reads stdout to its
end. So closing stdout early is not enough: slow work, such as a notifier that
may hang for its whole timeout, goes to a child that holds none of the host's
pipes, while this process exits at once. The child only writes files and starts
programs, which is safe after fork on macOS too (only system frameworks are not).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Callable


def in_background(work: Callable[[], object]) -> bool:
    """Run `work` in a detached child; False when none could be made (then do it yourself)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or the child's copy of the buffers would be written twice
    try:
        if os.fork():
            return True
    except OSError:
        return False
    try:
        os.setsid()  # out of the host's process group and session
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)  # the host sees the end of our output when we exit
        work()
    finally:
        os._exit(0)  # never back into the caller's code, which the parent runs on
