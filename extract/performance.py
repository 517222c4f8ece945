"""Performance targets and self-evaluations as facts (CONTRACT.md: fct_performance_project / _indicator).

Works from a document's plain text (``"\\n".join(doc.pages_text)``), so every reader (text conversion,
PDF) shares it. Four kinds of table (DOMAIN.md "Performance tables"):

- 项目支出绩效目标表 (budget): project head + three-level indicators, two column groups
  实施期目标 (period ``implementation``) and 年度目标 (period ``annual``). Tab-separated conversions
  (seed 001) are read row by row; layout text (seed 003: cells separated by spaces, wrapped over
  lines, glued together, fake-bold doubled) is read as one token stream.
- 整体支出绩效目标申报表 (department-level, seed 003): indicators with ``project_key`` None, staffing
  figures as ``Statistic``.
- 项目支出绩效自评表 (final account, seed 002): funds, execution rate, per-indicator score, 总分, grade.
- stand-alone 绩效文本 (seed 004): project tables with 项目编码, and the measurable goals of the prose
  section 分项绩效目标 as department-level indicators.

The column layout of these conversions is unreliable (cells shift left or right from row to row), so
rows are read by what the cells *say* (level-1/level-2 vocabulary, values that read as quantities)
rather than by their column index, except where the layout is known to hold (seed 004, and the
value columns of a self-evaluation row, read relative to the indicator name).
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from extract.indicator_values import looks_like_value, normalise_value_text, parse_target
from extract.model import Document, PerformanceIndicator, PerformanceProject, Statistic

try:  # the shared text helpers (fake-bold doubling)
    from extract.textnorm import undouble as _undouble
except ImportError:  # pragma: no cover - fallback when textnorm is absent
    _CJK1 = re.compile(r"[\u3400-\u9fff]")

    def _undouble(text: str) -> str:
        n = len(text or "")
        if n >= 4 and n % 2 == 0 and text[: n // 2] == text[n // 2:] and _CJK1.search(text):
            return text[: n // 2]
        return text


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}（）()、，：:])\s+|\s+(?=[{_CJK}（）()、，：:])")

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_LEVEL2_FAMILY = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济效益": "效益指标", "经济效益指标": "效益指标", "社会效益": "效益指标",
    "社会效益指标": "效益指标", "生态效益": "效益指标", "生态效益指标": "效益指标",
    "可持续影响": "效益指标", "可持续影响指标": "效益指标", "可持续发展影响": "效益指标",
    "可持续发展影响指标": "效益指标",
    "服务对象满意度": "满意度指标", "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "成本指标": None,  # level 2 of 产出指标 in the Shanxi templates; level 1 when 经济成本指标… follow
}
LEVEL2 = tuple(_LEVEL2_FAMILY)
_COST_LEVEL2 = ("经济成本指标", "社会成本指标", "生态环境成本指标")
_HEADER_WORDS = {"一级指标", "二级指标", "三级指标", "指标值", "绩效指标", "绩效指标描述",
                 "指标值确定依据", "年度绩效指标", "年度绩效", "指标", "绩", "效", "指", "标"}
# Short qualitative values that layout text glues to the end of an indicator name.
_QUALITATIVE = ("显著提升", "有效提升", "有效发挥", "有效保障", "稳步提高", "逐年提高", "进一步提高",
                "按时发放", "按月缴纳", "正常运行", "及时", "良好", "增长", "保障", "提高", "提升",
                "降低", "推动", "积极", "拓宽", "稳定", "优化", "达标", "合格", "完成")
_TRAILING_VALUE = re.compile(
    r"^(?P<name>.*?[^\d.,≥≤<>=＞＜≧≦])(?P<value>(?:≥|≤|<|>|=|＞|＜|≧|≦)?\d[\d,]*(?:\.\d+)?"
    rf"(?:%|[{_CJK}/.]{{0,6}})?)$")
_GRADES = ("优", "良", "中", "差")
_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


# --------------------------------------------------------------------------- small helpers

def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _join_cjk(text: str) -> str:
    """Spaces that are wrap or OCR artefacts next to CJK text go ("社会效益指 标" → "社会效益指标")."""
    t = (text or "").replace("\u3000", " ").strip()
    t = _CJK_SPACE.sub("", t)
    return re.sub(r"(?<=\d)\s+(?=[%％])", "", t)


def _cell(text: str) -> str:
    """One tab-separated cell: whitespace runs collapsed, fake-bold doubling undone."""
    return _undouble(re.sub(r"\s+", " ", (text or "").replace("\u3000", " ")).strip())


def _ocr_cell(text: str) -> str:
    """An OCR'd cell (seed 004): wrap/OCR spaces next to CJK text removed as well."""
    return _undouble(_join_cjk(text))


def _cells(line: str, tabbed: bool) -> list[str]:
    """Cells of one line: tab-separated (positions kept, blanks included) or whitespace tokens."""
    if tabbed:
        return [_cell(c) for c in line.split("\t")]
    return [_undouble(t) for t in line.split()]


def _dec(text: Optional[str]) -> Optional[Decimal]:
    if text is None:
        return None
    t = _compact(text).replace("，", ",")
    if not _NUM.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def _is_num(text: str) -> bool:
    return _dec(text) is not None


def _to_wan(value: Optional[Decimal], unit: str) -> Optional[Decimal]:
    if value is None:
        return None
    if unit == "元":
        return value / Decimal(10000)
    if unit == "亿元":
        return value * Decimal(10000)
    return value


def _split_code(text: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """'028-阳泉市司法局' → ('028', '阳泉市司法局')."""
    if not text:
        return None, None
    m = re.match(r"^\s*(\d+)\s*[-－—]\s*(.+)$", text)
    if m:
        return m.group(1), m.group(2).strip()
    return None, text.strip()


def _is_level2(tok: str) -> bool:
    return tok in _LEVEL2_FAMILY


def _level2_prefix(tok: str) -> Optional[tuple[str, str]]:
    """A level-2 name glued to (or truncated before) the next cell: '服务对象满意度指亲属满意度'."""
    for l2 in ("服务对象满意度指标", "可持续发展影响指标", "生态环境成本指标", "可持续影响指标",
               "经济效益指标", "社会效益指标", "生态效益指标"):
        for cut in range(len(l2), 6, -1):
            head = l2[:cut]
            if tok.startswith(head):
                rest = tok[len(head):]
                if cut == len(l2) or rest or len(head) >= 7:
                    return l2, rest
                break
    return None


def _quali_value(tok: str) -> bool:
    return tok in _QUALITATIVE


def _value_like(tok: Optional[str]) -> bool:
    if not tok:
        return False
    return looks_like_value(tok) or _quali_value(tok)


def _split_trailing_value(tok: str) -> Optional[tuple[str, str]]:
    m = _TRAILING_VALUE.match(tok)
    if m and len(m.group("name")) >= 2 and looks_like_value(m.group("value")):
        return m.group("name"), m.group("value")
    for q in sorted(_QUALITATIVE, key=len, reverse=True):
        if tok.endswith(q) and len(tok) - len(q) >= 3:
            return tok[: -len(q)], q
    return None


# --------------------------------------------------------------------------- indicator machine

class _Indicators:
    """Reads level1/level2/name/value tokens into indicators, one or two periods per row."""

    def __init__(self, out: list, project_key, project_name, two_periods: bool):
        self.out = out
        self.key = project_key
        self.name = project_name
        self.two = two_periods
        self.level1: Optional[str] = None
        self.l2 = {"implementation": None, "annual": None}
        self.new_row()

    def new_row(self):
        self.half = "implementation" if self.two else "annual"
        self.started = {"implementation": False, "annual": False}
        self.emitted = {"implementation": False, "annual": False}
        self.l2_in_row = {"implementation": False, "annual": False}
        self.pending: Optional[tuple[str, int]] = None

    def _other(self):
        return "annual" if self.half == "implementation" else "implementation"

    def set_level1(self, tok: str):
        self.flush()
        self.level1 = tok
        self.l2 = {"implementation": None, "annual": None}
        self.new_row()

    def set_level2(self, tok: str):
        self.flush()
        if self.two:
            if self.started[self.half]:
                if self.half == "implementation":
                    self.half = "annual"
                else:
                    self.new_row()
        self.l2[self.half] = tok
        self.l2_in_row[self.half] = True
        self.started[self.half] = True
        family = _LEVEL2_FAMILY.get(tok)
        if family and self.level1 != family:
            self.level1 = family

    def set_name(self, tok: str, page: int):
        self.flush()
        if self.two and self.emitted[self.half]:
            if self.half == "implementation":
                self.half = "annual"
            else:
                self.new_row()
        self.pending = (tok, page)
        self.started[self.half] = True

    def extend_name(self, tok: str):
        if self.pending:
            self.pending = (self.pending[0] + tok, self.pending[1])

    def set_value(self, tok: Optional[str]):
        if not self.pending:
            return
        name, page = self.pending
        self.pending = None
        self.emit(name, tok, page)

    def flush(self):
        """A name printed without a value (the value cell is blank)."""
        if self.pending:
            name, page = self.pending
            self.pending = None
            self.emit(name, None, page)

    def emit(self, name: str, value: Optional[str], page: int):
        value = value.strip() if value else None
        if (self.half == "annual" and self.two and self.l2_in_row["implementation"]
                and not self.l2_in_row["annual"]):
            # the annual group's 二级指标 cell is merged/blank on this row: same heading as 实施期
            self.l2["annual"] = self.l2["implementation"]
        op, number, unit = parse_target(value) if value else (None, None, None)
        self.out.append(PerformanceIndicator(
            project_key=self.key, project_name=self.name, period=self.half,
            level1=self.level1, level2=self.l2[self.half], indicator_name=name.strip(),
            target_value=value or None, target_operator=op, target_number=number,
            target_unit=unit, page_number=page))
        self.emitted[self.half] = True


def _classify(tok: str, nxt: Optional[str]) -> str:
    """'l1' | 'l2' | 'header' | 'text' for one token given the next one."""
    if tok in _HEADER_WORDS:
        return "header"
    if tok == "成本指标":
        return "l1" if nxt in _COST_LEVEL2 else "l2"
    if tok in LEVEL1:
        return "l1"
    if _is_level2(tok):
        # "服务对象满意度 ≥95%" (seed 003) is an indicator, not the level-2 heading
        return "text" if _value_like(nxt) else "l2"
    return "text"


def _read_tab_rows(rows: list[tuple[list[str], int]], machine: _Indicators):
    """Tab-separated rows: cells are whole; name then value within each half; reset per row."""
    for cells, page in rows:
        toks = [c for c in cells if c]
        machine.new_row()
        for i, tok in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            kind = _classify(tok, nxt)
            if kind == "header":
                continue
            if kind == "l1":
                machine.set_level1(tok)
            elif kind == "l2":
                machine.set_level2(tok)
            elif machine.pending:
                machine.set_value(tok)
            else:
                machine.set_name(tok, page)
        machine.flush()


def _read_stream(tokens: list[tuple[str, int]], machine: _Indicators):
    """Layout text: one stream of tokens; cells may be glued or wrapped over lines."""
    # 1. split level-2 headings glued to (or truncated before) the next cell
    toks: list[tuple[str, int]] = []
    for tok, page in tokens:
        if tok in _HEADER_WORDS or tok in LEVEL1 or _is_level2(tok):
            toks.append((tok, page))
            continue
        pre = _level2_prefix(tok)
        if pre:
            toks.append((pre[0], page))
            if pre[1]:
                toks.append((pre[1], page))
            continue
        toks.append((tok, page))
    i = 0
    n = len(toks)
    while i < n:
        tok, page = toks[i]
        nxt = toks[i + 1][0] if i + 1 < n else None
        kind = _classify(tok, nxt)
        if kind == "header":
            i += 1
            continue
        if kind == "l1":
            machine.set_level1(tok)
        elif kind == "l2":
            machine.set_level2(tok)
        elif machine.pending:
            if _value_like(tok):
                machine.set_value(tok)
            elif (nxt is not None and _value_like(nxt) and not _value_like(tok)
                  and len(machine.pending[0]) >= 6 and len(tok) <= 4):
                machine.extend_name(tok)  # a wrapped name: "接送监狱重点服刑人" / "员人数"
            else:
                split = _split_trailing_value(tok)
                if split and not _value_like(nxt):
                    machine.flush()
                    machine.set_name(split[0], page)
                    machine.set_value(split[1])
                else:
                    machine.set_name(tok, page)
        else:
            if _value_like(nxt):
                machine.set_name(tok, page)
            else:
                split = _split_trailing_value(tok)
                if split:
                    machine.set_name(split[0], page)
                    machine.set_value(split[1])
                else:
                    machine.set_name(tok, page)
        i += 1
    machine.flush()


# --------------------------------------------------------------------------- document walk

_TITLE_KINDS = (
    ("整体支出绩效目标申报表", "department"),
    ("项目支出绩效自评表", "self_evaluation"),
    ("项目支出绩效目标表", "target"),
    ("绩效目标表", "target"),
)
# A new section of the report ends a table that has no 负责人 line under it.
_SECTION = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_JUNK_LINE = re.compile(r"^(-\s*\d+\s*-|第\s*\d+\s*页.*|\d+)$")


def _title_kind(line: str) -> Optional[str]:
    t = _undouble(_compact(line))
    if not t or len(t) > 80 or "见附件" in t or "情况" in t:
        return None
    for suffix, kind in _TITLE_KINDS:
        if t.endswith(suffix):
            return kind
    return None


class _Lines:
    def __init__(self, text: str, pages: Optional[list[str]]):
        self.lines = text.split("\n")
        self.starts: list[int] = []
        if pages:
            pos = 0
            for p in pages:
                self.starts.append(pos)
                pos += len(p.split("\n"))

    def page(self, i: int) -> int:
        if not self.starts:
            return 1
        return bisect.bisect_right(self.starts, i)


def read_performance_text(text: str, pages: Optional[list[str]] = None,
                          unit_name: Optional[str] = None
                          ) -> tuple[list[PerformanceProject], list[PerformanceIndicator]]:
    """All performance projects and indicators of a document's plain text (pure function)."""
    projects, indicators, _stats = _read_all(text, pages, unit_name)
    return projects, indicators


def _read_all(text: str, pages: Optional[list[str]], unit_name: Optional[str]):
    doc = _Lines(text or "", pages)
    lines = doc.lines
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    stats: list[Statistic] = []
    titles = [(i, k) for i, line in enumerate(lines) if (k := _title_kind(line))]
    for n, (start, kind) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        block = list(range(start, end))
        if kind == "department":
            _read_department(lines, block, doc, indicators, stats)
        elif kind == "self_evaluation":
            _read_self_evaluation(lines, block, doc, projects, indicators, unit_name)
        else:
            _read_target(lines, block, doc, projects, indicators, unit_name)
    _read_prose_goals(lines, doc, indicators)
    _unique_keys(projects, indicators)
    for ind in indicators:
        ind.__dict__.pop("_owner", None)
    return projects, indicators, stats


def _unique_keys(projects, indicators):
    seen: dict[str, int] = {}
    for p in projects:
        if p.project_key in seen:
            seen[p.project_key] += 1
            old = p.project_key
            p.project_key = f"{old}#{seen[old]}"
            for ind in indicators:
                if ind.project_key == old and getattr(ind, "_owner", None) is p:
                    ind.project_key = p.project_key
        else:
            seen[p.project_key] = 1


def _key(unit: Optional[str], name: str) -> str:
    return f"{unit or ''}|{name}"


# --------------------------------------------------------------------------- target tables

def _read_target(lines, block, doc, projects, indicators, doc_unit):
    tabbed = any("\t" in lines[i] for i in block)
    if any("项目编码" in lines[i] for i in block):
        return _read_coded_target(lines, block, doc, projects, indicators, doc_unit)
    head_end = None
    end = block[-1] + 1
    for i in block:
        t = _undouble(_compact(lines[i]))
        if head_end is None and ("一级指标" in t or "三级指标" in t or t.startswith("绩效指标")):
            head_end = i
        if t.startswith("负责人") or (head_end is not None and _SECTION.match(lines[i])):
            end = i
            break
    if head_end is None:
        return
    # the first indicator header may be preceded by 绩效指标 rows split vertically (绩/效/指/标)
    head_lines = [lines[i] for i in block if i < head_end]
    joined = [" ".join(c for c in _cells(l, tabbed) if c) for l in head_lines]
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
    dept_code, dept = _split_code(_search(r"主管部门及代码\s*[:：]?\s*(\S+)", head_text))
    unit = _search(r"实施单位\s*[:：]?\s*([^\s\d][^\s]*)", head_text)
    amount_unit = "元"
    mu = re.search(r"项目资金\s*[（(]\s*(万元|亿元|元)\s*[)）]", head_text)
    if mu:
        amount_unit = mu.group(1)
    total = _dec(_search(r"实施期资金总额\s*[:：]?\s*([\d,]+(?:\.\d+)?)", head_text))
    annual = _dec(_search(r"年度资金总额\s*[:：]?\s*([\d,]+(?:\.\d+)?)", head_text))
    extra: dict = {"项目资金单位": amount_unit}
    for label, pattern in (("项目属性", r"项目属性\s*[:：]?\s*(\S+)"),
                           ("项目期", r"项目期\s*[:：]?\s*(\S+)")):
        v = _search(pattern, head_text)
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
        project_key=_key(unit, name), project_name=name, page_number=page, kind="target",
        unit_name=unit, department_name=dept, annual_amount_wan=_to_wan(annual, amount_unit),
        total_amount_wan=_to_wan(total, amount_unit), extra=extra)
    projects.append(project)
    out: list[PerformanceIndicator] = []
    machine = _Indicators(out, project.project_key, name, two_periods=True)
    if tabbed:
        rows = [(_cells(lines[i], True), doc.page(i)) for i in range(head_end, end)]
        _read_tab_rows(rows, machine)
    else:
        _read_stream(_stream_tokens(lines, range(head_end, end), doc), machine)
    for ind in out:
        ind._owner = project  # for _unique_keys (not a dataclass field)
    indicators.extend(out)


def _search(pattern: str, text: str) -> Optional[str]:
    m = re.search(pattern, text)
    return m.group(1).strip() if m else None


def _overall_goals(lines, block, head_end, tabbed) -> dict:
    start = None
    for i in block:
        if i >= head_end:
            break
        if _undouble(_compact(lines[i])).startswith("总体目标"):
            start = i
            break
    if start is None:
        return {}
    if tabbed:
        cells = [c for c in _cells(lines[start], True) if c][1:]
        out = {}
        if cells:
            out["总体目标"] = cells[0]
        if len(cells) > 1:
            out["年度总体目标"] = cells[1]
        return out
    parts = []
    for i in range(start, head_end):
        t = lines[i].strip()
        if not t or _JUNK_LINE.match(t) or t in ("绩", "效", "指", "标"):
            continue
        parts.append(t)
    text = " ".join(parts)
    text = re.sub(r"^总体目标\s*", "", text)
    return {"总体目标": text} if text else {}


def _stream_tokens(lines, rng, doc) -> list[tuple[str, int]]:
    toks: list[tuple[str, int]] = []
    kept = _drop_watermarks([(i, lines[i]) for i in rng])
    for i, line in kept:
        t = line.strip()
        if not t or _JUNK_LINE.match(t) or "部门预算公开报告" in t or "部门决算公开报告" in t:
            continue
        for tok in _cells(t, False):
            if tok:
                toks.append((tok, doc.page(i)))
    return toks


def _drop_watermarks(pairs):
    out = []
    parts = ("仅供", "内部", "审核")
    for i, line in pairs:
        t = _compact(line)
        if t == "仅供内部审核" or t in parts:
            continue
        out.append((i, line))
    return out


# --------------------------------------------------------------------------- seed 004 project tables

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
    for i in block:
        raw = lines[i]
        t = raw.strip()
        if not t:
            continue
        cells = [_ocr_cell(c) for c in raw.split("\t")]
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
            budget = _dec(_after(cells, "预算数"))
            continue
        if nonempty and nonempty[0] == "绩效目标" and len(nonempty) > 1:
            extra["绩效目标"] = nonempty[1]
            continue
        if "一级指标" in cells and "三级指标" in cells:
            header_cols = {c: k for k, c in enumerate(cells) if c}
            if name:
                unit = _unit_from_code(unit or doc_unit, code)
                project = PerformanceProject(
                    project_key=_key(unit, name), project_name=name, page_number=doc.page(i),
                    kind="target", project_code=_digits(code), unit_name=unit,
                    annual_amount_wan=_to_wan(budget, amount_unit), extra=dict(extra, 项目资金单位=amount_unit))
                if budget is not None:
                    project.extra["预算数"] = str(budget)
                if code:
                    project.extra["项目编码"] = code  # as printed (letters included)
                projects.append(project)
                machine = _Indicators(out, project.project_key, name, two_periods=False)
            continue
        if header_cols and machine is not None and len(nonempty) >= 2:
            def col(label):
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


# --------------------------------------------------------------------------- self-evaluations

def _read_self_evaluation(lines, block, doc, projects, indicators, doc_unit):
    name = dept = unit = None
    extra: dict = {}
    funds = None
    header = None
    total_line = None
    ind_rows: list[tuple[list[str], int]] = []
    for i in block:
        raw = lines[i]
        if not raw.strip():
            continue
        cells = [_cell(c) for c in raw.split("\t")]
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        first = nonempty[0]
        if first == "项目名称" and name is None:
            name = nonempty[1] if len(nonempty) > 1 else None
            continue
        if first.startswith("主管部门") and dept is None:
            joined = " ".join(nonempty)
            code, dept = _split_code(_search(r"主管部门及代码\s*(\S+)", joined))
            if code:
                extra["主管部门代码"] = code
            ucode, unit = _split_code(_search(r"(?:预算单位|实施单位)\s*(\S+)", joined))
            if ucode:
                extra["预算单位代码"] = ucode
            continue
        if funds is None and any("资金总额" in c for c in nonempty):
            nums = [c for c in nonempty if _is_num(c)]
            if len(nums) >= 5:
                funds = [_dec(c) for c in nums]
                continue
        if "三级指标" in cells and header is None:
            header = i
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
                toks.extend(_cell(c).split())
            toks = [t for t in toks if t and t != "总分"]
            nums = [t for t in toks if _is_num(t)]
            grades = [t for t in toks if t in _GRADES]
            if nums or grades:
                score = _dec(nums[-1]) if nums else None
                grade = grades[-1] if grades else None
                break
    annual = executed = rate = None
    if funds:
        def at(k):
            return funds[k] if len(funds) >= -k else None
        extra["执行率得分"] = str(at(-1)) if at(-1) is not None else None
        rate, extra["资金结余"] = at(-2), str(at(-3)) if at(-3) is not None else None
        executed, annual = at(-4), at(-5)
        if at(-6) is not None:
            extra["年初预算数"] = str(at(-6))
        if len(funds) >= 7:
            extra["目标申报数"] = str(funds[-7])
        if annual is not None:
            extra["全年预算数"] = str(annual)
        if executed is not None:
            extra["全年执行数"] = str(executed)
    unit = unit or doc_unit
    project = PerformanceProject(
        project_key=_key(unit, name), project_name=name, page_number=doc.page(block[0]),
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
            kind = _classify(tok, nxt)
            if kind == "l1":
                level1, level2 = tok, None
            elif kind == "l2":
                level2 = tok
                fam = _LEVEL2_FAMILY.get(tok)
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
            if _is_num(cells[rest[a]]) and _is_num(cells[rest[a - 1]]):
                weight, score_ = _dec(cells[rest[a - 1]]), _dec(cells[rest[a]])
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


# --------------------------------------------------------------------------- department level

_STAFF = (("核定的人员编制数", "编制数"), ("实际在职人员总数", "在职人数"),
          ("在编人员数", "在编人员数"), ("其他人员数", "其他人员数"))


def _read_department(lines, block, doc, indicators, stats):
    text_lines = [(i, lines[i]) for i in block]
    for i, line in text_lines:
        t = _undouble(_compact(line))
        for printed, _short in _STAFF:
            m = re.search(re.escape(printed) + r"[:：]?(\d+)(人)?", t)
            if m and not any(s.item_name == printed for s in stats):
                stats.append(Statistic(table_id=None, page_number=doc.page(i), item_name=printed,
                                       value=Decimal(m.group(1)), unit_as_printed=m.group(2)))
    start = None
    for i, line in text_lines:
        t = _compact(line)
        if "一级指标" in t and "三级指标" in t:
            start = i
            break
    if start is None:
        return
    end = block[-1] + 1
    for i in range(start + 1, end):
        t = _undouble(_compact(lines[i]))
        if t.startswith("负责人") or _SECTION.match(lines[i]):
            end = i
            break
    machine = _Indicators(indicators, None, None, two_periods=False)
    _read_stream(_stream_tokens(lines, range(start, end), doc), machine)


_GOAL_CLAUSE_VALUE = re.compile(
    r"(?P<value>(?:≥|≤|>|<|=|不低于|不少于|不超过|不高于|达到|为)?\s*\d[\d,]*(?:\.\d+)?\s*"
    r"(?:%|个|件|人次|人|次|家|场|份|篇|万元|元|天|日)\s*(?:以上|以下|以内)?)")


def _read_prose_goals(lines, doc, indicators):
    """Seed 004: "二、分项绩效目标" — measurable targets in 绩效指标 sentences, department-level."""
    start = None
    for i, line in enumerate(lines):
        if _compact(line).endswith("分项绩效目标") and not re.search(r"\d\s*$", line):
            start = i
    if start is None:
        return
    heading = None
    for i in range(start + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", raw) or _title_kind(raw):
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
            value = _compact(vm.group("value"))
            pre = clause[: vm.start()].strip()
            pre = re.sub(r"^(达到|实现|确保)", "", pre)
            pre = re.sub(r"(达到|为|占比)$", "", pre)
            if re.search(r"达到\s*$", clause[: vm.start()]) and not value.startswith("达到"):
                value = "达到" + value
            name = _compact(pre)
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


# --------------------------------------------------------------------------- entry point

def read_performance(doc: Document) -> None:
    """Append the document's performance projects and indicators (and staffing statistics)."""
    text = "\n".join(doc.pages_text or [])
    if not text.strip():
        return
    try:
        projects, indicators, stats = _read_all(text, doc.pages_text, doc.unit_name)
    except Exception as exc:  # a layout this reader does not know must not lose the document
        doc.warnings.append(f"performance tables not read: {type(exc).__name__}: {exc}")
        return
    doc.performance_projects.extend(projects)
    doc.performance_indicators.extend(indicators)
    have = {s.item_name for s in doc.statistics}
    doc.statistics.extend(s for s in stats if s.item_name not in have)
