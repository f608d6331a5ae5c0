"""Text from the API shows exactly as written, in every host: no escapes, emoji or markup.

The menus these tests print also feed .ci/hosts.py, which reads them with the
hosts' own parsers; here they are checked against our own reading of the format.
"""

from __future__ import annotations

import time

import pytest

from conftest import Reply, fixture_reply, lint, run_plugin, write_claude_credentials

NAMES = [
    "Opus\\nNext",  # xbar: a line break; SwiftBar: one too
    "Hex\\x41\\u00e9",  # xbar: HexAé
    "Red\\033[31mAlert",  # xbar and Argos: the rest turns red
    "Dbl\\\\Back",  # every host: one backslash lost
    "Win\\Path\\x41\\101",  # Argos: WinPathx41A
    "Trail\\",  # Argos drops it
    ":fire: Fast :+1:",  # xbar and Argos: emoji; SwiftBar: SF Symbols
    "<b>Bold</b> & Co",  # Argos: Pango markup
    "Pipe|Split",  # every host: the parameters start here
]
HOSTS = {"xbar": {}, "swiftbar": {"SWIFTBAR": "1"}, "argos": {"ARGOS_VERSION": "2"}}


def hostile_reply() -> dict:
    body = fixture_reply("usage_max20x.json", time.time())
    resets = body["seven_day"]["resets_at"]
    body["limits"] = [
        {
            "kind": "weekly_scoped",
            "percent": 10.0 + n,
            "resets_at": resets,
            "scope": {"model": {"id": f"claude-x{n}", "display_name": name}},
        }
        for n, name in enumerate(NAMES)
    ]
    body["extra_usage"] = {
        "is_enabled": True,
        "monthly_limit": 5000,
        "used_credits": 1234,
        "currency": ":+1:",
    }
    return body


@pytest.mark.parametrize("host", HOSTS)
def test_hostile_names_and_currency_keep_the_menu_whole(isolated, server, host):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, hostile_reply()))
    done = run_plugin(env_extra={"CLAUDE_USAGE_API_URL": server.url, **HOSTS[host]})
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0 and "Internal error" not in out, done.stderr
    assert not lint(out, host=host)
    lines = out.splitlines()
    for n, name in enumerate(NAMES):
        line = next(line for line in lines if f"{10 + n}% used" in line)
        heading = lines[lines.index(line) - 1]
        assert "emojize=false" in heading  # outside text
        if "\\" in name and host != "swiftbar":
            assert {"xbar": "ansi=false", "argos": "unescape=false"}[host] in heading
    money = next(line for line in lines if "12.34" in line)
    assert ":+1:" in money and "emojize=false" in money
