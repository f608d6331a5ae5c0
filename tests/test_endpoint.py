"""Where the token may go: https anywhere, plain http only to this machine."""

from __future__ import annotations

import pytest

from claude_usage.core.endpoint import cleartext_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://api.anthropic.com",
        "HTTPS://api.anthropic.com/",
        "https://10.0.0.5:8443",
        "http://127.0.0.1:8123",
        "http://127.45.6.7",
        "http://localhost:9000/base",
        "http://LOCALHOST",
        "http://[::1]:8080",
        " http://127.0.0.1:1 ",
    ],
)
def test_tls_or_this_machine_may_carry_the_token(url):
    assert cleartext_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://api.anthropic.com",
        "HTTP://api.anthropic.com",
        "http://10.0.0.5:8080",
        "http://192.168.1.2",
        "http://[fe80::1]",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://user:pass@example.com",
        "ftp://api.anthropic.com",
        "api.anthropic.com",
        "http://[::1",
        "http://",
    ],
)
def test_anything_else_is_refused_in_one_line(url):
    problem = cleartext_problem(url)
    assert problem is not None and "\n" not in problem and "https://" in problem
    assert "pass" not in problem  # never echoes credentials in the URL
