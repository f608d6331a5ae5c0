#!/usr/bin/env python3
"""Draws the `--demo` menu as SwiftBar shows it in a dark macOS menu bar: docs/menu.svg.

    python3 tools/menu_picture.py [--output PATH]

The picture is made from the menu the plugin prints: each line's text, its
colour (the dark half of the `color=` pair) and its font (`font=` monospace for
the bars), separators, and a chevron on the item that opens a submenu. It uses
only the standard library, and always the same moment and time zone, so the
same code draws the same file: regenerate it after the menu changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "lib"))

from claude_usage.commands.demo import show_demo  # noqa: E402
from claude_usage.context import Run  # noqa: E402
from claude_usage.render.menuline import MenuLine, read_menu  # noqa: E402

OUTPUT = REPO / "docs" / "menu.svg"
NOW = 1_785_000_000.0  # a fixed moment, in UTC: the reset times read the same on every run
SVG = "http://www.w3.org/2000/svg"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SANS = "-apple-system, BlinkMacSystemFont, 'SF Pro Text', 'Helvetica Neue', Arial, sans-serif"
MONO = "Menlo, 'SF Mono', Consolas, 'DejaVu Sans Mono', monospace"
SANS_EM, MONO_EM = 0.56, 0.61  # average advance per font size, to size the menu without a font
TEXT, DIMMED = "#E5E5E7", "#98989D"
MENU_FILL, MENU_EDGE, SEPARATOR, HIGHLIGHT = "#2C2C2E", "#545458", "#48484A", "#4A4A4E"
BAR_FILL, BAR_HEIGHT = "#1C1C1E", 24
ROW, SEPARATOR_ROW, PAD, MARGIN, RADIUS = 22, 11, 14, 18, 10


def demo_menu() -> list[MenuLine]:
    """The lines `--demo` prints under SwiftBar in dark mode, at NOW in UTC."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    env = {"SWIFTBAR": "1", "OS_APPEARANCE": "Dark", "HOME": "/Users/you"}  # --demo reads no file
    run = Run(env, plugin_path="/Users/you/plugins/claude_usage.1m.py", now=NOW)
    return read_menu(show_demo(run, None).out)


def draw(lines: list[MenuLine]) -> ET.Element:
    """The SVG: the menu bar with the title item, and the open menu below it."""
    title, body = lines[0], lines[2:]  # the first separator ends the title: SwiftBar draws none
    items = [line for line in body if line.level == 0]
    width = round(max(_width(line) for line in items) + 2 * PAD + 18)  # room for the chevron
    menu_height = sum(_height(line) for line in items) + 10
    total = (2 * MARGIN + width, BAR_HEIGHT + 4 + menu_height + MARGIN)
    svg = ET.Element(
        f"{{{SVG}}}svg",
        {"width": str(total[0]), "height": str(total[1]), "viewBox": f"0 0 {total[0]} {total[1]}"},
    )
    _shadow(svg)
    _rect(svg, 0, 0, total[0], BAR_HEIGHT, BAR_FILL, radius=6)
    _rect(svg, MARGIN - 6, 2, round(_width(title) + 12), BAR_HEIGHT - 4, HIGHLIGHT, radius=5)
    _text(svg, MARGIN, BAR_HEIGHT / 2 + 5, title, size=13)
    top = BAR_HEIGHT + 4
    _rect(svg, MARGIN, top, width, menu_height, MENU_FILL, radius=RADIUS, edge=MENU_EDGE)
    y = top + 5
    for at, line in enumerate(body):
        if line.level:
            continue  # a submenu stays closed, as it is when the menu opens
        if line.separator:
            _line(svg, MARGIN + 10, y + SEPARATOR_ROW / 2, MARGIN + width - 10)
            y += SEPARATOR_ROW
            continue
        if "image" in line.params:
            _image(svg, MARGIN + PAD, y + 2, line)
        else:
            _text(svg, MARGIN + PAD, y + ROW / 2 + 4.5, line)
        if at + 1 < len(body) and body[at + 1].level > line.level:
            _chevron(svg, MARGIN + width - PAD, y + ROW / 2)
        y += _height(line)
    return svg


def _height(line: MenuLine) -> float:
    if line.separator:
        return SEPARATOR_ROW
    return float(line.params["height"]) + 4 if "image" in line.params else ROW


def _image(svg: ET.Element, x: float, y: float, line: MenuLine) -> None:
    """A chart line: SwiftBar's `image=<dark>,<light>` base64 PNGs, at `width`×`height` pt."""
    dark = line.params["image"].split(",")[0]
    attributes = {
        "x": f"{x:g}",
        "y": f"{y:g}",
        "width": line.params["width"],
        "height": line.params["height"],
        "href": f"data:image/png;base64,{dark}",
    }
    ET.SubElement(svg, f"{{{SVG}}}image", attributes)


def _width(line: MenuLine) -> float:
    if "image" in line.params:
        return float(line.params["width"])
    mono = "font" in line.params
    size = float(line.params.get("size", 13))
    return len(line.text) * size * (MONO_EM if mono else SANS_EM)


def _text(svg: ET.Element, x: float, y: float, line: MenuLine, size: float | None = None) -> None:
    mono = "font" in line.params
    attributes = {
        "x": f"{x:g}",
        "y": f"{y:g}",
        "fill": line.color(dark=True) or TEXT,
        "font-family": MONO if mono else SANS,
        "font-size": f"{size or float(line.params.get('size', 13)):g}",
        XML_SPACE: "preserve",  # the bars' double spaces are part of the layout
        "style": "white-space: pre",
    }
    ET.SubElement(svg, f"{{{SVG}}}text", attributes).text = line.text


def _rect(
    svg: ET.Element, x: float, y: float, w: float, h: float, fill: str, **style: object
) -> None:
    attributes = {"x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}"}
    attributes.update(rx=f"{style.get('radius', 0)}", fill=fill)
    if style.get("edge"):  # the menu: a soft shadow below it (a plain blur: every renderer has it)
        below = {**attributes, "y": f"{y + 4:g}", "fill": "#000000", "opacity": "0.35"}
        ET.SubElement(svg, f"{{{SVG}}}rect", {**below, "filter": "url(#shadow)"})
        attributes.update(stroke=str(style["edge"]))
    ET.SubElement(svg, f"{{{SVG}}}rect", attributes)


def _line(svg: ET.Element, x1: float, y: float, x2: float) -> None:
    ends = {"x1": f"{x1:g}", "y1": f"{y:g}", "x2": f"{x2:g}", "y2": f"{y:g}"}
    ET.SubElement(svg, f"{{{SVG}}}line", {**ends, "stroke": SEPARATOR})


def _chevron(svg: ET.Element, x: float, y: float) -> None:
    points = f"M{x - 4:g},{y - 4.5:g} L{x:g},{y:g} L{x - 4:g},{y + 4.5:g}"
    style = {"fill": "none", "stroke": DIMMED, "stroke-width": "1.6", "stroke-linecap": "round"}
    ET.SubElement(svg, f"{{{SVG}}}path", {"d": points, **style})


def _shadow(svg: ET.Element) -> None:
    defs = ET.SubElement(svg, f"{{{SVG}}}defs")
    shadow = ET.SubElement(defs, f"{{{SVG}}}filter", {"id": "shadow", "x": "-20%", "y": "-20%"})
    shadow.set("width", "140%")
    shadow.set("height", "140%")
    ET.SubElement(shadow, f"{{{SVG}}}feGaussianBlur", {"stdDeviation": "6"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    output = parser.parse_args().output
    ET.register_namespace("", SVG)
    tree = ET.ElementTree(draw(demo_menu()))
    ET.indent(tree)
    output.parent.mkdir(parents=True, exist_ok=True)
    tree.write(output, encoding="utf-8", xml_declaration=True)
    with output.open("a", encoding="utf-8") as f:
        f.write("\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
