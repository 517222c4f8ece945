"""Across documents (expectations/cross_document.py): a final account's quoted budget against that
year's budget document; stated year-on-year changes against last year's document.

Real figures: seed 001 (/work/shared/seeds/001_29bc11f50629710f.txt, 阳泉市司法局 2026年部门预算)
states on line 453 "预算收入总计2,963.41万元…比上年增加7.79万元，增长0.26%" and on line 476
"一般公共预算当年支出2,963.41万元,比上年增加7.79万元,增长0.26%". Seed 002
(002_51f782b7ebafb0ae.txt, 阳城县司法局 2024年部门决算) quotes its budget in 公开09表 (三公, p.17:
预算数 合计 38.99, 公务用车购置及运行维护费 38.64, 购置费 32.68, 运行维护费 5.96, 公务接待费 0.36)
and in its text (lines 487–497: "一般公共预算财政拨款支出年初预算1,088.54万元", "公共安全支出年初预算
816.60万元" …), and states "与上年相比，收入总计减少55.28万元，下降4.4%" (line 445). The other years'
documents are not in shared/: they are built here from the figures the seeds imply (last year =
this year − the stated change), then doctored.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from expectations import cross_document as xd
from expectations import identities as ids
from tests.conftest import run_cli, seed_path
from tests.test_checks import CHECKS_MD, make_items, summary_items

D = Decimal
Y2026 = "29bc11f50629710f" * 4
Y2025 = "25" * 32
FA = "51f782b7ebafb0ae" * 4
BUDGET_2024 = "b4" * 32


def statements(pages, document_id):
    """The text's statements as the warehouse holds them (``marts.fct_text_figure``)."""
    from extract.statements import read_statements

    return [{**asdict(f), "document_id": document_id} for f in read_statements(pages)]


def doc(document_id, unit, year, doc_type):
    return {"document_id": document_id, "unit_name": unit, "fiscal_year": year,
            "doc_type": doc_type, "file_name": f"{document_id[:6]}.txt"}


def with_doc(items, document_id, unit=None):
    out = []
    for it in items:
        it = dict(it, document_id=document_id)
        if unit:
            it["unit_name"] = unit
        out.append(it)
    return ids.normalise(out)


def year_items(document_id, total: str):
    """Seed 001's 表一 收支总表 (p.2) and 表五 一般公共预算支出表's 合计 (p.9), with its totals set to
    ``total`` (2963.41 as printed in 2026)."""
    items = summary_items(document_id)
    for it in items:
        if it["is_total"]:
            it["amount_wan"], it["amount_as_printed"] = D(total), total
    items += make_items(5, "general_budget_expenditure", "一般公共预算支出表", 9,
                        ["total", "basic", "project"],
                        [(None, "合计", True, total, "2538.32", "425.09")], doc=document_id)
    return ids.normalise(items)


PAGES_2026 = [
    "", "### 第三部分 2026年度部门预算情况说明",
    "#### 一、部门预算收支数据变动情况及原因\n"
    "2026年度阳泉市司法局预算收入总计2,963.41万元，其中：本年收入2,963.41万元，上年结转0万元，"
    "比上年增加7.79万元，增长0.26%，主要原因是项目经费增加；本年部门预算支出总计2,963.41万元，"
    "其中：本年预算安排2,963.41万元，上年结转0万元，比上年增加7.79万元，增长0.26%，主要原因是项目经费增加",
    "### 五、一般公共预算支出情况说明\n(一) 一般公共预算当年支出规模变化情况\n"
    "2026年度阳泉市司法局一般公共预算当年支出2,963.41万元,比上年增加7.79万元,增长0.26%。",
]


def yoy(prior_total: str):
    return xd.year_over_year_checks(
        doc(Y2026, "阳泉市司法局", 2026, "budget"), year_items(Y2026, "2963.41"),
        doc(Y2025, "阳泉市司法局", 2025, "budget"), year_items(Y2025, prior_total),
        statements(PAGES_2026, Y2026))


def test_year_over_year_change_holds_against_last_year():
    results = yoy("2955.62")  # 2963.41 − 7.79
    changes = [r for r in results
               if r.check_name == "text_year_over_year_change_equals_prior_document"]
    assert [(r.item_name, r.table_kind, r.page_number) for r in changes] == [
        ("收入总计", "income_expenditure_summary", 3), ("支出总计", "income_expenditure_summary", 3),
        ("合计", "general_budget_expenditure", 4)]
    for r in changes:
        assert (r.status, r.severity, r.document_id) == (ids.PASS, ids.WARNING, Y2026)
        # the stated change, this year's and last year's printed totals: 3 × 0.005
        assert (r.expected, r.actual, r.difference, r.tolerance) == (
            D("7.79"), D("7.79"), D("0"), D("0.015"))
    pcts = [r for r in results if r.check_name == "text_year_over_year_pct_equals_prior_document"]
    assert len(pcts) == 3 and all(r.status == ids.PASS for r in pcts)
    # 7.79 / 2955.62 = 0.2636%, stated 0.26%: within half a unit of the rate (0.005) + rounding
    assert round(pcts[0].expected, 4) == D("0.2636") and pcts[0].actual == D("0.26")


def test_year_over_year_change_doctored_last_year_fails_exactly():
    results = yoy("2955.00")  # last year's document doctored: the change would be 8.41
    changes = [r for r in results
               if r.check_name == "text_year_over_year_change_equals_prior_document"]
    assert len(changes) == 3
    for r in changes:
        assert (r.status, r.expected, r.actual, r.difference, r.tolerance) == (
            ids.FAIL, D("8.41"), D("7.79"), D("-0.62"), D("0.015"))
        assert Y2025[:12] in r.description and "2955.00" in r.description
    pcts = [r for r in results if r.check_name == "text_year_over_year_pct_equals_prior_document"]
    assert all(r.status == ids.FAIL for r in pcts)
    assert round(pcts[0].expected, 4) == D("0.2846")


def test_stated_decrease_is_negative():
    """Seed 002 line 445: "与上年相比，收入总计减少55.28万元，下降4.4%"; its 收入总计 1,199.89."""
    pages = ["第三部分 情况说明\n一、收入支出决算总体情况说明\n"
             "2024年度收入总计1,199.89万元，支出总计1,199.89万元。与上年相比，收入总计减少55.28万元，"
             "下降4.4%，支出总计减少55.28万元，下降4.4%。主要原因是基本收入较上年减少48.09万元"]

    def items(document_id, total):
        rows = []
        for side in ("income", "expenditure"):
            rows.append(dict(document_id=document_id, table_id=1,
                             table_kind="income_expenditure_summary", table_title="收入支出决算总表",
                             page_number=4, row_number=33, side=side, unit_name="阳城县司法局",
                             subject_code=None, economic_code=None, item_name="总计",
                             is_total=True, measure="total", amount_wan=D(total),
                             unit_as_printed="万元", decimals=2, amount_as_printed=total,
                             col_number=1))
        return ids.normalise(rows)

    fa23 = "23" * 32
    for prior, status in (("1255.17", ids.PASS), ("1255.37", ids.FAIL)):
        results = xd.year_over_year_checks(
            doc(FA, "阳城县司法局", 2024, "final_account"), items(FA, "1199.89"),
            doc(fa23, "阳城县司法局", 2023, "final_account"), items(fa23, prior),
            statements(pages, FA))
        changes = [r for r in results
                   if r.check_name == "text_year_over_year_change_equals_prior_document"]
        assert [r.item_name for r in changes] == ["总计", "总计"]  # 收入总计, 支出总计
        assert all(r.actual == D("-55.28") and r.status == status for r in changes)
        # "基本收入较上年减少48.09万元" is a reason, not a figure of the tables: not checked
        assert all("48.09" not in r.description for r in results)
    r = changes[0]
    assert (r.expected, r.difference, r.tolerance) == (D("-55.48"), D("0.20"), D("0.015"))


# ----------------------------------------------------------------------------- budget quotes

FA_PAGES = [
    "第三部分 情况说明",
    "五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
    "2024年度一般公共预算财政拨款支出年初预算1,088.54万元，支出决算1,199.89万元，完成年初预算的110.23%。其中：\n"
    "一般公共服务支出年初预算67.32万元，支出决算67.32万元，完成年初预算的100.00%。\n"
    "公共安全支出年初预算816.60万元，支出决算927.95万元，完成年初预算的113.64%。\n",
]

# seed 002 公开09表 (p.17): items as columns, 预算数 and 决算数
FA_THREE_PUBLIC = [("合计", "38.99"), ("公务用车购置及运行维护费", "38.64"), ("公务用车购置费", "32.68"),
                   ("公务用车运行维护费", "5.96"), ("公务接待费", "0.36")]


def fa_items():
    out = []
    for col, (name, text) in enumerate(FA_THREE_PUBLIC, start=1):
        for measure in ("budget", "final"):
            out.append(dict(document_id=FA, table_id=9, table_kind="three_public",
                            table_title="财政拨款“三公”经费支出决算表", page_number=17, row_number=4,
                            side=None, unit_name="阳城县司法局", subject_code=None,
                            economic_code=None, item_name=name, is_total=name == "合计",
                            measure=measure, amount_wan=D(text), unit_as_printed="万元",
                            decimals=2, amount_as_printed=text, col_number=col))
    # 公开05表 一般公共预算财政拨款支出决算表 (p.11): 合计 and two 类 lines
    out += make_items(5, "general_budget_expenditure", "一般公共预算财政拨款支出决算表", 11,
                      ["total"], [(None, "合计", True, "1199.89"),
                                  ("201", "一般公共服务支出", False, "67.32"),
                                  ("204", "公共安全支出", False, "927.95")], doc=FA)
    return ids.normalise(out)


def budget_items(reception="0.36", security="816.60"):
    """That year's budget document (not in shared/): what seed 002 says it printed."""
    rows = [(None, "合计", True, "38.99", "38.99"), (None, "公务接待费", False, reception, reception),
            (None, "公务用车购置及运行费", False, "38.64", "38.64"),
            (None, "①公务用车购置费", False, "32.68", "32.68"),
            (None, "②公务用车运行维护费", False, "5.96", "5.96")]
    items = make_items(10, "three_public", "2024年财政拨款安排“三公”经费支出预算表", 13,
                       ["total", "general_budget"], rows, doc=BUDGET_2024)
    items += make_items(5, "general_budget_expenditure", "2024年一般公共预算支出预算表", 9,
                        ["total"], [(None, "合计", True, "1088.54"),
                                    ("201", "一般公共服务支出", False, "67.32"),
                                    ("204", "公共安全支出", False, security)], doc=BUDGET_2024)
    return with_doc(items, BUDGET_2024, "阳城县司法局")


def quotes(**doctor):
    return xd.budget_quote_checks(doc(FA, "阳城县司法局", 2024, "final_account"), fa_items(),
                                  doc(BUDGET_2024, "阳城县司法局", 2024, "budget"),
                                  budget_items(**doctor), statements(FA_PAGES, FA))


def test_final_account_quotes_match_the_budget_document():
    results = quotes()
    tp = [r for r in results
          if r.check_name == "final_account_three_public_budget_equals_budget_document"]
    assert sorted(r.item_name for r in tp) == sorted(n for n, _ in FA_THREE_PUBLIC)
    assert all(r.status == ids.PASS and r.page_number == 17 and r.tolerance == D("0.010")
               for r in tp)
    text = [(r.item_name, r.page_number, r.expected, r.actual, r.status) for r in results
            if r.check_name == "final_account_stated_budget_equals_budget_document"]
    assert text == [("合计", 2, D("1088.54"), D("1088.54"), ids.PASS),
                    ("一般公共服务支出", 2, D("67.32"), D("67.32"), ids.PASS),
                    ("公共安全支出", 2, D("816.60"), D("816.60"), ids.PASS)]


def test_final_account_quote_against_doctored_budget_fails_exactly():
    results = quotes(reception="0.50", security="816.80")
    failed = [(r.check_name, r.item_name, r.page_number, r.expected, r.actual, r.difference,
               r.tolerance) for r in results if r.status == ids.FAIL]
    assert failed == [
        ("final_account_three_public_budget_equals_budget_document", "公务接待费", 17, D("0.50"),
         D("0.36"), D("-0.14"), D("0.010")),
        ("final_account_stated_budget_equals_budget_document", "公共安全支出", 2, D("816.80"),
         D("816.60"), D("-0.20"), D("0.010")),
    ]
    assert all(BUDGET_2024[:12] in r.description for r in results if r.status == ids.FAIL)


def test_checks_md_documents_cross_document_check_names():
    text = CHECKS_MD.read_text(encoding="utf-8")
    for name in xd.DESCRIPTIONS:
        assert f"`{name}`" in text, name


# ----------------------------------------------------------------------------- end to end

def _prior_copy(path: Path, total: str) -> Path:
    """Seed 001 as last year's document: its 2963.41 totals replaced by ``total`` (the tables of
    the copy do not reconcile, which does not matter here)."""
    text = seed_path("001").read_text(encoding="utf-8")
    path.write_text(text.replace("2,963.41", f"{total[:1]},{total[1:]}")
                    .replace("2963.41", total), encoding="utf-8")
    return path


@pytest.mark.slow
def test_ingest_checks_year_over_year_against_last_years_document(tmp_path):
    """`govbudget ingest` seed 001 (2026) and a copy as 2025 (manifest); then last year's
    document is replaced by a doctored one: seed 001 is re-checked and now fails."""
    wh = tmp_path / "wh.duckdb"
    prior = _prior_copy(tmp_path / "prior.txt", "2955.62")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"url,fiscal_year\n{prior},2025\n", encoding="utf-8")
    code, out = run_cli(["ingest", str(seed_path("001")), str(manifest), "--warehouse", str(wh)])
    assert code == 0, out
    sql = ("SELECT status, page_number, expected, actual, difference, tolerance "
           "FROM dq.latest_check_results WHERE check_name = "
           "'text_year_over_year_change_equals_prior_document' AND item_name = '收入总计' "
           "AND document_id = (SELECT document_id FROM marts.dim_document WHERE fiscal_year = 2026)")
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute(sql).fetchall() == [
            ("pass", 17, D("7.79"), D("7.79"), D("0"), D("0.015"))]
    finally:
        con.close()
    _prior_copy(prior, "2955.00")
    code, out = run_cli(["ingest", str(manifest), "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute(sql).fetchall() == [
            ("fail", 17, D("8.41"), D("7.79"), D("-0.62"), D("0.015"))]
    finally:
        con.close()


# ----------------------------------------------------------------------------- real documents

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "jiangsu-province"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
@pytest.mark.slow
def test_jiangsu_procuratorate_three_years(tmp_path):
    """江苏省人民检察院 budgets 2017–2019 (shared/corpus/jiangsu-province): each year's text states
    its changes on the year before, now checked against the year before's document.

    Two genuine findings in the published documents:
    - 2018, p.28: "一般公共预算财政拨款支出预算21,940.96万元，与上年相比增加3,958.98万元" implies
      17,981.98 last year, but the 2017 document prints 17,981.68 (its 公开07表 p.14 and its text
      p.21: "一般公共预算财政拨款支出预算17981.68万元"): 0.30 apart.
    - 2019, p.29: "增加2228.78万元，增长10.15%": 2228.78 / 21940.96 = 10.158%, which rounds to
      10.16% (the document truncated).
    The 机关运行经费 changes (2018 p.29 "减少3,309.98万元，降幅54.9%", 2019 p.31 "减少330.65万元，
    减少12.14%") hold."""
    files = [str(CORPUS / f"procuratorate-{y}-budget.pdf") for y in (2017, 2018, 2019)]
    wh = tmp_path / "wh.duckdb"
    code, out = run_cli(["ingest", *files, "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute(
            "SELECT d.fiscal_year, c.check_name, c.status, c.table_kind, c.page_number, "
            "c.expected, c.actual, c.tolerance FROM dq.latest_check_results c "
            "JOIN marts.dim_document d USING (document_id) "
            "WHERE c.check_name LIKE 'text_year_over_year_%' ORDER BY 1, 5, 2").fetchall()
    finally:
        con.close()
    change, pct = ("text_year_over_year_change_equals_prior_document",
                   "text_year_over_year_pct_equals_prior_document")
    got = {(y, name, kind, page): (status, exp, act, tol)
           for y, name, status, kind, page, exp, act, tol in rows}
    assert got[(2018, change, "general_budget_expenditure", 28)] == (
        "fail", D("3959.28"), D("3958.98"), D("0.015"))
    assert got[(2018, change, "operating_cost", 29)] == (
        "pass", D("-3309.98"), D("-3309.98"), D("0.015"))
    assert got[(2018, pct, "operating_cost", 29)][0] == "pass"
    assert got[(2019, change, "general_budget_expenditure", 29)] == (
        "pass", D("2228.78"), D("2228.78"), D("0.015"))
    status, exp, act, _tol = got[(2019, pct, "general_budget_expenditure", 29)]
    assert status == "fail" and act == D("10.15") and round(exp, 3) == D("10.158")
    assert got[(2019, change, "operating_cost", 31)][0] == "pass"
    assert got[(2019, pct, "operating_cost", 31)][0] == "pass"
    # 2019 p26 "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22 %": the change
    # holds against 2018's 5,573 (p15), the rate is 基本支出's of the sentence before (−22.21 %)
    p26 = {(name, status, act, round(exp, 2)) for y, name, status, kind, page, exp, act, _tol
           in rows if (y, page, kind) == (2019, 26, "expenditure_summary")}
    assert (change, "pass", D("-1237.7"), D("-1237.70")) in p26
    assert (pct, "fail", D("-13.22"), D("-22.21")) in p26
    # money of no line the tables print ("单位预留机动经费…与上年相比增加1602.36万元", 2019 p26;
    # 2018 p25 "…增加2,247.84万元") is not compared with 项目支出
    assert not [r for r in rows if r[6] in (D("1602.36"), D("2247.84"))]
    # the first year has no year before in the warehouse: nothing to compare
    assert not [k for k in got if k[0] == 2017]
