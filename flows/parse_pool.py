"""Worker processes that parse documents under a time and memory limit each.

A hostile file (a decompression bomb, a pathological content stream) must cost only its own
document: the worker parsing it is killed at the limit and the document is recorded as failed,
while the other workers go on. Workers never touch the warehouse; results come back by pipe.
"""

from __future__ import annotations

import time
from collections import deque
from multiprocessing import get_context
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator, Optional

from extract.settings import settings


def default_time_limit() -> float:
    """Seconds one document may take to parse (GOVBUDGET_PARSE_TIMEOUT, default 300)."""
    return settings().parse_timeout


def default_memory_limit_mb() -> int:
    """Address space of one parse worker (GOVBUDGET_PARSE_MEMORY_MB, default 900)."""
    return settings().parse_memory_mb


def ocr_memory_limit_mb() -> int:
    """Address space of a parse worker while it reads scanned pages by OCR
    (GOVBUDGET_OCR_MEMORY_MB, default 2048).

    onnxruntime (the OCR engine) reserves address space it never touches: measured on 150-dpi
    A4 scans, VmPeak 1.37–1.68 GB while the resident peak (VmHWM) stays at 0.65–0.90 GB. At 900
    every scan failed with std::bad_alloc. The worker's hard limit is this one and its soft limit
    the regular one; the OCR reader raises the soft limit to the hard one when it starts
    (extract.readers.ocr_engine.allow_ocr_memory), and a worker that did so is replaced after
    its document, so every other document (and a memory bomb: the hostile run's dies at 0.83 GB
    resident under 900, but only at 1.6 GB under 2048) starts under the regular limit."""
    return settings().ocr_memory_mb


def _soft_memory_limit() -> int:
    try:
        import resource

        return resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, ValueError, OSError):
        return -1


def _worker_main(conn, memory_limit_mb: int, func: Callable) -> None:
    if memory_limit_mb > 0:
        try:
            import resource

            limit = memory_limit_mb * 1024 * 1024
            hard = max(limit, ocr_memory_limit_mb() * 1024 * 1024)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):
            pass
    start = _soft_memory_limit()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, item = msg
        result = func(item)
        retire = _soft_memory_limit() != start  # the OCR reader raised it: start afresh
        conn.send((index, result, retire))
        if retire:
            return


class _Worker:
    def __init__(self, ctx, memory_limit_mb: int, func: Callable):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, memory_limit_mb, func),
                                   daemon=True)
        self.process.start()
        child.close()
        self.task: Optional[tuple[int, object]] = None
        self.deadline = 0.0

    def assign(self, index: int, item, time_limit: float) -> None:
        self.task = (index, item)
        self.deadline = time.monotonic() + time_limit
        self.conn.send((index, item))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def parse_in_workers(items: list, func: Callable, on_failure: Callable[[object, str], object],
                     workers: int = 2, time_limit: Optional[float] = None,
                     memory_limit_mb: Optional[int] = None) -> list:
    """Apply func to every item in worker processes; results in input order.
    A worker that dies or runs past time_limit gives on_failure(item, reason) for its item."""
    results: list = [None] * len(items)
    for index, result in iter_parse_in_workers(items, func, on_failure, workers, time_limit,
                                               memory_limit_mb):
        results[index] = result
    return results


def iter_parse_in_workers(items: list, func: Callable, on_failure: Callable[[Any, str], Any],
                          workers: int = 2, time_limit: Optional[float] = None,
                          memory_limit_mb: Optional[int] = None) -> Iterator[tuple[int, Any]]:
    """As parse_in_workers, but yields (index, result) as each item finishes, so the caller can
    land results while the workers go on and never holds more than it chooses to."""
    if not items:
        return
    time_limit = time_limit or default_time_limit()
    memory_limit_mb = memory_limit_mb or default_memory_limit_mb()
    ctx = get_context("forkserver")
    todo = deque(enumerate(items))
    pool = [_Worker(ctx, memory_limit_mb, func) for _ in range(min(workers, len(items)))]
    try:
        while todo or any(w.task for w in pool):
            for w in pool:
                if w.task is None and todo:
                    w.assign(*todo.popleft(), time_limit)
            busy = [w for w in pool if w.task is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=timeout)
            for i, w in enumerate(pool):
                if w.task is None:
                    continue
                index, item = w.task
                reason = None
                if w.conn in ready:
                    try:
                        got_index, result, retire = w.conn.recv()
                    except (EOFError, OSError):
                        reason = ("the parser process died (out of memory? limit "
                                  f"{memory_limit_mb} MB)")
                    else:
                        w.task = None
                        if retire:  # it ran OCR under the OCR limit: a fresh worker goes on
                            w.kill()
                            w = pool[i] = _Worker(ctx, memory_limit_mb, func)
                        if todo:  # the next item first: the worker parses while we yield
                            w.assign(*todo.popleft(), time_limit)
                        yield got_index, result
                        continue
                elif w.process.sentinel in ready or not w.process.is_alive():
                    reason = (f"the parser process died (out of memory? limit {memory_limit_mb} "
                              f"MB; exit code {w.process.exitcode})")
                elif time.monotonic() >= w.deadline:
                    reason = f"parse time limit exceeded ({time_limit:g} s)"
                if reason is None:
                    continue
                w.kill()
                pool[i] = _Worker(ctx, memory_limit_mb, func)
                w.task = None
                yield index, on_failure(item, reason)
    finally:
        for w in pool:
            try:
                if w.task is None and w.process.is_alive():
                    w.conn.send(None)
            except OSError:
                pass
            w.process.join(1)
            w.kill()
