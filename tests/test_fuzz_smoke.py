"""A pinned subset of the PDF fuzz run (scripts/fuzz_pdfs.py): seeded mutants of corpus PDFs,
parsed in the worker pool under the time and memory limits, never crash the parser."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import CORPUS, REPO

spec = importlib.util.spec_from_file_location("fuzz_pdfs", REPO / "scripts" / "fuzz_pdfs.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)

FILES = [CORPUS / f for f in fuzz.DEFAULT_FILES[:3]]

# Crashes the full fuzz run found (seed 1, 50 mutants per file): pdfplumber's PDF.close() walks
# every page and raises PdfminerException ("Invalid dictionary construct") on a damaged page
# dictionary, from the `finally: pdf.close()` of extract/readers/pdf/ — a raw exception instead
# of a ParseError naming the page. The worker records it as "parser error (PdfminerException)";
# the fix belongs in extract/readers/pdf/ (close pdfplumber without walking the pages).
# Mutants that once crashed the reader (pdfplumber's close() raised on a damaged page
# dictionary); fixed in extract/readers/pdf/, kept here so they stay fixed.
KNOWN_CRASHES = {"wanli-subdistrict-2024-budget.flip_stream.1.3.pdf"}


def test_mutations_are_deterministic():
    a = list(fuzz.mutants(FILES[:1], 5, seed=3))
    b = list(fuzz.mutants(FILES[:1], 5, seed=3))
    assert a == b
    original = FILES[0].read_bytes()
    assert all(data != original for _, data in a)


@pytest.mark.skipif(not all(f.exists() for f in FILES), reason="corpus not available")
@pytest.mark.slow
def test_pinned_mutants_give_no_crash():
    # 3 files x 5 mutants (flip, flip_stream, truncate, duplicate, zero_span) = 15 mutants
    report = fuzz.run(FILES, per_file=5, seed=1, timeout=60, memory_mb=900, workers=2)
    assert report["mutants"] == 15
    counts = report["counts"]
    unknown = [f for f in report["findings"] if f["mutant"] not in KNOWN_CRASHES]
    assert not unknown, unknown
    counts["crash"] = counts.get("crash", 0) - (len(report["findings"]) - len(unknown))
    assert counts.get("crash", 0) == 0, report["findings"]
    assert counts.get("died", 0) == 0, report["findings"]
    assert counts.get("timeout", 0) == 0, report["findings"]
    assert counts.get("parsed", 0) + counts.get("parse_error", 0) == 15 - (
        len(report["findings"]) - len(unknown))
    print(f"\nfuzz smoke: {report['mutants']} mutants in {report['seconds']} s: {counts}")


def _blank_pdf(pages: int) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()


def test_page_limit_is_checked_before_parsing(monkeypatch):
    from flows.parse_worker import DEFAULT_MAX_PAGES, max_pages_limit, parse_one, pdf_page_count
    from flows.sources import Source

    data = _blank_pdf(30)
    assert pdf_page_count(data) == 30
    assert pdf_page_count(b"not a pdf") is None
    monkeypatch.delenv("GOVBUDGET_MAX_PAGES", raising=False)
    assert max_pages_limit() == DEFAULT_MAX_PAGES == 1000
    monkeypatch.setenv("GOVBUDGET_MAX_PAGES", "20")
    got = parse_one((Source("/x/blank.pdf"), data))
    assert got.document is None and got.error.startswith("too many pages: 30 (limit 20")
    monkeypatch.setenv("GOVBUDGET_MAX_PAGES", "0")  # no limit: the parser says what it is
    got = parse_one((Source("/x/blank.pdf"), data))
    assert got.document is None and "too many pages" not in got.error


def test_limits_are_configurable(monkeypatch):
    from flows.parse_pool import default_memory_limit_mb, default_time_limit
    from flows.sources import max_bytes_limit

    monkeypatch.setenv("GOVBUDGET_PARSE_TIMEOUT", "7")
    monkeypatch.setenv("GOVBUDGET_PARSE_MEMORY_MB", "512")
    monkeypatch.setenv("GOVBUDGET_MAX_BYTES", "1234")
    assert (default_time_limit(), default_memory_limit_mb(), max_bytes_limit()) == (7, 512, 1234)
    for name in ("GOVBUDGET_PARSE_TIMEOUT", "GOVBUDGET_PARSE_MEMORY_MB", "GOVBUDGET_MAX_BYTES"):
        monkeypatch.delenv(name)
    assert (default_time_limit(), default_memory_limit_mb(), max_bytes_limit()) == (
        300, 900, 200 * 1024 * 1024)


def test_known_crash_mutants_fail_cleanly():
    from flows.parse_worker import parse_one
    from flows.sources import Source

    for name, data in fuzz.mutants([CORPUS / fuzz.DEFAULT_FILES[2]], 4, seed=1):
        if name in KNOWN_CRASHES:
            got = parse_one((Source(f"/fuzz/{name}"), data))
            assert fuzz.classify(got) in ("parsed", "parse_error"), got.error
