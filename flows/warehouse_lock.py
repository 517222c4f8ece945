"""One run per warehouse: an advisory lock file beside the DuckDB file (`govbudget ingest`,
`govbudget check` and the scheduled deployment take it; the kernel drops it when the process dies,
so a killed run never blocks the next)."""

from __future__ import annotations

import fcntl
import sys
import time
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(Exception):
    pass


@contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float):
    """One run per warehouse: an advisory lock file beside the DuckDB file.
    The kernel drops the lock when the process dies, so a killed run never blocks the next."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    fh = open(lock_path, "a+")
    deadline = time.monotonic() + max(0.0, wait_seconds)
    announced = False
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                fh.close()
                raise WarehouseBusy(  # noqa: B904 — the message says it all; context kept as before
                    f"another govbudget run holds {warehouse} (lock {lock_path}); gave up after "
                    f"{wait_seconds:g} s")
            if not announced:
                print(f"waiting for another run to release {warehouse} …", file=sys.stderr)
                announced = True
            time.sleep(0.5)
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()
