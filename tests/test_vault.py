from __future__ import annotations

import pytest
from keyring.backends.fail import Keyring as NoKeyring

from claude_usage.errors import KeyringUnavailable, NoToken
from claude_usage.vault import ACCOUNT, SERVICE, forget_token, manual_token, store_token
from fake_keyring import LockedKeyring, MemoryKeyring


def test_store_read_forget():
    backend = MemoryKeyring()
    store_token("sk-ant-oat01-one", backend=backend)
    store_token("sk-ant-oat01-two", backend=backend)
    assert backend.items == {(SERVICE, ACCOUNT): "sk-ant-oat01-two"}
    token = manual_token(backend=backend)
    assert (token.value, token.source) == ("sk-ant-oat01-two", "manual")
    assert forget_token(backend=backend) is True
    assert forget_token(backend=backend) is False
    with pytest.raises(NoToken, match="No manual token stored"):
        manual_token(backend=backend)


def test_locked_keyring_is_a_clear_message():
    with pytest.raises(KeyringUnavailable, match="locked"):
        manual_token(backend=LockedKeyring())


def test_missing_keyring_is_a_clear_message():
    with pytest.raises(KeyringUnavailable, match="Keyring unavailable"):
        manual_token(backend=NoKeyring())
    with pytest.raises(KeyringUnavailable):
        store_token("sk-ant-oat01-x", backend=NoKeyring())
