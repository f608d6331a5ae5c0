"""The request in the user's environment: ~/.netrc, proxies and CA bundles, end to end.

requests reads all three from the environment; only the proxies and the CA
bundle may have a say. Each test runs the plugin against real local servers.
"""

from __future__ import annotations

import ssl
import time

import pytest

from conftest import (
    ACCESS_TOKEN,
    Reply,
    UsageServer,
    fixture_reply,
    run_plugin,
    write_claude_credentials,
)
from tunnel import ConnectProxy, self_signed

NETRC = "machine 127.0.0.1 login ada password hunter2-machine\ndefault login ada password hunter2\n"


def usage_reply():
    return Reply(200, fixture_reply("usage_max20x.json", time.time()))


def test_a_netrc_never_replaces_the_bearer_token(server, isolated):
    home = isolated / "home"
    write_claude_credentials(home)
    (home / ".netrc").write_text(NETRC)
    (home / ".netrc").chmod(0o600)
    server.play(usage_reply())
    done = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url})
    assert done.stdout.decode().startswith("○ 24%"), done.stdout
    (request,) = server.requests
    assert request["headers"]["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert "hunter2" not in repr(request["headers"])


@pytest.fixture
def tls_server(isolated):
    cert, key = self_signed(isolated)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    srv = UsageServer(tls=context)
    yield srv, cert
    srv.close()


@pytest.fixture
def proxy():
    tunnel = ConnectProxy()
    yield tunnel
    tunnel.close()


def test_https_proxy_and_ca_bundle_from_the_environment_still_apply(tls_server, proxy, isolated):
    server, cert = tls_server
    home = isolated / "home"
    write_claude_credentials(home)
    (home / ".netrc").write_text(NETRC)
    server.play(usage_reply())
    env = {"CLAUDE_USAGE_API_URL": server.url, "HTTPS_PROXY": proxy.url, "NO_PROXY": ""}
    env.update(https_proxy=proxy.url, no_proxy="", REQUESTS_CA_BUNDLE=str(cert))
    out = run_plugin(env_extra=env).stdout.decode()
    assert out.startswith("○ 24%"), out
    assert proxy.targets == [server.url.removeprefix("https://")]  # through the tunnel
    assert server.requests[0]["headers"]["Authorization"] == f"Bearer {ACCESS_TOKEN}"


def test_without_the_ca_bundle_the_test_certificate_is_refused(tls_server, isolated):
    server, _ = tls_server
    write_claude_credentials(isolated / "home")
    server.play(usage_reply())
    out = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url}).stdout.decode()
    assert "Can't reach the Anthropic API" in out and server.requests == []


@pytest.mark.parametrize("bypass", [True, False])
def test_no_proxy_decides_whether_the_proxy_is_asked(server, isolated, bypass):
    write_claude_credentials(isolated / "home")
    proxy = UsageServer()  # a plain-HTTP proxy sees the whole URL in its request line
    try:
        proxy.play(usage_reply())
        server.play(usage_reply())
        skip = "127.0.0.1" if bypass else ""
        env = {"CLAUDE_USAGE_API_URL": server.url, "HTTP_PROXY": proxy.url, "NO_PROXY": skip}
        env.update(http_proxy=proxy.url, no_proxy=skip)
        assert run_plugin(env_extra=env).stdout.decode().startswith("○ 24%")
        asked, bypassed = (server, proxy) if bypass else (proxy, server)
        assert [r["path"] for r in asked.requests] == [
            f"{server.url}/api/oauth/usage" if not bypass else "/api/oauth/usage"
        ]
        assert bypassed.requests == []
        assert asked.requests[0]["headers"]["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    finally:
        proxy.close()


@pytest.mark.parametrize("args", [(), ("--refresh",), ("--validate",), ("--set-token", "-")])
def test_plain_http_to_another_machine_is_refused_before_the_token_leaves(server, isolated, args):
    """A proxy on 127.0.0.1 stands in for the network: whatever would be sent reaches it."""
    write_claude_credentials(isolated / "home")
    server.play(usage_reply())
    env = {"CLAUDE_USAGE_API_URL": "http://usage.example.test", "HTTP_PROXY": server.url}
    env.update(http_proxy=server.url, NO_PROXY="", no_proxy="")
    done = run_plugin(*args, env_extra=env, input="sk-ant-oat01-pasted-token\n")
    said = done.stdout.decode() + done.stderr.decode()
    assert server.requests == []
    assert "CLAUDE_USAGE_API_URL" in said and "https://" in said
    assert "Internal error" not in said
    if not args:
        assert done.returncode == 0 and said.startswith("⚠ Claude")
