"""Hides anything that looks like a token in text we echo back, such as mistyped arguments. Pure.

A token pasted in the wrong place (`--set-token=TOKEN`, `Bearer:TOKEN`, in
quotes) must not be printed back, where a terminal's scrollback or a screen
share keeps it. No rule can know a token for sure, so this one errs towards
hiding: every run of 20 or more characters a token may hold is hidden, unless
it is one of our own flags, and so is anything that starts like ours.
"""

from __future__ import annotations

import re  # imported only by runs that echo something back (a usage error)

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Container, Iterable

TOKEN_PREFIX = "sk-ant-"
SHORTEST_TOKEN = 20  # far shorter than any token; longer than most words and every flag but two
TOKENISH = re.compile(r"[A-Za-z0-9_\-.+/]+")  # base64, base64url and JWT alphabets


def redacted(words: Iterable[str], keep: Container[str] = ()) -> str:
    """The words joined by spaces, with each token-like run in them hidden (`keep` kept)."""
    return " ".join(TOKENISH.sub(lambda run: _hidden(run.group(), keep), w) for w in words)


def _hidden(run: str, keep: Container[str]) -> str:
    if run in keep:
        return run
    at = run.find(TOKEN_PREFIX)
    if at >= 0:
        return f"{run[:at]}{TOKEN_PREFIX}…"
    return "…" if len(run) >= SHORTEST_TOKEN else run
