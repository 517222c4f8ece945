"""The analysts' read-only snapshot: a copy of the warehouse published after each run.

DuckDB lets one process write a database file, and a writer excludes readers in other processes.
So analysts never open the live warehouse while ingestion may run: after every run the one writer
checkpoints the warehouse and copies it to `<warehouse stem>-snapshot.duckdb` beside it (the
default `warehouse/govbudget.duckdb` publishes `warehouse/govbudget-snapshot.duckdb`; two warehouses
in one directory publish two snapshots) — first to a temporary file in the same directory, then
`os.replace` — so a reader sees the old snapshot or the new one, never a half-written file. The
snapshot gets the warehouse file's permission bits: whoever may read the warehouse may read it.
A reader that has the old snapshot open keeps reading it
(the renamed-over file lives on until closed); the next `duckdb.connect(..., read_only=True)` gets
the new one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

SNAPSHOT_SUFFIX = "-snapshot.duckdb"


def snapshot_path(warehouse: Path) -> Path:
    """`<dir>/<stem>-snapshot.duckdb` beside the warehouse `<dir>/<stem>.duckdb`."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + SNAPSHOT_SUFFIX)


def publish_snapshot(warehouse: Path) -> Path:
    """Checkpoint the warehouse (so the file holds every committed change and no WAL is needed)
    and atomically replace the snapshot beside it with a copy. Call it with no other connection
    open in this process: the caller is the one writer, between runs' stages."""
    import duckdb

    warehouse = Path(warehouse)
    target = snapshot_path(warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".snapshot-", suffix=".duckdb")
    try:
        with os.fdopen(fd, "wb") as out, open(warehouse, "rb") as src:
            shutil.copyfileobj(src, out, 4 * 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the copy owner-only: give it the warehouse's own permission bits
        os.chmod(tmp, stat.S_IMODE(os.stat(warehouse).st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
