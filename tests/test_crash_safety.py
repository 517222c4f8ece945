"""Crash safety: a run killed with SIGKILL at any point leaves no partial document, DuckDB
recovers its WAL, and the next run completes the work to a warehouse equal to a clean run's.

Two levels:
- landing: a child process lands many documents (one transaction each, flows.warehouse) and is
  killed at seeded random moments, again and again; after every kill each landed document is
  complete (per-table row counts equal a clean landing), and a last uninterrupted child finishes.
- end to end: `govbudget ingest` on distinct copies of the seeds (one byte changed each) is killed
  while landing, a second run is killed during dbt, a third completes: its marts equal a clean run's.
"""

from __future__ import annotations

import copy
import os
import pickle
import random
import signal
import subprocess
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, seed_path

pytestmark = pytest.mark.slow

PY = str(REPO / ".venv" / "bin" / "python")
GOVBUDGET = str(REPO / ".venv" / "bin" / "govbudget")
RAW_TABLES = ("raw.pages", "raw.tables", "raw.cells", "raw.line_items", "raw.statistics",
              "raw.performance_projects", "raw.performance_indicators")


def _per_document_counts(con) -> dict[str, tuple]:
    docs = [r[0] for r in con.execute(
        "SELECT document_id FROM raw.documents WHERE status = 'landed'").fetchall()]
    counts = {d: [] for d in docs}
    for t in RAW_TABLES:
        got = dict(con.execute(f"SELECT document_id, count(*) FROM {t} GROUP BY 1").fetchall())
        for d in docs:
            counts[d].append(got.get(d, 0))
    # rows of a document that is not in raw.documents would be a half-landed document too
    orphans = con.execute(
        "SELECT count(*) FROM (" + " UNION ALL ".join(
            f"SELECT document_id FROM {t}" for t in RAW_TABLES) + ") x "
        "WHERE document_id NOT IN (SELECT document_id FROM raw.documents)").fetchone()[0]
    assert orphans == 0
    return {d: tuple(c) for d, c in counts.items()}


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group this test started (the run and its workers)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(30)


# --- landing level ---------------------------------------------------------------------------

LANDER = textwrap.dedent("""
    import pickle, sys
    from flows import warehouse as wh
    docs = pickle.load(open(sys.argv[2], "rb"))
    con = wh.connect(__import__("pathlib").Path(sys.argv[1]))
    print("ready", flush=True)
    for d in docs:
        wh.land_document(con, "run", d, 1)
        print("landed", d.document_id[:8], flush=True)
    con.close()
    print("done", flush=True)
""")


@pytest.fixture(scope="module")
def many_documents(tmp_path_factory):
    from extract.pipeline import parse_document

    base = [parse_document(seed_path(p).read_bytes(), f"{p}.txt", f"/{p}.txt")
            for p in ("001", "002", "003")]
    docs = []
    for k in range(8):  # distinct document ids, as copies with one byte changed would have
        for b in base:
            d = copy.deepcopy(b)
            d.document_id = f"{k:02d}" + b.document_id[2:]
            d.file_name = f"copy{k}-{b.file_name}"
            docs.append(d)
    path = tmp_path_factory.mktemp("docs") / "docs.pickle"
    path.write_bytes(pickle.dumps(docs))
    return docs, path


def test_kill_9_while_landing_leaves_no_partial_document(tmp_path, many_documents):
    from flows import warehouse as wh

    docs, pickled = many_documents
    clean = wh.connect(tmp_path / "clean.duckdb")
    for d in docs:
        wh.land_document(clean, "clean", d, 1)
    expected = _per_document_counts(clean)
    clean.close()
    assert len(expected) == len(docs)

    target = tmp_path / "crash.duckdb"
    rng = random.Random(8)
    kills, wal_left, seen_partial_runs = 0, 0, []
    for attempt in range(6):
        proc = subprocess.Popen([PY, "-c", LANDER, str(target), str(pickled)], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        assert proc.stdout.readline().strip() == "ready"
        landed_lines = []
        stop_after = rng.randint(0, 3)  # kill after a few landings, mid-transaction or between
        while len(landed_lines) < stop_after:
            line = proc.stdout.readline()
            if not line or line.startswith("done"):
                break
            landed_lines.append(line)
        time.sleep(rng.uniform(0.0, 0.4))
        finished = proc.poll() is not None
        _kill_group(proc)
        kills += not finished
        wal = target.with_name(target.name + ".wal")
        wal_left += wal.exists() and wal.stat().st_size > 0
        # DuckDB replays (or discards) the WAL of the killed writer
        con = duckdb.connect(str(target))
        got = _per_document_counts(con)
        con.close()
        for d, c in got.items():
            assert c == expected[d], (attempt, d, c, expected[d])
        seen_partial_runs.append(len(got))
    assert kills >= 4, kills
    assert wal_left >= 1, wal_left  # recovery replayed a WAL the killed writer left behind
    assert seen_partial_runs[-1] < len(docs)  # the kills did cut runs short
    # the next, uninterrupted run completes the work
    subprocess.run([PY, "-c", LANDER, str(target), str(pickled)], cwd=REPO, check=True,
                   capture_output=True, timeout=300)
    con = duckdb.connect(str(target), read_only=True)
    assert _per_document_counts(con) == expected
    assert con.execute("SELECT count(*) FROM raw.documents").fetchone()[0] == len(docs)
    con.close()


# --- end to end: govbudget ingest ------------------------------------------------------------

def _copies(d: Path, k: int) -> Path:
    src = d / "sources"
    src.mkdir()
    for i in range(k):
        for p in ("001", "002", "003"):
            data = seed_path(p).read_bytes()
            # one byte changed: a trailing newline more per copy, so every copy is distinct
            (src / f"copy{i}-{seed_path(p).name}").write_bytes(data + b"\n" * (i + 1))
    return src


class _Run:
    """`govbudget ingest -v` in its own process group, its output read as it comes (-v: Prefect's
    task lines tell the test where the run is)."""

    def __init__(self, sources: Path, warehouse: Path, **env):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [GOVBUDGET, "ingest", "-v", str(sources), "--warehouse", str(warehouse)], cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**os.environ, "GOVBUDGET_WORKERS": "2", **env})
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def wait_for(self, phrase: str, timeout: float = 400) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(phrase in ln for ln in self.lines):
                return True
            if self.proc.poll() is not None:
                time.sleep(0.2)
                return any(phrase in ln for ln in self.lines)
            time.sleep(0.05)
        return False

    def kill(self):
        _kill_group(self.proc)
        self.t.join(5)

    def finish(self, timeout: float = 600) -> int:
        code = self.proc.wait(timeout)
        self.t.join(5)
        return code


TIMESTAMP_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE")
VOLATILE = {"run_id", "checked_at", "ingested_at", "first_seen_at", "last_seen_at",
            "attempted_at", "first_landed_at", "last_landed_at",
            "attempt_count"}  # how many runs offered a source: the killed runs count too


def _marts(path: Path) -> dict[str, list]:
    """Every marts table as a sorted list of rows, run times and run ids left out."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for (table,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
                "ORDER BY 1").fetchall():
            cols = [c for c, t in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE "
                "table_schema = 'marts' AND table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if c not in VOLATILE and t not in TIMESTAMP_TYPES]
            rows = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} '
                               f"FROM marts.{table}").fetchall()
            out[table] = sorted(map(repr, rows))
        out["dq.latest_check_results"] = sorted(map(repr, con.execute(
            "SELECT document_id, check_name, status, table_kind, page_number, subject_code, "
            "item_name, expected, actual FROM dq.latest_check_results").fetchall()))
        return out
    finally:
        con.close()


def test_kill_9_of_govbudget_ingest_then_rerun_equals_a_clean_run(tmp_path):
    n = 15
    sources = _copies(tmp_path, n // 3)  # 15 distinct documents
    clean_wh, crash_wh = tmp_path / "clean" / "wh.duckdb", tmp_path / "crash" / "wh.duckdb"
    t0 = time.monotonic()
    clean = _Run(sources, clean_wh)  # the reference, run alongside

    # 1. killed while landing: the parse-and-land task has begun (Prefect logs the task before
    # it, skip-landed, when it finishes), and documents are being written, one batch each
    run1 = _Run(sources, crash_wh, GOVBUDGET_LAND_BATCH="1")
    assert run1.wait_for("Task run 'skip-landed"), "".join(run1.lines)[-3000:]
    wal = crash_wh.with_name(crash_wh.name + ".wal")
    size0 = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run1.proc.poll() is None:
        if wal.exists() and wal.stat().st_size > size0 + 256 * 1024:
            break  # a document or two have been written to the WAL
        time.sleep(0.01)
    landing_unfinished = not any("Task run 'parse-and-land" in ln for ln in run1.lines)
    run1.kill()
    con = duckdb.connect(str(crash_wh))  # WAL recovery after kill -9
    after_kill_1 = _per_document_counts(con)
    con.close()

    assert clean.finish() == 0, "".join(clean.lines)[-3000:]
    con = duckdb.connect(str(clean_wh), read_only=True)
    expected = _per_document_counts(con)
    con.close()
    assert len(expected) == n
    assert landing_unfinished and len(after_kill_1) < n, len(after_kill_1)
    for d, c in after_kill_1.items():
        assert c == expected[d], (d, c, expected[d])

    # 2. killed during dbt: the first log-run task follows landing, dbt build comes next
    run2 = _Run(sources, crash_wh)
    assert run2.wait_for("Task run 'log-run"), "".join(run2.lines)[-3000:]
    time.sleep(2.0)
    dbt_unfinished = (run2.proc.poll() is None
                      and not any("Task run 'dbt-build" in ln for ln in run2.lines))
    run2.kill()
    con = duckdb.connect(str(crash_wh))
    after_kill_2 = _per_document_counts(con)
    con.close()
    assert after_kill_2 == expected  # landing finished before dbt started
    assert dbt_unfinished

    # 3. the next run completes the work
    run3 = _Run(sources, crash_wh)
    assert run3.finish() == 0, "".join(run3.lines)[-3000:]
    con = duckdb.connect(str(crash_wh), read_only=True)
    assert _per_document_counts(con) == expected
    assert con.execute("SELECT count(*) FROM raw.documents").fetchone()[0] == n
    con.close()
    got, want = _marts(crash_wh), _marts(clean_wh)
    assert {t: len(r) for t, r in got.items()} == {t: len(r) for t, r in want.items()}
    for table in want:
        assert got[table] == want[table], table
    print(f"\nkill-9 end to end: {len(after_kill_1)}/{n} documents landed when killed while "
          f"landing; then killed during dbt; rerun equals the clean run "
          f"({sum(len(r) for r in want.values())} mart rows compared); "
          f"{time.monotonic() - t0:.0f} s")
