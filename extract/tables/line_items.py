"""Rows → line items: each data row of each segment read into its label, code, government
economic name and amounts, and one ``LineItem`` per amount, with subject or economic codes found
by name where none is printed and the unit a row belongs to (``unit_rows``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, cast

from extract.amounts import is_blank_amount, normalise_number_text, parse_amount, to_wan
from extract.codes import (
    economic_code_for_name,
    function_code_for_name,
    join_code_parts,
    normalise_code,
    split_code_prefix,
)
from extract.model import Document, LineItem, Table
from extract.tables.cell_text import NUMBERED_RE, TOTAL_LABEL_RE, looks_amount, normalised, clean_label
from extract.tables.classify import ECONOMIC_KINDS, FUNCTION_KINDS
from extract.tables.columns import Column, Segment
from extract.tables.grid_matrix import Grid
from extract.tables.header_rows import is_column_number_row, is_meta_row
from extract.tables.unit_rows import units_of_rows


def _header_like_repeat(row: list[str], header_sets: list[list[str]]) -> bool:
    if is_column_number_row(row):
        return True
    nrow = [normalised(t) for t in row]
    for h in header_sets:
        if [normalised(t) for t in h] == nrow:
            return True
    return False


@dataclass
class _RowPart:
    label: str
    code: Optional[str]
    gov_name: Optional[str]
    unit_label: Optional[str]
    econ_name: Optional[str]  # the value of a 经济科目 column beside the row label, if any
    amounts: list[tuple[Column, str, int]]  # (column whose measure applies, text, printed column)


def _read_part(seg: Segment, row: list[str], prev_code: list[Optional[str]]) -> _RowPart:
    code = None
    label = ""
    code_cols = seg.role_cols("code")
    part_cols = seg.role_cols("code_part")
    name_cols = seg.role_cols("name")
    if part_cols:
        # 类 | 款 printed twice (Yantai: 部门经济分类 类 款 | name | 政府经济分类 类 款 | name): the
        # first group is the row's code; a second 类 starts the other scheme's code
        lows = [normalised(c.low) for c in part_cols]
        if lows.count("类") > 1:
            part_cols = part_cols[:lows.index("类", 1)]
        parts = [row[c.index] for c in part_cols]
        if any(parts):
            if not parts[0] and prev_code[0]:  # 类 (and 款) printed once, the rest below it
                k = next(i for i, p in enumerate(parts) if p)
                parts = [prev_code[0][:3 + 2 * (k - 1)]] + parts[k:]
            code = join_code_parts(parts)
            if code is None:
                label = " ".join(p for p in parts if p)
    for c in code_cols:
        t = row[c.index]
        if not t:
            continue
        nc = normalise_code(t)
        if nc:
            code = code or nc
        elif re.fullmatch(r"\d{2}", normalise_number_text(t)) and prev_code[0] and code is None:
            code = prev_code[0][:3] + normalise_number_text(t)  # 款 printed as '10' under its 类 (Xi'an)
        else:
            pc, rest = split_code_prefix(t)
            if pc:
                code, label = code or pc, label or rest
            else:
                label = label or t
    names = [row[c.index] for c in name_cols if row[c.index]]
    name = names[0] if names else ""
    unit_label = None
    if len(names) >= 2 and any("单位" in normalised(c.low) for c in name_cols):
        # 单位名称 beside 项目名称
        for c in name_cols:
            if row[c.index] and "单位" in normalised(c.low):
                unit_label = row[c.index]
        others = [row[c.index] for c in name_cols if row[c.index] and "单位" not in normalised(c.low)]
        name = others[0] if others else name
    if name:
        if code is None:
            pc, rest = split_code_prefix(name)
            if pc:
                code, name = pc, rest
        label = name if name else label
    if not label:
        # label printed off its column (PDF grids): the first text cell of the block
        for c in seg.cols:
            t = row[c.index]
            if c.role in ("gov_name", "rownum") or not t or parse_amount(t) is not None:
                continue
            if is_blank_amount(t):
                continue
            pc, rest = split_code_prefix(t)
            label = rest if pc else t
            code = code or pc
            break
    if code is None:
        first_amount = min((c.index for c in seg.amount_cols), default=None)
        for c in seg.cols:
            if first_amount is not None and c.index >= first_amount:
                break
            nc = normalise_code(row[c.index]) if c.role in ("text", "name", "code") else None
            if nc:
                code = nc
                break
    if code:
        prev_code[0] = code
    gov = None
    for c in seg.role_cols("gov_name"):
        if row[c.index]:
            gov = row[c.index]
    if not label and not code and gov and TOTAL_LABEL_RE.search(normalised(gov)):
        label, gov = gov, None  # 合计 printed in the 政府经济科目名称 column (Xi'an)
    amounts = [(c, row[c.index], c.index) for c in seg.amount_cols
               if c.measure is not None and parse_amount(row[c.index]) is not None]
    # a figure printed off its column (PDF grids): give it to the nearest empty amount column
    taken = {c.index for c, _, _ in amounts}
    for c in seg.cols:
        t = row[c.index]
        if (c.role == "amount" and c.measure is not None) \
                or c.role in ("rownum", "code", "code_part", "of_which") \
                or not looks_amount(t):
            continue
        free = [a for a in seg.amount_cols
                if a.measure is not None and a.index not in taken and not row[a.index]]
        if not free:
            continue
        target = min(free, key=lambda a: (abs(a.index - c.index), a.index < c.index))
        amounts.append((target, t, c.index))
        taken.add(target.index)
    amounts.sort(key=lambda a: a[0].index)
    econ_name = next((row[c.index] for c in name_cols
                      if row[c.index] and "经济" in normalised(c.low) and "政府" not in normalised(c.low)), None)
    return _RowPart(label=label, code=code, gov_name=gov, unit_label=unit_label, econ_name=econ_name,
                    amounts=amounts)


def interpret_rows(doc: Document, table: Table, grid: Grid, segs: list[Segment],
                   data_rows: list[int], header_rows: list[int], kind: str,
                   default_label: Optional[str] = None) -> None:
    """Line items of an ordinary table: one per (data row, amount column) of each segment."""
    texts = grid.texts
    header_sets = [texts[r] for r in header_rows]
    economic = kind in ECONOMIC_KINDS or any(
        "经济" in normalised(t) for s in segs for c in s.cols for t in c.path)
    unit_per_row = kind == "operating_cost" and any(
        c.role == "name" and "单位" in normalised(c.low) for s in segs for c in s.cols)
    prev_codes: list[list[Optional[str]]] = [[None] for _ in segs]
    econ_class: list[Optional[str]] = [None for _ in segs]
    seg_econ = [_segment_economic(s, economic) for s in segs]
    row_units = {} if unit_per_row else units_of_rows(doc, table, texts, data_rows, segs, kind)
    pending: Optional[list[_RowPart]] = None
    for r in data_rows:
        row = texts[r]
        if _header_like_repeat(row, header_sets) or is_meta_row(row):
            continue
        parts = [_read_part(s, row, prev_codes[i]) for i, s in enumerate(segs)]
        # amounts printed in a block without a label belong to the nearest labelled block on the
        # left that printed none (公开06表: 公用经费合计 in col 3, its figure in the last column)
        for i, p in enumerate(parts):
            if p.amounts and not p.label and not p.code:
                for j in range(i - 1, -1, -1):
                    q = parts[j]
                    if (q.label or q.code) and not q.amounts:
                        q.amounts = list(p.amounts)  # provenance stays the printed column
                        p.amounts = []
                        break
        # a label printed on its own row with the figures on the next one (PDF wraps)
        if pending is not None:
            for i, p in enumerate(parts):
                q = pending[i]
                if p.amounts and not p.label and not p.code and (q.label or q.code):
                    p.label, p.code, p.gov_name = q.label, q.code, p.gov_name or q.gov_name
        if default_label:
            for p in parts:
                if p.amounts and not p.label and not p.code:
                    p.label = default_label
        label_only = all(not p.amounts for p in parts) and any(p.label or p.code for p in parts)
        pending = parts if label_only else None
        for i, (seg, p) in enumerate(zip(segs, parts, strict=False)):
            if not p.amounts:
                continue
            label = clean_label(p.label)  # as printed (numbering kept), wraps/spaces removed
            nlabel = normalised(p.label)
            is_total = bool(TOTAL_LABEL_RE.search(nlabel)) or nlabel in ("合计", "总计")
            subject_code = economic_code = None
            if p.code:
                if p.code[0] in "35" and (len(p.code) in (3, 5) or (len(p.code) == 7 and seg_econ[i])):
                    economic_code = p.code  # 7 digits: 3010201 津贴补贴 under 301 (Xi'an)
                elif p.code[0] in "12" or len(p.code) == 7:
                    subject_code = p.code
                if economic_code and len(economic_code) == 3:
                    econ_class[i] = economic_code
            elif not is_total:
                if seg_econ[i]:
                    economic_code = economic_code_for_name(p.econ_name or p.label, parent=econ_class[i],
                                                           scheme=_segment_scheme(seg))
                    if economic_code and len(economic_code) == 3:
                        econ_class[i] = economic_code
                elif seg.side == "expenditure" or (
                        kind in FUNCTION_KINDS and seg.side is None and
                        (NUMBERED_RE.match(p.label or "") or re.search(r"[（(]类[）)]$", normalised(p.label)))):
                    subject_code = function_code_for_name(p.label)
            unit_name = None
            if r in row_units:
                unit_name, head = row_units[r]
                if head:  # the unit's own line: its subtotal (or the department's total)
                    is_total, subject_code, economic_code = True, None, None
                    econ_class[i] = None
            elif unit_per_row and not is_total:
                unit_name = label
            elif p.unit_label:
                unit_name = clean_label(p.unit_label)
            for col, text, printed_col in p.amounts:
                if col.measure is None:
                    _warn_once(doc, table, f"column {col.index} ({'/'.join(col.path)}) has no measure")
                    continue
                value, decimals = cast(tuple[Decimal, int], parse_amount(text))  # an amount
                doc.line_items.append(LineItem(
                    table_id=table.table_id,
                    page_number=grid.page(r, printed_col, table.page_from),
                    row_number=r,
                    measure=col.measure,
                    amount_wan=to_wan(value, table.unit_as_printed),
                    amount_as_printed=text.strip(),
                    decimals=decimals,
                    item_name=label,
                    is_total=is_total,
                    side=seg.side,
                    subject_code=subject_code,
                    economic_code=economic_code,
                    government_economic_name=clean_label(p.gov_name) if p.gov_name else None,
                    unit_name=unit_name,
                    col_number=printed_col,
                ))


def _segment_economic(seg: Segment, default: bool) -> bool:
    """Whether a block's lines are economic classes: its label header says 功能分类 or 经济分类
    (Xi'an's 收支总表 lists 支出功能分类科目, 部门预算支出经济分类科目 and 政府预算支出经济分类科目 side by
    side), else the table's kind and headers decide."""
    heads = normalised("".join(t for c in seg.cols if c.role in ("name", "gov_name", "code") for t in c.path))
    if "功能" in heads:
        return False
    return True if "经济" in heads else default


def _segment_scheme(seg: Segment) -> Optional[str]:
    """'government' for a block whose lines are 政府预算支出经济分类 names (the third listing of Xi'an's
    收支总表), else None (部门 scheme first)."""
    heads = normalised("".join(t for c in seg.cols if c.role == "name" for t in c.path))
    return "government" if "政府" in heads and "经济" in heads and "部门" not in heads else None


def _warn_once(doc: Document, table: Table, message: str) -> None:
    text = f"table {table.table_id} ({table.title}): {message}"
    if text not in doc.warnings:
        doc.warnings.append(text)
