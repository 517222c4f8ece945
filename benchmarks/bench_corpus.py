"""Benchmark: the whole `govbudget ingest` against naive pdfplumber table extraction, same run.

Prints the start-up cost of a run (ingesting one tiny document), the corpus ingest's time beyond
that start-up per page and per stage (the run summary's ``timings:``, less the tiny run's), the
parse stage split into triage (pypdfium2 text of every page) and table extraction (objects,
tables, grids on candidate pages) and OCR of the scanned pages (pages per second) measured in
this process, peak memory of the largest process,
and the naive baseline (`extract_tables` on every page of the same PDFs) with the ratio of
per-page costs. Scanned PDFs (no page with a text layer) are ingested apart: naive extract_tables
reads nothing from an image, so the bar is measured on the PDFs with a text layer, and the scans'
OCR cost is printed beside it. Timings on a shared machine are noisy: read the ratios, measured in
one run.

    .venv/bin/python benchmarks/bench_corpus.py [PDF_DIR ...]   (default: ../shared/corpus)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_common import REPO, naive_extract_tables, stage_timings, startup_cost, timed_ingest


def parse_split(pdfs: list[Path]) -> dict[str, float]:
    """The reader in this process, one document after another: triage vs OCR of the pages
    without a text layer (render, recognise, rules; the engine's one-off load included) vs table
    extraction."""
    sys.path.insert(0, str(REPO))
    from extract.readers import ocr
    from extract.readers import pdf as reader

    spent = {"triage": 0.0, "tables": 0.0, "ocr": 0.0, "ocr_pages": 0}
    real, real_ocr = reader.pdfium_pages, ocr.ocr_page

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return real(*a, **kw)
        finally:
            spent["triage"] += time.perf_counter() - t

    def timed_ocr(*a, **kw):
        t = time.perf_counter()
        try:
            return real_ocr(*a, **kw)
        finally:
            spent["ocr"] += time.perf_counter() - t
            spent["ocr_pages"] += 1

    reader.pdfium_pages = timed
    ocr.ocr_page = timed_ocr
    try:
        t0 = time.perf_counter()
        for path in pdfs:
            try:
                reader.read_pdf_document(path.read_bytes(), path.name, str(path), "bench")
            except Exception:  # noqa: BLE001 - a failing document costs what it cost
                pass
        total = time.perf_counter() - t0
    finally:
        reader.pdfium_pages = real
        ocr.ocr_page = real_ocr
    spent["tables"] = total - spent["triage"] - spent["ocr"]
    spent["reader"] = total
    return spent


def is_scan(path: Path) -> bool:
    """A PDF none of whose pages has a text layer: read by OCR only, which naive extract_tables
    cannot read at all, so the speed bar leaves it out and its cost is printed apart."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path.read_bytes())
    except Exception:  # noqa: BLE001 - a damaged file is no scan: it costs what it costs
        return False
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            try:
                if tp.get_text_range().strip():
                    return False
            finally:
                tp.close()
                page.close()
        return True
    finally:
        pdf.close()


def main(argv: list[str]) -> None:
    dirs = [Path(a) for a in argv] or [REPO.parent / "shared" / "corpus"]
    every_pdf = sorted(p for d in dirs for p in d.rglob("*.pdf"))
    scans = [p for p in every_pdf if is_scan(p)]
    pdfs = [p for p in every_pdf if p not in scans]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        startup, startup_out = startup_cost(tmp)
        total, out, peak_mb = timed_ingest([str(p) for p in pdfs], tmp / "corpus.duckdb")
        naive, pages = naive_extract_tables(pdfs)
        split = parse_split(every_pdf)
        scan_total = scan_peak = None
        if scans:
            scan_total, _scan_out, scan_peak = timed_ingest([str(p) for p in scans], tmp / "scans.duckdb")
    beyond = max(total - startup, 1e-9)
    if scans:
        import pypdfium2 as pdfium

        scan_pages = sum(len(pdfium.PdfDocument(p.read_bytes())) for p in scans)
        scan_beyond = max(scan_total - startup, 1e-9)
        print(f"scanned PDFs (no text layer; left out of the bar below): {len(scans)}, "
              f"{scan_pages} pages; their ingest {scan_total:.1f} s ({scan_beyond:.1f} s beyond "
              f"start-up: {scan_pages / scan_beyond:.2f} pages/s with two workers); largest "
              f"process {scan_peak or 0:.0f} MB")
    print(f"documents with a text layer: {len(pdfs)}  pages: {pages}")
    print(f"start-up (one tiny doc, median of 3):  {startup:.1f} s")
    print(f"corpus ingest:            {total:.1f} s  ({beyond:.1f} s beyond start-up)")
    print(f"  pages/s beyond start-up:  {pages / beyond:.1f}   documents/s: "
          f"{len(pdfs) / beyond:.2f}")
    st = stage_timings(startup_out)
    print("  start-up run's stages:    " + ", ".join(f"{k} {v:.1f}s" for k, v in st.items())
          + f"; outside the stages (CLI, Prefect, imports): {startup - sum(st.values()):.1f}s")
    for stage, seconds in stage_timings(out).items():
        extra = seconds - st.get(stage, 0.0)
        rate = f"{pages / extra:8.1f} pages/s" if extra > 0.05 else "       -"
        print(f"  stage {stage:<8} {seconds:6.1f} s   beyond start-up's {extra:6.1f} s  {rate}")
    print(f"  in-process reader ({len(every_pdf)} documents, scans included, one process): {split['reader']:.1f} s = "
          f"triage {split['triage']:.1f} s ({pages / max(split['triage'], 1e-9):.1f} pages/s) + "
          f"tables {split['tables']:.1f} s ({pages / max(split['tables'], 1e-9):.1f} pages/s)"
          f" + OCR {split['ocr']:.1f} s")
    n_ocr = split["ocr_pages"]
    print(f"  OCR of pages without a text layer: {n_ocr} pages in {split['ocr']:.1f} s  "
          f"({n_ocr / max(split['ocr'], 1e-9):.2f} pages/s, engine load included)")
    print(f"naive extract_tables:     {naive:.1f} s  ({pages / naive:.1f} pages/s)")
    print(f"  reader / naive (one process each): {split['reader'] / naive:.2f}   without OCR: "
          f"{(split['reader'] - split['ocr']) / naive:.2f} (naive reads no scan)")
    print(f"ratio (ingest beyond start-up / naive): {beyond / naive:.2f}  (target <= 0.5)")
    if peak_mb is not None:
        print(f"peak memory of the largest process: {peak_mb:.0f} MB  (target < 1024)")


if __name__ == "__main__":
    main(sys.argv[1:])
