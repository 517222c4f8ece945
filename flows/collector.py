"""Python's cyclic garbage collector, paused while a process loads its heavy packages.

Importing Prefect, dbt or Great Expectations creates a few million objects and almost no garbage;
the collector still runs every 700 allocations, and each full pass walks everything allocated so
far: a third of the import time of Prefect's server (~1 of 3 CPU-seconds here). Paused for the
imports, then the survivors frozen (``gc.freeze``: moved where later passes do not walk them,
since they live as long as the process), then resumed: the same objects, no pass over them.
Memory is unchanged (nothing is kept that a pass would have freed: module-level objects are not
garbage). Standard library only: the temporary Prefect server imports this first."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_while_loading(enabled: bool = True) -> Iterator[None]:
    """Pause the collector for the block (when ``enabled`` and it is running), then freeze what
    the block left alive and resume it. Re-entrant: an inner block inside a paused one does
    nothing."""
    if not enabled or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
