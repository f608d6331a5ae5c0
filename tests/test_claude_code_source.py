from __future__ import annotations

import hashlib
import json
import subprocess
import time

import pytest

from claude_usage.core.credentials import oauth_section
from claude_usage.core.errors import NoToken, TokenExpired
from claude_usage.sources import CLAUDE_CODE
from claude_usage.sources.claude_code import keychain_service, read_token
from conftest import ACCESS_TOKEN, write_claude_credentials

NOW = float(int(time.time()))
OAUTH = {
    "claudeAiOauth": {
        "accessToken": ACCESS_TOKEN,
        "refreshToken": "sk-ant-ort01-x",
        "expiresAt": int((NOW + 3600) * 1000),
        "subscriptionType": "pro",
    }
}


class FakeSecurity:
    """Stands in for /usr/bin/security: answers per (service, account), records argv."""

    def __init__(self, items: dict | None = None, fail: Exception | None = None):
        self.items, self.fail, self.calls = items or {}, fail, []

    def __call__(self, argv, **kwargs):
        self.calls.append(argv)
        if self.fail:
            raise self.fail
        service, account = argv[argv.index("-s") + 1], argv[argv.index("-a") + 1]
        secret = self.items.get((service, account))
        if secret is None:
            return subprocess.CompletedProcess(argv, 44, "", "item not found")
        return subprocess.CompletedProcess(argv, 0, secret + "\n", "")


def claude_code_token(env, **kwargs):
    return read_token(CLAUDE_CODE, env, **kwargs)


def env(tmp_path, **extra):
    return {"HOME": str(tmp_path / "home"), "USER": "ada", **extra}


def test_keychain_json(tmp_path):
    security = FakeSecurity({("Claude Code-credentials", "ada"): json.dumps(OAUTH)})
    token = claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security)
    assert token.value == ACCESS_TOKEN
    assert (token.source, token.plan, token.expires_at) == ("claude-code", "Pro", NOW + 3600)
    assert security.calls == [
        [
            "/usr/bin/security",
            "find-generic-password",
            "-s",
            "Claude Code-credentials",
            "-a",
            "ada",
            "-w",
        ]
    ]


def test_keychain_hex_encoded(tmp_path):
    security = FakeSecurity({("Claude Code-credentials", "ada"): json.dumps(OAUTH).encode().hex()})
    assert (
        claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security).value
        == ACCESS_TOKEN
    )


def test_config_dir_changes_the_service_name(tmp_path):
    config = "/Users/ada/.claude-work"
    service = f"Claude Code-credentials-{hashlib.sha256(config.encode()).hexdigest()[:8]}"
    assert keychain_service({"CLAUDE_CONFIG_DIR": config}) == service
    security = FakeSecurity({(service, "ada"): json.dumps(OAUTH)})
    token = claude_code_token(
        env(tmp_path, CLAUDE_CONFIG_DIR=config), now=NOW, platform="darwin", run=security
    )
    assert token.value == ACCESS_TOKEN


def test_keychain_item_without_oauth_falls_back_to_the_file(tmp_path):
    security = FakeSecurity({("Claude Code-credentials", "ada"): json.dumps({"mcpOAuth": {}})})
    write_claude_credentials(tmp_path / "home", "sk-ant-oat01-from-file")
    token = claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security)
    assert token.value == "sk-ant-oat01-from-file"


@pytest.mark.parametrize(
    "fail", [FileNotFoundError("no security"), subprocess.TimeoutExpired("security", 5)]
)
def test_a_broken_security_tool_falls_back_to_the_file(tmp_path, fail):
    write_claude_credentials(tmp_path / "home", "sk-ant-oat01-from-file")
    token = claude_code_token(
        env(tmp_path), now=NOW, platform="darwin", run=FakeSecurity(fail=fail)
    )
    assert token.value == "sk-ant-oat01-from-file"


def test_keychain_is_preferred_over_a_stale_file_on_macos(tmp_path):
    write_claude_credentials(tmp_path / "home", "sk-ant-oat01-stale-file")
    security = FakeSecurity({("Claude Code-credentials", "ada"): json.dumps(OAUTH)})
    assert (
        claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security).value
        == ACCESS_TOKEN
    )


def test_linux_reads_the_file_and_never_runs_security(tmp_path):
    write_claude_credentials(tmp_path / "home")
    security = FakeSecurity()
    token = claude_code_token(env(tmp_path), now=NOW - 10**9, platform="linux", run=security)
    assert token.value == ACCESS_TOKEN and security.calls == []


def test_config_dir_holds_the_file(tmp_path):
    config = tmp_path / "cfg"
    config.mkdir()
    (config / ".credentials.json").write_text(json.dumps(OAUTH))
    token = claude_code_token(
        env(tmp_path, CLAUDE_CONFIG_DIR=str(config)), now=NOW, platform="linux"
    )
    assert token.value == ACCESS_TOKEN


@pytest.mark.parametrize(
    "content",
    [
        None,
        "",
        "{broken",
        "[]",
        '{"claudeAiOauth": "x"}',
        '{"claudeAiOauth": {"accessToken": 5}}',
        "zz-not-hex",
    ],
)
def test_no_usable_credentials_is_no_token(tmp_path, content):
    if content is not None:
        (tmp_path / "home" / ".claude").mkdir(parents=True)
        (tmp_path / "home" / ".claude" / ".credentials.json").write_text(content)
    with pytest.raises(NoToken, match="No Claude Code sign-in"):
        claude_code_token(env(tmp_path), now=NOW, platform="linux")


def test_expired_token_is_refused_before_any_request(tmp_path):
    path = write_claude_credentials(tmp_path / "home", expires_in_s=-60)
    before = path.read_bytes()
    with pytest.raises(TokenExpired, match="expired"):
        claude_code_token(env(tmp_path), now=time.time(), platform="linux")
    assert path.read_bytes() == before  # never written, never refreshed


def test_repr_never_shows_the_token(tmp_path):
    write_claude_credentials(tmp_path / "home")
    token = claude_code_token(env(tmp_path), now=0, platform="linux")
    assert ACCESS_TOKEN not in repr(token)


MCP = {"mcpOAuth": {"github|1a2b": {"accessToken": "gho_mcp-token-not-ours", "expiresAt": 1}}}
WHOLE = json.dumps({**OAUTH, **MCP, "padding": "x" * 2000})  # past the Keychain's ~2 KB
CUT = WHOLE[: WHOLE.index("mcpOAuth") + 40]  # ours whole, the MCP servers' cut mid-way
IN_OURS = json.dumps(
    {"claudeAiOauth": {"accessToken": ACCESS_TOKEN, "expiresAt": int((NOW + 3600) * 1000)}}
)


def hex_of(data: bytes) -> str:
    return data.hex()


@pytest.mark.parametrize(
    ("secret", "expires_at"),
    [
        pytest.param(json.dumps(OAUTH) + "\x00\x00", NOW + 3600, id="terminator-kept"),
        pytest.param(
            "\x00" + json.dumps(OAUTH).replace(", ", ",\x00 "), NOW + 3600, id="nul-between"
        ),
        pytest.param(hex_of(json.dumps(OAUTH).encode() + b"\x00"), NOW + 3600, id="hex-with-nul"),
        pytest.param(CUT, NOW + 3600, id="cut-in-mcp"),
        pytest.param(CUT + "\x00", NOW + 3600, id="cut-then-nul"),
        pytest.param(hex_of(CUT.encode()), NOW + 3600, id="hex-cut"),
        pytest.param(hex_of(CUT.encode())[:-1], NOW + 3600, id="hex-cut-mid-byte"),
        pytest.param(hex_of((CUT + "é").encode())[:-2], NOW + 3600, id="hex-cut-mid-character"),
        pytest.param(IN_OURS[: IN_OURS.index('"expiresAt"')], None, id="cut-before-expiry"),
        pytest.param(
            IN_OURS[: IN_OURS.index('"expiresAt"') + 16], None, id="cut-inside-expiry"
        ),  # a cut number is not a date
        pytest.param(IN_OURS[:-2] + "}", NOW + 3600, id="outer-object-unclosed"),
    ],
)
def test_keychain_item_with_nul_bytes_or_cut_short_still_gives_the_token(
    tmp_path, secret, expires_at
):
    security = FakeSecurity({("Claude Code-credentials", "ada"): secret})
    token = claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security)
    assert (token.value, token.expires_at) == (ACCESS_TOKEN, expires_at)


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(json.dumps(MCP), id="mcp-only"),
        pytest.param(json.dumps(MCP)[:-5], id="mcp-only-cut"),
        pytest.param(
            json.dumps({**MCP, **OAUTH})[: json.dumps(MCP).index("expiresAt")],
            id="ours-not-reached",
        ),
        pytest.param(IN_OURS[: IN_OURS.index(ACCESS_TOKEN) + 20], id="cut-inside-the-token"),
        pytest.param("\x00\x00", id="only-nul"),
        pytest.param(hex_of(b"\x00" * 8), id="hex-only-nul"),
        pytest.param('{"claudeAiOauth": \x00', id="cut-before-ours-opens"),
    ],
)
def test_keychain_item_without_a_whole_token_of_ours_is_no_token(tmp_path, secret):
    security = FakeSecurity({("Claude Code-credentials", "ada"): secret})
    with pytest.raises(NoToken):
        claude_code_token(env(tmp_path), now=NOW, platform="darwin", run=security)


def test_every_cut_of_an_item_gives_the_whole_token_or_none():
    whole = json.dumps({**OAUTH, **MCP})
    for cut in range(len(whole) + 1):
        for secret in (whole[:cut], hex_of(whole.encode())[: 2 * cut + cut % 2]):
            oauth = oauth_section(secret) or {}
            assert oauth.get("accessToken") in (None, ACCESS_TOKEN), cut
            assert oauth.get("expiresAt") in (None, OAUTH["claudeAiOauth"]["expiresAt"]), cut


@pytest.mark.parametrize("nested", ["[" * 100_000, '{"claudeAiOauth": ' + "[" * 100_000])
def test_absurdly_nested_credentials_are_no_token(tmp_path, nested):
    (tmp_path / "home" / ".claude").mkdir(parents=True)
    (tmp_path / "home" / ".claude" / ".credentials.json").write_text(nested)
    with pytest.raises(NoToken):
        claude_code_token(env(tmp_path), now=NOW, platform="linux")
