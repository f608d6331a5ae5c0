"""A resident process's pasted tokens, read by a short-lived child Python.

The resident process lives for days. Were it to read a pasted token itself, it
would keep `keyring` imported for good (about 10 MiB more, and growing). A
child imports it, reads, and is gone. It is a new interpreter, not a bare
fork: after fork, macOS frameworks (the Keychain's among them) are not safe to
use. The token comes back on the child's stdout, a pipe; only the account's id
and name are on its command line. Our errors come back as themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys

from ..core import errors
from ..core.tokens import Token
from ..system.files import dumps, loads
from . import manual_source, read_token

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from . import TokenSource

KNOWN = {cls.kind: cls for cls in errors.ClaudeUsageError.__subclasses__()}
TOKEN_KEPT_S = 3600  # a resident reads a pasted token apart at most hourly
# A keyring's unlock prompt waits for the user to notice it and type a password; killed
# sooner, the next fetch would prompt again. The resident's frames wait meanwhile.
CHILD_TIMEOUT_S = 120.0
LIBRARY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_kept(
    source: TokenSource,
    env: Mapping[str, str],
    *,
    now: float,
    platform: str,
    kept: dict[str, Any] | None,
) -> Token:
    """The source's current token. `kept`: what a resident process keeps between cycles; it
    reads a pasted token apart and keeps it for up to TOKEN_KEPT_S (the stream forgets it
    when the settings change: a one-shot run that sets a token saves them)."""
    if kept is None or not source.user_set:
        return read_token(source, env, now=now, platform=platform)
    tokens = kept.setdefault("tokens", {})
    held = tokens.get(source.id)
    if held is None or not 0 <= now - held[0] < TOKEN_KEPT_S:
        try:
            fresh = read_apart(source, env, now=now)
        except errors.KeyringUnavailable:
            if held is None:
                raise
            # The token read an hour ago is still the one set (setting one forgets it):
            # a keyring that is locked now, or a reader too slow, need not stop the fetch.
            fresh = held[1]
        held = tokens[source.id] = (now, fresh)
    token: Token = held[1]
    return token


def read_apart(source: TokenSource, env: Mapping[str, str], *, now: float) -> Token:
    """The pasted token of `source`, read by a child Python; our errors when it has none."""
    command = [sys.executable, "-m", __name__, source.id, source.label, repr(now)]
    path = os.pathsep.join(filter(None, [LIBRARY, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            command,
            env={**env, "PYTHONPATH": path},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=CHILD_TIMEOUT_S,
        )
    except (OSError, subprocess.SubprocessError) as e:
        raise errors.KeyringUnavailable(f"Couldn't read the token ({type(e).__name__})") from e
    answer: Any = loads(done.stdout)
    if not isinstance(answer, list) or not answer:
        raise errors.KeyringUnavailable("Couldn't read the token (its reader stopped)")
    if answer[0] == "missing":  # a python without keyring: the cli says to run install.sh
        raise ImportError(f"No module named {answer[1]!r}", name=answer[1])
    if answer[0] == "error":
        raise KNOWN.get(answer[1], errors.ClaudeUsageError)(answer[2])
    return Token(*answer[1])


def _answer(ident: str, name: str, now: float) -> list[Any]:
    """What the child writes back: the token's fields, or the error that stopped it."""
    try:
        token = read_token(manual_source(ident, name), os.environ, now=now, platform=sys.platform)
    except errors.ClaudeUsageError as e:
        return ["error", e.kind, str(e)]
    except ImportError as e:
        return ["missing", e.name or ""]
    return ["value", [token.value, token.source, token.expires_at, token.plan, token.origin]]


if __name__ == "__main__":  # the child
    sys.stdout.buffer.write(dumps(_answer(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
