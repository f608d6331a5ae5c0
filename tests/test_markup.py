from __future__ import annotations

import sys
import unicodedata

import pytest

from claude_usage.core.words import HIDDEN as HIDDEN_CHARACTERS
from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Color, Host, detect_host
from claude_usage.render.menu import render_menu
from sample_views import NOW, session, view

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


HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\U000e0041"


@pytest.mark.parametrize("host", [SW, XB, AR])
@pytest.mark.parametrize("char", HIDDEN + INVISIBLE + "\x80\x9b\ud800\udfff")
def test_bidi_controls_and_invisible_characters_never_reach_a_line(host, char):
    shown = host.clean(f"Opus{char} only · 5d")
    assert shown == "Opus only · 5d"


def test_a_reversing_name_cannot_reorder_the_rest_of_its_line():
    line = XB.line("\u202eOpus\u2066 4\u200b only\u2069 · resets in 2h", outside=True)
    assert line == "Opus 4 only · resets in 2h | emojize=false"


def test_the_outside_text_table_strips_every_format_character():
    format_chars = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert format_chars <= set(HIDDEN_CHARACTERS)
    assert not {ord(c) for c in "aZ09 ·│é€😀中"} & set(HIDDEN_CHARACTERS)


def test_outside_text_turns_off_emoji_and_symbols_where_supported():
    assert SW.line(":fire: Opus", outside=True) == ":fire: Opus | emojize=false symbolize=false"
    assert XB.line(":fire: Opus", outside=True) == ":fire: Opus | emojize=false"


def test_parameters_a_host_does_not_know_are_dropped():
    line = XB.line("Token source", checked="true", sfimage="gear", color="red", param1="--x")
    assert line == "Token source | color=red param1=--x"
    assert SW.line("T", checked="true") == "T | checked=true"


def test_values_with_spaces_are_single_quoted_unless_they_hold_an_apostrophe():
    assert (
        XB.line("Refresh", param1="/Users/me/Library/Application Support/xbar/p.py")
        == "Refresh | param1='/Users/me/Library/Application Support/xbar/p.py'"
    )
    assert XB.line("R", param1='/odd "dir"/p.py') == "R | param1='/odd \"dir\"/p.py'"
    assert XB.line("R", param1="/O'Brien/p.py") == 'R | param1="/O\'Brien/p.py"'
    assert XB.line("R", param1="\\101") == "R | param1='\\101'"  # Argos unescapes it bare


@pytest.mark.parametrize(
    ("host", "params"), [(XB, " | ansi=false"), (AR, " | unescape=false"), (SW, "")]
)
def test_a_backslash_in_a_label_is_shown_as_written(host, params):
    shown = "Opus\\\\nNext" if host is SW else "Opus\\nNext"  # SwiftBar: doubled
    assert host.line("Opus\\nNext") == shown + params


def test_an_untrimmed_line_has_no_blank_before_its_parameters():
    assert XB.line("   Off", trim="false") == "   Off| trim=false"


def test_the_settings_submenu_is_the_same_tree_in_every_host():
    # Argos puts every all-dash line in the top menu: no host gets one inside a submenu.
    for host in (XB, SW, AR):
        lines = render_menu(view(session(1)), host, now=NOW)
        settings = lines[lines.index("Settings") + 1 :]
        assert settings and all(line.startswith("--") and line[2:3] != "-" for line in settings)


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


def test_an_image_alone_in_an_argos_submenu_is_no_separator():
    """Argos reads the text before `|`; `--` alone is a line of dashes to it, a separator,
    so a submenu's picture line gets a blank for its text there (and only there)."""
    argos = Host(ARGOS).line("", level=1, image="iVBOR")
    assert argos.startswith("-- | image=iVBOR")
    for name in (SWIFTBAR, XBAR):
        assert Host(name).line("", level=1, image="iVBOR").startswith("--| image=iVBOR")
