"""万元 printed to six decimals (some provinces print 29,569.515638万元: the 元 cent exactly).

No corpus document prints them, so the fixture is a text conversion of a 一般公共预算支出表 in
that style. Every amount must land exact, keep its six printed decimals, and the identities must
use half a unit of the sixth decimal as their tolerance: a gap of 0.000002 over a 类 of two items
fails where the same gap printed to two decimals would pass.
"""

from __future__ import annotations

from decimal import Decimal

from expectations import identities as ids
from extract.pipeline import parse_document

D = Decimal

SIX_DECIMALS = """某某市某某局2026年部门预算公开

一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t29,569.515638\t20,000.000001\t9,569.515637
204\t公共安全支出\t29,569.515638\t20,000.000001\t9,569.515637
20406\t司法\t29,569.515638\t20,000.000001\t9,569.515637
2040601\t行政运行\t20,000.000001\t20,000.000001\t
2040699\t其他司法支出\t{other}\t\t9,569.515637
"""


def _items(other: str = "9,569.515637") -> tuple:
    doc = parse_document(SIX_DECIMALS.format(other=other).encode("utf-8"), "six.txt", "six.txt")
    rows = [dict(document_id=doc.document_id, table_id=li.table_id, table_kind="general_budget_expenditure",
                 table_title="一般公共预算支出表", page_number=li.page_number, row_number=li.row_number,
                 side=li.side, unit_name=None, subject_code=li.subject_code, economic_code=None,
                 item_name=li.item_name, is_total=li.is_total, measure=li.measure,
                 amount_wan=li.amount_wan, unit_as_printed="万元", decimals=li.decimals,
                 amount_as_printed=li.amount_as_printed, col_number=li.col_number)
            for li in doc.line_items]
    return doc, rows


def test_six_decimal_wan_amounts_land_exact():
    doc, _ = _items()
    got = {(li.subject_code, li.measure): (li.amount_wan, li.decimals) for li in doc.line_items}
    assert got[(None, "total")] == (D("29569.515638"), 6)
    assert got[("2040601", "basic")] == (D("20000.000001"), 6)
    assert got[("2040699", "project")] == (D("9569.515637"), 6)
    assert doc.tables[0].unit_as_printed == "万元"


def test_six_decimal_identities_hold_and_a_millionth_gap_fails():
    _, rows = _items()
    results = ids.check_line_items(rows)
    assert results and all(r.status == ids.PASS for r in results), [
        (r.check_name, r.expected, r.actual) for r in results if r.status != ids.PASS]
    # 其他司法支出 printed 0.000002 short: 款 20406 (total) ≠ Σ 项 beyond 3 × 0.0000005
    _, rows = _items(other="9,569.515635")
    failed = {(r.check_name, r.subject_code, r.measure) for r in ids.check_line_items(rows)
              if r.status == ids.FAIL}
    assert ("section_equals_sum_of_items", "20406", "total") in failed
