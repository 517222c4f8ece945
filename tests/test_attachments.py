"""A disclosure page's attachments (flows/attachments.py): which links are followed, and an
attachment that does not name its unit takes it from the page it is attached to."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
