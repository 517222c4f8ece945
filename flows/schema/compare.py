"""Compare the `raw` and `dq` schemas and rows of two warehouses.

    python -m flows.schema.compare BEFORE.duckdb AFTER.duckdb

Schema: the tables and views (information_schema.tables), every column with its position, type,
nullability and default (information_schema.columns), the constraints (duckdb_constraints) and the
views' SQL (duckdb_views). Rows: every table of both schemas as a multiset (EXCEPT ALL both ways),
less the columns that differ by run: run ids, timestamps, and dq.check_runs.code_version (a digest
of the checks' code, expectations/*.py: it changes whenever that code does). `raw.schema_migrations`, the ledger
flows/schema keeps, may be in AFTER only (a warehouse made before migrations existed has none);
when both have it, it is compared like the rest (its applied_at aside).
Prints each difference; exit 0 when there is none, 1 otherwise.
"""

from __future__ import annotations

import sys
from typing import Optional

import duckdb

SCHEMAS = ("raw", "dq")
LEDGER = ("raw", "schema_migrations")


def schema_facts(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, set]:
    """The schema of `raw` and `dq` in an attached database, as sets of comparable rows."""
    params = [catalog, list(SCHEMAS)]
    where = "table_catalog = ? AND table_schema IN (SELECT unnest(?::VARCHAR[]))"
    return {
        "tables": set(con.execute(
            f"SELECT table_schema, table_name, table_type FROM information_schema.tables "  # noqa: S608 — where: a constant clause
            f"WHERE {where}", params).fetchall()),
        "columns": set(con.execute(
            f"SELECT table_schema, table_name, column_name, ordinal_position, data_type, "  # noqa: S608 — where: a constant clause
            f"is_nullable, column_default FROM information_schema.columns WHERE {where}",
            params).fetchall()),
        "constraints": set(con.execute(
            "SELECT schema_name, table_name, constraint_type, "
            "array_to_string(constraint_column_names, ',') FROM duckdb_constraints() "
            "WHERE database_name = ? AND schema_name IN (SELECT unnest(?::VARCHAR[]))",
            params).fetchall()),
        "views": set(con.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views() "
            "WHERE database_name = ? AND schema_name IN (SELECT unnest(?::VARCHAR[]))",
            params).fetchall()),
    }


def _without_ledger(facts: dict[str, set]) -> dict[str, set]:
    return {kind: {row for row in rows if (row[0], row[1]) != LEDGER}
            for kind, rows in facts.items()}


def schema_differences(con: duckdb.DuckDBPyConnection, before: str, after: str,
                       allow_ledger_in_after: bool = True) -> list[str]:
    a, b = schema_facts(con, before), schema_facts(con, after)
    if allow_ledger_in_after and a == _without_ledger(a):  # BEFORE has no ledger
        b = _without_ledger(b)
    out = []
    for kind in a:
        out += [f"{kind} only in {before}: {row}" for row in sorted(a[kind] - b[kind], key=str)]
        out += [f"{kind} only in {after}: {row}" for row in sorted(b[kind] - a[kind], key=str)]
    return out


def compared_columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str,
                     table: str) -> list[str]:
    """The table's columns less those that differ by run (run ids, timestamps, the code digest)."""
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? "
        "AND table_schema = ? AND table_name = ? AND column_name <> 'run_id' "
        "AND data_type NOT LIKE 'TIMESTAMP%' AND column_name <> 'code_version' "
        "ORDER BY ordinal_position",
        [catalog, schema, table]).fetchall()]


def row_differences(con: duckdb.DuckDBPyConnection, before: str, after: str) -> list[str]:
    """Tables (in both) whose rows differ, less run ids and timestamps; and row counts."""
    tables = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = ? "
        "AND table_type = 'BASE TABLE' AND table_schema IN ('raw', 'dq') "
        "ORDER BY 1, 2",
        [before]).fetchall()
    out = []
    for schema, table in tables:
        cols = compared_columns(con, before, schema, table)
        if cols != compared_columns(con, after, schema, table):
            continue  # a schema difference, told by schema_differences
        select = ", ".join(f'"{c}"' for c in cols)
        counts = []
        for x, y in ((before, after), (after, before)):
            counts.append(con.execute(
                f'SELECT count(*) FROM (SELECT {select} FROM "{x}".{schema}.{table} EXCEPT ALL '  # noqa: S608 — names from the catalogs compared
                f'SELECT {select} FROM "{y}".{schema}.{table})').fetchone()[0])  # type: ignore[index]
        if counts != [0, 0]:
            out.append(f"rows of {schema}.{table}: {counts[0]} only in {before}, "
                       f"{counts[1]} only in {after}")
    return out


def table_counts(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    tables = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = ? "
        "AND table_type = 'BASE TABLE' AND table_schema IN ('raw', 'dq') ORDER BY 1, 2",
        [catalog]).fetchall()
    return {f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{catalog}".{s}.{t}').fetchone()[0]  # type: ignore[index]  # noqa: S608 — names from the catalog
            for s, t in tables}


def compare(before_path: str, after_path: str) -> tuple[list[str], dict[str, int]]:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before_path}' AS before (READ_ONLY)")
    con.execute(f"ATTACH '{after_path}' AS after (READ_ONLY)")
    try:
        diffs = (schema_differences(con, "before", "after")
                 + row_differences(con, "before", "after"))
        return diffs, table_counts(con, "after")
    finally:
        con.close()


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    diffs, counts = compare(argv[0], argv[1])
    for table, n in counts.items():
        print(f"  {table}: {n} rows")
    for line in diffs:
        print(line)
    print(f"{len(diffs)} difference(s) in raw and dq (run ids and timestamps aside)")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
