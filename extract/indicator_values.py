"""Performance indicator values (指标值) as printed → (operator, number, unit).

``parse_target("≥200人")`` → ``(">=", 200.0, "人")``; ``"≤2590元/人.月"`` → ``("<=", 2590.0, "元/人.月")``;
``"100%"`` → ``("=", 100.0, "%")``; ``"168万"`` → ``("=", 168.0, "万")``; ``"提高95%"`` → ``(">=", 95.0, "%")``;
``"96%以上"`` → ``(">=", 96.0, "%")``; ``"全年≥10000家次"`` → ``(">=", 10000.0, "家次")``; OCR LaTeX ``"$\\geq 80\\%$"`` → ``(">=", 80.0, "%")``.
Qualitative or compound values (``"按时发放"``, ``"9、10月"``, ``"≥199元/人.月 3920元/人.年"``) give
``(None, None, None)``: the printed text stays in ``target_value``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

Target = tuple[Optional[str], Optional[float], Optional[str]]
_NONE: Target = (None, None, None)

# OCR / LaTeX artefacts: "$\geq 80\%$", "$\leq$", "\%", "\times".
_LATEX = [
    (r"\geqslant", "≥"), (r"\leqslant", "≤"), (r"\geq", "≥"), (r"\leq", "≤"),
    (r"\ge", "≥"), (r"\le", "≤"), (r"\%", "%"), (r"\lt", "<"), (r"\gt", ">"),
    (r"\sim", "~"), (r"\times", "×"), (r"\cdot", "."), (r"\text", ""), (r"\mathrm", ""),
]

_SYMBOL_OPS = {
    "≥": ">=", "≧": ">=", "⩾": ">=", ">=": ">=",
    "≤": "<=", "≦": "<=", "⩽": "<=", "<=": "<=",
    ">": ">", "<": "<", "=": "=", "＝": "=",
}

# Words before the number ("不低于95%", "提高95%") and after it ("96%以上", "15个工作日内").
_PREFIX_WORDS = [
    ("大于等于", ">="), ("大于或等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("平均", "="), ("至少", ">="), ("达到", ">="), ("提高到", ">="), ("提高至", ">="), ("提高", ">="), ("提升", ">="),
    ("小于等于", "<="), ("小于或等于", "<="), ("不高于", "<="), ("不超过", "<="), ("不大于", "<="),
    ("不多于", "<="), ("控制在", "<="), ("低于", "<"), ("小于", "<"), ("少于", "<"),
    ("高于", ">"), ("大于", ">"), ("超过", ">"), ("多于", ">"), ("等于", "="),
]
_SUFFIX_WORDS = [
    ("以上", ">="), ("及以上", ">="), ("或以上", ">="), ("以下", "<="), ("及以下", "<="),
    ("以内", "<="), ("之内", "<="), ("内", "<="),
]

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CORE = re.compile(r"^(?P<op>≥|≧|⩾|>=|≤|≦|⩽|<=|>|<|=)?(?P<num>" + _NUMBER + r")(?P<unit>[^\d\s]*)$")
_UNIT_OK = re.compile(r"^[^\d,、;；，。]*$")
# "11月底", "9月", "15日前": dates, not quantities ("1年", "3个月" stay quantities)
_DATE_UNIT = re.compile(r"^(月|日|号|月底|月初|月中|月份|年底|年初|日前|号前|月前|日内完成|底前)")


def normalise_value_text(text: str) -> str:
    """NFKC (full-width ＞＜＝ and digits), LaTeX artefacts undone, no spaces."""
    t = text or ""
    t = t.replace("$", "")
    for latex, plain in _LATEX:
        t = t.replace(latex, plain)
    t = t.replace("{", "").replace("}", "")
    # NFKC maps ＞＜＝ to ASCII and full-width digits; ≧≦ stay, handled above.
    t = unicodedata.normalize("NFKC", t)
    t = re.sub(r"\s+", "", t)
    return t


def parse_target(text: Optional[str]) -> Target:
    """Read a printed 指标值 into (operator, number, unit); (None, None, None) if not one quantity."""
    if text is None:
        return _NONE
    t = normalise_value_text(text)
    if not t:
        return _NONE
    # a period printed before the quantity: "全年≥10000家次", "每年≥20场"
    t = re.sub(r"^(?:全年|每年|年度|年内)(?=[≥≧⩾≤≦⩽<>=\d]|不低于|不少于|不超过|不高于|达到)", "", t)
    word_op = None
    for word, op in _PREFIX_WORDS:
        if t.startswith(word):
            word_op = op
            t = t[len(word):]
            break
    suffix_op = None
    for word, op in sorted(_SUFFIX_WORDS, key=lambda w: -len(w[0])):
        if t.endswith(word) and len(t) > len(word):
            suffix_op = op
            t = t[: -len(word)]
            break
    m = _CORE.match(t)
    if not m:
        return _NONE
    unit = m.group("unit") or None
    if unit is not None and (not _UNIT_OK.match(unit) or _DATE_UNIT.match(unit)):
        return _NONE
    symbol_op = _SYMBOL_OPS.get(m.group("op")) if m.group("op") else None
    op = symbol_op or word_op or suffix_op or "="
    try:
        number = float(m.group("num").replace(",", ""))
    except ValueError:
        return _NONE
    return op, number, unit


def looks_like_value(text: str) -> bool:
    """True when text reads as a quantity (a number, with operator/unit words around it)."""
    return parse_target(text)[1] is not None
