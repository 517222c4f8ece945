"""Which unit (预算单位) each row of a table printed unit by unit belongs to, and which rows are
the units' own lines (their subtotals) or the department's total: told by a unit column, by unit
codes in the code column, or by organisation names whose figures sum the lines under them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from extract.amounts import normalise_number_text, parse_amount
from extract.codes import economic_code_for_name, normalise_code, split_code_prefix
from extract.model import Document, Table
from extract.tables.cell_text import ORG_RE, TOTAL_LABEL_RE, normalised, clean_label
from extract.tables.classify import ECONOMIC_KINDS, FUNCTION_KINDS, PROJECT_KINDS
from extract.tables.columns import Segment


_UNIT_HEADER_RE = re.compile(r"^(预算)?(单位|部门)(名称)?$")


def _row_label(texts: list[list[str]], r: int, segs: list[Segment]) -> str:
    """The first label printed on a row (name, code or text column, no figure)."""
    for s in segs:
        for c in s.cols:
            if c.role in ("name", "code", "text") and texts[r][c.index] and parse_amount(texts[r][c.index]) is None:
                return texts[r][c.index]
    return ""


def _first_values(texts: list[list[str]], data_rows: list[int], segs: list[Segment]
                  ) -> tuple[dict[int, Optional[Decimal]], dict[int, int]]:
    """Each row's figure in the first amount column, and its printed decimals."""
    first_amount = [c for s in segs for c in s.amount_cols][:1]
    values: dict[int, Optional[Decimal]] = {}
    decimals: dict[int, int] = {}
    for r in data_rows:
        parsed = parse_amount(texts[r][first_amount[0].index]) if first_amount else None
        values[r] = parsed[0] if parsed else None
        decimals[r] = parsed[1] if parsed else 2
    return values, decimals


def _sums_to(total: Optional[Decimal], parts: list[Decimal], places: int) -> bool:
    if total is None or not parts:
        return False
    tol = Decimal(5) * Decimal(10) ** (-(places + 1)) * (len(parts) + 1)
    return abs(total - sum(parts)) <= tol


def units_of_rows(doc: Document, table: Table, texts: list[list[str]], data_rows: list[int],
                  segs: list[Segment], kind: str) -> dict[int, tuple[Optional[str], bool]]:
    """The unit each row of a multi-unit table belongs to: {row: (unit name, is the unit's line)}.

    Tables printed unit by unit (Shenzhen, Guangzhou, Zhuhai) show it three ways:
    - a 预算单位 column filled on the unit's line only, the classification lines under it carrying
      the unit on (the unit's line is its subtotal; the department's line above the first unit is
      their sum); a unit column filled beside another label (三公: 预算单位 | 年度) carries on too;
    - a unit column that is the only label of every row: each row is a unit, and the first one is
      the department's total where it is the sum of the others;
    - unit lines among the lines of the name column, told by their names and sums (``_org_rows``).
    Rows above the first unit (a 合计 line) belong to none."""
    out: dict[int, tuple[Optional[str], bool]] = {}
    if any(s.side for s in segs):
        return out
    label_cols = [c for s in segs for c in s.cols if c.role in ("name", "code", "code_part")]
    ucol = next((c for c in label_cols if c.role == "name" and _UNIT_HEADER_RE.match(normalised(c.low))),
                None)
    if ucol is not None and any(texts[r][ucol.index] for r in data_rows):
        others = [c for c in label_cols if c is not ucol]
        amount_idx = [c.index for s in segs for c in s.amount_cols]
        rows = [r for r in data_rows if any(parse_amount(texts[r][i]) is not None for i in amount_idx)
                and not any(TOTAL_LABEL_RE.search(normalised(t)) for t in texts[r] if t)]
        only_unit = {r for r in data_rows if texts[r][ucol.index]
                     and not any(texts[r][c.index] for c in others)}
        if rows and all(r in only_unit for r in rows):
            values, decimals = _first_values(texts, rows, segs)
            first = rows[0]
            first_total = len(rows) > 2 and _sums_to(values[first], [v for r in rows[1:]
                                                                      if (v := values[r]) is not None],
                                                     decimals[first])
            for r in rows:
                label = unit_text(texts[r][ucol.index])
                if not TOTAL_LABEL_RE.search(normalised(label)):
                    out[r] = (label, r == first and first_total)
            return out
        current: Optional[str] = None
        for r in data_rows:
            t = texts[r][ucol.index]
            if t:
                current = unit_text(t)
            if current is not None:
                out[r] = (current, r in only_unit and not TOTAL_LABEL_RE.search(normalised(t)))
        return out
    if kind not in PROJECT_KINDS and kind not in ECONOMIC_KINDS and kind not in FUNCTION_KINDS:
        return out
    heads = _unit_code_rows(texts, data_rows, segs)
    if heads:
        current = None
        for r in data_rows:
            current = heads.get(r, current)
            if current is not None:
                out[r] = (current, r in heads)
        return out
    orgs = _org_rows(doc, table, texts, data_rows, segs, strict=kind not in PROJECT_KINDS)
    current = None
    for r in data_rows:
        if r in orgs:
            current = clean_label(_row_label(texts, r, segs))
        if current is not None:
            out[r] = (current, r in orgs)
    return out


def unit_text(text: str) -> str:
    """A unit name as printed in a unit column, without the unit code before it: '[242001]西安市人力
    资源和社会保障局' → '西安市人力资源和社会保障局'."""
    t = clean_label(text)
    rest = re.sub(r"^[\[【［(（]?\d{3,}[\]】］)）]?", "", t)
    rest = re.sub(r"^[_＿\-—·•*]+", "", rest)  # an indent mark ("_长沙市公安局", Changsha 2025 p21)
    return rest or t


def _unit_code_rows(texts: list[list[str]], data_rows: list[int], segs: list[Segment]
                    ) -> dict[int, str]:
    """Rows that head a unit's block in a classification table printed unit by unit with the unit's
    code in the code column (Xi'an: 125001 西安市安全生产监督管理局, then its 208 / 05 / 2080505
    lines): {row: unit name}. Six digits are no function or economic code."""
    out: dict[int, str] = {}
    for seg in segs:
        codes = seg.role_cols("unit_code") or seg.role_cols("code")
        names = seg.role_cols("name")
        if not codes or not names:
            continue
        # a 单位编码 column holds the department's code (116) and its units' (116001); a
        # classification code column holds a unit's code only on the unit's line
        pattern = r"\d{3,}" if codes[0].role == "unit_code" else r"\d{6}"
        for r in data_rows:
            t = normalise_number_text(texts[r][codes[0].index])
            name = next((texts[r][c.index] for c in names if texts[r][c.index]), "")
            if re.fullmatch(pattern, t) and name:
                out[r] = clean_label(name)
        break
    return out


def _org_name(label: str) -> bool:
    """A label that reads like an organisation: 深圳市考试院, 广州市司法局（本级）."""
    n = re.sub(r"[（(][^（）()]*[）)]$", "", normalised(label))
    return bool(n) and bool(ORG_RE.search(n))


def _org_rows(doc: Document, table: Table, texts: list[list[str]], data_rows: list[int],
              segs: list[Segment], strict: bool = False) -> set[int]:
    """Rows of a multi-unit table that are units (subtotals) or the department total, not lines.

    A row is a unit when its label reads like an organisation (or is the document's unit) and its
    figure is the sum of the lines under it (or of its top-level lines: 类 of a classification
    printed in full); the department row above the first unit is the sum of the units. Without
    consistent sums, only names that are known units count (project tables; ``strict``: none, and a
    coded line is never a unit).
    """
    known = {normalised(x) for x in (doc.unit_name, table.unit_name) if x}
    labels = {r: _row_label(texts, r, segs) for r in data_rows}
    values, decimals = _first_values(texts, data_rows, segs)

    def top_level(label: str) -> bool:
        pc, rest = split_code_prefix(label)
        code = pc or normalise_code(label) or economic_code_for_name(rest if pc else label)
        return code is not None and len(code) == 3

    def coded(label: str) -> bool:
        return normalise_code(label) is not None or split_code_prefix(label)[0] is not None

    top = {r: top_level(labels[r]) for r in data_rows}
    candidates = [r for r in data_rows if labels[r] and not TOTAL_LABEL_RE.search(normalised(labels[r]))
                  and (normalised(labels[r]) in known or _org_name(labels[r]))
                  and not (strict and coded(labels[r]))]

    confirmed: list[int] = []
    order = list(data_rows)
    for r in reversed(candidates):
        pos = order.index(r)
        children: list[Decimal] = []
        tops: list[Decimal] = []
        for q in order[pos + 1:]:
            if q in confirmed:
                break
            value = values[q]
            if value is not None:
                children.append(value)
                if top[q]:
                    tops.append(value)
        if _sums_to(values[r], children, decimals[r]) or _sums_to(values[r], tops, decimals[r]):
            confirmed.append(r)
        elif not children:
            units = [v for q in confirmed if (v := values[q]) is not None]
            if _sums_to(values[r], units, decimals[r]):
                confirmed.append(r)
    if not confirmed and not strict:
        return {r for r in candidates if normalised(labels[r]) in known}
    return set(confirmed)
