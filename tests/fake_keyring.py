"""Keyring backends for tests, loaded by subprocesses through PYTHON_KEYRING_BACKEND.

FileKeyring keeps secrets in the JSON file named by FAKE_KEYRING_FILE, so that a
token stored by one plugin run is seen by the next; LockedKeyring refuses everything.
"""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1

    def _load(self):
        try:
            with open(os.environ["FAKE_KEYRING_FILE"]) as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def _save(self, data):
        with open(os.environ["FAKE_KEYRING_FILE"], "w") as f:
            json.dump(data, f)

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        self._save({**self._load(), f"{service}/{username}": password})

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._save(data)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password
