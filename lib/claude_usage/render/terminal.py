"""The menu as a person reads it in a terminal: colours as ANSI, no markup, submenus indented. Pure.

Run by hand in a terminal, the plugin would print markup meant for SwiftBar,
xbar or Argos. This draws the same lines the way the menu shows them, with one
line that says what normally runs it.
"""

from __future__ import annotations

from .menuline import MenuLine, read_menu

RESET, BOLD, DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
RULE = "─" * 44  # about as wide as the menu's widest line
INDENT = "    "  # a submenu's items, under their parent
HINT = (
    "SwiftBar, xbar or Argos normally runs this for the menu bar (./install.sh puts it there);"
    " --help lists the options"
)


def render_terminal(output: str, *, color: bool = True) -> str:
    """The menu `output` (markup) as readable lines; `color` False: no ANSI (NO_COLOR, dumb)."""
    lines = read_menu(output)
    if not lines:
        return ""
    shown = [_paint(lines[0].text, lines[0].color(), color, bold=True)]
    for at, line in enumerate(lines[1:], start=1):
        opens = at + 1 < len(lines) and lines[at + 1].level > line.level
        shown.append(_shown(line, opens, color))
    return "\n".join([*shown, "", _paint(HINT, None, color, dim=True)]) + "\n"


def _shown(line: MenuLine, opens: bool, color: bool) -> str:
    indent = INDENT * line.level
    if line.separator:
        return indent + _paint(RULE[: len(RULE) - len(indent)], None, color, dim=True)
    text = f"{line.text} ▸" if opens else line.text
    extra = line.params.get("href") or " ".join(line.arguments())
    hint = f"  {_paint(extra, None, color, dim=True)}" if extra else ""
    return f"{indent}{_paint(text, line.color(), color)}{hint}"


def _paint(
    text: str, hex_color: str | None, color: bool, *, bold: bool = False, dim: bool = False
) -> str:
    if not color:
        return text
    start = (BOLD if bold else "") + (DIM if dim else "")
    if hex_color is not None:
        red, green, blue = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        start += f"\x1b[38;2;{red};{green};{blue}m"
    return f"{start}{text}{RESET}" if start else text
