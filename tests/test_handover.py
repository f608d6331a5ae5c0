"""The clone's script run by a Python that lacks some of our dependencies.

With install.sh's virtualenv present, it hands over to it whatever is missing; with
none, every command says to run ./install.sh, in one line, and never shows a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PLUGIN, Reply, fixture_reply, write_claude_credentials
from pythons import EVERYTHING, REQUESTS_AND_ITS_OWN, bare_python, python_with

TESTS = Path(__file__).resolve().parent
MANUAL = "sk-ant-oat01-MANUAL-token-for-the-handover-0987654321"


def run(python: Path, *args: str, stdin: str | None = None, **env: str):
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    done = subprocess.run(
        [str(python), str(PLUGIN), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=30,
        **feed,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def keyring_env(isolated, server):
    return {
        "CLAUDE_USAGE_HOME": str(isolated / "app"),
        "CLAUDE_USAGE_API_URL": server.url,
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(isolated / "keyring.json"),
    }


def test_a_python_with_requests_but_not_keyring_hands_over_to_the_venv(
    isolated, server, keyring_env
):
    python_with(isolated / "app" / "venv", EVERYTHING)  # what install.sh made
    partial = python_with(isolated / "partial", REQUESTS_AND_ITS_OWN)
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))

    code, out, err = run(partial, "--set-token", "-", stdin=MANUAL, **keyring_env)

    assert code == 0, err
    assert "saved" in out
    stored = json.loads((isolated / "keyring.json").read_text())
    assert stored == {"claude-usage/oauth-access-token": MANUAL}
    code, out, err = run(partial, **keyring_env)  # the menu, with the manual token in use
    assert code == 0 and "Internal error" not in out, out + err
    assert "Account: Manual token" in out


@pytest.mark.parametrize("packages", [(), REQUESTS_AND_ITS_OWN], ids=["nothing", "requests-only"])
def test_without_a_venv_every_command_says_to_run_install(isolated, server, keyring_env, packages):
    python = python_with(isolated / "py", packages) if packages else bare_python(isolated / "py")
    assert run(python, "--token-source", "manual", **keyring_env)[0] == 0  # needs neither

    code, out, err = run(python, **keyring_env)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "⚠ Claude: run ./install.sh first" and lines[1] == "---", out
    assert "Internal error" not in out and "Traceback" not in err

    for args in (["--set-token", "-"], ["--forget-token"], ["--validate"]):
        code, out, err = run(python, *args, stdin=MANUAL, **keyring_env)
        assert code == 1, (args, out, err)
        assert len(err.splitlines()) == 1 and err.rstrip().endswith("run ./install.sh first"), err
        assert "Traceback" not in err and MANUAL not in out + err
    assert server.requests == []  # a token that can't be kept is never sent


def test_a_python_without_requests_records_no_request_it_cannot_send(isolated, server):
    write_claude_credentials(isolated / "home")  # Claude Code's token reads with no package
    python = bare_python(isolated / "py")
    for _ in range(2):  # the second run is not held back by a request the first never sent
        code, out, _ = run(python, CLAUDE_USAGE_API_URL=server.url)
        assert code == 0 and out.startswith("⚠ Claude: run ./install.sh first\n"), out
    assert server.requests == []
