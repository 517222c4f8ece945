"""The figures of one sentence: each number with its unit, what kind of statement it makes
(an amount, a share 占X%, a rate 完成…的X%, a change 比上年增加X万元/增长Y%, a count of vehicles or
units) and the comparison words (决算数小于预算数, 与上年持平) the sentence uses.

Money is converted to 万元 exactly (Decimal): "101,126,495.75元" → 10112.649575, "1.2亿元" → 12000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from extract.amounts import UNIT_FACTORS_TO_WAN, parse_amount

MONEY_UNITS = ("万元", "亿元", "元")
COUNT_UNITS = ("辆", "台（套）", "台(套)", "台", "套", "个", "批次", "人次", "家")
# a number, then its unit; "元/吨", "元/人.月" are prices (performance texts), no amounts
FIGURE_RE = re.compile(
    r"(?<![\d.,，])(?P<number>[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|%|％|辆|台（套）|台\(套\)|台|套|个|批次|人次|家)(?![/／每])")

_THRESHOLD = re.compile(r"\s*(?:[（(]\s*(?:含|原值)\s*[）)])*\s*(?:及?以上|以下|以内)")
_CHANGE_VERB = re.compile(
    r"(?P<verb>增加|减少|增长|下降|上升|降低|提高|减|增|多|少|节约|节省|变化|变动|增幅|降幅|减幅|增减)"
    r"(?:了|为|约|额为|幅度为|率为|比例为)?\s*[:：]?$")
_PLUS = ("增加", "增长", "上升", "提高", "增", "多", "增幅")
_MINUS = ("减少", "下降", "降低", "减", "少", "节约", "节省", "降幅", "减幅")
_SHARE_CUE = re.compile(r"(?:占|所占比[例重]|比重|占比)")
_RATE_CUE = re.compile(r"完成|执行率|完成率|执行进度|支出进度|预算执行")
_PERCENT_CHANGE_CUE = re.compile(r"增长|下降|增加|减少|上升|降低|提高|增幅|降幅|减幅|变化|变动")

_COMPARISON_RE = re.compile(r"(?P<word>大于|小于|等于|高于|低于|超过|持平|相同|一致|相等|少于|多于)")
_COMPARISON_WORDS = {"大于": "大于", "高于": "大于", "超过": "大于", "多于": "大于",
                     "小于": "小于", "低于": "小于", "少于": "小于",
                     "等于": "等于", "相等": "等于", "持平": "持平", "相同": "持平", "一致": "持平"}
_BASE_PHRASE = re.compile(r"(?:比|较|与|同|对比|相对于?)(?P<base>[^，,。；;：:]{1,16})")


@dataclass(frozen=True)
class Figure:
    start: int  # offset within the sentence
    end: int
    number_text: str  # as printed: "2,963.41"
    value: Decimal
    decimals: int
    unit: str  # 万元 | 元 | 亿元 | % | 辆 …
    kind: str  # amount | share | rate | change | count
    direction: Optional[str] = None  # + | - for a change
    cue: str = ""  # the words that made it a share / rate (占本年支出合计的, 完成年初预算的)


def classify_base(text: str) -> Optional[str]:
    """What a change, rate or comparison is measured against, from the words naming it:
    "上年决算数" → 上年决算, "2025年预算" → 上年预算, "年初预算数" → 年初预算."""
    t = re.split(r"相比|相较|比较|而言", text)[0]
    if "年初预算" in t or "年初数" in t:
        return "年初预算"
    if "全年预算" in t:
        return "全年预算"
    if re.search(r"调整(?:后)?预算|调整数", t):
        return "调整预算"
    prior = re.search(r"上年|上一年|去年|同期|\d{4}\s*年", t)
    if prior and "决算" in t:
        return "上年决算"
    if prior and "预算" in t:
        return "上年预算"
    if prior:
        return "上年"
    if "预算" in t:
        return "预算数"
    if "决算" in t:
        return "决算数"
    return None


def base_before(prefix: str) -> Optional[str]:
    """The last comparison base named in the words before a change ("比上年", "与2023年度相比")."""
    found = None
    for m in _BASE_PHRASE.finditer(prefix):
        base = classify_base(m.group("base"))
        if base:
            found = base
    return found


def _percent_kind(segment: str) -> tuple[str, Optional[str], str]:
    """(kind, direction, cue) of a percentage from the words since the previous figure."""
    tail = segment[-16:]
    change = _CHANGE_VERB.search(segment)
    if change:
        verb = change.group("verb")
        return "change", _sign(verb), verb
    shares = list(_SHARE_CUE.finditer(tail))
    share = shares[-1] if shares else None  # the last cue
    rates = list(_RATE_CUE.finditer(tail))
    rate = rates[-1] if rates else None
    if share and (not rate or share.start() > rate.start()):
        return "share", None, tail[share.start():]
    if rate:
        return "rate", None, tail[rate.start():]
    if _PERCENT_CHANGE_CUE.search(tail):
        verb = _PERCENT_CHANGE_CUE.findall(tail)[-1]
        return "change", _sign(verb), verb
    return "rate", None, tail


def _sign(verb: str) -> Optional[str]:
    if verb in _PLUS:
        return "+"
    if verb in _MINUS:
        return "-"
    return None


def read_figures(sentence: str) -> list[Figure]:
    """Every figure with a unit in the sentence, in print order, with its kind."""
    out: list[Figure] = []
    prev_end = 0
    for m in FIGURE_RE.finditer(sentence):
        parsed = parse_amount(m.group("number"))
        if parsed is None:
            prev_end = m.end()
            continue
        value, decimals = parsed
        if _THRESHOLD.match(sentence, m.end()):  # "价值50万元（原值）以上的设备": a bound, no statement
            prev_end = m.end()
            continue
        unit = m.group("unit").replace("％", "%").replace("(", "（").replace(")", "）")
        segment = sentence[prev_end:m.start()]
        direction, cue = None, ""
        if unit == "%":
            kind, direction, cue = _percent_kind(segment)
        elif unit in MONEY_UNITS:
            change = _CHANGE_VERB.search(segment)
            kind = "change" if change else "amount"
            if change:
                direction = _sign(change.group("verb"))
        else:
            kind = "count"
        if value < 0:  # "-5.20万元": a signed change
            direction, value = "-", -value
        out.append(Figure(m.start(), m.end(), m.group("number"), value, decimals, unit, kind,
                          direction, cue))
        prev_end = m.end()
    return out


def amount_in_wan(value: Decimal, unit: str) -> Optional[Decimal]:
    """Money in 万元, exactly; None for a percentage or a count."""
    factor = UNIT_FACTORS_TO_WAN.get(unit)
    return None if factor is None or unit not in MONEY_UNITS else value * factor


@dataclass(frozen=True)
class Comparison:
    start: int
    word: str  # as printed (小于, 持平 …)
    normalised: str  # 大于 | 小于 | 等于 | 持平
    compared_to: Optional[str]
    left: str  # the words before the word (决算数, 支出决算 …)


def read_comparisons(sentence: str) -> list[Comparison]:
    """Comparison words that set two figures against each other: "决算数小于预算数",
    "与上年预算数相同", "与2023年度持平". A word is read only with a budget/final/prior-year
    term beside it ("不低于90%" in a target is none)."""
    out: list[Comparison] = []
    for m in _COMPARISON_RE.finditer(sentence):
        word = m.group("word")
        before = sentence[max(0, m.start() - 30):m.start()]
        after = sentence[m.end():m.end() + 10]
        if re.search(r"不$|^于", before[-1:] + after[:1]) and word in ("大于", "小于", "低于", "高于"):
            continue
        if _COMPARISON_WORDS[word] == "持平":
            bases = list(_BASE_PHRASE.finditer(before))
            base_m = bases[-1] if bases else None  # the last base phrase
            base = classify_base(base_m.group("base")) if base_m else None
            if base is None:
                continue
            left = before[:base_m.start()] if base_m else before
        else:
            base = classify_base(re.split(r"[，,。；;]", after)[0])
            if base is None or not re.search(r"决算|预算|支出|执行|实际", before):
                continue
            left = before
        left = re.split(r"[，,。；;：:]", left)[-1]
        out.append(Comparison(m.start(), word, _COMPARISON_WORDS[word], base, left))
    return out


def measure_of(words: str) -> Optional[str]:
    """budget | final from the words just before a figure ("年初预算为" → budget,
    "支出决算为" → final), None when they name neither."""
    tail = words[-10:]
    budget = max(tail.rfind("预算"), tail.rfind("预计"))
    final = max(tail.rfind("决算"), tail.rfind("执行数"), tail.rfind("实际支出"), tail.rfind("完成数"))
    if budget < 0 and final < 0:
        return None
    return "final" if final > budget else "budget"
