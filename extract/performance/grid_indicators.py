"""The indicator rows of a performance grid: which column holds what (from the header rows, or
inferred on a continuation page without one), and one indicator per row and period, the 一级/二级
labels carried down the rows, merged or glued cells taken apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from extract.model import Document, PerformanceIndicator
from extract.performance.common import (
    LEVEL1, LEVEL2, LEVEL2_FAMILY, LevelState, clean, compact, dec, decode_levels, is_indicator_header,
    is_placeholder, make_indicator, nfkc,
)
from extract.performance.grid_tables import Row, merged_roles


# ----------------------------------------------------------------------------------------------
# value columns of an indicator header

@dataclass
class Columns:
    l1: Optional[int] = None
    l2: Optional[int] = None
    l3: Optional[int] = None
    lump12: bool = False  # 一级 and 二级 in one column
    lump23: bool = False  # 二级 and 三级 in one column
    target: Optional[int] = None
    target_impl: Optional[int] = None
    merged_targets: bool = False  # 实施周期指标值 and 年度指标值 in one column
    adjusted: Optional[int] = None
    actual: Optional[int] = None
    weight: Optional[int] = None
    score: Optional[int] = None
    optype: Optional[int] = None
    munit: Optional[int] = None
    remark: Optional[int] = None
    reason: Optional[int] = None


def indicator_columns(rows: list[list[str]]) -> Optional[Columns]:
    """Column roles from one or two header rows; None when the grid merged a name column with a
    value column (the cells cannot be split: the text reader reads such a table)."""
    roles = merged_roles(rows)
    cols = Columns()
    for k, rs in enumerate(roles):
        s = set(rs)
        if "l3" in s and s & {"target", "target_impl", "actual"}:
            return None
        if "l1" in s and cols.l1 is None:
            cols.l1 = k
        if "l2" in s and cols.l2 is None:
            cols.l2 = k
        if "l3" in s and cols.l3 is None:
            cols.l3 = k
        if "target_impl" in s and cols.target_impl is None:
            cols.target_impl = k
        if "target" in s and cols.target is None:
            cols.target = k
        for role in ("adjusted", "actual", "weight", "score", "optype", "munit", "remark", "reason"):
            if role in s and getattr(cols, role) is None:
                setattr(cols, role, k)
    if cols.l1 is not None and cols.l1 == cols.l2:
        cols.lump12 = True
    if cols.l2 is not None and cols.l2 == cols.l3:
        cols.lump23 = True
    if cols.target is not None and cols.target == cols.target_impl:
        cols.merged_targets = True
    if cols.l3 is None:
        return None
    return cols


def cell_at(cells: list[str], k: Optional[int]) -> str:
    """The cell at index k, or '' when k is None or past the row's end."""
    if k is None or k >= len(cells):
        return ""
    return cells[k]


def _split_l2_name(text: str) -> tuple[Optional[str], Optional[str], str]:
    """A cell holding 二级指标 and 三级指标 glued ("数量指标惠及中职学生"); a 一级 label (and the 总分
    row glued under the last row) may lead it: "满意度指标（10分）总分服务对象满意度指标受助家庭满意度"."""
    t = compact(text)
    l1 = None
    for w in LEVEL1:
        m = re.match(re.escape(w) + r"(?:[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）])?(?:总分)?", t)
        if m and len(t) > m.end():
            l1, t = w, t[m.end():]
            break
    if t.startswith("总分"):
        t = t[2:]
    found = None
    for w in LEVEL2:
        if t.startswith(w) and len(t) > len(w):
            found, t = w, t[len(w):]
            break
    if found is None:
        # the name wrapped around the 二级 label ("服务质量符合要质量指标求")
        for w in LEVEL2:
            if w in LEVEL1 or len(w) < 4:
                continue
            k = t.find(w)
            if k > 0:
                found, t = w, t[:k] + t[k + len(w):]
                break
    if found and not found.endswith("指标") and found + "指标" in LEVEL2_FAMILY and "指标" in t:
        # "经济效益" / "指标" wrapped: the caption's second line landed in the name
        found, t = found + "指标", t.replace("指标", "", 1)
    return l1, found, t


def _split_merged_values(text: str, name: str, page_text: str) -> tuple[str, str]:
    """实施周期指标值 and 年度指标值 printed in one grid cell (no rule between the columns)."""
    t = (text or "").strip()
    if not t:
        return "", ""
    parts = t.split()
    if len(parts) == 2:
        return parts[0], parts[1]
    c = compact(t)
    n = len(c)
    if n % 2 == 0 and nfkc(c[: n // 2]) == nfkc(c[n // 2:]):
        return c[: n // 2], c[n // 2:]
    # the page text prints the two cells one after the other (the grid interleaved their lines)
    lines = [compact(x) for x in (page_text or "").split("\n")]
    flat = "".join(lines)
    cn = compact(name)
    k = flat.find(cn) if cn else -1
    if k >= 0:
        seg = flat[k + len(cn): k + len(cn) + n]
        if sorted(seg) == sorted(c):
            m = len(seg)
            if m % 2 == 0 and nfkc(seg[: m // 2]) == nfkc(seg[m // 2:]):
                return seg[: m // 2], seg[m // 2:]
            # the line break nearest to the middle
            best = None
            start = flat.find(seg, k)
            acc = 0
            for ln in lines:
                if acc > start and acc < start + m:
                    cut = acc - start
                    if best is None or abs(cut - m / 2) < abs(best - m / 2):
                        best = cut
                acc += len(ln)
            if best:
                return seg[:best], seg[best:]
    return t, t


def _compose_target(value: str, optype: str, munit: str) -> str:
    """Changsha prints 指标值 '10', 指标值类型 '≥' and 度量单位 '个' in three cells: '≥10个'."""
    v = value.strip()
    op = nfkc(compact(optype))
    if not v or is_placeholder(v):
        return v
    if op in (">=", "<=", "=", ">", "<", "≥", "≤") and dec(v) is not None:
        sym = {">=": "≥", "<=": "≤"}.get(op, op)
        return f"{sym}{v}{munit.strip() if munit else ''}"
    if op in ("定量",) and dec(v) is not None:
        return f"{v}{munit.strip() if munit else ''}"
    if dec(v) is not None and munit and munit.strip() not in ("", "-"):
        return f"{v}{munit.strip()}"
    return v


def infer_columns(rows: list[Row], base: Columns) -> Optional[Columns]:
    """Columns of a continuation grid without a header: level columns are those holding only
    indicator vocabulary, the value is the last filled column, the name the one before it. Only for
    tables whose header names a single value column (targets without scores)."""
    if any(getattr(base, r) is not None for r in ("actual", "weight", "score", "target_impl", "optype")):
        return None
    width = max(len(r.cells) for r in rows)
    filled = [k for k in range(width) if any(k < len(r.cells) and r.cells[k] for r in rows)]
    if len(filled) < 2:
        return None
    target = filled[-1]
    level = []
    for k in range(width):
        vals = [r.cells[k] for r in rows if k < len(r.cells) and r.cells[k]]
        if vals and all(any(decode_levels(v, substring_ok=False)) for v in vals):
            level.append(k)
    rest = [k for k in filled if k not in level and k != target]
    if not rest:
        return None
    cols = Columns(l3=rest[-1], target=target)
    if level:
        cols.l1 = level[0]
        cols.l2 = level[1] if len(level) > 1 else level[0]
        cols.lump12 = len(level) == 1
    return cols


def indicators_from_rows(rows: list[Row], cols: Columns, key, name, state: LevelState,
                         doc: Document, total: Optional[tuple] = None,
                         lump_cells: tuple = (), header_row: Optional[Row] = None
                         ) -> list[PerformanceIndicator]:
    """The indicators of a run of grid rows read with the given columns."""
    out: list[PerformanceIndicator] = []
    base_cols, base_seg, base_width = cols, (rows[0].seg if rows else 0), (len(rows[0].cells) if rows else 0)
    if header_row is not None:
        base_seg, base_width = header_row.seg, len(header_row.cells)
    seg_cols: dict = {}
    # rows of a group whose merged 二级 cell prints its label further down (centred in the span):
    # the group starts where the numbering restarts at "指标1"
    pending: list[PerformanceIndicator] = []
    last_no = None
    for row in rows:
        cells = row.cells
        if is_indicator_header(cells):
            continue
        cols = base_cols
        if row.seg != base_seg and len(cells) != base_width:
            # a continuation printed on the next page whose grid has other columns
            if row.seg not in seg_cols:
                seg_cols[row.seg] = infer_columns([r for r in rows if r.seg == row.seg], base_cols)
            cols = seg_cols[row.seg] or base_cols
        merged_total = any("总分" in compact(cell_at(cells, k)) for k in {cols.l1, cols.l2, cols.l3, 0}
                           if k is not None)
        l1 = l2 = None
        name_text = cell_at(cells, cols.l3)
        if cols.lump23:
            l1x, l2, name_text = _split_l2_name(name_text)
            l1 = l1x
        if cols.l1 is not None:
            a, b = decode_levels(cell_at(cells, cols.l1))
            l1 = a or l1
            if cols.lump12 or (b and not l2):
                l2 = b or l2
        if cols.l2 is not None and not cols.lump12 and not cols.lump23:
            a, b = decode_levels(cell_at(cells, cols.l2))
            l2 = b or l2
            if a and not l1:
                l1 = a
        for k in lump_cells:  # cells that swallowed the level columns (Changsha continuation pages)
            if (l1 is None or l2 is None) and cell_at(cells, k):
                a, b = decode_levels(cell_at(cells, k))
                l1 = l1 or a
                if l2 is None and b:
                    l2 = b
        if l2 is None:  # a level label in a column the header does not name (shifted grids)
            used = {cols.l1, cols.l2, cols.l3, cols.target, cols.target_impl, cols.actual}
            for k, c in enumerate(cells):
                if k not in used and c:
                    a, b = decode_levels(c, substring_ok=False)
                    if b and (a is None or a == l1 or l1 is None):
                        l1, l2 = l1 or a, b
                        break
        if l1 == "成本指标" and l2 is None and state.l1 == "产出指标":
            l1, l2 = None, "成本指标"  # 成本指标 as a 二级 under 产出指标 (older Shaanxi templates)
        ind_name = clean(name_text)
        m_no = re.match(r"^指标(\d+)[：:]", ind_name)
        number = int(m_no.group(1)) if m_no else None
        if l2 and pending and LEVEL2_FAMILY.get(l2, state.l1) in (state.l1, None) and l2 != state.l2:
            for ind in pending:  # the label printed below the group's first rows
                ind.level2 = l2
            pending = []
        elif l2 or l1:
            pending = []
        if (number == 1 and last_no is not None and last_no >= 1 and not l2 and not l1):
            pending = []
            pending_open = True
        else:
            pending_open = bool(pending)
        if number is not None:
            last_no = number
        state.update(l1, l2)
        if ind_name.startswith("总分"):
            continue
        target = cell_at(cells, cols.target)
        impl = cell_at(cells, cols.target_impl) if cols.target_impl is not None else None
        if cols.merged_targets:
            impl, target = _split_merged_values(target, ind_name, doc.pages_text[row.page - 1]
                                                if 0 < row.page <= len(doc.pages_text) else "")
        adjusted = cell_at(cells, cols.adjusted)
        if cols.optype is not None:
            target = _compose_target(target, cell_at(cells, cols.optype), cell_at(cells, cols.munit))
        if (not target or not re.search(r"\d", target)) and adjusted and re.search(r"\d", adjusted):
            target = adjusted  # 年初指标值 printed without a number ("≥场次") or blank
        if is_placeholder(target) and is_placeholder(impl or "") and (
                is_placeholder(ind_name) or _NOT_APPLICABLE.match(compact(ind_name))):
            continue  # "不适用生态效益指标 | 无": a level the project has no indicator for
        if not ind_name:
            continue
        weight = dec(cell_at(cells, cols.weight)) if cols.weight is not None else None
        score = dec(cell_at(cells, cols.score)) if cols.score is not None else None
        if weight is None and cols.weight is None and cols.remark is not None:
            weight = dec(cell_at(cells, cols.remark))  # Changsha: the points are printed under 备注
        if merged_total and total:
            weight, score = _unglue_total(cell_at(cells, cols.weight), cell_at(cells, cols.score), total)
        actual = cell_at(cells, cols.actual) if cols.actual is not None else None
        if impl is not None and cols.target_impl is not None:
            out.append(make_indicator(
                key=key, name=name, period="implementation", level1=state.l1, level2=state.l2,
                indicator_name=ind_name, target_value=None if is_placeholder(impl) else impl,
                page=row.page, weight=weight))
        out.append(make_indicator(
            key=key, name=name, period="annual", level1=state.l1, level2=state.l2,
            indicator_name=ind_name, target_value=None if is_placeholder(target) else target,
            page=row.page, actual_value=actual, weight=weight, score=score))
        if pending_open:
            pending.extend(x for x in out[-2:] if x.indicator_name == ind_name and x not in pending)
    return out


_NOT_APPLICABLE = re.compile(r"^(不适用|不涉及|不满足|不合适|无此项|本项目不涉及)")


def _unglue_total(weight_text: str, score_text: str, total: tuple) -> tuple:
    """The 总分 row glued under the last indicator row: '10100' = its 分值 10 + the total 100."""
    tw, ts = total
    out = []
    for text, tot in ((weight_text, tw), (score_text, ts)):
        t = compact(text)
        suffix = format(tot, "f") if tot is not None else "\0"
        if tot is not None and t.endswith(suffix) and len(t) > len(suffix):
            out.append(dec(t[: -len(suffix)]))
        else:
            out.append(dec(t))
    return out[0], out[1]
