"""Hostile inputs in one run with a good document: each is recorded failed with a reason a person
understands, the good one lands, and no process of the run grows past 1 GB.

The files are made here at test time (reportlab, zlib), one per real-world failure mode."""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import zlib
from pathlib import Path

import duckdb
import pytest

from tests.pdf_bytes import pdf_from_objects
from tests.conftest import CORPUS, REPO, seed_path

pytestmark = pytest.mark.slow

GOOD = seed_path("002")


def _reportlab_pdf(path: Path, draw, **kwargs) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1, **kwargs)
    draw(c)
    c.save()
    return path


def _bomb_pdf(path: Path, inflated_mb: int = 1500) -> Path:
    """A one-page PDF whose content stream inflates from ~1.5 MB to 1.5 GB of zeros."""
    comp = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    stream = b"".join(comp.compress(chunk) for _ in range(inflated_mb)) + comp.flush()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream"]
    path.write_bytes(pdf_from_objects(objs, version=b"1.4"))
    return path


def _make_hostile_files(d: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a phrase the recorded error must contain)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    real_pdf = (CORPUS / "shanghai-putuo" / "putuo-justice-bureau-2026-budget.pdf").read_bytes()
    files = {}
    (d / "empty.pdf").write_bytes(b"")
    files["empty"] = (d / "empty.pdf", "empty")
    (d / "truncated.pdf").write_bytes(real_pdf[: len(real_pdf) // 3])
    files["truncated"] = (d / "truncated.pdf", "PDF")
    (d / "random.pdf").write_bytes(random.Random(7).randbytes(64 * 1024))
    files["random_bytes"] = (d / "random.pdf", "not a PDF")
    (d / "portal-error-page.pdf").write_bytes(
        "<!DOCTYPE html><html><body>系统维护中</body></html>".encode())
    files["html_named_pdf"] = (d / "portal-error-page.pdf", "HTML page")

    def one_page_text(c):
        c.setFont("STSong-Light", 14)
        c.drawString(72, 760, "2025年部门预算公开")
        c.showPage()

    files["encrypted"] = (_reportlab_pdf(d / "encrypted.pdf", one_page_text,
                                         encrypt="secret"), "encrypted")

    def scan(c):
        c.setFillGray(0.2)
        for i in range(40):  # strokes and boxes only: an image of a page, no text layer
            c.rect(60, 780 - i * 18, 400 - (i % 5) * 40, 8, fill=1, stroke=0)
        c.showPage()

    files["scan_without_text"] = (_reportlab_pdf(d / "scan.pdf", scan), "text layer")

    def not_a_disclosure(c):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, "关于召开2025年春季运动会的通知")
        c.drawString(72, 740, "各部门：定于四月举行运动会，请做好准备。")
        c.showPage()

    files["no_disclosure"] = (_reportlab_pdf(d / "notice.pdf", not_a_disclosure),
                              "does not look like")

    def blank_pages(c):
        for _ in range(3000):
            c.showPage()

    files["thousands_of_blank_pages"] = (_reportlab_pdf(d / "blank.pdf", blank_pages),
                                         "")
    files["decompression_bomb"] = (_bomb_pdf(d / "bomb.pdf"), "")
    big = d / "huge.txt"
    with open(big, "wb") as fh:
        fh.write(b"2025\t" * (3 * 1024 * 1024 // 5 + 1))
    files["huge_file"] = (big, "too large")
    (d / "garbled.txt").write_bytes(b"\xff\xfe\x00garbage\x00\x81\x82" * 500)
    files["malformed_text"] = (d / "garbled.txt", "")
    (d / "archive.docx").write_bytes(b"PK\x03\x04" + b"\0" * 200)
    files["zip_named_docx"] = (d / "archive.docx", "unsupported")
    return files


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    files = _make_hostile_files(d)
    odd = d / "预算 (最终版)'; DROP TABLE raw.documents; --.txt"
    shutil.copy(GOOD, odd)  # an odd name on a good document must land like any other
    wh = d / "wh.duckdb"
    env = {"GOVBUDGET_MAX_BYTES": str(2 * 1024 * 1024), "GOVBUDGET_PARSE_TIMEOUT": "60",
           "GOVBUDGET_WORKERS": "2"}
    import os

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [str(REPO / ".venv" / "bin" / "govbudget"), "ingest", str(GOOD), str(odd),
         *[str(p) for p, _ in files.values()], "--warehouse", str(wh)],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=900)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    con = duckdb.connect(str(wh), read_only=True)
    sources = dict(con.execute("SELECT source_uri, status || ': ' || coalesce(error_message, '')"
                               " FROM marts.dim_source").fetchall())
    good_rows = con.execute(
        "SELECT count(*) FROM marts.fct_line_item f JOIN marts.dim_document d USING "
        "(document_id) WHERE d.file_name = ?", [GOOD.name]).fetchone()[0]
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'").fetchall()}
    con.close()
    return {"proc": proc, "files": files, "sources": sources, "good_rows": good_rows,
            "odd": odd, "peak_kb": max(peak_kb, before), "raw_tables": tables}


def test_run_exits_1_and_good_documents_land(hostile_run):
    assert hostile_run["proc"].returncode == 1, hostile_run["proc"].stderr[-3000:]
    assert hostile_run["good_rows"] > 100
    assert hostile_run["sources"][str(GOOD)] == "landed: "


def test_odd_file_name_lands_and_injects_nothing(hostile_run):
    assert hostile_run["sources"][str(hostile_run["odd"])] == "landed: "
    assert "documents" in hostile_run["raw_tables"]


@pytest.mark.parametrize("name", [
    "empty", "truncated", "random_bytes", "html_named_pdf", "encrypted", "scan_without_text",
    "no_disclosure", "thousands_of_blank_pages", "decompression_bomb", "huge_file",
    "malformed_text", "zip_named_docx"])
def test_hostile_input_is_recorded_failed_with_reason(hostile_run, name):
    path, phrase = hostile_run["files"][name]
    status = hostile_run["sources"][str(path)]
    assert status.startswith("failed: "), status
    reason = status[len("failed: "):]
    assert len(reason) > 10
    assert phrase.lower() in reason.lower(), reason


def test_no_process_of_the_hostile_run_exceeds_1_gb(hostile_run):
    assert hostile_run["peak_kb"] < 1024 * 1024, hostile_run["peak_kb"]
