"""The manual token, kept in the OS keyring (Keychain, Secret Service) and nowhere else.

Imported only when the manual source is in use: `keyring` costs more than a
cached run. Every keyring failure becomes KeyringUnavailable with one line to act on.
"""

from __future__ import annotations

from typing import Any

from .credentials import Token
from .errors import KeyringUnavailable, NoToken

SERVICE = "claude-usage"
ACCOUNT = "oauth-access-token"


def manual_token(*, backend: Any = None) -> Token:
    """The stored manual token; NoToken when none is stored."""
    with _translated():
        value = _keyring(backend).get_password(SERVICE, ACCOUNT)
    if not value:
        raise NoToken("No manual token stored: choose Set Token…")
    return Token(value=value, source="manual")


def store_token(value: str, *, backend: Any = None) -> None:
    """Save `value` as the manual token, replacing any earlier one."""
    with _translated():
        _keyring(backend).set_password(SERVICE, ACCOUNT, value)


def forget_token(*, backend: Any = None) -> bool:
    """Delete the manual token; False when there was none."""
    import keyring.errors

    with _translated():
        try:
            _keyring(backend).delete_password(SERVICE, ACCOUNT)
        except keyring.errors.PasswordDeleteError:
            return False
    return True


def _keyring(backend: Any) -> Any:
    if backend is not None:
        return backend
    import keyring

    return keyring.get_keyring()


class _translated:
    """Turns keyring's errors (locked, missing, refused) into KeyringUnavailable."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, tb: Any) -> bool:
        import keyring.errors

        if error is None or isinstance(error, keyring.errors.PasswordDeleteError):
            return False
        if isinstance(error, keyring.errors.KeyringLocked):
            raise KeyringUnavailable("The keyring is locked: unlock it, then Refresh") from error
        if isinstance(error, keyring.errors.KeyringError):
            reason = str(error).strip().splitlines()[0] if str(error).strip() else kind.__name__
            raise KeyringUnavailable(f"Keyring unavailable ({reason})") from error
        return False
