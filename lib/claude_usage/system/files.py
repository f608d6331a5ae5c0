"""Small state files that survive overlapping runs: tolerant reads, atomic 0600 writes, a lock.

They hold plain values (dicts, lists, numbers, strings) in `marshal` form behind a
magic header. `json` would be the obvious choice, but importing it (and the `re`
and `enum` it pulls in) costs more than the rest of a cached run. A file that does
not start with the header, or whose bytes do not decode (see loads), counts
as absent.

Nothing here follows a symlink at the last step: in a folder someone else could
write to (which system.folders refuses), a link planted under one of our names
would make us overwrite, or create, a file of theirs choosing.

`marshal.loads` trusts the counts in its input: five bytes that declare a tuple
of two billion items make it allocate and clear 16 GB before it finds out the
data ends there (44 s here, or MemoryError under a memory limit). So the bytes
are walked first (see sizes_fit): every declared count and length must fit in
the bytes that remain, and only the type codes plain values use are allowed.
"""

from __future__ import annotations

import marshal
import os
import time

from .folders import make_folders

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

MAGIC = b"claude-usage/1\n"
MAX_FILE_BYTES = 1 << 16  # ours hold a few KiB: a bigger one is not ours, and not worth reading
LOCK_POLL_S = 0.05
NO_FOLLOW = os.O_NOFOLLOW
# A FIFO planted under our name would block the read forever; this makes it read empty.
READ_FLAGS = os.O_RDONLY | NO_FOLLOW | os.O_NONBLOCK


def read_data(path: str) -> Any:
    """The file's value, or None when it is missing, unreadable, foreign, too big or broken."""
    raw = read_head(path, MAX_FILE_BYTES + 1)
    if raw is None or len(raw) > MAX_FILE_BYTES or not raw.startswith(MAGIC):
        return None
    return loads(raw[len(MAGIC) :])


def read_head(path: str, limit: int) -> bytes | None:
    """At most `limit` bytes from the file's start; None when it can't be opened or read.

    A symlink at the last step is not followed, and a FIFO reads empty rather than blocking.
    """
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        return _read_at_most(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_data(path: str, value: Any) -> None:
    """Replace the file in one step, so a reader sees the old or the new file, never half."""
    write_bytes(path, MAGIC + dumps(value))  # ValueError for anything but plain values


def write_bytes(path: str, payload: bytes, mode: int = 0o600) -> None:
    """Replace the file atomically with `payload`, at `mode`, in a folder made 0700 if new.

    The temporary file has a name no one can guess and must be new (O_EXCL), so
    no planted symlink is followed; the final rename replaces a link at `path`
    rather than writing through it.
    """
    make_folders(os.path.dirname(path) or ".")
    temp = f"{path}.{os.urandom(8).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)  # O_CREAT's mode is cut by the umask
            f.write(payload)
        os.replace(temp, path)
    except BaseException:
        try:  # noqa: SIM105 - contextlib.suppress would cost every run its import
            os.unlink(temp)
        except OSError:
            pass
        raise


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class exclusive:
    """`with exclusive(path, wait_s) as mine:` holds a lock file; mine is False on timeout."""

    def __init__(self, path: str, wait_s: float) -> None:
        self.path, self.wait_s, self.fd = path, wait_s, -1

    def __enter__(self) -> bool:
        import fcntl  # only runs that fetch or notify need it

        make_folders(os.path.dirname(self.path) or ".")
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | NO_FOLLOW, 0o600)
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(LOCK_POLL_S)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock


PLAIN = (dict, list, tuple, str, int, float, bool, type(None))
REF_FLAG = 0x80  # marks an object later ones may refer back to; it changes no size
FIXED = {ord("N"): 0, ord("F"): 0, ord("T"): 0, ord("i"): 4, ord("g"): 8, ord("r"): 4}
SIZED = {ord(c): 4 for c in "suaAt"} | {ord("z"): 1, ord("Z"): 1}  # length, then bytes
COUNTED = {ord("("): 4, ord("["): 4, ord(")"): 1}  # count, then that many values
DICT, DICT_END, LONG = ord("{"), ord("0"), ord("l")
OPEN = -1  # a dict's values run until its end mark, not for a count


def loads(payload: bytes) -> Any:
    """The plain value `payload` holds, or None when it holds anything else or is broken."""
    if not sizes_fit(payload):
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError, MemoryError):
        return None
    return value if isinstance(value, PLAIN) else None


def dumps(value: Any) -> bytes:
    """`value` as marshal bytes; ValueError for anything but plain values."""
    return marshal.dumps(value)


def sizes_fit(data: bytes) -> bool:
    """Whether `data` is one marshalled plain value whose every count fits in `data`."""
    # A menu run checks a file per account and more: the loop keeps to local names.
    fixed, sized, counted, read = FIXED, SIZED, COUNTED, int.from_bytes
    pos, end, pending = 0, len(data), [1]  # values still to read, per open container
    while pending:
        left = pending[-1]
        if left == 0:
            pending.pop()
            continue
        if pos >= end:
            return False
        code = data[pos] & ~REF_FLAG
        pos += 1
        if code == DICT_END and left == OPEN:
            pending.pop()
            continue
        if left > 0:
            pending[-1] = left - 1
        if code in fixed:
            pos += fixed[code]
        elif code in sized:
            width = sized[code]
            pos += width + read(data[pos : pos + width], "little")
        elif code in counted:
            width = counted[code]
            count = read(data[pos : pos + width], "little")
            pos += width
            if count > end - pos:  # each value takes at least a byte
                return False
            pending.append(count)
        elif code == DICT:
            pending.append(OPEN)
        elif code == LONG:
            digits = abs(read(data[pos : pos + 4], "little", signed=True))
            pos += 4 + 2 * digits
        else:
            return False
        if pos > end:
            return False
    return pos == end
