"""Secrets in the OS keyring (Keychain, Secret Service), and nowhere else.

Imported only by runs that use a stored token (sources.manual, the token
commands): `keyring` costs more than a cached run. Every keyring failure
becomes KeyringUnavailable with one line to act on.
"""

from __future__ import annotations

import importlib
import os
import sys

import keyring
import keyring.errors
from keyring.util import platform_

from ..core.errors import KeyringUnavailable

try:  # the Secret Service backend, used directly, lets these through unwrapped
    from secretstorage.exceptions import SecretStorageException

    NOT_RUNNING: tuple[type[Exception], ...] = (keyring.errors.InitError, SecretStorageException)
except ImportError:  # macOS: no Secret Service
    NOT_RUNNING = (keyring.errors.InitError,)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# keyring's own detection imports and ranks every installed backend: ~60 ms per fetch.
# The platform's native store is what it would pick, so we ask that one directly.
NATIVE_BACKENDS = {"darwin": "keyring.backends.macOS"}
DEFAULT_NATIVE = "keyring.backends.SecretService"


def get_secret(service: str, account: str, *, backend: Any = None) -> str | None:
    """The stored secret, or None when there is none."""
    value: str | None = _call("get_password", backend, service, account)
    return value


def set_secret(service: str, account: str, value: str, *, backend: Any = None) -> None:
    """Store `value`, replacing any earlier one."""
    _call("set_password", backend, service, account, value)


def delete_secret(service: str, account: str, *, backend: Any = None) -> bool:
    """Delete the secret; False when there was none."""
    try:
        _call("delete_password", backend, service, account)
    except _DeleteMissing:
        return False
    return True


class _DeleteMissing(Exception):
    """keyring's way of saying there was nothing to delete."""


def _call(method: str, backend: Any, *args: str) -> Any:
    """Run one keyring operation, with keyring's errors made ours."""
    try:
        if backend is not None:
            return getattr(backend, method)(*args)
        try:
            return getattr(_chosen_backend(), method)(*args)
        except NOT_RUNNING as e:  # "this store is not running here", not "it refused"
            # The native store is not running here (no session bus, or KWallet without
            # Secret Service): let keyring find whatever this machine has instead.
            fallback = keyring.get_keyring()
            if type(fallback).__module__ == DEFAULT_NATIVE:
                raise keyring.errors.InitError(f"no Secret Service running ({e})") from e
            return getattr(fallback, method)(*args)
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
    except OSError as e:  # secretstorage lets a dead bus socket through as it is
        raise KeyringUnavailable(_unreachable(e)) from e


def _unreachable(error: OSError) -> str:
    """The line for a keyring service whose socket can't be reached."""
    reason = error.strerror or str(error) or type(error).__name__
    if sys.platform == "darwin":
        return f"Keyring unavailable: the Keychain can't be reached ({reason})"
    return f"Keyring unavailable: the session bus in DBUS_SESSION_BUS_ADDRESS is gone ({reason})"


def _chosen_backend() -> Any:
    """The user's configured keyring if they set one, else the platform's native store."""
    configured = os.environ.get("PYTHON_KEYRING_BACKEND") or os.path.exists(
        os.path.join(platform_.config_root(), "keyringrc.cfg")
    )
    if configured:
        return keyring.get_keyring()
    module = NATIVE_BACKENDS.get(sys.platform, DEFAULT_NATIVE)
    return importlib.import_module(module).Keyring()


def backend_status() -> tuple[str, str]:
    """The backend a manual token would be kept in, and why it can't be used here ("" if it can).

    Asks for no secret, so a locked keyring is not asked to unlock.
    """
    name = "none"
    try:
        backend = _chosen_backend()
        name = str(getattr(backend, "name", type(backend).__name__))
        usable = backend.priority > 0  # how keyring's backends say "I work here"
    except (RuntimeError, OSError, ImportError, ValueError, keyring.errors.KeyringError) as e:
        return name, str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return name, "" if usable else "no keyring here"
