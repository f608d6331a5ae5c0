"""The manual token in a real Secret Service: a private D-Bus and gnome-keyring, no fakes.

Each test starts its own message bus (with no service files, so nothing on the
machine can be D-Bus-activated) and an unlocked gnome-keyring-daemon whose files,
sockets and login keyring all live in the test's temporary folders; the launcher
is private_keyring.py, which the benchmark uses too. The user's own keyring is never
touched. The plugin runs as a subprocess with PYTHON_KEYRING_BACKEND pinned to
keyring's SecretService backend.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from conftest import ACCESS_TOKEN, Reply, fixture_reply, run_plugin, write_claude_credentials
from private_keyring import KeyringStartError, PrivateKeyring, private_secret_service

MANUAL = "sk-ant-oat01-REAL-keyring-token-for-another-account-2468013579"


@pytest.fixture(params=[True, False], ids=["backend-pinned", "native-store-found-by-us"])
def secret_service(isolated, request):
    """A private, unlocked gnome-keyring on a private session bus, torn down after the test.

    Run twice: with keyring's backend pinned by PYTHON_KEYRING_BACKEND, and without,
    where the plugin picks the platform's native store itself.
    """
    with contextlib.ExitStack() as stack:
        error = None
        try:
            service = stack.enter_context(
                private_secret_service(isolated, backend_env=request.param)
            )
        except KeyringStartError as e:
            error = str(e)
        if error is not None:  # failed outside the except, so the message shows only once
            pytest.fail(error, pytrace=False)
        yield service


def plugin(server, service: PrivateKeyring, *args, stdin=None):
    extra = {"CLAUDE_USAGE_API_URL": server.url, **service.env}
    done = run_plugin(*args, input=stdin, env_extra=extra)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def last_token(server) -> str:
    return server.requests[-1]["headers"]["Authorization"]


def files_holding(secret: str, folders) -> list[str]:
    needle = secret.encode()
    return [
        str(path)
        for folder in folders
        for path in Path(folder).rglob("*")
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes()
    ]


def sent(server):
    """The tokens sent for usage (a pasted token's identity is asked of the profile too)."""
    usage = [r for r in server.requests if r["path"] == "/api/oauth/usage"]
    return [r["headers"]["Authorization"].removeprefix("Bearer ") for r in usage]


def test_manual_token_round_trip_through_gnome_keyring(server, isolated, secret_service):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_minimal.json", time.time())))
    assert secret_service.items() == [] and secret_service.read_with_keyring() is None

    code, out, err = plugin(server, secret_service, "--set-token", "-", stdin=f"{MANUAL}\n")
    assert code == 0, err
    assert "saved" in out
    assert last_token(server) == f"Bearer {MANUAL}"  # checked live before it was kept

    # Stored in the persistent login collection, readable by any other client.
    assert secret_service.read_with_keyring() == MANUAL
    [(path, secret)] = secret_service.items()
    assert path.startswith("/org/freedesktop/secrets/collection/login/") and secret == MANUAL
    plugin_files = [p for d in ("cache", "data") for p in (isolated / d).rglob("*") if p.is_file()]
    assert plugin_files, "the plugin wrote no settings or cache"
    assert files_holding(MANUAL, secret_service.folders) == []  # the keyring file is encrypted

    code, out, err = plugin(server, secret_service)  # the menu, from the cache the check filled
    assert code == 0, err
    assert "Account: Manual token" in out and sent(server) == [MANUAL]
    code, out, err = plugin(server, secret_service, "--refresh")
    assert code == 0, err
    assert sent(server) == [MANUAL, MANUAL]

    code, out, err = plugin(server, secret_service, "--token-source", "claude-code")
    assert code == 0, err
    code, out, err = plugin(server, secret_service, "--refresh")  # each account, primary first
    assert code == 0, err
    assert sent(server)[2:] == [ACCESS_TOKEN, MANUAL]
    assert secret_service.read_with_keyring() == MANUAL  # switching away keeps it stored

    code, out, err = plugin(server, secret_service, "--token-source", "manual")
    assert code == 0, err
    code, out, err = plugin(server, secret_service, "--refresh")
    assert code == 0, err
    assert sent(server)[4:] == [MANUAL, ACCESS_TOKEN]

    code, out, err = plugin(server, secret_service, "--forget-token")
    assert code == 0, err
    assert "removed" in out
    assert secret_service.read_with_keyring() is None
    assert secret_service.items() == []
    code, out, err = plugin(server, secret_service, "--refresh")  # back on Claude Code's sign-in
    assert code == 0, err
    assert sent(server)[6:] == [ACCESS_TOKEN]
    code, out, err = plugin(server, secret_service, "--forget-token")
    assert code == 0 and "No manual token was stored" in out
    assert files_holding(MANUAL, secret_service.folders) == []
