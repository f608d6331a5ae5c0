"""A private, unlocked gnome-keyring on a private D-Bus session bus: a real Secret Service.

Plain module (no pytest) used by both tests/test_keyring_real.py and the benchmark:

    with private_secret_service(workdir) as ks:
        subprocess.run([...], env={**os.environ, **ks.env})

The bus has no service files, so nothing on the machine can be D-Bus-activated,
and the daemon's files, sockets and login keyring all live under `workdir` (and a
short runtime folder for the bus socket). The user's own keyring is never touched.
Anything that stops the keyring from starting raises KeyringStartError, whose
message says what failed, with the daemons' logs or the packages to install.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

APT_PACKAGES = "gnome-keyring dbus"
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
SECRET_SERVICE = "org.freedesktop.secrets"
LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login"
BACKEND = "keyring.backends.SecretService.Keyring"
# The plugin's own entry (claude_usage.sources.manual), the default for the read-back helpers.
SERVICE = "claude-usage"
ACCOUNT = "oauth-access-token"

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
READ_BACK = """
import json, sys, keyring
backend = keyring.get_keyring()
value = keyring.get_password(sys.argv[1], sys.argv[2])
print(json.dumps([type(backend).__module__ + "." + type(backend).__name__, value]))
"""


class KeyringStartError(RuntimeError):
    """The private bus or gnome-keyring could not be started; the message says why."""


@dataclass
class PrivateKeyring:
    env: dict  # what a client needs to reach this keyring and nothing else
    connection: Any  # a jeepney connection of our own, for independent reads
    folders: list  # every folder the bus and the daemon may write to
    home: str  # the HOME the daemons were given
    backend_env: bool = True  # whether env pins PYTHON_KEYRING_BACKEND
    logs: list = field(default_factory=list)  # the daemons' log files

    def child_env(self, base: dict | None = None) -> dict:
        """`base` (os.environ by default) plus env and HOME; without backend_env, any
        inherited PYTHON_KEYRING_BACKEND is dropped so keyring detects its backend."""
        merged = {**(os.environ if base is None else base), **self.env, "HOME": self.home}
        if not self.backend_env:
            merged.pop("PYTHON_KEYRING_BACKEND", None)
        return merged

    def items(self, service: str = SERVICE, account: str = ACCOUNT) -> list[tuple[str, str]]:
        """(item path, secret) of every stored item for the service and account."""
        import secretstorage

        found = secretstorage.search_items(
            self.connection, {"service": service, "username": account}
        )
        return [(item.item_path, item.get_secret().decode()) for item in found]

    def read_with_keyring(self, service: str = SERVICE, account: str = ACCOUNT) -> str | None:
        """The password as keyring in a fresh interpreter reads it. Raises AssertionError
        if that fails or keyring did not use its SecretService backend (pinned with
        backend_env, detected without it)."""
        done = subprocess.run(
            [sys.executable, "-c", READ_BACK, service, account],
            capture_output=True,
            env=self.child_env(),
            timeout=30,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(done.stderr.decode())
        backend, value = json.loads(done.stdout)
        if backend != BACKEND:
            raise AssertionError(f"keyring used {backend}, not {BACKEND}")
        return value


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise KeyringStartError(
            f"{name} not found: this needs a real Secret Service; "
            f"install it with: apt-get install -y {APT_PACKAGES}"
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


def _logs(procs: dict) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for log in procs)


def _wait_for(what: str, probe: Callable[[], Any], procs: dict, deadline: float) -> Any:
    """Call probe() until it returns a value, a daemon dies, or the deadline passes."""
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        for log, proc in procs.items():
            if proc.poll() is not None:
                raise KeyringStartError(
                    f"{proc.args[0]} exited with {proc.returncode} while waiting for {what}:\n"
                    + log.read_text(errors="replace")
                )
        try:
            result = probe()
        except Exception as e:  # not ready yet: the socket, the name or the collection
            last_error = e
        else:
            if result:
                return result
        time.sleep(0.05)
    raise KeyringStartError(
        f"timed out waiting for {what} (last error: {last_error!r})\n{_logs(procs)}"
    )


@contextlib.contextmanager
def private_secret_service(
    workdir: str | os.PathLike,
    *,
    backend_env: bool = True,
    home: str | os.PathLike | None = None,
    timeout: float = START_TIMEOUT_S,
) -> Iterator[PrivateKeyring]:
    """Start a private bus and an unlocked gnome-keyring, yield, and always stop both.

    Config, logs and the XDG data/config/cache folders (hence the login keyring) go
    under `workdir`, which should be fresh; the bus socket goes in a short 0700
    runtime folder from tempfile.mkdtemp, removed on exit. The daemons get HOME from
    `home`, else from os.environ. With backend_env, env pins PYTHON_KEYRING_BACKEND
    to keyring's SecretService backend; without it, clients must detect it.
    """
    dbus_daemon = _tool("dbus-daemon")
    keyring_daemon = _tool("gnome-keyring-daemon")
    try:
        import secretstorage
        from jeepney.io.blocking import open_dbus_connection
    except ImportError as e:
        raise KeyringStartError(
            f"keyring's Linux dependencies are missing ({e}): pip install keyring"
        ) from e

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    home = str(home) if home is not None else os.environ.get("HOME", str(workdir))
    xdg = {name: workdir / f"xdg-{name}" for name in ("data", "config", "cache")}
    for folder in xdg.values():
        folder.mkdir(exist_ok=True)
    # Sockets go in a short path: unix socket paths are limited to ~108 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="cu-run-"))  # created 0700, as XDG requires
    socket = runtime / "bus"
    config = workdir / "bus.conf"
    address = f"unix:path={socket}"
    env = {
        "DBUS_SESSION_BUS_ADDRESS": address,
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(xdg["data"]),
        "XDG_CONFIG_HOME": str(xdg["config"]),
        "XDG_CACHE_HOME": str(xdg["cache"]),
    }
    if backend_env:
        env["PYTHON_KEYRING_BACKEND"] = BACKEND
    daemon_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        **env,
    }
    deadline = time.monotonic() + timeout
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, runtime, ignore_errors=True)
        config.write_text(BUS_CONFIG.format(socket=socket))
        bus_log = workdir / "dbus-daemon.log"
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
        keyring_log = workdir / "gnome-keyring.log"
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
        if collection.collection_path != LOGIN_COLLECTION:
            raise KeyringStartError(
                f"the default collection is {collection.collection_path}, "
                f"not {LOGIN_COLLECTION}\n{_logs(procs)}"
            )
        yield PrivateKeyring(
            env=env,
            connection=connection,
            folders=[workdir, runtime],
            home=home,
            backend_env=backend_env,
            logs=list(procs),
        )
