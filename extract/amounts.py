"""Printed amounts and units: '15,844.04', '——', '（12.5）' → exact Decimals in 万元."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Optional

# Placeholders that mean "no amount printed" (an empty cell, not a zero).
BLANK_MARKS = {"", "-", "--", "—", "——", "———", "－", "/", "…", "x", "X", "*", "无"}

_AMOUNT_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")

UNIT_FACTORS_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": Decimal("10000")}

_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]?\s*(亿元|万元|元)")


def normalise_number_text(text: str) -> str:
    # Full-width digits and punctuation (１２３，．) appear in some conversions.
    text = unicodedata.normalize("NFKC", text)
    return text.replace(" ", "").replace("\u3000", "").strip()


def parse_amount(text: str) -> Optional[tuple[Decimal, int]]:
    """Return (value, decimals printed) or None when the cell holds no amount.

    Raises nothing: text that is not a number gives None, so callers can tell labels from figures.
    """
    if text is None:
        return None
    t = normalise_number_text(text)
    if t in BLANK_MARKS:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if t.endswith("%"):
        return None
    if not _AMOUNT_RE.match(t):
        return None
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return (-value if negative else value), decimals


def is_blank_amount(text: str) -> bool:
    return normalise_number_text(text or "") in BLANK_MARKS


def to_wan(value: Decimal, unit_as_printed: Optional[str]) -> Decimal:
    """Convert exactly to 万元 (Decimal arithmetic: 元 cents stay exact at 6 decimals)."""
    factor = UNIT_FACTORS_TO_WAN.get(unit_as_printed or "万元", Decimal("1"))
    return value * factor


def find_unit(text: str) -> Optional[str]:
    """The unit a header line declares: '单位：万元', '金额单位：元' → '万元' / '元'."""
    m = _UNIT_RE.search(unicodedata.normalize("NFKC", text or "").replace(" ", ""))
    return m.group(1) if m else None
