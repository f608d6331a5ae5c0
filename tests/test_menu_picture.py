"""tools/menu_picture.py: the README's picture of the menu, drawn from --demo as valid SVG."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from claude_usage.render.menuline import read_menu
from conftest import REPO, run_plugin

SCRIPT = REPO / "tools" / "menu_picture.py"
NS = "{http://www.w3.org/2000/svg}"
CLOCK = re.compile(r" · \w{3} \d\d:\d\d$")  # a weekday and time: they depend on the moment


def drawn(tmp_path) -> ET.Element:
    output = tmp_path / "menu.svg"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return ET.parse(output).getroot()  # valid XML, or this raises


def test_the_picture_is_svg_holding_every_line_of_the_demo_menu(tmp_path):
    svg = drawn(tmp_path)
    assert svg.tag == f"{NS}svg"
    texts = [CLOCK.sub("", t.text or "") for t in svg.iter(f"{NS}text")]
    demo = run_plugin("--demo", env_extra={"SWIFTBAR": "1", "OS_APPEARANCE": "Dark"})
    lines = read_menu(demo.stdout.decode())
    items = [line for line in lines if not line.separator and not line.level]
    shown = [CLOCK.sub("", line.text) for line in items if "image" not in line.params]
    assert texts == shown  # the title, then each item in order; the submenu stays closed
    assert "████████░░░░░░░░░░░░  42% used" in texts
    charts = [line for line in items if "image" in line.params]
    images = [i.get("href") for i in svg.iter(f"{NS}image")]
    assert images == [f"data:image/png;base64,{c.params['image'].split(',')[0]}" for c in charts]
    assert len(images) == 1  # the demo's session chart


def test_colours_fonts_separators_and_the_submenu_mark_come_from_the_menu(tmp_path):
    svg = drawn(tmp_path)
    fill = {t.text: t.get("fill") for t in svg.iter(f"{NS}text")}
    assert fill["◔ 42% · Opus 4.1 86%"] == "#FF9F0A"  # the dark half of its color= pair
    assert fill["████████░░░░░░░░░░░░  42% used"] == "#0A84FF"
    assert fill["Demo data: no token, no network"] == "#98989D"
    bar = next(t for t in svg.iter(f"{NS}text") if "42% used" in (t.text or ""))
    assert "Menlo" in bar.get("font-family") and bar.get("font-size") == "12"
    assert bar.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert len(list(svg.iter(f"{NS}line"))) == 3  # the separators inside the menu
    assert len(list(svg.iter(f"{NS}path"))) == 2  # the chevrons of Accounts and Settings


def test_the_readme_shows_the_committed_picture():
    assert (REPO / "docs" / "menu.svg").exists()
    ET.parse(REPO / "docs" / "menu.svg")
    assert "](docs/menu.svg)" in (REPO / "README.md").read_text()
