"""Our state folders: made 0700 whatever the umask, and used only while they are ours alone.

In a folder another user can write to, they can plant symlinks under the names
we write, or swap our files; so such a folder is not used. Its files stay where
they are, and the run uses a private one instead (see private_folder).
"""

from __future__ import annotations

import os
import stat

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
