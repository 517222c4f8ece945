"""Form-like performance grids: one project (or a department) per block. Label rows above the
indicator header (项目名称 / 专项（项目）名称, 主管部门(及代码), 实施单位, 资金 amounts, 年度目标), then one
row per indicator, optionally a 总分 row. Xi'an's 部门专项业务经费绩效目标表 and 项目绩效自评表, Yantai's
政策和项目预算绩效目标表, the 部门整体支出绩效目标表 / 部门整体预算绩效目标申报表 of Xi'an and Guangzhou
(department level: indicators without a project).

Label/value fields that the grid garbles are read from the page text of the block's head instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from extract.model import Document, PerformanceIndicator, PerformanceProject
from extract.performance.common import (
    GRADES, LevelState, cell_roles, compact, dec, decode_levels, is_indicator_header, project_key, to_wan,
)
from extract.performance.grid_indicators import Columns, indicator_columns, indicators_from_rows, infer_columns
from extract.performance.grid_tables import LogicalTable, Row
from extract.performance.self_evaluations import self_evaluation_funds


# ----------------------------------------------------------------------------------------------
# the labels of a block's head

NAME_LABELS = ("专项（项目）名称", "项目（专项）名称", "部门（单位）名称", "项目名称", "专项名称", "部门名称",
               "单位名称")
DEPT_LABELS = ("主管部门及代码", "主管部门")
UNIT_LABELS = ("实施单位", "预算单位")
HEAD_LABELS = NAME_LABELS + DEPT_LABELS + UNIT_LABELS + (
    "资金金额", "项目资金", "实施期资金总额", "年度资金总额", "年度预算资金总额", "总体目标", "年度目标",
    "实施期限", "项目属性", "项目期", "年度主要任务", "年度总体目标")


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


def read_form(lt: LogicalTable, doc: Document, dept_level: bool):
    """Projects and indicators of a form-like grid, one project (or the department) per block."""
    blocks = _blocks(lt.rows)
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    page_counts: dict[int, int] = {}
    for b in blocks:
        if b.inferred and b.rows and not b.header:
            cols = infer_columns(b.rows, Columns())
            if cols is None:
                continue
            b.header = [Row([""] * len(b.rows[0].cells), b.rows[0].page, b.rows[0].seg)]
        elif not b.header:
            continue
        else:
            cols = indicator_columns([r.cells for r in b.header])
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
            inds = indicators_from_rows(b.rows, cols, None, None, state, doc, total,
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
        inds = indicators_from_rows(b.rows, cols, key, name, state, doc, total, header_row=b.header[-1])
        for i in inds:
            i._owner = p  # type: ignore[attr-defined]  # a transient tag, not a field
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
    out: list[str] = []
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
    funds = self_evaluation_funds(lines, b)
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
