"""A resident process reads a pasted token in a child Python: keyring is never imported into it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claude_usage.core.errors import KeyringUnavailable, NoToken
from claude_usage.core.tokens import Token
from claude_usage.sources import manual_source
from claude_usage.sources.apart import TOKEN_KEPT_S, read_apart, read_kept

TESTS = Path(__file__).resolve().parent
LIB = TESTS.parent / "lib"
TOKEN = "sk-ant-oat01-RESIDENT-reads-apart-never-shown-000000"
PROBE = """
import json, os, sys
from claude_usage.sources import manual_source
from claude_usage.sources.apart import read_kept as read_token
kept, env = {}, dict(os.environ)
source = manual_source("manual", "Manual token")
first = read_token(source, env, now=1.7e9, platform="linux", kept=kept)
again = read_token(source, env, now=1.7e9 + 60, platform="linux", kept=kept)
later = read_token(source, env, now=1.7e9 + 7200, platform="linux", kept=kept)
print(json.dumps({
    "keyring_here": "keyring" in sys.modules,
    "same": first.value == again.value == later.value == sys.argv[1],
    "kept": again is first, "read_again": later is not first,
}))
"""


def test_a_resident_reads_a_pasted_token_apart_keeps_it_an_hour_and_never_imports_keyring(
    tmp_path,
):
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps({"claude-usage/oauth-access-token": TOKEN}))
    env = {
        **os.environ,
        "PYTHONPATH": f"{LIB}:{TESTS}",
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(keyring_file),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, TOKEN], env=env, capture_output=True, text=True, check=True
    )
    assert TOKEN not in done.stdout + done.stderr
    assert json.loads(done.stdout) == {
        "keyring_here": False,
        "same": True,
        "kept": True,
        "read_again": True,
    }


def keyring_env(tmp_path, entries: dict) -> dict:
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps(entries))
    return {
        **os.environ,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(keyring_file),
    }


def test_the_child_brings_the_token_back(tmp_path):
    env = keyring_env(tmp_path, {"claude-usage/oauth-access-token:manual-2": TOKEN})
    token = read_apart(manual_source("manual-2", "work"), env, now=1.7e9)
    assert (token.value, token.source) == (TOKEN, "manual-2")
    assert "account 'oauth-access-token:manual-2'" in token.origin


def test_our_errors_come_back_from_the_child_as_themselves(tmp_path):
    env = keyring_env(tmp_path, {})
    with pytest.raises(NoToken, match="No manual token stored"):
        read_apart(manual_source("manual", "Manual token"), env, now=1.7e9)


def test_a_keyring_that_fails_in_the_child_fails_here_in_our_words(tmp_path):
    env = {**keyring_env(tmp_path, {}), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    with pytest.raises(KeyringUnavailable):
        read_apart(manual_source("manual", "Manual token"), env, now=1.7e9)


def test_a_keyring_that_fails_later_leaves_the_resident_the_token_it_read(tmp_path):
    """Setting or forgetting a token empties what the resident keeps (see test_stream), so
    what it kept is the token still set: a locked keyring or a slow reader need not stop it."""
    env = {**keyring_env(tmp_path, {}), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    source = manual_source("manual", "Manual token")
    held = Token(TOKEN, "manual", None, None, "the keyring")
    kept = {"tokens": {"manual": (1.7e9, held)}}
    later = 1.7e9 + TOKEN_KEPT_S + 1
    assert read_kept(source, env, now=later, platform="linux", kept=kept) is held
    assert kept["tokens"]["manual"] == (later, held)  # asked again in an hour, not each fetch
    with pytest.raises(KeyringUnavailable):  # nothing read before: the menu says why
        read_kept(source, env, now=later, platform="linux", kept={})
