"""A small debug log in the cache folder: what runs did and what went wrong, for --doctor.

SwiftBar throws a plugin's stderr away, so without this a failure leaves no
trace. Runs answered from the cache write nothing; a fetch, a failure or a bug
appends a line or two. Every line is masked (core.redaction) before it is
written: the log must never hold a token, even one pasted into the wrong place.

It is best effort: a full disk, a read-only folder or a planted link loses a
line, never a run.
"""

from __future__ import annotations

import os
import time

from ..core.redaction import redacted
from ..core.words import one_line
from .files import write_bytes

LOG_FILE = "debug.log"
KEEP_LINES = 300  # a day of changes, or hours of once-a-minute fetches: enough to see a pattern
MAX_BYTES = 48 * 1024  # ~500 lines; past this it is cut back to KEEP_LINES, once per ~200 appends
# O_NOFOLLOW: a link planted at our name is refused, not written through. O_NONBLOCK: a FIFO
# planted there fails at once instead of hanging the run. O_APPEND: overlapping runs never
# write over each other's lines.
APPEND_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK


def log_path(folder: str) -> str:
    return os.path.join(folder, LOG_FILE)


def masked_line(line: str, now: float) -> str:
    """One log line: local time, then `line` on one line with anything token-like hidden."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
    return f"{stamp} {redacted([one_line(line).strip()])}\n"


def append_lines(folder: str, lines: list[str], now: float) -> None:
    """Add `lines` to the log (mode 0600, folder 0700); trim it when it passes MAX_BYTES."""
    payload = "".join(masked_line(line, now) for line in lines).encode("utf-8", "replace")
    path = log_path(folder)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(path, APPEND_FLAGS, 0o600)
        try:
            info = os.fstat(fd)
            if not _is_plain_file(info.st_mode):
                return
            if info.st_mode & 0o777 != 0o600:
                os.fchmod(fd, 0o600)  # O_CREAT's mode is cut by the umask; old files keep theirs
            os.write(fd, payload)
            size = info.st_size + len(payload)
        finally:
            os.close(fd)
        if size > MAX_BYTES:
            _trim(path)
    except OSError:
        pass  # the log is a help, never a reason for a run to fail


def last_lines(folder: str, count: int) -> list[str]:
    """The log's last `count` lines, masked again; none when there is no log."""
    text = _read(log_path(folder))
    return [redacted([line]) for line in text.splitlines()[-count:]] if count > 0 else []


def _trim(path: str) -> None:
    """Keep the last KEEP_LINES lines. A line another run appends meanwhile may be lost."""
    kept = _read(path).splitlines(keepends=True)[-KEEP_LINES:]
    write_bytes(path, "".join(kept).encode("utf-8", "replace"))


def _read(path: str) -> str:
    """The log's last MAX_BYTES at most, from the start of a line; "" when there is none."""
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return ""
    try:
        info = os.fstat(fd)
        if not _is_plain_file(info.st_mode):
            return ""
        start = max(0, info.st_size - MAX_BYTES)  # a log that could not be trimmed stays cheap
        os.lseek(fd, start, os.SEEK_SET)
        raw = os.read(fd, MAX_BYTES)
    except OSError:
        return ""
    finally:
        os.close(fd)
    if start:
        raw = raw.partition(b"\n")[2]  # the first line was cut: drop what is left of it
    return raw.decode("utf-8", "replace")


def _is_plain_file(mode: int) -> bool:
    return mode & 0o170000 == 0o100000  # S_IFREG, without importing stat
