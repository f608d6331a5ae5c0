from __future__ import annotations

import multiprocessing
import os
import sqlite3
import time

import pytest

from claude_usage.system import history, history_schema
from claude_usage.system.history import (
    HistoryUnavailable,
    history_health,
    history_path,
    record,
    rows_since,
)
from claude_usage.system.history_schema import MIGRATIONS, migrate, schema_version
from conftest import file_mode

FETCH, FEED = "fetch", "feed"
NOW = 1_770_000_000.0
DAY = 86400


def test_observations_read_back_with_their_origin_source_and_window(tmp_path):
    folder = str(tmp_path / "cache")
    record(folder, "claude-code", FETCH, [(NOW, "five_hour", 41.0, NOW + 3600)], wait_s=1)
    record(folder, "manual", FEED, [(NOW + 5, "seven_day", 63.5, None)], wait_s=1)
    assert rows_since(folder, NOW - 1, NOW) == [
        (int(NOW), "fetch", "claude-code", "five_hour", 41.0, int(NOW + 3600)),
        (int(NOW + 5), "feed", "manual", "seven_day", 63.5, None),
    ]
    assert rows_since(folder, NOW + 1, NOW) == [rows_since(folder, 0, NOW)[1]]


def test_the_database_is_private_and_in_wal_mode(tmp_path):
    folder = tmp_path / "cache"
    os.umask(0o022)
    record(str(folder), "claude-code", FETCH, [(NOW, "five_hour", 1.0, None)], wait_s=1)
    assert file_mode(folder) == 0o700
    assert file_mode(folder / history.HISTORY_FILE) == 0o600
    db = sqlite3.connect(history_path(str(folder)))
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_history_yet_reads_as_none_and_makes_no_file(tmp_path):
    assert rows_since(str(tmp_path), 0, NOW) == []
    assert not (tmp_path / history.HISTORY_FILE).exists()
    assert history_health(str(tmp_path), NOW) is None


def test_migrations_run_in_order_from_an_empty_file(tmp_path):
    db = sqlite3.connect(str(tmp_path / "h.sqlite3"), isolation_level=None)
    assert schema_version(db) == 0
    migrate(db)
    assert schema_version(db) == len(MIGRATIONS) == 2
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"series", "observations", "meta"} <= tables
    migrate(db)  # a second run finds nothing to do
    assert schema_version(db) == 2


def test_migration_2_keeps_what_version_1_recorded(tmp_path):
    db = sqlite3.connect(str(tmp_path / "h.sqlite3"), isolation_level=None)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute("INSERT INTO series (source, key) VALUES ('claude-code', 'five_hour')")
    db.execute("INSERT INTO observations VALUES (1, 100, 'fetch', 12.0, NULL)")
    migrate(db)
    assert schema_version(db) == 2
    assert db.execute("SELECT * FROM observations").fetchall() == [(1, 100, "fetch", 12.0, None)]
    assert db.execute("SELECT * FROM meta").fetchall() == []


def test_old_rows_thin_to_hourly_then_daily_peaks_and_recent_ones_stay(tmp_path):
    folder = str(tmp_path)
    minutes = [(NOW - 40 * DAY + 60 * i, "five_hour", float(i % 50), None) for i in range(57600)]
    record(folder, "claude-code", FETCH, minutes, wait_s=1)
    rows = rows_since(folder, 0, NOW)
    days_before = (NOW - history_schema.DAILY_AFTER_S) // DAY * DAY  # whole days and hours only
    hours_before = (NOW - history_schema.HOURLY_AFTER_S) // 3600 * 3600
    daily = [r for r in rows if r[0] < days_before]
    hourly = [r for r in rows if days_before <= r[0] < hours_before]
    recent = [r for r in rows if r[0] >= hours_before]
    assert len({r[0] // DAY for r in daily}) == len(daily) <= 6  # one per day
    assert len({r[0] // 3600 for r in hourly}) == len(hourly) <= 28 * 24  # one per hour
    assert all(r[4] == 49.0 for r in daily + hourly)  # each one its bucket's peak
    assert len(recent) == (NOW - 60 - hours_before) // 60 + 1  # full detail, every minute


def test_a_year_of_one_observation_a_minute_stays_under_2_mb(tmp_path):
    folder = str(tmp_path)
    keys = ("five_hour", "seven_day", "seven_day_sonnet")
    for day in range(365):  # a day's rows a call (a minute's would take an hour to run)
        at = NOW - (365 - day) * DAY
        rows = [(at + 60 * i, k, float(i % 100), at + 5 * 3600) for i in range(1440) for k in keys]
        record(folder, "claude-code", FETCH, rows, wait_s=1)  # thinning as it goes
    size = sum(
        os.path.getsize(history_path(folder) + suffix)
        for suffix in ("", "-wal")
        if os.path.exists(history_path(folder) + suffix)
    )
    assert size < 2 * 1024 * 1024, size
    assert len(rows_since(folder, NOW - 7 * DAY, NOW)) >= 7 * 1440 * len(keys) - len(keys)


def _write_rows(folder: str, writer: int, count: int) -> None:
    for i in range(count):
        rows = [(NOW + i, "five_hour", float(writer), None), (NOW + i, "seven_day", 1.0, None)]
        record(folder, f"source-{writer}", FETCH, rows, wait_s=5)


def test_twenty_concurrent_writers_lose_no_row(tmp_path):
    folder = str(tmp_path / "cache")
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_rows, args=(folder, n, 25)) for n in range(20)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0
    rows = rows_since(folder, 0, NOW)
    assert len(rows) == 20 * 25 * 2
    assert {r[2] for r in rows} == {f"source-{n}" for n in range(20)}


@pytest.mark.parametrize(
    "content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_damaged_database_is_set_aside_and_history_starts_afresh(tmp_path, content):
    folder = str(tmp_path)
    (tmp_path / history.HISTORY_FILE).write_bytes(content)
    record(folder, "claude-code", FETCH, [(NOW, "five_hour", 5.0, None)], wait_s=1)
    assert [r[4] for r in rows_since(folder, 0, NOW)] == [5.0]
    assert (tmp_path / f"{history.HISTORY_FILE}.damaged").read_bytes() == content
    note = history_health(folder, NOW + 60)
    assert note is not None and "damaged" in note and "fresh one started" in note
    assert history_health(folder, NOW + 2 * DAY) is None  # old news by then


def test_a_locked_database_gives_up_within_its_wait(tmp_path):
    folder = str(tmp_path)
    record(folder, "claude-code", FETCH, [(NOW, "five_hour", 5.0, None)], wait_s=1)
    holder = sqlite3.connect(history_path(folder), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    with pytest.raises(HistoryUnavailable):
        record(folder, "claude-code", FETCH, [(NOW + 1, "five_hour", 6.0, None)], wait_s=0.1)
    assert time.monotonic() - started < 1
    holder.execute("ROLLBACK")
    assert not (tmp_path / f"{history.HISTORY_FILE}.damaged").exists()  # locked is not damaged
    assert "couldn't be used (database is locked)" in (history_health(folder, NOW + 60) or "")
    assert history_health(folder, NOW + 2 * DAY) is None
