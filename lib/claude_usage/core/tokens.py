"""An access token as a value, and what a pasted one is, before anything is sent. Pure."""

from __future__ import annotations

from .record import Record

OAUTH_PREFIX = "sk-ant-oat"
WANTED = "the usage endpoint needs an OAuth token (sk-ant-oat…)"
WRONG_KINDS = (  # prefix -> what it is, in the user's words
    ("sk-ant-api", "this is an API key"),
    ("sk-ant-admin", "this is an Admin API key"),
    ("sk-ant-ort", "this is a refresh token, which must stay with Claude Code"),
    ("sk-ant-sid", "this is a claude.ai session cookie"),
)


class Token(Record):
    """An access token and what we know about it; repr never shows the secret."""

    _hidden = ("value",)
    value: str
    source: str  # the id of the token source it came from (see sources)
    expires_at: float | None = None  # epoch seconds
    plan: str | None = None
    origin: str = ""  # where it was read from, in words (a file, a Keychain item), for --doctor


def token_problem(token: str) -> str | None:
    """Why `token` cannot be an OAuth access token, or None when it looks like one."""
    if not token:
        return "no token entered"
    for prefix, what in WRONG_KINDS:
        if token.startswith(prefix):
            return f"{what}; {WANTED}"
    if not token.startswith(OAUTH_PREFIX):
        return f"this is not an OAuth token; {WANTED}"
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token):
        return "the token holds characters no token has (spaces, quotes, …); paste it again"
    return None
