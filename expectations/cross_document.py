"""Across documents (DOMAIN.md "Across documents"; severity warning).

- A final account quotes its budget: its 三公 table's 预算数 and the text's "…年初预算1,088.54万元"
  are compared with that year's budget document of the same unit (``marts.dim_document``: same
  ``unit_name`` and ``fiscal_year``, ``doc_type = 'budget'``, current and landed).
- The text states year-on-year changes ("比上年增加7.79万元，增长0.26%"): the change is compared with
  this document's table figure minus last year's document's (same unit, ``fiscal_year − 1``, same
  ``doc_type``, current), the percentage with their ratio.

Nothing is emitted when the other document is not in the warehouse. Results belong to the document
that states the figure (``document_id``, ``page_number`` of the statement or of its 三公 row);
``description`` names the other document and its page. ``expected`` is the other document's figure
(or the change the two documents' tables give), ``actual`` the stated one, ``difference`` = actual −
expected, ``tolerance`` = half a unit of the last printed digit of every number taking part
(percentages: half a unit of the stated percentage plus the amounts' rounding carried into the
ratio).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional, Sequence

from expectations import identities as ids
from expectations.identities import _name, _name_key
from expectations.reader import WarehouseReader, relation_exists
from expectations.results import WARNING, CheckResult, judge, tolerance
from extract.amounts import parse_amount

DESCRIPTIONS = {
    "final_account_three_public_budget_equals_budget_document":
        "决算 三公表 预算数 = that year's budget document's 三公 预算",
    "final_account_stated_budget_equals_budget_document":
        "决算 text's 年初预算数 = that year's budget document's figure",
    "text_year_over_year_change_equals_prior_document":
        "a stated change on last year (比上年增加/减少…万元) = this document's figure − last year's "
        "document's",
    "text_year_over_year_pct_equals_prior_document":
        "a stated growth rate (增长/下降…%) = (this year − last year) / last year",
}

SEVERITIES = {name: WARNING for name in DESCRIPTIONS}


def number_tolerance(item: dict) -> Decimal:
    return tolerance(item)


def related_document_ids(con, document_ids: Sequence[str]) -> list[str]:
    """Documents whose cross-document checks read ``document_ids``: the same unit's current
    document of the same doc_type a year later (its year-on-year statements) and, for a budget,
    the same year's final account (its quoted budget)."""
    if not document_ids or not relation_exists(con, "marts", "dim_document"):
        return []
    marks = ", ".join("?" for _ in document_ids)
    rows = con.execute(
        f"SELECT DISTINCT o.document_id FROM marts.dim_document d JOIN marts.dim_document o "
        f"ON o.unit_name = d.unit_name AND ((o.fiscal_year = d.fiscal_year + 1 AND "
        f"o.doc_type = d.doc_type) OR (d.doc_type = 'budget' AND o.doc_type = 'final_account' "
        f"AND o.fiscal_year = d.fiscal_year)) "
        f"WHERE d.document_id IN ({marks}) AND o.document_id NOT IN ({marks}) "
        f"AND coalesce(o.status, 'landed') = 'landed' AND coalesce(o.is_current, true)",
        list(document_ids) * 2).fetchall()
    return sorted(r[0] for r in rows)


# ----------------------------------------------------------------------------- figures of a doc

def _three_public_key(name: str) -> Optional[str]:
    nm = _name(name)
    if "合计" in nm or "总计" in nm:
        return "total"
    if "购置及运行" in nm:
        return "vehicle"
    if "购置费" in nm and "运行" not in nm:
        return "purchase"
    if "运行维护费" in nm or "运行费" in nm:
        return "operation"
    if "因公出国" in nm:
        return "abroad"
    if "公务接待" in nm:
        return "reception"
    if "会议费" in nm:
        return "meeting"
    if "培训费" in nm:
        return "training"
    return None


def _three_public(items: Sequence[dict], measures: Sequence[str]) -> dict:
    """key (total, abroad, …) -> line item of the first of ``measures`` printed."""
    out: dict = {}
    tables = ids._group([i for i in items if i["table_kind"] == "three_public"], "table_id")
    if len(tables) != 1:
        return out
    its = next(iter(tables.values()))
    for m in measures:
        for i in sorted(its, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
            k = _three_public_key(i["item_name"])
            if k and i["measure"] == m:
                out.setdefault(k, i)
    return out


def _one_table(items: Sequence[dict], kind: str) -> list[dict]:
    tables = ids._group([i for i in items if i["table_kind"] == kind], "table_id")
    return next(iter(tables.values())) if len(tables) == 1 else []


def _table_total(items: Sequence[dict], kind: str, measure: str = "total") -> Optional[dict]:
    return ids._first_total(_one_table(items, kind), measure)


def _class_line(items: Sequence[dict], kind: str, label: str) -> Optional[dict]:
    key = _name_key(label)
    key = re.sub(r"[（(]类[)）]$", "", key)
    for i in sorted(_one_table(items, kind), key=lambda i: i["row_number"] or 0):
        if i["measure"] == "total" and i["subject_code"] and _name_key(i["item_name"]) == key:
            return i
    return None


def _grand(items: Sequence[dict], kind: str, side: str) -> Optional[dict]:
    lines = [i for i in _one_table(items, kind) if i["side"] == side and i["measure"] == "total"]
    lines.sort(key=lambda i: i["row_number"] or 0)
    for words in (("总计",), ("合计",)):
        hits = [i for i in lines if any(w in _name(i["item_name"]) for w in words)
                and "本年" not in _name(i["item_name"]) and "当年" not in _name(i["item_name"])]
        if hits:
            return hits[-1]
    return None


def _figure(items: Sequence[dict], label: str, doc_type: Optional[str]) -> Optional[dict]:
    """The table figure a text label speaks of."""
    if label == "fiscal_income":
        return _grand(items, "fiscal_summary", "income")
    if label == "fiscal_expenditure":
        return _grand(items, "fiscal_summary", "expenditure")
    if label == "income_total":
        return _grand(items, "income_expenditure_summary", "income")
    if label == "expenditure_total":
        return _grand(items, "income_expenditure_summary", "expenditure")
    if label == "general_budget":
        return _table_total(items, "general_budget_expenditure")
    if label in ("basic", "project"):
        return _table_total(items, "expenditure_summary", label)
    if label == "three_public":
        measures = ("final",) if doc_type == "final_account" else ("budget", "total")
        return _three_public(items, measures).get("total")
    if label == "operating_cost":
        t = _one_table(items, "operating_cost")
        tot = [i for i in t if i["measure"] == "total" and i["is_total"]]
        tot.sort(key=lambda i: i["row_number"] or 0)
        if tot:
            return tot[0]
        stats = [i for i in items if i["table_kind"] == "disclosure_statistics"
                 and "机关运行经费" in _name(i["item_name"]) and i["measure"] == "total"]
        return stats[0] if len(stats) == 1 else None
    return None


LABELS = [  # (label, regex): longer phrases first
    ("fiscal_income", r"财政拨款收入总计"),
    ("fiscal_expenditure", r"财政拨款支出总计"),
    ("income_total", r"收入总计"),
    ("expenditure_total", r"支出总计"),
    ("general_budget", r"一般公共预算(?:财政拨款)?(?:当年|决算)?支出(?!决算)"),
    ("three_public", r"三公[”\"]?经费"),
    ("operating_cost", r"机关运行经费"),
    ("basic", r"(?<!财政拨款)(?<!预算)基本支出"),
    ("project", r"(?<!财政拨款)(?<!预算)项目支出"),
]
LABEL_RE = re.compile("|".join(f"(?P<{k}>{rx})" for k, rx in LABELS))
NUM = r"([0-9][0-9,]*(?:\.[0-9]+)?)"
CHANGE_RE = re.compile(r"(增加|减少|增长|下降|上升)" + NUM + r"万元(?:[，,、]\s*(增长|下降|上升|减少|"
                       r"增幅|降幅|减幅)(?:为)?" + r"([0-9]+(?:\.[0-9]+)?)%)?")
DOWN = ("减少", "下降", "降幅", "减幅")


def _clauses(line: str):
    for part in re.split(r"[。；;]", line):
        # the reasons (主要原因是…) speak of other money
        part = re.split(r"主要原因|原因是|原因为|主要用于", part)[0]
        if part:
            yield part


def _paragraphs(pages: Sequence[str]):
    """(page, text) per page of the explanation part: its lines joined without whitespace (PDF
    text wraps sentences and spaces numbers: "增加 309.03 万元"), a heading ending its clause."""
    from expectations.text_figures import HEADING, sections
    by_page: dict = {}
    for _context, page_no, line in sections(list(pages)):
        line = re.sub(r"\s+", "", line)
        if HEADING.match(line) and len(line) < 60:
            line += "。"
        by_page.setdefault(page_no, []).append(line)
    for page_no, lines in by_page.items():
        yield page_no, "".join(lines)


def _year_words(year: Optional[int]) -> str:
    words = r"比上年|较上年|与上年|同比|上年度"
    if year:
        words += f"|比{year - 1}年|较{year - 1}年|与{year - 1}年"
    return words


# ----------------------------------------------------------------------------- results

def _result(check_name, doc_id, ref, page, expected, actual, tol, description,
            measure=None) -> CheckResult:
    diff = actual - expected
    return CheckResult(
        document_id=doc_id, check_name=check_name,
        description=f"{DESCRIPTIONS[check_name]}: {description}", severity=SEVERITIES[check_name],
        status=judge(diff, tol), table_kind=ref.get("table_kind"),
        page_number=page, subject_code=ref.get("subject_code"), item_name=ref.get("item_name"),
        expected=expected, actual=actual, difference=diff, tolerance=tol,
        table_id=ref.get("table_id"), measure=measure or ref.get("measure"))


def _stated_tol(decimals: int) -> Decimal:
    """Half a unit of a figure stated in the text (万元 or percent)."""
    return tolerance(decimals)


def _doc_label(d: dict) -> str:
    return (f"{d['document_id'][:12]}… ({d.get('unit_name')} {d.get('fiscal_year')} "
            f"{d.get('doc_type')}, {d.get('file_name')})")


def budget_quote_checks(fa: dict, fa_items: Sequence[dict], budget: dict,
                        budget_items: Sequence[dict], pages: Sequence[str]) -> list[CheckResult]:
    """A final account's quoted budget figures against that year's budget document."""
    out: list[CheckResult] = []
    quoted = _three_public(fa_items, ("budget",))
    printed = _three_public(budget_items, ("budget", "total"))
    for key, q in quoted.items():
        b = printed.get(key)
        if b is None:
            continue
        out.append(_result(
            "final_account_three_public_budget_equals_budget_document", fa["document_id"], q,
            q["page_number"], b["amount"], q["amount"],
            number_tolerance(q) + number_tolerance(b),
            f"{q['item_name']} 预算数 {q['amount']} here; the budget document "
            f"{_doc_label(budget)} prints {b['amount']} ({b['item_name']}, page "
            f"{b['page_number']})", measure="budget"))
    # the text: "一般公共服务支出年初预算67.32万元"
    from expectations.text_figures import sections
    seen = set()
    for _context, page_no, line in sections(list(pages)):
        for m in re.finditer(r"([^，,。；;：:（）()\s]*?)年初预算(?:数)?(?:为)?" + NUM + "万元", line):
            label = re.sub(r"^\d{4}年(?:度)?", "", m.group(1))
            label = re.sub(r"[（(]类[)）]$", "", label)
            parsed = parse_amount(m.group(2))
            if not label or parsed is None:
                continue
            stated, dec = parsed
            if "一般公共预算" in label:
                b = _table_total(budget_items, "general_budget_expenditure")
                ref = _table_total(fa_items, "general_budget_expenditure") or b
            else:
                b = _class_line(budget_items, "general_budget_expenditure", label)
                ref = _class_line(fa_items, "general_budget_expenditure", label) or b
            if b is None or (label, stated) in seen:
                continue
            seen.add((label, stated))
            out.append(_result(
                "final_account_stated_budget_equals_budget_document", fa["document_id"],
                ref, page_no, b["amount"], stated, _stated_tol(dec) + number_tolerance(b),
                f"the text states {m.group(0)} (page {page_no}); the budget document "
                f"{_doc_label(budget)} prints {b['amount']} ({b['item_name']}, page "
                f"{b['page_number']})", measure="total"))
    return out


def year_over_year_checks(doc: dict, items: Sequence[dict], prior: dict,
                          prior_items: Sequence[dict], pages: Sequence[str]
                          ) -> list[CheckResult]:
    """Stated changes on last year against last year's document."""
    from expectations.text_figures import sections
    out: list[CheckResult] = []
    seen = set()
    years = re.compile(_year_words(doc.get("fiscal_year")))
    for page_no, text in _paragraphs(pages):
        for clause in _clauses(text):
            yw = years.search(clause)
            if not yw:
                continue
            labels = [(m.start(), m.lastgroup) for m in LABEL_RE.finditer(clause)]
            for ch in CHANGE_RE.finditer(clause):
                if ch.start() < yw.start():
                    continue
                before = [lab for pos, lab in labels if pos < ch.start()]
                if not before:
                    continue
                label = before[-1]
                cur = _figure(items, label, doc.get("doc_type"))
                pri = _figure(prior_items, label, prior.get("doc_type"))
                parsed = parse_amount(ch.group(2))
                if cur is None or pri is None or parsed is None:
                    continue
                stated, dec = parsed
                if ch.group(1) in DOWN:
                    stated = -stated
                key = (label, stated)
                if key in seen:
                    continue
                seen.add(key)
                expected = cur["amount"] - pri["amount"]
                tol = _stated_tol(dec) + number_tolerance(cur) + number_tolerance(pri)
                where = (f"this document prints {cur['amount']} ({cur['item_name']}, page "
                         f"{cur['page_number']}), last year's {_doc_label(prior)} prints "
                         f"{pri['amount']} ({pri['item_name']}, page {pri['page_number']})")
                out.append(_result(
                    "text_year_over_year_change_equals_prior_document", doc["document_id"], cur,
                    page_no, expected, stated, tol,
                    f"the text states {ch.group(0)} (page {page_no}); {where}"))
                if ch.group(4) and pri["amount"] != 0:
                    pct_text = ch.group(4)
                    pct = Decimal(pct_text)
                    if ch.group(3) in DOWN:
                        pct = -pct
                    pdec = len(pct_text.split(".", 1)[1]) if "." in pct_text else 0
                    p, c = pri["amount"], cur["amount"]
                    exp_pct = (c - p) / p * 100
                    carried = 100 * (number_tolerance(cur) / abs(p)
                                     + abs(c) * number_tolerance(pri) / (p * p))
                    out.append(_result(
                        "text_year_over_year_pct_equals_prior_document", doc["document_id"],
                        cur, page_no, exp_pct, pct, _stated_tol(pdec) + carried,
                        f"the text states {ch.group(0)} (page {page_no}); {where}"))
    return out


def cross_document_checks(con, document_ids: Sequence[str],
                          pages: Optional[dict] = None) -> list[CheckResult]:
    """Every cross-document check of ``document_ids`` (results belong to these documents)."""
    reader = WarehouseReader(con, list(document_ids))
    if pages is not None:
        reader.pages = pages  # the caller's pages stand in for raw.pages
    return check_documents(reader, list(document_ids))


def check_documents(reader: WarehouseReader, document_ids: Sequence[str]) -> list[CheckResult]:
    """The cross-document checks of ``document_ids``, read through ``reader``."""
    con = reader.con
    if not document_ids or not relation_exists(con, "marts", "dim_document") \
            or not relation_exists(con, "marts", "fct_line_item"):
        return []
    pages = reader.pages
    marks = ", ".join("?" for _ in document_ids)
    docs = reader.documents_where(f"document_id IN ({marks})", list(document_ids))
    out: list[CheckResult] = []
    items_of = reader.normalised_items_of

    for d in docs:
        if not d.get("unit_name") or d.get("fiscal_year") is None:
            continue
        text = pages.get(d["document_id"]) or []
        if d.get("doc_type") == "final_account":
            budgets = reader.documents_where(
                "unit_name = ? AND fiscal_year = ? AND doc_type = 'budget'",
                [d["unit_name"], d["fiscal_year"]])
            same_scope = [b for b in budgets if b.get("scope") == d.get("scope")]
            budgets = same_scope or budgets
            if len(budgets) == 1:
                out += budget_quote_checks(d, items_of(d["document_id"]), budgets[0],
                                           items_of(budgets[0]["document_id"]), text)
        if d.get("doc_type") in ("budget", "final_account") and text:
            priors = reader.documents_where(
                "unit_name = ? AND fiscal_year = ? AND doc_type = ?",
                [d["unit_name"], d["fiscal_year"] - 1, d["doc_type"]])
            same_scope = [p for p in priors if p.get("scope") == d.get("scope")]
            priors = same_scope or priors
            if len(priors) == 1:
                out += year_over_year_checks(d, items_of(d["document_id"]), priors[0],
                                             items_of(priors[0]["document_id"]), text)
    return out
