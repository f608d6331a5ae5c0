"""Draws a limit's usage over its window as a small PNG for the menu. Pure.

The picture is palette-indexed: a handful of flat colours (some translucent, so
the menu's own background shows through) cost one byte a pixel, and each
column is drawn with one strided slice, which keeps a 480x96 chart near 1 ms.
"""

from __future__ import annotations

from binascii import b2a_base64

from .markup import BLUE, GREY, level_color
from .png import encode_pngs
from .trend import Picture, sparkline

TYPE_CHECKING = False  # typing costs more to import than a chart may spend
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .markup import Color

    Sample = tuple[float, float]  # (at, percent)

WIDTH_PT, HEIGHT_PT = 240, 48  # about the width of the menu's bars and text
LINE_PT = 1.5
FILL_ALPHA, GRID_ALPHA, NOW_ALPHA = 0x38, 0x55, 0x99
DASH_PT, GAP_PT = 4, 3
CLEAR, FILL, GRID, NOW, FORECAST, LINE = range(6)  # palette indexes, drawn in this order


def chart_png(
    samples: Sequence[Sample],
    *,
    start: float,
    end: float,
    now: float,
    forecast: Sample | None = None,
    dark: bool = True,
    scale: int = 2,
) -> bytes:
    """The usage line over [start, end] (end: the reset), filled beneath, and the forecast.

    The forecast is dashed from the last sample to its point; a faint line marks
    100 % and another the present. Drawn at `scale` pixels a point.
    """
    dark_png, light_png = chart_pngs(
        samples, start=start, end=end, now=now, forecast=forecast, scale=scale
    )
    return dark_png if dark else light_png


def chart_pngs(
    samples: Sequence[Sample],
    *,
    start: float,
    end: float,
    now: float,
    forecast: Sample | None = None,
    scale: int = 2,
) -> tuple[bytes, bytes]:
    """chart_png's picture for a dark and a light menu: drawn once, the palettes differ."""
    width, height = WIDTH_PT * scale, HEIGHT_PT * scale
    canvas = _Canvas(width, height, scale, start, end)
    points = sorted(samples)
    last = points[-1][1] if points else 0.0
    line_color = level_color(last) if points else BLUE
    ahead = forecast[1] if forecast else last
    colors = (line_color, level_color(ahead))
    canvas.horizontal(canvas.y(100.0), GRID, dotted=True)
    canvas.horizontal(height - 1, GRID)
    line = canvas.trace(points)
    canvas.fill_under(line)
    canvas.vertical(canvas.x(now), NOW)
    if forecast and points:
        canvas.stroke(canvas.trace([points[-1], forecast]), FORECAST, dashed=True)
    canvas.stroke(line, LINE)
    palettes = [_palette(*colors, dark) for dark in (True, False)]
    dark_png, light_png = encode_pngs(width, height, canvas.pixels, palettes=palettes, scale=scale)
    return dark_png, light_png


def draw_trend(
    samples: Sequence[Sample],
    *,
    start: float,
    end: float,
    now: float,
    forecast: Sample | None = None,
) -> Picture:
    """A limit's course, drawn once for both appearances, for the menu runs to show as they are."""
    pngs = chart_pngs(samples, start=start, end=end, now=now, forecast=forecast)
    images = [b2a_base64(png, newline=False).decode("ascii") for png in pngs]
    return Picture(images[0], images[1], sparkline(samples, start=start, end=end))


def _palette(line: Color, forecast: Color, dark: bool) -> list[tuple[int, int, int, int]]:
    """The colours by index: the menu's own, in the appearance the chart is drawn for."""

    def rgba(color: Color, alpha: int = 0xFF) -> tuple[int, int, int, int]:
        code = color.dark if dark else color.light
        return (int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16), alpha)

    return [
        (0, 0, 0, 0),
        rgba(line, FILL_ALPHA),
        rgba(GREY, GRID_ALPHA),
        rgba(GREY, NOW_ALPHA),
        rgba(forecast),
        rgba(line),
    ]


class _Canvas:
    """Palette indexes, row by row, and the mapping from (time, percent) to pixels."""

    def __init__(self, width: int, height: int, scale: int, start: float, end: float) -> None:
        self.width, self.height, self.scale = width, height, scale
        self.start, self.span = start, max(end - start, 1.0)
        self.thick = max(1, round(LINE_PT * scale))
        self.top = self.thick // 2  # room for half the line at 100 %
        self.bottom = height - 1 - self.thick // 2
        self.pixels = bytearray(width * height)

    def x(self, at: float) -> int:
        return round((at - self.start) / self.span * (self.width - 1))

    def y(self, percent: float) -> int:
        share = min(max(percent, 0.0), 100.0) / 100
        return round(self.bottom - share * (self.bottom - self.top))

    def trace(self, points: Sequence[Sample]) -> dict[int, int]:
        """The line through `points` as a row for each column it crosses inside the chart."""
        rows: dict[int, int] = {}
        pixels = [(self.x(at), self.y(percent)) for at, percent in points]
        for (xa, ya), (xb, yb) in zip(pixels, pixels[1:]):
            for column in range(max(xa, 0), min(xb, self.width - 1) + 1):
                rows[column] = ya if xb == xa else round(ya + (column - xa) * (yb - ya) / (xb - xa))
        if len(pixels) == 1 and 0 <= pixels[0][0] < self.width:
            rows[pixels[0][0]] = pixels[0][1]
        return rows

    def fill_under(self, rows: dict[int, int]) -> None:
        for column, row in rows.items():
            self._span(column, row, self.height - 1, FILL)

    def stroke(self, rows: dict[int, int], index: int, *, dashed: bool = False) -> None:
        """The line `rows` traces, `thick` pixels wide, with steep steps joined up."""
        period, dash = (DASH_PT + GAP_PT) * self.scale, DASH_PT * self.scale
        first = min(rows, default=0)
        for column, row in rows.items():
            if dashed and (column - first) % period >= dash:
                continue
            before = rows.get(column - 1, row)
            low, high = min(row, before), max(row, before)
            self._span(column, low - self.thick // 2, high + (self.thick - 1) // 2, index)

    def horizontal(self, row: int, index: int, *, dotted: bool = False) -> None:
        for y in range(row, min(row + max(1, self.scale // 2), self.height)):
            step = 2 * self.scale if dotted else 1
            start = y * self.width
            count = len(range(start, start + self.width, step))
            self.pixels[start : start + self.width : step] = bytes([index]) * count

    def vertical(self, column: int, index: int) -> None:
        for x in range(column, column + max(1, self.scale // 2)):
            self._span(x, 0, self.height - 1, index)

    def _span(self, column: int, low: int, high: int, index: int) -> None:
        """Rows low..high (inclusive, clipped) of one column."""
        low, high = max(low, 0), min(high, self.height - 1)
        if not 0 <= column < self.width or high < low:
            return
        first, stop = low * self.width + column, (high + 1) * self.width
        self.pixels[first : stop : self.width] = bytes([index]) * (high - low + 1)
