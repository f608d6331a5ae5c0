"""Password dialogs, driven through stand-in osascript/zenity/kdialog executables on PATH."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from claude_usage.desktop import notify
from claude_usage.dialog import NoDialog, ask_for_token

SECRET = "sk-ant-oat01-typed-into-the-dialog"


def stand_in(bin_dir: Path, name: str, *, prints: str = "", exit_code: int = 0) -> Path:
    """An executable that records its argv to NAME.argv.json and answers as told."""
    bin_dir.mkdir(exist_ok=True)
    log = bin_dir / f"{name}.argv.json"
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(log)!r}, 'a') as f: f.write(json.dumps(sys.argv) + '\\n')\n"
        f"sys.stdout.write({prints!r})\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(0o755)
    return log


def calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def path_env(bin_dir: Path) -> dict:
    return {"PATH": f"{bin_dir}{os.pathsep}/nonexistent"}


def test_macos_asks_with_osascript_passing_only_the_prompt(tmp_path):
    log = stand_in(tmp_path / "bin", "osascript", prints=SECRET + "\n")
    token = ask_for_token(path_env(tmp_path / "bin"), platform="darwin", interactive=False)
    assert token == SECRET
    (argv,) = calls(log)
    assert SECRET not in json.dumps(argv)
    source = " ".join(argv[i + 1] for i, a in enumerate(argv) if a == "-e")
    assert "with hidden answer" in source and "on run argv" in source
    assert argv[-2:] == ["Paste a Claude OAuth access token (sk-ant-oat…)", "Claude Usage"]


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
    monkeypatch.setattr("claude_usage.tools.SYSTEM_DIRS", ())  # whatever this machine has
    with pytest.raises(NoDialog, match="--set-token -"):
        ask_for_token({"PATH": str(tmp_path)}, platform="linux", interactive=False)


def test_notification_passes_text_as_arguments_not_script(tmp_path):
    log = stand_in(tmp_path / "bin", "osascript")
    assert notify(
        "Claude usage: session at 91%",
        'Critical: "quoted" & more',
        path_env(tmp_path / "bin"),
        platform="darwin",
    )
    (argv,) = calls(log)
    source = " ".join(argv[i + 1] for i, a in enumerate(argv) if a == "-e")
    assert "91" not in source and "quoted" not in source
    assert argv[-2:] == ["Claude usage: session at 91%", 'Critical: "quoted" & more']


def test_notify_send_on_linux_and_failure_is_not_fatal(tmp_path, capsys):
    log = stand_in(tmp_path / "bin", "notify-send", exit_code=3)
    assert notify("T", "B", path_env(tmp_path / "bin"), platform="linux") is False
    assert calls(log)[0][-2:] == ["T", "B"]
    assert "notification failed" in capsys.readouterr().err


def test_a_dialog_that_cannot_run_is_a_plain_error(tmp_path):
    def broken(*args, **kwargs):
        raise PermissionError("not executable")

    stand_in(tmp_path / "bin", "zenity")
    with pytest.raises(NoDialog, match="password dialog failed"):
        ask_for_token(path_env(tmp_path / "bin"), platform="linux", interactive=False, run=broken)
