"""Desktop notifications: the text travels as arguments, and a failure is reported, not raised."""

from __future__ import annotations

import pytest

from claude_usage.system.notifier import notify
from stand_ins import calls, path_env, stand_in


def test_notification_passes_text_as_arguments_not_script(tmp_path):
    log = stand_in(tmp_path / "bin", "osascript")
    problem = notify(
        "Claude usage: session at 91%",
        'Critical: "quoted" & more',
        path_env(tmp_path / "bin"),
        platform="darwin",
    )
    assert problem is None
    (argv,) = calls(log)
    source = " ".join(argv[i + 1] for i, a in enumerate(argv) if a == "-e")
    assert "91" not in source and "quoted" not in source
    assert argv[-2:] == ["Claude usage: session at 91%", 'Critical: "quoted" & more']


def test_notify_send_on_linux_and_failure_is_not_fatal(tmp_path, capsys):
    log = stand_in(tmp_path / "bin", "notify-send", exit_code=3)
    problem = notify("T", "B", path_env(tmp_path / "bin"), platform="linux")
    assert problem is not None and problem.startswith("notification failed")
    assert calls(log)[0][-2:] == ["T", "B"]
    assert capsys.readouterr().err == ""  # nothing below the cli prints


def test_no_notifier_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr("claude_usage.system.tools.SYSTEM_DIRS", ())
    problem = notify("T", "B", {"PATH": str(tmp_path)}, platform="linux")
    assert problem == "no notifier for: T: B"


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_text_no_program_can_take_as_an_argument_is_cleaned(tmp_path, platform):
    log = stand_in(tmp_path / "bin", "osascript" if platform == "darwin" else "notify-send")
    title = "Claude usage: \u202eOpus\x00 4.1\ud800\u200b weekly limit at 80%"
    problem = notify(
        title, "Warning:\n20% left\u2066", path_env(tmp_path / "bin"), platform=platform
    )
    assert problem is None
    assert calls(log)[0][-2:] == ["Claude usage: Opus 4.1 weekly limit at 80%", "Warning: 20% left"]
