"""The warehouse's own schemas, `raw` and `dq`: every table and view, as numbered migrations.

Layout: one SQL file per migration in `flows/schema/migrations/`, named `NNNN_name.sql` (four
digits, applied in that order; the name says what it does). SQL files rather than Python strings
so that each migration reads as the DDL it is and a change to the schema is one new file in review;
they are package data (pyproject's `*.sql`), read once at import. Nothing else in the project
creates or alters a `raw` or `dq` table: `flows/warehouse.connect` calls `migrate` on every
read-write connection, and the fetch cache (flows/fetch.py) and the check runner
(expectations/runner.py) call it on connections they are handed.

`migrate(con)`:
- reads the versions recorded in `raw.schema_migrations(version, name, applied_at)`, a table it
  owns (a fresh or pre-migration warehouse has none);
- refuses, before writing anything, a warehouse that recorded a version newer than the code knows
  (`WarehouseTooNew`: a newer govbudget made it; upgrade govbudget);
- applies the missing migrations in order, each in its own transaction together with its row in
  `raw.schema_migrations`, so a failing migration leaves the warehouse at the version before it
  (`MigrationFailed`).
A warehouse made before migrations existed (tables present, no `raw.schema_migrations`) runs every
migration from 0001: those up to `LEGACY_VERSION` are idempotent (`CREATE … IF NOT EXISTS`,
`ADD COLUMN IF NOT EXISTS`, `CREATE OR REPLACE VIEW`), so it keeps its rows and gains only what it
lacks (the columns added over time: raw.tables.read_by/sheet_name, raw.cells.confidence,
dq.check_results.measure, raw.ingest_runs.logged_at; the tables added later).

When the version is current, `migrate` is two catalog reads and writes nothing (the old
`connect()` ran every DDL statement on every connection).

Adding a migration: a new file `migrations/NNNN_what_it_does.sql` with the next number; never edit
one that has shipped (warehouses recorded it). A migration after `LEGACY_VERSION` runs only on a
warehouse that recorded every earlier one, so it need not be idempotent; it runs in a transaction,
so it must not `BEGIN`/`COMMIT` itself. Add a column at the end of its table (DuckDB's `ADD
COLUMN` appends), and the test tests/test_schema_migrations.py checks a fresh warehouse against an
upgraded one.

Read-only opens (`govbudget query`, the snapshot, dbt's failing-row sample) neither migrate nor
check the version: they cannot write, the SQL they run is the reader's own, and a newer
warehouse's tables are a superset of these (columns are only ever added). `recorded_version(con)`
works on a read-only connection for a reader that wants to tell.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from typing import Optional, Sequence

import duckdb

log = logging.getLogger(__name__)

LEDGER = "raw.schema_migrations"
LEDGER_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL
);
"""

# the last migration a warehouse made before migrations existed (7 Dec 2026) can already hold:
# migrations up to this one must stay idempotent
LEGACY_VERSION = 6

# DuckDB shares one database between a process's connections (threads of a run each connect):
# migrations in one process take turns, so two first connections never race on the catalog (other
# processes cannot write the file while this one holds it)
_MIGRATING = threading.Lock()

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class WarehouseTooNew(RuntimeError):
    """The warehouse recorded a schema version newer than this code knows: a newer govbudget
    made or upgraded it. Nothing was changed."""

    def __init__(self, warehouse: str, warehouse_version: int, code_version: int):
        self.warehouse = warehouse
        self.warehouse_version = warehouse_version
        self.code_version = code_version
        super().__init__(
            f"the warehouse {warehouse} is at schema version {warehouse_version}, newer than this "
            f"govbudget knows (schema version {code_version}): a newer govbudget made it. "
            "Upgrade govbudget to use this warehouse (or give another with --warehouse); "
            "it was left untouched.")


class MigrationFailed(RuntimeError):
    """A migration raised: it was rolled back and the warehouse stays at the version before it."""

    def __init__(self, migration: Migration, version_kept: int, cause: BaseException):
        self.migration = migration
        self.version_kept = version_kept
        super().__init__(
            f"schema migration {migration.version:04d}_{migration.name} failed and was rolled "
            f"back; the warehouse stays at schema version {version_kept}: {cause}")


def load_migrations() -> tuple[Migration, ...]:
    """The migrations in `flows/schema/migrations/`, in version order; numbers must run 1, 2, …"""
    found = []
    for entry in resources.files("flows.schema.migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2),
                                   entry.read_text(encoding="utf-8")))
        elif entry.name.endswith(".sql"):
            raise ValueError(f"migration file {entry.name!r} is not named NNNN_name.sql")
    found.sort(key=lambda m: m.version)
    numbers = [m.version for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise ValueError(f"migration numbers must run 1, 2, … without gaps or repeats: {numbers}")
    return tuple(found)


MIGRATIONS: tuple[Migration, ...] = load_migrations()
SCHEMA_VERSION: int = MIGRATIONS[-1].version


def _ledger_exists(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'raw' AND table_name = 'schema_migrations'").fetchone() != (0,)


def _recorded(con: duckdb.DuckDBPyConnection) -> set[int]:
    if not _ledger_exists(con):
        return set()
    return {r[0] for r in con.execute("SELECT version FROM raw.schema_migrations").fetchall()}


def recorded_version(con: duckdb.DuckDBPyConnection) -> Optional[int]:
    """The newest migration the warehouse recorded; None before any (fresh, or made before
    migrations existed). Reads only: fine on a read-only connection."""
    recorded = _recorded(con)
    return max(recorded) if recorded else None


def warehouse_name(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT path FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    return str(row[0]) if row and row[0] else ":memory:"


def check_version(con: duckdb.DuckDBPyConnection,
                  migrations: Sequence[Migration] = MIGRATIONS) -> Optional[int]:
    """The recorded version; raises WarehouseTooNew when it is newer than `migrations` know."""
    version = recorded_version(con)
    code_version = migrations[-1].version if migrations else 0
    if version is not None and version > code_version:
        raise WarehouseTooNew(warehouse_name(con), version, code_version)
    return version


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name IN ('raw', 'dq')").fetchone() != (0,)


def migrate(con: duckdb.DuckDBPyConnection,
            migrations: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
    """Bring the warehouse's `raw` and `dq` schemas up to date; returns the migrations applied
    (none when it was current). Raises WarehouseTooNew (nothing written) or MigrationFailed
    (that migration rolled back; the earlier ones stay applied and recorded).

    Each migration runs in a transaction of its own; on a connection whose caller already holds a
    transaction, inside the caller's (which then commits or rolls back the lot)."""
    check_version(con, migrations)
    recorded = _recorded(con)
    if all(m.version in recorded for m in migrations):
        return []
    with _MIGRATING:
        return _migrate(con, migrations)


def _migrate(con: duckdb.DuckDBPyConnection, migrations: Sequence[Migration]) -> list[Migration]:
    check_version(con, migrations)  # again: another thread may have migrated meanwhile
    recorded = _recorded(con)
    pending = [m for m in migrations if m.version not in recorded]
    if not pending:
        return []
    if not recorded and _has_tables(con):
        log.info("warehouse %s predates schema migrations: bringing it to version %d",
                 warehouse_name(con), migrations[-1].version)
    applied = []
    for migration in pending:
        if _apply(con, migration, max(recorded, default=0)):
            applied.append(migration)
        recorded.add(migration.version)
    return applied


def _apply(con: duckdb.DuckDBPyConnection, migration: Migration, version_before: int,
           attempts: int = 5) -> bool:
    """Apply one migration with its ledger row in one transaction. False when another connection
    applied it meanwhile. A write-write conflict (another transaction of this process touching the
    same catalog entries) is retried."""
    for attempt in range(1, attempts + 1):
        try:
            con.execute("BEGIN TRANSACTION")
            own = True
        except duckdb.TransactionException:  # the caller holds a transaction: run inside it
            own = False
        try:
            con.execute(LEDGER_DDL)
            if con.execute("SELECT count(*) FROM raw.schema_migrations WHERE version = ?",
                           [migration.version]).fetchone() != (0,):
                if own:
                    con.execute("ROLLBACK")
                return False
            con.execute(migration.sql)
            con.execute("INSERT INTO raw.schema_migrations VALUES (?, ?, ?)",
                        [migration.version, migration.name,
                         datetime.now(timezone.utc).replace(tzinfo=None)])
            if own:
                con.execute("COMMIT")
            return True
        except duckdb.TransactionException:  # a write-write conflict with another transaction
            if own:
                _rollback(con)
            if not own or attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
        except Exception as exc:
            if own:
                _rollback(con)
            raise MigrationFailed(migration, version_before, exc) from exc
    return False  # not reached: the last attempt returns or raises


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:  # a failed COMMIT has already ended the transaction
        pass
