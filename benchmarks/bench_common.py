"""What both benchmarks share: the naive baseline, one timed `govbudget ingest`, the tiny
document whose ingest is a run's start-up cost, and reading the run summary's stage timings."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
GOVBUDGET = REPO / ".venv" / "bin" / "govbudget"
TINY_DOCUMENT = ("阳泉市司法局2026年部门预算\n\n2026年预算支出总表\n单位：万元\n"
                 "科目编码\t科目名称\t合计\n合计\t\t1.00\n204\t公共安全支出\t1.00\n")


def write_tiny_document(folder: Path) -> Path:
    path = folder / "tiny.txt"
    path.write_text(TINY_DOCUMENT, encoding="utf-8")
    return path


def naive_extract_tables(pdfs: list[Path]) -> tuple[float, int]:
    """The baseline: pdfplumber's `extract_tables` on every page. Returns (seconds, pages)."""
    import pdfplumber

    t0, pages = time.perf_counter(), 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    return time.perf_counter() - t0, pages


def stage_timings(output: str) -> dict[str, float]:
    """The run summary's `timings:` line as {stage: seconds}."""
    m = re.search(r"timings:\s*(.*)", output)
    return {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", m.group(1))} if m else {}


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        try:
            for task in Path(f"/proc/{q}/task").iterdir():
                kids = [int(c) for c in (task / "children").read_text().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_ingest(sources: list[str], warehouse: Path,
                 workers: Optional[int] = None) -> tuple[float, str, Optional[float]]:
    """One `govbudget ingest`: (seconds, stdout, peak RSS in MB of the run's largest process —
    the CLI or a parse worker). The parse workers are children of multiprocessing's fork server,
    which /usr/bin/time never sees reaped: every process of the run is polled (/proc VmHWM,
    every 0.2 s) while it runs; None where /proc is not there."""
    args = [str(GOVBUDGET), "ingest", *sources, "--warehouse", str(warehouse)]
    if workers is not None:
        args += ["--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_kb = 0
    polling = Path("/proc").is_dir()
    while polling and proc.poll() is None:
        for pid in [proc.pid, *_descendants(proc.pid)]:
            peak_kb = max(peak_kb, _vm_hwm_kb(pid))
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed ({proc.returncode}):\n{stdout[-2000:]}\n{stderr[-2000:]}")
    return elapsed, stdout, (peak_kb / 1024 if polling and peak_kb else None)


def startup_cost(folder: Path, runs: int = 3, workers: Optional[int] = None
                 ) -> tuple[float, str]:
    """The start-up cost of a run: ingesting the tiny document into a new warehouse, after one
    warm-up run (Prefect's database, dbt's first parse). The median of ``runs`` runs, since every
    figure 'beyond start-up' subtracts it and one run's noise (±1.5 s here) would swamp a small
    ingest. Returns (seconds, stdout of the median run)."""
    tiny = write_tiny_document(folder)
    timed_ingest([str(tiny)], folder / "warm.duckdb", workers)
    samples = sorted((timed_ingest([str(tiny)], folder / f"startup-{i}.duckdb", workers)[:2]
                      for i in range(runs)), key=lambda s: s[0])
    return samples[len(samples) // 2]
