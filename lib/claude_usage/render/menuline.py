"""Reads back a menu line we wrote: its level, its text and its parameters. Pure.

For views of the menu other than a host's: the terminal's, and the README's
picture. Our own lines are regular (see markup): the text holds no `|` and never
starts with `-`, and a value with a space is in quotes without escapes.
"""

from __future__ import annotations

import re  # only the terminal view and the picture read lines back

from ..core.record import Record
from .launch import ENV

PARAM = re.compile(r"""(\w+)=('[^']*'|"[^"]*"|\S*)""")


class MenuLine(Record):
    level: int  # 0 in the menu, 1 in a submenu
    text: str  # "" for a separator
    params: dict[str, str]
    separator: bool = False

    def color(self, dark: bool = True) -> str | None:
        """The line's colour, #RRGGBB; SwiftBar's light,dark pair gives the one asked for."""
        pair = self.params.get("color", "").split(",")
        chosen = pair[-1] if dark else pair[0]
        return chosen if chosen.startswith("#") and len(chosen) == 7 else None

    def arguments(self) -> list[str]:
        """What choosing the line passes to the plugin (`--refresh`), from its click."""
        words = [self.params[f"param{i}"] for i in range(1, 10) if f"param{i}" in self.params]
        if not words:
            return []
        return words[1:] if self.params.get("bash") == ENV else words[3:]  # past sh -c, its script


def read_line(line: str) -> MenuLine:
    """The line's parts, as a host would take them."""
    dashes = len(line) - len(line.lstrip("-"))
    if dashes == len(line) and dashes >= 3:
        return MenuLine((dashes - 3) // 2, "", {}, separator=True)
    text, bar, rest = line[dashes:].partition("|")
    params = {key: value.strip("'\"") for key, value in PARAM.findall(rest)} if bar else {}
    return MenuLine(dashes // 2, text.rstrip(" "), params)


def read_menu(output: str) -> list[MenuLine]:
    """Every line of a menu (one frame)."""
    return [read_line(line) for line in output.splitlines() if line]
