"""A limit's recent course in the menu: a chart line, or a text sparkline where pictures can't show.

Pure, and cheap to import: charts arrive here drawn and base64-encoded
(render/chart.py's draw_trend, run when new data arrives), so a menu run only
places them.
"""

from __future__ import annotations

from ..core.record import Record
from .markup import ARGOS, GREY, SWIFTBAR

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .markup import Host

    Sample = tuple[float, float]  # (at, percent)

IMAGE, TEXT, OFF = "image", "text", "off"  # the `charts` setting
CHART_MODES = (IMAGE, TEXT, OFF)
TICKS = "▁▂▃▄▅▆▇█"
NO_DATA = " "
SPARK_CELLS = 20  # as wide as the usage bar above it
CHART_POINTS = (240, 48)  # render/chart.py's size in points; the hosts are told it
# No host limits the length of a line or an image= value (xbar: bufio.Reader.ReadString,
# Argos: Gio.DataInputStream lines, SwiftBar: readDataToEndOfFile); this cap is ours, so
# a glitch can never make the every-minute output balloon.
MAX_IMAGE_CHARS = 8192


class Picture(Record):
    """A limit's course, ready to show: its chart (base64 PNG) per appearance, and its sparkline."""

    dark_image: str
    light_image: str
    sparkline: str


def sparkline(
    samples: Sequence[Sample], *, start: float, end: float, cells: int = SPARK_CELLS
) -> str:
    """One block per slice of [start, end]: the peak seen in it, or the last one before it.

    Usage only grows inside a window, so a slice without a sample holds the last
    value; slices after the last sample are blank: they have not happened yet.
    """
    span = (end - start) / cells if end > start and cells > 0 else 0.0
    if not span:
        return ""
    peaks: list[float | None] = [None] * cells
    for at, percent in samples:
        if start <= at <= end:
            cell = min(int((at - start) / span), cells - 1)
            held = peaks[cell]
            peaks[cell] = percent if held is None else max(held, percent)
    last = max((cell for cell, peak in enumerate(peaks) if peak is not None), default=-1)
    text, held = [], None
    for cell, peak in enumerate(peaks):
        held = peak if peak is not None else held
        text.append(NO_DATA if held is None or cell > last else _tick(held))
    return "".join(text)


def _tick(percent: float) -> str:
    share = min(max(percent, 0.0), 100.0) / 100
    return TICKS[min(len(TICKS) - 1, int(share * len(TICKS)))]


def trend_lines(trend: Picture | None, host: Host, mode: str, *, level: int = 0) -> list[str]:
    """The line that shows `trend` under its limit, as the `charts` setting asks."""
    if trend is None or mode == OFF:
        return []
    if mode == TEXT or max(len(trend.dark_image), len(trend.light_image)) > MAX_IMAGE_CHARS:
        return [spark_line(host, trend.sparkline, level=level)] if trend.sparkline.strip() else []
    return [chart_line(host, trend.dark_image, trend.light_image, level=level)]


def chart_line(host: Host, dark_image: str, light_image: str, *, level: int = 0) -> str:
    """A menu line that is only the chart, at its size in points on every host.

    SwiftBar takes both pictures and picks by the menu's appearance: the first
    when it is dark (MenuLineParameters.getImage). It shrinks any image to 16 pt
    high on macOS 26 unless given width and height; Argos draws one pixel a
    point unless given imageWidth/imageHeight. xbar takes neither: it sizes the
    image by the PNG's own pHYs through NSImage.
    """
    width, height = CHART_POINTS
    if host.name == SWIFTBAR:
        image = f"{dark_image},{light_image}"
        return host.line("", level=level, image=image, width=width, height=height)
    image = dark_image if host.dark else light_image
    if host.name == ARGOS:
        return host.line("", level=level, image=image, imageWidth=width, imageHeight=height)
    return host.line("", level=level, image=image)


def spark_line(host: Host, text: str, *, level: int = 0) -> str:
    """The sparkline in the bars' monospace font; untrimmed, so leading blanks keep their place."""
    return host.line(
        text, level=level, font=host.monospace, size=12, color=host.color(GREY), trim="false"
    )
