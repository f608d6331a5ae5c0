"""Keeps every menu the end-to-end tests produce, for the hosts' conformance check.

Off unless CLAUDE_USAGE_RECORD_MENUS names a folder (.ci/hosts.py sets it). Each
menu a test's run printed is kept as it was, and the same state is drawn again
for the other hosts (SwiftBar, xbar, Argos, light and dark) from a copy of the
run's folders, with the API unreachable, so the test's own state and server see
nothing of it.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FOLDER = os.environ.get("CLAUDE_USAGE_RECORD_MENUS")
HOSTS = {  # the variables each host sets, as run_plugin's env would carry them
    "swiftbar-dark": {"SWIFTBAR": "1", "OS_APPEARANCE": "Dark"},
    "swiftbar-light": {"SWIFTBAR": "1", "OS_APPEARANCE": "Light"},
    "xbar-dark": {"XBARDarkMode": "true"},
    "xbar-light": {"XBARDarkMode": "false"},
    "argos": {"ARGOS_VERSION": "2"},
}
HOST_KEYS = ("SWIFTBAR", "OS_APPEARANCE", "XBARDarkMode", "ARGOS_VERSION")
DRAWN_AGAIN = ((), ("--demo",))  # runs that only draw; others change state or ask for input
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: refused at once
_count = itertools.count()


def record(plugin: str, args: tuple[str, ...], env: dict[str, str], stdout: bytes) -> None:
    """Keep this run's menu, and the same state drawn for every other host."""
    if not FOLDER or not _is_menu(stdout):
        return
    _keep(plugin, args, env, stdout.decode("utf-8"))
    if args not in DRAWN_AGAIN:
        return
    with tempfile.TemporaryDirectory() as scratch:
        copy = {**env, "CLAUDE_USAGE_API_URL": UNREACHABLE}
        for key in ("CLAUDE_USAGE_CACHE_DIR", "CLAUDE_USAGE_DATA_DIR"):
            if env.get(key) and os.path.isdir(env[key]):
                target = os.path.join(scratch, key)
                shutil.copytree(env[key], target, ignore=shutil.ignore_patterns("*.lock"))
                copy[key] = target
        for host_env in HOSTS.values():
            again = {k: v for k, v in copy.items() if k not in HOST_KEYS} | host_env
            done = subprocess.run(
                [sys.executable, plugin, *args], env=again, capture_output=True, timeout=30
            )
            if done.returncode == 0 and _is_menu(done.stdout):
                _keep(plugin, args, again, done.stdout.decode("utf-8"))


def _keep(plugin: str, args: tuple[str, ...], env: dict[str, str], output: str) -> None:
    path = env.get("SWIFTBAR_PLUGIN_PATH")  # what the plugin takes for its own path
    kept = {
        "args": list(args),
        "host_env": {k: env[k] for k in HOST_KEYS if env.get(k)},
        "plugin_path": path or os.path.abspath(plugin),
        "output": output,
    }
    name = f"{os.getpid()}-{next(_count)}.json"
    Path(FOLDER or ".", name).write_text(json.dumps(kept), encoding="utf-8")


def _is_menu(stdout: bytes) -> bool:
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\n---\n" in text and "~~~" not in text  # not a streaming plugin's frames
