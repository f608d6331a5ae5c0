"""Stand-in executables for outside tools (osascript, zenity, notify-send): they record argv."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def stand_in(
    bin_dir: Path, name: str, *, prints: str = "", exit_code: int = 0, sleep: float = 0.0
) -> Path:
    """An executable that records its argv to NAME.argv.json and answers as told.

    With `sleep`, it records first and answers that many seconds later: a hanging tool.
    """
    bin_dir.mkdir(exist_ok=True)
    log = bin_dir / f"{name}.argv.json"
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, time\n"
        f"with open({str(log)!r}, 'a') as f: f.write(json.dumps(sys.argv) + '\\n')\n"
        f"time.sleep({sleep!r})\n"
        f"sys.stdout.write({prints!r})\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(0o755)
    return log


def calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def path_env(bin_dir: Path) -> dict:
    return {"PATH": f"{bin_dir}{os.pathsep}/nonexistent"}
