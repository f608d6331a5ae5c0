"""Desktop notifications: the text travels as arguments, and a failure is reported, not raised."""

from __future__ import annotations

import subprocess
from urllib.parse import unquote

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


class Recorded:
    """A stand-in for subprocess.run that keeps each command and answers as told."""

    def __init__(self, returncode=0, stderr=""):
        self.commands, self.returncode, self.stderr = [], returncode, stderr

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        return subprocess.CompletedProcess(command, self.returncode, "", self.stderr)


def as_swiftbar_reads(url):
    """The notify URL's fields as SwiftBar gets them: URLComponents.queryItems decodes
    percent escapes (never `+`), then AppDelegate turns every `+` in title, subtitle and
    body into a space (SwiftBar AppDelegate.swift, case "notify")."""
    scheme, rest = url.split("://", 1)
    host, query = rest.split("?", 1)
    fields = dict(item.split("=", 1) for item in query.split("&"))
    fields = {key: unquote(value) for key, value in fields.items()}
    for key in ("title", "subtitle", "body"):
        if key in fields:
            fields[key] = fields[key].replace("+", " ")
    return scheme, host, fields


SWIFTBAR_ENV = {"SWIFTBAR": "1", "SWIFTBAR_PLUGIN_PATH": "/Users/a b/Plugins/claude_usage.1m.py"}


def test_under_swiftbar_the_notification_comes_from_swiftbar(tmp_path):
    stand_in(tmp_path / "bin", "osascript")
    run = Recorded()
    env = {**path_env(tmp_path / "bin"), **SWIFTBAR_ENV}
    problem = notify(
        "Claude usage: session at 91%",
        "Critical: 9% left until 21:12 (in 1h 12m)",
        env,
        platform="darwin",
        run=run,
        link="https://claude.ai/settings/usage",
    )
    assert problem is None
    ((opener, background, url),) = run.commands  # osascript is not asked at all
    assert (opener, background) == ("/usr/bin/open", "-g")  # never whatever PATH holds
    assert as_swiftbar_reads(url) == (
        "swiftbar",
        "notify",
        {
            "plugin": "claude_usage.1m.py",  # the plugin's id in SwiftBar: its file name
            "title": "Claude usage: session at 91%",
            "body": "Critical: 9% left until 21:12 (in 1h 12m)",
            "href": "https://claude.ai/settings/usage",
        },
    )


def test_text_survives_swiftbars_url_decoding():
    run = Recorded()
    title, body = "C++ & more = 100% ✓ #1?", "a+b, 50%+ / ¼; done"
    assert notify(title, body, SWIFTBAR_ENV, platform="darwin", run=run) is None
    url = run.commands[0][2]
    assert all(c.isascii() and c not in " +#" for c in url)
    _, _, fields = as_swiftbar_reads(url)
    # SwiftBar turns any `+` into a space, however it is encoded: a look-alike keeps it
    assert fields["title"] == "C\uff0b\uff0b & more = 100% ✓ #1?"
    assert fields["body"] == "a\uff0bb, 50%\uff0b / ¼; done"


def test_swiftbar_refusing_the_url_is_reported():
    run = Recorded(returncode=1, stderr="No application knows how to open URL swiftbar://…")
    problem = notify("T", "B", SWIFTBAR_ENV, platform="darwin", run=run)
    assert problem is not None and problem.startswith("notification failed: No application")


@pytest.mark.parametrize(
    ("platform", "env", "tool"),
    [
        ("darwin", {"XBARDarkMode": "true"}, "osascript"),  # xbar: osascript, as before
        ("darwin", {"SWIFTBAR": "1"}, "osascript"),  # no plugin path: SwiftBar cannot tell who
        ("linux", SWIFTBAR_ENV, "notify-send"),
    ],
)
def test_other_hosts_keep_their_notifier(tmp_path, platform, env, tool):
    log = stand_in(tmp_path / "bin", tool)
    assert notify("T", "B", {**path_env(tmp_path / "bin"), **env}, platform=platform) is None
    assert calls(log)[0][-2:] == ["T", "B"]
