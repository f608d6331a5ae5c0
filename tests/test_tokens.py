from __future__ import annotations

import pytest

from claude_usage.core.tokens import token_problem


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("sk-ant-oat01-abcDEF_123-xyz", None),
        (
            "sk-ant-api03-abc",
            "this is an API key; the usage endpoint needs an OAuth token (sk-ant-oat…)",
        ),
        ("sk-ant-admin01-abc", "this is an Admin API key; the usage endpoint needs an OAuth token"),
        ("sk-ant-ort01-abc", "this is a refresh token, which must stay with Claude Code"),
        ("sk-ant-sid01-abc", "this is a claude.ai session cookie"),
        ("hello world", "this is not an OAuth token"),
        ("", "no token entered"),
        ("sk-ant-oat01-abc def", "characters no token has"),
        ("sk-ant-oat01-abc\x00", "characters no token has"),
        ("sk-ant-oat01-abcdef…", "characters no token has"),  # copied from a cut-off line
        ("sk-ant-oat01-“quoted”", "characters no token has"),
    ],
)
def test_token_problem(token, problem):
    found = token_problem(token)
    assert found is None if problem is None else problem in found
