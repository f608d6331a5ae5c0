"""Writes menu lines that SwiftBar, xbar and Argos all read as meant, in the menu's colours.

The hosts differ in what they accept and in what they do to a label (checked
with their own parsers in CI, .ci/hosts.py): xbar rejects the whole plugin on
a parameter it does not know and on `light,dark` colour pairs; all three read
backslash escapes (xbar Go-style unless `ansi=false`, Argos `g_strcompress`
unless `unescape=false`, SwiftBar its own, undone by doubling); xbar and Argos
turn `:name:` into emoji unless `emojize=false`, SwiftBar into SF Symbols unless
`symbolize=false`; Argos reads labels as Pango markup and puts every all-dash
line in the top menu.
"""

from __future__ import annotations

from ..core.record import Record
from ..core.words import bounded_percent, one_line

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping

SWIFTBAR, XBAR, ARGOS = "swiftbar", "xbar", "argos"

# What each host takes besides paramN; anything else is dropped for that host.
COMMON_PARAMS = frozenset(
    ["href", "bash", "terminal", "refresh", "color", "font", "size", "emojize", "trim", "length"]
) | {"image"}  # a base64 PNG, which each host sizes its own way (see render/trend.py)
PARAMS = {
    SWIFTBAR: COMMON_PARAMS | {"symbolize", "checked", "tooltip", "sfimage", "width", "height"},
    XBAR: COMMON_PARAMS | {"ansi"},  # xbar fails the whole plugin on any other parameter
    ARGOS: COMMON_PARAMS | {"unescape", "imageWidth", "imageHeight"},
}
LITERAL_BACKSLASH = {XBAR: ("ansi", "false"), ARGOS: ("unescape", "false")}  # SwiftBar: doubled
MONOSPACE = {SWIFTBAR: "Menlo", XBAR: "Menlo", ARGOS: "monospace"}
MAX_OUTSIDE_TEXT = 120  # a menu item wider than this is unreadable anyway


class Color(Record):
    """A colour as a light/dark pair; SwiftBar picks by appearance, the others get one."""

    light: str
    dark: str


# The palette: how full a limit is, at a glance, in every host.
BLUE = Color("#007AFF", "#0A84FF")
YELLOW = Color("#9A7B00", "#FFD60A")  # systemYellow is unreadable on a light menu
ORANGE = Color("#C93400", "#FF9F0A")
RED = Color("#D70015", "#FF453A")
GREY = Color("#6E6E73", "#98989D")
BAR_CELLS = 20


def level_color(percent: float) -> Color:
    """Blue below 50 %, yellow to 80, orange to 95, red from there."""
    percent = bounded_percent(percent)
    if percent < 50:
        return BLUE
    if percent < 80:
        return YELLOW
    return ORANGE if percent < 95 else RED


def usage_bar(percent: float) -> str:
    """A monospace bar of BAR_CELLS cells."""
    filled = min(BAR_CELLS, round(bounded_percent(percent) / 100 * BAR_CELLS))
    return "█" * filled + "░" * (BAR_CELLS - filled)


def glyph(percent: float) -> str:
    """A pie that fills by quarters, for the menu-bar title."""
    return "○◔◑◕●"[min(4, int(bounded_percent(percent) // 25))]


class Host(Record):
    """The app reading our output, and whether its menu is dark."""

    name: str = XBAR
    dark: bool = True

    def color(self, color: Color) -> str:
        if self.name == SWIFTBAR:
            return f"{color.light},{color.dark}"
        return color.dark if self.dark else color.light

    def line(
        self,
        text: str,
        *,
        level: int = 0,
        outside: bool = False,
        click: Mapping[str, str] | None = None,
        **params: object,
    ) -> str:
        """One menu line: `text | key=value …`, with `text` made safe for this host.

        `click` holds the `bash` and `paramN` values of what choosing the line runs.
        """
        safe = self.clean(text)
        params = {**(click or {}), **params}
        if outside:
            params.setdefault("emojize", "false")
            if self.name == SWIFTBAR:
                params.setdefault("symbolize", "false")
        if "\\" in safe and self.name in LITERAL_BACKSLASH:
            key, value = LITERAL_BACKSLASH[self.name]
            params.setdefault(key, value)
        allowed = PARAMS[self.name]
        rendered = " ".join(
            [
                f"{key}={_quote(value if isinstance(value, str) else str(value))}"
                for key, value in params.items()
                if value is not None and (key in allowed or self.takes(key))
            ]
        )
        prefix = "--" * level
        if not rendered:
            return f"{prefix}{safe}"
        gap = "" if params.get("trim") == "false" or not safe else " "  # untrimmed, it would show
        return f"{prefix}{safe or self.blank(level)}{gap}| {rendered}"

    def blank(self, level: int) -> str:
        """The text of a line that shows only its image: none, but in an Argos submenu a blank,
        since there `--|` reads as a line of dashes, a separator."""
        return " " if level and self.name == ARGOS else ""

    def takes(self, key: str) -> bool:
        return key in PARAMS[self.name] or (key.startswith("param") and key[5:].isdigit())

    def clean(self, text: str) -> str:
        """Text that cannot split or reorder a line, cut the title at '|', or turn into markup."""
        text = (
            one_line(text).replace("|", "│").replace("~~~", "~∼~")
        )  # SwiftBar splits frames on ~~~
        if len(text) > MAX_OUTSIDE_TEXT:
            text = text[: MAX_OUTSIDE_TEXT - 1] + "…"
        if text.startswith("-"):
            text = "‐" + text[1:]  # a leading '-' would read as a separator or submenu
        if self.name == SWIFTBAR:
            text = text.replace("\\", "\\\\")
        if self.name == ARGOS:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text

    @property
    def monospace(self) -> str:
        return MONOSPACE[self.name]


def detect_host(env: Mapping[str, str]) -> Host:
    """The host from the variables each one sets; unknown hosts get xbar's strict rules."""
    if env.get("SWIFTBAR"):
        return Host(SWIFTBAR, env.get("OS_APPEARANCE", "Dark") != "Light")
    if env.get("ARGOS_VERSION"):
        return Host(ARGOS, True)
    return Host(XBAR, env.get("XBARDarkMode", "true").lower() != "false")


def host_name(env: Mapping[str, str]) -> str | None:
    """The menu host that runs us, by name, or None: a terminal, a script, Claude Code."""
    if env.get("SWIFTBAR"):
        return "SwiftBar"
    if env.get("ARGOS_VERSION"):
        return "Argos"
    return "xbar" if any(name.startswith("XBAR") for name in env) else None


def _quote(value: str) -> str:
    # Four scans in C: set(value) would build a set of a 2 KB chart image's characters.
    if " " not in value and '"' not in value and "'" not in value and "\\" not in value:
        return value  # Argos would unescape a bare backslash
    quote = '"' if "'" in value else "'"  # single quotes keep everything literal in Argos too
    return f"{quote}{value}{quote}"
