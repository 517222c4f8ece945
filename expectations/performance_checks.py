"""Reconciliation checks of the performance tables (issue 6; DOMAIN.md "Performance tables"):
the family ``performance`` of ``expectations.registry``.

``check_documents(reader)`` checks the 项目支出绩效自评表 and 绩效目标表 a ``WarehouseReader`` read
(``marts.fct_performance_project``, ``marts.fct_performance_indicator``, current documents) and a
target project's money against the 项目支出表 (``marts.fct_line_item``), one ``CheckResult`` per
check instance. What each check states, its tolerance and its severity (``SEVERITIES``) are in
CHECKS.md, written from ``expectations/check_texts.py``. ``performance_checks(con, document_ids)``
returns the same results as the dicts it always returned.

``page_number`` is the performance table's page (the 项目支出表 line's page is named in
``description``); ``expected`` is the reference (printed 执行率, 总分, the 项目支出表 line), ``actual``
the computed side. ``status`` is ``not_applicable`` when a figure is missing (no 全年预算数, no 总分,
no 项目支出表 in the document, or no line with the project's unit and name). Amounts are exact
``Decimal``.

A rate printed truncated rather than rounded (99.99% for 8858.95 / 8859 = 99.9994%) does not agree:
printed figures are rounded (DOMAIN.md), and the documents round their other rates (the same Xi'an
document prints 99.98% for 99.9773% and 99.96% for 99.9565%).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Optional, cast

from expectations.results import ERROR, WARNING, CheckResult, judge
from expectations.results import tolerance as rounding_tolerance

ZERO = Decimal(0)
HUNDRED = Decimal(100)
WAN = Decimal(10000)

DESCRIPTIONS = {
    "performance_execution_rate": "执行率 = 全年执行数 / 全年预算数 (项目支出绩效自评表)",
    "performance_score_total": "Σ 指标得分 + 执行率得分 = 总分 (项目支出绩效自评表)",
    "performance_annual_amount_equals_project_line":
        "项目年度资金 (绩效目标表, 元→万元) = 项目支出表 line of the same unit and project",
}

# within a 自评表 the figures are one document's arithmetic; across tables a project may be named
# differently (CHECKS.md)
SEVERITIES = {
    "performance_execution_rate": ERROR,
    "performance_score_total": ERROR,
    "performance_annual_amount_equals_project_line": WARNING,
}


def _dec(v) -> Optional[Decimal]:
    if v is None:
        return None
    try:
        d = Decimal(str(v).replace(",", "").strip().rstrip("%％"))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _decimals(printed) -> int:
    """Decimals of a figure as printed ("98.11" → 2, "100" → 0); DECIMAL columns lose trailing
    zeros' meaning, so they count by their normalised form."""
    if printed is None:
        return 0
    t = str(printed).strip().replace(",", "").rstrip("%％")
    if "." in t:
        return len(t.split(".", 1)[1])
    return 0


def _half_unit(decimals: int) -> Decimal:
    """DOMAIN.md's half unit of the last printed digit (``expectations.results.tolerance``)."""
    return rounding_tolerance(decimals)


def _normalised_decimals(v: Optional[Decimal]) -> int:
    if v is None:
        return 0
    exp = v.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _extra(raw) -> dict:
    if not raw:
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return {}


def _result(project: dict, check_name: str, status: str, expected=None, actual=None,
            tolerance: Optional[Decimal] = None, description: Optional[str] = None,
            table_kind: Optional[str] = None) -> CheckResult:
    diff = actual - expected if expected is not None and actual is not None else None
    return CheckResult(
        document_id=project["document_id"], check_name=check_name,
        description=description or DESCRIPTIONS[check_name],
        severity=SEVERITIES[check_name], status=status, table_kind=table_kind,
        page_number=project.get("page_number"), subject_code=None,
        item_name=project.get("project_name"), expected=expected, actual=actual,
        difference=diff, tolerance=tolerance, table_id=None)


def _judge(expected: Decimal, actual: Decimal, tol: Decimal) -> str:
    return judge(actual - expected, tol)


def check_execution_rate(project: dict) -> CheckResult:
    extra = _extra(project.get("extra_json"))
    name = "performance_execution_rate"
    budget = _dec(extra.get("全年预算数")) if extra.get("全年预算数") is not None else _dec(project.get("annual_amount_wan"))
    executed = _dec(extra.get("全年执行数")) if extra.get("全年执行数") is not None else _dec(project.get("executed_amount_wan"))
    printed = extra.get("执行率")
    rate = _dec(printed) if printed is not None else _dec(project.get("execution_rate"))
    if rate is None or budget is None or executed is None or budget == 0:
        return _result(project, name, "not_applicable", expected=rate)
    decimals = _decimals(printed) if printed is not None else _normalised_decimals(rate)
    tol = _half_unit(decimals) + _quotient_spread(extra, budget, executed)
    actual = executed / budget * HUNDRED
    actual = actual.quantize(Decimal("0.000001"))
    return _result(project, name, _judge(rate, actual, tol), rate, actual, tol.quantize(Decimal("0.000001")))


def _quotient_spread(extra: dict, budget: Decimal, executed: Decimal) -> Decimal:
    """How far the rounding of the printed 全年预算数 and 全年执行数 can move executed / budget × 100.
    A row's amounts are kept to one precision, the finest it prints (a spreadsheet drops trailing
    zeros: 8859 beside 8858.95 is 8859.00); amounts not printed as such (read from the marts'
    columns) count to the 0.01."""
    printed = [extra.get(k) for k in ("年初预算数", "全年预算数", "全年执行数") if extra.get(k) is not None]
    decimals = max((_decimals(v) for v in printed), default=2) if extra.get("全年预算数") is not None else 2
    eps = _half_unit(decimals)
    if budget - eps <= 0 < budget or budget + eps >= 0 > budget:
        return ZERO  # a budget within its own rounding of zero: no bound (the rate says nothing then)
    exact = executed / budget * HUNDRED
    corners = [(executed + db) / (budget + da) * HUNDRED for db in (-eps, eps) for da in (-eps, eps)]
    return max(abs(c - exact) for c in corners)


def check_score_total(project: dict, indicators: list[dict]) -> CheckResult:
    """总分 = Σ indicator 得分 + 执行率得分. Where the 总分 row's 分值 is the indicators' 分值 alone
    (Xi'an: 分值 90 = Σ indicator 分值, 执行率 scored beside), the page leaves open whether its 得分 adds
    the 执行率得分 (p70 prints 90 = Σ indicators, p72 93 = Σ indicators + 10, both of 分值 90): either
    sum agrees then."""
    extra = _extra(project.get("extra_json"))
    name = "performance_score_total"
    printed_total = extra.get("总分")
    total = _dec(printed_total) if printed_total is not None else _dec(project.get("total_score"))
    rate_score = _dec(extra.get("执行率得分"))
    printed_scores = [_dec(i.get("score")) for i in indicators]
    scores = [s for s in printed_scores if s is not None]
    if total is None or (not scores and rate_score is None):
        return _result(project, name, "not_applicable", expected=total)
    tol = ZERO
    total_dec = _decimals(printed_total) if printed_total is not None else _normalised_decimals(total)
    if total_dec:
        tol += _half_unit(total_dec)
    for s in scores:
        d = _normalised_decimals(s)
        if d:
            tol += _half_unit(d)
    indicators_only = (sum(scores, ZERO), tol)
    if rate_score is not None and _decimals(extra.get("执行率得分")):
        tol += _half_unit(_decimals(extra.get("执行率得分")))
    actual = sum(scores, ZERO) + (rate_score or ZERO)
    full, weights = _dec(extra.get("总分分值")), [_dec(i.get("weight")) for i in indicators]
    if (rate_score is not None and _judge(total, actual, tol) == "fail" and full is not None and weights
            and None not in weights and sum(cast(list[Decimal], weights), ZERO) == full
            and _judge(total, *indicators_only) == "pass"):
        actual, tol = indicators_only
    return _result(project, name, _judge(total, actual, tol), total, actual, tol)


def _key(s: Optional[str]) -> str:
    return "".join((s or "").split())


def check_annual_amount(project: dict, lines: list[dict], has_table: bool) -> CheckResult:
    """``lines``: the document's project_expenditure rows (measure total)."""
    extra = _extra(project.get("extra_json"))
    name = "performance_annual_amount_equals_project_line"
    annual = _dec(project.get("annual_amount_wan"))
    if annual is None or not has_table:
        return _result(project, name, "not_applicable", actual=annual, table_kind="project_expenditure")
    unit = extra.get("项目资金单位") or "元"
    printed = extra.get("年度资金总额") or extra.get("预算数")
    dec = _decimals(printed) if printed is not None else _normalised_decimals(annual * (WAN if unit == "元" else 1))
    own_tol = _half_unit(dec) / (WAN if unit == "元" else Decimal(1))
    matches = [r for r in lines if _key(r.get("item_name")) == _key(project.get("project_name"))
               and _key(r.get("unit_name")) == _key(project.get("unit_name"))]
    if not matches:
        return _result(project, name, "not_applicable", actual=annual, table_kind="project_expenditure",
                       description=DESCRIPTIONS[name] + ": no line with this unit and project name")
    best = None
    for r in matches:
        amount = _dec(r.get("amount_wan"))
        if amount is None:
            continue
        line_dec = r.get("decimals")
        line_dec = int(line_dec) if line_dec is not None else _decimals(r.get("amount_as_printed") or "0.00")
        line_unit = r.get("unit_as_printed") or "万元"
        line_tol = _half_unit(line_dec) / (WAN if line_unit == "元" else Decimal(1))
        tol = own_tol + line_tol
        res = _result(project, name, _judge(amount, annual, tol), amount, annual, tol,
                      table_kind="project_expenditure")
        res.description += f" (项目支出表 page {r.get('page_number')})"
        if best is None or res.status == "pass":
            best = res
        if res.status == "pass":
            break
    return best or _result(project, name, "not_applicable", actual=annual, table_kind="project_expenditure")


def performance_checks(con, document_ids: Optional[list[str]] = None) -> list[dict]:
    """All performance check results for the current landed documents (or only ``document_ids``),
    as the dicts this function always returned (tests/test_performance_checks.py pins their keys:
    no ``measure``). The runner takes ``CheckResult``s from ``check_documents`` instead."""
    from expectations.reader import WarehouseReader

    results = check_documents(WarehouseReader(con, document_ids))
    return [{k: v for k, v in r.as_dict().items() if k != "measure"} for r in results]


def check_documents(reader, document_ids=None) -> list[CheckResult]:
    """The performance checks of the reader's documents (``document_ids``: only these)."""
    projects = reader.performance_projects
    if document_ids is not None:
        wanted = set(document_ids)
        projects = [p for p in projects if p["document_id"] in wanted]
    if not projects:
        return []
    by_project: dict[tuple, list[dict]] = {}
    for i in reader.performance_indicators:
        by_project.setdefault((i["document_id"], i["project_key"]), []).append(i)
    doc_ids = {p["document_id"] for p in projects}
    lines = [li for li in reader.line_items if li.get("table_kind") == "project_expenditure"
             and li.get("document_id") in doc_ids]
    # the 项目支出表 in printed order: the first line that agrees wins
    lines.sort(key=lambda r: (r.get("document_id") or "", _order(r.get("table_id")),
                              _order(r.get("row_number"))))
    tables = {r["document_id"] for r in lines}
    totals: dict[str, list[dict]] = {}
    for r in lines:
        if r["measure"] == "total":
            totals.setdefault(r["document_id"], []).append(r)
    out: list[CheckResult] = []
    for p in projects:
        if p["kind"] == "self_evaluation":
            out.append(check_execution_rate(p))
            out.append(check_score_total(p, by_project.get((p["document_id"], p["project_key"]), [])))
        elif p["kind"] == "target":
            out.append(check_annual_amount(p, totals.get(p["document_id"], []), p["document_id"] in tables))
    return out


def _order(v) -> tuple:
    """SQL's ORDER BY of a nullable integer: NULLs last."""
    return (1, 0) if v is None else (0, v)
