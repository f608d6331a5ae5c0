"""Our state folders: where they are, made 0700 whatever the umask, used only while ours alone.

SwiftBar runs, terminal commands and Claude Code's status line must share one
state, so SwiftBar's per-plugin folders are not used (0.1 kept state there: it
moves over once). CLAUDE_USAGE_CACHE_DIR and CLAUDE_USAGE_DATA_DIR override the
folders, for tests and unusual setups.

In a folder another user can write to, they can plant symlinks under the names
we write, or swap our files; so such a folder is not used. Its files stay where
they are, and the run uses a private one instead (see private_folder).

Where the folders are and whether they are safe share this module: every module
a cached menu run imports costs it about 0.1 ms.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

APP = "claude-usage"
# A path under /dev/null can never exist: every read finds nothing and every write
# fails, so a run with no private folder at all fails safe (it saves and asks nothing).
NOWHERE = os.path.join(os.devnull, APP)


def make_folders(path: str) -> None:
    """Create `path` and its missing parents, each 0700; folders that exist are left as they are."""
    missing = []
    current = os.path.abspath(path)
    while not os.path.lexists(current):
        missing.append(current)
        current = os.path.dirname(current)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if os.path.isdir(folder):
                continue  # another run made it a moment ago, 0700 too
            raise
        os.chmod(folder, 0o700)  # the umask may have taken bits away; this folder is ours


def untrusted(path: str) -> str | None:
    """Why another user could tamper with the folder `path`; None if it is ours alone, or new."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if info.st_uid not in (os.getuid(), 0):
                return "a link another user made"
            info = os.stat(path)
    except OSError:
        return None  # missing, we make it 0700; unusable, a write will say why
    if info.st_uid != os.getuid():
        return "not yours"
    if info.st_mode & stat.S_IWOTH or (info.st_mode & stat.S_IWGRP and not _own(info.st_gid)):
        return "writable by others"
    return None


def _own(gid: int) -> bool:
    """Whether group `gid` is the user's private group (named after them, no one else in it).

    With such groups (Debian, Ubuntu, Fedora) umask 002 is usual, and `mkdir -p` (as
    install.sh did) leaves our data folder group-writable, by nobody else.
    """
    import grp  # only for a group-writable folder
    import pwd  # likewise

    try:
        user, group = pwd.getpwuid(os.getuid()), grp.getgrgid(gid)
    except KeyError:
        return False
    return gid == user.pw_gid and group.gr_name == user.pw_name and not group.gr_mem


def private_folder(path: str, kind: str, env: Mapping[str, str]) -> tuple[str, str | None]:
    """`path` when it is ours alone; else a private folder (or NOWHERE), and why not `path`.

    The fallback is per user, in XDG_RUNTIME_DIR (private by definition, cleared at
    logout) or the temp folder (per user on macOS; on Linux /tmp, where our own
    0700 folder is checked like any other). A sibling of `path` would not do: its
    parent may be the very folder others can write to.
    """
    why = untrusted(path)
    if why is None:
        return path, None
    base = env.get("XDG_RUNTIME_DIR") or env.get("TMPDIR") or "/tmp"
    own = os.path.join(base, f"{APP}-{os.getuid()}")
    fallback = os.path.join(own, kind)
    if untrusted(own) or untrusted(fallback):
        return NOWHERE, why
    return fallback, why


SWIFTBAR_NOTE = "swiftbar.dat"  # SwiftBar runs us, under this plugin name (system.swiftbar)
MOVED_FILES = ("settings.dat", "alerts.dat", "usage.dat")  # what 0.1 kept in SwiftBar's
INSTALL_RECORD = "installed-plugin"  # install.sh writes the plugin file's path here


def cache_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for the usage cache and the fetch lock."""
    if env.get("CLAUDE_USAGE_CACHE_DIR"):
        return env["CLAUDE_USAGE_CACHE_DIR"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Caches", APP)
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(_home(env), ".cache"), APP)


def data_dir(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Folder for settings and alert state: things that should survive a cache wipe."""
    if env.get("CLAUDE_USAGE_DATA_DIR"):
        return env["CLAUDE_USAGE_DATA_DIR"]
    if platform == "darwin":
        return os.path.join(_home(env), "Library", "Application Support", APP)
    base = env.get("XDG_DATA_HOME") or os.path.join(_home(env), ".local", "share")
    return os.path.join(base, APP)


def install_home(env: Mapping[str, str]) -> str:
    """Where install.sh keeps the virtualenv and its record (as install.sh decides it)."""
    chosen = env.get("CLAUDE_USAGE_HOME")
    return (
        os.path.expanduser(chosen) if chosen else os.path.join(_home(env), ".local", "share", APP)
    )


def move_swiftbar_state(env: Mapping[str, str], cache: str, data: str) -> None:
    """Move what 0.1 kept in SwiftBar's per-plugin folders into ours, once, never overwriting."""
    for variable, folder in (
        ("SWIFTBAR_PLUGIN_DATA_PATH", data),
        ("SWIFTBAR_PLUGIN_CACHE_PATH", cache),
    ):
        old = env.get(variable)
        if not old or os.path.abspath(old) == os.path.abspath(folder):
            continue
        for name in MOVED_FILES:
            source, target = os.path.join(old, name), os.path.join(folder, name)
            if os.path.exists(source) and not os.path.exists(target):
                try:
                    make_folders(folder)
                    os.replace(source, target)
                except OSError:
                    pass  # another filesystem, or a race with another run: defaults will do


def _home(env: Mapping[str, str]) -> str:
    return env.get("HOME") or os.path.expanduser("~")
