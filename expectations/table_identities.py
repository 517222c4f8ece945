"""Identities within one printed table (CHECKS.md, family ``table_identities``): the function
hierarchy (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项), row identities (合计 = 基本 + 项目, = Σ sources, …), the
economic tables, 三公, the project tables, 机关运行经费 and tables printed unit by unit.
``check_table`` picks those that apply to a table's kind; the two-sided summaries are
``summary_tables``'."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional, Sequence

from expectations.line_items import (
    ECONOMIC_CLASS_NAMES, ECONOMIC_KINDS, EXPENDITURE_PARTS, FISCAL_PARTS, FUNCTION_KINDS_EXCLUDED,
    PERSONNEL_CLASSES, PROJECT_KINDS, SOURCE_PARTS, TWO_SIDED_KINDS, item_per_measure, grouped_by,
    is_sum_row_name, measures_in_print_order, squeezed_name, printed_rows, item_with_measure, identity, number_tolerance)
from expectations.results import CheckResult, FAIL, PASS, ZERO
from expectations.summary_tables import check_two_sided


# ----------------------------------------------------------------------------- within a table

def check_function_hierarchy(items: Sequence[dict]) -> list[CheckResult]:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 for every measure of a function-classified table.
    ``items``: the line items of one printed table (one side)."""
    results: list[CheckResult] = []
    coded = [i for i in items if i["subject_code"] and len(i["subject_code"]) in (3, 5, 7)]
    if not coded:
        return results
    # multi-unit tables repeat codes: check each unit on its own
    dup = any(len(v) > 1 for v in grouped_by(coded, "measure", "subject_code").values())
    partitions: Sequence[Sequence[dict]] = [items]
    if dup:
        partitions = _unit_blocks(items)
    for part in partitions:
        results.extend(_function_partition(part))
    return results


def _unit_blocks(items: Sequence[dict]) -> list[list[dict]]:
    """The blocks of a table printed unit by unit, in printed order: one starts at each unit's own
    line (is_total, item_name = unit_name) and wherever the row's unit changes. Not by unit_name
    alone: the marts give a row without a unit the document's unit, the name its own (本级) unit
    often prints too (Zhuhai: 合计, then 珠海市商务局 and its lines)."""
    blocks: list[list[dict]] = []
    cur: list[dict] = []
    row, unit = object(), object()
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        if it["row_number"] != row:
            head = bool(it["is_total"] and it["unit_name"]
                        and squeezed_name(it["item_name"]) == squeezed_name(it["unit_name"]))
            if cur and (head or it["unit_name"] != unit):
                blocks.append(cur)
                cur = []
            row, unit = it["row_number"], it["unit_name"]
        cur.append(it)
    if cur:
        blocks.append(cur)
    return blocks


def _function_partition(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    measures = measures_in_print_order(items)
    coded = [i for i in items if i["subject_code"] and len(i["subject_code"]) in (3, 5, 7)]
    by_code_measure = {(i["subject_code"], i["measure"]): i for i in coded}
    rows_by_code = {r["subject_code"]: r for r in printed_rows(coded)}
    codes = list(rows_by_code)
    totals = [i for i in items if not i["subject_code"]
              and (i["is_total"] or is_sum_row_name(squeezed_name(i["item_name"])))]
    total_rows = printed_rows(totals)
    # table total = Σ top level
    if total_rows and codes:
        top_len = min(len(c) for c in codes)
        top_codes = [c for c in codes if len(c) == top_len]
        name = ("table_total_equals_sum_of_classes" if top_len == 3
                else "table_total_equals_sum_of_top_level_lines")
        total_row = total_rows[0]
        total_by_m = item_per_measure([t for t in totals if t["row_number"] == total_row["row_number"]])
        for m in measures:
            r = identity(name, total_by_m.get(m), [by_code_measure.get((c, m)) for c in top_codes],
                         anchor=item_with_measure(total_row, m))
            if r:
                results.append(r)
    # 类 = Σ 款, 款 = Σ 项
    for parent_len, child_len, name in ((3, 5, "class_equals_sum_of_sections"),
                                        (5, 7, "section_equals_sum_of_items")):
        for pc in (c for c in codes if len(c) == parent_len):
            children = [c for c in codes if len(c) == child_len and c.startswith(pc)]
            if not children:
                continue
            for m in measures:
                r = identity(name, by_code_measure.get((pc, m)),
                             [by_code_measure.get((c, m)) for c in children],
                             anchor=item_with_measure(rows_by_code[pc], m))
                if r:
                    results.append(r)
    return results


def check_row_identities(items: Sequence[dict]) -> list[CheckResult]:
    """Per printed row: 合计 = Σ its parts, for every part family whose columns the table has."""
    results: list[CheckResult] = []
    table_measures = set(i["measure"] for i in items)
    split_basic = bool(table_measures & {"personnel", "public_funds"})
    families: list[tuple[str, str, tuple[str, ...], bool]] = []  # (check name, total measure,
    # parts, may add carry_over)
    if table_measures & {"basic", "project"}:
        parts: tuple[str, ...] = EXPENDITURE_PARTS
        if "basic" not in table_measures and split_basic:
            # 基本支出 printed as its 人员经费 and 公用经费 columns (Shanghai's 收支总表)
            parts = ("personnel", "public_funds") + EXPENDITURE_PARTS[1:]
        families.append(("row_total_equals_basic_plus_project", "total", parts, False))
    if table_measures & set(SOURCE_PARTS):
        sources: tuple[str, ...] = SOURCE_PARTS
        if "fiscal_appropriation" in table_measures and table_measures & set(FISCAL_PARTS):
            # 财政拨款 printed with its parts (合计 | 一般公共预算 | 政府性基金 | 国有资本经营): the
            # parts count once, in the 财政拨款 figure
            sources = tuple(p for p in SOURCE_PARTS if p not in FISCAL_PARTS)
            families.append(("row_fiscal_appropriation_equals_sum_of_funds", "fiscal_appropriation",
                             FISCAL_PARTS, False))
        families.append(("row_total_equals_sum_of_sources", "total", sources, True))
    if "current_year" in table_measures:
        families.append(("row_total_equals_current_year_plus_carry_over", "total",
                         ("current_year", "carry_over"), False))
    if split_basic:
        if "basic" in table_measures:
            families.append(("row_basic_equals_personnel_plus_public_funds", "basic",
                             ("personnel", "public_funds"), False))
        elif "project" not in table_measures:
            families.append(("row_total_equals_personnel_plus_public_funds", "total",
                             ("personnel", "public_funds"), False))
    if not families or "total" not in table_measures:
        return results
    lines: dict = {}  # a printed line = its row and its name (items-as-columns share a row)
    for it in items:
        lines.setdefault((it["row_number"], squeezed_name(it["item_name"])), []).append(it)
    for _, row_items in sorted(lines.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0)):
        row_items.sort(key=lambda i: i["col_number"] or 0)
        by_m = item_per_measure(row_items)
        for name, total_measure, parts, may_add_carry_over in families:
            anchor = item_with_measure(row_items[0], total_measure)
            present_parts = [p for p in parts if p in table_measures]
            addends = [by_m.get(p) for p in present_parts]
            if name == "row_total_equals_sum_of_sources":
                # 财政专户 printed as its kinds (Guangdong: 教育收费, 其他专户收入拨款): each counts
                addends += [i for i in row_items if i["measure"] == "special_account"
                            and i is not by_m.get("special_account")]
            total = by_m.get(total_measure)
            if total is None and not any(addends):
                continue
            r = identity(name, total, addends, anchor=anchor)
            if (r is not None and r.status == FAIL and may_add_carry_over
                    and by_m.get("carry_over") is not None):
                # the total includes 上年结转 (DOMAIN.md: "and, where printed, + 上年结转")
                r2 = identity(name, total, addends + [by_m["carry_over"]], anchor=anchor)
                if r2 is not None and r2.status == PASS:
                    r = r2
            if r:
                results.append(r)
    return results


def _total_category(name: str) -> str:
    return "personnel" if "人员经费" in name else "public" if "公用经费" in name else "all"


def check_economic(items: Sequence[dict]) -> list[CheckResult]:
    """基本支出经济分类表: 合计 = Σ 类 (and 人员经费合计 / 公用经费合计 = Σ their 类);
    each 类 = Σ its 款 — by economic code where the table has codes (a layout of four blocks of
    code, name and amount side by side puts several codes on one printed row), else by printed
    order under 类 names (a table of names without codes).
    A table printed unit by unit (Guangdong, Shenzhen) is checked unit by unit: each unit's line
    is its 合计."""
    if len({i["unit_name"] for i in items}) > 1:
        return [r for part in _unit_blocks(items) for r in _economic_one(part)]
    return _economic_one(items)


def _economic_one(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    measures = measures_in_print_order(items)
    entries: dict = {}  # key -> {measure: item}
    anchors: dict = {}
    classes: list = []  # (class code, key)
    children: dict = {}  # class key -> [child keys]
    totals: dict = {}  # category -> key
    ordered = sorted(items, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0))
    if any(i["economic_code"] for i in items):
        # a table of 类 lines only (Zhuhai's 工资和福利支出 … 其他资本性等支出): a line without a
        # code is a 类 of its own
        classes_only = not any(len(i["economic_code"] or "") in (5, 7) for i in items)
        printed_5 = {i["economic_code"] for i in items if len(i["economic_code"] or "") == 5}
        for i in ordered:
            nm = squeezed_name(i["item_name"])
            if i["is_total"] or is_sum_row_name(nm):
                key: tuple = ("T", _total_category(nm))
            elif i["economic_code"] and len(i["economic_code"]) == 3:
                # a 类 printed once per government class (Yantai: 301 under 501, then under 505)
                key = ("K", i["economic_code"], i["row_number"])
            elif i["economic_code"] and (len(i["economic_code"]) == 5 or (
                    len(i["economic_code"]) == 7 and i["economic_code"][:5] not in printed_5)):
                # every printed line is an item: Xi'an prints 30101 基本工资 twice, once per
                # government class (50101, 50501), and 3010201 / 3010202 where 30102 is not printed
                key = ("C", i["economic_code"], i["row_number"])
            elif classes_only and not i["economic_code"]:
                key = ("U", str(i["row_number"]))
            else:
                continue
            entries.setdefault(key, {}).setdefault(i["measure"], i)
            anchors.setdefault(key, i)
        for key in entries:
            if key[0] == "T":
                totals.setdefault(key[1], key)
            elif key[0] == "U":
                classes.append((None, key))
            elif key[0] == "K":
                classes.append((key[1], key))
                children[key] = [k for k in entries if k[0] == "C" and k[1][:3] == key[1]]
                again = sorted(k[2] or 0 for k in entries if k[0] == "K" and k[1] == key[1])
                if len(again) > 1:
                    # printed more than once: its 款 are those from it to its next printing
                    start = key[2] or 0
                    nxt = next((r for r in again if r > start), None)
                    children[key] = [k for k in children[key] if (k[2] or 0) >= start
                                     and (nxt is None or (k[2] or 0) < nxt)]
    else:
        current = None
        for r in printed_rows(items):
            key = ("R", r["row_number"])
            nm = squeezed_name(r["item_name"])
            entries[key] = item_per_measure([i for i in items if i["row_number"] == r["row_number"]])
            anchors[key] = r
            if r["is_total"] or is_sum_row_name(nm):
                totals.setdefault(_total_category(nm), key)
                current = None
                continue
            cls = ECONOMIC_CLASS_NAMES.get(nm)
            if cls:
                classes.append((cls, key))
                children[key] = []
                current = key
            elif current is not None:
                children[current].append(key)

    def item_of(key, m):
        return None if key is None else entries.get(key, {}).get(m)

    for cat, name, wanted in (
            ("all", "economic_total_equals_sum_of_classes", lambda c: True),
            ("personnel", "economic_personnel_total_equals_sum_of_classes",
             lambda c: c in PERSONNEL_CLASSES),
            ("public", "economic_public_funds_total_equals_sum_of_classes",
             lambda c: c not in PERSONNEL_CLASSES)):
        tkey = totals.get(cat)
        if tkey is None or not classes:
            continue
        for m in measures:
            result = identity(name, item_of(tkey, m), [item_of(k, m) for c, k in classes if wanted(c)],
                              anchor=item_with_measure(anchors[tkey], m))
            if result:
                results.append(result)
    for cls, ckey in classes:
        kids = children.get(ckey) or []
        if not kids:
            continue
        for m in measures:
            result = identity("economic_class_equals_sum_of_items", item_of(ckey, m),
                              [item_of(k, m) for k in kids], anchor=item_with_measure(anchors[ckey], m))
            if result:
                result.subject_code = anchors[ckey].get("economic_code") or cls
                results.append(result)
    return results


def check_three_public(items: Sequence[dict]) -> list[CheckResult]:
    """三公: lines are told apart by name, not by printed row — a table whose items are columns
    (a 三公 table with 预算数 and 决算数 blocks of item columns) yields every item on one printed
    row. A table printed unit by unit (Shenzhen) is checked unit by unit."""
    rows = grouped_by(items, "row_number")
    if len(rows) > 1 and all(len({squeezed_name(i["item_name"]) for i in its}) >= 3 for its in rows.values()):
        # items printed as columns, one printed row per unit (or per 预算数/决算数): row by row
        # (Xi'an's department line 116 and its 局机关 116001 both read 西安市财政局)
        return [r for part in rows.values() for r in _three_public_one(part)]
    if len({i["unit_name"] for i in items}) > 1:
        return [r for part in _unit_blocks(items) for r in _three_public_one(part)]
    return _three_public_one(items)


def _three_public_one(items: Sequence[dict]) -> list[CheckResult]:
    results: list[CheckResult] = []
    entries: dict = {}  # normalised item name -> {measure: item}
    for it in sorted(items, key=lambda i: (i["row_number"] or 0, i["col_number"] or 0)):
        entries.setdefault(squeezed_name(it["item_name"]), {}).setdefault(it["measure"], it)
    total = vehicle = purchase = operation = None
    parts: list[str] = []
    for nm, by_m in entries.items():
        is_total = any(i["is_total"] for i in by_m.values())
        if "合计" in nm or "总计" in nm or re.sub(r"[“”\"]", "", nm) == "三公经费":
            total = total or nm  # Guangdong prints the total as a line “三公”经费 under 行政经费
        elif "公务用车购置及运行" in nm or (nm == "小计" and vehicle is None and total is not None):
            # 小计 after the 合计 is the vehicles' subtotal; a 小计 first is the table's total
            vehicle = nm
            parts.append(nm)
        elif ("购置费" in nm or nm.endswith("购置")) and "运行" not in nm:
            purchase = nm
        elif "运行维护费" in nm or "运行费" in nm:
            operation = nm
        elif any(k in nm for k in ("因公出国", "公务接待", "会议费", "培训费")):
            parts.append(nm)
        elif is_total and total is None:
            total = nm
    measures = measures_in_print_order(items)

    def item_of(nm, m):
        return None if nm is None else entries[nm].get(m)

    def anchor(nm, m):
        return item_with_measure(next(iter(entries[nm].values())), m)

    for m in measures:
        if total is not None and (parts or purchase or operation):
            addends = [item_of(p, m) for p in parts]
            if vehicle is None:
                addends += [item_of(purchase, m), item_of(operation, m)]
            r = identity("three_public_total_equals_sum_of_items", item_of(total, m), addends,
                         anchor=anchor(total, m))
            if r:
                results.append(r)
        if vehicle is not None and (purchase is not None or operation is not None):
            r = identity("three_public_vehicle_equals_purchase_plus_operation",
                         item_of(vehicle, m), [item_of(purchase, m), item_of(operation, m)],
                         anchor=anchor(vehicle, m))
            if r:
                results.append(r)
    return results


def _block_checks(items: Sequence[dict], is_head, unit_name: str, total_name: str,
                  nested: bool = False) -> list[CheckResult]:
    """Tables of heads (totals/subtotals) each followed by their lines, in printed order.
    ``nested``: a block's lines may be levels of their own (``_top_lines``)."""
    results: list[CheckResult] = []
    rows = printed_rows(items)
    by_row = grouped_by(items, "row_number")
    heads = [i for i, r in enumerate(rows) if is_head(r)]
    if not heads:
        return results
    blocks = {}
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(rows)
        blocks[h] = [rows[i] for i in range(h + 1, end)]
    # a head with no lines under it is the grand total (printed first or last)
    grand = [h for h in heads if not blocks[h]]
    units = [h for h in heads if blocks[h]]
    if len(heads) == 1 and heads[0] == len(rows) - 1 and heads[0] > 0:
        # only a bottom total: it sums every line above it
        grand, units = heads, []
        blocks[heads[0]] = rows[:heads[0]]
    measures = measures_in_print_order(items)

    def item_of(row, m):
        return item_per_measure(by_row[(row["row_number"],)]).get(m)

    if nested and measures:
        main = "total" if "total" in measures else measures[0]
        for h in units:
            blocks[h] = _top_lines(item_of(rows[h], main), blocks[h],
                                   [item_of(x, main) for x in blocks[h]])
    for h in units:
        for m in measures:
            r = identity(unit_name, item_of(rows[h], m), [item_of(x, m) for x in blocks[h]],
                         anchor=item_with_measure(rows[h], m))
            if r:
                results.append(r)
    for g in grand:
        addend_rows = [rows[h] for h in units] if units else blocks[g]
        if not addend_rows:
            continue
        for m in measures:
            r = identity(total_name, item_of(rows[g], m), [item_of(x, m) for x in addend_rows],
                         anchor=item_with_measure(rows[g], m))
            if r:
                results.append(r)
    return results


def check_units_total(items: Sequence[dict]) -> list[CheckResult]:
    """A table printed unit by unit (a unit's line, then its lines; Shenzhen, Guangzhou, Zhuhai):
    the 合计 (or department) line printed just above the first unit = Σ the units' lines."""
    def is_head(r):
        return bool(r["is_total"] and r["unit_name"] and squeezed_name(r["item_name"]) == squeezed_name(r["unit_name"]))
    rows = printed_rows(items)
    if len(rows) < 3 or not rows[0]["is_total"] or not is_head(rows[1]):
        return []
    units = [r for r in rows[1:] if is_head(r)]
    if len(units) < 2:
        return []
    by_row = grouped_by(items, "row_number")
    results: list[CheckResult] = []
    for m in measures_in_print_order(items):
        r = identity("table_total_equals_sum_of_units",
                     item_per_measure(by_row[(rows[0]["row_number"],)]).get(m),
                     [item_per_measure(by_row[(u["row_number"],)]).get(m) for u in units],
                     anchor=item_with_measure(rows[0], m))
        if r:
            results.append(r)
    return results


def _top_lines(head: Optional[dict], lines: list[dict], items: list[Optional[dict]]) -> list[dict]:
    """The top level of a unit's lines printed in levels without a mark (Xi'an's 项目支出表: 通用项目
    / 专用项目, under each its 一级项目, under each its 二级项目, one column of figures): the
    lines whose figure is the sum of the lines under them down to the next line of their level.
    The lines as printed where they sum flat or no such reading adds up."""
    if head is None or len(lines) < 2:
        return lines
    values = [i["amount"] if i is not None else ZERO for i in items]
    tol = number_tolerance(head) * (len(lines) + 1)
    if abs(head["amount"] - sum(values, ZERO)) <= tol:
        return lines
    memo: dict = {}
    budget = [20000]

    def roots(i: int, end: int, target: Decimal) -> Optional[list[int]]:
        """Lines i..end-1 as trees whose roots sum to target: the roots, or None."""
        key = (i, end, target)
        if key in memo:
            return memo[key]
        budget[0] -= 1
        if budget[0] < 0:
            return None
        found: Optional[list] = None
        if i == end:
            found = [] if abs(target) <= tol else None
        elif target - values[i] >= -tol:
            for j in range(i + 1, end + 1):  # line i heads lines i+1 … j-1
                if j > i + 1 and roots(i + 1, j, values[i]) is None:
                    continue
                rest = roots(j, end, target - values[i])
                if rest is not None:
                    found = [i] + rest
                    break
        memo[key] = found
        return found

    top = roots(0, len(lines), head["amount"])
    return [lines[k] for k in top] if top else lines


def check_project_table(items: Sequence[dict]) -> list[CheckResult]:
    def is_head(r):
        return r["is_total"] or (r["unit_name"] and squeezed_name(r["item_name"]) == squeezed_name(r["unit_name"]))
    return _block_checks(items, is_head, "project_unit_subtotal_equals_sum_of_projects",
                         "project_total_equals_sum_of_units", nested=True)


def check_operating_cost(items: Sequence[dict]) -> list[CheckResult]:
    """机关运行经费 by unit (a table printing 部门合计, then each unit) or by economic class (Jiangsu: 合计,
    商品和服务支出, its items): the latter gets the economic-table identities."""
    if any(i["economic_code"] or squeezed_name(i["item_name"]) in ECONOMIC_CLASS_NAMES for i in items):
        return check_economic(items)

    def is_head(r):
        return r["is_total"] or is_sum_row_name(squeezed_name(r["item_name"]))
    res = _block_checks(items, is_head, "operating_cost_total_equals_sum_of_units",
                        "operating_cost_total_equals_sum_of_units")
    return res


def check_table(items: Sequence[dict]) -> list[CheckResult]:
    """Every within-table identity that applies to one printed table's line items."""
    if not items:
        return []
    kind = items[0]["table_kind"]
    results: list[CheckResult] = []
    two_sided = kind in TWO_SIDED_KINDS or any(i["side"] for i in items)
    if two_sided:
        results += check_two_sided(items)
        for side in ("income", "expenditure"):
            results += check_row_identities([i for i in items if i["side"] == side])
        return results
    if kind in ECONOMIC_KINDS:
        results += check_economic(items)
    elif kind == "three_public":
        results += check_three_public(items)
    elif kind in PROJECT_KINDS:
        results += check_project_table(items)
    elif kind == "operating_cost":
        results += check_operating_cost(items)
    elif kind not in FUNCTION_KINDS_EXCLUDED:
        results += check_function_hierarchy(items)
    if kind not in PROJECT_KINDS and kind not in ("operating_cost", "three_public"):
        results += check_units_total(items)
    results += check_row_identities(items)
    return results
