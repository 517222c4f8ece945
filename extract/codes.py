"""Classification codes: function classification (功能分类, ``subject_code``) and economic
classification (经济分类, ``economic_code``).

- ``function_code_for_name('二十三、灾害防治及应急管 理支出')`` → ``'224'`` (类 lines of summary tables
  print names without codes; numbering and wraps vary by year and province).
- ``normalise_code('204 06 01')`` → ``'2040601'``; ``join_code_parts(['204', '06', '01'])`` likewise.
- ``code_level`` / ``parent_code`` for 类 (3 digits) → 款 (5) → 项 (7), and 3 → 5 for economic codes.
- ``economic_code_for_name('基本工资')`` → ``'30101'`` from ``reference/economic_codes.csv``
  (部门预算支出经济分类 first, then 政府预算支出经济分类).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

# 政府收支分类科目 — 支出功能分类 类 (names as used since 2019, with earlier names as aliases).
FUNCTION_CLASSES: dict[str, list[str]] = {
    "201": ["一般公共服务支出", "一般公共服务"],
    "202": ["外交支出", "外交"],
    "203": ["国防支出", "国防"],
    "204": ["公共安全支出", "公共安全"],
    "205": ["教育支出", "教育"],
    "206": ["科学技术支出", "科学技术"],
    "207": ["文化旅游体育与传媒支出", "文化体育与传媒支出", "文化旅游体育与传媒", "文化体育与传媒",
            "文化旅游"],
    "208": ["社会保障和就业支出", "社会保障和就业"],
    "209": ["社会保险基金支出", "社会保险基金"],
    "210": ["卫生健康支出", "医疗卫生与计划生育支出", "医疗卫生支出", "卫生健康", "医疗卫生与计划生育"],
    "211": ["节能环保支出", "节能环保"],
    "212": ["城乡社区支出", "城乡社区事务支出", "城乡社区事务", "城乡社区"],
    "213": ["农林水支出", "农林水事务支出", "农林水事务", "农林水"],
    "214": ["交通运输支出", "交通运输"],
    "215": ["资源勘探工业信息等支出", "资源勘探信息等支出", "资源勘探电力信息等支出",
            "资源勘探电力信息等事务", "资源勘探工业信息等", "资源勘探信息等"],
    "216": ["商业服务业等支出", "商业服务业等事务", "商业服务业等"],
    "217": ["金融支出", "金融监管等事务支出", "金融"],
    "219": ["援助其他地区支出", "援助其他地区"],
    "220": ["自然资源海洋气象等支出", "国土海洋气象等支出", "国土资源气象等支出", "自然资源海洋气象等",
            "自然资源"],
    "221": ["住房保障支出", "住房保障"],
    "222": ["粮油物资储备支出", "粮油物资储备管理事务", "粮油物资管理事务", "粮油物资储备"],
    "223": ["国有资本经营预算支出", "国有资本经营预算", "国有资本经营"],
    "224": ["灾害防治及应急管理支出", "灾害防治及应急管理", "灾害防治及应急"],
    "227": ["预备费"],
    "229": ["其他支出"],
    "230": ["转移性支出"],
    "231": ["债务还本支出", "债务还本"],
    "232": ["债务付息支出", "债务付息"],
    "233": ["债务发行费用支出", "债务发行费用"],
    "234": ["抗疫特别国债安排的支出", "抗疫特别国债安排支出"],
}

_CN_NUM = "一二三四五六七八九十百零〇两"
_NUMBERING_RE = re.compile(
    rf"^(?:[{_CN_NUM}]+[、.．,，]|[（(][{_CN_NUM}\d]+[）)][、.．]?|\d{{1,2}}[、.．)）](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_SUFFIX_RE = re.compile(r"[（(](类|款|项)[）)]$")


def clean_name(name: str) -> str:
    """Name as a key: NFKC, no spaces/wraps, no leading 一、/（二）/1. numbering, no (类) suffix."""
    t = re.sub(r"^\s*[①-⑳]", "", name or "")
    t = unicodedata.normalize("NFKC", t)
    t = re.sub(r"\s+", "", t)
    prev = None
    while prev != t:
        prev = t
        t = _NUMBERING_RE.sub("", t, count=1) if _NUMBERING_RE.match(t) and len(t) > 2 else t
    t = _SUFFIX_RE.sub("", t)
    return t


def strip_numbering(name: str) -> str:
    """'二十三、灾害防治及应急管理支出' → '灾害防治及应急管理支出' (spaces kept as printed)."""
    t = (name or "").strip()
    m = _NUMBERING_RE.match(unicodedata.normalize("NFKC", t))
    if m and len(t) > m.end():
        return t[m.end():].strip()
    return t


@lru_cache(maxsize=1)
def _function_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, names in FUNCTION_CLASSES.items():
        for n in names:
            index[clean_name(n)] = code
    return index


def function_code_for_name(name: str) -> Optional[str]:
    """3-digit 类 code of a function-classification 类 name, or None."""
    key = clean_name(name)
    if not key:
        return None
    return _function_index().get(key)


def function_name_for_code(code: str) -> Optional[str]:
    names = FUNCTION_CLASSES.get(code)
    return names[0] if names else None


_DIGITS_ONLY = re.compile(r"^\d+$")


def normalise_code(text: str) -> Optional[str]:
    """'204 06 01' / '２０４０６０１' / '2040601' → '2040601'; None when the text is not a code."""
    if text is None:
        return None
    t = unicodedata.normalize("NFKC", text).strip()
    t = re.sub(r"[\s\u3000]+", "", t)
    if not t or not _DIGITS_ONLY.match(t):
        return None
    if len(t) not in (3, 5, 7, 9):
        return None
    return t


def join_code_parts(parts: list[str]) -> Optional[str]:
    """Separate 类/款/项 columns → one code: ['204', '06', '01'] → '2040601'."""
    digits = []
    for p in parts:
        t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", p or ""))
        if not t:
            continue
        if not _DIGITS_ONLY.match(t):
            return None
        digits.append(t)
    return normalise_code("".join(digits)) if digits else None


_CODE_PREFIX_RE = re.compile(r"^\s*(\d{3}(?:[\s\u3000]*\d{2}){0,3})(?![\d.,])\s*(.*)$")


_BRACKET_CODE_RE = re.compile(r"^\s*[\[【]\s*(\d{3}(?:\d{2}){0,3})\s*[\]】]\s*(.*)$")


def split_code_prefix(text: str) -> tuple[Optional[str], str]:
    """'2040601 行政运行' / '204 06 01行政运行' / '[2040601]行政运行' (Guangzhou, Zhuhai) →
    ('2040601', '行政运行'); else (None, text)."""
    t = unicodedata.normalize("NFKC", text or "")
    m = _BRACKET_CODE_RE.match(t) or _CODE_PREFIX_RE.match(t)
    if not m or not m.group(2).strip():
        return None, text
    code = normalise_code(m.group(1))
    if code is None:
        return None, text
    rest = m.group(2).strip()
    if not re.match(r"^[\u4e00-\u9fff（(“\"]", rest):  # the remainder must be a name
        return None, text
    return code, rest


def code_level(code: Optional[str]) -> Optional[int]:
    """Function codes: 3 → 1 (类), 5 → 2 (款), 7 → 3 (项); economic codes: 3 → 1, 5 → 2."""
    if not code:
        return None
    return {3: 1, 5: 2, 7: 3, 9: 4}.get(len(code))


def parent_code(code: Optional[str]) -> Optional[str]:
    if not code or len(code) <= 3:
        return None
    return code[:-2]


def is_function_code(code: Optional[str]) -> bool:
    if not code:
        return False
    return code[0] == "2" and len(code) in (3, 5, 7)


def is_economic_code(code: Optional[str]) -> bool:
    if not code:
        return False
    return code[0] in "35" and len(code) in (3, 5)


# --- economic classification -----------------------------------------------------------------

_REFERENCE = Path(__file__).resolve().parent / "reference" / "economic_codes.csv"


@lru_cache(maxsize=1)
def economic_reference() -> list[dict]:
    with open(_REFERENCE, encoding="utf-8", newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


# names printed for a class by some provinces (Guangdong's 部门预算基本支出预算表: 工资和福利支出)
_ECONOMIC_ALIASES = {"工资和福利支出": "工资福利支出"}


def _econ_key(name: str) -> str:
    key = clean_name(name).replace("(", "（").replace(")", "）") if name else ""
    return _ECONOMIC_ALIASES.get(key, key)


@lru_cache(maxsize=1)
def _economic_index() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for r in economic_reference():
        index.setdefault((r["scheme"], _econ_key(r["economic_name"])), []).append(r["economic_code"])
    return index


def economic_code_for_name(name: str, scheme: Optional[str] = None,
                           parent: Optional[str] = None) -> Optional[str]:
    """Economic code of a printed name: 部门 scheme first (or only ``scheme``).

    Names repeated under several 类 (办公设备购置 under 309 and 310) resolve to the one under
    ``parent`` when given, else to the first in the list (the non-基本建设 one is preferred).
    """
    key = _econ_key(name)
    if not key:
        return None
    schemes = [scheme] if scheme else ["department", "government"]
    idx = _economic_index()
    for s in schemes:
        codes = idx.get((s, key))
        if not codes:
            continue
        if len(codes) == 1:
            return codes[0]
        if parent:
            for c in codes:
                if c.startswith(parent):
                    return c
        non_construction = [c for c in codes if not c.startswith(("309", "311"))]
        return (non_construction or codes)[0]
    return None


def economic_name_for_code(code: str) -> Optional[str]:
    for r in economic_reference():
        if r["economic_code"] == code:
            return r["economic_name"]
    return None
