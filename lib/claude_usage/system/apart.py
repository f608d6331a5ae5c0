"""One call made in a forked child, its plain result brought back over a pipe.

The resident process lives for days. Were it to read a pasted token itself, it
would keep `keyring` imported for good (about 10 MiB more, and growing); a
child imports it, reads, and is gone. The token comes back over a pipe, never
on a command line. Our errors come back as themselves.
"""

from __future__ import annotations

import os

from ..core import errors
from .files import dumps, loads

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any, Callable

KNOWN = {cls.kind: cls for cls in errors.ClaudeUsageError.__subclasses__()}


def in_child(call: Callable[[], Any]) -> Any:
    """`call()`'s plain value, made in a forked child; its ClaudeUsageError raised here."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        _answer(call, reader, writer)  # never returns
    os.close(writer)
    chunks = []
    while True:
        chunk = os.read(reader, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    os.waitpid(pid, 0)
    answer = loads(b"".join(chunks))
    if not isinstance(answer, list) or not answer:
        raise errors.ClaudeUsageError("Couldn't read the token (its reader stopped)")
    if answer[0] == "missing":  # a python without keyring: the cli says to run install.sh
        raise ImportError(f"No module named {answer[1]!r}", name=answer[1])
    if answer[0] == "error":
        raise KNOWN.get(answer[1], errors.ClaudeUsageError)(answer[2])
    return answer[1]


def _answer(call: Callable[[], Any], reader: int, writer: int) -> None:
    code = 1
    try:
        os.close(reader)
        try:
            answer = ["value", call()]
        except errors.ClaudeUsageError as e:
            answer = ["error", e.kind, str(e)]
        except ImportError as e:
            answer = ["missing", e.name or ""]
        os.write(writer, dumps(answer))  # a few hundred bytes: one write
        code = 0
    finally:
        os._exit(code)  # never back into the resident's own code
