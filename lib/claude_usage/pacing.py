"""Keeps what fresh numbers teach about pace: the current windows' samples, and the history.

Every observation (a fetch, a status-line feed) goes into the history database
(system.history) and, per limit, into a small pace file beside the usage cache:
the current window's samples, at most core.pace.SAMPLES_KEPT of them. The menu,
--json and the status line read the forecast from that file alone, so a cached
run never opens the database nor imports sqlite3. Each limit's chart is drawn
then too, into the same file, so a cached run never draws, and reads one file per
account for both.
"""

from __future__ import annotations

import os

from .core.model import UNREADABLE, WINDOW_S, moment, number
from .core.pace import Trend, forecast, packed, unpacked, with_sample
from .render.trend import OFF, TEXT, Picture
from .settings import load_settings
from .store import WRITE_LOCK_WAIT_S
from .system.files import exclusive, read_data, write_data

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from .context import Run
    from .core.model import Limit

FETCH, FEED = "fetch", "feed"  # where an observation came from
HISTORY_VARIABLE = "CLAUDE_USAGE_HISTORY"  # "off": keep neither (the benchmark's plain fetch)
QUICK_WAIT_S = 0.2  # a run about to print its menu waits no longer for the database
LATER_WAIT_S = 5.0  # after the output nobody waits: a busy database gets this long


def trends_path(folder: str, source: str) -> str:
    return os.path.join(folder, f"pace-{source}.dat")


def load_trends(folder: str, source: str) -> dict[str, Trend]:
    """The source's samples per limit key; none when the file is missing or broken."""
    return trends_from_dict(read_data(trends_path(folder, source)))


def load_pictures(folder: str, source: str) -> dict[str, Picture]:
    """The source's charts and sparklines per limit key, as last drawn; none when broken."""
    return pictures_from_dict(read_data(trends_path(folder, source)))


def load_pace(folder: str, source: str) -> tuple[dict[str, Trend], dict[str, Picture]]:
    """The source's samples and pictures, from one read of its pace file."""
    data = read_data(trends_path(folder, source))
    return trends_from_dict(data), pictures_from_dict(data)


def pictures_from_dict(data: Any) -> dict[str, Picture]:
    """The pictures a pace file holds; anything malformed is left out."""
    pictures = {}
    raw_pictures = data.get("pictures") if isinstance(data, dict) else None
    for key, raw in _limits({"version": 1, "limits": raw_pictures}).items():
        if isinstance(raw, list) and len(raw) == 3 and all(isinstance(x, str) for x in raw):
            pictures[str(key)] = Picture(*raw)
    return pictures


def _limits(data: Any) -> dict[Any, Any]:
    """The per-limit part of a pace file; empty when it is not one."""
    limits = data.get("limits") if isinstance(data, dict) and data.get("version") == 1 else None
    return limits if isinstance(limits, dict) else {}


def history_kept(env: Mapping[str, str]) -> bool:
    return env.get(HISTORY_VARIABLE, "").lower() != "off"


def observe(
    run: Run, source: str, origin: str, limits: Sequence[Limit], *, later: bool = False
) -> dict[str, Trend]:
    """Keep an observation of `limits`, made now: samples and pictures first, then the database.

    `later`: the output is out, so a busy database may be waited for longer. A
    run before its output waits briefly, and if the database is busy it leaves
    the row to its deferred work rather than make the menu wait.
    """
    if not history_kept(run.env):
        return load_trends(run.cache_dir, source)
    charts = load_settings(run.data_dir).charts
    trends = add_samples(run.cache_dir, source, limits, run.now, charts=charts)
    wait = LATER_WAIT_S if later else QUICK_WAIT_S
    if not _recorded(run, source, origin, limits, wait) and not later:
        run.defer(lambda: _recorded(run, source, origin, limits, LATER_WAIT_S))
    return trends


def add_samples(
    folder: str, source: str, limits: Sequence[Limit], at: float, *, charts: str = OFF
) -> dict[str, Trend]:
    """Add the limits' figures at `at` to the pace file, under a lock, and return them all.

    Unless `charts` is OFF, each limit's picture is drawn again, into the same write.
    """
    path = trends_path(folder, source)
    with exclusive(os.path.join(folder, f"pace-{source}.lock"), WRITE_LOCK_WAIT_S) as mine:
        data = read_data(path)
        trends, pictures = trends_from_dict(data), pictures_from_dict(data)
        for limit in limits:
            trend = with_sample(trends.get(limit.key), limit, at)
            if trend is None:
                trends.pop(limit.key, None)
            else:
                trends[limit.key] = trend
        if charts != OFF:
            for key, picture in drawn(limits, trends, at, text_only=charts == TEXT).items():
                if picture is None:
                    pictures.pop(key, None)
                else:
                    pictures[key] = picture
        if mine:
            write_data(path, {**trends_to_dict(trends), "pictures": _plain(pictures)})
            _forget(os.path.join(folder, f"pictures-{source}.dat"))  # where they were kept before
    return trends


def _forget(path: str) -> None:
    try:  # noqa: SIM105 - contextlib.suppress would cost every run its import
        os.unlink(path)
    except OSError:
        pass


def drawn(
    limits: Sequence[Limit], trends: Mapping[str, Trend], now: float, *, text_only: bool = False
) -> dict[str, Picture | None]:
    """The limits' charts (or only sparklines), drawn now for the menu runs to show as they are;
    None for a limit with nothing to draw."""
    from .render.chart import draw_trend  # zlib and drawing: only runs with new numbers

    pictures: dict[str, Picture | None] = {}
    for limit in limits:
        trend = trends.get(limit.key)
        if trend is None or not trend.samples or limit.resets_at is None:
            pictures[limit.key] = None
            continue
        start, end = limit.resets_at - WINDOW_S.get(limit.kind, 0), limit.resets_at
        if text_only:
            from .render.trend import sparkline  # cheap: no PNG when only text is shown

            pictures[limit.key] = Picture("", "", sparkline(trend.samples, start=start, end=end))
            continue
        course = forecast(trend.samples, limit, now)
        to = None
        if course is not None:  # the dashed line: to the wall, or to the reset
            to = (course.runs_out_at, 100.0) if course.runs_out_at else (end, course.at_reset)
        pictures[limit.key] = draw_trend(trend.samples, start=start, end=end, now=now, forecast=to)
    return pictures


def _plain(pictures: Mapping[str, Picture]) -> dict[str, list[str]]:
    return {key: [p.dark_image, p.light_image, p.sparkline] for key, p in pictures.items()}


def trends_to_dict(trends: Mapping[str, Trend]) -> dict[str, Any]:
    """The samples file's plain-value form (see system.files)."""
    return {
        "version": 1,
        "limits": {key: [t.resets_at, packed(t.samples)] for key, t in trends.items()},
    }


def trends_from_dict(data: Any) -> dict[str, Trend]:
    """Read back trends_to_dict's output; anything malformed is left out."""
    trends = {}
    for key, raw in _limits(data).items():
        try:  # the same finite numbers and showable times as every state file (core.model)
            kept = raw[1]
            if isinstance(kept, bytes):
                samples = unpacked(kept)
            else:  # as pairs, as they were kept before
                samples = tuple((moment(at), number(p)) for at, p in kept)
            trends[str(key)] = Trend(str(key), moment(raw[0]), samples)
        except UNREADABLE:
            continue
    return trends


def _recorded(run: Run, source: str, origin: str, limits: Sequence[Limit], wait_s: float) -> bool:
    try:
        from .system.history import HistoryUnavailable, record  # sqlite3: only runs that record
    except ImportError:  # a python built without sqlite3: no history, the rest as ever
        return True  # nothing to try again later

    rows = [(run.now, lim.key, lim.percent, lim.resets_at) for lim in limits]
    try:
        record(run.cache_dir, source, origin, rows, wait_s=wait_s)
    except HistoryUnavailable:
        return False  # noted for --doctor; the samples file still has the pace
    return True
