"""`govbudget query`: SQL on the warehouse's read-only snapshot, printed as a table, CSV or JSON.

The snapshot (flows.snapshot, published after every run) is opened read-only, so a query never
waits for a run and never blocks one; without a snapshot the warehouse itself is opened read-only
(a run holding it then makes that fail: exit 3). A read-only connection refuses every statement
that writes: DuckDB's own error, exit 2 like any SQL error.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
import unicodedata
import uuid
from pathlib import Path

EXIT_OK, EXIT_USAGE, EXIT_LOCKED = 0, 2, 3


def database_for(warehouse: Path) -> Path | None:
    """The snapshot beside the warehouse, else the warehouse; None when neither exists."""
    from flows.snapshot import snapshot_path

    for candidate in (snapshot_path(warehouse), warehouse):
        if candidate.is_file():
            return candidate
    return None


def run(sql: str, warehouse: Path, fmt: str = "table", out=None, err=None) -> int:
    import duckdb

    out = out or sys.stdout
    err = err or sys.stderr
    if not sql.strip():
        print("govbudget query: no SQL given", file=err)
        return EXIT_USAGE
    database = database_for(warehouse)
    if database is None:
        print(f"govbudget query: no warehouse or snapshot at {warehouse} (run govbudget ingest "
              "first, or give --warehouse)", file=err)
        return EXIT_USAGE
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            print(f"govbudget query: {database} is held by a running ingestion and has no "
                  f"snapshot yet; try again when the run ends ({exc})", file=err)
            return EXIT_LOCKED
        print(f"govbudget query: cannot open {database}: {exc}", file=err)
        return EXIT_USAGE
    try:
        try:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            print(f"govbudget query: {exc}", file=err)
            return EXIT_USAGE
    finally:
        con.close()
    if columns:
        {"csv": write_csv, "json": write_json}.get(fmt, write_table)(columns, rows, out)
    return EXIT_OK


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)  # exact: DECIMAL(20,6) does not fit a double's 15-16 digits
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (uuid.UUID, dt.timedelta)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def write_csv(columns, rows, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(v) for v in row])


def write_json(columns, rows, out) -> None:
    json.dump([{c: _jsonable(v) for c, v in zip(columns, row, strict=False)} for row in rows], out,
              ensure_ascii=False, indent=1)
    out.write("\n")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def write_table(columns, rows, out) -> None:
    cells = [["NULL" if v is None else _text(v).replace("\n", " ") for v in row] for row in rows]
    numeric = [all(isinstance(row[i], (int, float, decimal.Decimal)) and not isinstance(
        row[i], bool) for row in rows if row[i] is not None) and any(
        row[i] is not None for row in rows) for i in range(len(columns))]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write(" | ".join(_pad(c, w, False) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(_pad(v, w, n) for v, w, n in zip(row, widths, numeric, strict=False)).rstrip()
                  + "\n")
    out.write(f"({len(rows)} row{'' if len(rows) == 1 else 's'})\n")
