"""Loads requests without urllib3's warning about Apple's LibreSSL build, and hides no other.

Apple's /usr/bin/python3 (3.9) is built against LibreSSL 2.8.3. urllib3 2
warns as it is imported that it "only supports OpenSSL 1.1.1+"
(NotOpenSSLWarning, urllib3/__init__.py), so each fetch run in a terminal
printed it. urllib3 works with LibreSSL again since 2.0.3 (urllib3 issue #2168),
and its maintainers call this a warning to filter if unwanted (issue #3020).
A pin cannot say "LibreSSL": environment markers do not see the SSL library,
and `urllib3<2` on every macOS Python 3.9 would also hold OpenSSL builds
(python.org, Homebrew) on 1.26, which no longer gets security fixes
(urllib3 #3634, #3770). So one filter, for that message from the module
`urllib3` alone, goes in before urllib3 loads. The category cannot be named:
naming it would import urllib3 first.
"""

from __future__ import annotations

import warnings

NOT_OPENSSL = r"urllib3 v2(\.0)? only supports OpenSSL 1\.1\.1\+"  # 2.0.x wrote "v2.0"


def hide_libressl_warning() -> None:
    """Ignore urllib3's 'only supports OpenSSL' warning; every other warning is untouched."""
    warnings.filterwarnings("ignore", message=NOT_OPENSSL, module=r"urllib3\Z")


hide_libressl_warning()

import requests as requests  # noqa: E402 - after the filter; re-exported for system.http
