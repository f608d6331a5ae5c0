"""Reads a generic password from the macOS Keychain with Apple's own `security` tool.

`security` is on the access list of Claude Code's item, so it reads without a
prompt; any other binary would get "allow access" prompts every time Claude Code
rewrites the item.
"""

from __future__ import annotations

import os
import pwd
import subprocess  # only macOS runs read the Keychain; this module is imported lazily
from typing import Any, Callable

SECURITY = "/usr/bin/security"  # by absolute path: plugins run with a bare PATH
SECURITY_TIMEOUT_S = 2  # it answers in milliseconds; SwiftBar's UI may be waiting
Run = Callable[..., Any]  # subprocess.run, or a fake in tests


def generic_password(service: str, account: str, *, run: Run | None = None) -> str | None:
    """The item's secret, or None when there is none or it can't be read."""
    command = [SECURITY, "find-generic-password", "-s", service, "-a", account, "-w"]
    try:
        done = (run or subprocess.run)(
            command, capture_output=True, text=True, timeout=SECURITY_TIMEOUT_S
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return str(done.stdout) if done.returncode == 0 else None


def login_name() -> str:
    """The user's login name, which names their Keychain items' account."""
    return pwd.getpwuid(os.getuid()).pw_name
