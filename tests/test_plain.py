"""Marshal bytes checked before they are decoded: every plain value we write reads back."""

from __future__ import annotations

import marshal
import random

import pytest

from claude_usage.system.files import dumps, loads, sizes_fit


def plain_value(rng: random.Random, depth: int = 0) -> object:
    kinds = ["none", "bool", "int", "big", "float", "ascii", "text", "long text"]
    kinds += ["list", "tuple", "dict"] if depth < 4 else []
    kind = rng.choice(kinds)
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.randint(-(2**31), 2**31 - 1)
    if kind == "big":
        return rng.choice([-1, 1]) * rng.randrange(2**31, 2**200)
    if kind == "float":
        return rng.uniform(-1e12, 1e12)
    if kind == "ascii":
        return rng.choice(["version", "snapshot", "five_hour", "claude-code", ""])
    if kind == "text":
        return "".join(rng.choice("aé€😀\u202e") for _ in range(rng.randrange(12)))
    if kind == "long text":
        return "x" * rng.randrange(250, 70000)
    items = [plain_value(rng, depth + 1) for _ in range(rng.randrange(6))]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    return {str(plain_value(rng, 5)): v for v in items}


@pytest.mark.parametrize("version", [3, marshal.version])
def test_every_plain_value_we_could_write_reads_back(version):
    rng = random.Random(7)
    for _ in range(400):
        value = plain_value(rng)
        shared = ["five_hour", "five_hour"]  # repeated strings are written as references
        data = marshal.dumps({"v": value, "again": value, "refs": shared}, version)
        assert sizes_fit(data), value
        assert loads(data) == {"v": value, "again": value, "refs": shared}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"(\xff\xff\xff\x7f",  # a tuple of two billion items in five bytes
        b"[\x00\x00\x00\x01N",
        b"\xa9\xff" + b"N" * 10,  # a small tuple (with a reference flag) of 255
        b"u\xff\xff\xff\x7fabc",
        b"l\xff\xff\xff\x7f\x00\x00",
        b"{N",  # a dict that never ends
        b"NN",  # a second value after the first
        b"c" + b"\x00" * 40,  # code: not plain
        b"<\x01\x00\x00\x00N",  # a set: not plain
    ],
)
def test_counts_that_do_not_fit_and_foreign_types_are_refused(data):
    assert loads(data) is None


def test_dumps_refuses_what_is_not_plain():
    with pytest.raises(ValueError):
        dumps({"x": object()})
