"""Scale benchmark: `govbudget ingest` of N generated documents (100 and 1,000 by default).

Each document is a small variant of the sample's Shanghai-style unit budget (``sample.generate``:
cover, 收支预算总表, 支出预算总表 — three landscape pages, ruled tables, 类/款/项 code columns), with
its own unit name and year, so every document is a different disclosure. PDFs go to
/tmp/govbudget-scale/ (reused between runs), never into the repository.

Prints, for each N: the ingest's wall time beyond the start-up of a run (one tiny document),
pages and documents per second overall and per stage (from the run summary's ``timings:``), the
naive baseline (pdfplumber ``extract_tables`` on every page) on the same pages in the same run
(on at most ``--naive-docs`` of the documents, scaled to all of them: the documents are alike),
the ratio of per-page costs; then how each stage's throughput changes from the smallest to the
largest N, and the speed-up from one worker to two on the largest N (its 2-worker run reused;
``--workers-docs`` picks another N). Each run's peak memory is that of its largest process
(``/usr/bin/time``).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 100 1000] [--naive-docs 100]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench_common import REPO, naive_extract_tables, stage_timings, startup_cost, timed_ingest

OUT = Path(tempfile.gettempdir()) / "govbudget-scale"
STAGES = ("fetch", "parse", "land", "dbt", "checks", "snapshot")

_UNIT_SUFFIXES = ("司法局", "财政局", "教育局", "卫生健康委员会", "民政局", "文化旅游局", "生态环境局", "水务局",
                  "街道办事处", "人民检察院", "人民法院", "市场监督管理局", "规划资源局", "体育局")


def _small_unit_budget(path: Path, unit: str, year: int) -> None:
    """The sample's unit budget cut to its cover, 收支预算总表 and 支出预算总表, for `unit` and `year`."""
    sys.path.insert(0, str(REPO))
    import sample.figures as F
    import sample.generate as G

    fr = F.function_rows(F.SH_BASIC, F.SH_PROJECT)
    totals = F.totals(F.SH_BASIC, F.SH_PROJECT)
    ms = lambda v: G.money(v, True, "0.00")  # noqa: E731
    w = G.Writer(path, title=f"{unit}{year}年单位预算", landscape=True)
    who = f"编制单位：{unit}"
    G.cover(w, f"示范市示范区{year}年区级单位预算", f"预算单位：{unit}", bold=False)
    w.new_page()
    G.unit_summary_table(w, year, fr, totals, F.class_totals(F.SH_BASIC, F.SH_PROJECT), ms, who)
    w.new_page()
    G.unit_function_table(w, f"{year}年预算单位支出预算总表", "支出预算", fr, totals, ms, who)
    w.save()


def generate(n: int) -> list[Path]:
    folder = OUT / f"docs-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        year = 2019 + i % 8
        unit = f"示范市第{i // len(_UNIT_SUFFIXES) + 1}区{_UNIT_SUFFIXES[i % len(_UNIT_SUFFIXES)]}"
        path = folder / f"unit-{i:05d}-{year}-budget.pdf"
        if not path.exists():
            _small_unit_budget(path, unit, year)
        paths.append(path)
    return paths


PEAKS: list[float] = []  # peak RSS (MB) of the largest process of each ingest, in run order


def ingest(sources: list[str], warehouse: Path, workers: int) -> tuple[float, dict[str, float], str]:
    elapsed, output, peak = timed_ingest(sources, warehouse, workers)
    if peak is not None:
        PEAKS.append(peak)
    return elapsed, stage_timings(output), output


def page_count(pdfs: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for p in pdfs:
        doc = pdfium.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--naive-docs", type=int, default=100)
    ap.add_argument("--no-workers-compare", action="store_true")
    ap.add_argument("--workers-docs", type=int, default=None,
                    help="documents for the 1-worker vs 2-worker comparison (default: the largest "
                         "size, whose 2-worker run is reused)")
    args = ap.parse_args(argv)
    t_gen = time.perf_counter()
    sets = {n: generate(n) for n in args.sizes}
    print(f"generated / reused {sum(args.sizes)} documents in {time.perf_counter() - t_gen:.0f} s ({OUT})")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        startup, startup_out = startup_cost(tmp, workers=2)
        st_stages = stage_timings(startup_out)
        print(f"start-up (one tiny doc, median of 3): {startup:.1f} s   stages: "
              + ", ".join(f"{k} {v:.1f}" for k, v in st_stages.items()))
        for n, pdfs in sets.items():
            pages = page_count(pdfs)
            total, stages, _ = ingest([str(p) for p in pdfs], tmp / f"scale-{n}.duckdb", 2)
            sample = pdfs[:: max(1, len(pdfs) // args.naive_docs)][: args.naive_docs]
            t_naive, naive_pages = naive_extract_tables(sample)
            naive_all = t_naive / naive_pages * pages
            beyond = max(total - startup, 1e-9)
            results[n] = dict(pages=pages, total=total, beyond=beyond, stages=stages, naive=naive_all,
                              peak=PEAKS[-1] if PEAKS else None)
            print(f"\n== {n} documents, {pages} pages, 2 workers")
            print(f"ingest: {total:.1f} s ({beyond:.1f} s beyond start-up): {pages / beyond:.1f} pages/s, "
                  f"{n / beyond:.2f} documents/s")
            for k in STAGES:
                if k in stages:
                    extra = stages[k] - st_stages.get(k, 0.0)
                    rate = f"{pages / extra:8.1f} pages/s" if extra > 0.05 else "       -"
                    print(f"  stage {k:<8} {stages[k]:7.1f} s  ({extra:7.1f} s beyond start-up's: {rate})")
            print(f"naive extract_tables: {t_naive:.1f} s on {len(sample)} documents / {naive_pages} pages "
                  f"({naive_pages / t_naive:.1f} pages/s) → {naive_all:.1f} s for all {pages} pages")
            print(f"ratio (ingest beyond start-up / naive): {beyond / naive_all:.2f}  (target <= 0.5)")
            if PEAKS:
                print(f"peak memory of the run's largest process: {PEAKS[-1]:.0f} MB")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if len(results) >= 2:
            lo, hi = min(results), max(results)
            a, b = results[lo], results[hi]
            print(f"\n== growth {lo} → {hi} documents (throughput {hi} / throughput {lo}; 1.00 = linear, "
                  f"target >= 0.80)")
            print(f"  whole ingest beyond start-up: {b['pages'] / b['beyond']:.1f} vs "
                  f"{a['pages'] / a['beyond']:.1f} pages/s → {(b['pages'] / b['beyond']) / (a['pages'] / a['beyond']):.2f}")
            for k in STAGES:
                if k in a["stages"] and k in b["stages"]:
                    ta = a["stages"][k] - st_stages.get(k, 0.0)
                    tb = b["stages"][k] - st_stages.get(k, 0.0)
                    if ta > 0.05 and tb > 0.05:
                        print(f"  stage {k:<8} {(b['pages'] / tb) / (a['pages'] / ta):6.2f}   "
                              f"({a['pages'] / ta:7.1f} → {b['pages'] / tb:7.1f} pages/s)")
        if not args.no_workers_compare:
            n = args.workers_docs or max(sets)
            pdfs = [str(p) for p in (sets[n] if n in sets else generate(n))]
            one_total, one, _ = ingest(pdfs, tmp / "w1.duckdb", 1)
            if n in results:  # the 2-worker run of this size, measured above
                two_total, two = results[n]["total"], results[n]["stages"]
            else:
                two_total, two, _ = ingest(pdfs, tmp / "w2.duckdb", 2)
            pl1 = one.get("parse", 0) + one.get("land", 0)
            pl2 = two.get("parse", 0) + two.get("land", 0)
            print(f"\n== 1 worker vs 2 workers, {n} documents (same run)")
            print(f"  parse and land: {pl1:.1f} s vs {pl2:.1f} s → {pl1 / max(pl2, 1e-9):.2f}x")
            print(f"  whole ingest beyond start-up: {one_total - startup:.1f} s vs {two_total - startup:.1f} s → "
                  f"{(one_total - startup) / max(two_total - startup, 1e-9):.2f}x  (target >= 1.5)")
        peak_mb = max([peak_mb, *PEAKS])
        print(f"\npeak memory of the largest process, all runs: {peak_mb:.0f} MB  (target < 1024)")


if __name__ == "__main__":
    main(sys.argv[1:])
