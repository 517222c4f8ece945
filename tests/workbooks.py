"""Test workbooks: a budget's standard tables written as .xlsx (xlsxwriter) or legacy .xls (xlwt).

Figures are the bundled sample's department budget (``sample.figures``), so DOMAIN.md's identities
hold in what is written. A table is laid out as portals lay them out: an optional label row, the
title merged across the table, a "部门名称：… | 单位：万元" row, header rows with merged (spanning)
cells, data rows, a note row. Amounts are numbers in a money format ('#,##0.00') unless the test
asks for them as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

from sample import figures as F
from sample.generate import SOURCES, THREE_PUBLIC_ROWS, cn

Y = F.YEAR
D = Decimal


@dataclass(frozen=True)
class Num:
    """A number written with its own number format ('00' shows the 款 code 6 as "06")."""
    value: float
    num_format: str


Value = Union[str, Decimal, int, float, Num, None]
MONEY_FORMAT = "#,##0.00"


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Value]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False
    money_format: Optional[str] = MONEY_FORMAT  # the format of Decimal cells (None: General)


@dataclass
class TableSpec:
    title: str
    header: list[list]  # cells: str, (str, colspan) or (str, colspan, rowspan); '' under a rowspan
    rows: list[list[Value]]
    unit: str = "万元"
    label: str = ""
    who: str = f"部门名称：{F.DEPARTMENT}"
    note: str = ""
    unit_in_title: bool = False  # "…表（单位：万元）" instead of a unit line


# ----------------------------------------------------------------------------------------------
# Laying tables out on a sheet


def place_table(sheet: SheetSpec, table: TableSpec, top: Optional[int] = None) -> int:
    """Write ``table`` into ``sheet`` from row ``top`` (default: after a blank row under what is
    there); return the row after it."""
    r = len(sheet.rows) + (1 if sheet.rows else 0) if top is None else top
    width = sum(_span(c)[1] for c in table.header[0])

    def put(row: int, cells: list[Value]) -> None:
        while len(sheet.rows) <= row:
            sheet.rows.append([])
        sheet.rows[row] = list(cells) + [None] * (width - len(cells))

    if table.label:
        put(r, [table.label])
        r += 1
    put(r, [table.title + (f"（单位：{table.unit}）" if table.unit_in_title else "")])
    sheet.merges.append((r, 0, r, width - 1))
    r += 1
    if not table.unit_in_title:
        put(r, [table.who] + [None] * (width - 2) + [f"单位：{table.unit}"])
        r += 1
    for header_row in table.header:
        c = 0
        row_cells: list[Value] = []
        for cell in header_row:
            text, colspan, rowspan = _span(cell)
            row_cells += [text] + [None] * (colspan - 1)
            if colspan > 1 or rowspan > 1:
                sheet.merges.append((r, c, r + rowspan - 1, c + colspan - 1))
            c += colspan
        put(r, row_cells)
        r += 1
    for data_row in table.rows:
        put(r, data_row)
        r += 1
    if table.note:
        put(r, [table.note])
        sheet.merges.append((r, 0, r, width - 1))
        r += 1
    return r


def _span(cell) -> tuple[str, int, int]:
    if isinstance(cell, tuple):
        return (cell + (1,))[:3] if len(cell) == 2 else cell
    return cell, 1, 1


def sheet_of(name: str, *tables: TableSpec) -> SheetSpec:
    sheet = SheetSpec(name)
    for t in tables:
        place_table(sheet, t)
    return sheet


# ----------------------------------------------------------------------------------------------
# Writers


def xlsx_bytes(sheets: list[SheetSpec]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    formats: dict = {}
    for spec in sheets:
        ws = book.add_worksheet(spec.name)
        money = None
        if spec.money_format:
            money = formats.setdefault(spec.money_format, book.add_format({"num_format": spec.money_format}))
        merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.merges}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    r1, c1 = merged[(r, c)]
                    if (r1, c1) != (r, c):
                        ws.merge_range(r, c, r1, c1, "")
                _write_xlsx_cell(ws, r, c, value, money, book)
        for r in spec.hidden_rows:
            ws.set_row(r, None, None, {"hidden": True})
        for c in spec.hidden_cols:
            ws.set_column(c, c, None, None, {"hidden": True})
        if spec.hidden:
            ws.hide()
    visible = [ws for ws, spec in zip(book.worksheets(), sheets, strict=False) if not spec.hidden]
    if visible:
        visible[0].activate()  # the active sheet cannot be hidden: the first visible one is active
        visible[0].set_first_sheet()
    book.close()
    return buf.getvalue()


def _write_xlsx_cell(ws, r: int, c: int, value: Value, money, book=None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, Num):
        ws.write_number(r, c, value.value, book.add_format({"num_format": value.num_format}))
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value), money)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, value)


def xls_bytes(sheets: list[SheetSpec]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for spec in sheets:
        ws = book.add_sheet(spec.name, cell_overwrite_ok=True)
        money = xlwt.easyxf(num_format_str=spec.money_format) if spec.money_format else None
        merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.merges}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if (r, c) in merged and merged[(r, c)] != (r, c):
                    r1, c1 = merged[(r, c)]
                    style = money if money is not None and isinstance(value, Decimal) else xlwt.Style.default_style
                    ws.write_merge(r, r1, c, c1, _xls_value(value), style)
                elif value is not None and value != "":
                    if isinstance(value, Num):
                        ws.write(r, c, value.value, xlwt.easyxf(num_format_str=value.num_format))
                    elif isinstance(value, Decimal) and money is not None:
                        ws.write(r, c, float(value), money)
                    else:
                        ws.write(r, c, _xls_value(value))
        for r in spec.hidden_rows:
            ws.row(r).hidden = True
        for c in spec.hidden_cols:
            ws.col(c).hidden = True
        if spec.hidden:
            ws.visibility = 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xls_value(value: Value):
    if value is None:
        return ""
    return float(value) if isinstance(value, Decimal) else value


def workbook_bytes(fmt: str, sheets: list[SheetSpec]) -> bytes:
    return xlsx_bytes(sheets) if fmt == "xlsx" else xls_bytes(sheets)


# ----------------------------------------------------------------------------------------------
# The sample department budget's standard tables


def _amount(v: Decimal, unit: str) -> Optional[Decimal]:
    """A figure in 万元 as written in ``unit`` (None for zero: printed blank as the sample does)."""
    if not v:
        return None
    return v * 10000 if unit == "元" else v


def budget_tables(unit: str = "万元") -> dict[str, TableSpec]:
    """The department budget's tables by table_kind, amounts as numbers in ``unit``."""
    a = lambda v: _amount(v, unit)  # noqa: E731
    by_code = F.project_by_subject()
    fr = F.function_rows(F.BUDGET_BASIC, by_code)
    total, basic, project = F.totals(F.BUDGET_BASIC, by_code)
    classes = F.class_totals(F.BUDGET_BASIC, by_code)
    etotal, personnel, public = F.economic_totals(F.ECONOMIC)
    tp = F.three_public(F.THREE_PUBLIC_BUDGET)

    def summary(incomes, cols, lines):
        blank = [None] * (1 + len(cols(lines[0])))
        return [[*(incomes[k] if k < len(incomes) else (None, None)),
                 *([f"{cn(k + 1)}、{F.CLASS_NAMES[lines[k]]}", *cols(lines[k])] if k < len(lines) else blank)]
                for k in range(max(len(incomes), len(lines)))]

    incomes = [("一、一般公共预算", a(total)), ("二、政府性基金预算", None), ("三、国有资本经营预算", None),
               ("四、财政专户管理资金", None), ("五、单位资金", None)]
    rows = summary(incomes, lambda c: [a(classes.get(c, D(0))), a(classes.get(c, D(0))), None], F.BUDGET_CLASSES)
    rows += [["本年收入合计", a(total), "本年支出合计", a(total), a(total), None],
             ["上年结转", None, "年终结转", None, None, None],
             ["收入总计", a(total), "支出总计", a(total), a(total), None]]
    out = {"income_expenditure_summary": TableSpec(
        f"{Y}年预算收支总表",
        [[("收入", 2), ("支出", 4)], ["项目", f"{Y}年", "项目", f"{Y}年合计", "当年预算安排", "上年结转安排"]],
        rows, unit, label="预算公开表1", note="注：本套报表因取数时四舍五入，部分金额可能存在尾差")}
    out["income_summary"] = TableSpec(
        f"{Y}年预算收入总表",
        [[("项目", 2), ("本年收入", 6), ("上年结转", 1, 2)],
         ["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", ""]],
        [["合计", None, a(total), a(total)] + [None] * 5]
        + [[c, n, a(t), a(t)] + [None] * 5 for c, n, t, *_x in fr], unit, label="预算公开表2")
    function_rows = [[c, n, a(t), a(b), a(p)] for c, n, t, b, p in fr]
    function_header = [[("科目编码", 1, 2), ("科目名称", 1, 2), (f"{Y}年预算数", 3)], ["", "", "合计", "基本支出", "项目支出"]]
    out["expenditure_summary"] = TableSpec(
        f"{Y}年预算支出总表", function_header,
        [["合计", None, a(total), a(basic), a(project)]] + function_rows, unit, label="预算公开表3")
    incomes = [("一、一般公共预算", a(total)), ("二、政府性基金预算", None), ("三、国有资本经营预算", None)]
    rows = summary(incomes, lambda c: [a(classes[c]), a(classes[c]), None, None], list(classes))
    rows += [["本年收入合计", a(total), "本年支出合计", a(total), a(total), None, None],
             ["上年财政拨款结转", None, "年终结转", None, None, None, None],
             ["收入总计", a(total), "支出总计", a(total), a(total), None, None]]
    out["fiscal_summary"] = TableSpec(
        f"{Y}年财政拨款收支总表", [[("收入", 2), ("支出", 5)], ["项目", "金额", "项目", "小计", *SOURCES[1:]]],
        rows, unit, label="预算公开表4")
    out["general_budget_expenditure"] = TableSpec(
        f"{Y}年一般公共预算支出预算表（不含上年结转）", function_header,
        [["合计", None, a(total), a(basic), a(project)]] + function_rows, unit, label="预算公开表5")
    out["basic_expenditure_economic"] = TableSpec(
        f"{Y}年一般公共预算基本支出经济分类表（不含上年结转）",
        [[("部门预算支出经济分类", 2), ("政府预算支出经济分类", 1, 2), (f"{Y}年预算数", 3)],
         ["科目编码", "科目名称", "", "合计", "人员经费", "公用经费"]],
        [["合计", None, None, a(etotal), a(personnel), a(public)]]
        + [[c, n, g or None, a(t), a(pe), a(pu)] for c, n, g, t, pe, pu in F.economic_rows(F.ECONOMIC)],
        unit, label="预算公开表6")
    out["government_fund"] = TableSpec(
        f"{Y}年政府性基金预算支出表（不含上年结转）", [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
        [["合计", None, None, None, None]], unit, label="预算公开表7", note="注：本表无数据")
    out["three_public"] = TableSpec(
        f"{Y}年财政拨款安排“三公”经费支出预算表", [[("项目", 1, 2), (f"{Y}年预算数", 4)], ["", *SOURCES]],
        [[label, a(tp[k]), a(tp[k]), None, None] for label, k in THREE_PUBLIC_ROWS], unit, label="预算公开表8")
    return out


def budget_sheets(unit: str = "万元", kinds: Optional[list[str]] = None) -> list[SheetSpec]:
    """One sheet per table, named as portals name them (表1 收支总表 …)."""
    tables = budget_tables(unit)
    return [sheet_of(f"表{k + 1}", tables[kind]) for k, kind in enumerate(kinds or list(tables))]


# ----------------------------------------------------------------------------------------------
# Expected figures (万元), for comparison with parsed line items


def expected_function_amounts() -> dict[tuple[str, str], Decimal]:
    """(subject_code, measure) → 万元 of the function-classified tables (zeros left out)."""
    by_code = F.project_by_subject()
    out = {}
    for code, _n, t, b, p in F.function_rows(F.BUDGET_BASIC, by_code):
        for measure, v in (("total", t), ("basic", b), ("project", p)):
            if v:
                out[(code, measure)] = v
    return out


def expected_economic_amounts() -> dict[tuple[str, str], Decimal]:
    out = {}
    for code, _n, _g, t, pe, pu in F.economic_rows(F.ECONOMIC):
        for measure, v in (("total", t), ("personnel", pe), ("public_funds", pu)):
            if v:
                out[(code, measure)] = v
    return out
