"""Password dialogs, driven through stand-in osascript/zenity/kdialog executables on PATH."""

from __future__ import annotations

import json

import pytest

from claude_usage.system.dialog import NoDialog, ask_choice, ask_for_token, ask_text
from stand_ins import calls, path_env, stand_in

SECRET = "sk-ant-oat01-typed-into-the-dialog"


def test_macos_asks_with_osascript_passing_only_the_prompt(tmp_path):
    log = stand_in(tmp_path / "bin", "osascript", prints=SECRET + "\n")
    token = ask_for_token(path_env(tmp_path / "bin"), platform="darwin", interactive=False)
    assert token == SECRET
    (argv,) = calls(log)
    assert SECRET not in json.dumps(argv)
    source = " ".join(argv[i + 1] for i, a in enumerate(argv) if a == "-e")
    assert "with hidden answer" in source and "on run argv" in source
    assert argv[-2:] == ["Paste a Claude OAuth access token (sk-ant-oat…)", "Claude Usage"]


def test_macos_dialog_comes_to_the_front_without_controlling_another_app(tmp_path):
    """osascript, started by a menu-bar app, is a background process: its dialog opens
    behind the frontmost window unless it activates itself first. Activating itself
    (`tell me`) sends no Apple event to another app, so no Automation permission is asked."""
    log = stand_in(tmp_path / "bin", "osascript", prints=SECRET + "\n")
    ask_for_token(path_env(tmp_path / "bin"), platform="darwin", interactive=False)
    (argv,) = calls(log)
    lines = [argv[i + 1] for i, a in enumerate(argv) if a == "-e"]
    activate = lines.index("tell me to activate")
    assert activate < next(i for i, line in enumerate(lines) if "display dialog" in line)
    assert not any("tell application" in line for line in lines)


@pytest.mark.parametrize("tool", ["osascript", "zenity", "kdialog"])
def test_cancel_returns_none(tmp_path, tool):
    stand_in(tmp_path / "bin", tool, exit_code=1)
    platform = "darwin" if tool == "osascript" else "linux"
    assert ask_for_token(path_env(tmp_path / "bin"), platform=platform, interactive=False) is None


def test_linux_prefers_zenity_then_kdialog(tmp_path):
    zenity = stand_in(tmp_path / "bin", "zenity", prints=SECRET)
    kdialog = stand_in(tmp_path / "bin", "kdialog", prints="other")
    assert ask_for_token(path_env(tmp_path / "bin"), platform="linux", interactive=False) == SECRET
    assert calls(zenity)[0][1:] == [
        "--password",
        "--title=Claude Usage: Paste a Claude OAuth access token (sk-ant-oat…)",
    ]
    assert calls(kdialog) == []
    (tmp_path / "bin" / "zenity").unlink()
    assert ask_for_token(path_env(tmp_path / "bin"), platform="linux", interactive=False) == "other"
    assert "--password" in calls(kdialog)[0]


def test_terminal_prompt_when_no_dialog(tmp_path):
    prompts = []
    token = ask_for_token(
        {"PATH": str(tmp_path)},
        platform="linux",
        interactive=True,
        ask_terminal=lambda p: prompts.append(p) or SECRET,
    )
    assert token == SECRET and "sk-ant-oat" in prompts[0]


def test_no_dialog_and_no_terminal_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr("claude_usage.system.tools.SYSTEM_DIRS", ())  # whatever this machine has
    with pytest.raises(NoDialog, match="--set-token -"):
        ask_for_token({"PATH": str(tmp_path)}, platform="linux", interactive=False)


def test_a_dialog_that_cannot_run_is_a_plain_error(tmp_path):
    def broken(*args, **kwargs):
        raise PermissionError("not executable")

    stand_in(tmp_path / "bin", "zenity")
    with pytest.raises(NoDialog, match="password dialog failed"):
        ask_for_token(path_env(tmp_path / "bin"), platform="linux", interactive=False, run=broken)


# Text and choices: an account's name, its folder, which account to rename or remove.


def test_a_text_dialog_shows_its_first_answer_and_returns_what_was_typed(tmp_path):
    log = stand_in(tmp_path / "bin", "osascript", prints="~/.claude-work\n")
    typed = ask_text(
        path_env(tmp_path / "bin"), "Claude Code folder", "~/", platform="darwin", interactive=False
    )
    assert typed == "~/.claude-work"
    (argv,) = calls(log)
    assert argv[-3:] == ["Claude Code folder", "Claude Usage", "~/"]
    assert "with hidden answer" not in " ".join(argv)


@pytest.mark.parametrize(
    ("tool", "platform", "answer", "picked"),
    [
        ("osascript", "darwin", "work\n", "work"),
        ("zenity", "linux", "personal\n", "personal"),
        ("kdialog", "linux", "work\n", "work"),
        ("zenity", "linux", "not one of them\n", None),  # only a listed choice counts
    ],
)
def test_a_choice_dialog_lists_the_choices_and_returns_the_one_picked(
    tmp_path, tool, platform, answer, picked
):
    log = stand_in(tmp_path / "bin", tool, prints=answer)
    choices = ["Claude Code", "work", "personal"]
    got = ask_choice(
        path_env(tmp_path / "bin"), "Which?", choices, platform=platform, interactive=False
    )
    assert got == picked
    (argv,) = calls(log)
    assert argv[-3:] == choices and "Which?" in " ".join(argv)


@pytest.mark.parametrize("tool", ["osascript", "zenity", "kdialog"])
def test_a_cancelled_choice_is_none(tmp_path, tool):
    stand_in(tmp_path / "bin", tool, exit_code=1)
    platform = "darwin" if tool == "osascript" else "linux"
    env = path_env(tmp_path / "bin")
    assert ask_choice(env, "Which?", ["a", "b"], platform=platform, interactive=False) is None


@pytest.mark.parametrize(("typed", "picked"), [("2", "b"), ("9", None), ("b", None), ("", None)])
def test_at_a_terminal_a_choice_is_typed_by_number(tmp_path, typed, picked):
    env = path_env(tmp_path / "empty")
    got = ask_choice(
        env, "Which?", ["a", "b"], platform="linux", interactive=True, ask_terminal=lambda _: typed
    )
    assert got == picked


def test_with_no_dialog_and_no_terminal_a_choice_says_what_to_do(tmp_path):
    with pytest.raises(NoDialog, match="name the account on the command line"):
        ask_choice(
            path_env(tmp_path / "empty"), "Which?", ["a"], platform="linux", interactive=False
        )
