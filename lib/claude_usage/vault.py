"""The manual token, kept in the OS keyring (Keychain, Secret Service) and nowhere else.

Imported only when the manual source is in use: `keyring` costs more than a
cached run. Every keyring failure becomes KeyringUnavailable with one line to act on.
"""

from __future__ import annotations

import importlib
import os
import sys

from .credentials import Token
from .errors import KeyringUnavailable, NoToken

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SERVICE = "claude-usage"
ACCOUNT = "oauth-access-token"
# keyring's own detection imports and ranks every installed backend: ~60 ms per fetch.
# The platform's native store is what it would pick, so we ask that one directly.
NATIVE_BACKENDS = {"darwin": "keyring.backends.macOS"}
DEFAULT_NATIVE = "keyring.backends.SecretService"


def manual_token(*, backend: Any = None) -> Token:
    """The stored manual token; NoToken when none is stored."""
    value = _call("get_password", backend)
    if not value:
        raise NoToken("No manual token stored: choose Set Token…")
    return Token(value=value, source="manual")


def store_token(value: str, *, backend: Any = None) -> None:
    """Save `value` as the manual token, replacing any earlier one."""
    _call("set_password", backend, value)


def forget_token(*, backend: Any = None) -> bool:
    """Delete the manual token; False when there was none."""
    try:
        _call("delete_password", backend)
    except _DeleteMissing:
        return False
    return True


class _DeleteMissing(Exception):
    """keyring's way of saying there was nothing to delete."""


def _call(method: str, backend: Any, *args: str) -> Any:
    """Run one keyring operation on our entry, with keyring's errors made ours."""
    import keyring.errors

    try:
        if backend is not None:
            return getattr(backend, method)(SERVICE, ACCOUNT, *args)
        try:
            return getattr(_chosen_backend(), method)(SERVICE, ACCOUNT, *args)
        except _unavailable() as e:
            # The native store is not running here (no session bus, or KWallet without
            # Secret Service): let keyring find whatever this machine has instead.
            fallback = keyring.get_keyring()
            if type(fallback).__module__ == DEFAULT_NATIVE:
                raise keyring.errors.InitError(f"no Secret Service running ({e})") from e
            return getattr(fallback, method)(SERVICE, ACCOUNT, *args)
    except keyring.errors.KeyringLocked as e:
        raise KeyringUnavailable("The keyring is locked: unlock it, then Refresh") from e
    except keyring.errors.PasswordDeleteError as e:
        raise _DeleteMissing() from e
    except keyring.errors.NoKeyringError as e:
        raise KeyringUnavailable(
            "Keyring unavailable: no keyring here (on Linux, install gnome-keyring)"
        ) from e
    except keyring.errors.KeyringError as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise KeyringUnavailable(f"Keyring unavailable ({reason})") from e


def _unavailable() -> tuple[type[Exception], ...]:
    """Errors that mean "this store is not running here", not "this store refused"."""
    import keyring.errors

    try:  # the Secret Service backend, used directly, lets these through unwrapped
        from secretstorage.exceptions import SecretStorageException
    except ImportError:
        return (keyring.errors.InitError,)
    return (keyring.errors.InitError, SecretStorageException)


def _chosen_backend() -> Any:
    """The user's configured keyring if they set one, else the platform's native store."""
    import keyring
    from keyring.util import platform_

    configured = os.environ.get("PYTHON_KEYRING_BACKEND") or os.path.exists(
        os.path.join(platform_.config_root(), "keyringrc.cfg")
    )
    if configured:
        return keyring.get_keyring()
    module = NATIVE_BACKENDS.get(sys.platform, DEFAULT_NATIVE)
    return importlib.import_module(module).Keyring()
