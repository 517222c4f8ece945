"""项目支出绩效目标表 read from text: a project head (项目名称, 主管部门及代码, 实施单位, 项目资金,
总体目标) above three-level indicators in two column groups, 实施期目标 (period ``implementation``)
and 年度目标 (period ``annual``). Tab-separated conversions are read row by row, layout text and
PDF page text as one token stream (``extract.performance.text_indicators``).

The OCR'd stand-alone 绩效文本 prints its project tables with a 项目编码 and a fixed column layout
(``_read_coded_target``): one period, cells read by their column.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional

from extract.model import PerformanceIndicator, PerformanceProject
from extract.performance.text_cells import (
    JUNK_LINE_RE, SECTION_RE, line_cells, without_spaces, to_decimal, join_cjk, unit_name_key, ocr_cell, first_group, split_code,
    stream_tokens, amount_in_wan, undouble,
)
from extract.performance.text_indicators import IndicatorReader, read_token_stream, read_tab_rows


def read_target(lines, block, doc, projects, indicators, doc_unit, pdf=False):
    """Read a 绩效目标表 block of text lines into projects and indicators."""
    tabbed = any("\t" in lines[i] for i in block)
    if any("项目编码" in lines[i] for i in block):
        return _read_coded_target(lines, block, doc, projects, indicators, doc_unit)
    head_end = None
    end = block[-1] + 1
    for i in block:
        t = undouble(without_spaces(lines[i]))
        if head_end is None and ("一级指标" in t or "三级指标" in t or t.startswith("绩效指标")):
            head_end = i
        if t.startswith("负责人") or (head_end is not None and SECTION_RE.match(lines[i])):
            end = i
            break
    if head_end is None:
        return
    # the first indicator header may be preceded by 绩效指标 rows split vertically (绩/效/指/标)
    head_lines = [lines[i] for i in block if i < head_end]
    joined = [" ".join(c for c in line_cells(line, tabbed) if c) for line in head_lines]
    head_text = "\n".join(joined)
    name = None
    for j in joined:
        m = re.match(r"^项目名称\s*[:：]?\s*(.+)$", j)
        if m:
            name = m.group(1).strip()
            break
    if not name:
        return
    page = doc.page(block[0])
    dept_code, dept = split_code(first_group(r"主管部门及代码\s*[:：]?\s*(\S+)", head_text))
    unit = first_group(r"实施单位\s*[:：]?\s*([^\s\d][^\s]*)", head_text)
    amount_unit = "元"
    mu = re.search(r"项目资金\s*[（(]\s*(万元|亿元|元)\s*[)）]", head_text)
    if mu:
        amount_unit = mu.group(1)
    total = to_decimal(first_group(r"实施期资金总额\s*[:：]?\s*([\d,]+(?:\.\d+)?)", head_text))
    annual = to_decimal(first_group(r"年度资金总额\s*[:：]?\s*([\d,]+(?:\.\d+)?)", head_text))
    extra: dict = {"项目资金单位": amount_unit}
    for label, pattern in (("项目属性", r"项目属性\s*[:：]?\s*(\S+)"),
                           ("项目期", r"项目期\s*[:：]?\s*(\S+)")):
        v = first_group(pattern, head_text)
        if v:
            extra[label] = v
    if dept_code:
        extra["主管部门代码"] = dept_code
    if total is not None:
        extra["实施期资金总额"] = str(total)
    if annual is not None:
        extra["年度资金总额"] = str(annual)
    goals = _overall_goals(lines, block, head_end, tabbed)
    extra.update(goals)
    unit = unit or doc_unit
    project = PerformanceProject(
        project_key=unit_name_key(unit, name), project_name=name, page_number=page, kind="target",
        unit_name=unit, department_name=dept, annual_amount_wan=amount_in_wan(annual, amount_unit),
        total_amount_wan=amount_in_wan(total, amount_unit), extra=extra)
    projects.append(project)
    out: list[PerformanceIndicator] = []
    machine = IndicatorReader(out, project.project_key, name, two_periods=True)
    if tabbed:
        rows = [(line_cells(lines[i], True), doc.page(i)) for i in range(head_end, end)]
        read_tab_rows(rows, machine)
    else:
        read_token_stream(stream_tokens(lines, range(head_end, end), doc), machine, pdf)
    if (out and not any(i.period == "annual" for i in out) and annual is not None
            and total is not None and annual == total):
        # the 年度目标 group is printed empty (Yangquan's 法律援助业务经费: only its 二级指标 labels) while
        # the year's money is the whole 实施期's: the year's targets are the 实施期 targets
        out.extend(dataclasses.replace(i, period="annual") for i in list(out))
        project.extra["年度指标"] = "实施期指标 (年度目标 printed empty)"
    for ind in out:
        ind._owner = project  # for _unique_keys (not a dataclass field)
    indicators.extend(out)


def _overall_goals(lines, block, head_end, tabbed) -> dict:
    start = None
    for i in block:
        if i >= head_end:
            break
        if undouble(without_spaces(lines[i])).startswith("总体目标"):
            start = i
            break
    if start is None:
        return {}
    if tabbed:
        cells = [c for c in line_cells(lines[start], True) if c][1:]
        if cells and all(c in ("实施期目标", "年度目标") for c in cells) and start + 1 < head_end:
            cells = [c for c in line_cells(lines[start + 1], True) if c]  # the texts under the group labels
        out = {}
        if cells:
            out["总体目标"] = cells[0]
        if len(cells) > 1:
            out["年度总体目标"] = cells[1]
        return out
    parts = []
    for i in range(start, head_end):
        t = lines[i].strip()
        if not t or JUNK_LINE_RE.match(t) or t in ("绩", "效", "指", "标"):
            continue
        parts.append(t)
    parts[0] = re.sub(r"^总体目标\s*", "", parts[0]).strip()
    if re.fullmatch(r"实施期目标\s*年度目标", parts[0]):
        # PDF text: the two group cells in drawing order, each ending with "。"
        body = parts[1:]
        cut = next((k for k, t in enumerate(body) if t.endswith("。")), None)
        if cut is not None and cut + 1 < len(body):
            return {"总体目标": join_cjk("".join(body[: cut + 1])),
                    "年度总体目标": join_cjk("".join(body[cut + 1:]))}
        parts = body
    text = " ".join(p for p in parts if p)
    return {"总体目标": text} if text else {}


# --------------------------------------------------------------------------- project tables with 项目编码

def _read_coded_target(lines, block, doc, projects, indicators, doc_unit):
    unit = None
    amount_unit = "万元"
    code = name = None
    budget = None
    extra: dict = {}
    header_cols = None
    out: list[PerformanceIndicator] = []
    machine = None
    project = None
    plan: Optional[list[str]] = None
    use_row = False
    for i in block:
        raw = lines[i]
        t = raw.strip()
        if not t:
            continue
        cells = [ocr_cell(c) for c in raw.split("\t")]
        nonempty = [c for c in cells if c]
        m = re.match(r"^(\d{6})\s+(\S+)$", t)
        if m and project is None:
            unit = m.group(2)
            extra["单位编码"] = m.group(1)
            continue
        mu = re.search(r"单位\s*[:：]\s*(万元|亿元|元)", t)
        if mu and len(nonempty) == 1:
            amount_unit = mu.group(1)
            continue
        if "项目编码" in cells:
            code = _after(cells, "项目编码")
            name = _after(cells, "项目名称")
            continue
        if "预算数" in cells:
            budget = to_decimal(_after(cells, "预算数"))
            fiscal = next((c for c in cells if c.startswith("其中") and "财政" in c), None)
            if fiscal and to_decimal(_after(cells, fiscal)) is not None:
                extra["财政资金"] = str(to_decimal(_after(cells, fiscal)))
            use_row = True
            continue
        if nonempty and "资金支出计划" in nonempty[0]:
            # "资金支出计 划（%）|3 月底||6 月底||10 月底|" then "|30%||60%||80%|": by order
            plan = [re.sub(r"\s+", "", c) for c in nonempty[1:] if re.search(r"\d+\s*月", c)]
            use_row = False
            continue
        if plan and not project:
            pcts = [re.sub(r"\s+", "", c) for c in nonempty if re.fullmatch(r"\d+(?:\.\d+)?\s*[%％]", c)]
            if pcts:
                extra["资金支出计划"] = "；".join(f"{a} {b}" for a, b in zip(plan, pcts, strict=False))
                plan = None
                continue
        if use_row and len(nonempty) == 1 and not project:
            extra["资金用途"] = nonempty[0]
            use_row = False
            continue
        if nonempty and nonempty[0] == "绩效目标" and len(nonempty) > 1:
            extra["绩效目标"] = nonempty[1]
            continue
        if "一级指标" in cells and "三级指标" in cells:
            header_cols = {c: k for k, c in enumerate(cells) if c}
            if name:
                unit = _unit_from_code(unit or doc_unit, code)
                project = PerformanceProject(
                    project_key=unit_name_key(unit, name), project_name=name, page_number=doc.page(i),
                    kind="target", project_code=_digits(code), unit_name=unit,
                    annual_amount_wan=amount_in_wan(budget, amount_unit), extra=dict(extra, 项目资金单位=amount_unit))
                if budget is not None:
                    project.extra["预算数"] = str(budget)
                if code:
                    project.extra["项目编码"] = code  # as printed (letters included)
                projects.append(project)
                machine = IndicatorReader(out, project.project_key, name, two_periods=False)
            continue
        if header_cols and machine is not None and len(nonempty) >= 2:
            def col(label, header_cols=header_cols, cells=cells):  # called at once, below
                k = header_cols.get(label)
                return cells[k] if k is not None and k < len(cells) else ""
            l1, l2, l3, value = col("一级指标"), col("二级指标"), col("三级指标"), col("指标值")
            if l1:
                machine.set_level1(l1)
            if l2:
                machine.set_level2(l2)
            if l3:
                machine.set_name(l3, doc.page(i))
                machine.set_value(value or None)
    for ind in out:
        ind._owner = project
    indicators.extend(out)


def _digits(code: Optional[str]) -> Optional[str]:
    """CONTRACT.md: codes are digits only ("13082426P00030810010F" → "1308242600030810010")."""
    d = re.sub(r"\D", "", code or "")
    return d or None


def _unit_from_code(unit: Optional[str], code: Optional[str]) -> Optional[str]:
    """An OCR-misread county in the unit name ("溧平县司法局本级") corrected from the project code's
    region (130824 = 滦平县), as extract.regions does for the document's unit."""
    d = _digits(code)
    if not unit or not d or len(d) < 6:
        return unit
    try:
        from extract.regions import region_by_code
        region = region_by_code(d[:6])
    except Exception:  # the gazetteer is optional here
        return unit
    if region is None or getattr(region, "admin_level", None) != "county":
        return unit
    m = re.match(r"^(.{1,6}?[县区市旗])", unit)
    if m and m.group(1) != region.short_name and len(m.group(1)) == len(region.short_name):
        return region.short_name + unit[len(m.group(1)):]
    return unit


def _after(cells: list[str], label: str) -> Optional[str]:
    try:
        k = cells.index(label)
    except ValueError:
        return None
    for c in cells[k + 1:]:
        if c:
            return c
    return None

