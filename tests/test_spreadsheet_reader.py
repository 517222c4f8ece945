"""The spreadsheet reader (.xlsx and legacy .xls): a budget's standard tables written by the tests
(``tests.workbooks``: the bundled sample's figures, so the identities hold) land with every amount
exact, read through ``extract.pipeline.parse_document`` as any source is.

One test per quirk: merged header cells, the unit in a header row / in the title / 元 converted,
numbers stored as text, floats with binary noise, integers (calamine's ints from .xls, floats from
.xlsx), hidden rows / columns / sheets, several tables on one sheet, empty rows and columns,
dates and formulas' cached values, damaged workbooks; and one ingest through the CLI.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import duckdb
import pytest

from extract.model import ParseError
from extract.pipeline import parse_document
from extract.readers.spreadsheet import cell_text, number_text
from extract.readers.spreadsheet_layout import NumberFormat
from sample import figures as F
from tests.conftest import run_cli
from tests.parsed_documents import check_results, items_of, table_of_kind
from tests.workbooks import (
    Num,
    SheetSpec,
    TableSpec,
    budget_sheets,
    budget_tables,
    expected_economic_amounts,
    expected_function_amounts,
    place_table,
    sheet_of,
    workbook_bytes,
    xlsx_bytes,
)

D = Decimal
FORMATS = ["xlsx", "xls"]
FUNCTION_KINDS = ("expenditure_summary", "general_budget_expenditure")


def _parse(data: bytes, fmt: str):
    return parse_document(data, f"x.{fmt}", f"file:///x.{fmt}")


def _budget(fmt: str, unit: str = "万元"):
    return _parse(workbook_bytes(fmt, budget_sheets(unit)), fmt)


def _by_code(doc, kind: str) -> dict[tuple[str, str], Decimal]:
    """(subject or economic code, measure) → 万元 of a table's coded rows."""
    t = table_of_kind(doc, kind)
    out = {}
    for li in items_of(doc, t):
        code = li.subject_code or li.economic_code
        if code:
            assert (code, li.measure) not in out, (code, li.measure)
            out[(code, li.measure)] = li.amount_wan
    return out


def _totals(doc, kind: str) -> dict[str, Decimal]:
    t = table_of_kind(doc, kind)
    return {li.measure: li.amount_wan for li in items_of(doc, t, item_name="合计")}


def _errors(doc) -> list[tuple]:
    return sorted((r.check_name, r.table_kind, r.item_name, r.measure) for r in check_results(doc)
                  if r.severity == "error" and r.status == "fail")


_FUNCTION_ROWS = len(F.function_rows(F.BUDGET_BASIC, F.project_by_subject()))


def _budget_totals():
    return F.totals(F.BUDGET_BASIC, F.project_by_subject())


# ---------------------------------------------------------------------------------------------
# the standard tables, both formats


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_amount_of_the_standard_tables_lands_exact(fmt):
    doc = _budget(fmt)
    assert [t.table_kind for t in doc.tables] == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "government_fund", "three_public"]
    functions = expected_function_amounts()
    for kind in FUNCTION_KINDS:
        assert _by_code(doc, kind) == functions, kind
    income = {(code, m): v for (code, m), v in _by_code(doc, "income_summary").items()}
    assert income == {**{(c, "total"): v for (c, m), v in functions.items() if m == "total"},
                      **{(c, "general_budget"): v for (c, m), v in functions.items() if m == "total"}}
    assert _by_code(doc, "basic_expenditure_economic") == expected_economic_amounts()
    total, basic, project = _budget_totals()
    assert _totals(doc, "general_budget_expenditure") == {"total": total, "basic": basic, "project": project}
    etotal, personnel, public = F.economic_totals(F.ECONOMIC)
    assert _totals(doc, "basic_expenditure_economic") == {
        "total": etotal, "personnel": personnel, "public_funds": public}
    summary = table_of_kind(doc, "income_expenditure_summary")
    sides = {(li.side, li.item_name, li.measure): li.amount_wan for li in items_of(doc, summary, is_total=True)}
    assert sides == {("income", "本年收入合计", "total"): total, ("income", "收入总计", "total"): total,
                     ("expenditure", "本年支出合计", "total"): total,
                     ("expenditure", "本年支出合计", "current_year"): total,
                     ("expenditure", "支出总计", "total"): total, ("expenditure", "支出总计", "current_year"): total}
    classes = {li.subject_code: li.amount_wan for li in items_of(doc, summary, side="expenditure", measure="total")
               if li.subject_code}
    assert classes == F.class_totals(F.BUDGET_BASIC, F.project_by_subject())
    tp = F.three_public(F.THREE_PUBLIC_BUDGET)
    three = {li.item_name: li.amount_wan for li in items_of(doc, table_of_kind(doc, "three_public"), measure="total")}
    assert three == {"公务接待费": tp["reception"], "公务用车购置及运行费": tp["vehicle"],
                     "②公务用车运行维护费": tp["vehicle_operation"], "合计": tp["total"]}
    assert table_of_kind(doc, "government_fund").is_empty


@pytest.mark.parametrize("fmt", FORMATS)
def test_identities_hold_on_a_workbook(fmt):
    doc = _budget(fmt)
    results = check_results(doc)
    assert _errors(doc) == []
    assert sum(r.status == "pass" and r.severity == "error" for r in results) >= 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_sheets_are_pages_with_their_names(fmt):
    doc = _budget(fmt)
    assert doc.format == fmt
    assert doc.page_count == 8 and len(doc.pages_text) == 8
    assert [(t.sheet_name, t.page_from, t.page_to) for t in doc.tables] == [
        (f"表{k}", k, k) for k in range(1, 9)]
    assert all(c.page == t.page_from for t in doc.tables for row in t.grid for c in row)
    assert all(t.read_by == "text" for t in doc.tables)
    t = table_of_kind(doc, "income_expenditure_summary")
    assert (t.title, t.number_label, t.unit_as_printed, t.unit_name) == (
        f"{F.YEAR}年预算收支总表", "预算公开表1", "万元", F.DEPARTMENT)
    assert t.notes == ["注：本套报表因取数时四舍五入，部分金额可能存在尾差"]
    assert table_of_kind(doc, "government_fund").notes == ["注：本表无数据"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_metadata_is_read_from_the_titles(fmt):
    doc = _budget(fmt)
    assert (doc.unit_name, doc.fiscal_year, doc.doc_type) == (F.DEPARTMENT, F.YEAR, "budget")
    # no cover sheet: no document title (never "预算公开表1…部门名称：…单位：万元" glued together)
    assert doc.doc_title is None
    assert doc.pages_text[0].splitlines()[:3] == [
        "预算公开表1", f"{F.YEAR}年预算收支总表", f"部门名称：{F.DEPARTMENT} 单位：万元"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_and_explanation_sheets_give_metadata_and_text_but_no_tables(fmt):
    total = _budget_totals()[0]
    cover = SheetSpec("封面", rows=[[F.DEPARTMENT], [f"{F.YEAR}年度部门预算公开"]])
    explanation = SheetSpec("说明", rows=[
        ["一、部门预算收支数据变动情况"],
        [f"{F.YEAR}年度{F.DEPARTMENT}预算收入总计{total:,.2f}万元，其中：本年收入{total:,.2f}万元，上年结转0万元。"],
        ["二、收入预算情况说明"],
        [f"{F.YEAR}年度{F.DEPARTMENT}预算收入{total:,.2f}万元。"]])
    sheets = [cover, explanation] + budget_sheets(kinds=["general_budget_expenditure"])
    doc = _parse(workbook_bytes(fmt, sheets), fmt)
    assert (doc.doc_title, doc.unit_name, doc.fiscal_year, doc.doc_type, doc.scope) == (
        f"{F.DEPARTMENT}{F.YEAR}年度部门预算公开", F.DEPARTMENT, F.YEAR, "budget", "department")
    assert [(t.sheet_name, t.page_from, t.table_kind) for t in doc.tables] == [
        ("表1", 3, "general_budget_expenditure")]
    assert doc.pages_text[1].splitlines()[1] == (
        f"{F.YEAR}年度{F.DEPARTMENT}预算收入总计2,963.41万元，其中：本年收入2,963.41万元，上年结转0万元。")


# ---------------------------------------------------------------------------------------------
# merged header cells


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_header_cells_read_as_pdf_spans(fmt):
    doc = _budget(fmt)
    # as the PDF reader gives a spanning header: its text in the span's first cell, '' in the rest
    assert table_of_kind(doc, "expenditure_summary").rows_text()[:2] == [
        ["科目编码", "科目名称", f"{F.YEAR}年预算数", "", ""], ["", "", "合计", "基本支出", "项目支出"]]
    assert table_of_kind(doc, "income_summary").rows_text()[:2] == [
        ["项目", "", "本年收入", "", "", "", "", "", "上年结转"],
        ["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", ""]]
    assert table_of_kind(doc, "three_public").rows_text()[:2] == [
        ["项目", f"{F.YEAR}年预算数", "", "", ""], ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_headers_give_the_right_measures(fmt):
    doc = _budget(fmt)
    measures = {kind: sorted({li.measure for li in items_of(doc, table_of_kind(doc, kind))})
                for kind in ("expenditure_summary", "basic_expenditure_economic", "three_public", "income_summary")}
    assert measures == {"expenditure_summary": ["basic", "project", "total"],
                        "basic_expenditure_economic": ["personnel", "public_funds", "total"],
                        "three_public": ["general_budget", "total"],
                        "income_summary": ["general_budget", "total"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_vertically_merged_carry_over_header_gives_its_measure(fmt):
    table = budget_tables()["income_summary"]
    table.rows[0][8] = D("121.90")  # 上年结转 (merged over both header rows) of 合计
    doc = _parse(workbook_bytes(fmt, [sheet_of("收入总表", table)]), fmt)
    t = table_of_kind(doc, "income_summary")
    assert [(li.measure, li.amount_wan) for li in items_of(doc, t, item_name="合计")] == [
        ("total", _budget_totals()[0]), ("general_budget", _budget_totals()[0]), ("carry_over", D("121.90"))]


# ---------------------------------------------------------------------------------------------
# units


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_yuan_workbook_gives_wan_amounts_exactly(fmt):
    doc = _budget(fmt, unit="元")
    assert {t.unit_as_printed for t in doc.tables} == {"元"}
    for kind in FUNCTION_KINDS:
        assert _by_code(doc, kind) == expected_function_amounts(), kind
    assert _by_code(doc, "basic_expenditure_economic") == expected_economic_amounts()
    li = next(li for li in doc.line_items if li.subject_code == "2040601" and li.measure == "total")
    assert (li.amount_as_printed, li.amount_wan) == ("6121100.00", D("612.11"))
    assert _errors(doc) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_in_the_title_row(fmt):
    table = budget_tables(unit="元")["general_budget_expenditure"]
    table.unit_in_title = True
    doc = _parse(workbook_bytes(fmt, [sheet_of("Sheet1", table)]), fmt)
    t = table_of_kind(doc, "general_budget_expenditure")
    assert (t.title, t.unit_as_printed) == (f"{F.YEAR}年一般公共预算支出预算表（不含上年结转）", "元")
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_in_a_merged_row_above_the_header(fmt):
    table = budget_tables(unit="元")["expenditure_summary"]
    sheet = SheetSpec("支出总表")
    sheet.rows = [[table.title] + [None] * 4, ["单位：元"] + [None] * 4]
    sheet.merges = [(0, 0, 0, 4), (1, 0, 1, 4)]
    table.label, table.who = "", ""
    body = SheetSpec("tmp")
    place_table(body, table)
    # keep only its header and data rows (no title / who line), under the merged unit row
    header_at = 2
    sheet.rows += body.rows[header_at:]
    sheet.merges += [(r0 - header_at + 2, c0, r1 - header_at + 2, c1) for r0, c0, r1, c1 in body.merges
                     if r0 >= header_at]
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    t = table_of_kind(doc, "expenditure_summary")
    assert (t.title, t.unit_as_printed, t.unit_name) == (f"{F.YEAR}年预算支出总表", "元", None)
    assert _by_code(doc, "expenditure_summary") == expected_function_amounts()


# ---------------------------------------------------------------------------------------------
# numbers as stored


def _as_text(v) -> object:
    return f" {v:,.2f} " if isinstance(v, Decimal) else v


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_stored_as_text(fmt):
    table = budget_tables()["general_budget_expenditure"]
    table.rows = [[_as_text(v) for v in row] for row in table.rows]  # " 2,963.41 ", " 612.11 "
    doc = _parse(workbook_bytes(fmt, [sheet_of("表5", table)]), fmt)
    assert table_of_kind(doc, "general_budget_expenditure").rows_text()[2] == [
        "合计", "", "2,963.41", "2,538.32", "425.09"]
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()
    assert _errors(doc) == []


@pytest.mark.parametrize("value,fmt,shown", [
    (1234.5600000001, None, "1234.56"), (1234.5599999999, NumberFormat(2), "1234.56"),
    (0.1 + 0.2, NumberFormat(2), "0.30"), (3.0, NumberFormat(2), "3.00"), (3.0, None, "3"),
    (2040601.0, None, "2040601"), (12345678901.23, NumberFormat(2), "12345678901.23"),
    (29569.515638, NumberFormat(2), "29569.515638"), (1234.56, NumberFormat(0), "1234.56"),
    (2963.4, NumberFormat(2), "2963.40"), (2963.4, None, "2963.4"), (0.8566, NumberFormat(2, True), "85.66%"),
    (-0.0, NumberFormat(2), "0.00"), (6.0, NumberFormat(0, min_digits=2), "06"), (-12.5, NumberFormat(2), "-12.50"),
    (float("nan"), None, ""), (12345678901234.56, NumberFormat(2), "12345678901234.56"), (1e-7, None, "0"),
    (0.3 - 0.1 - 0.2, NumberFormat(2), "0.00"),
])
def test_float_shown_as_a_person_sees_it(value, fmt, shown):
    assert number_text(value, fmt) == shown


@pytest.mark.parametrize("value,shown", [
    ("二十三、灾害防治及应急管\n理支出", "二十三、灾害防治及应急管理支出"), ("Line\r\nTwo", "Line Two"),
    ("\u3000 合计 ", "合计"), (True, "TRUE"), (None, ""), (280620, "280620"),
])
def test_cell_text_as_typed_with_wraps_joined(value, shown):
    assert cell_text(value) == shown


@pytest.mark.parametrize("fmt", FORMATS)
def test_float_noise_lands_as_the_displayed_cent(fmt):
    table = budget_tables()["general_budget_expenditure"]
    # figures as a spreadsheet's own sums leave them: 2963.41 + 1e-10 and the like
    table.rows = [[float(v) + (1e-10 if k % 2 else -1e-10) if isinstance(v, Decimal) else v
                   for k, v in enumerate(row)] for row in table.rows]
    sheet = sheet_of("表5", table)
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    assert table_of_kind(doc, "general_budget_expenditure").rows_text()[2] == [
        "合计", "", "2963.41", "2538.32", "425.09"]
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_numbers_keep_their_money_format_and_codes_stay_codes(fmt):
    # calamine gives .xls's whole numbers as int and .xlsx's as float: both read alike
    sheet = SheetSpec("表5", money_format="#,##0.00")
    place_table(sheet, TableSpec("2025年一般公共预算支出预算表", [["科目编码", "科目名称", "合计"]],
                                 [["合计", None, D("3010")], [204, "公共安全支出", D("3010")],
                                  [20406, "司法", D("3010")], [2040601, "行政运行", D("3010")]], unit="元"))
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    assert table_of_kind(doc, "general_budget_expenditure").rows_text()[1:] == [
        ["合计", "", "3010.00"], ["204", "公共安全支出", "3010.00"], ["20406", "司法", "3010.00"],
        ["2040601", "行政运行", "3010.00"]]
    assert _by_code(doc, "general_budget_expenditure") == {
        ("204", "total"): D("0.301"), ("20406", "total"): D("0.301"), ("2040601", "total"): D("0.301")}


def _split_code_table(code_cells) -> TableSpec:
    """A Shanghai-style 一般公共预算支出表: the function code in 类 | 款 | 项 columns."""
    fr = F.function_rows(F.BUDGET_BASIC, F.project_by_subject())
    total, basic, project = _budget_totals()
    header = [[("项目", 4), ("一般公共预算支出", 3)],
              [("功能分类科目编码", 3), ("功能分类科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
              ["类", "款", "项", "", "", "", ""]]
    rows = [[*code_cells(c), n, t or None, b or None, p or None] for c, n, t, b, p in fr]
    return TableSpec(f"{F.YEAR}年一般公共预算支出功能分类预算表", header,
                     rows + [["合计", None, None, None, total, basic, project]])


def _code_parts_as_text(code: str) -> list:
    return [code[:3], code[3:5] or None, code[5:7] or None]


def _code_parts_as_numbers(code: str) -> list:
    # as a portal's template types them: numbers, 款 and 项 shown with two digits ('00')
    return [int(code[:3])] + [Num(int(part), "00") if part else None for part in (code[3:5], code[5:7])]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code_cells", [_code_parts_as_text, _code_parts_as_numbers])
def test_function_codes_in_class_section_item_columns(fmt, code_cells):
    doc = _parse(workbook_bytes(fmt, [sheet_of("表5", _split_code_table(code_cells))]), fmt)
    t = table_of_kind(doc, "general_budget_expenditure")
    assert t.rows_text()[8][:4] == ["204", "06", "01", "行政运行"]
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()
    assert _errors(doc) == []


# ---------------------------------------------------------------------------------------------
# what a person does not see


def _with_hidden_row_and_column(fmt: str) -> bytes:
    table = budget_tables()["general_budget_expenditure"]
    table.rows.insert(8, ["2040699", "隐藏的科目", D("999.99"), D("999.99"), None])  # under 20406
    for row in table.header:
        row.append("隐藏列")
    for row in table.rows:
        row.append(D("777.77"))
    sheet = sheet_of("表5", table)
    first_data = 5  # label, title, who, 2 header rows
    sheet.hidden_rows = {first_data + 8}
    sheet.hidden_cols = {5}
    return workbook_bytes(fmt, [sheet])


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_rows_and_columns_do_not_land(fmt):
    doc = _parse(_with_hidden_row_and_column(fmt), fmt)
    t = table_of_kind(doc, "general_budget_expenditure")
    assert {len(r) for r in t.rows_text()} == {5}
    assert not any(li.amount_wan in (D("999.99"), D("777.77")) for li in doc.line_items)
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()
    assert "隐藏" not in doc.pages_text[0]
    assert _errors(doc) == []


def _rewrite_sheet_xml(data: bytes, edit) -> bytes:
    """The .xlsx with its first sheet's XML edited (what xlsxwriter cannot write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def test_rows_and_columns_sized_zero_are_hidden_xlsx():
    # a row dragged to height 0 and a column to width 0, without the hidden flag
    data = _rewrite_sheet_xml(_with_hidden_row_and_column("xlsx"), lambda xml: re.sub(
        r'(<col [^>]*?) hidden="1"', r"\1", re.sub(r'(<row [^>]*?) hidden="1"', r'\1 ht="0" customHeight="1"', xml)))
    assert 'hidden="1"' not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    doc = _parse(data, "xlsx")
    assert not any(li.amount_wan in (D("999.99"), D("777.77")) for li in doc.line_items)
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()


def test_a_column_of_width_zero_is_hidden_xls():
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("三公")
    ws.write(0, 0, "2025年财政拨款安排“三公”经费支出预算表")
    ws.write(1, 2, "单位：万元")
    for r, row in enumerate([["项目", "底稿", "预算数"], ["公务接待费", "9.99", 0.5], ["合计", "9.99", 0.5]], start=2):
        for c, v in enumerate(row):
            ws.write(r, c, v, xlwt.easyxf(num_format_str="0.00") if isinstance(v, float) else xlwt.Style.default_style)
    ws.col(1).width = 0
    buf = io.BytesIO()
    book.save(buf)
    t = table_of_kind(_parse(buf.getvalue(), "xls"), "three_public")
    assert t.rows_text() == [["项目", "预算数"], ["公务接待费", "0.50"], ["合计", "0.50"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_and_unit_in_one_row(fmt):
    table = budget_tables(unit="元")["three_public"]
    sheet = sheet_of("三公", table)
    title_row = 1  # under the label
    sheet.rows[title_row][-1] = "单位：元"
    sheet.merges = [(r0, c0, r1, c1 - 1) if r0 == title_row else (r0, c0, r1, c1) for r0, c0, r1, c1 in sheet.merges]
    sheet.rows.pop(title_row + 1)  # no "部门名称 … 单位" line
    sheet.merges = [(r0 - 1, c0, r1 - 1, c1) if r0 > title_row else (r0, c0, r1, c1) for r0, c0, r1, c1 in sheet.merges]
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    t = table_of_kind(doc, "three_public")
    assert (t.title, t.unit_as_printed, t.number_label) == (table.title, "元", "预算公开表8")
    assert t.rows_text()[0] == ["项目", f"{F.YEAR}年预算数", "", "", ""]
    tp = F.three_public(F.THREE_PUBLIC_BUDGET)
    assert {li.item_name: li.amount_wan for li in items_of(doc, t, measure="total")} == {
        "公务接待费": tp["reception"], "公务用车购置及运行费": tp["vehicle"],
        "②公务用车运行维护费": tp["vehicle_operation"], "合计": tp["total"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_sheet_is_left_out(fmt):
    sheets = budget_sheets(kinds=["general_budget_expenditure"])
    secret = sheet_of("底稿", budget_tables()["expenditure_summary"])
    secret.hidden = True
    doc = _parse(workbook_bytes(fmt, [secret] + sheets), fmt)
    assert doc.page_count == 1 and [t.sheet_name for t in doc.tables] == ["表1"]
    assert [t.table_kind for t in doc.tables] == ["general_budget_expenditure"]
    assert doc.tables[0].page_from == 1
    assert any("底稿" in w for w in doc.warnings)


def _shifted(sheet: SheetSpec, down: int, right: int) -> SheetSpec:
    """The same sheet with its cells ``down`` rows and ``right`` columns further from A1."""
    sheet.rows = [[None] * right] * down + [[None] * right + list(r) for r in sheet.rows]
    sheet.merges = [(r0 + down, c0 + right, r1 + down, c1 + right) for r0, c0, r1, c1 in sheet.merges]
    sheet.hidden_rows = {r + down for r in sheet.hidden_rows}
    sheet.hidden_cols = {c + right for c in sheet.hidden_cols}
    return sheet


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_column_under_a_merged_header_away_from_a1(fmt):
    table = budget_tables()["income_summary"]
    table.rows.insert(3, ["2019999", "隐藏的科目", D("999.99"), D("999.99")] + [None] * 5)
    sheet = sheet_of("收入总表", table)
    sheet.hidden_rows = {5 + 3}  # label, title, who, 2 header rows, then the hidden data row
    sheet.hidden_cols = {2}  # 合计, the first column under the merged 本年收入
    doc = _parse(workbook_bytes(fmt, [_shifted(sheet, 3, 2)]), fmt)
    t = table_of_kind(doc, "income_summary")
    assert t.rows_text()[:2] == [
        ["项目", "", "本年收入", "", "", "", "", "上年结转"],
        ["科目编码", "科目名称", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", ""]]
    totals = {c: v for (c, m), v in expected_function_amounts().items() if m == "total"}
    assert _by_code(doc, "income_summary") == {(c, "general_budget"): v for c, v in totals.items()}
    assert "隐藏" not in doc.pages_text[0]


def test_a_sheet_spread_over_millions_of_cells_is_refused():
    sheet = sheet_of("表5", budget_tables()["three_public"])
    sheet.rows.append([None] * 200 + ["stray"])
    sheet.rows += [[]] * 30000
    sheet.rows.append(["far away"])
    with pytest.raises(ParseError, match="too large for a disclosure table"):
        _parse(xlsx_bytes([sheet]), "xlsx")


# ---------------------------------------------------------------------------------------------
# layout of a sheet


@pytest.mark.parametrize("fmt", FORMATS)
def test_several_tables_on_one_sheet_split_at_their_titles(fmt):
    tables = budget_tables()
    sheet = sheet_of("表7-8", tables["government_fund"], tables["three_public"], tables["general_budget_expenditure"])
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    assert [(t.title, t.table_kind, t.number_label, t.is_empty, t.page_from) for t in doc.tables] == [
        (f"{F.YEAR}年政府性基金预算支出表（不含上年结转）", "government_fund", "预算公开表7", True, 1),
        (f"{F.YEAR}年财政拨款安排“三公”经费支出预算表", "three_public", "预算公开表8", False, 1),
        (f"{F.YEAR}年一般公共预算支出预算表（不含上年结转）", "general_budget_expenditure", "预算公开表5", False, 1)]
    assert [len(t.grid) for t in doc.tables] == [2, 8, 2 + 1 + _FUNCTION_ROWS]
    assert doc.tables[0].notes == ["注：本表无数据"]
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()
    assert _errors(doc) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_tables_without_blank_rows_between_split_at_the_unit_line(fmt):
    tables = budget_tables()
    first, second = tables["three_public"], tables["general_budget_expenditure"]
    second.label, second.title = "", ""
    sheet = SheetSpec("Sheet1")
    end = place_table(sheet, first, top=0)
    place_table(sheet, second, top=end)  # no blank row; the second has only "部门名称 … 单位" above it
    sheet.rows.pop(end)  # its (empty) title row
    sheet.merges = [m for m in sheet.merges if m[0] != end]
    sheet.merges = [(r0 - 1, c0, r1 - 1, c1) if r0 > end else (r0, c0, r1, c1) for r0, c0, r1, c1 in sheet.merges]
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    assert [(t.title, t.unit_name) for t in doc.tables] == [
        (first.title, F.DEPARTMENT), ("", F.DEPARTMENT)]
    assert _by_code(doc, "three_public") == {}
    assert len(doc.tables[1].grid) == 2 + 1 + _FUNCTION_ROWS


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_table_repeated_unit_by_unit_keeps_its_title(fmt):
    units = {u: F.OPERATING_COST[u] for u in F.UNITS[:2]}
    sheet = SheetSpec("机关运行经费")
    for k, (unit, amount) in enumerate(units.items()):
        place_table(sheet, TableSpec(f"{F.YEAR}年财政拨款安排机关运行经费预算表" if k == 0 else "",
                                     [["项目", "预算数"]], [["机关运行经费", amount]], who=f"单位名称：{unit}"))
    title_row = len(sheet.rows) - 4  # the second table's (empty) title row: drop it
    sheet.rows.pop(title_row)
    sheet.merges = [m for m in sheet.merges if m[0] < title_row]
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    assert [(t.title, t.unit_name, t.unit_as_printed, t.table_kind) for t in doc.tables] == [
        (f"{F.YEAR}年财政拨款安排机关运行经费预算表", unit, "万元", "operating_cost") for unit in units]
    assert [(li.table_id, li.amount_wan) for li in doc.line_items] == [(1, D("128.85")), (2, D("203.90"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_blank_row_inside_a_table_does_not_split_it(fmt):
    table = budget_tables()["general_budget_expenditure"]
    table.rows.insert(4, [None] * 5)
    doc = _parse(workbook_bytes(fmt, [sheet_of("表5", table)]), fmt)
    assert [t.table_kind for t in doc.tables] == ["general_budget_expenditure"]
    assert len(doc.tables[0].grid) == 2 + 1 + _FUNCTION_ROWS
    assert _by_code(doc, "general_budget_expenditure") == expected_function_amounts()


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_rows_and_columns_are_dropped(fmt):
    table = budget_tables()["three_public"]
    sheet = sheet_of("三公", table)
    # the table placed at C4 (two empty columns and three empty rows before it), blank rows after,
    # a blank column inside it and formatted-but-empty cells to the right
    sheet.rows = [[None] * 12] * 3 + [[None, None] + r[:1] + [None] + r[1:] + [None] * 4 for r in sheet.rows] \
        + [[None] * 12] * 4
    sheet.merges = [(r0 + 3, c0 + 2 + (c0 > 0), r1 + 3, c1 + 2 + (c1 > 0)) for r0, c0, r1, c1 in sheet.merges]
    doc = _parse(workbook_bytes(fmt, [sheet]), fmt)
    t = table_of_kind(doc, "three_public")
    assert t.rows_text()[:3] == [["项目", f"{F.YEAR}年预算数", "", "", ""],
                                 ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                                 ["因公出国（境）费", "", "", "", ""]]
    assert len(t.grid) == 8
    assert (t.title, t.unit_as_printed) == (table.title, "万元")


def test_formula_cached_values_and_dates_are_read():
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet("三公")
    money = book.add_format({"num_format": "#,##0.00"})
    ws.write_string(0, 0, "2025年财政拨款安排“三公”经费支出预算表")
    ws.write_string(1, 0, "编制日期：")
    ws.write_datetime(1, 1, __import__("datetime").datetime(2025, 3, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_string(1, 2, "单位：万元")
    ws.write_row(2, 0, ["项目", "预算数"])
    ws.write_string(3, 0, "公务接待费")
    ws.write_number(3, 1, 0.5, money)
    ws.write_string(4, 0, "公务用车购置及运行费")
    ws.write_number(4, 1, 21.6, money)
    ws.write_string(5, 0, "合计")
    ws.write_formula(5, 1, "=B4+B5", money, 22.1)
    book.close()
    doc = _parse(buf.getvalue(), "xlsx")
    t = table_of_kind(doc, "three_public")
    assert (t.title, t.unit_as_printed) == ("2025年财政拨款安排“三公”经费支出预算表", "万元")
    assert t.rows_text() == [["项目", "预算数"], ["公务接待费", "0.50"], ["公务用车购置及运行费", "21.60"], ["合计", "22.10"]]
    assert "编制日期： 2025-03-01 单位：万元" in doc.pages_text[0].splitlines()
    assert [(li.item_name, li.amount_wan) for li in items_of(doc, t)] == [
        ("公务接待费", D("0.50")), ("公务用车购置及运行费", D("21.60")), ("合计", D("22.10"))]


# ---------------------------------------------------------------------------------------------
# damaged workbooks


def _zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name,data,reason", [
    ("x.xlsx", xlsx_bytes(budget_sheets(kinds=["three_public"]))[:900],
     "a truncated or damaged .xlsx workbook: its ZIP archive cannot be opened"),
    ("x.xlsx", _zip_of({"xl/notes.txt": b"hello"}),
     "a ZIP archive without a workbook (no xl/workbook.xml): not an .xlsx spreadsheet"),
    ("x.xls", workbook_bytes("xls", budget_sheets(kinds=["three_public"]))[:1200],
     "a truncated or damaged .xls workbook: its OLE2 container cannot be read"),
    ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
     "a truncated or damaged .xls workbook: its OLE2 container cannot be read"),
    ("x.xls", workbook_bytes("xls", budget_sheets(kinds=["three_public"])).replace(
        "Workbook".encode("utf-16-le"), "WordDocs".encode("utf-16-le")),
     "an OLE2 file without a Workbook stream (a Word or other Office file?): not an .xls spreadsheet"),
])
def test_a_damaged_workbook_fails_with_a_reason(name, data, reason):
    with pytest.raises(ParseError) as err:
        parse_document(data, name, f"file:///{name}")
    assert str(err.value).startswith(reason)


# ---------------------------------------------------------------------------------------------
# end to end


@pytest.mark.slow
def test_ingest_lands_a_workbook(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "budget.xlsx").write_bytes(workbook_bytes("xlsx", budget_sheets()))
    wh = tmp_path / "wh.duckdb"
    code, out = run_cli(["ingest", str(src), "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        tables = con.execute("SELECT table_kind, sheet_name, page_from FROM marts.fct_table "
                             "ORDER BY table_id").fetchall()
        assert [(k, s) for k, s, _p in tables][:2] == [("income_expenditure_summary", "表1"), ("income_summary", "表2")]
        assert all(s for _k, s, _p in tables)
        read_by = con.execute("SELECT read_by, count(*) FROM marts.fct_line_item GROUP BY 1").fetchall()
        assert read_by == [("text", 271)]
        total = con.execute("SELECT amount_wan FROM marts.fct_line_item WHERE table_kind = "
                            "'general_budget_expenditure' AND subject_code = '2040601' AND measure = 'total'"
                            ).fetchall()
        assert total == [(D("612.110000"),)]
        doc = con.execute("SELECT unit_name, fiscal_year, doc_type, page_count, status FROM marts.dim_document"
                          ).fetchall()
        assert doc == [(F.DEPARTMENT, F.YEAR, "budget", 8, "landed")]
        failed = con.execute("SELECT count(*) FROM dq.latest_check_results WHERE status = 'fail' "
                             "AND severity = 'error'").fetchone()[0]
        assert failed == 0
    finally:
        con.close()
