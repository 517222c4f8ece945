"""项目支出绩效自评表 read from text: the project, its funds (年初预算数, 全年预算数, 全年执行数, 执行率
and its 分值 and 得分), each indicator's target, actual value, 分值 and 得分, the 总分 and grade.

Tab-separated conversions (``read_self_evaluation``) keep their cells whole; PDF page text
(``read_self_evaluation_text``) separates cells by spaces and prints wrapped cells on lines of
their own. The funds of a self-evaluation grid (``self_evaluation_funds``, for ``grid_forms``) are read
from the page text too: the grid merges the fund rows. ``assign_funds`` puts fund labels to the
printed figures for both readers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from extract.indicator_values import parse_target
from extract.model import PerformanceIndicator, PerformanceProject
from extract.performance.common import compact, dec, is_placeholder, nfkc, num_or_pct
from extract.performance.text_cells import (
    GRADES, JUNK_LINE_RE, LEVEL2_FAMILY, LEVEL1, tab_cell, without_spaces, to_decimal, drop_watermarks, is_level2,
    is_number, join_cjk, unit_name_key, level2_prefix, first_group, split_code, undouble,
)
from extract.performance.text_indicators import classify_token

if TYPE_CHECKING:
    from extract.performance.grid_forms import Block


def read_self_evaluation(lines, block, doc, projects, indicators, doc_unit):
    """Read a tab-separated 项目支出绩效自评表 block into projects and indicators."""
    name = dept = unit = None
    extra: dict = {}
    funds = None
    header = None
    total_line = None
    goal_row = False
    ind_rows: list[tuple[list[str], int]] = []
    for i in block:
        raw = lines[i]
        if not raw.strip():
            continue
        cells = [tab_cell(c) for c in raw.split("\t")]
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        first = nonempty[0]
        if first == "项目名称" and name is None:
            name = nonempty[1] if len(nonempty) > 1 else None
            continue
        if first.startswith("主管部门") and dept is None:
            joined = " ".join(nonempty)
            code, dept = split_code(first_group(r"主管部门及代码\s*(\S+)", joined))
            if code:
                extra["主管部门代码"] = code
            ucode, unit = split_code(first_group(r"(?:预算单位|实施单位)\s*(\S+)", joined))
            if ucode:
                extra["预算单位代码"] = ucode
            continue
        if funds is None and any("资金总额" in c for c in nonempty):
            nums = [c for c in nonempty if is_number(c)]
            if len(nums) >= 5:
                funds = [to_decimal(c) for c in nums]
                continue
        if "三级指标" in cells and header is None:
            header = i
            continue
        if header is None and "实际完成情况" in nonempty and "年度目标" not in extra:
            goal_row = True
            continue
        if header is None and goal_row:
            goal_row = False
            texts = [c for c in nonempty if c not in ("年度目标", "实际完成情况")]
            if texts:
                extra["年度目标"] = texts[0]
            if len(texts) > 1:
                extra["实际完成情况"] = texts[1]
            continue
        if first.startswith("总分"):
            total_line = i
            break
        if header is not None:
            ind_rows.append((cells, doc.page(i)))
    if not name:
        return
    score = grade = None
    if total_line is not None:
        for j in (total_line, total_line + 1):
            toks = []
            for c in lines[j].split("\t"):
                toks.extend(tab_cell(c).split())
            toks = [t for t in toks if t and t != "总分"]
            nums = [t for t in toks if is_number(t)]
            grades = [t for t in toks if t in GRADES]
            if nums or grades:
                score = to_decimal(nums[-1]) if nums else None
                grade = grades[-1] if grades else None
                break
    annual = executed = rate = None
    if funds:
        def from_right(k):
            return funds[k] if len(funds) >= -k else None
        extra["执行率得分"] = str(from_right(-1)) if from_right(-1) is not None else None
        rate, extra["资金结余"] = from_right(-2), str(from_right(-3)) if from_right(-3) is not None else None
        extra["执行率"] = str(rate) if rate is not None else None  # as printed (its decimals)
        executed, annual = from_right(-4), from_right(-5)
        if from_right(-6) is not None:
            extra["年初预算数"] = str(from_right(-6))
        if len(funds) >= 7:
            extra["目标申报数"] = str(funds[-7])
        if annual is not None:
            extra["全年预算数"] = str(annual)
        if executed is not None:
            extra["全年执行数"] = str(executed)
    if score is not None:
        extra["总分"] = str(score)
    unit = unit or doc_unit
    project = PerformanceProject(
        project_key=unit_name_key(unit, name), project_name=name, page_number=doc.page(block[0]),
        kind="self_evaluation", unit_name=unit, department_name=dept, annual_amount_wan=annual,
        executed_amount_wan=executed, execution_rate=rate, total_score=score, grade=grade,
        extra={k: v for k, v in extra.items() if v is not None})
    projects.append(project)
    level1 = level2 = None
    for cells, page in ind_rows:
        idx = [k for k, c in enumerate(cells) if c]
        p = 0
        while p < len(idx):
            tok = cells[idx[p]]
            nxt = cells[idx[p + 1]] if p + 1 < len(idx) else None
            kind = classify_token(tok, nxt)
            if kind == "l1":
                level1, level2 = tok, None
            elif kind == "l2":
                level2 = tok
                fam = LEVEL2_FAMILY.get(tok)
                if fam:
                    level1 = fam
            elif kind == "text":
                break
            p += 1
        if p >= len(idx):
            continue
        name_col = idx[p]
        ind_name = cells[name_col]
        rest = idx[p + 1:]
        weight = score_ = None
        weight_col = None
        for a in range(len(rest) - 1, 0, -1):
            if is_number(cells[rest[a]]) and is_number(cells[rest[a - 1]]):
                weight, score_ = to_decimal(cells[rest[a - 1]]), to_decimal(cells[rest[a]])
                weight_col = rest[a - 1]
                break
        between = cells[name_col + 1: weight_col] if weight_col is not None else cells[name_col + 1:]
        vals = [c for c in between if c]
        initial = adjusted = actual = None
        if len(vals) >= 3:
            initial, adjusted, actual = vals[0], vals[1], vals[2]
        elif len(vals) == 2:
            if between and between[0]:
                initial, actual = vals
            else:
                adjusted, actual = vals
        elif len(vals) == 1:
            actual = vals[0]
        target = initial
        if not (initial and re.search(r"\d", initial)) and adjusted:
            target = adjusted  # 年初指标值 printed without a number ("≥场次") or blank
        op, number, unit_ = parse_target(target) if target else (None, None, None)
        ind = PerformanceIndicator(
            project_key=project.project_key, project_name=name, period="annual", level1=level1,
            level2=level2, indicator_name=ind_name, target_value=target, target_operator=op,
            target_number=number, target_unit=unit_, actual_value=actual, weight=weight,
            score=score_, page_number=page)
        ind._owner = project
        indicators.append(ind)


_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_POINTS_ALONE = re.compile(r"^[（(]?\s*\d+(?:\.\d+)?分[)）]?$|^[（(]$")

_FUND_LABELS = {"年初预算数": "年初预算数", "全年预算数": "全年预算数", "全年执行数": "全年执行数",
                "资金结余": "资金结余", "资金结(转)余": "资金结余", "资金结（转）余": "资金结余", "结转": "结转",
                "结余": "资金结余", "分值": "分值", "执行率": "执行率", "得分": "执行率得分"}
_SELF_HEADER_TEXT = ("一级指标二级指标三级指标年初指标值调整后指标值实际完成值定性值情况说明分值得分"
                     "偏差原因分析及改进措施")
_FUND_LABEL_RE = re.compile("|".join(re.escape(k) for k in sorted(_FUND_LABELS, key=len, reverse=True)))
# the labels' row begins with an amount label, maybe wrapped ("年初预算" / "数"), maybe after a stray
# figure printed in the row's first cell (Xi'an p115: "500 年初预算" / "数" / "全年预算数（A） …")
_FUND_LABEL_START = re.compile(r"(?:年初预算|全年预算|全年执行)(?:数|$)")
_PCT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[%％]$")


def _num_or_pct(tok: str) -> Optional[Decimal]:
    m = _PCT.match(tok)
    return Decimal(m.group(1)) if m else to_decimal(tok)


def read_self_evaluation_text(lines, block, doc, projects, indicators, doc_unit):
    """项目支出绩效自评表 from PDF page text: cells separated by spaces, wrapped cells on lines of
    their own. Funds are read by the order of their printed labels; each indicator line ends with
    its 分值 and 得分 (two numbers), then an optional 偏差原因."""
    kept = [i for i, _l in drop_watermarks([(i, lines[i]) for i in block])]
    name = None
    head: list[str] = []
    labels: list[str] = []
    funds: Optional[list[Decimal]] = None
    fund_tokens: list[str] = []
    header = total_line = None
    label_text = ""
    goals: Optional[list[str]] = None  # lines under 预期目标 / 实际完成情况
    for i in kept:
        t = lines[i].strip()
        if not t or JUNK_LINE_RE.match(t):
            continue
        toks = [undouble(x) for x in t.split()]
        if name is None and toks[0] == "项目名称":
            name = join_cjk(" ".join(toks[1:])) or None
            continue
        if header is None:
            if "三级指标" in toks and "一级指标" in toks:
                header = i
                continue
            if funds is None and ("年初预算数" in toks or "全年执行数" in toks or label_text
                                  or _FUND_LABEL_START.search("".join(toks))):
                if "资金总额" not in toks[0]:
                    # the labels' row, its cells possibly wrapped over lines ("执行" / "率")
                    label_text += "".join(toks)
                    continue
            if funds is None and label_text and "资金总额" in toks[0]:
                labels = [_FUND_LABELS[m.group(0)] for m in _FUND_LABEL_RE.finditer(label_text)]
                fund_tokens = [x for x in toks[1:] if _num_or_pct(x) is not None or x in ("-", "—", "——")]
                funds = [v for v in (_num_or_pct(x) for x in fund_tokens) if v is not None]
                continue
            if "实际完成情况" in toks and goals is None:
                goals = []
                continue
            if goals is not None:
                goals.append(t)
                continue
            head.append(t)
            continue
        if toks[0].startswith("总分"):
            total_line = i
            break
    if not name:
        return
    joined = " ".join(head)
    extra: dict = {}

    def spaced(label):  # a label cell wrapped over lines ("主管部门及" / "代码")
        return r"\s*".join(map(re.escape, label))

    code, dept = split_code(first_group(spaced("主管部门及代码") + r"\s*[:：]?\s*(\S+)", joined))
    if code:
        extra["主管部门代码"] = code
    ucode, unit = split_code(first_group(rf"(?:{spaced('预算单位')}|{spaced('实施单位')})\s*[:：]?\s*(\S+)", joined))
    if ucode:
        extra["预算单位代码"] = ucode
    if goals:
        text = "\n".join(goals)
        m = re.search(r"。\s+(?=\S)", text) or re.search(r"。\n", text)
        parts = [text[: m.start() + 1], text[m.end():]] if m else [text]
        extra["年度目标"] = join_cjk(parts[0].replace("\n", ""))
        if len(parts) > 1:
            extra["实际完成情况"] = join_cjk(parts[1].replace("\n", ""))
    values: dict = {}
    if funds and len(funds) == len(labels):
        values = dict(zip(labels, funds, strict=True))  # lengths checked above
    elif funds and "执行率" in labels and "分值" in labels and len(labels) > len(fund_tokens):
        values = assign_funds(labels, fund_tokens)  # a blank or glued cell (Xi'an: "1000%")
    elif funds and len(funds) >= 5:  # the tab-separated final account's order, read from the right
        values = {"执行率得分": funds[-1], "执行率": funds[-2], "资金结余": funds[-3],
                  "全年执行数": funds[-4], "全年预算数": funds[-5]}
        if len(funds) >= 6:
            values["年初预算数"] = funds[-6]
    for k in ("年初预算数", "全年预算数", "全年执行数", "资金结余", "执行率", "执行率得分", "分值"):
        if values.get(k) is not None:
            extra[k if k != "分值" else "执行率分值"] = str(values[k])
    score = grade = full = None
    if total_line is not None:
        for j in (total_line, total_line + 1):
            if j >= len(lines):
                break
            toks = [x for x in lines[j].split() if x and not x.startswith("总分")]
            nums = [x for x in toks if is_number(x)]
            grades = [x for x in toks if x in GRADES]
            if nums or grades:
                score = to_decimal(nums[-1]) if nums else None
                full = to_decimal(nums[-2]) if len(nums) >= 2 else None
                grade = grades[-1] if grades else None
                break
    if full is not None:
        extra["总分分值"] = str(full)  # the points the total is out of (100; 90 without 执行率)
    if score is not None:
        extra["总分"] = str(score)
    unit = unit or doc_unit
    project = PerformanceProject(
        project_key=unit_name_key(unit, name), project_name=name, page_number=doc.page(block[0]),
        kind="self_evaluation", unit_name=unit, department_name=dept,
        annual_amount_wan=values.get("全年预算数"), executed_amount_wan=values.get("全年执行数"),
        execution_rate=values.get("执行率"), total_score=score, grade=grade, extra=extra)
    projects.append(project)
    if header is None:
        return
    stop = total_line if total_line is not None else block[-1] + 1
    rows = []  # token lists of the indicator lines, wrapped level-2 cells rejoined
    for i in range(header + 1, stop):
        t = lines[i].strip()
        if not t or JUNK_LINE_RE.match(t) or without_spaces(t) in ("仅供内部审核", "仅供", "内部", "审核"):
            continue
        # the points a level is worth, printed with its label ("产出指标（50分）", "50分", "（30分）")
        t = _POINTS.sub("", t)
        toks = [undouble(x) for x in t.split() if not _POINTS_ALONE.match(x)]
        if not toks:
            continue
        if not rows and all(x in _SELF_HEADER_TEXT for x in toks):
            continue  # the header row's wrapped cells ("调整后指标" / "值", "偏差原因分析及改" / "进措施")
        if rows and len(toks) == 1 and len(rows[-1][0]) == 1 and is_level2(rows[-1][0][0] + toks[0]):
            rows[-1] = ([rows[-1][0][0] + toks[0]], rows[-1][1])  # "服务对象满意" / "度指标"
            continue
        if (rows and len(toks) == 1 and len(rows[-1][0]) == 1 and not is_level2(rows[-1][0][0])
                and is_level2(rows[-1][0][0] + toks[0] + "指标")):
            rows[-1] = ([rows[-1][0][0] + toks[0]], rows[-1][1])
            continue
        rows.append((toks, i))
    level1 = level2 = None
    carry: list[list[str]] = []  # lines without 分值/得分: cells of the coming row (wrapped ones)
    after_reason = False
    for toks, i in rows:
        k = 0
        while k < len(toks):  # leading 一级/二级指标 cells
            tok = toks[k]
            pre = None if (tok in LEVEL1 or is_level2(tok)) else level2_prefix(tok)
            if pre and not pre[1]:
                tok = pre[0]
            kind = classify_token(tok, toks[k + 1] if k + 1 < len(toks) else None)
            if kind == "l1":
                level1, level2 = tok, None
            elif kind == "l2":
                level2 = tok
                level1 = LEVEL2_FAMILY.get(tok) or level1
            elif kind != "header":
                break
            k += 1
        rest = toks[k:]
        pair = None
        for a in range(len(rest) - 1, 0, -1):
            if is_number(rest[a]) and is_number(rest[a - 1]):
                pair = a - 1
                break
        if pair is None:
            if rest and after_reason and len(rest) == 1 and not carry:
                continue  # a wrapped 偏差原因 cell's next line
            after_reason = False
            if rest:
                carry.append(rest)
            continue
        # cells of the row: the carried lines then this line's cells before 分值; consecutive
        # one-token lines are the lines of one wrapped cell
        cells: list[str] = []
        prev_lone = False
        for line_toks in carry + ([rest[:pair]] if pair else []):
            lone = len(line_toks) == 1
            if lone and prev_lone and cells:
                cells[-1] += line_toks[0]
            else:
                cells.extend(line_toks)
            prev_lone = lone
        carry = []
        after_reason = len(rest) > pair + 2
        if not cells:
            continue
        n_vals = min(3, len(cells) - 1)
        ind_name = "".join(cells[: len(cells) - n_vals])
        vals = cells[len(cells) - n_vals:]
        initial = adjusted = actual = None
        if len(vals) == 3:
            initial, adjusted, actual = vals
        elif len(vals) == 2:
            initial, actual = vals
        elif len(vals) == 1:
            actual = vals[0]
        target = initial
        if not (initial and re.search(r"\d", initial)) and adjusted:
            target = adjusted
        op, number, unit_ = parse_target(target) if target else (None, None, None)
        ind = PerformanceIndicator(
            project_key=project.project_key, project_name=name, period="annual", level1=level1,
            level2=level2, indicator_name=ind_name, target_value=target, target_operator=op,
            target_number=number, target_unit=unit_, actual_value=actual,
            weight=to_decimal(rest[pair]), score=to_decimal(rest[pair + 1]), page_number=doc.page(i))
        ind._owner = project
        indicators.append(ind)


# --------------------------------------------------------------------------- funds of a self-evaluation grid

def assign_funds(labels: list[str], tokens: list[str]) -> dict:
    """Fund labels to the printed figures. The page text may glue two cells ("10100%" = 分值 10 and
    执行率 100%: cut where the rate equals 全年执行数 / 全年预算数) or a cell may be blank (the figures
    are then placed so that the percentage falls under 执行率; a "1000%" printed as such stays).
    ``tokens``: the figures as printed, "-" for a cell printed blank."""
    vals = [(num_or_pct(t), "%" in t or "％" in t) for t in tokens]  # placeholders: (None, False)
    if len(vals) < len(labels) and "分值" in labels and "执行率" in labels:
        for k, (_v, pct) in enumerate(vals):
            if not pct or k != labels.index("分值"):
                continue
            t = nfkc(compact(tokens[k])).rstrip("%")
            a_v = dict(zip(labels, [x for x, _p in vals], strict=False)).get("全年预算数")
            b_v = dict(zip(labels, [x for x, _p in vals], strict=False)).get("全年执行数")
            want = (b_v / a_v * 100) if a_v and b_v is not None else None
            for cut in range(1, len(t)):
                w, r = dec(t[:cut]), dec(t[cut:])
                if w is None or r is None or t[cut:].startswith("0") and not t[cut:].startswith("0."):
                    continue
                if want is None or abs(r - want) <= Decimal("0.6"):
                    vals[k:k + 1] = [(w, False), (r, True)]
                    break
            break
    if len(vals) == len(labels):
        return {lab: v for lab, (v, _p) in zip(labels, vals, strict=True) if v is not None}
    if len(vals) < len(labels) and "执行率" in labels:
        # a blank cell: the figures before the percentage fill the labels from the left, the
        # percentage is 执行率, the figures after it the labels after 执行率
        k_pct = next((k for k, (_v, p) in enumerate(vals) if p), None)
        i_rate = labels.index("执行率")
        if k_pct is not None and k_pct <= i_rate and len(vals) - k_pct <= len(labels) - i_rate:
            before = vals[:k_pct]
            last = before[-1][0] if before else None
            if (last is not None and "分值" in labels and last <= 20 and k_pct < i_rate
                    and all(v is None or v > 20 for v, _p in before[:-1])):
                # the figure before the percentage is the 分值 (10): the blank is on the left
                out = {labels[i_rate - len(before) + k]: v for k, (v, _p) in enumerate(before)}
            else:
                out = {labels[k]: v for k, (v, _p) in enumerate(before)}
            out.update({labels[i_rate + j]: v for j, (v, _p) in enumerate(vals[k_pct:])})
            return {k: v for k, v in out.items() if v is not None}
    if len(vals) >= 5:  # read from the right: 全年预算数 全年执行数 分值 执行率 得分
        v = [x for x, _p in vals]
        out = {"执行率得分": v[-1], "执行率": v[-2], "分值": v[-3], "全年执行数": v[-4], "全年预算数": v[-5]}
        if len(v) >= 6:
            out["年初预算数"] = v[-6]
        return out
    return {}


_GRID_FUND_LABELS = (("年初预算数", "年初预算数"), ("全年预算数", "全年预算数"), ("全年执行数", "全年执行数"),
                ("资金结余", "资金结余"), ("分值", "分值"), ("执行率", "执行率"), ("得分", "执行率得分"))


def _fund_label_order(text: str) -> list[str]:
    t = compact(text)
    found = []
    for word, key in _GRID_FUND_LABELS:
        for m in re.finditer(re.escape(word), t):
            found.append((m.start(), key))
    # "执行率分值" is not 分值 + 执行率 … keep both in printed order
    return [k for _s, k in sorted(found)]


def self_evaluation_funds(lines: list[str], b: Block) -> dict:
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

