"""The usage history: every observation, in a SQLite database in the cache folder.

The one module that imports sqlite3: a cached menu run never loads it. WAL mode
lets readers and overlapping writers (fetches, status-line feeds) go on together;
a busy timeout bounds every wait. A database that can't be read is moved aside
and begun afresh, with a note for --doctor: history never breaks the menu.
"""

from __future__ import annotations

import os
import sqlite3
import time

from ..core.errors import ClaudeUsageError
from ..core.model import UNREADABLE, number
from .files import NO_FOLLOW, read_data, write_data
from .folders import make_folders
from .history_schema import migrate, thin_when_due

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Callable, TypeVar

    T = TypeVar("T")
    Observation = tuple[float, str, float, "float | None"]  # at, limit key, percent, resets_at
    Row = tuple[int, str, str, str, float, "int | None"]  # at, origin, source, key, percent, reset

HISTORY_FILE = "history.sqlite3"
NOTE_FILE = "history-note.dat"  # what went wrong last, for --doctor
NOTE_KEPT_S = 86400  # a day-old mishap is no longer news for --doctor
READ_WAIT_S = 0.2  # a reader never makes a person wait for long
ROWS = (  # rows_since's query
    "SELECT at, origin, source, key, percent, resets_at FROM observations JOIN series"
    " ON series.id = observations.series WHERE at >= ? ORDER BY at, observations.rowid"
)


class HistoryUnavailable(ClaudeUsageError):
    """The database stayed locked for longer than we may wait, or can't be made at all."""

    kind = "history_unavailable"


def history_path(folder: str) -> str:
    return os.path.join(folder, HISTORY_FILE)


def record(
    folder: str, source: str, origin: str, observations: Iterable[Observation], *, wait_s: float
) -> None:
    """Add the observations (thinning old rows when due); HistoryUnavailable when locked."""
    rows = list(observations)
    if rows:
        now = max(row[0] for row in rows)
        _with_database(folder, wait_s, now, lambda db: _insert(db, source, origin, rows, now))


def rows_since(folder: str, since: float, now: float, *, wait_s: float = READ_WAIT_S) -> list[Row]:
    """Every kept row from `since` on, oldest first; none when there is no history yet."""
    if not os.path.exists(history_path(folder)):
        return []
    return _with_database(folder, wait_s, now, lambda db: db.execute(ROWS, [since]).fetchall())


def history_health(folder: str, now: float) -> str | None:
    """A line for --doctor when the history has trouble (or had, lately); None when all is well."""
    if os.path.exists(history_path(folder)):
        try:
            verdict = _with_database(
                folder, READ_WAIT_S, now, lambda db: db.execute("PRAGMA quick_check").fetchone()[0]
            )
        except HistoryUnavailable as e:
            return str(e)
        if verdict != "ok":
            return f"the history database is damaged ({verdict})"
    note = read_data(os.path.join(folder, NOTE_FILE))
    try:
        at, said = note
        fresh = 0 <= now - number(at) < NOTE_KEPT_S
    except UNREADABLE:  # not a note we wrote: nothing to tell
        return None
    return str(said) if fresh else None


def _with_database(
    folder: str, wait_s: float, now: float, work: Callable[[sqlite3.Connection], T]
) -> T:
    """`work` on the open, migrated database; a damaged one is moved aside and begun afresh."""
    for attempt in (1, 2):
        try:
            db = _connect(folder, wait_s)
            try:
                migrate(db)
                return work(db)
            finally:
                db.close()
        except (sqlite3.DatabaseError, OSError) as e:  # OperationalError is a DatabaseError
            # Only a damaged file is moved aside. Locked, busy, a full disk, an I/O error:
            # the database is fine, and moving it would throw the history away.
            damaged = isinstance(e, sqlite3.DatabaseError) and (
                not isinstance(e, sqlite3.OperationalError) or "malformed" in str(e)
            )
            if attempt == 2 or not damaged:
                message = f"the history database couldn't be used ({e})"
                _note(folder, now, message)
                raise HistoryUnavailable(message) from e
            _move_aside(folder, e, now)  # not a database, malformed: kept for a person
    raise AssertionError("unreachable")  # the second attempt returned or raised


def _connect(folder: str, wait_s: float) -> sqlite3.Connection:
    path = history_path(folder)
    make_folders(folder)
    # Made 0600 by us (sqlite would make it 0644), never through a link planted in its place.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | NO_FOLLOW, 0o600))
    db = sqlite3.connect(path, timeout=wait_s, isolation_level=None)
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # once, for a new file
        _switch_to_wal(db, wait_s)
    db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent; a crash loses a row
    db.execute("PRAGMA wal_autocheckpoint = 100")  # keeps the -wal file near 400 KB
    return db


def _switch_to_wal(db: sqlite3.Connection, wait_s: float) -> None:
    """Turn WAL on, waiting for it ourselves: while another connection reads the new file,
    SQLite refuses the switch at once ("database is locked") instead of calling the busy
    handler, so 20 runs creating it together lost rows. (A failure leaves db to the collector.)
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _insert(
    db: sqlite3.Connection, source: str, origin: str, rows: Sequence[Observation], now: float
) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        for key in {row[1] for row in rows}:
            db.execute("INSERT OR IGNORE INTO series (source, key) VALUES (?, ?)", (source, key))
        ids = dict(db.execute("SELECT key, id FROM series WHERE source = ?", (source,)).fetchall())
        db.executemany(
            "INSERT INTO observations (series, at, origin, percent, resets_at) VALUES (?,?,?,?,?)",
            [
                (ids[key], int(at), origin, percent, None if reset is None else round(reset))
                for at, key, percent, reset in rows
            ],
        )
        thin_when_due(db, now)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _move_aside(folder: str, error: Exception, now: float) -> None:
    """Keep the damaged file (and its WAL) for a person to look at; the next open starts fresh."""
    path = history_path(folder)
    kept = f"{path}.damaged"
    if os.path.lexists(kept):
        kept = f"{kept}-{int(now)}"  # never over an earlier one
    for suffix in ("", "-wal", "-shm"):
        try:  # noqa: SIM105 - contextlib.suppress is not worth an import here
            os.replace(path + suffix, kept + suffix)
        except OSError:
            pass
    message = f"the history database was damaged ({error}): kept as {kept}, a fresh one started"
    _note(folder, now, message)


def _note(folder: str, now: float, message: str) -> None:
    """What went wrong, for --doctor; a disk that takes no note loses only the note."""
    try:  # noqa: SIM105 - contextlib.suppress is not worth an import here
        write_data(os.path.join(folder, NOTE_FILE), [now, message])
    except OSError:
        pass
