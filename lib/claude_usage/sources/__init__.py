"""Where access tokens come from: each account is a named token source.

Each source module has `read_token(source, env, *, now, platform) -> Token` and
raises NoToken, TokenExpired or KeyringUnavailable when it has none to give.
Everything else (state files, alert periods, keyring entries, history) is keyed
by a source's `id`, so accounts never see each other's numbers.
"""

from __future__ import annotations

from ..core.record import Record

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.tokens import Token


class TokenSource(Record):
    """One account: where its token comes from, and the name the menu gives it."""

    id: str  # stable: it names state files, keyring entries and history rows
    label: str  # the account's name, chosen by the user
    module: str  # the module beside this one that reads it; imported only when a run fetches
    user_set: bool  # pasted by the user (Set Token… mends it), not a Claude Code sign-in
    renew: str = "set a new one with Settings ▸ Set Token…"  # after the API refused its token
    config_dir: str = ""  # a Claude Code config folder (CLAUDE_CONFIG_DIR); "" is the default


CLAUDE_CODE_MODULE, MANUAL_MODULE = "claude_code", "manual"
RENEW_CLAUDE_CODE = "sign in to Claude Code again"  # it renews the token we read
CLAUDE_CODE = TokenSource(
    "claude-code", "Claude Code", CLAUDE_CODE_MODULE, False, RENEW_CLAUDE_CODE
)
MANUAL = TokenSource("manual", "Manual token", MANUAL_MODULE, True)
DEFAULT = CLAUDE_CODE
FOLDER_PREFIX = "folder-"  # a config folder's id: this, then 8 hex of sha256(folder)


def folder_source(ident: str, name: str, folder: str) -> TokenSource:
    """The account of Claude Code run with CLAUDE_CONFIG_DIR=`folder`."""
    renew = f"sign in to Claude Code again (CLAUDE_CONFIG_DIR={folder})"
    return TokenSource(ident, name, CLAUDE_CODE_MODULE, False, renew, folder)


def manual_source(ident: str, name: str) -> TokenSource:
    """An account whose token the user pasted, kept in the keyring under its own entry."""
    return TokenSource(ident, name, MANUAL_MODULE, True)


def read_token(source: TokenSource, env: Mapping[str, str], *, now: float, platform: str) -> Token:
    """The source's current token; our errors when it has none to give."""
    import importlib  # only runs that fetch read a token

    module = importlib.import_module(f"{__name__}.{source.module}")
    if source.config_dir:  # the folder's own Keychain item and credentials file
        env = {**env, "CLAUDE_CONFIG_DIR": source.config_dir}
    token: Token = module.read_token(source, env, now=now, platform=platform)
    if not token.value.isascii() or not token.value.isprintable() or " " in token.value:
        from ..core.errors import NoToken  # likewise

        # A line break would end the Authorization header early; http.client's error
        # would then carry the token. Nothing is sent, and nothing is spent.
        raise NoToken(f"{source.label}: the stored token is garbled; {source.renew}")
    return token
