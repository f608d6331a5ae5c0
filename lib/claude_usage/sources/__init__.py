"""Where access tokens come from: one registry of token sources behind one small interface.

Each source module has `read_token(source, env, *, now, platform) -> Token` and
raises NoToken, TokenExpired or KeyringUnavailable when it has none to give.
Everything else (state files, alert periods, keyring entries) is keyed by a
source's `id`, so adding a source is adding a row here and a module beside this one.
"""

from __future__ import annotations

from ..core.record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.tokens import Token


class TokenSource(Record):
    """One place a token can come from, and how the menu speaks of it."""

    id: str  # stable: it names state files and keyring entries
    label: str  # the footer's "Token: …"
    choice: str  # the Settings item's "Token source: …"
    module: str  # the module beside this one that reads it; imported only when a run fetches
    user_set: bool  # pasted by the user (Set Token… mends it), not a Claude Code sign-in
    renew: str = "set a new one with Settings ▸ Set Token…"  # after the API refused its token


RENEW_CLAUDE_CODE = "sign in to Claude Code again"  # it renews the token we read
CLAUDE_CODE = TokenSource(
    "claude-code", "Claude Code", "Claude Code", "claude_code", False, RENEW_CLAUDE_CODE
)
MANUAL = TokenSource("manual", "Manual token (keyring)", "Manual", "manual", True)
SOURCES = (CLAUDE_CODE, MANUAL)
DEFAULT = CLAUDE_CODE


def source_by_id(ident: str) -> TokenSource | None:
    """The registered source called `ident`, or None."""
    return next((source for source in SOURCES if source.id == ident), None)


def read_token(source: TokenSource, env: Mapping[str, str], *, now: float, platform: str) -> Token:
    """The source's current token; our errors when it has none to give."""
    import importlib  # only runs that fetch read a token

    module = importlib.import_module(f"{__name__}.{source.module}")
    token: Token = module.read_token(source, env, now=now, platform=platform)
    if not token.value.isascii() or not token.value.isprintable() or " " in token.value:
        from ..core.errors import NoToken  # likewise

        # A line break would end the Authorization header early; http.client's error
        # would then carry the token. Nothing is sent, and nothing is spent.
        raise NoToken(f"{source.label}: the stored token is garbled; {source.renew}")
    return token
