"""Finds outside programs without trusting the user's shell PATH.

SwiftBar and xbar run plugins with a bare PATH; the system tools we need live in
fixed places, so those places are always searched after whatever PATH holds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping

SYSTEM_DIRS = ("/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin", "/usr/sbin")


def find_tool(name: str, env: Mapping[str, str]) -> str | None:
    """Absolute path of `name`, looking in PATH first and then the system folders."""
    search = os.pathsep.join(
        [p for p in env.get("PATH", "").split(os.pathsep) if p] + list(SYSTEM_DIRS)
    )
    return shutil.which(name, path=search)
