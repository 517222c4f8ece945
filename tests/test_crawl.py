"""Listing pages on a loopback server: documents found over paging, other hosts ignored,
private addresses refused unless allowed."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from flows.crawl import classify_links, crawl, links_of
from flows.sources import Source, SourceError, fetch
from tests.conftest import seed_path


@pytest.fixture()
def portal(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS", "1")
    shutil.copy(seed_path("002"), tmp_path / "yangcheng-2024-final.txt")
    shutil.copy(seed_path("003"), tmp_path / "tunliu-2024-budget.txt")
    (tmp_path / "index.html").write_text(
        "<html><head><meta charset='utf-8'></head><body>"
        "<a href='yangcheng-2024-final.txt'>阳城县司法局2024年部门决算</a>"
        "<a href='http://other.example.org/x.pdf'>elsewhere</a>"
        "<a href='javascript:void(0)'>js</a>"
        "<a href='index_2.html'>下一页</a></body></html>", encoding="utf-8")
    (tmp_path / "index_2.html").write_text(
        "<html><body><a href='/tunliu-2024-budget.txt'>屯留区司法局2024年部门预算</a>"
        "<a href='index.html'>上一页</a></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_links_are_classified_into_documents_and_next_pages():
    links = links_of("<a href='a/b.pdf'>x</a><a href='list_2.html'>下一页</a>"
                     "<a href='http://evil.example/c.pdf'>c</a>", "http://portal.gov.cn/list.html")
    docs, pages = classify_links(links, {"portal.gov.cn"}, None)
    assert docs == ["http://portal.gov.cn/a/b.pdf"]
    assert pages == ["http://portal.gov.cn/list_2.html"]


def test_crawl_follows_paging_to_every_document(portal):
    found = crawl(portal + "/index.html", [], None)
    assert [s.uri for s in found] == [portal + "/yangcheng-2024-final.txt",
                                      portal + "/tunliu-2024-budget.txt"]


def test_link_pattern_limits_documents(portal):
    found = crawl(portal + "/index.html", [], r"tunliu")
    assert [s.uri for s in found] == [portal + "/tunliu-2024-budget.txt"]


def test_loopback_is_refused_without_permission(portal, monkeypatch):
    monkeypatch.delenv("GOVBUDGET_ALLOW_PRIVATE_NETWORKS")
    with pytest.raises(SourceError, match="private"):
        fetch(Source(portal + "/index.html"))


def test_http_404_is_a_clear_error(portal):
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch(Source(portal + "/missing.pdf"))
