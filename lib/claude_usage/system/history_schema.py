"""The history database's shape over time: numbered migrations, and thinning old rows.

Migrations follow simonw/llm's: one step per schema version (PRAGMA
user_version), each in its own transaction; never edit one, add one.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs more to import than a cached run may spend
if TYPE_CHECKING:
    import sqlite3

HOURLY_AFTER_S = 8 * 86400  # full detail covers the current weekly window and a day more
DAILY_AFTER_S = 35 * 86400  # a month of hourly peaks, then a peak per day
THIN_EVERY_S = 3600  # thinning scans the old rows: once an hour is plenty
# No index: it would double the file, and the reads (thinning hourly, --history) scan
# ~50k rows.
MIGRATIONS = (
    """CREATE TABLE series (id INTEGER PRIMARY KEY, source TEXT NOT NULL, key TEXT NOT NULL,
                            UNIQUE (source, key));
       CREATE TABLE observations (series INTEGER NOT NULL REFERENCES series (id),
                                  at INTEGER NOT NULL, origin TEXT NOT NULL,
                                  percent REAL NOT NULL, resets_at INTEGER);""",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value);",
)


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date, one numbered step at a time, each in its own transaction."""
    while schema_version(db) < len(MIGRATIONS):
        db.execute("BEGIN IMMEDIATE")  # one run migrates; the others wait, then find it done
        try:
            version = schema_version(db)
            if version < len(MIGRATIONS):
                for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def thin_when_due(db: sqlite3.Connection, now: float) -> None:
    """Keep each older hour's (and, later, each day's) peak per limit; the rest goes."""
    last = db.execute("SELECT value FROM meta WHERE name = 'thinned_at'").fetchone()
    done = 0.0 if last is None else min(float(last[0]), now)
    if last is not None and 0 <= now - done < THIN_EVERY_S:
        return
    for age_s, bucket_s in ((HOURLY_AFTER_S, 3600), (DAILY_AFTER_S, 86400)):
        span = "at >= :since AND at < :before"
        db.execute(
            f"DELETE FROM observations WHERE {span} AND rowid NOT IN (SELECT peak FROM"
            f" (SELECT rowid AS peak, max(percent) FROM observations WHERE {span}"
            " GROUP BY series, at / :bucket))",
            {  # whole buckets only, from where the last thinning stopped
                "since": int(done - age_s) // bucket_s * bucket_s,
                "before": int(now - age_s) // bucket_s * bucket_s,
                "bucket": bucket_s,
            },
        )
    db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('thinned_at', ?)", (now,))
