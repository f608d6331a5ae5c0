"""Charts: valid PNGs of the promised size and scale, legible both ways, lines every host takes."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

from claude_usage.render.chart import DASH_PT, GAP_PT, HEIGHT_PT, WIDTH_PT, chart_png, draw_trend
from claude_usage.render.markup import ARGOS, SWIFTBAR, XBAR, Host
from claude_usage.render.png import encode_png
from claude_usage.render.trend import MAX_IMAGE_CHARS, chart_line
from conftest import lint
from png_reader import read_chunks, read_png

HOUR = 3600.0
NOW = 1_000_000.0
START, END = NOW - 3 * HOUR, NOW + 2 * HOUR
CLIMB = [(START + i * 300, i * 1.2) for i in range(37)]  # 0 % to 43 % over three hours
RETINA_PER_METRE = 5669  # 144 dpi: what macOS writes in a Retina screenshot


def chart(samples=CLIMB, **kw) -> bytes:
    return chart_png(samples, start=START, end=END, now=NOW, **{"forecast": (END, 71.0), **kw})


def test_encode_png_writes_valid_chunks_and_the_pixels_back():
    pixels = bytes([255, 0, 0, 255, 0, 0, 255, 128]) * 3  # 2x3, red and half-clear blue
    png = read_png(encode_png(2, 3, pixels))
    assert (png.width, png.height, png.kind) == (2, 3, 6)
    assert png.pixel(0, 2) == (255, 0, 0, 255) and png.pixel(1, 0) == (0, 0, 255, 128)
    assert png.chunks == [b"IHDR", b"IDAT", b"IEND"] and png.pixels_per_metre is None


def test_encode_png_palette_with_transparency_and_scale():
    palette = [(0, 0, 0, 0), (10, 132, 255, 255)]
    png = read_png(encode_png(3, 1, bytes([0, 1, 0]), palette=palette, scale=2))
    assert png.kind == 3 and png.rgba == [[(0, 0, 0, 0), (10, 132, 255, 255), (0, 0, 0, 0)]]
    assert png.chunks == [b"IHDR", b"PLTE", b"tRNS", b"pHYs", b"IDAT", b"IEND"]
    assert png.pixels_per_metre == RETINA_PER_METRE


@pytest.mark.parametrize(
    ("size", "pixels", "palette"),
    [((2, 2), b"\x00" * 15, None), ((1, 1), b"\x00", []), ((1, 1), b"\x00", [(0, 0, 0, 0)] * 257)],
)
def test_encode_png_refuses_what_it_cannot_write(size, pixels, palette):
    with pytest.raises(ValueError):
        encode_png(*size, pixels, palette=palette)


def test_every_crc_is_checked_by_the_reader():
    data = bytearray(chart())
    data[40] ^= 0xFF  # inside IHDR's or PLTE's body
    with pytest.raises(AssertionError, match="CRC"):
        read_chunks(bytes(data))


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_a_chart_has_the_size_in_points_at_its_scale(scale):
    png = read_png(chart(scale=scale))
    assert (png.width, png.height) == (WIDTH_PT * scale, HEIGHT_PT * scale)
    assert png.pixels_per_metre == (None if scale == 1 else round(72 * scale / 0.0254))


def test_the_chart_draws_line_fill_forecast_and_markers_over_a_clear_background():
    png = read_png(chart(dark=True))
    blue, yellow = (10, 132, 255, 255), (255, 214, 10, 255)  # the menu's dark-mode colours
    colours = png.colors()
    assert (0, 0, 0, 0) in colours  # the menu shows through
    assert blue in colours and yellow in colours  # 43 % is blue; 71 % at the reset is yellow
    assert (10, 132, 255, 0x38) in colours  # the light fill under the line
    now_x = round((NOW - START) / (END - START) * (png.width - 1))
    assert {png.pixel(now_x, y)[:3] for y in (0, png.height // 2)} == {(152, 152, 157)}
    assert png.pixel(1, png.height - 3)[:3] == (10, 132, 255)  # starts at 0 %, bottom left


def test_the_forecast_is_dashed_and_ends_at_the_reset():
    png = read_png(chart(dark=True))
    yellow = (255, 214, 10, 255)
    columns = [x for x in range(png.width) if any(row[x] == yellow for row in png.rgba)]
    now_x = round((NOW - START) / (END - START) * (png.width - 1))
    period = (DASH_PT + GAP_PT) * 2
    assert min(columns) >= now_x - 1 and max(columns) > png.width - 1 - period  # to the reset
    gaps = [x for x in range(min(columns), max(columns)) if x not in columns]
    assert gaps  # dashed, not solid


def test_light_and_dark_charts_differ_in_colour_only():
    light, dark = read_png(chart(dark=False)), read_png(chart(dark=True))
    assert light.colors() != dark.colors()
    assert (0, 122, 255, 255) in light.colors()  # the light menu's blue
    shape = [[p[3] > 0 for p in row] for row in light.rgba]
    assert shape == [[p[3] > 0 for p in row] for row in dark.rgba]


@pytest.mark.parametrize(
    "samples",
    [
        [],
        [(NOW, 50.0)],
        [(START - HOUR, 90.0), (NOW + 9 * HOUR, 150.0)],  # outside the window, beyond 100 %
        [(START + i * 30, 100.0 * (i % 2)) for i in range(600)],  # a zigzag: the worst to pack
    ],
)
def test_odd_samples_still_make_a_valid_chart_within_the_hosts_limit(samples):
    png = chart(samples)
    assert (read_png(png).width, read_png(png).height) == (WIDTH_PT * 2, HEIGHT_PT * 2)
    assert len(base64.b64encode(png)) <= MAX_IMAGE_CHARS


def test_draw_trend_encodes_both_appearances_and_the_sparkline():
    trend = draw_trend(CLIMB, start=START, end=END, now=NOW, forecast=(END, 71.0))
    assert read_png(base64.b64decode(trend.dark_image)).colors() == read_png(chart()).colors()
    assert trend.light_image != trend.dark_image
    assert trend.sparkline.startswith("▁") and trend.sparkline.endswith(" ")


@pytest.mark.parametrize("host", [SWIFTBAR, XBAR, ARGOS])
def test_a_chart_line_is_only_the_image_and_passes_our_lint(host):
    trend = draw_trend(CLIMB, start=START, end=END, now=NOW)
    line = chart_line(Host(host, dark=False), trend.dark_image, trend.light_image)
    assert line.startswith("| image=")
    assert not lint(f"T\n---\n{line}\n", host=host)


def test_each_host_is_told_the_size_its_own_way():
    dark, light = "RGFyaw==", "TGlnaHQ="
    lines = {h: chart_line(Host(h, dark=True), dark, light) for h in (SWIFTBAR, XBAR, ARGOS)}
    assert lines[SWIFTBAR] == f"| image={dark},{light} width=240 height=48"  # dark first
    assert lines[XBAR] == f"| image={dark}"  # the PNG's pHYs gives its size in points
    assert lines[ARGOS] == f"| image={dark} imageWidth=240 imageHeight=48"
    assert chart_line(Host(XBAR, dark=False), dark, light) == f"| image={light}"


def test_the_image_is_compressed_once_and_decodes_with_zlib():
    png = chart()
    chunks = dict(read_chunks(png))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert len(zlib.decompress(chunks[b"IDAT"])) == (width + 1) * height


def test_both_appearances_share_one_compressed_image():
    dark, light = (dict(read_chunks(chart(dark=d))) for d in (True, False))
    assert dark[b"IDAT"] == light[b"IDAT"] and dark[b"PLTE"] != light[b"PLTE"]
