"""Our model of the hosts' format (menu_format.py), held to what the hosts really do.

Every row's output was run through the hosts' own parsers (CI's hosts step, .ci/hosts.py):
a host has a problem listed exactly where it rejects the
output or shows something other than what was written.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from conftest import lint, run_plugin
from menu_format import HOSTS, parse, problems


class Row(NamedTuple):
    output: str
    swiftbar: list[str]  # the start of each problem, in order
    xbar: list[str]
    argos: list[str]


XBAR_REJECTS = "xbar rejects the whole plugin: "
SYMBOL = "SwiftBar turns ':fire:' into an SF Symbol"
SB_BACKSLASH = "SwiftBar turns \\n and \\t in the label"
GO_BACKSLASH = "xbar reads the label's backslash escapes as Go escapes"
G_STRCOMPRESS = "Argos reads the label's backslash escapes (g_strcompress"

ROWS = {
    "clean": Row("T\n---\nA | color=red href=https://example.com\n", [], [], []),
    "crlf": Row("T\r\n---\r\nA | color=red\r\n", [], [], []),
    # separators and levels
    "submenu separator": Row(
        "T\n---\nS\n--A\n-----\n--B\n",
        [],
        [],
        ["line 5: Argos puts every all-dash line in the top menu: '-----'"],
    ),
    "top separator after a submenu": Row("T\n---\nS\n--A\n---\nB\n", [], [], []),
    "blank after ---": Row(
        "T\n---\nA\n--- \nB\n",
        ["line 4: SwiftBar shows '-' here"],
        [],
        ["line 4: Argos reads the blanks after '---' as a separator in a submenu"],
    ),
    "submenu line after a top separator": Row(
        "T\n---\nS\n--A\n---\n--B\n",
        ["line 6: level 1 right after a separator at level 0"],
        ["line 6: level 1 right after a separator at level 0"],
        [],
    ),
    "level jump": Row(
        "T\n---\nA\n----Deep\n", *[["line 4: level 2 right after a line at level 0"]] * 3
    ),
    "no title": Row("---\nA\n", *[["no title line before the first ---"]] * 3),
    "empty output": Row("", *[["empty output"]] * 3),
    # which characters split a line
    "U+2028": Row(
        "T\n---\nA\u2028B\n",
        ["stray line break '\\u2028': SwiftBar splits the line there"],
        ["line 3: line break or control character '\\u2028' in the label"],
        ["line 3: line break or control character '\\u2028' in the label"],
    ),
    "lone CR": Row(
        "T\n---\nC\rD\n",
        ["stray line break '\\r'"],
        ["line 3: line break or control character '\\r'"],
        ["line 3: line break or control character '\\r'"],
    ),
    "empty line": Row("T\n---\nA\n\nB\n", [], ["line 4: shows an empty menu item"], []),
    "blank line": Row("T\n---\nA\n   \nB\n", *[["line 4: shows an empty menu item"]] * 3),
    # colours
    "CSS names every host knows": Row(
        "T\n---\nA | color=darkorange\nB | color=MediumSeaGreen\nC | color=#0a84ff\n", [], [], []
    ),
    "CSS names xbar and SwiftBar lack": Row(
        "T\n---\nA | color=cyan\nB | color=darkblue\nC | color=grey\n",
        [f"line {n}: SwiftBar draws color" for n in (3, 4, 5)],
        [f"line {n}: {XBAR_REJECTS}color=" for n in (3, 4, 5)],
        [],
    ),
    "#RGB": Row("T\n---\nA | color=#abc\n", ["line 3: SwiftBar draws color '#abc'"], [], []),
    "light,dark pair": Row(
        "T\n---\nA | color=#007AFF,#0A84FF\n",
        [],
        [f"line 3: {XBAR_REJECTS}color='#007AFF,#0A84FF'"],
        ["line 3: Pango cannot parse color='#007AFF,#0A84FF', so Argos shows no label"],
    ),
    # parameters
    "tRuE": Row(
        "T\n---\nA | refresh=tRuE\n",
        [],
        [f"line 3: {XBAR_REJECTS}refresh='tRuE' is not a Go bool"],
        ["line 3: Argos reads only the exact words true and false"],
    ),
    "True": Row("T\n---\nA | refresh=True\n", [], [], ["line 3: Argos reads only the exact"]),
    "unknown parameters": Row(
        "T\n---\nA | checked=true Color=red\n",
        [],
        [f"line 3: {XBAR_REJECTS}unknown parameter 'checked'"],
        ["line 3: Argos ignores the unknown parameter 'checked'", "line 3: Argos ignores"],
    ),
    "param0": Row(
        "T\n---\nA | bash=/bin/echo param0=x terminal=false\n",
        [],
        [f"line 3: {XBAR_REJECTS}param0 makes its parser panic"],
        ["line 3: Argos ignores the unknown parameter 'param0'"],
    ),
    "action in a terminal": Row(
        "T\n---\nA | bash=/bin/echo\n",
        ["line 3: an action without terminal=false opens a Terminal window in SwiftBar"],
        [],
        ["line 3: an action without terminal=false opens a terminal window in Argos"],
    ),
    "not key=value": Row(
        "T\n---\nPipe|Split\n",
        ["line 3: text after '|' is not key=value"],
        ["line 3: text after '|' is not key=value: the label was cut at '|' ('Split'); xbar"],
        ["line 3: text after '|' is not key=value"],
    ),
    "unbalanced quote": Row(
        'T\n---\nA | color="red\n', [], [], ["line 3: unbalanced quote: Argos drops every"]
    ),
    "size not an integer": Row(
        "T\n---\nA | size=1.5\n",
        ["line 3: SwiftBar ignores size='1.5'"],
        [f"line 3: {XBAR_REJECTS}size='1.5' is not an integer"],
        [],
    ),
    # backslashes
    "escapes": Row(
        "T\n---\nOpus\\nNext\nHex\\x41\\u00e9\n",
        [f"line 3: {SB_BACKSLASH}", f"line 4: {SB_BACKSLASH}"],
        [f"line 3: {GO_BACKSLASH}", f"line 4: {GO_BACKSLASH}"],
        [f"line 3: {G_STRCOMPRESS}", f"line 4: {G_STRCOMPRESS}"],
    ),
    "doubled backslash": Row(
        "T\n---\nDbl\\\\Back\n", [], [f"line 3: {GO_BACKSLASH}"], [f"line 3: {G_STRCOMPRESS}"]
    ),
    "escapes Go refuses: xbar shows them as written": Row(
        'T\n---\nQuote "x" \\n\nSq\\\'x\nBad\\e\nTrail\\\n',
        [f"line {n}: {SB_BACKSLASH}" for n in (3, 4, 5, 6)],
        [],
        [f"line {n}: {G_STRCOMPRESS}" for n in (3, 4, 5, 6)],
    ),
    "ansi=false": Row("T\n---\nA\\\\B | ansi=false\n", [], [], [f"line 3: {G_STRCOMPRESS}"]),
    "unescape=false": Row(
        "T\n---\nA\\\\B | unescape=false\n",
        ["line 3: SwiftBar ignores the unknown parameter 'unescape'"],
        [f"line 3: {GO_BACKSLASH}", f"line 3: {XBAR_REJECTS}unknown parameter 'unescape'"],
        [],
    ),
    "unescape=FALSE": Row(
        "T\n---\nA\\\\B | unescape=FALSE\n",
        ["line 3: SwiftBar ignores the unknown parameter 'unescape'"],
        [f"line 3: {GO_BACKSLASH}", f"line 3: {XBAR_REJECTS}unknown parameter 'unescape'"],
        [f"line 3: {G_STRCOMPRESS}", "line 3: Argos reads only the exact words"],
    ),
    "raw ANSI": Row("T\n---\nRed\x1b[31mAlert\n", *[["line 3: raw ANSI escape"]] * 3),
    # emoji and SF Symbols
    "emoji names": Row(
        "T\n---\n:fire: Fast :+1:\n",
        [f"line 3: {SYMBOL}"],
        ["line 3: xbar turns ':fire:' into an emoji"],
        ["line 3: Argos turns ':fire:' into an emoji"],
    ),
    "emojize=false": Row("T\n---\n:fire: x | emojize=false\n", [f"line 3: {SYMBOL}"], [], []),
    "emojize=False": Row(
        "T\n---\n:fire: x | emojize=False\n",
        [f"line 3: {SYMBOL}"],
        [],
        ["line 3: Argos turns ':fire:' into an emoji", "line 3: Argos reads only the exact"],
    ),
    "symbolize=false brings SwiftBar's emoji back": Row(
        "T\n---\n:+1: x | symbolize=false\n",
        ["line 3: SwiftBar turns ':+1:' into an emoji"],
        ["line 3: xbar turns ':+1:' into an emoji", f"line 3: {XBAR_REJECTS}unknown parameter"],
        ["line 3: Argos turns ':+1:' into an emoji", "line 3: Argos ignores the unknown"],
    ),
    "literal in SwiftBar": Row(
        "T\n---\n:fire: x | emojize=false symbolize=false\n",
        [],
        [f"line 3: {XBAR_REJECTS}unknown parameter 'symbolize'"],
        ["line 3: Argos ignores the unknown parameter 'symbolize'"],
    ),
    "upper-case name": Row(
        "T\n---\n:SMILE: big\n", [], [], ["line 3: Argos turns ':SMILE:' into an emoji"]
    ),
    # Pango markup
    "markup": Row(
        "T\n---\nAT&T\n<b>Bold</b>\nFish &amp; chips\n",
        [],
        [],
        ["line 3: a bare '&' makes Pango reject the label", "line 4: Argos reads '<'"],
    ),
    "useMarkup=false": Row(
        "T\n---\nAT&T | useMarkup=false\n",
        ["line 3: SwiftBar ignores the unknown parameter 'usemarkup'"],
        [f"line 3: {XBAR_REJECTS}unknown parameter 'useMarkup'"],
        [],
    ),
}


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_problems_are_what_the_host_does(row: Row, host: str) -> None:
    found = problems(row.output, host)
    expected = getattr(row, host)
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected):
        assert problem.startswith(start), found


@pytest.mark.parametrize(
    ("host", "levels"),
    [("swiftbar", [0, 1, 1, 1]), ("xbar", [0, 1, 1, 1]), ("argos", [0, 1, 0, 1])],
)
def test_a_submenu_separator_stays_in_the_submenu_except_in_argos(host, levels):
    menu = parse("T\n---\nS\n--A\n-----\n--B\n", host)
    assert [item.level for item in menu.body] == levels
    assert [item.separator for item in menu.body] == [False, False, True, False]


def test_an_unknown_host_is_refused():
    with pytest.raises(ValueError, match="bitbar"):
        problems("T\n", "bitbar")


@pytest.mark.parametrize(
    ("host", "env"),
    [("swiftbar", {"SWIFTBAR": "1"}), ("xbar", {}), ("argos", {"ARGOS_VERSION": "2"})],
)
def test_the_demo_menu_is_clean_in_its_host(host, env):
    done = run_plugin("--demo", env_extra=env)
    assert done.returncode == 0, done.stderr
    assert lint(done.stdout.decode("utf-8"), host=host) == []


def test_an_argos_submenu_line_with_no_text_before_its_bar_is_a_separator():
    menu = "Title\n---\nChart\n--| image=iVBOR\n-- | image=iVBOR\n"
    assert [p.partition(":")[0] for p in problems(menu, "argos")] == ["line 4"]
