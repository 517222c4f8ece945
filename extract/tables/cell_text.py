"""Text tests every step of reading a grid shares: normalised text for matching, labels as
printed without wrap spacing, what looks like an amount or a code, and the words and patterns of
printed cells (totals, numbered lines, organisations, percentages)."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from extract.amounts import normalise_number_text, parse_amount
from extract.codes import normalise_code


PERCENT_HEADER_RE = re.compile(r"(增减|增长|变动|变化)(率|幅度|百分比)|增幅|降幅|占比|比重|百分比|[%％]$")
TOTAL_LABEL_RE = re.compile(r"(合计|总计|小计)$")
ITEM_WORDS = ("因公出国", "公务接待", "公务用车", "会议费", "培训费", "机关运行经费", "三公")
ORG_RE = re.compile(r"(局|所|中心|处|院|馆|站|队|委员会|办公室|委|部|厅|室|社|会|学校|大学|医院|"
                    r"街道|街道办事处|政府|镇|乡|公司|监狱|法庭|协会|基金会|团|馆|台)$")
NUMBERED_RE = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))")


def normalised(text: Optional[str]) -> str:
    """Normalised text for matching: NFKC, no whitespace, no quotes."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t)
    return t.replace("“", "").replace("”", "").replace('"', "")


def without_year(t: str) -> str:
    """The text with any printed year (2025, 2025年, 2025年度) removed."""
    return re.sub(r"(19|20)\d{2}(年度|年)?", "", t)


def clean_label(text: Optional[str]) -> str:
    """A label as printed but without wrap/letter spacing: '公务接待 费' → '公务接待费'."""
    t = (text or "").strip().replace("\u3000", " ")
    t = re.sub(r"\s*\n\s*", "", t)
    # drop spaces unless both neighbours are ASCII letters/digits
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", t)


def is_int_text(t: str) -> bool:
    """Whether the text is a small whole number of one to three digits (a row or column number)."""
    return bool(re.fullmatch(r"\d{1,3}", normalise_number_text(t)))


def looks_amount(text: str) -> bool:
    """A printed money figure: parses and shows a decimal point or a thousands separator."""
    t = normalise_number_text(text)
    if parse_amount(t) is None:
        return False
    return "." in t or "," in t


def is_code_text(text: str) -> bool:
    """Whether the text is a budget classification code (normalise_code accepts it)."""
    return normalise_code(text) is not None
