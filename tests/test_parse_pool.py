"""Worker processes: a document that hangs or exhausts memory costs only itself."""

from __future__ import annotations

import os
import time

from flows.parse_pool import parse_in_workers


def _work(item):
    kind, value = item
    if kind == "sleep":
        time.sleep(value)
    elif kind == "hog":
        blocks = []
        while True:  # grows until the worker's memory limit stops it
            blocks.append(bytearray(50 * 1024 * 1024))
    elif kind == "exit":
        os._exit(3)
    return ("ok", value, os.getpid())


def _failed(item, reason):
    return ("failed", item[1], reason)


def test_results_come_back_in_input_order():
    items = [("ok", i) for i in range(7)]
    out = parse_in_workers(items, _work, _failed, workers=2)
    assert [r[:2] for r in out] == [("ok", i) for i in range(7)]
    assert len({r[2] for r in out}) <= 2  # two workers served seven documents


def test_hung_worker_hits_time_limit_and_others_finish():
    out = parse_in_workers([("sleep", 30), ("ok", 1), ("ok", 2)], _work, _failed, workers=2,
                           time_limit=2)
    assert out[0][0] == "failed" and "time limit" in out[0][2]
    assert [r[:2] for r in out[1:]] == [("ok", 1), ("ok", 2)]


def test_memory_hog_and_dying_worker_are_recorded():
    out = parse_in_workers([("hog", 0), ("exit", 1), ("ok", 2)], _work, _failed, workers=2,
                           time_limit=60, memory_limit_mb=400)
    assert out[0][0] == "failed" and ("died" in out[0][2] or "memory" in out[0][2]), out[0]
    assert out[1][0] == "failed" and "died" in out[1][2]
    assert out[2][:2] == ("ok", 2)
