"""Claude Code's `.claude.json`: where it is, and the email it names. Read only, never written."""

from __future__ import annotations

import os

from ..core.claude_json import email_from_claude_json
from .files import read_head

# Usually a few hundred KB, but it keeps every project's history: reports of 65 MB
# and more exist. Parsing those would cost a run seconds; past this it counts as unknown.
MAX_CLAUDE_JSON_BYTES = 4 << 20
FILE_NAME = ".claude.json"


def claude_json_path(config_dir: str | None, home: str) -> str:
    """`<home>/.claude.json` for the default sign-in; inside CLAUDE_CONFIG_DIR when one is set."""
    return os.path.join(config_dir or home, FILE_NAME)


def read_email(path: str) -> str:
    """The signed-in account's email; "" when the file is missing, too big, unreadable or broken."""
    raw = read_head(path, MAX_CLAUDE_JSON_BYTES + 1)
    if raw is None or len(raw) > MAX_CLAUDE_JSON_BYTES:
        return ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return email_from_claude_json(text)
