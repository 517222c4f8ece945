"""Shared vocabulary and helpers of the performance readers (extract.performance.*).

- The indicator vocabulary: 一级指标 (产出/效益/满意度/成本指标) and the 二级指标 family each belongs to,
  in the spellings the templates print ("经济成本" and "经济成本指标", "服务对象满意度" and
  "服务对象满意度指标").
- ``decode_levels``: a PDF grid cell that holds a 一级 and a 二级指标 at once. When the reader
  merges two columns (a missing rule between them) the two labels come out glued
  ("成本指标经济成本") or, when both were wrapped over lines, interleaved line by line
  ("社会效益效益指标指标" = "社会效益/指标" and "效益指标"; "成本指经济成本标" = "成本指/标" and
  "经济成本"). The labels are a closed vocabulary, so the pair is recovered from the characters.
- ``column_roles``: what a header cell means (一级指标, 三级指标, 指标值, 实际完成值, 分值, 得分, …),
  read by meaning, several roles when the reader merged header cells.
- ``split_amounts``: "67,756.88188.02" (two amount cells glued) → ["67,756.88", "188.02"].
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Optional

from extract.indicator_values import parse_target
from extract.model import PerformanceIndicator

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
# 二级指标 as printed → the 一级指标 it belongs to (None: 成本指标 is 二级 under 产出指标 in some
# templates and 一级 in others)
LEVEL2_FAMILY = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "经济成本": "成本指标", "社会成本": "成本指标", "生态环境成本": "成本指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标",
    "可持续影响指标": "效益指标", "可持续影响": "效益指标", "可持续发展影响指标": "效益指标",
    "可持续发展影响": "效益指标",
    "服务对象满意度指标": "满意度指标", "服务对象满意度": "满意度指标",
    "成本指标": None, "满意度指标": "满意度指标",
}
# longest first: "服务对象满意度指标" before "服务对象满意度", "经济成本指标" before "经济成本"
LEVEL2 = tuple(sorted(LEVEL2_FAMILY, key=len, reverse=True))
# vertical labels and group captions printed in the level columns ("绩/效/指/标", "年度绩效指标")
_LEVEL_JUNK = ("年度绩效指标完成情况", "年度绩效指标", "绩效指标", "年度指标")
_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
GRADES = ("优", "良", "中", "差")

_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_AMOUNT_GLUED = re.compile(r"\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2}")
_PCT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[%％]$")


# --------------------------------------------------------------------------- text

def compact(text: Optional[str]) -> str:
    return re.sub(r"\s+", "", text or "")


def nfkc(text: Optional[str]) -> str:
    return unicodedata.normalize("NFKC", text or "")


def clean(text: Optional[str]) -> str:
    """A grid cell: whitespace runs collapsed; spaces between CJK characters (wraps) dropped."""
    t = re.sub(r"\s+", " ", (text or "").replace("\u3000", " ")).strip()
    return re.sub(r"(?<=[\u3400-\u9fff（）：:，。、；])\s+|\s+(?=[\u3400-\u9fff（）：:，。、；])", "", t)


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def dec(text: Optional[str]) -> Optional[Decimal]:
    """A printed number ('1,083.57', '10') → Decimal; None for anything else."""
    t = nfkc(compact(text)).replace("，", ",")
    if not _NUM.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def num_or_pct(text: Optional[str]) -> Optional[Decimal]:
    """'96.60%' → 96.60; '9.66' → 9.66."""
    m = _PCT.match(nfkc(compact(text)))
    return Decimal(m.group(1)) if m else dec(text)


def to_wan(value: Optional[Decimal], unit: Optional[str]) -> Optional[Decimal]:
    """Exact: 元 → 万元 by Decimal division (cents stay exact at 6 decimals)."""
    if value is None:
        return None
    if unit == "元":
        return value / Decimal(10000)
    if unit == "亿元":
        return value * Decimal(10000)
    return value


def split_amounts(text: str) -> list[str]:
    """Amount cells the PDF grid glued together ("67,756.88188.02", "14.93786.85") → their parts.
    Amounts are printed with two decimals, so each part ends two digits after its point."""
    t = compact(text)
    if not t or not re.fullmatch(r"[\d,.]+", t):
        return [t] if t else []
    parts = _AMOUNT_GLUED.findall(t)
    return parts if "".join(parts) == t else [t]


def strip_points(text: str) -> str:
    """'产出指标（50分）' → '产出指标' (the points a level is worth, printed with its label)."""
    return _POINTS.sub("", text or "").strip()


# --------------------------------------------------------------------------- levels

def level1_of(text: str) -> Optional[str]:
    t = strip_points(compact(text))
    return t if t in LEVEL1 else None


def level2_of(text: str) -> Optional[str]:
    t = strip_points(compact(text))
    return t if t in LEVEL2_FAMILY else None


def _shuffle_of(whole: str, a: str, b: str) -> bool:
    """whole is an interleaving of a and b (their characters, each in order)."""
    if len(whole) != len(a) + len(b):
        return False
    if Counter(whole) != Counter(a) + Counter(b):
        return False
    # DP over prefixes (strings are short: labels)
    prev = [True] + [False] * len(b)
    for j in range(1, len(b) + 1):
        prev[j] = prev[j - 1] and b[j - 1] == whole[j - 1]
    for i in range(1, len(a) + 1):
        cur = [prev[0] and a[i - 1] == whole[i - 1]] + [False] * len(b)
        for j in range(1, len(b) + 1):
            w = whole[i + j - 1]
            cur[j] = (prev[j] and a[i - 1] == w) or (cur[j - 1] and b[j - 1] == w)
        prev = cur
    return prev[len(b)]


def decode_levels(text: str, substring_ok: bool = True) -> tuple[Optional[str], Optional[str]]:
    """(一级指标, 二级指标) printed in one grid cell, glued or interleaved; (None, None) if neither.

    "成本指标经济成本" → ("成本指标", "经济成本"); "社会效益效益指标指标" → ("效益指标", "社会效益指标");
    "数量指标产出指标" → ("产出指标", "数量指标"); "质量指标" → (None, "质量指标");
    "绩效指标产出指标质量指标" (Yantai: the vertical 绩效指标 caption too) → ("产出指标", "质量指标").
    ``substring_ok``: also find the labels inside longer text (a cell that swallowed other columns)."""
    t = strip_points(compact(text))
    if not t:
        return None, None
    for junk in _LEVEL_JUNK:
        if t != junk and junk in t:
            rest = t.replace(junk, "", 1)
            if rest and (rest in LEVEL1 or rest in LEVEL2_FAMILY or len(rest) >= 4):
                t = rest
                break
    if t in LEVEL1:
        return t, None
    if t in LEVEL2_FAMILY:
        return None, t
    best = None
    for cand1 in LEVEL1:
        if len(cand1) >= len(t):
            continue
        for cand2 in LEVEL2:
            if len(cand1) + len(cand2) != len(t):
                continue
            if _shuffle_of(t, cand1, cand2):
                fam = LEVEL2_FAMILY.get(cand2)
                rank = (fam == cand1, len(cand2))
                if best is None or rank > best[0]:
                    best = (rank, cand1, cand2)
    if best:
        return best[1], best[2]
    if not substring_ok:
        return None, None
    # 二级 labels first: "社会效益指标" holds "效益指标"
    l2 = None
    rest = t
    for cand in LEVEL2:
        if cand not in LEVEL1 and cand in rest:
            l2 = cand
            rest = rest.replace(cand, "\0", 1)
            break
    found1 = [w for w in LEVEL1 if w in rest]
    l1 = found1[0] if found1 else None
    if len(found1) > 1 and l2:
        fam = LEVEL2_FAMILY.get(l2)
        l1 = fam if fam in found1 else l1
    if l2 is None and len(found1) == 2 and "成本指标" in found1:
        # "成本指标" printed as 二级 (Shanxi/Xi'an templates) next to its 一级
        other = [w for w in found1 if w != "成本指标"][0]
        return other, "成本指标"
    return l1, l2


# --------------------------------------------------------------------------- header roles

# (role, spellings) — longest spellings are tried first across all roles
_ROLE_WORDS = [
    ("target_impl", ("实施周期指标值", "实施期指标值", "实施期目标值")),
    ("adjusted", ("调整后指标值",)),
    ("target", ("年初指标值", "年度指标值", "年度目标值", "指标值", "目标值")),
    ("content", ("指标值内容", "指标解释", "指标值说明")),
    ("optype", ("指标值类型",)),
    ("basis", ("指标值确定依据",)),
    ("actual", ("实际完成值", "全年实际值", "实际完成情况", "实际值", "完成值")),
    ("weight", ("分值权重", "权重分值", "分值", "权重")),
    ("score", ("得分",)),
    ("reason", ("偏差原因分析及改进措施", "偏差原因")),
    ("l1", ("一级指标",)),
    ("l2", ("二级指标",)),
    ("l3", ("三级指标", "指标内容", "指标名称")),
    ("munit", ("度量单位", "计量单位")),
    ("standard", ("评（扣）分标准", "评(扣)分标准", "评分标准", "扣分标准")),
    ("remark", ("备注",)),
    ("ucode", ("单位编码",)),
    ("pname", ("单位（项目）名称", "项目名称（资金使用单位）", "项目名称", "单位名称")),
    ("amount", ("资金总额", "总计")),
    ("goal", ("整体绩效目标", "绩效目标")),
]
_ALL_WORDS = sorted(((w, role) for role, ws in _ROLE_WORDS for w in ws), key=lambda x: -len(x[0]))


def cell_roles(text: str) -> list[str]:
    """Roles named in one header cell, in printed order ('一级指标二级指标年度绩效指标' → ['l1', 'l2'])."""
    t = nfkc(compact(text)).replace("(", "（").replace(")", "）")
    t = t.replace("评(扣)分标准", "评（扣）分标准")
    original = t
    found: list[tuple[int, str]] = []
    for word, role in _ALL_WORDS:
        w = nfkc(word).replace("(", "（").replace(")", "）")
        start = 0
        while True:
            k = t.find(w, start)
            if k < 0:
                break
            found.append((k, role))
            t = t[:k] + "\0" * len(w) + t[k + len(w):]
            start = k + len(w)
    if len(original) <= 16:
        # labels interleaved by a merge of wrapped header cells ("一级指二级指标标")
        have = {role for _k, role in found}
        for word, role in (("一级指标", "l1"), ("二级指标", "l2"), ("三级指标", "l3")):
            if role not in have and is_subsequence(word, original):
                found.append((original.find(word[:2]), role))
    return [role for _k, role in sorted(found)]


def row_roles(cells: list[str]) -> list[list[str]]:
    return [cell_roles(c) for c in cells]


def is_indicator_header(cells: list[str]) -> bool:
    roles = {r for rs in row_roles(cells) for r in rs}
    has_level = "l3" in roles or ("l1" in roles and "l2" in roles)
    has_value = bool(roles & {"target", "target_impl", "actual", "weight"})
    return has_level and has_value


# --------------------------------------------------------------------------- indicators

_PLACEHOLDER = {"", "无", "/", "-", "—", "——", "－", "不适用", "--", "不涉及"}


def is_placeholder(text: Optional[str]) -> bool:
    return compact(text) in _PLACEHOLDER


# the unit an indicator's name states when its value is a bare number: "人民调解案件数(件)" + "≥1000"
_NAME_UNIT = re.compile(
    r"[（(]\s*((?:%|‰|(?:万|亿)?元(?:/[\u4e00-\u9fff]{1,3}){0,2}|(?:万)?(?:人次|件次|户次|个工作日|工作日|"
    r"小时|分钟|平方米|立方米|公里|批次|场次|[个件次人天台套家项条场所份篇期户辆亩本张部批年月日])"
    r"(?:/[\u4e00-\u9fff]{1,3})?))\s*[)）]$")


def unit_from_name(name: Optional[str]) -> Optional[str]:
    m = _NAME_UNIT.search(compact(name))
    return m.group(1) if m else None


def make_indicator(*, key, name, period, level1, level2, indicator_name, target_value, page,
                   actual_value=None, weight=None, score=None) -> PerformanceIndicator:
    target_value = (target_value or "").strip() or None
    op, number, unit = parse_target(target_value) if target_value else (None, None, None)
    if number is not None and unit is None:
        unit = unit_from_name(indicator_name)
    return PerformanceIndicator(
        project_key=key, project_name=name, period=period, level1=level1, level2=level2,
        indicator_name=indicator_name, target_value=target_value, target_operator=op,
        target_number=number, target_unit=unit, actual_value=(actual_value or None), weight=weight,
        score=score, page_number=page)


def project_key(unit: Optional[str], name: str) -> str:
    return f"{unit or ''}|{name}"


class LevelState:
    """一级/二级指标 carried down the rows of a table (merged cells print their label once)."""

    def __init__(self):
        self.l1: Optional[str] = None
        self.l2: Optional[str] = None

    def update(self, l1: Optional[str], l2: Optional[str]):
        if l1:
            if l1 != self.l1:
                self.l2 = None
            self.l1 = l1
        if l2:
            self.l2 = l2
            fam = LEVEL2_FAMILY.get(l2)
            if fam and fam != self.l1 and not l1:
                self.l1 = fam
