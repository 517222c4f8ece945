"""The two-sided summary tables (收支总表, 财政拨款收支总表): 收入总计 = 支出总计, the 本年 subtotals
of each side and the grand totals with their carry-over lines (CHECKS.md, family
``table_identities``)."""

from __future__ import annotations

import re
from typing import Sequence

from expectations.line_items import (
    COMPARISON_MEASURES, item_per_measure, grouped_by, is_sum_row_name, measures_in_print_order, squeezed_name, item_with_measure,
    identity)
from expectations.results import CheckResult


_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_LEVEL = re.compile(r"^(\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|其中)")


def _side_lines(lines: list[dict], marker_idx: int) -> list[dict]:
    """The lines printed above a 本年合计 line; where lines are numbered 一、二、… their
    sub-lines (1. 一般公共预算, （一）…, 其中…) are parts of them and are left out."""
    out = [r for r in lines[:marker_idx]
           if not r["is_total"] and not is_sum_row_name(squeezed_name(r["item_name"]))
           and not squeezed_name(r["item_name"]).startswith("其中")]
    listings = grouped_by(out, "col_number")
    if len(listings) > 1:
        # listings printed side by side (Xi'an's 收支总表: 功能分类 | 部门经济分类 | 政府经济分类):
        # each one's levels on their own
        keep = {id(r) for part in listings.values() for r in _side_lines(part, len(part))}
        return [r for r in out if id(r) in keep]
    if any(_TOP_LEVEL.match(squeezed_name(r["item_name"])) for r in out):
        # numbered lines 一、二、…: their sub-lines are parts of them, numbered (1. （一）) or not
        # (Yantai: 一、财政拨款收入 / 一般公共预算收入 / 政府性基金预算收入, then 二、…)
        kept, numbered_seen = [], False
        for r in out:
            nm = squeezed_name(r["item_name"])
            if _TOP_LEVEL.match(nm):
                numbered_seen = True
            elif _SUB_LEVEL.match(nm) or (numbered_seen and not r["subject_code"]):
                continue
            kept.append(r)
        out = kept
    else:
        # an unnumbered heading with numbered parts under it (Shenzhen's 财政拨款收支总表: 财政拨款,
        # 1.一般公共预算拨款, 2.政府性基金预算拨款 …): the parts are in the heading's figure
        kept, parent = [], None
        for r in out:
            if not _SUB_LEVEL.match(squeezed_name(r["item_name"])):
                parent = r
            elif parent is not None:
                continue
            kept.append(r)
        out = kept
    return _arabic_levels(out)


_ARABIC_TOP = re.compile(r"^\d+[、.．](?!\d)")
_PAREN_SUB = re.compile(r"^[（(](\d+)[)）]")


def _arabic_levels(out: list[dict]) -> list[dict]:
    """1、财政拨款 then (1)一般公共预算拨款收入, (2)政府性基金收入 (Xi'an): a (n) line is a part of the
    n、 line above it and counts only where that line printed no figure (its parts stand for it;
    Xi'an's 2020 收支总表 leaves 1、财政拨款 blank, its 2019 one prints it)."""
    names = [squeezed_name(r["item_name"]) for r in out]
    if not (any(_ARABIC_TOP.match(n) for n in names) and any(_PAREN_SUB.match(n) for n in names)):
        return out
    kept, parent_printed, last = [], False, 0
    for r, nm in zip(out, names, strict=True):
        m = _PAREN_SUB.match(nm)
        if m:
            if int(m.group(1)) <= last:
                parent_printed = False  # numbering starts again: under a parent printed blank
            last = int(m.group(1))
            if parent_printed:
                continue
        elif _ARABIC_TOP.match(nm):
            parent_printed, last = True, 0
        kept.append(r)
    return kept


def _between(lines: list[dict], start: int, end: int) -> list[dict]:
    """Lines between 本年合计 and 总计; where a 结转/结余 heading carries an amount, its
    un-labelled breakdown lines (一、一般公共预算 …) are its children and are left out."""
    out: list[dict] = []
    heading_printed = False
    for r in lines[start + 1:end]:
        nm = squeezed_name(r["item_name"])
        if heading_printed and _SUB_LEVEL.match(nm) and not _SUB_LEVEL.match(squeezed_name(out[-1]["item_name"])):
            # 上年结余、结转 then 1.财政拨款结余、结转, 2.非财政拨款结余、结转 (Shenzhen): its parts
            continue
        if "结转" in nm or "结余" in nm or "分配" in nm:
            heading_printed = True
            out.append(r)
        elif not heading_printed and not nm.startswith("其中"):
            out.append(r)
    return out


def _side_entries(items: Sequence[dict]) -> tuple[list[dict], dict]:
    """One entry per printed line of one side, keyed by (row, name): a line's measures share its
    row and name, while a listing printed beside another (Jiangsu's 支出用途 next to 功能分类)
    shares the row but not the name. Returns (representative items in printed order,
    {entry index: {measure: item}})."""
    entries: dict = {}
    for it in sorted(items, key=lambda i: (i["row_number"] is None, i["row_number"] or 0,
                                           i["col_number"] or 0)):
        entries.setdefault((it["row_number"], squeezed_name(it["item_name"])), []).append(it)
    reps = [v[0] for v in entries.values()]
    by_idx = {n: item_per_measure(v) for n, v in enumerate(entries.values())}
    return reps, by_idx


def check_two_sided(items: Sequence[dict]) -> list[CheckResult]:
    """收支总表 / 财政拨款收支总表 identities."""
    results: list[CheckResult] = []
    sides = {s: [i for i in items if i["side"] == s] for s in ("income", "expenditure")}
    info = {}
    for side, its in sides.items():
        lines, by_idx = _side_entries(its)
        cur = grand = None
        names = [squeezed_name(r["item_name"]) for r in lines]
        for idx, nm in enumerate(names):
            if cur is None and ("本年" in nm or "当年" in nm) and ("合计" in nm or "小计" in nm):
                cur = idx  # 本年收入合计 / 本年支出合计 (Jiangsu: 当年收入小计)
            elif "总计" in nm:
                grand = idx
        if grand is None and cur is not None:
            # Jiangsu: 当年收入小计 … 收入合计 (no 总计 row)
            grand = next((i for i in range(cur + 1, len(lines)) if "合计" in names[i]), None)
        info[side] = (lines, by_idx, cur, grand, measures_in_print_order(its))

    def item(side, idx, m):
        if idx is None:
            return None
        return info[side][1][idx].get(m)

    def index_of(side, line):
        return next(n for n, r in enumerate(info[side][0]) if r is line)

    def main_measure(side):
        ms = [m for m in info[side][4] if m not in COMPARISON_MEASURES]
        return "total" if "total" in ms else (ms[0] if ms else None)

    # 收入总计 = 支出总计
    if sides["income"] and sides["expenditure"]:
        gi, ge = info["income"][3], info["expenditure"][3]
        if gi is not None and ge is not None:
            r = identity("income_total_equals_expenditure_total",
                         item("income", gi, main_measure("income")),
                         [item("expenditure", ge, main_measure("expenditure"))],
                         anchor=info["income"][0][gi])
            if r:
                results.append(r)
    for side in ("income", "expenditure"):
        lines, by_idx, cur, grand, measures = info[side]
        if not lines:
            continue
        if cur is not None:
            parts = _side_lines(lines, cur)
            name = "income_current_total_equals_sum_of_lines"
            if side == "expenditure":
                name = "expenditure_current_total_equals_sum_of_classes"
                # the 类 lines, also those under a heading line (Xi'an: 一、部门预算, then
                # 1、一般公共服务支出 …, the other listings beside them)
                classes = [r for r in lines[:cur] if r["subject_code"] and len(r["subject_code"]) == 3
                           and not r["is_total"]]
                class_cols = {r["col_number"] for r in classes}
                others = [r for r in parts if not r["subject_code"] and r["col_number"] not in class_cols]
                for _, listing in sorted(grouped_by(others, "col_number").items(),
                                         key=lambda kv: (kv[0][0] is None, kv[0][0] or 0)):
                    if not classes:
                        break
                    # a second listing beside the 类 (Jiangsu: 基本支出, 项目支出, 单位预留机动经费;
                    # Xi'an: 部门 and 政府 economic classes), each summed on its own
                    for m in measures:
                        r = identity("expenditure_current_total_equals_sum_of_lines",
                                     item(side, cur, m),
                                     [item(side, index_of(side, ln), m) for ln in listing],
                                     anchor=item_with_measure(lines[cur], m))
                        if r:
                            results.append(r)
                parts = classes or parts
            for m in measures:
                r = identity(name, item(side, cur, m),
                             [item(side, index_of(side, ln), m) for ln in parts],
                             anchor=item_with_measure(lines[cur], m))
                if r:
                    results.append(r)
        if cur is not None and grand is not None and grand > cur:
            between = _between(lines, cur, grand)
            name = ("income_grand_total_equals_current_plus_carry_over" if side == "income"
                    else "expenditure_grand_total_equals_current_plus_carry_forward")
            for m in measures:
                addends = [item(side, cur, m)] + [item(side, index_of(side, b), m)
                                                  for b in between]
                r = identity(name, item(side, grand, m), addends,
                             anchor=item_with_measure(lines[grand], m))
                if r:
                    results.append(r)
    return results
