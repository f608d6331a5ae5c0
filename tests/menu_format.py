"""Reads plugin output the way SwiftBar 2.x and xbar do, and lists what they
would mangle or reject. Written from the hosts' documented behaviour.

Our own copy of the project's quick format model (swiftbar_lint.py), so the
tests need nothing outside this repository. A quick model only: it knows
nothing of Argos, backslash escapes or emoji, and reads `-----` as a top-level
separator. The hosts' own parsers (run by .ci/run when they are present) are
the authority where the two disagree.

    parse(text)            -> Menu(header=[Item], body=[Item])
    problems(text, xbar)   -> [str]   (empty when both hosts take it cleanly)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

SWIFTBAR_KEYS = {
    "href",
    "bash",
    "shell",
    "terminal",
    "refresh",
    "color",
    "sfcolor",
    "font",
    "size",
    "md",
    "sfsize",
    "length",
    "trim",
    "ansi",
    "emojize",
    "symbolize",
    "dropdown",
    "alternate",
    "image",
    "templateimage",
    "sfimage",
    "sfconfig",
    "sfvalue",
    "checked",
    "tooltip",
    "badge",
    "webview",
    "webvieww",
    "webviewh",
    "zoom",
    "shortcut",
    "stdin",
    "fold",
    "valign",
    "width",
    "height",
}
XBAR_KEYS = {
    "disabled",
    "key",
    "href",
    "color",
    "font",
    "size",
    "shell",
    "bash",
    "templateImage",
    "image",
    "terminal",
    "refresh",
    "dropdown",
    "length",
    "trim",
    "alternate",
    "emojize",
    "ansi",
}
XBAR_BOOL = {"disabled", "terminal", "refresh", "dropdown", "trim", "alternate", "emojize", "ansi"}
CSS_NAMES = {
    "black",
    "white",
    "red",
    "green",
    "blue",
    "yellow",
    "orange",
    "purple",
    "gray",
    "grey",
    "brown",
    "cyan",
    "magenta",
    "pink",
    "teal",
    "navy",
    "maroon",
    "olive",
    "lime",
    "aqua",
    "silver",
    "fuchsia",
    "gold",
}
LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")


@dataclass
class Item:
    line: int
    level: int
    title: str
    params: dict = field(default_factory=dict)
    raw_params: str = ""
    separator: bool = False


@dataclass
class Menu:
    header: list
    body: list

    def titles(self):
        return [i.title for i in self.body if not i.separator]

    def text(self):
        return "\n".join(i.title for i in self.header + self.body)


def tokenize(s: str) -> tuple[dict, bool]:
    """Parameters after the first '|', as SwiftBar reads them.
    Returns (params, stopped_early) where stopped_early means a token without '='."""
    params, i, n = {}, 0, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            break
        j = s.find("=", i)
        nxt_space = min([k for k in (s.find(" ", i), s.find("\t", i)) if k >= 0] or [n])
        if j < 0 or (nxt_space < j and s[i:nxt_space].strip()):
            return params, True
        key = s[i:j].strip()
        i = j + 1
        while i < n and s[i] in " \t":
            i += 1
        if i < n and s[i] in "\"'":
            q, i, val = s[i], i + 1, ""
            while i < n and s[i] != q:
                val += s[i]
                i += 1
            i += 1
        else:
            k = i
            while i < n and s[i] not in " \t":
                i += 1
            val = s[k:i]
        params[key] = val
    return params, False


def parse(text: str) -> Menu:
    lines = [ln for ln in LINE_BREAKS.split(text) if ln.strip()]
    header, body, in_body = [], [], False
    for no, line in enumerate(lines, 1):
        if not in_body and line.startswith("---"):
            in_body = True
        if not in_body:
            title, _, rest = line.partition("|")
            params, _ = tokenize(rest)
            header.append(Item(no, 0, title.strip(), params, rest))
            continue
        level, s = 0, line
        while s.startswith("--") and not re.fullmatch(r"-{3,}", s):
            s, level = s[2:], level + 1
        if re.fullmatch(r"-{3,}", s.strip()):
            body.append(Item(no, level, "", separator=True))
            continue
        title, _, rest = s.partition("|")
        params, _ = tokenize(rest)
        body.append(Item(no, level, title.strip(), params, rest))
    return Menu(header, body)


def problems(text: str, xbar: bool = False) -> list[str]:
    out = []
    if "\x00" in text:
        out.append("NUL byte in output")
    lines = [ln for ln in LINE_BREAKS.split(text) if ln.strip()]
    if not lines:
        return ["empty output: the menu bar item disappears"]
    if lines[0].startswith("---"):
        out.append("no header line before the first ---")
    for ln in re.findall(r"[\r\u2028\u2029\x85\x0b\x0c]", text):
        out.append(f"stray line-break character {ln!r} splits a line")
        break
    menu = parse(text)
    for item in menu.header + menu.body:
        if item.separator:
            continue
        no = item.line
        params, stopped = tokenize(item.raw_params)
        if item.raw_params.strip() and stopped:
            out.append(
                f"line {no}: text after '|' is not key=value; title {item.title!r} "
                f"was cut at a '|' ({item.raw_params.strip()[:40]!r})"
            )
        if re.search(r"\x1b\[", item.title) and params.get("ansi") != "true":
            out.append(f"line {no}: raw ANSI escape in title")
        for k, v in params.items():
            lk = k.lower()
            if (
                lk not in SWIFTBAR_KEYS
                and not lk.startswith("param")
                and not lk.startswith("sfcolor")
            ):
                out.append(f"line {no}: unknown parameter {k!r}")
            if lk in ("size", "length", "sfsize") and not re.fullmatch(r"\d+", v):
                out.append(f"line {no}: {k} must be an integer, got {v!r}")
            if lk == "color":
                for c in v.split(","):
                    if not (re.fullmatch(r"#[0-9a-fA-F]{6}", c) or c.lower() in CSS_NAMES):
                        out.append(f"line {no}: color {c!r} is not #RRGGBB or a CSS name")
        action = params.get("bash") or params.get("shell")
        if action and params.get("terminal") != "false":
            out.append(
                f"line {no}: action without terminal=false opens a Terminal window in SwiftBar"
            )
        if xbar:
            for k, v in params.items():
                if k not in XBAR_KEYS and not re.fullmatch(r"param[1-9]\d*", k):
                    out.append(f"line {no}: xbar fails the whole plugin on parameter {k!r}")
                elif k in XBAR_BOOL and v.lower() not in ("true", "false", "1", "0", "t", "f"):
                    out.append(f"line {no}: xbar wants a bool for {k}, got {v!r}")
                elif k == "color" and "," in v:
                    out.append(f"line {no}: xbar rejects the light,dark pair {v!r}")
    return out


if __name__ == "__main__":
    text = sys.stdin.read()
    found = problems(text, xbar="--xbar" in sys.argv)
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
