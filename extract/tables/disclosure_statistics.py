"""部门决算公开相关信息统计表: money rows are line items, counts (vehicles, equipment, people …) are
statistics."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from extract.amounts import parse_amount, to_wan
from extract.codes import strip_numbering
from extract.model import Document, LineItem, Statistic, Table
from extract.tables.cell_text import TOTAL_LABEL_RE, normalised, clean_label
from extract.tables.grid_matrix import Grid
from extract.tables.header_rows import is_column_number_row


_MONEY_SECTION_RE = re.compile(r"政府采购|机关运行经费|经费|金额|支出|资金")
_STAT_UNIT_RE = re.compile(r"[（(]\s*(辆|台|套|台[（(]?套[）)]?|人|个|处|平方米|㎡|m2|亩|次|批次|人次)\s*[）)]")


def interpret_statistics(doc: Document, table: Table, grid: Grid, start: int) -> None:
    """Append the non-money figures of a 相关信息统计表 from row start on to doc.statistics."""
    texts = grid.texts
    rownum_cols = {c for row in texts for c, t in enumerate(row) if normalised(t) in ("行次", "栏次")}
    section = ""
    stat_unit: Optional[str] = None
    for r in range(start, len(texts)):
        row = texts[r]
        vals = [(c, t) for c, t in enumerate(row) if t]
        if not vals:
            continue
        label_col, label = vals[0]
        if parse_amount(label) is not None:
            continue
        nlabel = normalised(label)
        if nlabel in ("项目", "项目名称") or is_column_number_row(row):
            continue
        values = [(c, t) for c, t in vals[1:] if c not in rownum_cols and parse_amount(t) is not None]
        if not rownum_cols:
            values = values[-1:]
        if re.match(r"^[一二三四五六七八九十]+[、.．]", nlabel) and not values:
            section = clean_label(strip_numbering(label))
            stat_unit = None
            continue
        unit_m = _STAT_UNIT_RE.search(unicodedata.normalize("NFKC", label))
        if unit_m:
            stat_unit = unit_m.group(1).replace("(", "（").replace(")", "）")
        if not values:
            continue
        c, t = values[-1]
        parsed = parse_amount(t)
        assert parsed is not None  # values holds amounts only
        value, decimals = parsed
        item = clean_label(strip_numbering(label))
        money = bool(_MONEY_SECTION_RE.search(normalised(section))) and not unit_m and not (
            stat_unit and section and not _MONEY_SECTION_RE.search(normalised(section)))
        if money:
            doc.line_items.append(LineItem(
                table_id=table.table_id,
                page_number=grid.page(r, c, table.page_from),
                row_number=r,
                measure="total",
                amount_wan=to_wan(value, table.unit_as_printed),
                amount_as_printed=t.strip(),
                decimals=decimals,
                item_name=f"{section}：{item}" if section else item,
                is_total=bool(TOTAL_LABEL_RE.search(normalised(item))),
                col_number=c,
            ))
        else:
            unit = unit_m.group(1) if unit_m else (stat_unit if "用车" in nlabel or "车" in nlabel else None)
            if unit is None and re.search(r"设备", nlabel):
                unit = "台（套）"
            doc.statistics.append(Statistic(
                table_id=table.table_id,
                page_number=grid.page(r, c, table.page_from),
                item_name=f"{section}：{item}" if section else item,
                value=value,
                unit_as_printed=unit,
            ))
