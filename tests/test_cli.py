"""The one error boundary: every command's bug becomes one plain line and the right exit code."""

from __future__ import annotations

import os

import pytest

from claude_usage import cli
from claude_usage.commands import Outcome
from claude_usage.core.errors import KeyringUnavailable
from conftest import run_plugin

NOW = 1_767_384_000.0


def broken(run, value):
    raise RuntimeError("a bug with a long story")


def main(argv, monkeypatch, handler=None, flag=None):
    if handler is not None:
        command = cli.COMMANDS[flag]
        monkeypatch.setitem(cli.COMMANDS, flag, cli.Command(handler, command.arity, command.kind))
    env = {**os.environ, "CLAUDE_USAGE_API_URL": "http://127.0.0.1:9"}
    return cli.main(argv, env=env, plugin_path="/p/claude_usage.1m.py", now=NOW)


@pytest.mark.parametrize(
    ("argv", "code", "err"),
    [
        (["--json"], 1, "Internal error (RuntimeError)\n"),
        (["--refresh"], 1, "Internal error (RuntimeError)\n"),
        (["--validate"], 1, "Internal error (RuntimeError): nothing was changed\n"),
        (["--notifications", "on"], 1, "Internal error (RuntimeError): nothing was changed\n"),
    ],
)
def test_a_bug_in_any_command_is_one_line_and_an_exit_code(argv, code, err, monkeypatch, capsys):
    assert main(argv, monkeypatch, broken, argv[0]) == code
    out, printed = capsys.readouterr()
    assert out == ""
    assert printed.endswith(err)  # after the note that names the bug, for the terminal
    assert "Traceback" not in printed
    assert printed.splitlines()[0].startswith("claude-usage: internal error in ")


@pytest.mark.parametrize("flag", ["", "--demo"])
def test_a_bug_in_a_menu_command_still_prints_a_menu_and_exits_0(flag, monkeypatch, capsys):
    assert main([flag] if flag else [], monkeypatch, broken, flag) == 0
    out = capsys.readouterr().out
    assert out.startswith("◌ Claude") or out.startswith("⚠ Claude")
    assert "Internal error (RuntimeError)" in out


def test_an_outside_failure_in_a_settings_action_exits_1_with_its_message(monkeypatch, capsys):
    def locked(run, value):
        raise KeyringUnavailable("The keyring is locked: unlock it, then Refresh")

    assert main(["--forget-token"], monkeypatch, locked, "--forget-token") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "The keyring is locked: unlock it, then Refresh"
    # Clicked in the menu, nobody sees stderr: it goes to a notification too (none here).
    assert err[1:] == ["claude-usage: no notifier for: Claude Usage: " + err[0]]


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["--nope"], "unknown arguments: --nope"),
        (["--refresh", "now"], "unknown arguments: --refresh now"),
        (["sk-ant-oat01-secret"], "unknown arguments: sk-ant-…"),
        (["--token-source", "work"], "--token-source takes claude-code or manual"),
        (["--notifications", "maybe"], "--notifications takes on or off"),
        (["--set-token", "sk-ant-oat01-secret"], "pass the token on stdin"),
        (["--set-token=sk-ant-oat01-secret"], "pass the token on stdin"),
        (["--token-source"], "--token-source takes claude-code or manual"),
        (["--token-source="], "--token-source takes claude-code or manual"),
        (["--token-source=work"], "--token-source takes claude-code or manual"),
        (["--notifications"], "--notifications takes on or off"),
        (["--token-source=manual", "extra"], "unknown arguments: --token-source=manual extra"),
    ],
)
def test_usage_errors_exit_2_with_the_usage_text(argv, shown, monkeypatch, capsys):
    assert main(argv, monkeypatch) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"claude-usage: {shown}") and "usage:" in err
    assert "secret" not in err


TOKEN = "sk-ant-oat01-Zq3xV9mK2pL7wR4tY8uN1bC6dF0gH5jS"
OPAQUE = "Zq3xV9mK2pL7wR4tY8uN1bC6dF0gH5jS"  # a token pasted without its prefix


@pytest.mark.parametrize(
    ("argv", "readable"),
    [
        ([f"--set-token {TOKEN}"], "--set-token sk-ant-…"),
        ([f'"{TOKEN}"'], '"sk-ant-…"'),
        ([f"--refresh={TOKEN}"], "--refresh=sk-ant-…"),
        ([f"Bearer:{TOKEN}"], "Bearer:sk-ant-…"),
        (["--refresh", f"Bearer {TOKEN}"], "--refresh Bearer sk-ant-…"),
        ([f"--validate={OPAQUE}"], "--validate=…"),
        (["--validate", OPAQUE], "--validate …"),
        ([f"x{TOKEN[:12]}"], "xsk-ant-…"),  # even a short piece of one
        (["--uninstall-statusline", "--demo"], "--uninstall-statusline --demo"),
    ],
)
def test_a_token_among_the_arguments_is_never_echoed(argv, readable):
    done = run_plugin(*argv)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 2
    assert err.startswith(f"claude-usage: unknown arguments: {readable}\n")
    for secret in (TOKEN, OPAQUE, OPAQUE[:8], OPAQUE[-8:]):
        assert secret not in out + err


def test_a_command_returns_its_outcome_and_the_cli_prints_it(monkeypatch, capsys):
    said = Outcome(0, out="to stdout", err="to stderr")
    assert main(["--json"], monkeypatch, lambda run, value: said, "--json") == 0
    assert capsys.readouterr() == ("to stdout\n", "to stderr\n")


def test_the_clock_is_read_once_and_passed_down(monkeypatch, capsys):
    seen = []
    main(["--json"], monkeypatch, lambda run, value: seen.append(run.now) or Outcome(), "--json")
    assert seen == [NOW]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--token-source=manual"], "Token source: manual"),
        (["--notifications=off"], "Notifications: off"),
    ],
)
def test_a_value_may_follow_its_option_after_an_equals_sign(argv, said, monkeypatch, capsys):
    assert main(argv, monkeypatch) == 0
    assert capsys.readouterr().out == f"{said}\n"


def test_help_names_every_option_and_the_equals_form(capsys):
    assert cli.main(["--help"]) == 0
    usage = capsys.readouterr().out
    for flag in cli.COMMANDS:
        assert not flag or flag in usage, flag
    assert "--version" in usage.splitlines()[0]  # the synopsis too
    assert "--token-source=manual" in usage
