"""Security: no SQL built from document text, names from URLs or headers never become paths,
embedded JavaScript and attachments in a PDF are ignored."""

from __future__ import annotations

import ast
import hashlib
import http.server
import re
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from tests.pdf_bytes import pdf_from_objects
from tests.conftest import REPO, seed_path

SQL_FOLDERS = ("flows", "expectations", "extract")
NOQA_S608 = re.compile(r"noqa:\s*S608\b(.*)$")


def test_no_sql_is_built_from_document_text():
    """ruff's SQL-injection rule (S608) passes over the package: SQL text interpolates only
    reviewed identifiers and placeholder lists, each site marked ``# noqa: S608`` with the reason
    on that line; values (document text included) travel as parameters or DataFrames."""
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "S608",
                          "--output-format", "concise", *SQL_FOLDERS],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, "SQL built with unreviewed interpolation:\n" + run.stdout + run.stderr
    bare = []
    for folder in SQL_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                m = NOQA_S608.search(line)
                if m and not m.group(1).strip(" -—:,;"):
                    bare.append(f"{path.relative_to(REPO).as_posix()}:{number}")
    assert not bare, "noqa: S608 without a reason after it:\n" + "\n".join(bare)


def test_landing_goes_through_a_dataframe():
    """flows.warehouse._insert_rows registers a DataFrame and inserts BY NAME from it: the table
    name is the only interpolation, and every table name is a literal "raw.…" — written where a
    document's rows are collected (_document_rows' _add) or passed straight to _insert_rows."""
    src = (REPO / "flows" / "warehouse.py").read_text(encoding="utf-8")
    tree = ast.parse(src)
    adds = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and getattr(n.func, "id", None) == "_add"]
    inserts = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
               and getattr(n.func, "id", None) == "_insert_rows"]
    assert len(adds) >= 8 and inserts
    for c in adds:
        assert isinstance(c.args[0], ast.Constant) and c.args[0].value.startswith("raw."), \
            ast.unparse(c)
    for c in inserts:  # a literal, or the name of a table collected by _add above
        arg = c.args[1]
        assert (isinstance(arg, ast.Constant) and arg.value.startswith("raw.")) or \
            (isinstance(arg, ast.Name) and arg.id == "table"), ast.unparse(c)
    assert 'con.register("_landing_rows", frame)' in src


HOSTILE_TEXTS = [
    "'); DROP TABLE raw.documents; --",
    "x' OR '1'='1",
    "_landing_rows",
    "\"; DELETE FROM raw.line_items; --",
    "名称\\'\"`$(rm -rf /)`",
    "a\u0000b",
]


def test_document_text_with_sql_lands_verbatim(tmp_path):
    from extract.pipeline import parse_document
    from flows import warehouse as wh

    data = seed_path("001").read_bytes()
    doc = parse_document(data, "x.txt", "/x.txt")
    doc.unit_name = HOSTILE_TEXTS[0]
    doc.doc_title = HOSTILE_TEXTS[1]
    doc.file_name = HOSTILE_TEXTS[4]
    doc.pages_text = HOSTILE_TEXTS[:]
    cell = doc.tables[0].grid[0][0]
    cell.text = HOSTILE_TEXTS[3]
    doc.line_items[0].item_name = HOSTILE_TEXTS[2]
    con = wh.connect(tmp_path / "wh.duckdb")
    try:
        assert wh.land_document(con, "r1", doc, len(data))
        assert con.execute("SELECT unit_name, doc_title, file_name FROM raw.documents"
                           ).fetchone() == tuple(HOSTILE_TEXTS[i] for i in (0, 1, 4))
        assert [r[0] for r in con.execute(
            "SELECT text FROM raw.pages ORDER BY page_number").fetchall()] == HOSTILE_TEXTS
        assert con.execute("SELECT count(*) FROM raw.cells WHERE text = ?",
                           [HOSTILE_TEXTS[3]]).fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM raw.line_items WHERE item_name = ?",
                           [HOSTILE_TEXTS[2]]).fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM raw.line_items").fetchone()[0] == len(
            doc.line_items)
    finally:
        con.close()


# --- names from URLs and headers -----------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1/..%2F..%2F..%2Fetc%2Fpasswd",
    "http://127.0.0.1/a/../../../../tmp/evil.pdf",
    "http://127.0.0.1/%2e%2e/%2e%2e/evil.pdf?name=../../x",
    "http://127.0.0.1/",
])
def test_file_name_from_url_is_never_a_path(url):
    from flows.sources import Source

    name = Source(url).file_name
    assert "/" not in name and "\\" not in name and name not in ("", ".", "..")


def test_raw_store_paths_come_from_content_only(tmp_path):
    from flows.fetch import RawStore

    store = RawStore(tmp_path / "raw_store")
    for bad in ("../../etc/passwd", "a" * 63 + "/", "A" * 64, "../" + "0" * 61):
        with pytest.raises(ValueError):
            store.path_of(bad)
    sha = store.put(b"%PDF-1.4 x")
    assert store.path_of(sha) == tmp_path / "raw_store" / sha[:2] / sha


class _Hostile(http.server.BaseHTTPRequestHandler):
    body = b"%PDF-1.4\nnot really\n"

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition",
                         'attachment; filename="../../../escaped.pdf"; '
                         "filename*=UTF-8''..%2F..%2Fescaped2.pdf")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_fetched_names_never_escape_the_raw_store(tmp_path, monkeypatch):
    from flows.fetch import RawStore, fetch_all
    from flows.sources import Source

    monkeypatch.setenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS", "1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        base = tmp_path / "deep" / "warehouse"
        base.mkdir(parents=True)
        store = RawStore(base / "raw_store")
        urls = [f"http://127.0.0.1:{port}/..%2F..%2Fescaped3.pdf",
                f"http://127.0.0.1:{port}/x/../../../escaped4.pdf"]
        results = fetch_all([Source(u) for u in urls], store, {})
    finally:
        server.shutdown()
    assert all(r.error is None for r in results), [r.error for r in results]
    sha = hashlib.sha256(_Hostile.body).hexdigest()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [base / "raw_store" / sha[:2] / sha], files


# --- PDF with JavaScript and an attachment ---------------------------------------------------

def _hand_pdf(extra_catalog: bytes = b"", extra_objs: list[bytes] = ()) -> bytes:
    """A one-page PDF written by hand (Helvetica text); extra objects are numbered from 6."""
    content = b"BT /F1 18 Tf 72 720 Td (Budget 2025 plain page one) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *extra_objs]
    return pdf_from_objects(objs)


def _hostile_pdf(marker: Path) -> bytes:
    attachment = seed_path("001").read_bytes()  # a real disclosure, as an attached file
    packed = zlib.compress(attachment)
    js = ("app.alert('pwned'); this.exportDataObject({cName: 'budget.txt', nLaunch: 2}); "
          f"var f = '{marker}';").encode()
    return _hand_pdf(
        extra_catalog=b"/OpenAction 6 0 R /Names << /JavaScript 7 0 R /EmbeddedFiles 8 0 R >> "
                      b"/AA << /WC 6 0 R >> ",
        extra_objs=[
            b"<< /Type /Action /S /JavaScript /JS (" + js + b") >>",
            b"<< /Names [(auto) 6 0 R] >>",
            b"<< /Names [(budget.txt) 9 0 R] >>",
            b"<< /Type /Filespec /F (budget.txt) /UF (budget.txt) /EF << /F 10 0 R >> >>",
            b"<< /Type /EmbeddedFile /Subtype /text#2Fplain /Filter /FlateDecode /Length %d "
            b"/Params << /Size %d >> >>\nstream\n" % (len(packed), len(attachment))
            + packed + b"\nendstream",
        ])


def test_pdf_javascript_and_attachments_are_ignored(tmp_path):
    from extract.readers.pdf import read_pdf_document
    from flows.parse_worker import parse_one
    from flows.sources import Source

    marker = tmp_path / "js-ran"
    plain, hostile = _hand_pdf(), _hostile_pdf(marker)
    docs = [read_pdf_document(b, "x.pdf", "/x.pdf", hashlib.sha256(b).hexdigest())
            for b in (plain, hostile)]
    assert docs[0].page_count == docs[1].page_count == 1
    assert docs[0].pages_text == docs[1].pages_text
    assert "Budget 2025" in docs[1].pages_text[0]
    assert not docs[1].tables  # the attached disclosure was not read
    # the whole pipeline: both are the same "no disclosure" failure, nothing extracted
    outcomes = [parse_one((Source(str(tmp_path / f"{n}.pdf")), b))
                for n, b in (("plain", plain), ("hostile", hostile))]
    assert outcomes[0].document is None and outcomes[1].document is None
    assert outcomes[0].error == outcomes[1].error
    assert "does not look like" in outcomes[1].error
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written or extracted
