"""Start-up marks for benchmarks/bench_startup.py: with GOVBUDGET_STARTUP_TRACE=FILE, each mark
appends a line ``name<TAB>epoch seconds<TAB>this process's user CPU seconds`` to FILE (several
processes may append). Without it, a mark does nothing. Standard library only."""

from __future__ import annotations

import os
import time


def mark(name: str) -> None:
    path = os.environ.get("GOVBUDGET_STARTUP_TRACE")
    if not path:
        return
    try:
        import resource

        cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    except ImportError:  # pragma: no cover - not on POSIX
        cpu = time.process_time()
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{name}\t{time.time():.3f}\t{cpu:.3f}\t{os.getpid()}\n")
    except OSError:
        pass
