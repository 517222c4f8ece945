"""Grids → line items: one interpretation of headers, codes, units and measures for every reader.

``interpret_document(doc)`` sets ``table.table_kind`` on every table and appends one ``LineItem``
per (data row, amount column) to ``doc.line_items`` (non-money figures of the 相关信息统计表 go to
``doc.statistics``).

How a grid is read (DOMAIN.md), one module of ``extract/tables/`` per step:
1. ``header_rows``: header rows are the leading rows until the first row that looks like data (a
   printed amount, a code, a 合计 label alone, a numbered line, or a label with nothing else). A
   栏次 row ("1 2 3") is a header row and gives no meaning.
2. ``columns``: each column gets a header *path* (its header texts top-down; a group header is
   carried right over the sub-columns it spans, and up-down over merged cells) and from it a role:
   code (科目编码, 科目代码, 类/款/项), name (科目名称, 项目, 项目名称, 单位名称 …), government economic
   name, 行次, or amount with a measure (``measures``: DOMAIN.md's mapping, most specific header
   first).
3. ``columns``: columns fall into *segments* — label columns followed by amount columns. Two
   segments side by side are a two-sided summary (收入 | 支出 → ``side``) or repeated blocks
   (公开06表's four 科目代码/科目名称/决算数 blocks); a segment with a single amount column has
   measure ``total``.
4. ``line_items``: each data row of each segment becomes line items (codes, names, totals), with
   the unit a row belongs to in tables printed unit by unit (``unit_rows``).
5. ``items_as_columns``: items printed as columns (三公 tables of final accounts, Shanghai,
   Jiangsu) are turned so each item is a line item (``item_name``) and each amount a measure.
6. ``disclosure_statistics``: the 相关信息统计表's money rows are line items, its counts statistics.

``grid_matrix`` squares a grid into a text matrix; ``cell_text`` holds the text tests they share.
"""

from __future__ import annotations

import re

from extract.amounts import find_unit, is_blank_amount, normalise_number_text, parse_amount
from extract.model import Document, Table
from extract.tables.cell_text import ITEM_WORDS, is_code_text, looks_amount, normalised
from extract.tables.classify import classify_table
from extract.tables.columns import (
    classify_column,
    Column,
    detect_code_parts,
    detect_government_names,
    finalise_measures,
    group_subtotals,
    header_paths,
    segments_of,
    side_of,
)
from extract.tables.disclosure_statistics import interpret_statistics
from extract.tables.grid_matrix import padded_grid
from extract.tables.header_rows import count_header_rows, is_column_number_row, is_meta_row
from extract.tables.items_as_columns import (
    interpret_item_columns,
    interpret_transposed,
    interpret_year_rows,
)
from extract.tables.line_items import interpret_rows


_EMPTY_RE = re.compile(r"本表无数据|此表为空|本表为空|为空表|本单位无此项|无此项(收支|支出|收入)?$|本表无内容")


def interpret_document(doc: Document) -> None:
    """Set ``table_kind`` on every table; append its line items and statistics to ``doc``.

    Idempotent: figures read earlier from these tables are replaced, not doubled."""
    ids = {t.table_id for t in doc.tables}
    doc.line_items[:] = [li for li in doc.line_items if li.table_id not in ids]
    doc.statistics[:] = [st for st in doc.statistics if st.table_id not in ids]
    for table in doc.tables:
        try:
            _interpret_table(doc, table)
            _mark_empty_without_amounts(doc, table)
        except Exception as exc:  # one odd table must not lose the document
            doc.warnings.append(f"table {table.table_id} ({table.title}): not interpreted: "
                                f"{type(exc).__name__}: {exc}")


def _cell_holds_amount(text: str) -> bool:
    """A printed figure, as opposed to a code, a code part ('06'), a label or a placeholder
    ('XX', '…', '-', '——'): it parses, and shows a decimal point or a thousands separator, or is a
    bare integer that is no subject/economic code."""
    if not text or is_blank_amount(text):
        return False
    if looks_amount(text):
        return True
    t = normalise_number_text(text)
    if parse_amount(t) is None or not re.fullmatch(r"\d+", t):
        return False
    if is_code_text(t) or (len(t) > 1 and t.startswith("0")):
        return False
    return True


def _mark_empty_without_amounts(doc: Document, table: Table) -> None:
    """A recognised table whose grid holds no figure at all (a template: blanks, XX, …) is empty
    on purpose, like one that says 本表无数据: present and empty. And the other way round: a table
    that prints figures is not empty, whatever note was copied under it (Wanli 2024 p.31 prints
    its 三公 figures above "故本表为空表") — unless every figure is 0.00 ("注：本表本年无发生额"
    under a table of zeros, Zhuhai and Guangzhou): that table is empty and keeps its zero rows."""
    has_rows = any(li.table_id == table.table_id and li.amount_wan != 0 for li in doc.line_items) \
        or any(st.table_id == table.table_id for st in doc.statistics)
    if table.is_empty and has_rows:
        table.is_empty = False
        doc.warnings.append(f"table {table.table_id} ({table.title}) says it is empty but prints "
                            "figures: kept as a table with rows")
        return
    if table.is_empty or table.table_kind is None:
        return
    if any(li.table_id == table.table_id for li in doc.line_items) or \
            any(st.table_id == table.table_id for st in doc.statistics):
        return
    texts = padded_grid(table).texts
    for row in texts:
        if is_column_number_row(row):
            continue
        if any(_cell_holds_amount(t) for t in row if t):
            return
    table.is_empty = True


def _interpret_table(doc: Document, table: Table) -> None:
    grid = padded_grid(table)
    texts = grid.texts
    # leading title/unit lines caught inside the grid
    start = 0
    while start < len(texts) and (is_meta_row(texts[start]) or
                                  (sum(1 for t in texts[start] if t) == 1 and normalised(texts[start][0]) == normalised(table.title)
                                   and table.title)):
        unit = find_unit(" ".join(texts[start]))
        if unit and not table.unit_as_printed:
            table.unit_as_printed = unit
        start += 1
    body = texts[start:]
    hcount = count_header_rows(body)
    header_rows = list(range(start, start + hcount))
    header_texts = [t for r in header_rows for t in texts[r] if t]
    kind = classify_table(table.title, header_texts, doc.doc_type)
    if kind is None and table.table_kind:
        kind = table.table_kind
    table.table_kind = kind
    if kind is None:
        return
    data_rows = [r for r in range(start + hcount, len(texts)) if any(texts[r])]
    if any(_EMPTY_RE.search(normalised(t)) for r in data_rows for t in texts[r] if t):
        table.is_empty = True
    if not data_rows:
        return
    if kind == "disclosure_statistics":
        interpret_statistics(doc, table, grid, start)
        return

    paths = header_paths(texts, header_rows, grid.width)
    cols = [Column(c, paths[c]) for c in range(grid.width)]
    for col in cols:
        classify_column(col, [texts[r][col.index] for r in data_rows])
    detect_code_parts(cols, texts, data_rows)
    detect_government_names(cols, texts, data_rows)
    segs = segments_of(cols)
    all_header = normalised("".join(header_texts))
    group_subtotals(segs)
    finalise_measures(segs, all_header)

    label_cols = [c for c in cols if c.role in ("code", "code_part", "name")]
    has_row_labels = any(texts[r][c.index] for r in data_rows for c in label_cols)
    if not has_row_labels and not any(
            texts[r][c.index] and parse_amount(texts[r][c.index]) is None and not is_blank_amount(texts[r][c.index])
            for r in data_rows for c in cols if c.role != "rownum"):
        amount_cols = [c for c in cols if c.role == "amount"]
        if kind != "three_public" and amount_cols and all(not c.generic for c in amount_cols) \
                and not any(w in all_header for w in ITEM_WORDS):
            # one unlabelled row under measure headers (Jiangsu 支出预算总表: 合计 | 基本支出 | …):
            # the table's total row, one line item per measure
            interpret_rows(doc, table, grid, segs, data_rows, header_rows, kind, default_label="合计")
            return
        # no row labels at all: the items are the columns (三公 tables)
        interpret_transposed(doc, table, grid, cols, data_rows, all_header)
        return
    if kind == "three_public" and interpret_year_rows(doc, table, grid, segs, data_rows):
        return
    if kind == "three_public" and interpret_item_columns(doc, table, grid, cols, data_rows):
        return

    if len(segs) >= 2:
        sides = [side_of(s) for s in segs]
        if len(set(x for x in sides if x)) == 2:
            for s, side in zip(segs, sides, strict=True):
                s.side = side
    interpret_rows(doc, table, grid, segs, data_rows, header_rows, kind)
