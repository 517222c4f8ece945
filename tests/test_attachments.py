"""A disclosure page's attachments (flows/attachments.py): which links are followed, and an
attachment that does not name its unit takes it from the page it is attached to."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from flows.attachments import attachment_sources, attachment_uris, registered_domain, same_site
from flows.fetch import RawStore
from flows.parse_worker import parse_one
from flows.sources import Source
from tests.conftest import seed_path

PAGE = "http://www.km.gov.cn/zfxxgk/ys/2026/index.html"


def _page(*hrefs: str) -> bytes:
    links = "".join(f"<p><a href='{h}'>附件{i}</a></p>" for i, h in enumerate(hrefs))
    return f"<html><meta charset='utf-8'><body><h1>2026年部门预算</h1>{links}</body></html>".encode()


def test_registered_domain_of_a_government_host_is_three_labels():
    assert registered_domain("www.km.gov.cn") == "km.gov.cn"
    assert registered_domain("file.km.gov.cn") == "km.gov.cn"
    assert registered_domain("www.example.com") == "example.com"
    assert same_site("www.km.gov.cn", "file.km.gov.cn")
    assert not same_site("www.km.gov.cn", "www.yn.gov.cn")  # another government: not followed
    assert same_site("www.km.gov.cn", "cdn.example.com", allowed=["cdn.example.com"])


def test_only_spreadsheets_and_pdfs_on_the_pages_site_are_attachments():
    page = _page("附件1.xls", "../tables/收支总表.XLSX", "http://file.km.gov.cn/a/说明.pdf",
                 "http://evil.example/a.xls", "javascript:void(0)", "next.html", "photo.jpg",
                 "附件1.xls", "mailto:x@km.gov.cn", "ftp://www.km.gov.cn/a.pdf")
    assert attachment_uris(page, PAGE) == [
        "http://www.km.gov.cn/zfxxgk/ys/2026/附件1.xls",
        "http://www.km.gov.cn/zfxxgk/ys/tables/收支总表.XLSX",
        "http://file.km.gov.cn/a/说明.pdf"]


def test_a_local_page_links_the_files_beside_it(tmp_path):
    (tmp_path / "tables.xlsx").write_bytes(b"PK")
    page = tmp_path / "page.html"
    page.write_bytes(_page("tables.xlsx", "missing.xls", "http://www.km.gov.cn/a.pdf"))
    assert attachment_uris(page.read_bytes(), str(page)) == [str(tmp_path / "tables.xlsx")]


def test_attachments_carry_the_page_and_its_manifest_fields_once_each():
    given = {"http://www.km.gov.cn/zfxxgk/ys/2026/a.xls"}
    src = Source(PAGE, {"unit_name": "昆明市审计局", "kind": "listing", "fiscal_year": ""})
    found = attachment_sources(src, _page("a.xls", "b.xlsx", "b.xlsx"), given)
    assert [(s.uri, s.metadata) for s in found] == [
        ("http://www.km.gov.cn/zfxxgk/ys/2026/b.xlsx",
         {"unit_name": "昆明市审计局", "parent_source_uri": PAGE})]


def test_an_attachment_without_its_unit_takes_it_from_its_page(tmp_path):
    # seed 001 (阳泉市司法局 2026 budget) is the page; the same tables with every mention of the
    # unit taken out are the attachment: it lands under the page's unit, and says so
    store = RawStore(tmp_path / "raw_store")
    page_bytes = seed_path("001").read_bytes()
    tables = page_bytes.decode("utf-8").replace("阳泉市司法局", "").encode("utf-8")
    page_sha, tables_sha = store.put(page_bytes), store.put(tables)
    src = Source("/portal/2026/tables.txt", {"parent_source_uri": "/portal/2026/page.txt",
                                             "parent_sha256": page_sha})
    parsed = parse_one((src, store.path_of(tables_sha)))
    assert parsed.error is None, parsed.error
    doc = parsed.document
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == ("阳泉市司法局", 2026, "budget")
    assert doc.region_code == "140300"  # 阳泉市, found from the inherited unit
    assert "taken from the disclosure page it is attached to: ['unit_name']" in doc.warnings
    # without the page, the same bytes name no unit
    alone = parse_one((Source("/portal/2026/tables.txt"), store.path_of(tables_sha)))
    assert alone.document.unit_name is None
    assert hashlib.sha256(tables).hexdigest() == alone.document_id


@pytest.mark.slow
def test_a_web_page_and_its_workbook_land_as_one_disclosure(tmp_path, monkeypatch):
    """Kunming's real disclosure page, served with its linked tables as a workbook that names no
    unit (the sample budget's tables, generated): both land; the workbook's source names the
    page, and the workbook lands under the page's unit."""
    import dataclasses

    import duckdb

    from tests.conftest import run_cli
    from tests.test_fetching import Portal
    from tests.workbooks import budget_tables, sheet_of, workbook_bytes

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    page = (corpus / "yunnan" / "kunming-audit-bureau-2026-budget.html").read_bytes()
    # the page links its tables as /upload/resources/file/2026/02/12/4174854.xlsx (not kept in
    # the corpus): the portal serves a workbook there
    attachment = "/upload/resources/file/2026/02/12/4174854.xlsx"
    tables = budget_tables()
    sheets = [sheet_of(f"表{k + 1}", dataclasses.replace(tables[kind], who=""))
              for k, kind in enumerate(["income_expenditure_summary", "general_budget_expenditure"])]
    monkeypatch.setenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("GOVBUDGET_HOST_INTERVAL", "0")
    portal = Portal()
    try:
        portal.routes.update({
            "/ys/2026/index.html": {"body": page, "type": "text/html; charset=utf-8"},
            attachment: {"body": workbook_bytes("xlsx", sheets),
                                 "type": "application/vnd.openxmlformats-officedocument."
                                         "spreadsheetml.sheet"},
        })
        wh = tmp_path / "wh" / "govbudget.duckdb"
        code, out = run_cli(["ingest", portal.url("/ys/2026/index.html"), "--warehouse", str(wh)])
    finally:
        portal.close()
    assert code == 0, out
    assert "sources:   2 (2 landed" in out, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute(
            "SELECT s.source_uri, s.parent_source_uri, d.format, d.unit_name FROM marts.dim_source s "
            "JOIN marts.dim_document d USING (document_id) ORDER BY d.format").fetchall()
        warnings = con.execute("SELECT warnings_json FROM raw.documents WHERE format = 'xlsx'"
                               ).fetchone()[0]
    finally:
        con.close()
    page_url = portal.url("/ys/2026/index.html")
    assert rows == [(page_url, None, "html", "昆明市审计局"),
                    (portal.url(attachment), page_url, "xlsx", "昆明市审计局")]
    assert "taken from the disclosure page it is attached to" in warnings
