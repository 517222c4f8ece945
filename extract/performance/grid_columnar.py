"""Columnar performance grids (Changsha): project columns (单位编码, 单位（项目）名称, 资金总额, 绩效目标)
on the same rows as the indicator columns, many projects in one table over many pages
(项目支出绩效目标表; its 部门整体支出绩效目标表 is the department-level variant). On continuation
pages the grid may glue the project's cells to the level columns: the heads are found in the page
text.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.model import Document, PerformanceIndicator, PerformanceProject
from extract.performance.common import (
    LevelState, compact, dec, is_indicator_header, is_subsequence, project_key, to_wan,
)
from extract.performance.grid_indicators import cell_at, indicator_columns, indicators_from_rows
from extract.performance.grid_tables import LogicalTable, indicator_header_rows, merged_roles


_HEAD_LINE = re.compile(r"^(?:(\d{6})\s+)?(.*?)\s*(\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})(?:\s+(.*))?$")
_CODE_LINE = re.compile(r"^(\d{6})(?:\s+(.*))?$")


def _text_heads(page_text: str) -> list[tuple[Optional[str], str, str]]:
    """(单位编码, name, amount as printed) of the project heads printed on a page of a columnar table:
    "106001 电信诈骗防范拦截系统建设运维及专网租" / "赁运行经费" / "242.25 对电信网络…"."""
    lines = [ln.strip() for ln in (page_text or "").split("\n")]
    out = []
    for i, ln in enumerate(lines):
        m = _HEAD_LINE.match(ln)
        if not m:
            continue
        code, prefix, amount = m.group(1), m.group(2).strip(), m.group(3)
        name_parts = [prefix] if prefix else []
        if not code:
            back: list[str] = []
            for j in range(i - 1, max(-1, i - 4), -1):
                cm = _CODE_LINE.match(lines[j])
                if cm:
                    code = cm.group(1)
                    if cm.group(2):
                        back.insert(0, cm.group(2))
                    name_parts = back + name_parts
                    break
                if _HEAD_LINE.match(lines[j]) or len(lines[j]) > 24:
                    break  # a heading or a long line: the lines above name no project
                back.insert(0, lines[j])
            if code is None and not prefix:
                continue
        name = compact("".join(name_parts))
        if name and not re.search(r"\d{3,}", name[:2]):
            out.append((code, name, amount))
    return out


def read_columnar(lt: LogicalTable, first_hdr: int, doc: Document, dept_level: bool):
    """Projects and indicators of a columnar grid (Changsha); None when its columns cannot be read."""
    hdr_rows = indicator_header_rows(lt.rows, first_hdr)
    cols = indicator_columns([r.cells for r in hdr_rows])
    if cols is None:
        return None
    roles = merged_roles([r.cells for r in hdr_rows])
    first_level = min(k for k in (cols.l1, cols.l2, cols.l3) if k is not None)

    def col_of(role):
        for k, rs in enumerate(roles):
            if role in rs and k < first_level:
                return k
        return None

    c_code, c_name, c_amount, c_goal = col_of("ucode"), col_of("pname"), col_of("amount"), col_of("goal")
    # department level: the unit's columns (code, name, money, goal) swallowed by the grid into one
    # cell that also holds the 一级/二级 labels of some rows
    left = [k for k in range(first_level + 1)]
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    current: Optional[PerformanceProject] = None
    current_amount_text = None
    unit_name = doc.unit_name
    unit_code = None
    state = LevelState()
    heads_cache: dict[int, list] = {}
    amount_unit = lt.unit or "万元"
    for row in lt.rows[first_hdr + 1:]:
        cells = row.cells
        if not any(cells):
            continue
        j = row.joined()
        if is_indicator_header(cells) or "单位编码" in j[:40] or j.startswith("注"):
            continue
        if dept_level:
            lumps = tuple(k for k in left if k < len(cells) and len(compact(cells[k])) > 12)
            inds = indicators_from_rows([row], cols, None, None, state, doc, None, lump_cells=lumps)
            indicators.extend(inds)
            continue
        code, name, amt, goal = (cell_at(cells, c_code), cell_at(cells, c_name), cell_at(cells, c_amount),
                                 cell_at(cells, c_goal))
        has_ind = any(cell_at(cells, k) for k in (cols.l1, cols.l2, cols.l3, cols.target))
        left_text = [cells[k] for k in range(min(first_level, len(cells))) if cells[k]]
        new_head: Optional[tuple[Optional[str], str, str, Optional[str]]] = None
        if name and dec(amt) is not None and len(compact(name)) <= 60:
            if compact(name) in ("合计", "合计：", "总计"):
                continue
            if not has_ind and not goal:
                unit_name = compact(name)  # a unit's subtotal row
                unit_code = compact(code) or None
                current = None
                continue
            new_head = (compact(code) or None, compact(name), compact(amt), compact(goal))
        elif left_text:
            lump = compact("".join(left_text))
            if lump.startswith(("合计", "总计")):
                continue
            if row.page not in heads_cache:
                heads_cache[row.page] = _text_heads(doc.pages_text[row.page - 1]
                                                    if 0 < row.page <= len(doc.pages_text) else "")
            for hcode, hname, hamt in heads_cache[row.page]:
                if hname.startswith(("合计", "总计")):
                    continue
                if hamt in lump and is_subsequence(hname, lump):
                    new_head = (hcode, hname, hamt, None)
                    break
        if new_head is not None:
            hcode, hname, hamt, hgoal = new_head
            if current is None or current.project_name != hname or current_amount_text != hamt:
                current = PerformanceProject(
                    project_key=project_key(unit_name, hname), project_name=hname,
                    page_number=row.page, kind="target", unit_name=unit_name,
                    department_name=doc.unit_name,
                    annual_amount_wan=to_wan(dec(hamt), amount_unit),
                    extra={"项目资金单位": amount_unit})
                if hcode or unit_code:
                    current.extra["单位编码"] = hcode or unit_code
                if hgoal:
                    current.extra["绩效目标"] = hgoal
                current_amount_text = hamt
                projects.append(current)
                state = LevelState()
        if current is None:
            continue
        # cells that swallowed the level columns along with the project's (continuation pages)
        clean_head = bool(name) and dec(amt) is not None
        lumps = () if clean_head else tuple(
            k for k in range(min(first_level, len(cells))) if len(compact(cells[k])) > 12)
        inds = indicators_from_rows([row], cols, current.project_key, current.project_name, state, doc,
                                    None, lump_cells=lumps)
        for i in inds:
            i._owner = current  # type: ignore[attr-defined]  # a transient tag, not a field
        indicators.extend(inds)
    return projects, indicators
