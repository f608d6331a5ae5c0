"""urllib3's warning about Apple's LibreSSL build is kept out of a terminal; no other warning is."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib"
APPLE_PYTHON = "import ssl; ssl.OPENSSL_VERSION = 'LibreSSL 2.8.3'\n"  # /usr/bin/python3's ssl
NOT_OPENSSL = (
    "urllib3 v2 only supports OpenSSL 1.1.1+, currently the 'ssl' module is compiled with "
    "'LibreSSL 2.8.3'. See: https://github.com/urllib3/urllib3/issues/3020"
)


def python(code: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter: urllib3 is imported (and warns) anew, with the default filters."""
    return subprocess.run(
        [sys.executable, "-c", APPLE_PYTHON + code],
        env={"PYTHONPATH": str(LIB), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_check_this_guards_against_is_real():
    assert "NotOpenSSLWarning" in python("import requests").stderr


def test_a_fetch_under_apples_python_prints_no_libressl_warning():
    done = python("import claude_usage.system.http")
    assert done.returncode == 0 and done.stderr == ""


def test_other_warnings_still_show_after_the_import():
    done = python(
        "import warnings\n"
        "import claude_usage.system.http\n"
        "warnings.warn_explicit('another', UserWarning, 'x.py', 1, module='urllib3')\n"
        f"warnings.warn_explicit({NOT_OPENSSL!r}, UserWarning, 'y.py', 1, module='elsewhere')\n"
    )
    assert done.returncode == 0, done.stderr
    assert "x.py:1: UserWarning: another" in done.stderr
    assert "y.py:1: UserWarning: urllib3 v2 only supports" in done.stderr


@pytest.mark.parametrize(
    ("message", "module", "shown"),
    [
        (NOT_OPENSSL, "urllib3", False),
        (NOT_OPENSSL.replace("v2", "v2.0"), "urllib3", False),  # urllib3 2.0.x's wording
        (NOT_OPENSSL, "urllib3.connection", True),  # urllib3 says it only as it is imported
        (NOT_OPENSSL, "elsewhere", True),
        ("Unverified HTTPS request is being made", "urllib3", True),
    ],
)
def test_only_that_one_warning_is_filtered(message, module, shown):
    from claude_usage.system.libressl import hide_libressl_warning

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        hide_libressl_warning()
        warnings.warn_explicit(message, UserWarning, "x.py", 1, module=module)
    assert bool(seen) is shown
