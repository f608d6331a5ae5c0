from __future__ import annotations

import pytest

from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Color, Host, detect_host

SW, XB, AR = Host(SWIFTBAR), Host(XBAR), Host(ARGOS)


@pytest.mark.parametrize(
    ("env", "host"),
    [
        ({"SWIFTBAR": "1"}, Host(SWIFTBAR, True)),
        ({"SWIFTBAR": "1", "OS_APPEARANCE": "Light"}, Host(SWIFTBAR, False)),
        ({"XBARDarkMode": "false"}, Host(XBAR, False)),
        ({"XBARDarkMode": "true"}, Host(XBAR, True)),
        ({"ARGOS_VERSION": "2"}, Host(ARGOS, True)),
        ({}, Host(XBAR, True)),  # unknown hosts get the strictest rules
    ],
)
def test_detect_host(env, host):
    assert detect_host(env) == host


@pytest.mark.parametrize(
    ("host", "text", "shown"),
    [
        (XB, "a|b", "a│b"),
        (XB, "line\nbreak\rand\u2028more\u2029x\x85y", "line break and more x y"),
        (XB, "bell\x07 esc\x1b[31m", "bell esc[31m"),
        (XB, "---", "‐--"),  # would be a separator
        (XB, "--child", "‐-child"),  # would be a submenu
        (SW, "back\\slash", "back\\\\slash"),
        (XB, "back\\slash", "back\\slash"),
        (AR, "<b>R&D</b>", "&lt;b&gt;R&amp;D&lt;/b&gt;"),
        (XB, "x" * 200, "x" * 119 + "…"),
    ],
)
def test_clean(host, text, shown):
    assert host.clean(text) == shown


def test_outside_text_turns_off_emoji_and_symbols_where_supported():
    assert SW.line(":fire: Opus", outside=True) == ":fire: Opus | emojize=false symbolize=false"
    assert XB.line(":fire: Opus", outside=True) == ":fire: Opus | emojize=false"


def test_parameters_a_host_does_not_know_are_dropped():
    line = XB.line("Token source", checked="true", sfimage="gear", color="red", param1="--x")
    assert line == "Token source | color=red param1=--x"
    assert SW.line("T", checked="true") == "T | checked=true"


def test_values_with_spaces_are_quoted_with_the_other_quote_kind():
    assert (
        XB.line("Refresh", bash="/Users/me/Library/Application Support/xbar/p.py")
        == 'Refresh | bash="/Users/me/Library/Application Support/xbar/p.py"'
    )
    assert XB.line("R", bash='/odd "dir"/p.py') == "R | bash='/odd \"dir\"/p.py'"


def test_none_values_are_omitted():
    assert XB.line("x", color=None) == "x"


@pytest.mark.parametrize(
    ("host", "value"),
    [
        (Host(SWIFTBAR, True), "#111111,#222222"),
        (Host(XBAR, True), "#222222"),
        (Host(XBAR, False), "#111111"),
        (Host(ARGOS, True), "#222222"),
    ],
)
def test_colour_pairs_only_for_swiftbar(host, value):
    assert host.color(Color("#111111", "#222222")) == value


def test_submenu_level():
    assert XB.line("child", level=2) == "----child"
