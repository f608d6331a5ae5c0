"""install.sh end to end: a real virtualenv in a temporary HOME, the plugin it writes run the
way xbar runs it (bare PATH, cwd /), a re-run, the clone's hand-off, and --uninstall.
macOS's side (SwiftBar's preferences) runs here too, through stand-ins for `uname` and
`defaults` on the PATH.

The install (pip fetches requests and keyring) happens once for the whole module; the tests
after it share that install and run in file order, --uninstall last.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import menu_format
from pythons import EVERYTHING, python_with

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
INSTALL_SH = REPO / "install.sh"
PLUGIN_NAME = "claude_usage.1m.py"
BARE_PATH = "/usr/bin:/bin"  # what xbar gives a plugin; its python3 has no requests
FAKE_CREDENTIALS = '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-test", "expiresAt": 4e12}}'
UNREACHABLE_API = "http://127.0.0.1:9"
MANUAL_ENTRY = "claude-usage/oauth-access-token"  # the manual token, in fake_keyring's file
REMOVAL = (  # what --uninstall tells a user with a manual token left to run
    "security delete-generic-password -s claude-usage -a oauth-access-token"
    if sys.platform == "darwin"
    else "secret-tool clear service claude-usage username oauth-access-token"
)


@dataclass
class Install:
    home: Path
    plugins: Path
    credentials: Path
    output: str

    @property
    def app_home(self) -> Path:
        return self.home / ".local/share/claude-usage"

    @property
    def venv_python(self) -> Path:
        return self.app_home / "venv/bin/python3"

    @property
    def plugin(self) -> Path:
        return self.plugins / PLUGIN_NAME


def install_env(home: Path, **extra: str) -> dict[str, str]:
    """The test run's environment (PATH, pip's settings) with our HOME and nothing of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAUDE_USAGE_", "SWIFTBAR", "XDG_"))
    }
    env.update(HOME=str(home), CI="1", **extra)
    return env


def run_install(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(INSTALL_SH), "--python", sys.executable, *args],
        env=install_env(home, **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=home.parent,
        timeout=600,
    )


def run_plugin(
    command: list[str], home: Path, cwd: Path | str = "/", **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the way xbar does: launchd's bare PATH and little else."""
    return subprocess.run(
        command,
        env={"HOME": str(home), "PATH": BARE_PATH, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def assert_menu(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    assert "%" in lines[0]
    assert "---" in lines


def file_keyring(path: Path, token: str | None = None) -> dict[str, str]:
    """The environment that gives our virtualenv tests/fake_keyring's file keyring at `path`."""
    if token is not None:
        path.write_text(json.dumps({MANUAL_ENTRY: token}))
    return {
        "PYTHONPATH": str(TESTS),
        "PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
        "FAKE_KEYRING_FILE": str(path),
    }


def macos_stand_ins(folder: Path, preferences: dict[str, str]) -> str:
    """A PATH on which `uname` says Darwin and `defaults read DOMAIN KEY` answers `preferences`."""
    folder.mkdir()
    (folder / "uname").write_text("#!/bin/sh\necho Darwin\n")
    answers = "".join(
        f'    "read {key}") echo "{value}" ;;\n' for key, value in preferences.items()
    )
    (folder / "defaults").write_text(f'#!/bin/sh\ncase "$*" in\n{answers}    *) exit 1 ;;\nesac\n')
    for tool in ("uname", "defaults"):
        (folder / tool).chmod(0o755)
    return f"{folder}:{os.environ['PATH']}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Install:
    root = tmp_path_factory.mktemp("install")
    home = root / "home"
    credentials = home / ".claude/.credentials.json"
    credentials.parent.mkdir(parents=True)
    credentials.write_text(FAKE_CREDENTIALS)
    plugins = root / "plugins"
    result = run_install(home, "--plugins-dir", str(plugins))
    assert result.returncode == 0, result.stdout + result.stderr
    return Install(home, plugins, credentials, result.stdout)


# --- the command line: no install needed ---


def test_help_lists_the_options(tmp_path: Path) -> None:
    result = run_install(tmp_path / "user", "--help")
    assert result.returncode == 0
    assert "--plugins-dir" in result.stdout
    assert "--uninstall" in result.stdout


def test_an_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run_install(tmp_path / "user", "--frobnicate")
    assert result.returncode == 2
    assert "--frobnicate" in result.stderr
    assert "--plugins-dir" in result.stderr  # the usage follows the message
    assert not (tmp_path / "user").exists()


def test_an_install_home_with_a_space_is_refused(tmp_path: Path) -> None:
    spaced = tmp_path / "with space" / "claude-usage"
    result = run_install(
        tmp_path / "user",
        "--plugins-dir",
        str(tmp_path / "plugins"),
        CLAUDE_USAGE_HOME=str(spaced),
    )
    assert result.returncode == 1
    assert "space" in result.stderr
    assert not spaced.exists()
    assert not (tmp_path / "plugins").exists()


def test_uninstall_leaves_a_plugin_that_is_not_ours_and_foreign_files(tmp_path: Path) -> None:
    app_home = tmp_path / "custom-home"
    app_home.mkdir()
    (app_home / "keep.txt").write_text("not ours")
    foreign = tmp_path / "plugins" / PLUGIN_NAME
    foreign.parent.mkdir()
    foreign.write_text("#!/usr/bin/env python3\nprint('mine')\n")
    (app_home / "installed-plugin").write_text(f"{foreign}\n")

    result = run_install(tmp_path / "user", "--uninstall", CLAUDE_USAGE_HOME=str(app_home))

    assert result.returncode == 0, result.stderr
    assert foreign.read_text() == "#!/usr/bin/env python3\nprint('mine')\n"
    assert (app_home / "keep.txt").read_text() == "not ours"
    assert not (app_home / "installed-plugin").exists()


def fake_install(app_home: Path, plugins: Path) -> Path:
    """What an install with --plugins-dir leaves, without pip: a venv, a plugin, the record."""
    venv_python = python_with(app_home / "venv", EVERYTHING)
    plugin = plugins / PLUGIN_NAME
    plugins.mkdir()
    plugin.write_text(f"#!{venv_python}\nimport sys\n")
    (app_home / "installed-plugin").write_text(f"{plugin}\n")
    return plugin


@pytest.mark.parametrize("stored", [True, False], ids=["a-token-left", "no-token"])
def test_uninstall_names_the_command_that_removes_a_manual_token_left(
    tmp_path: Path, stored: bool
) -> None:
    app_home = tmp_path / "custom-home"  # not the default: the record lives in it
    plugin = fake_install(app_home, tmp_path / "plugins")
    keyring = tmp_path / "keyring.json"
    env = file_keyring(keyring, "sk-ant-oat01-left-behind" if stored else None)
    env["PYTHONPATH"] += f":{REPO / 'lib'}"  # our library, for the fake venv

    result = run_install(tmp_path / "user", "--uninstall", CLAUDE_USAGE_HOME=str(app_home), **env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert not plugin.exists() and not app_home.exists()
    assert (REMOVAL in result.stdout) == stored, result.stdout
    if stored:  # left alone: only --purge removes it
        assert json.loads(keyring.read_text()) == {MANUAL_ENTRY: "sk-ant-oat01-left-behind"}


def test_uninstall_purge_removes_the_manual_token_first(tmp_path: Path) -> None:
    app_home = tmp_path / "app"
    fake_install(app_home, tmp_path / "plugins")
    keyring = tmp_path / "keyring.json"
    env = file_keyring(keyring, "sk-ant-oat01-to-purge")
    env["PYTHONPATH"] += f":{REPO / 'lib'}"

    result = run_install(
        tmp_path / "user", "--uninstall", "--purge", CLAUDE_USAGE_HOME=str(app_home), **env
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "removed the manual token" in result.stdout
    assert json.loads(keyring.read_text()) == {}
    assert REMOVAL not in result.stdout and not app_home.exists()


def test_purge_goes_only_with_uninstall(tmp_path: Path) -> None:
    result = run_install(tmp_path / "user", "--purge")
    assert result.returncode == 2 and "--purge goes with --uninstall" in result.stderr


def test_install_finds_the_setapp_editions_plugin_folder(tmp_path: Path) -> None:
    home, setapp = tmp_path / "home", tmp_path / "Setapp plugins"
    setapp.mkdir()
    path = macos_stand_ins(
        tmp_path / "bin", {"com.ameba.SwiftBar-setapp PluginDirectory": str(setapp)}
    )
    result = run_install(home, PATH=path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (setapp / PLUGIN_NAME).exists(), result.stdout


def test_dev_remakes_a_venv_made_for_another_python(tmp_path: Path) -> None:
    """./install.sh --dev --python X, with a .venv from another Python: never reused."""
    clone = tmp_path / "clone"
    shutil.copytree(REPO / "lib", clone / "lib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("install.sh", "pyproject.toml", "README.md", PLUGIN_NAME):
        shutil.copy2(REPO / name, clone / name)
    other = clone / ".venv"  # answers like a Python 3.8, whatever it is asked
    (other / "bin").mkdir(parents=True)
    (other / "pyvenv.cfg").write_text("version = 3.8.18\n")
    for name in ("python", "python3"):
        (other / "bin" / name).write_text("#!/bin/sh\necho 3.8\n")
        (other / "bin" / name).chmod(0o755)

    result = subprocess.run(
        ["bash", str(clone / "install.sh"), "--dev", "--python", sys.executable],
        env=install_env(tmp_path / "home"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "(was: 3.8)" in result.stdout
    check = "import sys, pytest; print(sys.version_info[:2])"  # and the dev tools are in it
    made = subprocess.run([str(other / "bin" / "python3"), "-c", check], capture_output=True)
    assert made.stdout.decode().strip() == str(sys.version_info[:2]), made.stderr


# --- one real install, used by every test below (in this order) ---


def test_install_writes_one_executable_plugin_that_names_the_venv(installed: Install) -> None:
    assert list(installed.plugins.iterdir()) == [installed.plugin]
    assert installed.plugin.stat().st_mode & 0o777 == 0o755
    made = [installed.home / ".local", installed.home / ".local/share", installed.app_home]
    assert [folder.stat().st_mode & 0o777 for folder in made] == [0o700] * 3  # our data's too
    shebang = installed.plugin.read_text().splitlines()[0]
    assert shebang == f"#!{installed.venv_python} -S"  # no site.py: the plugin adds the venv
    assert installed.venv_python.exists()
    assert (installed.app_home / "installed-plugin").read_text() == f"{installed.plugin}\n"
    assert installed.plugin.read_text().splitlines()[1] == (
        "# <swiftbar.type>streamable</swiftbar.type>"  # SwiftBar starts it once and keeps it
    )
    assert str(installed.plugin) in installed.output  # next steps say where it went


def test_installed_plugin_prints_a_menu_under_a_bare_path(installed: Install) -> None:
    assert_menu(run_plugin([str(installed.plugin), "--demo"], installed.home))


def test_installed_plugin_menu_passes_the_host_lint(installed: Install) -> None:
    menu = run_plugin([str(installed.plugin), "--demo"], installed.home).stdout
    assert menu.startswith("◔ 42%")
    assert menu_format.problems(menu, "xbar") == []


def test_the_installed_plugin_streams_only_under_swiftbar_without_arguments(
    installed: Install,
) -> None:
    env = {"HOME": str(installed.home), "PATH": BARE_PATH, "CLAUDE_USAGE_API_URL": UNREACHABLE_API}
    once = run_plugin([str(installed.plugin)], installed.home, CLAUDE_USAGE_API_URL=UNREACHABLE_API)
    assert once.returncode == 0 and "~~~" not in once.stdout  # xbar and Argos: one run
    resident = subprocess.Popen(
        [str(installed.plugin)], env={**env, "SWIFTBAR": "1"}, stdout=subprocess.PIPE, text=True
    )
    assert resident.stdout is not None
    assert resident.stdout.readline() == "~~~\n"
    resident.terminate()
    assert resident.wait(10) == 0


def test_installed_plugin_runs_in_its_own_interpreter_without_a_handover(
    installed: Install,
) -> None:
    # The hand-off to the venv is for clone runs; the installed file must not re-exec.
    done = run_plugin(
        [str(installed.venv_python), "-X", "importtime", str(installed.plugin), "--demo"],
        installed.home,
    )
    assert done.returncode == 0, done.stderr
    assert "| claude_usage.cli" in done.stderr  # the menu came from this very process
    assert "importlib.util" not in done.stderr


def test_installed_plugin_does_not_depend_on_the_clone(installed: Install) -> None:
    assert str(REPO) not in installed.plugin.read_text()
    where = run_plugin(
        [str(installed.venv_python), "-c", "import claude_usage; print(claude_usage.__file__)"],
        installed.home,
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(installed.app_home / "venv"))  # a copy, not editable
    assert_menu(run_plugin([str(installed.plugin), "--demo"], installed.home, cwd="/"))


def test_rerunning_install_upgrades_in_place(installed: Install) -> None:
    package = run_plugin(
        [str(installed.venv_python), "-c", "import claude_usage; print(claude_usage.__file__)"],
        installed.home,
    ).stdout.strip()
    stale = Path(package)
    stale.write_text(stale.read_text() + "\nSTALE = True\n")  # as if an older version
    claude_settings = installed.home / ".claude/settings.json"
    claude_settings.write_text('{"model": "opus", "permissions": {"allow": ["Bash(ls)"]}}')

    # As the next steps say: no --plugins-dir, so it goes where the install put it.
    result = run_install(installed.home, "--statusline", "--no-stream")
    assert installed.plugin.read_text().splitlines()[1].startswith("# <xbar.title>")  # one-shot

    # --statusline: Claude Code's settings gain our status line, and keep everything else
    written = json.loads(claude_settings.read_text())
    assert written == {
        "model": "opus",
        "permissions": {"allow": ["Bash(ls)"]},
        "statusLine": {
            "type": "command",
            "command": f"{installed.plugin} --statusline",
            "padding": 0,
        },
    }
    backup = claude_settings.with_name("settings.json.before-claude-usage")
    assert json.loads(backup.read_text()) == {
        "model": "opus",
        "permissions": {"allow": ["Bash(ls)"]},
    }
    assert "status line now runs" in result.stdout

    assert result.returncode == 0, result.stdout + result.stderr
    assert "STALE" not in stale.read_text()  # the current code was installed again
    assert list(installed.plugins.iterdir()) == [installed.plugin]
    assert installed.plugin.read_text().splitlines()[0] == f"#!{installed.venv_python} -S"
    assert_menu(run_plugin([str(installed.plugin), "--demo"], installed.home))


def test_a_venv_whose_python_no_longer_runs_is_made_anew(installed: Install) -> None:
    # A Homebrew upgrade removes the Python the venv's links point to.
    for name in ("python", "python3"):
        link = installed.venv_python.with_name(name)
        link.unlink()
        link.symlink_to("/nonexistent/homebrew/opt/python@3.12/bin/python3.12")
    with pytest.raises(FileNotFoundError):  # its shebang names the venv's python
        run_plugin([str(installed.plugin), "--demo"], installed.home)

    result = run_install(installed.home)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "an interpreter that no longer runs" in result.stdout
    assert_menu(run_plugin([str(installed.plugin), "--demo"], installed.home))


def test_clone_script_hands_over_to_the_venv_under_a_bare_path(installed: Install) -> None:
    assert shutil.which("python3", path=BARE_PATH), "the test needs a python3 in /usr/bin or /bin"
    assert_menu(run_plugin(["./" + PLUGIN_NAME, "--demo"], installed.home, cwd=REPO))
    # The plain menu fetches, which needs requests: the bare PATH's python3 lacks it, so this
    # only works once the script has re-run itself with the venv's python.
    menu = run_plugin(
        ["./" + PLUGIN_NAME], installed.home, cwd=REPO, CLAUDE_USAGE_API_URL=UNREACHABLE_API
    )
    assert menu.returncode == 0, menu.stderr
    assert menu.stdout.strip(), menu.stderr
    assert "ModuleNotFoundError" not in menu.stdout + menu.stderr


def test_uninstall_removes_what_install_made_and_nothing_else(installed: Install) -> None:
    cache = installed.home / ".cache/claude-usage"
    cache.mkdir(parents=True, exist_ok=True)
    swiftbar_cache = installed.home / "Library/Caches/com.ameba.SwiftBar/Plugins" / PLUGIN_NAME
    swiftbar_data = installed.home / "Library/Application Support/SwiftBar/Plugins" / PLUGIN_NAME
    for folder in (swiftbar_cache, swiftbar_data):
        folder.mkdir(parents=True)
        for name in ("usage.dat", "settings.dat", "alerts.dat", "fetch.lock"):
            (folder / name).write_text("x")
    foreign = swiftbar_data / "someone-elses.txt"
    foreign.write_text("keep me")

    keyring = installed.home / "keyring.json"
    env = file_keyring(keyring, "sk-ant-oat01-manual")
    result = run_install(installed.home, "--uninstall", "--purge", **env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(keyring.read_text()) == {}  # --purge: the keyring entry went first
    assert not installed.plugin.exists()
    assert list(installed.plugins.iterdir()) == []
    assert not installed.app_home.exists()
    assert not cache.exists()
    assert not swiftbar_cache.exists()  # SwiftBar's per-plugin folder, emptied of our files
    assert sorted(p.name for p in swiftbar_data.iterdir()) == ["someone-elses.txt"]
    assert installed.credentials.read_text() == FAKE_CREDENTIALS
    settings = json.loads((installed.home / ".claude/settings.json").read_text())
    assert settings == {"model": "opus", "permissions": {"allow": ["Bash(ls)"]}}  # ours only

    again = run_install(installed.home, "--uninstall")
    assert again.returncode == 0, again.stderr
    assert installed.credentials.read_text() == FAKE_CREDENTIALS
