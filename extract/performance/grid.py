"""Performance tables read from a PDF's table grids (``doc.tables``), layouts recognised by meaning.

A performance table is one whose header row names indicator columns (一级/二级/三级指标 or 指标内容,
and 指标值 / 实施周期指标值 / 实际完成值 / 分值 …). Three families:

- **form** (``_read_form``): one project (or a department) per block: label rows above the indicator
  header (项目名称 / 专项（项目）名称, 主管部门(及代码), 实施单位, 资金 amounts, 年度目标), then one row
  per indicator, optionally a 总分 row. Xi'an's 部门专项业务经费绩效目标表 and 项目绩效自评表, Yantai's
  政策和项目预算绩效目标表, the 部门整体支出绩效目标表 / 部门整体预算绩效目标申报表 of Xi'an and
  Guangzhou (department level: indicators without a project).
- **columnar** (``_read_columnar``): project columns (单位编码, 单位（项目）名称, 资金总额, 绩效目标) on the
  same rows as the indicator columns, many projects in one table over many pages (Changsha's
  项目支出绩效目标表; its 部门整体支出绩效目标表 is the department-level variant).
- **prose** (``extract.performance.prose``): one row per project whose 绩效指标 cell is a sentence
  list ("1、1-产出指标；11-数量指标；…；实施周期指标值:≥20场；年度指标值:≥20场。") — Guangzhou.

The grids carry the PDF reader's defects, which these readers undo where the printed page allows:
merged columns (labels glued or interleaved, decoded from the vocabulary in ``common``), merged rows
(a 总分 row glued under the last indicator: "10100" = 10 + 100; fund rows "240240"), a header row
glued to the first data row of a page, and cells that swallowed neighbouring columns (Changsha's
continuation pages). Label/value fields that the grid garbles are read from the page text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from extract.model import Document, PerformanceIndicator, PerformanceProject
from extract.performance.common import (
    GRADES, LEVEL1, LEVEL2, LEVEL2_FAMILY, LevelState, assign_funds, cell_roles, clean, compact, dec,
    decode_levels, is_indicator_header, is_placeholder, is_subsequence, make_indicator, nfkc,
    num_or_pct, project_key, to_wan,
)

# ----------------------------------------------------------------------------------------------
# logical tables

NAME_LABELS = ("专项（项目）名称", "项目（专项）名称", "部门（单位）名称", "项目名称", "专项名称", "部门名称",
               "单位名称")
DEPT_LABELS = ("主管部门及代码", "主管部门")
UNIT_LABELS = ("实施单位", "预算单位")
HEAD_LABELS = NAME_LABELS + DEPT_LABELS + UNIT_LABELS + (
    "资金金额", "项目资金", "实施期资金总额", "年度资金总额", "年度预算资金总额", "总体目标", "年度目标",
    "实施期限", "项目属性", "项目期", "年度主要任务", "年度总体目标")


@dataclass
class Row:
    cells: list[str]
    page: int
    seg: int = 0  # which printed table (doc.tables entry) the row comes from

    def first(self) -> str:
        for c in self.cells:
            if c:
                return compact(c)
        return ""

    def joined(self) -> str:
        return compact("".join(self.cells))


@dataclass
class LogicalTable:
    title: str
    rows: list[Row]
    unit: Optional[str]
    pages: set = field(default_factory=set)


def _logical_tables(doc: Document) -> list[LogicalTable]:
    out: list[LogicalTable] = []
    for seg, t in enumerate(doc.tables):
        rows = []
        width = max((len(r) for r in t.grid), default=0)
        for r in t.grid:
            cells = [clean(c.text) for c in r] + [""] * (width - len(r))
            page = r[0].page if r else t.page_from
            rows.append(Row(cells, page, seg))
        title = compact(t.title)
        if (not title and out and t.page_from - max(out[-1].pages) <= 1
                and _looks_performance(out[-1])):
            out[-1].rows.extend(rows)
            out[-1].pages.update(range(t.page_from, t.page_to + 1))
            continue
        out.append(LogicalTable(title, rows, t.unit_as_printed, set(range(t.page_from, t.page_to + 1))))
    return out


def _looks_performance(t: LogicalTable) -> bool:
    if "绩效" in t.title:
        return True
    return any(is_indicator_header(r.cells) for r in t.rows[:60])


# ----------------------------------------------------------------------------------------------
# entry point

@dataclass
class GridResult:
    projects: list[PerformanceProject] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    pages: set = field(default_factory=set)  # pages whose performance tables were read here


def read_grid_tables(doc: Document) -> GridResult:
    from extract.performance.prose_goals import read_prose_table, is_prose_header

    res = GridResult()
    for lt in _logical_tables(doc):
        if not lt.rows:
            continue
        header_idx = next((k for k, r in enumerate(lt.rows) if is_prose_header(r.cells)), None)
        if (header_idx is not None and "绩效" in lt.title + "".join(lt.rows[header_idx].cells)
                and not any(is_indicator_header(r.cells) for r in lt.rows[header_idx:header_idx + 3])):
            got = read_prose_table(lt, header_idx, doc)
            if got is not None:
                _add(res, lt, got)
            continue
        if not _looks_performance(lt):
            continue
        first_hdr = next((k for k, r in enumerate(lt.rows) if is_indicator_header(r.cells)), None)
        dept_level = _is_department_table(lt)
        if first_hdr is None:  # the grid lost the header row: indicator rows found by their labels
            got = _read_form(lt, doc, dept_level)
            if got is not None:
                _add(res, lt, got)
            continue
        hdr_rows = _header_rows(lt.rows, first_hdr)
        roles = _merged_roles([r.cells for r in hdr_rows])
        level_cols = [k for k, rs in enumerate(roles) if {"l1", "l2", "l3"} & set(rs)]
        project_cols = [k for k, rs in enumerate(roles)
                        if k < min(level_cols) and {"pname", "ucode", "goal", "amount"} & set(rs)]
        if project_cols or (dept_level and _columnar_dept(lt, first_hdr)):
            got = _read_columnar(lt, first_hdr, doc, dept_level)
        else:
            got = _read_form(lt, doc, dept_level)
        if got is not None:
            _add(res, lt, got)
    return res


def _header_rows(rows: list[Row], k: int) -> list[Row]:
    """The indicator header row and the header row printed above it (a two-row header: the group
    caption 绩效指标 above 一级指标 …, or the project columns' labels spanning both rows)."""
    out = [rows[k]]
    if k > 0:
        prev = rows[k - 1]
        if (any(cell_roles(c) for c in prev.cells) and not is_indicator_header(prev.cells)
                and not any(dec(c) is not None for c in prev.cells)):
            out.insert(0, prev)
    return out


def _merged_roles(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    roles: list[list[str]] = [[] for _ in range(width)]
    for r in rows:
        for k, c in enumerate(r):
            for role in cell_roles(c):
                if role not in roles[k]:
                    roles[k].append(role)
    return roles


def _add(res: GridResult, lt: LogicalTable, got):
    projects, indicators = got
    if not projects and not indicators:
        return
    res.projects.extend(projects)
    res.indicators.extend(indicators)
    res.pages.update(lt.pages)


def _is_department_table(lt: LogicalTable) -> bool:
    t = lt.title
    if "专项" in t and "部门整体" not in t:
        return False
    if any(w in t for w in ("部门整体", "整体支出", "整体预算绩效", "单位整体")):
        return True
    for r in lt.rows[:3]:
        f = r.first()
        if f.startswith(("部门（单位）名称", "部门名称", "单位名称")) and "项目" not in f:
            return True
    return False


def _columnar_dept(lt: LogicalTable, first_hdr: int) -> bool:
    """Changsha's 部门整体支出绩效目标表: the indicator header is the table's first row (no label rows
    above it: the unit, its money and goals are columns)."""
    return first_hdr == 0


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


def _columns(rows: list[list[str]]) -> Optional[Columns]:
    """Column roles from one or two header rows; None when the grid merged a name column with a
    value column (the cells cannot be split: the text reader reads such a table)."""
    roles = _merged_roles(rows)
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


def _cell(cells: list[str], k: Optional[int]) -> str:
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


def _infer_columns(rows: list[Row], base: Columns) -> Optional[Columns]:
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


def _indicators_from_rows(rows: list[Row], cols: Columns, key, name, state: LevelState,
                          doc: Document, total: Optional[tuple] = None,
                          lump_cells: tuple = (), header_row: Optional[Row] = None
                          ) -> list[PerformanceIndicator]:
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
                seg_cols[row.seg] = _infer_columns([r for r in rows if r.seg == row.seg], base_cols)
            cols = seg_cols[row.seg] or base_cols
        merged_total = any("总分" in compact(_cell(cells, k)) for k in {cols.l1, cols.l2, cols.l3, 0}
                           if k is not None)
        l1 = l2 = None
        name_text = _cell(cells, cols.l3)
        if cols.lump23:
            l1x, l2, name_text = _split_l2_name(name_text)
            l1 = l1x
        if cols.l1 is not None:
            a, b = decode_levels(_cell(cells, cols.l1))
            l1 = a or l1
            if cols.lump12 or (b and not l2):
                l2 = b or l2
        if cols.l2 is not None and not cols.lump12 and not cols.lump23:
            a, b = decode_levels(_cell(cells, cols.l2))
            l2 = b or l2
            if a and not l1:
                l1 = a
        for k in lump_cells:  # cells that swallowed the level columns (Changsha continuation pages)
            if (l1 is None or l2 is None) and _cell(cells, k):
                a, b = decode_levels(_cell(cells, k))
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
        target = _cell(cells, cols.target)
        impl = _cell(cells, cols.target_impl) if cols.target_impl is not None else None
        if cols.merged_targets:
            impl, target = _split_merged_values(target, ind_name, doc.pages_text[row.page - 1]
                                                if 0 < row.page <= len(doc.pages_text) else "")
        adjusted = _cell(cells, cols.adjusted)
        if cols.optype is not None:
            target = _compose_target(target, _cell(cells, cols.optype), _cell(cells, cols.munit))
        if (not target or not re.search(r"\d", target)) and adjusted and re.search(r"\d", adjusted):
            target = adjusted  # 年初指标值 printed without a number ("≥场次") or blank
        if is_placeholder(target) and is_placeholder(impl or "") and (
                is_placeholder(ind_name) or _NOT_APPLICABLE.match(compact(ind_name))):
            continue  # "不适用生态效益指标 | 无": a level the project has no indicator for
        if not ind_name:
            continue
        weight = dec(_cell(cells, cols.weight)) if cols.weight is not None else None
        score = dec(_cell(cells, cols.score)) if cols.score is not None else None
        if weight is None and cols.weight is None and cols.remark is not None:
            weight = dec(_cell(cells, cols.remark))  # Changsha: the points are printed under 备注
        if merged_total and total:
            weight, score = _unglue_total(_cell(cells, cols.weight), _cell(cells, cols.score), total)
        actual = _cell(cells, cols.actual) if cols.actual is not None else None
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


# ----------------------------------------------------------------------------------------------
# form layout

@dataclass
class Block:
    inferred: bool = False  # indicator rows found without a header row
    head: list[Row] = field(default_factory=list)
    header: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    total: Optional[Row] = None


def _starts_head(row: Row) -> bool:
    f = row.first()
    return f.startswith(NAME_LABELS) and not is_indicator_header(row.cells)


def _starts_new_head(row: Row) -> bool:
    f = row.first()
    return f.startswith(NAME_LABELS + DEPT_LABELS + ("资金金额", "项目资金")) and not is_indicator_header(row.cells)


def _blocks(rows: list[Row]) -> list[Block]:
    blocks: list[Block] = []
    cur: Optional[Block] = None
    state = None
    for row in rows:
        if not any(row.cells):
            continue
        if _starts_head(row) or (state in ("ind", "total") and _starts_new_head(row)):
            cur = Block(head=[row])
            blocks.append(cur)
            state = "head"
            continue
        if is_indicator_header(row.cells) or (
                state == "head" and cur is not None and not cur.header
                and {"l1", "l2"} <= {x for c in row.cells for x in cell_roles(c)}):
            if cur is None:
                cur = Block()
                blocks.append(cur)
            if state == "ind" and cur.rows:
                continue  # a header repeated on a new page
            cur.header.append(row)
            state = "ind"
            continue
        if row.first().startswith("总分"):
            if cur is not None:
                cur.total = row
            state = "total"
            continue
        if cur is None:
            cur = Block()
            blocks.append(cur)
            state = "head"
        if state == "head" and cur.head and _headerless_indicator_row(row):
            state = "ind"  # the indicator header is missing from the grid (Xi'an 2019)
            cur.inferred = True
        if state == "head":
            cur.head.append(row)
        elif state == "ind":
            cur.rows.append(row)
    return blocks


def _headerless_indicator_row(row: Row) -> bool:
    """A level label, then a name and a value: an indicator row under a header the grid lost."""
    filled = [c for c in row.cells if c]
    if len(filled) < 3:
        return False
    a, b = decode_levels(filled[0], substring_ok=False)
    return bool(a or b) and not any(lab in row.joined() for lab in HEAD_LABELS)


def _read_form(lt: LogicalTable, doc: Document, dept_level: bool):
    blocks = _blocks(lt.rows)
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    page_counts: dict[int, int] = {}
    for b in blocks:
        if b.inferred and b.rows and not b.header:
            cols = _infer_columns(b.rows, Columns())
            if cols is None:
                continue
            b.header = [Row([""] * len(b.rows[0].cells), b.rows[0].page, b.rows[0].seg)]
        elif not b.header:
            continue
        else:
            cols = _columns([r.cells for r in b.header])
        if cols is None:
            return None  # merged name/value columns: leave the table to the text reader
        first_page = (b.head or b.header)[0].page
        nth = page_counts.get(first_page, 0)
        page_counts[first_page] = nth + 1
        head = _head_fields(b, doc, lt, nth)
        self_eval = "自评" in lt.title or cols.actual is not None or cols.score is not None
        total = _total(b, doc, head)
        if dept_level:
            state = LevelState()
            inds = _indicators_from_rows(b.rows, cols, None, None, state, doc, total,
                                         header_row=b.header[-1])
            indicators.extend(inds)
            continue
        name = head.get("name")
        if not name:
            continue
        # 实施单位 where printed; Xi'an's tables print only the 主管部门
        unit = head.get("unit") or head.get("dept") or doc.unit_name
        key = project_key(unit, name)
        amount_unit = head.get("amount_unit") or lt.unit or "万元"
        extra = {k: v for k, v in head.items() if k.startswith("x:")}
        extra = {k[2:]: v for k, v in extra.items()}
        extra["项目资金单位"] = amount_unit
        if head.get("dept_code"):
            extra["主管部门代码"] = head["dept_code"]
        p = PerformanceProject(
            project_key=key, project_name=name, page_number=first_page,
            kind="self_evaluation" if self_eval else "target", unit_name=unit,
            department_name=head.get("dept"))
        if self_eval:
            funds = head.get("funds") or {}
            p.annual_amount_wan = to_wan(funds.get("全年预算数"), amount_unit)
            p.executed_amount_wan = to_wan(funds.get("全年执行数"), amount_unit)
            p.execution_rate = funds.get("执行率")
            for k in ("年初预算数", "全年预算数", "全年执行数", "执行率", "执行率得分", "分值", "资金结余"):
                if funds.get(k) is not None:
                    extra[k if k != "分值" else "执行率分值"] = str(funds[k])
            if total:
                p.total_score = total[1]
                if total[0] is not None:
                    extra["总分分值"] = str(total[0])  # what the total is out of (100; 90 without 执行率)
                if total[1] is not None:
                    extra["总分"] = str(total[1])
                p.grade = total[2]
        else:
            p.annual_amount_wan = to_wan(head.get("annual"), amount_unit)
            p.total_amount_wan = to_wan(head.get("total"), amount_unit)
            for k, lab in (("total", "实施期资金总额"), ("annual", "年度资金总额")):
                if head.get(k) is not None and not (k == "annual" and head.get("annual_copied")):
                    extra[lab] = str(head[k])
        p.extra = extra
        projects.append(p)
        state = LevelState()
        inds = _indicators_from_rows(b.rows, cols, key, name, state, doc, total, header_row=b.header[-1])
        for i in inds:
            i._owner = p
        indicators.extend(inds)
    return projects, indicators


_NUMBER_TOKEN = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def _segment_lines(doc: Document, page: int, nth: int) -> list[str]:
    """The page-text lines of the block's head: from its k-th name label line on the page to the
    indicator header."""
    if not (0 < page <= len(doc.pages_text)):
        return []
    lines = doc.pages_text[page - 1].split("\n")
    starts = [i for i, ln in enumerate(lines) if compact(ln).startswith(NAME_LABELS)]
    if not starts:
        starts = [i for i, ln in enumerate(lines) if compact(ln).startswith(DEPT_LABELS)]
    if not starts:
        return []
    s = starts[min(nth, len(starts) - 1)]
    out = []
    for ln in lines[s:]:
        c = compact(ln)
        if out and (("一级指标" in c and ("二级指标" in c or "三级指标" in c)) or c.startswith(NAME_LABELS)):
            break
        out.append(ln)
    return out


_SPLIT_CODE = re.compile(r"^\s*(\d+)\s*[-_－—]\s*(.+)$")


def _label_value_grid(b: Block, labels: tuple) -> Optional[str]:
    """The value printed right of a label cell in the head rows (the label alone in its cell)."""
    for r in b.head:
        for k, c in enumerate(r.cells):
            cc = compact(c).rstrip("：:")
            if cc in labels:
                for v in r.cells[k + 1:]:
                    if v:
                        vc = compact(v)
                        if any(vc.startswith(lab) for lab in HEAD_LABELS):
                            return None
                        return vc
                return None
            for lab in labels:  # "实施单位烟台市财政集中支付中心": label and value glued
                if cc.startswith(lab) and len(cc) > len(lab) and lab in UNIT_LABELS:
                    return cc[len(lab):]
                if lab in UNIT_LABELS and lab in cc and not cc.startswith(lab) and len(cc) > len(lab) + 2:
                    # "烟台市财政预算绩效评价实施单位中心": a wrapped value around the label
                    return cc.replace(lab, "", 1)
    return None


def _label_value_text(lines: list[str], labels: tuple, stop_labels: tuple = HEAD_LABELS) -> Optional[str]:
    for i, ln in enumerate(lines):
        toks = ln.split()
        for j, tok in enumerate(toks):
            ct = compact(tok).rstrip("：:")
            lab = next((x for x in labels if ct == x or ct.startswith(x)), None)
            if lab is None:
                continue
            rest = ct[len(lab):].lstrip("：:")
            vals = [rest] if rest else []
            for t2 in toks[j + 1:]:
                c2 = compact(t2)
                if any(c2.startswith(x) for x in stop_labels):
                    break
                vals.append(c2)
            if vals:
                return "".join(vals)
            # the value wrapped onto the next lines ("实施单位" / "西安市卫生健康委" / "员会")
            nxt = []
            for ln2 in lines[i + 1:i + 4]:
                c2 = compact(ln2)
                if not c2 or any(x in c2 for x in HEAD_LABELS) or "资金" in c2 or "（" in c2[:1]:
                    break
                if _NUMBER_TOKEN.match(c2):
                    break
                nxt.append(c2)
            return "".join(nxt) or None
    return None


def _strip_labels(v: Optional[str]) -> Optional[str]:
    if not v:
        return v
    for lab in sorted(HEAD_LABELS + ("其中：财政拨款", "其中:财政拨款", "执行率分值", "其他资金"), key=len,
                      reverse=True):
        k = v.find(lab)
        if k > 0:
            v = v[:k]
    return v.rstrip("：:") or None


_AMOUNT_RE = r"([0-9][0-9,]*(?:\.\d+)?)"


def _head_fields(b: Block, doc: Document, lt: LogicalTable, nth: int) -> dict:
    out: dict = {}
    first_page = (b.head or b.header)[0].page
    lines = _segment_lines(doc, first_page, nth) if b.head else []
    text_c = compact("\n".join(lines))
    grid_c = compact("".join("".join(r.cells) for r in b.head))

    name = _label_value_grid(b, NAME_LABELS)
    if not name:
        name = _label_value_text(lines, NAME_LABELS)
    out["name"] = _strip_labels(name)

    dept = _label_value_grid(b, DEPT_LABELS) or _label_value_text(lines, DEPT_LABELS)
    dept = _strip_labels(dept)
    if dept:
        m = _SPLIT_CODE.match(dept)
        if m:
            out["dept_code"], dept = m.group(1), m.group(2).strip()
        out["dept"] = dept
    if (out.get("name") and out.get("dept") and re.search(r"(局|委员会|厅|中心)$", out["name"])
            and re.search(r"(资金|经费|项目)$", out["dept"])):
        out["name"], out["dept"] = out["dept"], out["name"]  # printed in each other's cells (Xi'an 2019)
    unit = _label_value_grid(b, UNIT_LABELS) or _label_value_text(lines, UNIT_LABELS)
    unit = _strip_labels(unit)
    if unit:
        m = _SPLIT_CODE.match(unit)
        out["unit"] = m.group(2).strip() if m else unit

    mu = re.search(r"(?:资金金额|项目资金|资金)\s*[（(]\s*(万元|元|亿元)\s*[)）]", text_c + grid_c)
    if mu:
        out["amount_unit"] = mu.group(1)
    for key, pats in (("total", ("实施期资金总额",)), ("annual", ("年度预算资金总额", "年度资金总额"))):
        for src in (text_c, grid_c):
            v = None
            for pat in pats:
                m = re.search(re.escape(pat) + r"[:：]?" + _AMOUNT_RE, src)
                if m:
                    v = dec(m.group(1))
                    break
            if v is not None:
                out[key] = v
                break
    if out.get("annual") is None and out.get("total") is not None and "自评" not in lt.title:
        out["annual"] = out["total"]  # one amount printed for the year (实施期 = the budget year)
        out["annual_copied"] = True
    funds = _self_eval_funds(lines, b)
    if funds:
        out["funds"] = funds
    goal = _goal(b)
    text_goal = _goal_text(lines)
    if text_goal and "总体目标" in goal:
        goal["总体目标"] = text_goal  # the grid interleaves a wrapped goal's lines (Yantai)
    elif text_goal and not goal:
        goal = {"总体目标": text_goal}
    if goal:
        out.update({f"x:{k}": v for k, v in goal.items()})
    return out


_FUND_LABELS = (("年初预算数", "年初预算数"), ("全年预算数", "全年预算数"), ("全年执行数", "全年执行数"),
                ("资金结余", "资金结余"), ("分值", "分值"), ("执行率", "执行率"), ("得分", "执行率得分"))


def _fund_label_order(text: str) -> list[str]:
    t = compact(text)
    found = []
    for word, key in _FUND_LABELS:
        for m in re.finditer(re.escape(word), t):
            found.append((m.start(), key))
    # "执行率分值" is not 分值 + 执行率 … keep both in printed order
    return [k for _s, k in sorted(found)]


def _self_eval_funds(lines: list[str], b: Block) -> dict:
    """年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 of a self-evaluation: the label row
    (its cells maybe wrapped over lines) and the 年度资金总额 row, in the page text (the grid merges
    the fund rows: "240240")."""
    label_text = ""
    tokens: Optional[list[str]] = None
    for ln in lines:
        c = compact(ln)
        if tokens is None and ("年初预算数" in c or "全年预算数" in c or "全年执行数" in c or (
                label_text and not c.startswith("年度资金总额"))):
            label_text += c
            continue
        if label_text and c.startswith("年度资金总额"):
            tokens = [x for x in ln.split()[1:] if num_or_pct(x) is not None or is_placeholder(x)]
            break
    if not tokens:
        # the grid: header row with the fund labels, then the 年度资金总额 row
        for k, r in enumerate(b.head):
            j = r.joined()
            if "全年预算数" in j and k + 1 < len(b.head):
                nxt = b.head[k + 1]
                if nxt.first().startswith("年度资金总额"):
                    label_text = j
                    tokens = [c for c in nxt.cells if num_or_pct(c) is not None or compact(c) in ("-", "—")]
                break
    if not tokens or not label_text:
        return {}
    labels = _fund_label_order(label_text)
    return assign_funds(labels, tokens)


def _goal(b: Block) -> dict:
    out = {}
    for k, r in enumerate(b.head):
        j = r.joined()
        if "预期目标" in j and "实际完成情况" in j:
            texts = [c for c in r.cells if len(compact(c)) > 12 and "预期目标" not in c]
            if not texts and k + 1 < len(b.head):
                texts = [c for c in b.head[k + 1].cells if len(compact(c)) > 12]
            else:
                texts2 = [c for c in r.cells if "实际完成情况" in c]
                if texts2:
                    v = compact(texts2[0]).split("实际完成情况", 1)[1]
                    if v:
                        out["实际完成情况"] = v
                pre = [c for c in r.cells if "预期目标" in c]
                if pre:
                    v = re.sub(r"^.*?预期目标(?:（年初设定）)?", "", compact(pre[0]))
                    if v:
                        out["年度目标"] = v
                texts = []
            if texts:
                out["年度目标"] = compact(texts[0])
                if len(texts) > 1:
                    out["实际完成情况"] = compact(texts[1])
            return out
    for r in b.head:
        f = r.first()
        if f.startswith(("总体目标", "年度目标", "年度总体目标")) or "总体目标" in f[:8]:
            texts = [c for c in r.cells if len(compact(c)) > 12]
            if texts:
                t = compact(texts[0])
                t = re.sub(r"^(?:年度总体目标|总体目标|年度目标)", "", t)
                out["总体目标"] = t
            return out
    return out


def _goal_text(lines: list[str]) -> Optional[str]:
    """"总体目标 通过科学合理的车辆统管，…能够满" / "足单位业务发展的需要。" in the page text."""
    out = None
    for ln in lines:
        c = compact(ln)
        if out is None:
            m = re.match(r"^(?:年度总体目标|总体目标|年度目标)(.+)$", c)
            if m and len(m.group(1)) > 4:
                out = [m.group(1)]
            continue
        if "一级指标" in c or c.startswith(("绩效指标", "年度绩效指标")) or c.startswith(HEAD_LABELS):
            break
        out.append(c)
    return "".join(out) if out else None


def _total(b: Block, doc: Document, head: dict) -> Optional[tuple]:
    """(总分 分值, 总分 得分, grade): the grid's 总分 row, else (the row glued under the last
    indicator) the page text's 总分 line."""
    if b.total is not None:
        nums = [dec(c) for c in b.total.cells if dec(c) is not None]
        grade = next((compact(c) for c in b.total.cells if compact(c) in GRADES), None)
        if nums or grade:
            return (nums[-2] if len(nums) >= 2 else None), (nums[-1] if nums else None), grade
    pages = sorted({r.page for r in b.rows} | ({b.total.page} if b.total else set()))
    for p in reversed(pages):
        if not (0 < p <= len(doc.pages_text)):
            continue
        for ln in doc.pages_text[p - 1].split("\n"):
            toks = ln.split()
            if toks and compact(toks[0]).startswith("总分"):
                rest = [compact(toks[0])[2:]] + toks[1:]
                nums = [dec(x) for x in rest if dec(x) is not None]
                grade = next((x for x in rest if compact(x) in GRADES), None)
                if nums or grade:
                    w = nums[-2] if len(nums) >= 2 else None
                    sc = nums[-1] if nums else None
                    return w, sc, grade
    return None


# ----------------------------------------------------------------------------------------------
# columnar layout (Changsha)

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
            back = []
            for j in range(i - 1, max(-1, i - 4), -1):
                cm = _CODE_LINE.match(lines[j])
                if cm:
                    code = cm.group(1)
                    if cm.group(2):
                        back.insert(0, cm.group(2))
                    name_parts = back + name_parts
                    break
                if _HEAD_LINE.match(lines[j]) or len(lines[j]) > 24:
                    back = None
                    break
                back.insert(0, lines[j])
            if code is None and not prefix:
                continue
        name = compact("".join(name_parts))
        if name and not re.search(r"\d{3,}", name[:2]):
            out.append((code, name, amount))
    return out


def _read_columnar(lt: LogicalTable, first_hdr: int, doc: Document, dept_level: bool):
    hdr_rows = _header_rows(lt.rows, first_hdr)
    cols = _columns([r.cells for r in hdr_rows])
    if cols is None:
        return None
    roles = _merged_roles([r.cells for r in hdr_rows])
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
            inds = _indicators_from_rows([row], cols, None, None, state, doc, None, lump_cells=lumps)
            indicators.extend(inds)
            continue
        code, name, amt, goal = (_cell(cells, c_code), _cell(cells, c_name), _cell(cells, c_amount),
                                 _cell(cells, c_goal))
        has_ind = any(_cell(cells, k) for k in (cols.l1, cols.l2, cols.l3, cols.target))
        left_text = [cells[k] for k in range(min(first_level, len(cells))) if cells[k]]
        new_head = None
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
        inds = _indicators_from_rows([row], cols, current.project_key, current.project_name, state, doc,
                                     None, lump_cells=lumps)
        for i in inds:
            i._owner = current
        indicators.extend(inds)
    return projects, indicators
