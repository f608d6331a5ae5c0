"""The sparkline fallback and the `charts` setting: what each choice shows under a limit."""

from __future__ import annotations

import pytest

from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Host
from claude_usage.render.trend import MAX_IMAGE_CHARS, Picture, sparkline, trend_lines
from conftest import lint, run_plugin

START, END = 0.0, 200.0  # 20 cells of 10 s each


def at(cell: int) -> float:
    return START + cell * 10 + 5


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([], " " * 20),
        ([(at(c), 50.0) for c in range(20)], "▅" * 20),  # flat
        ([(at(c), c * 5.0) for c in range(20)], "▁▁▁▂▂▃▃▃▄▄▅▅▅▆▆▇▇▇██"),  # rising
        ([(at(0), 10.0), (at(5), 30.0)], "▁▁▁▁▁▃" + " " * 14),  # gaps hold; the future is blank
        ([(at(2), 60.0), (at(3), 2.0), (at(4), 5.0)], "  ▅▁▁" + " " * 15),  # a reset's drop shows
        ([(at(0), 20.0), (at(0) + 1, 90.0), (at(0) + 2, 40.0)], "█" + " " * 19),  # a cell's peak
        ([(-50.0, 99.0), (at(1), -5.0), (at(2), 250.0), (900.0, 1.0)], " ▁█" + " " * 17),
        ([(END, 100.0)], " " * 19 + "█"),  # the reset itself falls in the last cell
    ],
)
def test_sparkline(samples, expected):
    assert sparkline(samples, start=START, end=END) == expected


def test_sparkline_of_a_window_without_length_is_empty():
    assert sparkline([(0.0, 50.0)], start=10.0, end=10.0) == ""
    assert len(sparkline([(0.0, 50.0)], start=0.0, end=60.0, cells=6)) == 6


TREND = Picture("RGFyaw==", "TGlnaHQ=", "  ▁▂▃")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("image", ["| image=RGFyaw=="]),
        ("text", ["  ▁▂▃| font=Menlo size=12 color=#98989D trim=false"]),
        ("off", []),
    ],
)
def test_trend_lines_follow_the_setting(mode, expected):
    assert trend_lines(TREND, Host(XBAR, dark=True), mode) == expected
    assert trend_lines(None, Host(XBAR), mode) == []


def test_an_oversized_picture_falls_back_to_the_sparkline():
    huge = Picture("A" * (MAX_IMAGE_CHARS + 4), "TGlnaHQ=", "▁▂")
    assert trend_lines(huge, Host(SWIFTBAR), "image") == [
        "▁▂| font=Menlo size=12 color=#6E6E73,#98989D trim=false"
    ]
    assert trend_lines(Picture("A" * (MAX_IMAGE_CHARS + 4), "", "  "), Host(XBAR), "image") == []


@pytest.mark.parametrize("host", [SWIFTBAR, XBAR, ARGOS])
def test_the_sparkline_line_passes_our_lint(host):
    (line,) = trend_lines(TREND, Host(host), "text")
    assert not lint(f"T\n---\n{line}\n", host=host)


def test_the_charts_command_saves_the_choice_and_the_menu_checks_it():
    done = run_plugin("--charts", "text")
    assert (done.returncode, done.stdout.decode()) == (0, "Charts: text\n")
    menu = run_plugin("--demo", env_extra={"SWIFTBAR": "1"}).stdout.decode()
    assert "--Charts: Image | " in menu and "--Charts: Text | " in menu  # the demo ignores it
    menu = run_plugin().stdout.decode()
    checked = [ln for ln in menu.splitlines() if ln.startswith("--") and "--charts" in ln]
    assert [ln.split("|")[0] for ln in checked] == [
        "--    Charts: Image",
        "--✓ Charts: Text",
        "--    Charts: Off",
    ]


def test_the_charts_command_refuses_other_values():
    done = run_plugin("--charts", "pie")
    assert done.returncode == 2 or done.returncode == 1
    assert "--charts takes image or text or off" in done.stderr.decode()
