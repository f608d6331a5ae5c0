"""The manual token in a real Secret Service: a private D-Bus and gnome-keyring, no fakes.

Each test starts its own message bus (with no service files, so nothing on the
machine can be D-Bus-activated) and an unlocked gnome-keyring-daemon whose files,
sockets and login keyring all live in the test's temporary folders. The user's
own keyring is never touched. The plugin runs as a subprocess with
PYTHON_KEYRING_BACKEND pinned to keyring's SecretService backend.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ACCESS_TOKEN, Reply, fixture_reply, run_plugin, write_claude_credentials

MANUAL = "sk-ant-oat01-REAL-keyring-token-for-another-account-2468013579"
SERVICE = "claude-usage"
ACCOUNT = "oauth-access-token"
APT_PACKAGES = "gnome-keyring dbus"
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
SECRET_SERVICE = "org.freedesktop.secrets"
BACKEND = "keyring.backends.SecretService.Keyring"

# A session bus like the stock one, minus <standard_session_servicedirs/>: no
# activation, so a missing service fails at once instead of starting a prompter.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# Read back through keyring in a fresh interpreter, as another program would.
READ_BACK = f"""
import json, keyring
backend = keyring.get_keyring()
value = keyring.get_password({SERVICE!r}, {ACCOUNT!r})
print(json.dumps([type(backend).__module__ + "." + type(backend).__name__, value]))
"""


@dataclass
class SecretService:
    env: dict  # what a client needs to reach this keyring and nothing else
    connection: object  # a jeepney connection of the test's own, for independent reads
    folders: list  # every folder the bus and the daemon may write to

    def items(self) -> list[tuple[str, str]]:
        """(item path, secret) of every stored item for our service and account."""
        import secretstorage

        found = secretstorage.search_items(
            self.connection, {"service": SERVICE, "username": ACCOUNT}
        )
        return [(item.item_path, item.get_secret().decode()) for item in found]

    def read_with_keyring(self) -> str | None:
        done = subprocess.run(
            [sys.executable, "-c", READ_BACK],
            capture_output=True,
            env={**os.environ, **self.env},
            timeout=30,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        backend, value = json.loads(done.stdout)
        assert backend == BACKEND
        return value


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} not found: this test needs a real Secret Service; "
            f"install it with: apt-get install -y {APT_PACKAGES}",
            pytrace=False,
        )
    return path


def _start(argv: list[str], env: dict, log: Path, stdin: bytes | None = None) -> subprocess.Popen:
    """Start a daemon in its own process group, its output going to `log`."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()  # --unlock reads the password up to end of file
    return proc


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the daemon's whole process group, killing it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for(what: str, probe, procs: dict, deadline: float):
    """Call probe() until it returns a value, a daemon dies, or the deadline passes."""
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        for log, proc in procs.items():
            if proc.poll() is not None:
                pytest.fail(
                    f"{proc.args[0]} exited with {proc.returncode} while waiting for {what}:\n"
                    + log.read_text(errors="replace"),
                    pytrace=False,
                )
        try:
            result = probe()
        except Exception as e:  # not ready yet: the socket, the name or the collection
            last_error = e
        else:
            if result:
                return result
        time.sleep(0.05)
    logs = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for log in procs)
    pytest.fail(f"timed out waiting for {what} (last error: {last_error!r})\n{logs}", pytrace=False)


@pytest.fixture
def secret_service(isolated):
    """A private, unlocked gnome-keyring on a private session bus, torn down after the test."""
    dbus_daemon = _tool("dbus-daemon")
    keyring_daemon = _tool("gnome-keyring-daemon")
    try:
        import secretstorage
        from jeepney.io.blocking import open_dbus_connection
    except ImportError as e:
        pytest.fail(f"keyring's Linux dependencies are missing ({e}): pip install keyring")

    # Sockets go in a short path: unix socket paths are limited to ~108 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="cu-run-"))  # created 0700, as XDG requires
    xdg = {name: isolated / f"xdg-{name}" for name in ("data", "config", "cache")}
    for folder in xdg.values():
        folder.mkdir()
    socket = runtime / "bus"
    config = isolated / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket=socket))
    address = f"unix:path={socket}"
    env = {
        "DBUS_SESSION_BUS_ADDRESS": address,
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(xdg["data"]),
        "XDG_CONFIG_HOME": str(xdg["config"]),
        "XDG_CACHE_HOME": str(xdg["cache"]),
        "PYTHON_KEYRING_BACKEND": BACKEND,
    }
    daemon_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ["HOME"],
        "LANG": "C.UTF-8",
        **env,
    }
    deadline = time.monotonic() + START_TIMEOUT_S
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, runtime, ignore_errors=True)
        bus_log = isolated / "dbus-daemon.log"
        bus = _start(
            [dbus_daemon, f"--config-file={config}", "--nofork", "--nopidfile"], daemon_env, bus_log
        )
        stack.callback(_stop, bus)
        procs = {bus_log: bus}
        connection = _wait_for(
            "the session bus", lambda: open_dbus_connection(bus=address), procs, deadline
        )
        stack.callback(connection.close)

        # An empty stdin does not create the login keyring (keyring would then need
        # a prompt to create one); a single newline as the password does.
        keyring_log = isolated / "gnome-keyring.log"
        keyring = _start(
            [keyring_daemon, "--foreground", "--unlock", "--components=secrets"],
            daemon_env,
            keyring_log,
            stdin=b"\n",
        )
        stack.callback(_stop, keyring)
        procs[keyring_log] = keyring

        def default_collection_unlocked():
            collection = secretstorage.get_collection_by_alias(connection, "default")
            return collection if not collection.is_locked() else None

        collection = _wait_for(
            f"{SECRET_SERVICE} with an unlocked default collection",
            default_collection_unlocked,
            procs,
            deadline,
        )
        assert collection.collection_path == "/org/freedesktop/secrets/collection/login"
        yield SecretService(env=env, connection=connection, folders=[isolated, runtime])


def plugin(server, service: SecretService, *args, stdin=None):
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
    assert "Token: Manual token (keyring)" in out and len(server.requests) == 1
    code, out, err = plugin(server, secret_service, "--refresh")
    assert code == 0, err
    assert len(server.requests) == 2 and last_token(server) == f"Bearer {MANUAL}"

    code, out, err = plugin(server, secret_service, "--token-source", "claude-code")
    assert code == 0, err
    code, out, err = plugin(server, secret_service, "--refresh")
    assert code == 0, err
    assert len(server.requests) == 3 and last_token(server) == f"Bearer {ACCESS_TOKEN}"
    assert secret_service.read_with_keyring() == MANUAL  # switching away keeps it stored

    code, out, err = plugin(server, secret_service, "--token-source", "manual")
    assert code == 0, err
    code, out, err = plugin(server, secret_service, "--refresh")
    assert code == 0, err
    assert len(server.requests) == 4 and last_token(server) == f"Bearer {MANUAL}"

    code, out, err = plugin(server, secret_service, "--forget-token")
    assert code == 0, err
    assert "removed" in out
    assert secret_service.read_with_keyring() is None
    assert secret_service.items() == []
    code, out, err = plugin(server, secret_service, "--refresh")  # back on Claude Code's sign-in
    assert code == 0, err
    assert len(server.requests) == 5 and last_token(server) == f"Bearer {ACCESS_TOKEN}"
    code, out, err = plugin(server, secret_service, "--forget-token")
    assert code == 0 and "No manual token was stored" in out
    assert files_holding(MANUAL, secret_service.folders) == []
