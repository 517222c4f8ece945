"""Across documents (DOMAIN.md "Across documents"; severity warning).

- A final account quotes its budget: its 三公 table's 预算数 and the text's "…年初预算1,088.54万元"
  are compared with that year's budget document of the same unit (``marts.dim_document``: same
  ``unit_name`` and ``fiscal_year``, ``doc_type = 'budget'``, current and landed).
- The text states year-on-year changes ("比上年增加7.79万元，增长0.26%"): the change is compared with
  this document's table figure minus last year's document's (same unit, ``fiscal_year − 1``, same
  ``doc_type``, current), the percentage with their ratio.

The text's figures are the statements the reader read (``marts.fct_text_figure``, extract/statements/),
and the line a statement names is found as the text family finds it
(``text_statements.table_lines``), in the other document's tables too.

Nothing is emitted when the other document is not in the warehouse. Results belong to the document
that states the figure (``document_id``, ``page_number`` of the statement or of its 三公 row);
``description`` names the other document and its page. ``expected`` is the other document's figure
(or the change the two documents' tables give), ``actual`` the stated one, ``difference`` = actual −
expected, ``tolerance`` = half a unit of the last printed digit of every number taking part
(percentages: half a unit of the stated percentage plus the amounts' rounding carried into the
ratio).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional, Sequence

from expectations import identities as ids
from expectations import text_statements as ts
from expectations.identities import squeezed_name
from expectations.reader import WarehouseReader, relation_exists
from expectations.results import WARNING, CheckResult, judge, tolerance

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
        f"SELECT DISTINCT o.document_id FROM marts.dim_document d JOIN marts.dim_document o "  # noqa: S608 — identifiers constant; {marks} is a '?, ?, …' placeholder list
        f"ON o.unit_name = d.unit_name AND ((o.fiscal_year = d.fiscal_year + 1 AND "
        f"o.doc_type = d.doc_type) OR (d.doc_type = 'budget' AND o.doc_type = 'final_account' "
        f"AND o.fiscal_year = d.fiscal_year)) "
        f"WHERE d.document_id IN ({marks}) AND o.document_id NOT IN ({marks}) "
        f"AND coalesce(o.status, 'landed') = 'landed' AND coalesce(o.is_current, true)",
        list(document_ids) * 2).fetchall()
    return sorted(r[0] for r in rows)


# ----------------------------------------------------------------------------- figures of a doc

def _three_public_key(name: str) -> Optional[str]:
    nm = squeezed_name(name)
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
    tables = ids.grouped_by([i for i in items if i["table_kind"] == "three_public"], "table_id")
    if len(tables) != 1:
        return out
    its = next(iter(tables.values()))
    for m in measures:
        for i in sorted(its, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
            k = _three_public_key(i["item_name"])
            if k and i["measure"] == m:
                out.setdefault(k, i)
    return out


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


def _shown(li: dict) -> str:
    """A line's figure in 万元 to the digits its table prints (元 tables: every digit)."""
    amount, decimals = ts.known_line_amount(li), int(li.get("decimals") or 0)
    if (li.get("unit_as_printed") or "万元") == "万元" and decimals >= 0:
        return f"{amount.quantize(Decimal(1).scaleb(-decimals)):f}"
    return f"{amount.normalize():f}"


def budget_quote_checks(fa: dict, fa_items: Sequence[dict], budget: dict,
                        budget_items: Sequence[dict], figs: Sequence[dict]) -> list[CheckResult]:
    """A final account's quoted budget figures against that year's budget document: its 三公
    table's 预算数, and each budget amount its text states ("一般公共服务支出年初预算67.32万元",
    ``marts.fct_text_figure`` with measure ``budget``) against the line of the budget document's
    tables that names the same subject (``text_statements.table_lines``)."""
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
    seen = set()
    for fig in figs:
        stated = ts.figure_money(fig)
        if fig.get("figure_kind") != "amount" or fig.get("measure") != "budget" \
                or stated is None or ts.in_reason_clause(fig) or not ts.named_in_own_words(fig):
            continue
        lines = [li for li in ts.table_lines(fig, list(budget_items), "budget")
                 if ts.line_amount(li) is not None]
        key = (fig.get("subject"), fig.get("subject_code"), stated)
        if not lines or key in seen:
            continue
        seen.add(key)
        b = min(lines, key=lambda li: abs(ts.known_line_amount(li) - stated))
        out.append(_result(
            "final_account_stated_budget_equals_budget_document", fa["document_id"], b,
            fig.get("page_number"), ts.line_amount(b), stated,
            tolerance(ts.stated_precision(fig), ts.printed_precision(b)),
            f"the text states {fig.get('subject')} {fig.get('figure_as_printed')}"
            f"{fig.get('unit_as_printed')} (page {fig.get('page_number')}: "
            f"“{fig.get('sentence')}”); the budget document {_doc_label(budget)} prints "
            f"{_shown(b)} ({b['item_name']}, page {b['page_number']})",
            measure="total"))
    return out


# a change on last year, not on this year's budget (比年初预算增加… is the text family's)
_LAST_YEAR = ("上年", "上年预算", "上年决算")


def _pairs(cur_lines: Sequence[dict], prior_lines: Sequence[dict]) -> list[tuple[dict, dict]]:
    """This year's and last year's line of the same table kind, measure, side and code."""
    return [(c, p) for c in cur_lines for p in prior_lines
            if (c.get("table_kind"), c.get("measure"), c.get("subject_code"), c.get("side"))
            == (p.get("table_kind"), p.get("measure"), p.get("subject_code"), p.get("side"))]


def _now_stated(fig: dict, figs: Sequence[dict]) -> Optional[Decimal]:
    """The amount the sentence states now for the change's subject (the last one before it)."""
    before = [f for f in figs if f.get("sentence") == fig.get("sentence")
              and f.get("page_number") == fig.get("page_number")
              and (f.get("statement_index") or 0) < (fig.get("statement_index") or 0)
              and f.get("figure_kind") == "amount" and ts.same_subject(f, fig)]
    return ts.figure_money(before[-1]) if before else None


def year_over_year_checks(doc: dict, items: Sequence[dict], prior: dict,
                          prior_items: Sequence[dict], figs: Sequence[dict]
                          ) -> list[CheckResult]:
    """Each change on last year the text states (``marts.fct_text_figure``: a change in 万元
    against 上年, and the rate stated after it) against this document's line of its subject less
    last year's document's line of the same table kind, measure and code. A subject printed by
    several tables is compared through the pair that comes closest (the one whose figure is the
    amount the sentence states now, where it states one)."""
    out: list[CheckResult] = []
    seen = set()
    figs = sorted(figs, key=lambda f: f.get("statement_index") or 0)
    for i, fig in enumerate(figs):
        stated = ts.figure_money(fig)
        if fig.get("figure_kind") != "change" or stated is None \
                or fig.get("compared_to") not in _LAST_YEAR or ts.in_reason_clause(fig):
            continue
        if fig.get("direction") == "-":
            stated = -stated
        cur_lines = [li for li in ts.table_lines(fig, list(items), doc.get("doc_type"))
                     if ts.line_amount(li) is not None]
        now = _now_stated(fig, figs)
        if now is not None:
            cur_lines = [li for li in cur_lines if abs(ts.known_line_amount(li) - now)
                         <= tolerance(ts.printed_precision(li))] or cur_lines
        prior_lines = [li for li in ts.table_lines(fig, list(prior_items), prior.get("doc_type"))
                       if ts.line_amount(li) is not None]
        pairs = _pairs(cur_lines, prior_lines)
        key = (fig.get("subject"), fig.get("subject_code"), stated)
        if not pairs or key in seen:
            continue
        seen.add(key)
        cur, pri = min(pairs, key=lambda cp: abs(ts.known_line_amount(cp[0]) - ts.known_line_amount(cp[1])
                                                 - stated))
        c, p = ts.known_line_amount(cur), ts.known_line_amount(pri)
        tol = _stated_tol(int(fig.get("decimals") or 0)) + number_tolerance(cur) \
            + number_tolerance(pri)
        where = (f"this document prints {_shown(cur)} ({cur['item_name']}, page "
                 f"{cur['page_number']}), last year's {_doc_label(prior)} prints "
                 f"{_shown(pri)} ({pri['item_name']}, page {pri['page_number']})")
        said = f"the text states “{fig.get('sentence')}” (page {fig.get('page_number')}); {where}"
        out.append(_result("text_year_over_year_change_equals_prior_document", doc["document_id"],
                           cur, fig.get("page_number"), c - p, stated, tol, said))
        rate = figs[i + 1] if i + 1 < len(figs) else None
        if rate is None or rate.get("figure_kind") != "change" \
                or rate.get("unit_as_printed") != "%" or rate.get("figure") is None \
                or rate.get("sentence") != fig.get("sentence") or p == 0:
            continue
        pct = Decimal(rate["figure"])
        if rate.get("direction") == "-":
            pct = -pct
        carried = 100 * (number_tolerance(cur) / abs(p)
                         + abs(c) * number_tolerance(pri) / (p * p))
        out.append(_result("text_year_over_year_pct_equals_prior_document", doc["document_id"],
                           cur, rate.get("page_number"), (c - p) / p * 100, pct,
                           _stated_tol(int(rate.get("decimals") or 0)) + carried, said))
    return out


def check_documents(reader: WarehouseReader, document_ids: Sequence[str]) -> list[CheckResult]:
    """The cross-document checks of ``document_ids``, read through ``reader``."""
    con = reader.con
    if not document_ids or not relation_exists(con, "marts", "dim_document") \
            or not relation_exists(con, "marts", "fct_line_item"):
        return []
    figures: dict = {}
    for f in reader.text_figures:
        figures.setdefault(f.get("document_id"), []).append(f)
    marks = ", ".join("?" for _ in document_ids)
    docs = reader.documents_where(f"document_id IN ({marks})", list(document_ids))
    out: list[CheckResult] = []
    items_of = reader.normalised_items_of

    for d in docs:
        if not d.get("unit_name") or d.get("fiscal_year") is None:
            continue
        figs = figures.get(d["document_id"]) or []
        if d.get("doc_type") == "final_account":
            budgets = reader.documents_where(
                "unit_name = ? AND fiscal_year = ? AND doc_type = 'budget'",
                [d["unit_name"], d["fiscal_year"]])
            same_scope = [b for b in budgets if b.get("scope") == d.get("scope")]
            budgets = same_scope or budgets
            if len(budgets) == 1:
                out += budget_quote_checks(d, items_of(d["document_id"]), budgets[0],
                                           items_of(budgets[0]["document_id"]), figs)
        if d.get("doc_type") in ("budget", "final_account") and figs:
            priors = reader.documents_where(
                "unit_name = ? AND fiscal_year = ? AND doc_type = ?",
                [d["unit_name"], d["fiscal_year"] - 1, d["doc_type"]])
            same_scope = [p for p in priors if p.get("scope") == d.get("scope")]
            priors = same_scope or priors
            if len(priors) == 1:
                out += year_over_year_checks(d, items_of(d["document_id"]), priors[0],
                                             items_of(priors[0]["document_id"]), figs)
    return out
