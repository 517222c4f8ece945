"""The data-quality dashboard (flows/dashboard.py), built by `govbudget ingest` from a doctored seed.

Seed 001 (/work/shared/seeds/001_29bc11f50629710f.txt) line 161, 表二 2026年预算收入总表 (p.4):
"204	公共安全支出	2224.91	2224.91" — the copy prints 2224.81 as the 合计. The checks must show
`class_equals_sum_of_sections` failing on page 4 for 204 (2224.81 against Σ 款 2224.91), and the
dashboard must show it under that document, reached from the units-and-years grid. A source that
cannot be parsed is listed. When Debian's chromium is installed, the page is opened headless at the
document's anchor: the drill-down must be open in the rendered DOM, and a screenshot is kept
(`dashboard.png` beside the warehouse; its path is printed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from flows.dashboard import anchor_of
from tests.conftest import run_cli, seed_path, sha256_of


def _doctored_seed(path):
    lines = seed_path("001").read_text(encoding="utf-8").split("\n")
    assert lines[160] == "204\t公共安全支出\t2224.91\t2224.91\t\t\t\t\t", lines[160]
    lines[160] = "204\t公共安全支出\t2224.81\t2224.91\t\t\t\t\t"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class _Rows(HTMLParser):
    """failing-check rows (data-check, data-page, cell texts) per document section."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.rows: list[tuple] = []
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details":
            self.section = a.get("data-document-id")
        elif tag == "tr" and "failing-check" in (a.get("class") or ""):
            self._row = [self.section, a.get("data-check"), a.get("data-page"), []]
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row[3].append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(tuple(self._row[:3]) + (tuple(self._row[3]),))
            self._row = None
        elif tag == "details":
            self.section = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.fixture(scope="module")
def doctored_dashboard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dashboard")
    doctored = _doctored_seed(tmp / "001-doctored.txt")
    broken = tmp / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    wh = tmp / "wh" / "govbudget.duckdb"
    code, out = run_cli(["ingest", str(doctored), str(broken), "--warehouse", str(wh)])
    assert code == 1, out  # one source could not be parsed; the other landed
    page = wh.parent / "dashboard.html"
    assert page.exists(), out
    return {"html": page, "doc": sha256_of(doctored), "dir": wh.parent}


def test_dashboard_shows_the_failing_check_and_its_page(doctored_dashboard):
    text = doctored_dashboard["html"].read_text(encoding="utf-8")
    doc = doctored_dashboard["doc"]
    parser = _Rows()
    parser.feed(text)
    mine = [r for r in parser.rows if r[0] == doc]
    # check, severity, table, page, code, row, expected, actual, difference, tolerance, what
    cls = [r[3] for r in mine if r[1] == "class_equals_sum_of_sections"]
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
