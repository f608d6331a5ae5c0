"""Each limit's chart is drawn when its numbers arrive, and a cached run shows it as drawn."""

from __future__ import annotations

import base64
import time

import pytest

from conftest import Reply, fixture_reply, run_plugin, write_claude_credentials
from png_reader import read_png


@pytest.fixture
def fetched(isolated, server):
    write_claude_credentials(isolated / "home")
    server.play(Reply(200, fixture_reply("usage_max20x.json", time.time())))
    return server


def menu(server, *args):
    done = run_plugin(*args, env_extra={"CLAUDE_USAGE_API_URL": server.url})
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8").splitlines()


def image_under(lines: list[str], heading: str) -> bytes:
    at = next(n for n, line in enumerate(lines) if line.startswith(heading))
    picture = next(line for line in lines[at + 2 : at + 6] if line.startswith("| image="))
    return base64.b64decode(picture.split("image=")[1].split()[0])


def test_a_fetch_draws_each_limits_chart_and_the_cached_run_shows_it(fetched):
    first = menu(fetched)
    again = menu(fetched)  # from the cache: the same picture, drawn once
    assert len(fetched.requests) == 1
    for heading in ("Current session", "All models", "Sonnet only"):
        png = image_under(first, heading)
        assert read_png(png).width > 0
        assert image_under(again, heading) == png


@pytest.mark.parametrize(("mode", "shown"), [("text", "▁"), ("off", None)])
def test_the_charts_setting_draws_a_sparkline_or_nothing(fetched, mode, shown):
    assert run_plugin("--charts", mode).returncode == 0
    lines = menu(fetched)
    assert not any(line.startswith("| image=") for line in lines)
    sparks = [
        line
        for line in lines
        if "trim=false" in line and "% used" not in line and "--" not in line[:2]
    ]
    assert bool(sparks) is (shown is not None)
