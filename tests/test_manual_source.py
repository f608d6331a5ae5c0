from __future__ import annotations

import pytest
from keyring.backends.fail import Keyring as NoKeyring

from claude_usage.core.errors import KeyringUnavailable, NoToken
from claude_usage.sources import MANUAL, TokenSource
from claude_usage.sources.manual import (
    FIRST_ACCOUNT,
    SERVICE,
    forget_token,
    keyring_account,
    read_token,
    store_token,
)
from fake_keyring import LockedKeyring, MemoryKeyring

NOW = 1_767_000_000.0


def manual_token(*, backend, source=MANUAL):
    return read_token(source, {}, now=NOW, platform="linux", backend=backend)


def test_store_read_forget():
    backend = MemoryKeyring()
    store_token(MANUAL, "sk-ant-oat01-one", backend=backend)
    store_token(MANUAL, "sk-ant-oat01-two", backend=backend)
    assert backend.items == {(SERVICE, FIRST_ACCOUNT): "sk-ant-oat01-two"}
    token = manual_token(backend=backend)
    assert (token.value, token.source) == ("sk-ant-oat01-two", "manual")
    assert forget_token(MANUAL, backend=backend) is True
    assert forget_token(MANUAL, backend=backend) is False
    with pytest.raises(NoToken, match="No manual token stored"):
        manual_token(backend=backend)


def test_each_source_has_its_own_keyring_entry():
    work = TokenSource("work", "Work token", "Work", "manual", True)
    backend = MemoryKeyring()
    store_token(MANUAL, "sk-ant-oat01-personal", backend=backend)
    store_token(work, "sk-ant-oat01-work", backend=backend)
    assert keyring_account(MANUAL) == "oauth-access-token"  # a stored token survives upgrades
    assert keyring_account(work) == "oauth-access-token:work"
    assert manual_token(backend=backend, source=work).value == "sk-ant-oat01-work"
    assert manual_token(backend=backend).value == "sk-ant-oat01-personal"
    assert manual_token(backend=backend, source=work).source == "work"


def test_locked_keyring_is_a_clear_message():
    with pytest.raises(KeyringUnavailable, match="locked"):
        manual_token(backend=LockedKeyring())


def test_missing_keyring_is_a_clear_message():
    with pytest.raises(KeyringUnavailable, match="Keyring unavailable"):
        manual_token(backend=NoKeyring())
    with pytest.raises(KeyringUnavailable):
        store_token(MANUAL, "sk-ant-oat01-x", backend=NoKeyring())
