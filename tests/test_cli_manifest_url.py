"""A manifest given by URL (`govbudget ingest https://host/list.csv`) is fetched like any other
source and read as a manifest: its rows' relative URLs resolve against it, its metadata wins, a
row naming a local path is refused (a web page never reads this machine's files), and a manifest
that cannot be fetched is a failed source, recorded. Served on loopback."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import duckdb
import pytest

from flows.sources import expand_sources
from tests.conftest import run_cli, seed_path, sha256_of


@pytest.fixture()
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS", "1")
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    shutil.copy(seed_path("003"), root / "docs" / "tunliu-2024-budget.txt")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_csv_manifest_by_url_expands_to_its_rows(site, tmp_path):
    root, base = site
    (root / "lists").mkdir()
    (root / "lists" / "list.csv").write_text(
        "url,unit_name,fiscal_year,doc_type\n"
        "../docs/tunliu-2024-budget.txt,屯留区司法局（清单）,2024,budget\n"
        f"{base}/docs/other.pdf,,,\n"
        f"{seed_path('001')},,,\n", encoding="utf-8")
    got = expand_sources([base + "/lists/list.csv"])
    assert [s.uri for s in got] == [base + "/docs/tunliu-2024-budget.txt",
                                    base + "/docs/other.pdf",
                                    base + str(seed_path("001"))]  # a path: on the same host
    assert got[0].metadata == {"unit_name": "屯留区司法局（清单）", "fiscal_year": "2024",
                               "doc_type": "budget"}
    assert not any("_error" in s.metadata for s in got)


def test_a_yaml_manifest_by_url_and_rows_that_are_not_web_addresses(site):
    root, base = site
    (root / "list.yaml").write_text(
        "sources:\n  - url: docs/tunliu-2024-budget.txt\n    region_code: '140405'\n"
        "  - url: file:///etc/passwd\n", encoding="utf-8")
    got = expand_sources([base + "/list.yaml"])
    assert got[0].uri == base + "/docs/tunliu-2024-budget.txt"
    assert got[0].metadata == {"region_code": "140405"}
    assert got[1].uri == "file:///etc/passwd" and "refused" in got[1].metadata["_error"]


def test_a_manifest_url_that_cannot_be_fetched_is_a_failed_source(site, monkeypatch):
    _root, base = site
    monkeypatch.setenv("GOVBUDGET_FETCH_RETRIES", "0")
    got = expand_sources([base + "/missing.csv"])
    assert [s.uri for s in got] == [base + "/missing.csv"]
    assert "HTTP 404" in got[0].metadata["_error"]
    monkeypatch.delenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS")
    refused = expand_sources([base + "/missing.csv"])
    assert "private" in refused[0].metadata["_error"]


@pytest.mark.slow
def test_ingest_of_a_manifest_by_url_lands_its_documents_with_its_metadata(site, tmp_path):
    root, base = site
    (root / "list.csv").write_text(
        "url,unit_name\ndocs/tunliu-2024-budget.txt,屯留区司法局（清单）\n", encoding="utf-8")
    wh = tmp_path / "wh" / "gb.duckdb"
    code, out = run_cli(["ingest", base + "/list.csv", "--warehouse", str(wh)])
    assert code == 0, out
    assert "1 landed" in out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute("SELECT s.source_uri, s.status, d.document_id, d.unit_name "
                           "FROM marts.dim_source s JOIN marts.dim_document d USING "
                           "(document_id)").fetchall()
    finally:
        con.close()
    assert rows == [(base + "/docs/tunliu-2024-budget.txt", "landed",
                     sha256_of(seed_path("003")), "屯留区司法局（清单）")]
