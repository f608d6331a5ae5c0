"""Where the token may be sent: over TLS, or in plain HTTP to this machine only. Pure.

CLAUDE_USAGE_API_URL points the plugin at another server (a test server, a
local proxy). A plain `http://` URL naming another machine would carry the
bearer token across the network in clear text, readable and replayable by
anyone on the path. There is no opt-in: a corporate proxy that inspects TLS
works through HTTPS_PROXY and REQUESTS_CA_BUNDLE, with the https URL.
"""

from __future__ import annotations

import ipaddress  # only runs that send a token import this module
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://api.anthropic.com"
API_URL_VARIABLE = "CLAUDE_USAGE_API_URL"
REFUSED = (
    f"Not sending the token: {API_URL_VARIABLE} must be https:// (plain http:// only to localhost)"
)


def cleartext_problem(url: str) -> str | None:
    """Why the token must not be sent to `url`, or None when it may be (one line)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # a malformed address, such as an unclosed "[::1"
        return REFUSED
    scheme = parts.scheme.lower()
    if scheme == "https" and host:
        return None
    if scheme == "http" and _this_machine(host):
        return None
    return REFUSED


def _this_machine(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: traffic that never leaves the machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
