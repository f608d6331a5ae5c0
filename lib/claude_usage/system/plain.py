"""Plain values (dicts, lists, numbers, strings) read back from marshal bytes we did not check.

`marshal.loads` trusts the counts in its input: five bytes that declare a tuple
of two billion items make it allocate and clear 16 GB before it finds out the
data ends there (44 s here, or MemoryError under a memory limit). So the bytes
are walked first, which costs about 10 µs for a state file: every declared count
and length must fit in the bytes that remain, and only the type codes plain
values use are allowed.
"""

from __future__ import annotations

import marshal

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

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
    pos, end, pending = 0, len(data), [1]  # values still to read, per open container
    while pending:
        if pending[-1] == 0:
            pending.pop()
            continue
        if pos >= end:
            return False
        code = data[pos] & ~REF_FLAG
        pos += 1
        if code == DICT_END and pending[-1] == OPEN:
            pending.pop()
            continue
        if pending[-1] > 0:
            pending[-1] -= 1
        if code in FIXED:
            pos += FIXED[code]
        elif code in SIZED:
            width = SIZED[code]
            pos += width + _unsigned(data, pos, width)
        elif code in COUNTED:
            width = COUNTED[code]
            count = _unsigned(data, pos, width)
            pos += width
            if count > end - pos:  # each value takes at least a byte
                return False
            pending.append(count)
        elif code == DICT:
            pending.append(OPEN)
        elif code == LONG:
            digits = abs(int.from_bytes(data[pos : pos + 4], "little", signed=True))
            pos += 4 + 2 * digits
        else:
            return False
        if pos > end:
            return False
    return pos == end


def _unsigned(data: bytes, pos: int, width: int) -> int:
    return int.from_bytes(data[pos : pos + width], "little")
