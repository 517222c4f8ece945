"""What the text readers of extract.performance share: the indicator vocabulary as the text readers
spell it, the cell helpers (wraps, fake-bold doubling, numbers), the table titles that start a block,
and the token stream of a block's lines.

The text readers' vocabulary differs from the grid readers' (``extract.performance.common``): its
二级指标 are listed in the order the text readers try them, and "经济成本" without "指标" is not one.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from extract.indicator_values import looks_like_value

try:  # the shared text helpers (fake-bold doubling)
    from extract.textnorm import undouble
except ImportError:  # pragma: no cover - fallback when textnorm is absent
    _CJK1 = re.compile(r"[\u3400-\u9fff]")

    def undouble(text: str) -> str:
        n = len(text or "")
        if n >= 4 and n % 2 == 0 and text[: n // 2] == text[n // 2:] and _CJK1.search(text):
            return text[: n // 2]
        return text


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}（）()、，：:])\s+|\s+(?=[{_CJK}（）()、，：:])")

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_FAMILY = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济效益": "效益指标", "经济效益指标": "效益指标", "社会效益": "效益指标",
    "社会效益指标": "效益指标", "生态效益": "效益指标", "生态效益指标": "效益指标",
    "可持续影响": "效益指标", "可持续影响指标": "效益指标", "可持续发展影响": "效益指标",
    "可持续发展影响指标": "效益指标",
    "服务对象满意度": "满意度指标", "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "成本指标": None,  # level 2 of 产出指标 in the Shanxi templates; level 1 when 经济成本指标… follow
}
LEVEL2 = tuple(LEVEL2_FAMILY)
COST_LEVEL2_NAMES = ("经济成本指标", "社会成本指标", "生态环境成本指标")
HEADER_WORDS = {"一级指标", "二级指标", "三级指标", "指标值", "绩效指标", "绩效指标描述",
                "指标值确定依据", "年度绩效指标", "年度绩效", "指标", "绩", "效", "指", "标",
                "实施期目标", "年度目标"}
# Short qualitative values that layout text glues to the end of an indicator name.
_QUALITATIVE = ("显著提升", "有效提升", "有效发挥", "有效保障", "稳步提高", "逐年提高", "进一步提高",
                "按时发放", "按月缴纳", "正常运行", "及时", "良好", "增长", "保障", "提高", "提升",
                "降低", "推动", "积极", "拓宽", "稳定", "优化", "达标", "合格", "完成")
_TRAILING_VALUE = re.compile(
    r"^(?P<name>.*?[^\d.,≥≤<>=＞＜≧≦])(?P<value>(?:≥|≤|<|>|=|＞|＜|≧|≦)?\d[\d,]*(?:\.\d+)?"
    rf"(?:%|[{_CJK}/.]{{0,6}})?)$")
GRADES = ("优", "良", "中", "差")
_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


# --------------------------------------------------------------------------- small helpers

def without_spaces(text: str) -> str:
    """The text with all whitespace removed."""
    return re.sub(r"\s+", "", text or "")


def join_cjk(text: str) -> str:
    """Spaces that are wrap or OCR artefacts next to CJK text go ("社会效益指 标" → "社会效益指标")."""
    t = (text or "").replace("\u3000", " ").strip()
    t = _CJK_SPACE.sub("", t)
    return re.sub(r"(?<=\d)\s+(?=[%％])", "", t)


def tab_cell(text: str) -> str:
    """One tab-separated cell: whitespace runs collapsed, fake-bold doubling undone."""
    return undouble(re.sub(r"\s+", " ", (text or "").replace("\u3000", " ")).strip())


def ocr_cell(text: str) -> str:
    """An OCR'd cell (the stand-alone 绩效文本 with 项目编码): wrap/OCR spaces next to CJK text removed as well."""
    return undouble(join_cjk(text))


def line_cells(line: str, tabbed: bool) -> list[str]:
    """Cells of one line: tab-separated (positions kept, blanks included) or whitespace tokens."""
    if tabbed:
        return [tab_cell(c) for c in line.split("\t")]
    return [undouble(t) for t in line.split()]


def to_decimal(text: Optional[str]) -> Optional[Decimal]:
    """The text as a Decimal when it is a plain printed number (thousands separators allowed), else None."""
    if text is None:
        return None
    t = without_spaces(text).replace("，", ",")
    if not _NUM.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def is_number(text: str) -> bool:
    """Whether the text is a plain printed number."""
    return to_decimal(text) is not None


def amount_in_wan(value: Optional[Decimal], unit: str) -> Optional[Decimal]:
    """An amount printed in the given unit (元, 万元, 亿元) in 万元."""
    if value is None:
        return None
    if unit == "元":
        return value / Decimal(10000)
    if unit == "亿元":
        return value * Decimal(10000)
    return value


def split_code(text: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """'028-阳泉市司法局' → ('028', '阳泉市司法局')."""
    if not text:
        return None, None
    m = re.match(r"^\s*(\d+)\s*[-－—]\s*(.+)$", text)
    if m:
        return m.group(1), m.group(2).strip()
    return None, text.strip()


def is_level2(tok: str) -> bool:
    """Whether the token is a level-2 indicator name (二级指标)."""
    return tok in LEVEL2_FAMILY


def level2_prefix(tok: str) -> Optional[tuple[str, str]]:
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


def is_value_like(tok: Optional[str]) -> bool:
    """Whether the token looks like an indicator value (a figure or a qualitative value)."""
    if not tok:
        return False
    return looks_like_value(tok) or _quali_value(tok)


def split_trailing_value(tok: str) -> Optional[tuple[str, str]]:
    """A token of a name with its value glued to its end, split as (name, value); else None."""
    m = _TRAILING_VALUE.match(tok)
    if m and len(m.group("name")) >= 2 and looks_like_value(m.group("value")):
        return m.group("name"), m.group("value")
    for q in sorted(_QUALITATIVE, key=len, reverse=True):
        if tok.endswith(q) and len(tok) - len(q) >= 3:
            return tok[: -len(q)], q
    return None


# --------------------------------------------------------------------------- blocks of a document

_TITLE_KINDS = (
    ("整体支出绩效目标申报表", "department"),
    ("整体支出绩效自评表", "department"),
    ("项目支出绩效自评表", "self_evaluation"),
    ("项目绩效自评表", "self_evaluation"),
    ("项目支出绩效目标表", "target"),
    ("绩效目标表", "target"),
)
# A new section of the report ends a table that has no 负责人 line under it.
SECTION_RE = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
JUNK_LINE_RE = re.compile(r"^(-\s*\d+\s*-|第\s*\d+\s*页.*|\d+)$")


def title_kind(line: str) -> Optional[str]:
    """The kind of performance table a title line starts, or None when it is no such title."""
    t = undouble(without_spaces(line))
    if not t or len(t) > 80 or "见附件" in t or "情况" in t:
        return None
    for suffix, kind in _TITLE_KINDS:
        if t.endswith(suffix):
            return kind
    return None


def unit_name_key(unit: Optional[str], name: str) -> str:
    """The key of a project: its unit and name joined by '|'."""
    return f"{unit or ''}|{name}"


def first_group(pattern: str, text: str) -> Optional[str]:
    """The first group of the pattern's first match in the text, stripped; None without a match."""
    m = re.search(pattern, text)
    return m.group(1).strip() if m else None


def stream_tokens(lines, rng, doc) -> list[tuple[str, int, bool, int]]:
    """(token, page, alone on its line, line index) for each cell of the lines in ``rng``."""
    toks: list[tuple[str, int, bool, int]] = []
    kept = drop_watermarks([(i, lines[i]) for i in rng])
    for i, line in kept:
        t = line.strip()
        if not t or JUNK_LINE_RE.match(t) or "部门预算公开报告" in t or "部门决算公开报告" in t:
            continue
        cells = [c for c in line_cells(t, False) if c]
        for tok in cells:
            toks.append((tok, doc.page(i), len(cells) == 1, i))
    return toks


def drop_watermarks(pairs):
    """The (index, line) pairs without the 仅供内部审核 watermark lines."""
    out = []
    parts = ("仅供", "内部", "审核")
    for i, line in pairs:
        t = without_spaces(line)
        if t == "仅供内部审核" or t in parts:
            continue
        out.append((i, line))
    return out
