"""Decodes JSON text without importing `json`, whose `re` costs more than a status-line call.

Claude Code runs our status line every few seconds while it works, and each
call must cost about what a cached menu run does. The standard library's own C
scanner (`_json`, what `json.loads` uses underneath) reads the text; only the
`re`-based fallbacks and the error class live in `json` itself, so that is
imported only when the C scanner is missing or the text is malformed.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from typing import Any

MAKE_SCANNER: Any = None
try:
    from _json import make_scanner

    MAKE_SCANNER = make_scanner
except ImportError:  # an interpreter without the C accelerator: json's own fallback
    pass
WHITESPACE = " \t\n\r"
CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


class _Rules:
    """What json.JSONDecoder would pass the scanner: plain dicts, floats and ints."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = CONSTANTS.__getitem__


def loads(text: str) -> Any:
    """The value the JSON text holds; ValueError when it holds none."""
    if MAKE_SCANNER is not None:
        try:
            value, end = MAKE_SCANNER(_Rules())(text, _skip(text, 0))
            if _skip(text, end) == len(text):
                return value
        except (StopIteration, ValueError, SystemError, RecursionError):
            pass  # the scanner's own errors need json.decoder: let json say what is wrong
    import json  # malformed text (or no C scanner): json's errors name the problem

    try:
        return json.loads(text)
    except RecursionError as e:
        raise ValueError("JSON nested too deeply") from e


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in WHITESPACE:
        index += 1
    return index
