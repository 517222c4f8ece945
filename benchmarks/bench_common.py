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


def timed_ingest(sources: list[str], warehouse: Path,
                 workers: Optional[int] = None) -> tuple[float, str, Optional[float]]:
    """One `govbudget ingest` under /usr/bin/time: (seconds, stdout, peak RSS in MB of the run's
    largest process — the CLI or a parse worker — or None without /usr/bin/time)."""
    rss_file = warehouse.with_suffix(".rss")
    timer = (["/usr/bin/time", "-f", "%M", "-o", str(rss_file)]
             if Path("/usr/bin/time").exists() else [])
    args = [str(GOVBUDGET), "ingest", *sources, "--warehouse", str(warehouse)]
    if workers is not None:
        args += ["--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.run([*timer, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    peak = int(rss_file.read_text().split()[-1]) / 1024 if rss_file.exists() else None
    return elapsed, proc.stdout, peak


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
