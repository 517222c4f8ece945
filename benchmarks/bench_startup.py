"""Start-up (issue 16): `govbudget ingest` of one tiny text document into a NEW warehouse, start
to end of the process, median of three runs; target <= 10 s on this 2-core machine.

    .venv/bin/python benchmarks/bench_startup.py                  # ~2 min
    .venv/bin/python benchmarks/bench_startup.py --baseline-runs 1   # quicker: one baseline run

Prints each run's wall time and CPU seconds (user + system of the run's processes: the CLI, the
temporary Prefect server, the GE process, the parse worker), the median, the breakdown of the
median run (its own `timings:` line, and the marks the run writes with GOVBUDGET_STARTUP_TRACE:
imports, dbt's parse ahead, the server's start in its own process, dbt, Great Expectations, the
dashboard, the snapshot, the exit), and
two baselines measured in the same invocation:

* the same runs with the start-up measures off (GOVBUDGET_FAST_START=0: no caches, no parse of
  the dbt project ahead, the garbage collector running through the imports, GE imported in the
  run's process, the interpreter's full teardown at exit) — the ratio is median(on) / median(off);
* the floor of `python -c "import prefect, dbt.cli.main, great_expectations"` (what the three
  imports cost one process, before any work).

The start-up caches (dbt's parse of the project, Prefect's empty database; flows.startup_cache)
live in a cache folder outside the repository: one untimed warm-up run fills them first (a first
run ever, or the first after the dbt project or a package changed, pays ~7 CPU-seconds more).
The machine is shared: read the CPU seconds and the ratio, which load moves less than the wall
time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_common import GOVBUDGET, REPO, stage_timings, write_tiny_document  # noqa: E402


def run_once(tiny: Path, folder: Path, env: dict) -> dict:
    """One ingest into a new warehouse ``folder/w.duckdb``: wall, CPU, stdout, trace marks."""
    folder.mkdir(parents=True)
    trace = folder / "startup-trace.tsv"
    env = {**os.environ, **env, "GOVBUDGET_STARTUP_TRACE": str(trace)}
    for name in ("PREFECT_API_URL", "PREFECT_HOME", "GOVBUDGET_WAREHOUSE"):
        env.pop(name, None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    done = subprocess.run([str(GOVBUDGET), "ingest", str(tiny), "--warehouse",
                           str(folder / "w.duckdb")], env=env, capture_output=True, text=True,
                          timeout=900)
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"ingest failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    marks: dict[str, tuple[float, float, int]] = {}
    if trace.exists():
        for line in trace.read_text(encoding="utf-8").splitlines():
            name, at, cpu, pid = line.split("\t")
            marks.setdefault(name, (float(at) - t0, float(cpu), int(pid)))
    return {"wall": wall, "user": after.ru_utime - before.ru_utime,
            "sys": after.ru_stime - before.ru_stime, "stdout": done.stdout, "marks": marks}


def import_floor() -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    subprocess.run([sys.executable, "-c", "import prefect, dbt.cli.main, great_expectations"],
                   check=True, cwd=REPO, env={**os.environ, "GX_ANALYTICS_ENABLED": "false"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.time() - t0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _span(marks: dict, start: str, end: str):
    if start in marks and end in marks:
        return marks[end][0] - marks[start][0]
    return None


def breakdown(run: dict) -> list[str]:
    m = run["marks"]
    stages = stage_timings(run["stdout"])
    main_pid = m.get("cli", (0, 0, 0))[2]
    imports_end = max((v[0] for k, v in m.items() if k.startswith("imported ")), default=None)
    rows = [
        ("command line → warm-up (sources, lock, server spawned)", _span(m, "cli", "warm-up start")),
        ("imports in the run's process (prefect, flows, dbt)",
         imports_end - m["warm-up start"][0] if imports_end and "warm-up start" in m else None),
        ("dbt's parse of the project, ahead (while the server starts)",
         m["dbt parsed ahead"][0] - imports_end if imports_end and "dbt parsed ahead" in m else None),
        ("waiting for the temporary Prefect server after them",
         m["server ready"][0] - max(imports_end, m.get("dbt parsed ahead", (0,))[0])
         if imports_end and "server ready" in m else None),
        ("server ready → flow start (Prefect creates the run)", _span(m, "server ready", "flow start")),
        ("fetch + parse + land (timings line)",
         sum(stages.get(k, 0) for k in ("fetch", "parse", "land")) if stages else None),
        ("dbt build: models and tests (timings line: dbt)", stages.get("dbt")),
        ("checks + GE validation and Data Docs", _span(m, "dbt done", "checks and GE done")),
        ("  of which GE (validation, Data Docs)", _span(m, "GE start", "checks and GE done")),
        ("dashboard", _span(m, "checks and GE done", "dashboard built")),
        ("snapshot (timings line)", stages.get("snapshot")),
        ("flow end → summary printed (Prefect finishes the run)", _span(m, "flow end", "summary")),
        ("summary → process end (exit hooks, server stop)", run["wall"] - m["summary"][0]
         if "summary" in m else None),
    ]
    out = [f"    {name:58s} {value:5.1f} s" for name, value in rows if value is not None]
    server = [("server process: Python and uvicorn up", "cli", "server: factory called"),
              ("server process: Prefect imported", "server: factory called", "server: Prefect imported"),
              ("server process: app built", "server: Prefect imported", "server: app created"),
              ("server process: start-up (lifespan) → ready", "server: app created", "server ready")]
    for name, start, end in server:
        value = _span(m, start, end)
        if value is not None:
            out.append(f"    {name:58s} {value:5.1f} s (on the other core)")
    if "GE process ready" in m:
        out.append(f"    {'GE process: imported GE, context built, at':58s} "
                   f"{m['GE process ready'][0]:5.1f} s (on the other core)")
    if "exit" in m and m["exit"][2] == main_pid:
        out.append(f"    {'CPU of the run process (user)':58s} {m['exit'][1]:5.1f} s")
    if "timings:" in run["stdout"]:
        line = next(ln for ln in run["stdout"].splitlines() if "timings:" in ln)
        out.append("    run's own line: " + line.strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline-runs", type=int, default=3,
                    help="runs with GOVBUDGET_FAST_START=0 (0: none)")
    args = ap.parse_args()
    from flows.startup_cache import cache_root

    work = Path(tempfile.mkdtemp(prefix="govbudget-startup-"))
    tiny = write_tiny_document(work)
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores; shared machine)")
    print(f"cache: {cache_root()} (dbt's parse, Prefect's empty database)")
    run_once(tiny, work / "warm-up", {})
    print("warm-up run done (untimed; it fills the cache when it is empty)")
    on = []
    for i in range(args.runs):
        r = run_once(tiny, work / f"on-{i}", {})
        on.append(r)
        print(f"  run {i + 1}: {r['wall']:5.1f} s wall, {r['user']:5.1f} s user + "
              f"{r['sys']:4.1f} s sys CPU")
    off = []
    for i in range(args.baseline_runs):
        r = run_once(tiny, work / f"off-{i}", {"GOVBUDGET_FAST_START": "0"})
        off.append(r)
        print(f"  baseline run {i + 1} (GOVBUDGET_FAST_START=0): {r['wall']:5.1f} s wall, "
              f"{r['user']:5.1f} s user + {r['sys']:4.1f} s sys CPU")
    floor_wall, floor_cpu = import_floor()
    med = statistics.median(r["wall"] for r in on)
    med_cpu = statistics.median(r["user"] + r["sys"] for r in on)
    median_run = sorted(on, key=lambda r: r["wall"])[len(on) // 2]
    print()
    print(f"median start to end: {med:.1f} s wall, {med_cpu:.1f} CPU-s (target <= 10 s) "
          f"{'OK' if med <= 10 else 'ABOVE TARGET'}")
    print("breakdown of the median run:")
    print("\n".join(breakdown(median_run)))
    if off:
        med_off = statistics.median(r["wall"] for r in off)
        cpu_off = statistics.median(r["user"] + r["sys"] for r in off)
        print(f"baseline, start-up measures off: {med_off:.1f} s wall, {cpu_off:.1f} CPU-s")
        print(f"ratio on/off: {med / med_off:.2f} wall, {med_cpu / cpu_off:.2f} CPU")
        print("breakdown of the median baseline run:")
        print("\n".join(breakdown(sorted(off, key=lambda r: r["wall"])[len(off) // 2])))
    print(f"floor, `import prefect, dbt.cli.main, great_expectations`: {floor_wall:.1f} s wall, "
          f"{floor_cpu:.1f} CPU-s; median run / floor: {med / floor_wall:.2f}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print(f"(runs kept in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
