"""Two `govbudget ingest` runs on one warehouse: the second waits for the first and both land, or
with `--wait 0` it exits 3 with a message naming the warehouse. The warehouse ends equal to a
clean run's."""

from __future__ import annotations

import os
import subprocess
import time

import duckdb
import pytest

from tests.conftest import REPO, seed_path
from tests.test_crash_safety import _marts, _per_document_counts

GOVBUDGET = str(REPO / ".venv" / "bin" / "govbudget")


def _start(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen([GOVBUDGET, "ingest", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "GOVBUDGET_WORKERS": "1"}, **kw)


def test_wait_0_gives_up_with_exit_3_naming_the_warehouse(tmp_path):
    from flows.warehouse_lock import warehouse_lock

    wh = tmp_path / "busy" / "wh.duckdb"
    with warehouse_lock(wh, 0):  # another run holds the warehouse
        t0 = time.monotonic()
        proc = subprocess.run([GOVBUDGET, "ingest", str(seed_path("004")), "--warehouse",
                               str(wh), "--wait", "0"], cwd=REPO, capture_output=True,
                              text=True, timeout=120)
        seconds = time.monotonic() - t0
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert str(wh) in proc.stderr and "another govbudget run holds" in proc.stderr
    assert not wh.exists()  # it gave up before touching anything
    assert seconds < 60


@pytest.mark.slow
def test_two_concurrent_ingests_serialise_and_equal_a_clean_run(tmp_path):
    a = [str(seed_path("001")), str(seed_path("002"))]
    b = [str(seed_path("003")), str(seed_path("004"))]
    shared, clean = tmp_path / "shared" / "wh.duckdb", tmp_path / "clean" / "wh.duckdb"
    t0 = time.monotonic()
    ref = _start([*a, *b, "--warehouse", str(clean)])
    first = _start([*a, "--warehouse", str(shared)])
    lock = shared.with_name(shared.name + ".lock")
    while not lock.exists() and first.poll() is None:
        time.sleep(0.1)
    time.sleep(1.0)  # the first run now holds the lock
    second = _start([*b, "--warehouse", str(shared), "--wait", "900"])
    impatient = subprocess.run([GOVBUDGET, "ingest", *b, "--warehouse", str(shared),
                                "--wait", "0"], cwd=REPO, capture_output=True, text=True,
                               timeout=300)
    out1, err1 = first.communicate(timeout=900)
    out2, err2 = second.communicate(timeout=900)
    outr, errr = ref.communicate(timeout=900)
    assert first.returncode == 0, err1[-3000:]
    assert second.returncode == 0, err2[-3000:]
    assert ref.returncode == 0, errr[-3000:]
    assert "waiting for another run to release" in err2
    assert impatient.returncode == 3, impatient.stderr[-2000:]
    assert str(shared) in impatient.stderr
    got, want = _marts(shared), _marts(clean)
    assert {t: len(r) for t, r in got.items()} == {t: len(r) for t, r in want.items()}
    for table in want:
        assert got[table] == want[table], table
    for path in (shared, clean):
        con = duckdb.connect(str(path), read_only=True)
        counts = _per_document_counts(con)
        con.close()
        assert len(counts) == 4
    print(f"\nconcurrent runs: {time.monotonic() - t0:.0f} s")
