"""A resident process reads a pasted token in a forked child: keyring is never imported into it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claude_usage.core.errors import KeyringUnavailable, NoToken
from claude_usage.system.apart import in_child

TESTS = Path(__file__).resolve().parent
LIB = TESTS.parent / "lib"
TOKEN = "sk-ant-oat01-RESIDENT-reads-apart-never-shown-000000"
PROBE = """
import json, sys
from claude_usage.sources import manual_source, read_token
kept = {}
source = manual_source("manual", "Manual token")
first = read_token(source, {}, now=1.7e9, platform="linux", kept=kept)
again = read_token(source, {}, now=1.7e9 + 60, platform="linux", kept=kept)
later = read_token(source, {}, now=1.7e9 + 7200, platform="linux", kept=kept)
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


@pytest.mark.parametrize("error", [NoToken("none stored"), KeyringUnavailable("locked")])
def test_our_errors_come_back_from_the_child_as_themselves(error):
    def fail() -> None:
        raise error

    with pytest.raises(type(error), match=str(error)):
        in_child(fail)


def test_a_missing_module_in_the_child_is_an_import_error_here():
    def lacking() -> None:
        raise ImportError("No module named 'keyring'", name="keyring")

    with pytest.raises(ImportError) as raised:
        in_child(lacking)
    assert raised.value.name == "keyring"


def test_a_plain_value_comes_back():
    assert in_child(lambda: ["a", 1.5, None]) == ["a", 1.5, None]
