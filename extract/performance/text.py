"""Performance tables read from a document's plain text (the text reader of extract.performance).

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
import dataclasses
import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from extract.indicator_values import looks_like_value, normalise_value_text, parse_target
from extract.performance.common import assign_funds
from extract.model import PerformanceIndicator, PerformanceProject, Statistic

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
                 "指标值确定依据", "年度绩效指标", "年度绩效", "指标", "绩", "效", "指", "标",
                 "实施期目标", "年度目标"}
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
        self.last: Optional[PerformanceIndicator] = None
        self.start = len(out)
        self.new_row()

    def _backfill_level1(self, level1: str):
        """Rows printed above their merged 一级指标 cell's label (seed 003's department table: the
        label is centred in the cell, below its first row) belong to that label."""
        if self.level1 is None:
            for ind in self.out[self.start:]:
                if ind.level1 is None:
                    ind.level1 = level1

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
        self._backfill_level1(tok)
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
            self._backfill_level1(family)
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
        self.last = self.out[-1]
        self.emitted[self.half] = True

    def value_open(self) -> bool:
        """The last value was cut by a wrap ("≥20000人次/" + "年", "≤2590元/人." + "月")."""
        v = self.last.target_value if self.last is not None else None
        return bool(v) and v[-1] in "/.、～~-" and not self.pending

    def extend_value(self, tok: str):
        ind = self.last
        ind.target_value = ind.target_value + tok
        ind.target_operator, ind.target_number, ind.target_unit = parse_target(ind.target_value)


def _classify(tok: str, nxt: Optional[str]) -> str:
    """'l1' | 'l2' | 'header' | 'text' for one token given the next one."""
    if tok in _HEADER_WORDS or _compact(tok) in _HEADER_WORDS:  # "绩效 指标" (seed 001, line 810)
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
        first = len(machine.out)
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
        if (machine.two and machine.l2_in_row["annual"] and not machine.emitted["annual"]
                and machine.emitted["implementation"] and not machine.l2_in_row["implementation"]):
            # "|||法律援助覆盖率|≥100%|质量指标|||" (seed 001): the 实施期 group's 二级指标 cell is
            # missing and the label printed in the (empty) 年度 group's column is the row's heading
            l2 = machine.l2["annual"]
            family = _LEVEL2_FAMILY.get(l2)
            for ind in machine.out[first:]:
                if ind.period == "implementation":
                    ind.level2 = l2
                    if family:
                        ind.level1 = family
            machine.l2["implementation"] = l2


def _read_stream(tokens: list[tuple], machine: _Indicators, pdf: bool = False):
    """Layout text: one stream of tokens; cells may be glued or wrapped over lines.

    Tokens are (text, page) or (text, page, alone) where ``alone`` says the token is the only one on
    its line. PDF text (``pdf``) prints cells in drawing order, a wrapped cell's lines one after the
    other on lines of their own: a lone name line followed by a lone line and then a value is one
    wrapped name; a value cut after "/" or "." continues on the next lone line."""
    # 1. split level-2 headings glued to (or truncated before) the next cell
    toks: list[tuple[str, int, bool, int]] = []
    for k, item in enumerate(tokens):
        tok, page = item[0], item[1]
        alone = item[2] if len(item) > 2 else False
        line = item[3] if len(item) > 3 else -1
        if (pdf and _is_level2(tok) and k + 1 < len(tokens) and tokens[k + 1][0] == "指标"
                and _is_level2(tok + "指标")):
            tok = tok + "指标"  # "服务对象满意度" / "指标": a level-2 cell wrapped before its last word
        if tok in _HEADER_WORDS or tok in LEVEL1 or _is_level2(tok):
            toks.append((tok, page, alone, line))
            continue
        pre = _level2_prefix(tok)
        if pre:
            toks.append((pre[0], page, alone, line))
            if pre[1]:
                toks.append((pre[1], page, alone, line))
            continue
        toks.append((tok, page, alone, line))
    pending_line = None
    i = 0
    n = len(toks)
    while i < n:
        tok, page, alone, line = toks[i]
        nxt = toks[i + 1][0] if i + 1 < n else None
        if machine.pending is None:
            pending_line = None
        elif pending_line is None:
            pending_line = toks[i - 1][3]
        if (pdf and machine.pending and line >= 0 and line == pending_line
                and _classify(tok, nxt) == "text"):
            machine.set_value(tok)  # PDF text: a name's value cell is printed on its line
            i += 1
            continue
        first_on_line = i > 0 and line >= 0 and toks[i - 1][3] != line
        if (pdf and (alone or first_on_line) and machine.value_open() and len(tok) <= 3
                and not _value_like(tok) and _classify(tok, nxt) == "text"):
            # the value's wrapped last line, alone or printed before the next cell's text
            machine.extend_value(tok)
            i += 1
            continue
        if (pdf and alone and machine.pending and toks[i - 1][2] and not _value_like(tok)
                and nxt is not None and _value_like(nxt) and _classify(tok, nxt) == "text"):
            machine.extend_name(tok)  # a wrapped name cell: its lines one after the other
            i += 1
            continue
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
    ("整体支出绩效自评表", "department"),
    ("项目支出绩效自评表", "self_evaluation"),
    ("项目绩效自评表", "self_evaluation"),
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
                          unit_name: Optional[str] = None, pdf: bool = False
                          ) -> tuple[list[PerformanceProject], list[PerformanceIndicator]]:
    """All performance projects and indicators of a document's plain text (pure function).
    ``pdf``: the text is a PDF's page text (cells separated by spaces, wrapped cells on lines of
    their own, in drawing order)."""
    projects, indicators, _stats = _read_all(text, pages, unit_name, pdf)
    return projects, indicators


def _read_all(text: str, pages: Optional[list[str]], unit_name: Optional[str], pdf: bool = False,
              skip_pages: Optional[set] = None, finalize: bool = True):
    """``skip_pages``: pages whose tables another reader (the PDF grid reader) has read: a title
    printed there starts no block here. ``finalize``: make project keys unique and drop the
    bookkeeping (the caller does it over every reader's results otherwise)."""
    doc = _Lines(text or "", pages)
    lines = doc.lines
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    stats: list[Statistic] = []
    titles = [(i, k) for i, line in enumerate(lines) if (k := _title_kind(line))]
    for n, (start, kind) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        block = list(range(start, end))
        if skip_pages and doc.page(start) in skip_pages:
            continue
        if kind == "department":
            _read_department(lines, block, doc, indicators, stats)
        elif kind == "self_evaluation":
            if any("\t" in lines[i] for i in block):
                _read_self_evaluation(lines, block, doc, projects, indicators, unit_name)
            else:
                _read_self_evaluation_text(lines, block, doc, projects, indicators, unit_name)
        else:
            _read_target(lines, block, doc, projects, indicators, unit_name, pdf)
    _read_prose_goals(lines, doc, indicators)
    if finalize:
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

def _read_target(lines, block, doc, projects, indicators, doc_unit, pdf=False):
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
        _read_stream(_stream_tokens(lines, range(head_end, end), doc), machine, pdf)
    if (out and not any(i.period == "annual" for i in out) and annual is not None
            and total is not None and annual == total):
        # the 年度目标 group is printed empty (seed 001 法律援助业务经费: only its 二级指标 labels) while
        # the year's money is the whole 实施期's: the year's targets are the 实施期 targets
        out.extend(dataclasses.replace(i, period="annual") for i in list(out))
        project.extra["年度指标"] = "实施期指标 (年度目标 printed empty)"
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
        if cells and all(c in ("实施期目标", "年度目标") for c in cells) and start + 1 < head_end:
            cells = [c for c in _cells(lines[start + 1], True) if c]  # the texts under the group labels
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
    parts[0] = re.sub(r"^总体目标\s*", "", parts[0]).strip()
    if re.fullmatch(r"实施期目标\s*年度目标", parts[0]):
        # PDF text: the two group cells in drawing order, each ending with "。"
        body = parts[1:]
        cut = next((k for k, t in enumerate(body) if t.endswith("。")), None)
        if cut is not None and cut + 1 < len(body):
            return {"总体目标": _join_cjk("".join(body[: cut + 1])),
                    "年度总体目标": _join_cjk("".join(body[cut + 1:]))}
        parts = body
    text = " ".join(p for p in parts if p)
    return {"总体目标": text} if text else {}


def _stream_tokens(lines, rng, doc) -> list[tuple[str, int]]:
    toks: list[tuple[str, int]] = []
    kept = _drop_watermarks([(i, lines[i]) for i in rng])
    for i, line in kept:
        t = line.strip()
        if not t or _JUNK_LINE.match(t) or "部门预算公开报告" in t or "部门决算公开报告" in t:
            continue
        cells = [c for c in _cells(t, False) if c]
        for tok in cells:
            toks.append((tok, doc.page(i), len(cells) == 1, i))
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
    plan: Optional[list[str]] = None
    use_row = False
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
            fiscal = next((c for c in cells if c.startswith("其中") and "财政" in c), None)
            if fiscal and _dec(_after(cells, fiscal)) is not None:
                extra["财政资金"] = str(_dec(_after(cells, fiscal)))
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
                extra["资金支出计划"] = "；".join(f"{a} {b}" for a, b in zip(plan, pcts))
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
    goal_row = False
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
        extra["执行率"] = str(rate) if rate is not None else None  # as printed (its decimals)
        executed, annual = at(-4), at(-5)
        if at(-6) is not None:
            extra["年初预算数"] = str(at(-6))
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
    return Decimal(m.group(1)) if m else _dec(tok)


def _read_self_evaluation_text(lines, block, doc, projects, indicators, doc_unit):
    """项目支出绩效自评表 from PDF page text: cells separated by spaces, wrapped cells on lines of
    their own. Funds are read by the order of their printed labels; each indicator line ends with
    its 分值 and 得分 (two numbers), then an optional 偏差原因."""
    kept = [i for i, _l in _drop_watermarks([(i, lines[i]) for i in block])]
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
        if not t or _JUNK_LINE.match(t):
            continue
        toks = [_undouble(x) for x in t.split()]
        if name is None and toks[0] == "项目名称":
            name = _join_cjk(" ".join(toks[1:])) or None
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

    code, dept = _split_code(_search(spaced("主管部门及代码") + r"\s*[:：]?\s*(\S+)", joined))
    if code:
        extra["主管部门代码"] = code
    ucode, unit = _split_code(_search(rf"(?:{spaced('预算单位')}|{spaced('实施单位')})\s*[:：]?\s*(\S+)", joined))
    if ucode:
        extra["预算单位代码"] = ucode
    if goals:
        text = "\n".join(goals)
        m = re.search(r"。\s+(?=\S)", text) or re.search(r"。\n", text)
        parts = [text[: m.start() + 1], text[m.end():]] if m else [text]
        extra["年度目标"] = _join_cjk(parts[0].replace("\n", ""))
        if len(parts) > 1:
            extra["实际完成情况"] = _join_cjk(parts[1].replace("\n", ""))
    values: dict = {}
    if funds and len(funds) == len(labels):
        values = dict(zip(labels, funds))
    elif funds and "执行率" in labels and "分值" in labels and len(labels) > len(fund_tokens):
        values = assign_funds(labels, fund_tokens)  # a blank or glued cell (Xi'an: "1000%")
    elif funds and len(funds) >= 5:  # seed 002's order, read from the right
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
            nums = [x for x in toks if _is_num(x)]
            grades = [x for x in toks if x in _GRADES]
            if nums or grades:
                score = _dec(nums[-1]) if nums else None
                full = _dec(nums[-2]) if len(nums) >= 2 else None
                grade = grades[-1] if grades else None
                break
    if full is not None:
        extra["总分分值"] = str(full)  # the points the total is out of (100; 90 without 执行率)
    if score is not None:
        extra["总分"] = str(score)
    unit = unit or doc_unit
    project = PerformanceProject(
        project_key=_key(unit, name), project_name=name, page_number=doc.page(block[0]),
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
        if not t or _JUNK_LINE.match(t) or _compact(t) in ("仅供内部审核", "仅供", "内部", "审核"):
            continue
        # the points a level is worth, printed with its label ("产出指标（50分）", "50分", "（30分）")
        t = _POINTS.sub("", t)
        toks = [_undouble(x) for x in t.split() if not _POINTS_ALONE.match(x)]
        if not toks:
            continue
        if not rows and all(x in _SELF_HEADER_TEXT for x in toks):
            continue  # the header row's wrapped cells ("调整后指标" / "值", "偏差原因分析及改" / "进措施")
        if rows and len(toks) == 1 and len(rows[-1][0]) == 1 and _is_level2(rows[-1][0][0] + toks[0]):
            rows[-1] = ([rows[-1][0][0] + toks[0]], rows[-1][1])  # "服务对象满意" / "度指标"
            continue
        if (rows and len(toks) == 1 and len(rows[-1][0]) == 1 and not _is_level2(rows[-1][0][0])
                and _is_level2(rows[-1][0][0] + toks[0] + "指标")):
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
            pre = None if (tok in LEVEL1 or _is_level2(tok)) else _level2_prefix(tok)
            if pre and not pre[1]:
                tok = pre[0]
            kind = _classify(tok, toks[k + 1] if k + 1 < len(toks) else None)
            if kind == "l1":
                level1, level2 = tok, None
            elif kind == "l2":
                level2 = tok
                level1 = _LEVEL2_FAMILY.get(tok) or level1
            elif kind != "header":
                break
            k += 1
        rest = toks[k:]
        pair = None
        for a in range(len(rest) - 1, 0, -1):
            if _is_num(rest[a]) and _is_num(rest[a - 1]):
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
            weight=_dec(rest[pair]), score=_dec(rest[pair + 1]), page_number=doc.page(i))
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
