"""A token the user pasted, kept in the OS keyring under an entry named after its source."""

from __future__ import annotations

from ..core.errors import NoToken
from ..core.tokens import Token
from ..system import keystore
from . import MANUAL

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from . import TokenSource

SERVICE = "claude-usage"
FIRST_ACCOUNT = "oauth-access-token"  # the manual source's entry since the first release


def keyring_account(source: TokenSource) -> str:
    """The keyring entry's account name for `source`; the first source keeps its old name."""
    return FIRST_ACCOUNT if source.id == MANUAL.id else f"{FIRST_ACCOUNT}:{source.id}"


def read_token(
    source: TokenSource,
    env: Mapping[str, str],
    *,
    now: float,
    platform: str,
    backend: Any = None,
) -> Token:
    """The stored token; NoToken when none is stored."""
    value = keystore.get_secret(SERVICE, keyring_account(source), backend=backend)
    if not value:
        raise NoToken("No manual token stored: choose Set Token…")
    return Token(value=value, source=source.id, origin=place(source))


def place(source: TokenSource) -> str:
    """Where the source's token is kept, in words."""
    return f"the keyring, service '{SERVICE}', account '{keyring_account(source)}'"


def store_token(source: TokenSource, value: str, *, backend: Any = None) -> None:
    """Save `value` as the source's token, replacing any earlier one."""
    keystore.set_secret(SERVICE, keyring_account(source), value, backend=backend)


def forget_token(source: TokenSource, *, backend: Any = None) -> bool:
    """Delete the source's token; False when there was none."""
    return keystore.delete_secret(SERVICE, keyring_account(source), backend=backend)
