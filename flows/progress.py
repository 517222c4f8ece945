"""Progress bars for the command line's long stages (fetch, parse, checks): counts, rate and ETA.

On only when the command line turns it on (`configure(True)`: stderr is a terminal, or
`--progress`); everything else — tests, CI, the scheduled deployment — sees nothing. Bars are
tqdm's (a declared dependency in pyproject.toml), written to stderr, so stdout keeps only the
summary. A stage with nothing to count draws nothing.
"""

from __future__ import annotations

import math
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator, Optional

_enabled = False


def configure(enabled: bool) -> None:
    global _enabled
    _enabled = bool(enabled)


def enabled() -> bool:
    return _enabled


class Bar:
    """One stage's bar; a no-op when progress is off. Thread-safe `advance` (fetch threads)."""

    def __init__(self, label: str, total: Optional[int], unit: str):
        self._lock = threading.Lock()
        self._bar = None
        self._label, self._unit = label, unit
        if total:
            self._open(total)

    def _open(self, total: int) -> None:
        if _enabled and self._bar is None:
            import shutil

            from tqdm import tqdm

            # the terminal's size, at most 100 columns wide (a pty that reports 0×0, as `script`
            # and some CI runners do, gets 80×24: tqdm draws nothing on a screen of 0 rows)
            size = shutil.get_terminal_size((80, 24))
            self._bar = tqdm(total=total, desc=f"{self._label:<7}", unit=f" {self._unit}",
                             file=sys.stderr, ncols=min(100, size.columns or 80),
                             nrows=size.lines or 24, leave=True, mininterval=0.2,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt}{unit} "
                                        "[{elapsed}<{remaining}, {rate_fmt}]")

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.update(n)

    def grow(self, total: int) -> None:
        """Raise the total when the stage finds more to do than it was told (a bar opened with
        no total is drawn from its first grow)."""
        with self._lock:
            if self._bar is None:
                if total:
                    self._open(total)
            elif total > self._bar.total:
                self._bar.total = total
                self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.close()
                self._bar = None


def note(label: str, text: str) -> None:
    """A line for a stage that has nothing to count (dbt's build), so a pause is explained."""
    if _enabled:
        print(f"{label:<7} {text}", file=sys.stderr, flush=True)


@contextmanager
def bar(label: str, total: Optional[int] = None, unit: str = "docs") -> Iterator[Bar]:
    b = Bar(label, total, unit)
    try:
        yield b
    finally:
        b.close()


def counted_families(families, progress_bar: Bar, chunk_documents: int, documents: int):
    """The check families wrapped so that each family's pass over a chunk of documents advances
    ``progress_bar`` once (expectations.runner runs every family over each chunk of
    ``chunk_documents`` documents). The total is families × chunks; it grows if the run checks
    more documents than expected (a changed document's neighbours)."""
    import dataclasses
    import weakref

    if not _enabled:
        return families
    families = list(families)
    # the chunk being checked: a weak reference, so a chunk's reader is freed as the runner means
    state: dict[str, Any] = {"reader": lambda: None, "chunks": 0, "ticked": set()}
    progress_bar.grow(len(families) * max(1, math.ceil(documents / chunk_documents)))

    def tick(reader, name: str) -> None:
        if state["reader"]() is not reader:
            try:
                state["reader"] = weakref.ref(reader)
            except TypeError:  # not weakly referable: hold it until the next chunk
                state["reader"] = lambda r=reader: r
            state["chunks"] += 1
            state["ticked"] = set()
            progress_bar.grow(len(families) * state["chunks"])
        if name not in state["ticked"]:
            state["ticked"].add(name)
            progress_bar.advance()

    def wrap(family):
        covers0, run0 = family.covers, family.run

        def covers(reader):
            found = covers0(reader)
            if not found:
                tick(reader, family.name)
            return found

        def run(reader, documents):
            try:
                return run0(reader, documents)
            finally:
                tick(reader, family.name)

        return dataclasses.replace(family, covers=covers, run=run)

    return [wrap(f) for f in families]
