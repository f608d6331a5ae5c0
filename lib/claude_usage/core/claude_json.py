"""The signed-in account's email, read from the text of Claude Code's `.claude.json`. Pure.

The file is Claude Code's global config: besides `oauthAccount` it holds every
project's settings and history, often hundreds of KB. Claude Code rewrites it
in place, so a read can catch it half written: broken text means "unknown".
"""

from __future__ import annotations

from .identity import clean_email
from .jsontext import loads

ACCOUNT_KEY = "oauthAccount"
EMAIL_KEY = "emailAddress"
BOM = "\ufeff"  # an editor may have added one; json refuses it


def email_from_claude_json(text: str | None) -> str:
    """oauthAccount.emailAddress, cleaned; "" when absent, not an address, or the text is broken."""
    if not text:
        return ""
    try:
        data = loads(text.lstrip(BOM))
    except ValueError:  # half written, or not JSON at all
        return ""
    account = data.get(ACCOUNT_KEY) if isinstance(data, dict) else None
    return clean_email(account.get(EMAIL_KEY)) if isinstance(account, dict) else ""
