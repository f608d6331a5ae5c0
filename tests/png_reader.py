"""A small PNG reader for the tests: walks the chunks, checks every CRC, decodes filter 0.

Only what render/png.py writes (8-bit RGBA or palette, no interlace); anything
else fails loudly, so a test never passes on a file it could not read.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Png:
    width: int
    height: int
    kind: int  # 6 RGBA, 3 palette
    chunks: list  # chunk types in file order
    pixels_per_metre: int | None
    rgba: list  # rows of (r, g, b, a) tuples

    def pixel(self, x: int, y: int) -> tuple:
        return self.rgba[y][x]

    def colors(self) -> set:
        return {p for row in self.rgba for p in row}


def read_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == SIGNATURE, "not a PNG signature"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC on {kind!r}"
        chunks.append((kind, body))
        at += 12 + length
    assert at == len(data) and chunks[-1][0] == b"IEND", "file does not end with IEND"
    return chunks


def read_png(data: bytes) -> Png:
    chunks = read_chunks(data)
    assert chunks[0][0] == b"IHDR"
    width, height, depth, kind, method, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (depth, method, filtering, interlace) == (8, 0, 0, 0)
    found = dict(chunks)
    raw = zlib.decompress(b"".join(body for k, body in chunks if k == b"IDAT"))
    size = 4 if kind == 6 else 1
    stride = 1 + width * size
    assert len(raw) == stride * height, "pixel data does not match the header"
    if kind == 3:
        plte, alpha = found[b"PLTE"], found.get(b"tRNS", b"")
        table = [
            (*plte[i : i + 3], alpha[i // 3] if i // 3 < len(alpha) else 255)
            for i in range(0, len(plte), 3)
        ]
    else:
        assert kind == 6, f"colour type {kind}"
    rows = []
    for y in range(height):
        line = raw[y * stride : (y + 1) * stride]
        assert line[0] == 0, "only filter type 0 is read here"
        if kind == 3:
            rows.append([table[i] for i in line[1:]])
        else:
            rows.append([tuple(line[1 + 4 * x : 5 + 4 * x]) for x in range(width)])
    phys = found.get(b"pHYs")
    per_metre = None
    if phys is not None:
        x_ppm, y_ppm, unit = struct.unpack(">IIB", phys)
        assert x_ppm == y_ppm and unit == 1
        per_metre = x_ppm
    return Png(width, height, kind, [k for k, _ in chunks], per_metre, rows)
