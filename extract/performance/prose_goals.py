"""Performance targets printed as sentences rather than indicator rows.

- ``read_prose_table``: Guangzhou's 项目支出绩效目标表 — one row per project (and one per unit, its
  subtotal), columns 项目名称（资金使用单位） · 总计 · 财政拨款 · 财政专户拨款 · 其他资金 · 绩效目标 ·
  绩效指标, the 绩效指标 cell a numbered list:
  "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值: 每年≥20场；年度指标值:每年≥20场。"
  (the district offices of the ecology bureau write "1.1－产出指标，11－数量指标，…；实施周期指标值：
  ≦核定人数，年度指标值：≦核定人数；"). Each item gives two indicators (实施周期 → period
  ``implementation``, 年度 → ``annual``).
  The grid's defects undone here: a page's header row glued to its first row
  ("项目名称（资金使用单位）购置经费 | 总计：18.00"), a unit's subtotal row glued to its first project
  ("广州市数字政府运营中心机构运行辅助经费 | 67,756.88188.02": the names are split where the page
  text prints the first amount).
- ``read_key_project_goals``: "重点项目预算绩效目标情况" in a budget's explanation (Guangzhou's justice
  bureau): 项目 · 预算数（单位：万元） · 绩效目标, one project per row, a goal but no indicators.
- ``read_prose_goals``: "分项绩效目标" in a stand-alone 绩效文本's text (the OCR'd one of Luanping's
  justice bureau): the measurable targets of its 绩效指标 sentences, as department-level indicators.
"""

from __future__ import annotations

import re
from typing import Optional, cast

from extract.indicator_values import normalise_value_text, parse_target
from extract.model import Document, PerformanceIndicator, PerformanceProject
from extract.performance.common import (
    cell_roles, clean, compact, dec, make_indicator, project_key, split_amounts, to_wan,
)
from extract.performance.text_cells import without_spaces, title_kind

_L1 = r"(产出指标|效益指标|满意度指标|成本指标)"
_SEP = r"[；;，,、]"
_ITEM = re.compile(r"(?:^|(?<=[。；;，,\s]))\s*(?:绩效指标)?\s*\d{1,2}\s*[、.．]\s*\d\s*[-－—–]\s*" + _L1
                   + r"\s*" + _SEP)
_ITEM_HEAD = re.compile(r"^\s*(?:绩效指标)?\s*\d{1,2}\s*[、.．]\s*\d\s*[-－—–]\s*" + _L1 + r"\s*" + _SEP
                        + r"\s*(?:\d{2}\s*[-－—–]\s*)?([^；;，,]+?)\s*" + _SEP + r"\s*(.*)$", re.S)
_IMPL = re.compile(r"实施周期\s*指\s*标\s*值\s*[:：]?")
_ANNUAL = re.compile(r"年\s*度\s*指\s*标\s*值\s*[:：]?")
_TRAIL = "。；;，, "


def parse_prose_indicators(text: str) -> list[tuple[str, str, str, Optional[str], Optional[str]]]:
    """(一级指标, 二级指标, 三级指标, 实施周期指标值, 年度指标值) of a 绩效指标 sentence list."""
    t = re.sub(r"\s+", "", text or "")
    starts = [m.start() for m in _ITEM.finditer(t)]
    out = []
    for n, s in enumerate(starts):
        seg = t[s: starts[n + 1] if n + 1 < len(starts) else len(t)]
        m = _ITEM_HEAD.match(seg)
        if not m:
            continue
        l1, l2, rest = m.group(1), m.group(2).strip(), m.group(3)
        mi = _IMPL.search(rest)
        ma = _ANNUAL.search(rest, mi.end() if mi else 0)
        if mi is None and ma is None:
            continue
        cut = mi.start() if mi else cast(re.Match[str], ma).start()  # one of them matched
        name = rest[:cut].strip(_TRAIL)
        impl = rest[mi.end(): ma.start() if ma else len(rest)].strip(_TRAIL) if mi else None
        annual = rest[ma.end():].strip(_TRAIL) if ma else None
        if not name:
            continue
        out.append((l1, l2, name, impl or None, annual or None))
    return out


def is_prose_header(cells: list[str]) -> bool:
    roles = [cell_roles(c) for c in cells]
    flat = {r for rs in roles for r in rs}
    if not {"pname", "amount", "goal"} <= flat or flat & {"l1", "l2", "l3"}:
        return False
    return any(compact(c).endswith("绩效指标") for c in cells)


_UNIT_SUFFIX = re.compile(r"(局|中心|所|站|院|分局|办公室|委员会|厅|队|馆|学校|医院|监狱|处|会|办)$")


def _looks_like_unit(name: str) -> bool:
    n = re.sub(r"[（(][^）)]*[）)]$", "", name)
    return bool(_UNIT_SUFFIX.search(n)) and not re.search(r"(项目|经费|费|专项|服务)$", n)


def _split_names(merged: str, amounts: list[str], page_text: str) -> list[str]:
    """Names of rows the grid glued together, cut where the page text prints each row's amount."""
    flat = compact(page_text)
    parts = []
    rest = merged
    for amt in amounts[:-1]:
        cut = None
        for L in range(len(rest) - 1, 1, -1):
            if rest[:L] + amt in flat:
                cut = L
                break
        if cut is None:
            return []
        parts.append(rest[:cut])
        rest = rest[cut:]
    parts.append(rest)
    return parts


def read_prose_table(lt, header_idx: int, doc: Document):
    hdr = lt.rows[header_idx].cells
    heads = [compact(c) for c in hdr]
    roles = [cell_roles(c) for c in hdr]
    c_name = next(k for k, rs in enumerate(roles) if "pname" in rs)
    c_total = next(k for k, rs in enumerate(roles) if "amount" in rs)
    c_goal = next((k for k, rs in enumerate(roles) if "goal" in rs), None)
    c_ind = next(k for k, c in enumerate(heads) if c.endswith("绩效指标") and not roles[k])
    money_cols = [k for k in range(len(hdr)) if k not in (c_name, c_goal, c_ind) and heads[k]]
    amount_unit = lt.unit or "万元"
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    unit_name = doc.unit_name
    for row in lt.rows[header_idx + 1:]:
        cells = list(row.cells) + [""] * (len(hdr) - len(row.cells))
        # a header row glued to the page's first data row: drop the header words
        for k, h in enumerate(heads):
            if h and compact(cells[k]).startswith(h):
                cells[k] = compact(cells[k])[len(h):].lstrip("：:")
            elif h and compact(cells[k]) == h.rstrip("：:"):
                cells[k] = ""
        name = compact(cells[c_name])
        if not name or all(compact(cells[k]) == heads[k] for k in range(len(heads))):
            continue
        totals = split_amounts(cells[c_total])
        if not totals or dec(totals[-1]) is None:
            # no amount: the rest of a cell continued from the page before
            if projects and (cells[c_ind] or (c_goal is not None and cells[c_goal])):
                _append_text(projects[-1], cells, c_goal, c_ind, indicators, row.page)
            continue
        names = [name] if len(totals) == 1 else _split_names(name, totals, doc.pages_text[row.page - 1]
                                                             if 0 < row.page <= len(doc.pages_text) else "")
        if len(names) != len(totals):
            names = [name]
            totals = totals[-1:]
        money = {heads[k].rstrip("：:"): split_amounts(cells[k]) for k in money_cols if k != c_total}
        goal = clean(cells[c_goal]) if c_goal is not None else ""
        ind_text = cells[c_ind]
        for n, (nm, tot) in enumerate(zip(names, totals, strict=False)):
            last = n == len(names) - 1
            if nm in ("合计", "总计", "合计：") or nm.startswith("合计"):
                if len(nm) > 2 and nm.startswith("合计") and not last:
                    pass
                continue
            if not last and _looks_like_unit(nm) or (last and not goal and not compact(ind_text)):
                unit_name = nm
                continue
            p = PerformanceProject(
                project_key=project_key(unit_name, nm), project_name=nm, page_number=row.page,
                kind="target", unit_name=unit_name, department_name=doc.unit_name,
                annual_amount_wan=to_wan(dec(tot), amount_unit), extra={"项目资金单位": amount_unit})
            for label, vals in money.items():
                if len(vals) == len(totals) and vals[n]:
                    p.extra[label] = vals[n]
            if last:
                if goal:
                    p.extra["绩效目标"] = goal
                inds = _prose_indicators(p, ind_text, row.page)
                indicators.extend(inds)
            projects.append(p)
    return projects, indicators


def _prose_indicators(p: PerformanceProject, text: str, page: int) -> list[PerformanceIndicator]:
    out = []
    for l1, l2, name, impl, annual in parse_prose_indicators(text):
        for period, value in (("implementation", impl), ("annual", annual)):
            ind = make_indicator(key=p.project_key, name=p.project_name, period=period, level1=l1,
                                 level2=l2, indicator_name=name, target_value=value, page=page)
            ind._owner = p  # type: ignore[attr-defined]  # a transient tag, not a field
            out.append(ind)
    return out


def _append_text(p, cells, c_goal, c_ind, indicators, page):
    if c_goal is not None and cells[c_goal]:
        p.extra["绩效目标"] = (p.extra.get("绩效目标", "") + clean(cells[c_goal]))
    if cells[c_ind]:
        indicators.extend(_prose_indicators(p, cells[c_ind], page))


# ----------------------------------------------------------------------------------------------
# 重点项目预算绩效目标情况 (a budget explanation's list of key projects)

_KEY_HEADER = re.compile(r"^项目\s*预算数\s*[（(]\s*(?:单位\s*[:：]\s*)?(万元|元|亿元)\s*[)）]\s*绩效目标$")
_KEY_ROW = re.compile(r"^(\S.*?)\s+(\d[\d,]*(?:\.\d+)?)$")
_AMOUNT_ALONE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)$")
_PAGE_NO = re.compile(r"^(?:[-—－]\s*\d{1,4}\s*[-—－]|第\s*\d+\s*页.*)$")
_STOP = re.compile(r"^(注[:：]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def read_key_project_goals(doc: Document) -> list[PerformanceProject]:
    """Rows of "项目 | 预算数（单位：万元） | 绩效目标" in the page text: a name (wrapped over short
    lines in its narrow column), its amount at the end of the name's last line (or alone), then the
    goal's lines, which end with "。". A list printed twice lands once."""
    out: list[PerformanceProject] = []
    seen: set = set()
    for p_no, text in enumerate(doc.pages_text or [], start=1):
        lines = text.split("\n")
        for i, ln in enumerate(lines):
            m = _KEY_HEADER.match(compact(ln))
            if not m:
                continue
            unit = m.group(1)
            rest = [(p_no, x) for x in lines[i + 1:]]
            for q in range(p_no, min(p_no + 3, len(doc.pages_text))):  # the table may run on
                rest.extend((q + 1, x) for x in doc.pages_text[q].split("\n"))
            cur: Optional[PerformanceProject] = None
            goal_open = False
            buffer: list[str] = []
            for page, raw in rest:
                s = raw.strip()
                if not s or _PAGE_NO.match(s):
                    continue
                if _STOP.match(s) or _KEY_HEADER.match(compact(s)):
                    break
                rm = _KEY_ROW.match(s) or _AMOUNT_ALONE.match(s)
                prefix = rm.group(1).strip() if rm and rm.lastindex == 2 else ""
                amount = rm.group(cast(int, rm.lastindex)) if rm else None
                is_row = bool(rm) and dec(amount) is not None and not re.search(r"\d\s", prefix)
                if is_row and goal_open and not prefix:
                    is_row = False  # a number alone inside a goal's text
                if not is_row:
                    if goal_open:
                        assert cur is not None  # a goal is open in a project
                        cur.extra["绩效目标"] += compact(s)
                        goal_open = not s.endswith("。")
                    else:
                        buffer.append(compact(s))
                    continue
                # the name: the short lines before the amount (a long line is the goal's rest)
                name_parts: list[str] = []
                while buffer and len(buffer[-1]) <= 16:
                    name_parts.insert(0, buffer.pop())
                if buffer and cur is not None:
                    cur.extra["绩效目标"] += "".join(buffer)
                buffer = []
                name = "".join(name_parts) + compact(prefix)
                if not name or len(name) > 60:
                    continue
                cur = PerformanceProject(
                    project_key=project_key(doc.unit_name, name), project_name=name,
                    page_number=page, kind="target", unit_name=doc.unit_name,
                    department_name=doc.unit_name, annual_amount_wan=to_wan(dec(amount), unit),
                    extra={"项目资金单位": unit, "预算数": amount, "来源": "重点项目预算绩效目标情况",
                           "绩效目标": ""})
                goal_open = True
                if (name, amount) not in seen:
                    seen.add((name, amount))
                    out.append(cur)
    for p in out:
        if not p.extra.get("绩效目标"):
            p.extra.pop("绩效目标", None)
    return out


# ----------------------------------------------------------------------------------------------
# 分项绩效目标 (a stand-alone 绩效文本's goals in sentences, read from its text)

_GOAL_CLAUSE_VALUE = re.compile(
    r"(?P<value>(?:≥|≤|>|<|=|不低于|不少于|不超过|不高于|达到|为)?\s*\d[\d,]*(?:\.\d+)?\s*"
    r"(?:%|个|件|人次|人|次|家|场|份|篇|万元|元|天|日)\s*(?:以上|以下|以内)?)")


def read_prose_goals(lines, doc, indicators):
    """A stand-alone 绩效文本's "二、分项绩效目标" — measurable targets in 绩效指标 sentences, department-level."""
    start = None
    for i, line in enumerate(lines):
        if without_spaces(line).endswith("分项绩效目标") and not re.search(r"\d\s*$", line):
            start = i
    if start is None:
        return
    heading = None
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", raw) or title_kind(raw):
            break
        hm = re.match(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*(.+)$", raw)
        if hm:
            heading = hm.group(1).strip()
            continue
        m = re.match(r"^绩效指标\s*[:：]\s*(.+)$", raw)
        if not m:
            continue
        body = normalise_value_text_keep(m.group(1))
        for clause in re.split(r"[；;，,。]", body):
            clause = clause.strip()
            vm = _GOAL_CLAUSE_VALUE.search(clause)
            if not vm:
                continue
            value = without_spaces(vm.group("value"))
            pre = clause[: vm.start()].strip()
            pre = re.sub(r"^(达到|实现|确保)", "", pre)
            pre = re.sub(r"(达到|为|占比)$", "", pre)
            if re.search(r"达到\s*$", clause[: vm.start()]) and not value.startswith("达到"):
                value = "达到" + value
            name = without_spaces(pre)
            if not name:
                continue
            op, number, unit = parse_target(value)
            if number is None:
                continue
            indicators.append(PerformanceIndicator(
                project_key=None, project_name=None, period="annual", level1=None, level2=heading,
                indicator_name=name, target_value=value, target_operator=op, target_number=number,
                target_unit=unit, page_number=doc.page(i)))


def normalise_value_text_keep(text: str) -> str:
    """Undo OCR LaTeX ("$\\geq 80\\%$" → "≥80%") but keep the sentence's spaces and punctuation."""
    def repl(m):
        return normalise_value_text(m.group(0))
    return re.sub(r"\$[^$]*\$", repl, text)
