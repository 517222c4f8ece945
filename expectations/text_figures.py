"""The explanation's page text read by regexes: what the cross-document checks still use.

The registry's text checks run on the statements now (``expectations/text_statements.py``, issue
15); this module is kept for ``sections`` and ``HEADING`` (``cross_document`` reads changes on
last year from them) and ``stated_figures``/``text_figure_checks`` (tests/test_html_reader.py
reads Kunming's pages with them). No family runs ``text_figure_checks``.

Text against tables: the figures the explanation (第三部分 情况说明) states, checked against the tables.

"2026年度…预算收入总计2,963.41万元" must equal the 收支总表's 收入总计; "基本支出2538.32万元，占85.66%" the
支出总表's 基本支出 and its share. A statement is read only where its section heading says which
table it speaks of, and only in the form label + amount ("收入总计减少55.28万元" is a change, not a
total, and is skipped). Performance sections (绩效) are skipped: their figures are about other money.

Amounts are stated in 万元 or, on some portals' pages (Kunming), in 元 ("基本支出101,126,495.75元") or
亿元: each is converted to 万元 exactly (Decimal), and its tolerance is half a unit of its last
printed digit in 万元 (0.01元 → 0.000001万元).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Optional

from expectations.results import WARNING, CheckResult, judge, tolerance
from extract.amounts import parse_amount

HEADING = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
AMOUNT = r"(?P<amount>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<unit>万元|亿元|元)"
FILLER = r"(?:预算|决算|支出|为|是|共计|合计|总额)?"
PCT = r"(?:[，,]\s*占(?:比)?\s*(?P<pct>[0-9]+(?:\.[0-9]+)?)%)?"
# 万元 per unit of a stated amount
_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_DIGITS_TO_WAN = {"万元": 0, "元": 4, "亿元": -4}  # decimals gained converting to 万元


def amount_in_wan(number: str, unit: str) -> Optional[tuple[Decimal, int]]:
    """A stated amount in 万元, exactly, with its printed precision in 万元 decimals:
    ("154,991,108.01", "元") → (Decimal("15499.1108010"), 6); None when it is no number."""
    parsed = parse_amount(number)
    if parsed is None or unit not in _TO_WAN:
        return None
    value, decimals = parsed
    return value * _TO_WAN[unit], decimals + _DIGITS_TO_WAN[unit]


def _context(heading: str) -> Optional[str]:
    if "绩效" in heading or "名词解释" in heading:
        return "skip"
    if "三公" in heading:
        return "three_public"
    if "机关运行经费" in heading:
        return "operating_cost"
    if "基本支出" in heading:
        return "basic_economic"
    if "支出" in heading and "收入" not in heading and "财政拨款" not in heading \
            and "一般公共预算" not in heading and "收支" not in heading:
        return "expenditure"
    return "general"


def sections(pages_text: list[str]) -> Iterable[tuple[str, int, str]]:
    """(context, page, line) for every line of the explanation part, with its heading's context."""
    context = None
    in_explanation = False
    explained = any(re.search(r"第[三四]部分", ln) and "说明" in ln and "名词" not in ln
                    for page in pages_text for ln in page.splitlines())
    for page_no, page in enumerate(pages_text, start=1):
        for line in page.splitlines():
            stripped = line.strip()
            if re.search(r"第[三四]部分", stripped) and ("说明" in stripped or "解释" in stripped):
                in_explanation = "说明" in stripped and "名词" not in stripped
                context = "general"
                continue
            if not explained and re.search(r"第[一二]部分", stripped) and "说明" in stripped:
                # no 第三部分 情况说明: the explanation opens the document (Kunming's pages:
                # "第一部分 …2026年部门预算编制说明")
                in_explanation = True
                context = "general"
                continue
            if not in_explanation:
                continue
            if HEADING.match(stripped) and len(stripped) < 60:
                context = _context(stripped)
            if context and context != "skip":
                yield context, page_no, stripped


def _total_row(items, kind, measure, item_names=None, side=None):
    for li in items:
        if li["table_kind"] != kind or li["measure"] != measure:
            continue
        if side and li.get("side") != side:
            continue
        name = re.sub(r"\s", "", li.get("item_name") or "")
        if item_names is not None:
            if name in item_names:
                return li
        elif li.get("is_total") and not li.get("subject_code") and not li.get("economic_code"):
            if "人员经费" in name or "公用经费" in name:
                continue  # a block subtotal (seed 002's 公开06表), not the table's total
            return li
    return None


def _rules(context: str):
    """(regex, table_kind, measure or measures, item_names, side, share_of_measure)."""
    rules = [
        (r"(?<!财政拨款)(?<!拨款)收入总计" + FILLER + AMOUNT, "income_expenditure_summary", ["total"],
         {"收入总计", "总计"}, "income", None),
        (r"(?<!财政拨款)(?<!拨款)支出总计" + FILLER + AMOUNT, "income_expenditure_summary", ["total"],
         {"支出总计", "总计"}, "expenditure", None),
        (r"财政拨款收入总计" + FILLER + AMOUNT, "fiscal_summary", ["total"], {"收入总计", "总计"},
         "income", None),
    ]
    if context == "expenditure":
        rules += [
            (r"基本支出" + FILLER + AMOUNT + PCT, "expenditure_summary", ["basic"], None, None,
             "total"),
            (r"项目支出" + FILLER + AMOUNT + PCT, "expenditure_summary", ["project"], None, None,
             "total"),
        ]
    elif context == "basic_economic":
        rules += [
            (r"基本支出" + FILLER + AMOUNT, "basic_expenditure_economic", ["total"], None, None,
             None),
            (r"人员经费" + FILLER + AMOUNT, "basic_expenditure_economic", ["personnel"], None,
             None, None),
            (r"公用经费" + FILLER + AMOUNT, "basic_expenditure_economic", ["public_funds"], None,
             None, None),
            # four-block tables (seed 002) print 人员经费合计 / 公用经费合计 as rows
            (r"人员经费" + FILLER + AMOUNT, "basic_expenditure_economic", ["total"],
             {"人员经费合计", "人员经费"}, None, None),
            (r"公用经费" + FILLER + AMOUNT, "basic_expenditure_economic", ["total"],
             {"公用经费合计", "公用经费"}, None, None),
        ]
    elif context == "three_public":
        rules += [(r"三公”?\"?经费(?:财政拨款)?(?:支出)?(?:全年)?预算(?:数)?(?:合计)?" + AMOUNT, "three_public",
                   ["budget", "total"], {"合计", "总计"}, None, None)]
    elif context == "operating_cost":
        rules += [(r"机关运行经费(?:财政拨款)?(?:预算|安排)" + AMOUNT, "operating_cost", ["total"], None, None,
                   None)]
    return rules


def stated_figures(pages_text: list[str]) -> list[dict]:
    """Every figure the explanation states in a form a check reads (label + amount), in 万元
    whatever its printed unit, once per (table kind, measure, side, amount): what the text
    checks compare with the tables, and what a page without tables (Kunming's, its tables in
    attachments) still says."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for context, page_no, line in sections(pages_text):
        for pattern, kind, measures, _names, side, _share in _rules(context):
            for m in re.finditer(pattern, line):
                parsed = amount_in_wan(m.group("amount"), m.group("unit"))
                key = (kind, measures[0], side, parsed and parsed[0])
                if parsed is None or key in seen:
                    continue
                seen.add(key)
                out.append({"table_kind": kind, "measure": measures[0], "side": side,
                            "page_number": page_no, "text": m.group(0), "amount_wan": parsed[0],
                            "decimals": parsed[1], "unit_as_printed": m.group("unit")})
    return out


def text_figure_checks(pages_text: list[str], items: list[dict]) -> list[CheckResult]:
    """One result per figure stated in the text that a table also prints."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for context, page_no, line in sections(pages_text):
        for pattern, kind, measures, names, side, share_of in _rules(context):
            for m in re.finditer(pattern, line):
                parsed = amount_in_wan(m.group("amount"), m.group("unit"))
                if parsed is None:
                    continue
                stated, dec = parsed
                row = None
                for measure in measures:
                    row = _total_row(items, kind, measure, names, side)
                    if row is not None:
                        break
                key = (kind, measures[0], side, stated)
                if row is None or key in seen:
                    continue
                seen.add(key)
                table_value = Decimal(row["amount_wan"])
                # the stated figure in 万元 and the table's as printed (a row without decimals,
                # or with 0, counts as printed to the cent: kept as the checks always read it)
                tol = tolerance(dec, (int(row.get("decimals") or 2), row.get("unit_as_printed")))
                diff = stated - table_value
                out.append(_result(row, "text_figure_equals_table",
                                   f"the text states {m.group(0)} (page {page_no}); the "
                                   f"{kind} table prints {table_value}万元",
                                   table_value, stated, diff, tol, page_no))
                if share_of and m.groupdict().get("pct"):
                    total_row = _total_row(items, kind, share_of, None, side)
                    if total_row is not None and Decimal(total_row["amount_wan"]) != 0:
                        pct_text = m.group("pct")
                        pct = Decimal(pct_text)
                        pdec = len(pct_text.split(".", 1)[1]) if "." in pct_text else 0
                        actual = (table_value / Decimal(total_row["amount_wan"]) * 100)
                        # half a unit of the printed percentage, plus the rounding of the two
                        # printed amounts carried into the share
                        ptol = tolerance(pdec) + Decimal("0.01")
                        out.append(_result(row, "text_share_equals_table",
                                           f"the text states a share of {pct_text}% (page "
                                           f"{page_no}); the {kind} table gives "
                                           f"{actual.quantize(Decimal('0.01'))}%",
                                           actual, pct, pct - actual, ptol, page_no))
    return out


# the text may round or scope a figure differently from its table (CHECKS.md): warnings
SEVERITIES = {"text_figure_equals_table": WARNING, "text_share_equals_table": WARNING}


def _result(row, check_name, description, expected, actual, diff, tol, page_no) -> CheckResult:
    return CheckResult(
        document_id=row["document_id"], check_name=check_name, description=description,
        severity=SEVERITIES[check_name], status=judge(diff, tol),
        table_kind=row["table_kind"], page_number=page_no,
        subject_code=row.get("subject_code"), item_name=row.get("item_name"),
        expected=expected, actual=actual, difference=diff, tolerance=tol,
        table_id=row.get("table_id"))
