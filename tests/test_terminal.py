"""The menu in a terminal: readable and coloured, when no menu host runs the plugin."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from claude_usage.core.demo import demo_state
from claude_usage.render.markup import Host
from claude_usage.render.menu import MenuView, render_menu
from claude_usage.render.menuline import read_line
from claude_usage.render.terminal import HINT, render_terminal
from conftest import PLUGIN, run_plugin

NOW = 1_767_384_000.0
ESC = "\x1b"


def demo_markup(host=None) -> str:
    view = MenuView(demo_state(NOW), "/p/claude_usage.1m.py", demo=True)
    return "\n".join(render_menu(view, host or Host(), now=NOW)) + "\n"


@pytest.mark.parametrize(
    ("line", "level", "text", "params"),
    [
        ("---", 0, "", {}),
        ("-----", 1, "", {}),
        ("Settings", 0, "Settings", {}),
        ("Refresh | bash=/usr/bin/env param1=/p param2=--refresh", 0, "Refresh", None),
        ("--✓ On| checked=true trim=false", 1, "✓ On", {"checked": "true", "trim": "false"}),
        ("--    Off| trim=false", 1, "    Off", {"trim": "false"}),
        ("a | font=Menlo color='#0A84FF' href=\"x y\"", 0, "a", None),
    ],
)
def test_a_menu_line_reads_back(line, level, text, params):
    read = read_line(line)
    assert (read.level, read.text, read.separator) == (level, text, text == "")
    if params is not None:
        assert read.params == params


def test_a_click_reads_back_as_the_arguments_it_passes():
    assert read_line(
        "R | bash=/usr/bin/env param1=/p param2=--token-source param3=manual"
    ).arguments() == ["--token-source", "manual"]
    encoded = "R | bash=/bin/sh param1=-c param2='exec x' param3=\\057p param4=--refresh"
    assert read_line(encoded).arguments() == ["--refresh"]


def test_the_terminal_view_has_no_markup_and_the_menus_colours():
    view = render_terminal(demo_markup())
    assert "|" not in view.replace("│", "") and "color=" not in view and "---" not in view
    assert view.startswith(f"{ESC}[1m{ESC}[38;2;255;159;10m◔ 42% · Opus 4.1 86%")  # dark orange
    assert f"{ESC}[38;2;10;132;255m████████░░░░░░░░░░░░  42% used{ESC}[0m" in view
    assert "Accounts ▸\n    ✓ Claude Code" in view  # a submenu, indented
    assert "Refresh  " in view and "--refresh" in view  # what the item runs, said plainly
    assert HINT in view.splitlines()[-1]


def test_without_colour_it_is_plain_text():
    view = render_terminal(demo_markup(), color=False)
    assert ESC not in view
    lines = view.splitlines()
    assert lines[0] == "◔ 42% · Opus 4.1 86%"
    assert lines[1].startswith("────")
    assert "████████░░░░░░░░░░░░  42% used" in lines
    assert "    Set Token…  --set-token" in lines  # the submenu, indented
    assert lines[-1] == HINT


def test_swiftbar_colour_pairs_give_the_dark_one():
    view = render_terminal(demo_markup(Host("swiftbar")))
    assert f"{ESC}[38;2;10;132;255m████████" in view


def in_a_terminal(*args: str, **env: str) -> str:
    """The plugin's output with stdout on a pseudo-terminal, as when run by hand."""
    main, child = pty.openpty()
    with subprocess.Popen(
        [sys.executable, str(PLUGIN), *args],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    ) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(30) == 0, process.stderr.read() if process.stderr else ""
    os.close(main)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_run_by_hand_in_a_terminal_it_prints_the_readable_view(isolated):
    out = in_a_terminal("--demo")
    assert "| " not in out and "color=" not in out
    assert f"{ESC}[38;2;" in out
    assert "Current session · resets in 2h 13m" in out
    assert HINT in out


def test_no_color_is_honoured(isolated):
    out = in_a_terminal("--demo", NO_COLOR="1")
    assert ESC not in out and HINT in out and "| " not in out


@pytest.mark.parametrize("host", [{"SWIFTBAR": "1"}, {"ARGOS_VERSION": "2"}, {"XBARDarkMode": "1"}])
def test_under_a_menu_host_a_terminal_still_gets_markup(isolated, host):
    out = in_a_terminal("--demo", **host)
    assert "| font=" in out and HINT not in out


def test_piped_it_prints_markup(isolated):
    out = run_plugin("--demo").stdout.decode()
    assert "| font=" in out and HINT not in out and ESC not in out
