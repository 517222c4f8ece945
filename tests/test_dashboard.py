"""The data-quality dashboard (flows/dashboard/), built by `govbudget ingest` from a doctored seed.

Seed 001 (/work/shared/seeds/001_29bc11f50629710f.txt) line 161, 表二 2026年预算收入总表 (p.4):
"204	公共安全支出	2224.91	2224.91" — the copy prints 2224.81 as the 合计. The checks must show
`class_equals_sum_of_sections` failing on page 4 for 204 (2224.81 against Σ 款 2224.91), and the
dashboard must show it under that document, reached from the units-and-years grid. A source that
cannot be parsed is listed. When Debian's chromium is installed, the page is opened headless at the
document's anchor: the drill-down must be open in the rendered DOM, and a screenshot is kept
(`dashboard.png` beside the warehouse; its path is printed).

Beside them lands Putuo's unit budget
(corpus/shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf), whose 支出总表 (p11) prints
行政运行 2040601 with 合计 14,348,853.34 = 基本支出 14,348,853.34 but 项目支出 64,840,547.00 (the
款's figure): row_total_equals_basic_plus_project fails on p11 and p14. Driven
over the DevTools protocol (tests/chromium_cdp.py) with networking cut, the page must load with no
console error and no request outside the file system, its filters (from the URL and from the
controls) hide the other documents, the drill-down opens with the rendered page image and the
row's box, and screenshots are written to the test's tmp directory. The same warehouse gives the
same bytes. Great Expectations' Data Docs of the run load no CDN and are styled.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from flows.dashboard import anchor_of
from tests.conftest import CORPUS, run_cli, seed_path, sha256_of

pytestmark = pytest.mark.slow

PUTUO_UNIT = CORPUS / "shanghai-putuo" / "putuo-justice-bureau-unit-2026-budget.pdf"


def _doctored_seed(path):
    lines = seed_path("001").read_text(encoding="utf-8").split("\n")
    assert lines[160] == "204\t公共安全支出\t2224.91\t2224.91\t\t\t\t\t", lines[160]
    lines[160] = "204\t公共安全支出\t2224.81\t2224.91\t\t\t\t\t"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class _Rows(HTMLParser):
    """failing-check rows (data-check, data-page, cell texts) per document section; the Chinese
    labels printed beside codes (``small.zh``) are collected apart, per row."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.rows: list[tuple] = []
        self.labels: list[list] = []
        self._row = None
        self._cell = None
        self._zh = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "small" and "zh" in (a.get("class") or "") and self._row is not None:
            self._zh = ""
        elif tag == "details":
            self.section = a.get("data-document-id")
        elif tag == "tr" and "failing-check" in (a.get("class") or ""):
            self._row = [self.section, a.get("data-check"), a.get("data-page"), [], []]
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "small" and self._zh is not None:
            self._row[4].append(self._zh)
            self._zh = None
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row[3].append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(tuple(self._row[:3]) + (tuple(self._row[3]),))
            self.labels.append(self._row[4])
            self._row = None
        elif tag == "details":
            self.section = None

    def handle_data(self, data):
        if self._zh is not None:
            self._zh += data
        elif self._cell is not None:
            self._cell += data


@pytest.fixture(scope="module")
def doctored_dashboard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dashboard")
    doctored = _doctored_seed(tmp / "001-doctored.txt")
    broken = tmp / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    wh = tmp / "wh" / "govbudget.duckdb"
    code, out = run_cli(["ingest", str(doctored), str(broken), str(PUTUO_UNIT),
                         "--warehouse", str(wh)])
    assert code == 1, out  # one source could not be parsed; the other landed
    page = wh.parent / "dashboard.html"
    assert page.exists(), out
    return {"html": page, "doc": sha256_of(doctored), "dir": wh.parent, "wh": wh,
            "pdf": sha256_of(PUTUO_UNIT)}


def test_dashboard_shows_the_failing_check_and_its_page(doctored_dashboard):
    text = doctored_dashboard["html"].read_text(encoding="utf-8")
    doc = doctored_dashboard["doc"]
    parser = _Rows()
    parser.feed(text)
    mine = [r for r in parser.rows if r[0] == doc]
    # check, severity, table, page, code, row, expected, actual, difference, tolerance, what
    cls = [r[3] for r in mine if r[1] == "class_equals_sum_of_sections"]
    zh = [lab for r, lab in zip(parser.rows, parser.labels, strict=False)
          if r[0] == doc and r[1] == "class_equals_sum_of_sections"]
    assert zh == [["错误", "收入总表", "合计"]]  # severity, table_kind and measure in Chinese
    assert cls == [("class_equals_sum_of_sections", "error", "income_summary", "4", "204",
                    "公共安全支出", "2224.810000", "2224.910000", "0.100000", "0.015000",
                    "类 = Σ its 款 (5-digit subject codes), per amount column [measure total]")]
    assert {(r[1], r[2]) for r in mine if r[3][1] == "error"} == {
        ("class_equals_sum_of_sections", "4"), ("table_total_equals_sum_of_classes", "4"),
        ("row_total_equals_sum_of_sources", "4")}
    # the grid: 阳泉市司法局 2026, the document marked as not reconciling, linked to its section
    grid = text.split("<table id='units'>", 1)[1].split("</table>", 1)[0]
    assert "阳泉市司法局" in grid and "2026" in grid
    assert re.search(rf"href='#{anchor_of(doc)}'[^>]*>[^<]*does not reconcile", grid)
    assert f"<details class='document' id='{anchor_of(doc)}'" in text
    # evidence for a text source: the page's text, the row's line marked, and a link to the source
    section = text.split(f"<details class='document' id='{anchor_of(doc)}'", 1)[1]
    section = section.split("</details>", 1)[0]
    figure = re.search(r"<figure class='evidence'[^>]*data-check='class_equals_sum_of_sections'"
                       r"[^>]*data-page='4' data-kind='text'>(.*?)</figure>", section, re.S)
    assert figure, section[:3000]
    assert re.search(r"<mark>204\s+公共安全支出\s+2224.81", figure.group(1)), figure.group(1)
    assert "class='source' href='file://" in figure.group(1)
    # the source that could not be parsed
    failed = text.split("<table id='failed-sources'>", 1)[1]
    assert "broken.pdf" in failed


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_dashboard_drill_down_in_headless_chromium(doctored_dashboard):
    doc = doctored_dashboard["doc"]
    url = doctored_dashboard["html"].resolve().as_uri() + "#" + anchor_of(doc)
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1400,1000"]
    dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True,
                         timeout=120).stdout
    # the anchor's script opened the document's drill-down
    opened = re.search(rf"<details[^>]*id=\"{anchor_of(doc)}\"[^>]*>", dom)
    assert opened and " open" in opened.group(0), dom[:2000]
    section = dom[opened.end():].split("</details>", 1)[0]
    assert 'data-check="class_equals_sum_of_sections"' in section
    assert re.search(r'data-check="class_equals_sum_of_sections" data-page="4"', section)
    shot = doctored_dashboard["dir"] / "dashboard.png"
    subprocess.run(flags + [f"--screenshot={shot}", url], capture_output=True, timeout=120)
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"dashboard screenshot: {shot}")


def _not_blank(png) -> int:
    from PIL import Image

    with Image.open(png) as im:
        return len(im.convert("RGB").resize((200, 200)).getcolors(40000) or [])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_dashboard_offline_filters_and_evidence_in_chromium(doctored_dashboard):
    from urllib.parse import quote

    from tests.chromium_cdp import Browser

    d = doctored_dashboard
    pdf = d["pdf"]
    text = d["html"].read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    base = d["html"].resolve().as_uri()
    with Browser() as b:
        # the URL's filter and anchor: Putuo's justice bureau only, its unit budget's drill-down open
        b.load(f"{base}?unit={quote('上海市普陀区司法局')}#{anchor_of(pdf)}")
        assert b.errors() == []
        assert [u for u in b.requests() if not u.startswith("file://")] == []
        state = b.eval("""(() => {
          const rows = [...document.querySelectorAll('#documents tr[data-document-id]')];
          const det = document.getElementById('%s');
          const figs = [...det.querySelectorAll('figure.evidence[data-kind=image]')];
          return {unit: document.getElementById('f-unit').value,
                  count: document.getElementById('filter-count').textContent,
                  visible: rows.filter(r => !r.classList.contains('hidden')).map(r => r.dataset.documentId),
                  hidden: rows.filter(r => r.classList.contains('hidden')).length,
                  open: det.open,
                  figs: figs.map(f => [f.dataset.check, f.dataset.page, f.hasAttribute('data-box'),
                                       !!f.querySelector('.hl')]),
                  img: figs.length ? figs[0].querySelector('img').src : null,
                  charts: document.querySelectorAll('#charts svg.chart').length,
                  bars: document.querySelectorAll('#charts svg.chart rect').length};
        })()""" % anchor_of(pdf))
        assert state["unit"] == "上海市普陀区司法局" and state["open"], state
        assert state["visible"] == [pdf] and state["hidden"] >= 1, state
        assert state["count"].startswith("1 / "), state
        assert ["row_total_equals_basic_plus_project", "11", True, True] in state["figs"], state
        assert state["img"].endswith(f"dashboard_pages/{pdf[:16]}-p11.png"), state
        assert state["charts"] >= 7 and state["bars"] > 5, state
        loaded = b.eval("""(async () => {
          const imgs = [...document.querySelectorAll('#%s figure img')];
          for (const i of imgs) {  // lazy images load when scrolled to
            i.scrollIntoView();
            if (!i.complete) await new Promise(r => { i.onload = r; i.onerror = r;
                                                       setTimeout(r, 5000); });
          }
          document.querySelector('#%s figure.evidence').scrollIntoView();
          return imgs.length > 0 && imgs.every(i => i.naturalWidth > 500);
        })()""" % (anchor_of(pdf), anchor_of(pdf)))
        assert loaded
        b._pump(None, 0.3)
        shot = b.screenshot(d["dir"] / "dashboard-evidence.png")
        assert _not_blank(shot) > 20
        # the controls: status 'does not reconcile' and a search, then reset
        b.load(base)
        assert b.errors() == []
        counts = b.eval("""(() => {
          const n = () => [...document.querySelectorAll('#documents tr[data-document-id]')]
                          .filter(r => !r.classList.contains('hidden')).length;
          const all = n();
          const s = document.getElementById('f-status');
          s.value = 'does_not_reconcile'; s.dispatchEvent(new Event('change'));
          const failing = n();
          const url = location.search;
          document.getElementById('f-reset').click();
          const q = document.getElementById('f-q');
          q.value = '阳泉'; q.dispatchEvent(new Event('input'));
          const searched = n();
          const opened = [...document.querySelectorAll('details.document')]
                          .filter(x => !x.classList.contains('hidden')).length;
          return [all, failing, url, searched, opened];
        })()""")
        # two landed documents (both fail a check) and the PDF that could not be parsed
        assert counts[0] == 3 and counts[1] == 2, counts
        assert "status=does_not_reconcile" in counts[2], counts
        assert counts[3] == 1 and counts[4] == 1, counts
        b.eval("document.getElementById('f-reset').click(); window.scrollTo(0, 0)")
        shot = b.screenshot(d["dir"] / "dashboard-overview.png", full_page=True)
        assert _not_blank(shot) > 20
    print(f"dashboard screenshots: {d['dir'] / 'dashboard-overview.png'}, "
          f"{d['dir'] / 'dashboard-evidence.png'}")


def test_dashboard_is_deterministic_and_quick(doctored_dashboard):
    import time

    import duckdb

    from flows.dashboard import build_dashboard

    d = doctored_dashboard
    con = duckdb.connect(str(d["wh"]), read_only=True)
    try:
        started = time.perf_counter()
        again = build_dashboard(con, d["dir"] / "dashboard-again.html")
        took = time.perf_counter() - started
    finally:
        con.close()
    assert again.read_bytes() == d["html"].read_bytes()
    assert took < 10, took
    pages = sorted(p.name for p in (d["dir"] / "dashboard_pages").iterdir())
    assert pages == [f"{d['pdf'][:16]}-p11.png", f"{d['pdf'][:16]}-p14.png"], pages
    print(f"dashboard rebuilt in {took:.2f} s")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_data_docs_render_offline_in_chromium(doctored_dashboard):
    from tests.chromium_cdp import Browser

    docs = doctored_dashboard["dir"] / "data_docs"
    pages = sorted(docs.rglob("*.html"))
    assert (docs / "index.html") in pages and len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link|img)\b[^>]*(?:src|href)=[\"']https?://", text), page
        assert "govbudget_offline.js" in text and "govbudget_offline.css" in text, page
    validation = next(p for p in pages if "validations" in p.parts)
    with Browser() as b:
        for page, name in ((docs / "index.html", "data-docs-index.png"),
                           (validation, "data-docs-validation.png")):
            b.load(page.resolve().as_uri())
            assert b.errors() == [], (page, b.errors())
            assert [u for u in b.requests() if not u.startswith("file://")] == [], page
            styled = b.eval("""(() => {
              const t = document.querySelector('table.table, table');
              const td = t.querySelector('td, th');
              return {collapse: getComputedStyle(t).borderCollapse,
                      pad: parseFloat(getComputedStyle(td).paddingLeft),
                      flex: getComputedStyle(document.querySelector('.row')).display,
                      rows: document.querySelectorAll('table tbody tr').length,
                      hiddenTabs: [...document.querySelectorAll('.tab-pane')]
                                  .filter(p => getComputedStyle(p).display === 'none').length};
            })()""")
            assert styled["collapse"] == "collapse" and styled["pad"] > 0, styled
            assert styled["flex"] == "flex" and styled["rows"] >= 1, styled
            if page.name == "index.html":  # bootstrap-table's JSON rows, built by the local script
                assert styled["hiddenTabs"] == 1, styled
                assert b.eval("document.querySelector('tr.clickable-row[data-href]') !== null")
            shot = b.screenshot(doctored_dashboard["dir"] / name)
            assert _not_blank(shot) > 20
    print(f"data docs screenshots in {doctored_dashboard['dir']}")
