"""Start-up marks for benchmarks/bench_startup.py: with GOVBUDGET_STARTUP_TRACE=FILE, each mark
appends a line ``name<TAB>epoch seconds<TAB>this process's user CPU seconds`` to FILE (several
processes may append). Without it, a mark does nothing. Standard library only: the variable is
read here with os.environ, not through extract.settings (the one such read; tests/test_settings.py
names it), because the first mark comes before anything is imported and importing pydantic there
would cost every command ~0.2 s (a usage error too) and move that time into the marks it measures.
GOVBUDGET_STARTUP_TRACE is still a Settings field, parsed the same way (empty: unset)."""

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
