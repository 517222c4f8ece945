"""Identities across the tables of one document (family ``across_tables``), the classification
codes it prints (family ``codes``) and the tables it publishes (family ``completeness``); see
CHECKS.md."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from expectations.line_items import (
    COMPARISON_MEASURES, DESCRIPTIONS, PROJECT_KINDS, REQUIRED_TABLES, SOURCE_PARTS, first_total_item,
    grouped_by, is_sum_row_name, is_missing, squeezed_name, line_name_key, printed_rows, identity)
from expectations.results import ERROR, CheckResult, FAIL, PASS, WARNING
from expectations.summary_tables import _side_entries


def check_across_tables(items: Sequence[dict], doc_type: Optional[str] = None
                        ) -> list[CheckResult]:
    """Identities between tables of one document (severity warning: they depend on the scope a
    table declares, e.g. 不含上年结转). ``doc_type``: 收入 = 支出 between 收入总表 and 支出总表
    holds for budgets only (a final account's difference is the change in 结转结余)."""
    results: list[CheckResult] = []
    tables = grouped_by(items, "table_id")
    by_kind: dict = {}
    for (_tid,), its in sorted(tables.items(), key=lambda kv: str(kv[0][0])):
        by_kind.setdefault(its[0]["table_kind"], []).append(its)

    def one(kind):
        lst = by_kind.get(kind) or []
        return lst[0] if len(lst) == 1 else None  # ambiguous when a kind is printed twice

    summary, exp, inc = (one("income_expenditure_summary"), one("expenditure_summary"),
                         one("income_summary"))
    gbe, econ = one("general_budget_expenditure"), one("basic_expenditure_economic")
    if summary and exp:
        cur = [i for i in summary if i["side"] == "expenditure" and i["measure"] == "total"
               and "本年" in squeezed_name(i["item_name"]) and "合计" in squeezed_name(i["item_name"])]
        t = first_total_item(exp, "total")
        if cur and t:
            r = identity("summary_expenditure_equals_expenditure_summary_total", cur[0], [t],
                         severity=WARNING)
            results.append(r)
    if exp and inc and doc_type != "final_account":
        t_exp, t_inc = first_total_item(exp, "total"), first_total_item(inc, "total")
        if t_exp and t_inc:
            r = identity("expenditure_summary_total_equals_income_summary_total", t_exp, [t_inc],
                         severity=WARNING)
            co = first_total_item(inc, "carry_over")
            if r.status == FAIL and co is not None:
                r2 = identity("expenditure_summary_total_equals_income_summary_total", t_exp,
                              [t_inc, co], severity=WARNING)
                r = r2 if r2.status == PASS else r
            results.append(r)
    if gbe and econ:
        basic = first_total_item(gbe, "basic")
        etot = [i for i in econ if i["measure"] == "total"
                and (i["is_total"] or is_sum_row_name(squeezed_name(i["item_name"])))]
        etot.sort(key=lambda i: i["row_number"] or 0)
        overall = [i for i in etot if "人员经费" not in squeezed_name(i["item_name"])
                   and "公用经费" not in squeezed_name(i["item_name"])]
        if basic and (overall or etot):
            addends = overall[:1] if overall else etot
            r = identity("general_budget_basic_equals_economic_total", basic, addends,
                         severity=WARNING)
            results.append(r)
    fiscal = one("fiscal_summary")
    # 一般公共预算支出表 (不含上年结转) = 财政拨款收支总表 本年收入 一般公共预算: a budget spends
    # what it receives; a final account's year received more or less than it spent (the
    # difference is its 年末/年初 财政拨款结转和结余), so the two need not agree there
    if gbe and fiscal and doc_type != "final_account":
        t = first_total_item(gbe, "total")
        line = _fiscal_current_general_budget(fiscal)
        if t is not None and line is not None:
            results.append(identity(
                "general_budget_expenditure_equals_fiscal_summary_general_budget", line, [t],
                severity=WARNING))
    # 项目支出表（本年） = 一般公共预算支出表 项目支出; （本年）+（上年结转） = 支出总表 项目支出
    proj, carry = one("project_expenditure"), one("project_expenditure_carry_over")
    proj_total = _project_grand_total(proj) if proj else None
    carry_total = _project_grand_total(carry) if carry else None
    if proj_total is not None and gbe and _all_general_budget(proj, proj_total, inc):
        gp = first_total_item(gbe, "project")
        if gp is not None:
            results.append(identity("project_table_equals_general_budget_project", gp,
                                    [proj_total], severity=WARNING))
    if proj_total is not None and exp:
        ep = first_total_item(exp, "project")
        if ep is not None:
            addends = [proj_total] + ([carry_total] if carry_total is not None else [])
            results.append(identity("project_tables_equal_expenditure_summary_project", ep,
                                    addends, severity=WARNING))
    # 机关运行经费 = 公用经费 of the administrative units
    op = _operating_cost_total(by_kind)
    pf = _public_funds_total(econ) if econ else None
    if op is not None and pf is not None:
        results.append(identity("operating_cost_equals_public_funds", op, [pf],
                                severity=WARNING))
    # 决算 balance
    if doc_type == "final_account" and summary:
        r = _final_account_balance(summary)
        if r is not None:
            results.append(r)
    return results


def _fiscal_current_general_budget(fiscal: Sequence[dict]) -> Optional[dict]:
    """财政拨款收支总表, income side: the 一般公共预算 line printed above 本年收入合计."""
    lines, by_idx = _side_entries([i for i in fiscal if i["side"] == "income"])
    for n, r in enumerate(lines):
        nm = squeezed_name(r["item_name"])
        if ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
            return None
        if "一般公共预算" in nm and not r["is_total"]:
            by_m = by_idx[n]
            return by_m.get("total") or by_m.get("general_budget") or next(
                (v for k, v in by_m.items() if k not in COMPARISON_MEASURES), None)
    return None


def _project_grand_total(items: Sequence[dict]) -> Optional[dict]:
    """The department total of a 项目支出表: the first head (a total or unit line) with no
    projects printed under it, else the only head; a table without heads has none."""
    def is_head(r):
        return r["is_total"] or (r["unit_name"] and squeezed_name(r["item_name"]) == squeezed_name(r["unit_name"]))
    rows = printed_rows([i for i in items if i["measure"] == "total"])
    heads = [n for n, r in enumerate(rows) if is_head(r)]
    if not heads:
        return None
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(rows)
        if end == h + 1 and len(heads) > 1:
            return rows[h]
    if len(heads) == 1:
        return rows[heads[0]]
    return None


def _all_general_budget(proj: Sequence[dict], total: dict, inc: Optional[Sequence[dict]]) -> bool:
    """Every yuan of project money is general budget: the project table's total prints no other
    source, or (no source columns) the income table's total has none."""
    others = [s for s in SOURCE_PARTS if s not in ("general_budget", "fiscal_appropriation")]
    row = [i for i in proj if i["row_number"] == total["row_number"]]
    if any(i["measure"] in SOURCE_PARTS for i in row):
        return not any(i["measure"] in others and i["amount"] != 0 for i in row)
    if inc:
        t = [i for i in inc if i["is_total"] and not i["subject_code"]]
        return not any(i["measure"] in others and i["amount"] != 0 for i in t)
    return True


def _operating_cost_total(by_kind: dict) -> Optional[dict]:
    """机关运行经费: the operating_cost table's (部门)合计, or a 相关信息统计表 line naming it."""
    tables = by_kind.get("operating_cost") or []
    if len(tables) == 1:
        t = [i for i in tables[0] if i["measure"] == "total"
             and (i["is_total"] or is_sum_row_name(squeezed_name(i["item_name"])))]
        t.sort(key=lambda i: i["row_number"] or 0)
        if t:
            return t[0]
        lines = [i for i in tables[0] if i["measure"] == "total"]
        return lines[0] if len(lines) == 1 else None
    stats = [i for its in by_kind.get("disclosure_statistics") or [] for i in its
             if "机关运行经费" in squeezed_name(i["item_name"]) and i["measure"] == "total"]
    return stats[0] if len(stats) == 1 else None


def _public_funds_total(econ: Sequence[dict]) -> Optional[dict]:
    """公用经费 of the basic-expenditure economic table: the 合计 row's public_funds column, or
    the 公用经费合计 row (four-block layout)."""
    t = first_total_item(econ, "public_funds")
    if t is not None:
        return t
    rows = [i for i in econ if i["measure"] == "total" and "公用经费" in squeezed_name(i["item_name"])
            and (i["is_total"] or is_sum_row_name(squeezed_name(i["item_name"])))]
    return rows[0] if len(rows) == 1 else None


def _final_account_balance(summary: Sequence[dict]) -> Optional[CheckResult]:
    """收入支出决算总表: 年初结转和结余 + 本年收入 + 使用非财政拨款结余 = 本年支出 + 结余分配 +
    年末结转和结余 (main amount column; blank lines count 0)."""
    found: dict = {}
    for side in ("income", "expenditure"):
        lines, by_idx = _side_entries([i for i in summary if i["side"] == side])
        for n, r in enumerate(lines):
            nm = squeezed_name(r["item_name"])
            it = by_idx[n].get("total") or next(
                (v for k, v in by_idx[n].items() if k not in COMPARISON_MEASURES), None)
            if it is None:
                continue
            if ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
                found.setdefault((side, "current"), it)
            elif "非财政拨款结余" in nm:
                found.setdefault((side, "use_surplus"), it)
            elif "年初结转" in nm:
                found.setdefault((side, "opening"), it)
            elif "结余分配" in nm:
                found.setdefault((side, "distribution"), it)
            elif "年末结转" in nm:
                found.setdefault((side, "closing"), it)
    inc, exp = found.get(("income", "current")), found.get(("expenditure", "current"))
    if inc is None or exp is None:
        return None
    addends = [inc, found.get(("income", "use_surplus")), found.get(("income", "opening"))]
    extra = [x for x in (found.get(("expenditure", "distribution")),
                         found.get(("expenditure", "closing"))) if x is not None]
    return identity("final_account_balance", exp, addends, expected_extra=extra)


# ----------------------------------------------------------------------------- codes

# tables whose codes tag lines that are not classification lines (政府采购 items by economic code,
# projects, 三公 items, statistics): their codes need no parent and their names are their own
CODE_CHECK_EXCLUDED = ("procurement", "disclosure_statistics", "three_public") + PROJECT_KINDS


def check_codes(doc_items: Sequence[dict]) -> list[CheckResult]:
    """Completeness of codes (severity warning): a function code has 3, 5 or 7 digits and its
    parent (款 of a 项, 类 of a 款) is printed in the same table (and side/unit); an economic code
    has 3 or 5 digits and its 类 is printed; a code carries one name within the document. One
    passing row per table (and per document for names), one failing row per offending code."""
    results: list[CheckResult] = []
    doc_items = [i for i in doc_items if i["table_kind"] not in CODE_CHECK_EXCLUDED]
    by_table = grouped_by(doc_items, "table_id")
    for (tid,), its in sorted(by_table.items(), key=lambda kv: str(kv[0][0])):
        kind = its[0]["table_kind"]
        for field, check, lengths in (("subject_code", "subject_code_valid", (3, 5, 7)),
                                      ("economic_code", "economic_code_valid", (3, 5))):
            coded = [i for i in its if i[field]]
            if not coded:
                continue
            present = {(i["side"], i["unit_name"], i[field]) for i in coded}
            failures = []
            seen = set()
            for i in sorted(coded, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
                code = i[field]
                key = (i["side"], i["unit_name"], code)
                if key in seen:
                    continue
                seen.add(key)
                if len(code) not in lengths:
                    failures.append((i, f"{code} has {len(code)} digits (expected "
                                        f"{'/'.join(map(str, lengths))})"))
                    continue
                parent = code[:len(code) - 2] if len(code) > 3 else None
                if parent and (i["side"], i["unit_name"], parent) not in present:
                    failures.append((i, f"{code}'s parent {parent} is not printed in the table"))
            ref = coded[0]
            if not failures:
                results.append(CheckResult(
                    document_id=ref["document_id"], check_name=check,
                    description=f"{DESCRIPTIONS[check]} ({len(seen)} codes)", severity=WARNING,
                    status=PASS, table_kind=kind, page_number=ref["page_number"], table_id=tid))
            for i, why in failures:
                results.append(CheckResult(
                    document_id=i["document_id"], check_name=check,
                    description=f"{DESCRIPTIONS[check]}: {why}", severity=WARNING, status=FAIL,
                    table_kind=kind, page_number=i["page_number"], subject_code=i[field],
                    item_name=i["item_name"], table_id=tid))
    # one name per code within the document (per classification)
    for field in ("subject_code", "economic_code"):
        names: dict = {}
        for i in sorted(doc_items, key=lambda i: (str(i["table_id"]), i["row_number"] or 0)):
            code = i[field]
            if not code or is_sum_row_name(squeezed_name(i["item_name"])):
                continue
            name_key = line_name_key(i["item_name"])
            if not name_key:
                continue
            names.setdefault(code, {}).setdefault(name_key, i)
        if not names:
            continue
        bad = {c: v for c, v in names.items() if len(v) > 1}
        ref = next(iter(next(iter(names.values())).values()))
        if not bad:
            results.append(CheckResult(
                document_id=ref["document_id"], check_name="one_name_per_code",
                description=f"{DESCRIPTIONS['one_name_per_code']} ({field}, {len(names)} codes)",
                severity=WARNING, status=PASS))
        for code, variants in bad.items():
            first, *others = list(variants.values())
            for o in others:
                results.append(CheckResult(
                    document_id=o["document_id"], check_name="one_name_per_code",
                    description=f"{field} {code} is {first['item_name']!r} on page "
                                f"{first['page_number']} ({first['table_kind']}) but "
                                f"{o['item_name']!r} here", severity=WARNING, status=FAIL,
                    table_kind=o["table_kind"], page_number=o["page_number"], subject_code=code,
                    item_name=o["item_name"], table_id=o["table_id"]))
    return results


# ----------------------------------------------------------------------------- completeness

def check_completeness(document_id: str, doc_type: Optional[str], tables: Sequence[dict],
                       table_ids_with_items: set) -> list[CheckResult]:
    """``tables``: rows of marts.fct_table for the document (dicts)."""
    results: list[CheckResult] = []
    kinds = {t.get("table_kind") for t in tables}
    for kind in REQUIRED_TABLES.get(doc_type or "", ()):
        results.append(CheckResult(
            document_id=document_id, check_name="required_table_present",
            description=f"a {doc_type} document publishes a {kind} table (present or declared "
                        "empty)",
            severity=ERROR, status=PASS if kind in kinds else FAIL, table_kind=kind,
        ))
    for t in tables:
        if t.get("is_empty") is True or is_missing(t.get("table_kind")):
            continue
        if t.get("table_kind") in ("disclosure_statistics",):
            continue
        tid = t.get("table_id")
        page: Any = t.get("page_from")  # None, NaN or a number (is_missing)
        results.append(CheckResult(
            document_id=document_id, check_name="nonempty_table_has_line_items",
            description=DESCRIPTIONS["nonempty_table_has_line_items"], severity=WARNING,
            status=PASS if tid in table_ids_with_items else FAIL,
            table_kind=t.get("table_kind"),
            page_number=None if is_missing(page) else int(page),
            item_name=t.get("table_title"), table_id=tid,
        ))
    return results
