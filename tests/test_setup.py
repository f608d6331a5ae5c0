"""Our status line in Claude Code's settings.json: added only where none is, removed if ours."""

from __future__ import annotations

import json
import os

from conftest import PLUGIN, run_plugin


def settings_file(isolated):
    path = isolated / "home" / ".claude" / "settings.json"
    path.parent.mkdir(exist_ok=True)
    return path


def setup(*args, **env):
    done = run_plugin(*args, env_extra=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def test_added_when_none_is_set_keeping_every_other_key_and_the_files_mode(isolated):
    path = settings_file(isolated)
    path.write_text('{"env": {"A": "1"}, "hooks": {}}')
    path.chmod(0o640)
    setup("--install-statusline")
    settings = json.loads(path.read_text())
    assert settings["env"] == {"A": "1"} and settings["hooks"] == {}
    assert settings["statusLine"] == {
        "type": "command",
        "command": f"{PLUGIN} --statusline",
        "padding": 0,
    }
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert "already ours" in setup("--install-statusline")  # and idempotent


def test_a_new_settings_file_is_created_private(isolated):
    path = settings_file(isolated)
    setup("--install-statusline")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["statusLine"]["command"].endswith("--statusline")


def test_an_existing_status_line_is_never_overwritten_and_the_recipe_is_shown(isolated):
    path = settings_file(isolated)
    theirs = '{"statusLine": {"type": "command", "command": "npx ccstatusline"}}'
    path.write_text(theirs)
    out = setup("--install-statusline")
    assert path.read_text() == theirs
    assert "--statusline quiet" in out and "YOUR-COMMAND" in out
    assert "No status line of ours" in setup("--uninstall-statusline")
    assert path.read_text() == theirs


def test_uninstall_removes_only_ours(isolated):
    path = settings_file(isolated)
    path.write_text('{"model": "sonnet"}')
    setup("--install-statusline")
    assert "Removed" in setup("--uninstall-statusline")
    assert json.loads(path.read_text()) == {"model": "sonnet"}


def test_claude_config_dir_is_honoured(isolated):
    folder = isolated / "work-claude"
    setup("--install-statusline", CLAUDE_CONFIG_DIR=str(folder))
    assert "statusLine" in json.loads((folder / "settings.json").read_text())


def test_a_broken_settings_file_is_left_alone_with_a_clear_message(isolated):
    path = settings_file(isolated)
    path.write_text("{not json")
    done = run_plugin("--install-statusline")
    assert done.returncode == 1
    assert b"is not valid JSON: nothing changed" in done.stderr
    assert path.read_text() == "{not json"


def test_each_claude_code_folder_account_gets_it_too_and_loses_it_again(isolated):
    work = isolated / "home" / ".claude-work"
    work.mkdir()
    (work / "settings.json").write_text('{"statusLine": {"type": "command", "command": "mine"}}')
    other = isolated / "home" / ".claude-other"
    other.mkdir()
    setup("--account", "add", "work", "--folder", str(work))
    setup("--account", "add", "other", "--folder", str(other))
    said = setup("--install-statusline")
    assert said.count("now runs") == 2 and "You already have a status line" in said
    assert json.loads((work / "settings.json").read_text())["statusLine"]["command"] == "mine"
    ours = json.loads((other / "settings.json").read_text())["statusLine"]["command"]
    assert ours == f"{PLUGIN} --statusline"
    said = setup("--uninstall-statusline")
    assert said.count("Removed our status line") == 2 and "No status line of ours" in said
    assert "statusLine" not in json.loads((other / "settings.json").read_text())
