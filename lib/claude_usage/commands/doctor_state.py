"""The doctor's look at the state on disk: the folders, and the history database."""

from __future__ import annotations

import os
import shlex

from ..core.checkup import Finding, Folder, folder_finding
from ..system.folders import cache_dir, data_dir

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from ..context import Run


def state_folders(run: Run) -> list[Finding]:
    """The folders configured, and the one in use where Run refused one as unsafe."""
    findings = []
    for label, path, used in (
        ("cache", cache_dir(run.env, run.platform), run.cache_dir),
        ("data", data_dir(run.env, run.platform), run.data_dir),
    ):
        findings += [folder_state(label, path)] + (
            [Finding(f"{label} in use", used)] * (used != path)
        )
    return findings


def folder_state(label: str, path: str) -> Finding:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return folder_finding(label, Folder(path, None), shlex.quote(path))
    except OSError as e:
        look = f"ls -ld {shlex.quote(path)}"
        return Finding(label, path, f"it can't be looked at ({e.strerror})", look)
    mine = info.st_uid == os.getuid()
    writable = os.access(path, os.W_OK | os.X_OK)
    return folder_finding(label, Folder(path, info.st_mode, mine, writable), shlex.quote(path))


def history_finding(run: Run) -> Finding:
    """How the history database is doing: trouble now, or lately, comes with its fix."""
    from ..system.history import history_health  # sqlite3: the doctor may pay for it

    trouble = history_health(run.cache_dir, run.now)
    if trouble is None:
        return Finding("history", "ok")
    return Finding("history", "no history for now", trouble, "nothing to do: a fresh one starts")
