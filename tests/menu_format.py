"""Reads plugin output the way SwiftBar, xbar or Argos does, and lists what that
host would reject, or show other than as written.

Our own copy of the project's quick model of the hosts' format, so the tests need
nothing outside this repository. Each rule restates the host's own parser as
CI's hosts step runs it (.ci/hosts.py) (xbar's Go package, Argos's utilities.js, a port
of SwiftBar); tests/test_menu_format.py holds small cases checked against them. It
does not know the hosts' emoji or SF Symbol tables (any `:name:` counts), Pango's
X11-only colour names, or what an action runs: the hosts' own parsers, run by
.ci/run when they are present, remain the authority.

    parse(text, host)     -> Menu(header=[Item], body=[Item])
    problems(text, host)  -> [str]   (empty when the host shows the output as written)
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass, field


def _names(text: str) -> set[str]:
    return set(text.split())


HOSTS = SWIFTBAR, XBAR, ARGOS = ("swiftbar", "xbar", "argos")

# SwiftBar splits on Foundation's CharacterSet.newlines; xbar (bufio) and Argos on "\n" alone.
LINE_BREAKS = {SWIFTBAR: "[\n\x0b\x0c\r\x85\u2028\u2029]", XBAR: "\n", ARGOS: "\n"}
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")  # a tab is fine

KEYS = {
    SWIFTBAR: _names(  # lower-cased by SwiftBar; paramN and sfcolorN besides
        "href bash shell terminal refresh color sfcolor font size md sfsize length trim ansi "
        "emojize symbolize dropdown alternate image templateimage sfimage sfconfig sfvalue "
        "checked tooltip badge webview webvieww webviewh zoom shortcut stdin fold valign "
        "width height"
    ),
    XBAR: _names(  # case-sensitive; paramN besides
        "disabled key href color font size shell bash templateImage image terminal refresh "
        "dropdown length trim alternate emojize ansi"
    ),
    ARGOS: _names(  # case-sensitive; paramN besides
        "href eval bash terminal refresh color font size iconName image templateImage "
        "imageWidth imageHeight length trim dropdown alternate emojize ansi useMarkup "
        "unescape"
    ),
}
XBAR_BOOLS = _names("disabled terminal refresh dropdown trim alternate emojize ansi")
ARGOS_BOOLS = _names("unescape emojize trim useMarkup ansi terminal refresh alternate dropdown")
GO_BOOLS = "1 t T TRUE true True 0 f F FALSE false False"  # all strconv.ParseBool takes
GO_FALSE = _names("0 f F FALSE false False")

CSS_COLORS = _names(
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue "
    "blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk "
    "crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki "
    "darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen "
    "darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue "
    "dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite "
    "gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki "
    "lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan "
    "lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen "
    "lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen "
    "magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen "
    "mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream "
    "mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid "
    "palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum "
    "powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown "
    "seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen "
    "steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow "
    "yellowgreen"
)
# xbar's colors.go and SwiftBar's NSColor.swift lack these CSS names (Pango has them all);
# SwiftBar spells four of them with a space instead.
NOT_IN_XBAR = _names(
    "cyan magenta darkblue greenyellow orangered yellowgreen rebeccapurple grey darkgrey "
    "darkslategrey dimgrey lightgrey lightslategrey slategrey"
)
COLOR_NAMES = {
    XBAR: CSS_COLORS - NOT_IN_XBAR,
    SWIFTBAR: (CSS_COLORS - NOT_IN_XBAR)
    | {"dark blue", "green yellow", "orange red", "yellow green"},
    ARGOS: CSS_COLORS,
}
HEX_COLOR = {  # SwiftBar reads any other length as a different colour
    SWIFTBAR: r"#[0-9a-f]{6}",
    XBAR: r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})",
    ARGOS: r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8,9}|[0-9a-f]{12})",
}

GO_ESCAPE = re.compile(
    r'\\(?:[abfnrtv\\"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})'
)
EMOJI_NAME = re.compile(r":[a-z0-9_+-]+:")  # the names in xbar's and SwiftBar's tables
ARGOS_EMOJI_NAME = re.compile(r":[A-Za-z0-9_+-]+:")  # Argos lower-cases the name first
SF_SYMBOL = re.compile(r":[a-z0-9.,]+:")
BLANKS = re.compile(r"[ \t]*")
SWIFTBAR_VALUE = re.compile(r"""(["'])(?P<quoted>(?:\\.|(?!\1)[^\\])*)\1?|(?P<word>[^ \t]*)""")
IMAGE_KEYS = {"image", "templateImage", "templateimage", "sfimage", "iconName"}
BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")


@dataclass
class Item:
    line: int
    level: int
    label: str  # as written, after the level's dashes, before the host trims it
    params: dict = field(default_factory=dict)
    rest: str | None = None  # the text after the first '|'
    separator: bool = False
    raw: str = ""
    unreadable: bool = False  # Argos could not split the parameters, and dropped them all


@dataclass
class Menu:
    header: list
    body: list


# --- reading ------------------------------------------------------------------------------


def _dash_pairs(s: str) -> tuple[int, str]:
    """Strips leading `--` pairs as xbar and SwiftBar do, stopping at a bare `---`."""
    level = 0
    while s.startswith("--") and s != "---":
        s, level = s[2:], level + 1
    return level, s


def read_line(no: int, line: str, host: str) -> Item:
    """One output line as `host` reads its level, label and parameters."""
    if host == SWIFTBAR:  # the level comes first, from the whole line
        level, working = _dash_pairs(line)
        if working == "---":
            return Item(no, level, "", separator=True, raw=line)
        label, bar, rest = working.partition("|")
    else:
        label, bar, rest = line.partition("|")
        if host == XBAR:
            sep_level, bare = _dash_pairs(label.strip())
            if bare == "---":
                return Item(no, sep_level, "", separator=True, raw=line)
            level, label = _dash_pairs(label)
        else:  # Argos: half the leading dashes, unless the line is only dashes
            dashes = len(label) - len(label.lstrip("-"))
            level = dashes // 2 if 2 <= dashes < len(label) else 0
            label = label[2 * level :]
            if re.fullmatch(r"-+", label.strip()):
                return Item(no, level, "", separator=True, raw=line)
    params = READ_PARAMS[host](rest) if bar else {}
    return Item(
        no, level, label, params or {}, rest if bar else None, raw=line, unreadable=params is None
    )


def _swiftbar_params(s: str) -> dict:
    """MenuLineParameters.getParams: keys lower-cased; it stops where no '=' follows."""
    params, pos = {}, 0
    while True:
        pos = BLANKS.match(s, pos).end()
        eq = s.find("=", pos)
        if pos == len(s) or eq < 0:
            return params
        key, pos = s[pos:eq].strip().lower(), BLANKS.match(s, eq + 1).end()
        value = SWIFTBAR_VALUE.match(s, pos)
        params[key] = value.group("quoted") if value.group(1) else value.group("word")
        pos = value.end()


def _xbar_params(s: str) -> dict:
    """parseParamStr: a value ends at a blank, or at its closing quote."""
    params: dict = {}
    while True:
        s = s.strip()
        i = s.find("=")
        if i < 0:  # xbar rejects a word without '=': _param_problems reports it
            return params
        end_str = s[i + 1] if s[i + 1 : i + 2] in ('"', "'") else " "
        start = i + 1 + (end_str != " ")
        key = s[1:i].strip() if s.startswith("|") else s[:i]
        end = s.find(end_str, start)
        end = s.find("|", start) if end < 0 else end
        end = len(s) if end < 0 else end
        params[key], s = s[start:end], s[end + 1 :]


def _argos_params(s: str) -> dict | None:
    """parseLine: the shell words of the rest; `name=value` words with both parts non-empty."""
    try:
        words = shlex.split(s)
    except ValueError:  # GLib.shell_parse_argv fails the same way
        return None
    pairs = [word.split("=", 1) for word in words if "=" in word]
    return {k.strip(): v.strip() for k, v in pairs if k.strip() and v.strip()}


READ_PARAMS = {SWIFTBAR: _swiftbar_params, XBAR: _xbar_params, ARGOS: _argos_params}


def _ends_title(item: Item, host: str) -> bool:
    if host == SWIFTBAR:
        return item.raw.startswith("---")
    return item.separator and (host == ARGOS or item.raw.partition("|")[0].strip() == "---")


def parse(text: str, host: str) -> Menu:
    """The title lines and the menu lines, as `host` splits them."""
    lines = re.split(LINE_BREAKS[host], text)
    menu, in_body = Menu([], []), False
    for no, line in enumerate(lines, 1):
        if line == "" and (host != XBAR or no == len(lines)):
            continue  # only xbar shows an empty line, except the one after the last "\n"
        item = read_line(no, line, host)
        if in_body:
            menu.body.append(item)
        elif _ends_title(item, host):
            in_body = True
            if not item.separator:  # SwiftBar shows a `---…` line that is no exact `---`
                menu.body.append(item)
        else:
            menu.header.append(item)
    return menu


# --- what each host does to a line --------------------------------------------------------


def _off(params: dict, key: str, host: str) -> bool:
    """Whether a switch that is on by default (trim, emojize, ansi, unescape, …) is off."""
    value = params.get(key)
    if host == XBAR:
        return value in GO_FALSE
    if host == SWIFTBAR:
        return value is not None and value.lower() == "false"
    return value == "false"  # Argos compares the exact word


def _go_unquotes(label: str) -> bool:
    """Whether strconv.Unquote changes the label. It fails, and xbar shows the label as
    written, on a bare quote or on an escape Go does not know."""

    def check(m: re.Match) -> str:
        kind, digits = m.group()[1], m.group()[2:]
        if kind in "uU":
            code = int(digits, 16)
            return "" if code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else "\\"
        return "\\" if kind in "4567" else ""  # an octal escape above \377 fails

    rest, escapes = GO_ESCAPE.subn(check, label)
    return escapes > 0 and "\\" not in rest and '"' not in rest


def _xbar_label(label: str, params: dict) -> list[str]:
    found = []
    if not _off(params, "ansi", XBAR) and _go_unquotes(label):
        found.append(
            "xbar reads the label's backslash escapes as Go escapes (ansi=false keeps them)"
        )
    emoji = None if _off(params, "emojize", XBAR) else EMOJI_NAME.search(label)
    if emoji:
        found.append(f"xbar turns {emoji.group()!r} into an emoji (emojize=false keeps it)")
    return found


def _swiftbar_label(label: str, params: dict) -> list[str]:
    found = []
    if "\\" in label.replace("\\\\", ""):
        found.append(
            "SwiftBar turns \\n and \\t in the label into a line break and a tab and drops "
            "any other backslash (write \\\\ for one)"
        )
    if not _off(params, "symbolize", SWIFTBAR):
        symbol = SF_SYMBOL.search(label)
        if symbol:
            found.append(
                f"SwiftBar turns {symbol.group()!r} into an SF Symbol (symbolize=false keeps it)"
            )
    elif not _off(params, "emojize", SWIFTBAR):  # emoji only when symbols are off
        emoji = EMOJI_NAME.search(label)
        if emoji:
            found.append(f"SwiftBar turns {emoji.group()!r} into an emoji (emojize=false keeps it)")
    return found


def _argos_label(label: str, params: dict) -> list[str]:
    found = []
    if not _off(params, "unescape", ARGOS) and "\\" in label:
        found.append(
            "Argos reads the label's backslash escapes (g_strcompress; unescape=false keeps them)"
        )
    emoji = None if _off(params, "emojize", ARGOS) else ARGOS_EMOJI_NAME.search(label)
    if emoji:
        found.append(f"Argos turns {emoji.group()!r} into an emoji (emojize=false keeps it)")
    if not _off(params, "useMarkup", ARGOS):
        if "<" in label:
            found.append(
                "Argos reads '<' in the label as Pango markup (write &lt;, or useMarkup=false)"
            )
        if BARE_AMPERSAND.search(label):
            found.append(
                "a bare '&' makes Pango reject the label in Argos (write &amp;, or useMarkup=false)"
            )
    return found


LABEL_PROBLEMS = {SWIFTBAR: _swiftbar_label, XBAR: _xbar_label, ARGOS: _argos_label}


# --- what each host makes of the parameters -----------------------------------------------


def _color_ok(value: str, host: str) -> bool:
    value = value.lower()
    return value in COLOR_NAMES[host] or bool(re.fullmatch(HEX_COLOR[host], value))


def _xbar_rejects(key: str, value: str) -> str | None:
    """ItemParams.setValueByKey: why xbar fails the whole plugin on this parameter."""
    if key.startswith("param"):
        if not re.fullmatch(r"[+-]?\d+", key[5:]):
            return f"bad parameter {key!r} (should be paramN)"
        return None if int(key[5:]) >= 1 else f"{key} makes its parser panic"
    if key not in KEYS[XBAR]:
        return f"unknown parameter {key!r}"
    if key in XBAR_BOOLS and value not in GO_BOOLS.split():
        return f"{key}={value!r} is not a Go bool ({GO_BOOLS})"
    if key in ("size", "length") and not re.fullmatch(r"[+-]?\d+", value):
        return f"{key}={value!r} is not an integer"
    if key == "color" and not _color_ok(value, XBAR):
        return f"color={value!r} is not #RGB[A], #RRGGBB[AA] or a CSS name xbar knows"
    return None


def _xbar_params_problems(params: dict) -> list[str]:
    for key, value in params.items():
        why = None if re.search(r"\s", key) else _xbar_rejects(key, value)
        if why:  # xbar stops at the first
            return [f"xbar rejects the whole plugin: {why}"]
    return []


def _swiftbar_params_problems(params: dict) -> list[str]:
    found = []
    for key, value in params.items():
        known = key in KEYS[SWIFTBAR] or re.fullmatch(r"param.*|sfcolor\d+", key)
        if not known and not re.search(r"\s", key):
            found.append(f"SwiftBar ignores the unknown parameter {key!r}")
        if key in ("size", "length", "sfsize") and not re.fullmatch(r"[+-]?\d+", value):
            found.append(f"SwiftBar ignores {key}={value!r}: not an integer")
        for part in value.split(",") if key == "color" else ():
            if not _color_ok(part, SWIFTBAR):
                found.append(
                    f"SwiftBar draws color {part!r} wrong or not at all (#RRGGBB or a CSS name)"
                )
    if ("bash" in params or "shell" in params) and not _off(params, "terminal", SWIFTBAR):
        found.append("an action without terminal=false opens a Terminal window in SwiftBar")
    return found


def _argos_params_problems(params: dict) -> list[str]:
    found = []
    for key, value in params.items():
        if key not in KEYS[ARGOS] and not re.fullmatch(r"param[1-9]\d*", key):
            found.append(f"Argos ignores the unknown parameter {key!r}")
        if key in ARGOS_BOOLS and value not in ("true", "false"):
            found.append(f"Argos reads only the exact words true and false, not {key}={value!r}")
        if key == "length" and not re.match(r"\s*[+-]?\d", value):  # parseInt gives NaN
            found.append(f"Argos ignores {key}={value!r}: not an integer")
        if key == "color" and not _color_ok(value, ARGOS):
            found.append(f"Pango cannot parse color={value!r}, so Argos shows no label")
    if "bash" in params and params.get("terminal") != "false":
        found.append("an action without terminal=false opens a terminal window in Argos")
    return found


PARAMS_PROBLEMS = {
    SWIFTBAR: _swiftbar_params_problems,
    XBAR: _xbar_params_problems,
    ARGOS: _argos_params_problems,
}


# --- the whole output ---------------------------------------------------------------------


def _words(s: str) -> list[str]:
    try:
        return shlex.split(s)
    except ValueError:  # an unbalanced quote
        return s.split()


def _line_problems(item: Item, host: str) -> list[str]:
    found = []
    bare = [word for word in _words(item.rest or "") if "=" not in word]
    if bare:
        cut = "; xbar rejects the whole plugin" if host == XBAR else ""
        found.append(
            f"text after '|' is not key=value: the label was cut at '|' ({bare[0]!r}){cut}"
        )
    if item.unreadable:
        found.append("unbalanced quote: Argos drops every parameter of the line")
    label = item.label if _off(item.params, "trim", host) else item.label.strip()
    if not label and not IMAGE_KEYS & set(item.params):
        found.append("shows an empty menu item")
    if "\x1b[" in label and item.params.get("ansi", "").lower() != "true":
        found.append("raw ANSI escape in the label")
    elif CONTROL.search(label):
        found.append(
            f"line break or control character {CONTROL.search(label).group()!r} in the label"
        )
    found += LABEL_PROBLEMS[host](label, item.params) + PARAMS_PROBLEMS[host](item.params)
    return [f"line {item.line}: {problem}" for problem in found]


def _place_problems(item: Item, host: str, above: Item | None) -> list[str]:
    """Where the line lands in the menu, when the hosts place it differently."""
    found = []
    # xbar hangs a deeper line after a separator on the item above it, SwiftBar on the
    # separator itself; Argos keeps its own open submenus
    deepest = 0 if above is None else above.level + (not above.separator or host == ARGOS)
    if item.level > deepest:
        after = "a separator" if above and above.separator else "a line"
        where = f"{after} at level {above.level}" if above else "the start of the menu"
        found.append(f"level {item.level} right after {where}: the hosts disagree where it goes")
    dashes = item.raw.partition("|")[0].strip()
    if host == ARGOS and item.separator and dashes != "---":
        found.append(
            f"Argos puts every all-dash line in the top menu: {dashes!r} is no submenu separator"
        )
    elif host == ARGOS and item.separator and item.level:
        found.append("Argos reads the blanks after '---' as a separator in a submenu")
    if host == SWIFTBAR and not item.separator and _dash_pairs(dashes)[1] == "---":
        found.append("SwiftBar shows '-' here: a separator is exactly '---' after the '--' pairs")
    return [f"line {item.line}: {problem}" for problem in found]


def problems(text: str, host: str) -> list[str]:
    """What `host` would reject in `text`, or show other than as written."""
    if host not in HOSTS:
        raise ValueError(f"host is one of {HOSTS}, not {host!r}")
    if not text.strip():
        return ["empty output: the menu bar item disappears"]
    found = ["NUL byte in output"] if "\x00" in text else []
    stray = re.search(r"\r(?!\n)|[\x0b\x0c\x85\u2028\u2029]", text)
    if host == SWIFTBAR and stray:
        found.append(f"stray line break {stray.group()!r}: SwiftBar splits the line there")
    menu = parse(text, host)
    if not menu.header:
        found.append("no title line before the first ---")
    for item in menu.header:
        found += _line_problems(item, host)
    above = None
    for item in menu.body:
        found += _place_problems(item, host, above)
        if not item.separator:
            found += _line_problems(item, host)
        above = item
    return found


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--host") + 1] if "--host" in sys.argv else SWIFTBAR
    found = problems(sys.stdin.read(), chosen)
    for problem in found:
        print(problem)
    sys.exit(1 if found else 0)
