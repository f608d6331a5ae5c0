"""Claude Code's sign-in, read from whatever its Keychain item or file hands back. Pure.

The item is JSON, but not always whole. `security -w` prints it as hex when any
byte is not printable ASCII; items have held NUL bytes; and once MCP servers'
sign-ins are stored after ours, the Keychain hands back only the first ~2 KB.
Our access token and its expiry come first, so they are read from the members
that arrived whole. Only the claudeAiOauth object counts: an item holding only
mcpOAuth has no token of ours, however many tokens it holds.
"""

from __future__ import annotations

import json  # only runs that read a token import this module
from typing import Any

OAUTH_KEY = "claudeAiOauth"
DECODER = json.JSONDecoder(strict=False)  # a control character inside a string is no reason to fail
WHITESPACE = " \t\n\r"


def oauth_section(secret: str | None) -> dict[str, Any] | None:
    """The claudeAiOauth object from stored credentials (plain or hex JSON, whole or cut short)."""
    text = _json_text(secret or "")
    if not text:
        return None
    try:
        data = DECODER.decode(text)
    except (ValueError, RecursionError):  # cut short, or broken further on: keep what is whole
        data = _whole_members(text, 0, descend=OAUTH_KEY)
    oauth = data.get(OAUTH_KEY) if isinstance(data, dict) else None
    return oauth if isinstance(oauth, dict) else None


def _json_text(secret: str) -> str:
    """The JSON text, without NUL bytes, decoded from hex when `security` printed it so."""
    text = secret.replace("\x00", "").strip()
    if not text or text.startswith("{"):
        return text
    digits = "".join(text.split())
    try:
        data = bytes.fromhex(digits[: len(digits) // 2 * 2])  # a cut may split a byte
    except ValueError:
        return ""
    return data.decode("utf-8", "ignore").replace("\x00", "").strip()  # ...or a character


def _whole_members(text: str, at: int, *, descend: str = "") -> dict[str, Any]:
    """The members of the object at text[at] that are complete and followed by `,` or `}`.

    A value that runs to the end of the text may itself be cut (a number's last
    digits): it is left out. The `descend` member, when it is the one cut short,
    is read the same way.
    """
    members: dict[str, Any] = {}
    at = _skip(text, at)
    if not text.startswith("{", at):
        return members
    at += 1
    while True:
        key, at = _decoded(text, _skip(text, at))
        at = _skip(text, at)
        if not isinstance(key, str) or not text.startswith(":", at):
            return members
        start = _skip(text, at + 1)
        value, at = _decoded(text, start)
        after = _skip(text, at)
        if at < 0 or not text.startswith((",", "}"), after):
            if key == descend:
                members[key] = _whole_members(text, start)
            return members
        members[key] = value
        if text.startswith("}", after):
            return members
        at = after + 1


def _decoded(text: str, at: int) -> tuple[Any, int]:
    """The JSON value at text[at] and where it ends; (None, -1) when there is none whole."""
    try:
        value, end = DECODER.raw_decode(text, at)
    except (ValueError, RecursionError):  # RecursionError: '[' nested 100,000 deep
        return None, -1
    return value, end


def _skip(text: str, at: int) -> int:
    while 0 <= at < len(text) and text[at] in WHITESPACE:
        at += 1
    return at
