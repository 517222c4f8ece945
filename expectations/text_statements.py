"""The text checks on the explanation's statements (``marts.fct_text_figure``, issue 15).

Each statement the reader read (extract/statements/) is checked two ways:

- against its table: an amount naming a line (收入总计, 本年支出合计, 财政拨款收入支出总计, 一般公共预算
  支出 or a 类/款/项 by its code, 基本支出/项目支出, 人员经费/公用经费, 三公 and its items, 机关运行经费)
  equals that line of the document's own tables. A name can be printed by more than one table
  (基本支出 in 支出总表 and 一般公共预算支出表; a 类 in 收支总表 and 一般公共预算支出表): the statement
  holds when it equals any of them, and fails when it equals none — so a text that scopes a figure
  like another of its tables is no finding, and a figure no table prints is one.
- against its own arithmetic: a share (占X%) against its amount and the amount it is a share of;
  a completion rate (完成X%) against the budget and final amounts it names; a change in 万元 against
  the change in % of the same subject; 大于/小于/等于 against the two figures; a rate stated over a
  base of 0 is no rate.

A statement none of these apply to (a count, a change on last year without the rate beside it,
a subject no table prints) yields no result: the cross-document family checks changes on last
year against last year's document.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Optional, cast

from expectations.results import ERROR, FAIL, PASS, WARNING, CheckResult, judge, tolerance
from extract.statements.subjects import find_subject

HUNDRED = Decimal(100)

DESCRIPTIONS = {
    "text_amount_equals_table": "an amount the text states equals its table's figure",
    "text_share_equals_its_figures": "a share (占X%) equals its amount over the amount it is a "
                                     "share of",
    "text_rate_equals_its_figures": "a completion rate (完成X%) equals the final amount over the "
                                    "budget amount",
    "text_rate_base_not_zero": "a rate is not stated over a base of 0",
    "text_change_amount_agrees_with_change_rate": "a change in 万元 (比上年增加X万元) and its rate "
                                                  "(增长Y%) agree with the amount stated now",
    "text_comparison_word_agrees_with_figures": "大于/小于/等于 agree with the two figures compared",
    "text_level_word_agrees_with_figures": "持平 (level) agrees with the two figures compared",
    "text_change_direction_agrees": "a change in 万元 and its rate go the same way (增加 with 增长)",
}
SEVERITIES = {name: ERROR for name in DESCRIPTIONS}
# 持平 is said of figures that differ a little ("基本持平"): the document may be right
SEVERITIES["text_level_word_agrees_with_figures"] = WARNING
# last year's figure a change rate is over is printed nowhere in the document: the change in 万元
# and the rate may be stated against different prior figures (上年预算 / 上年执行数), so the
# document may be right; the cross-document family checks both against last year's document
SEVERITIES["text_change_amount_agrees_with_change_rate"] = WARNING


def _name(text) -> str:
    return re.sub(r"\s|（[类款项]）|\([类款项]\)|[“”\"]", "", text or "")


def _strip_numbering(text: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])", "", text)


# ----------------------------------------------------------------------------- table lines

def _rows(items, kind, measures, names=None, side=None, total_only=True):
    out = []
    for li in items:
        if li.get("table_kind") != kind or li.get("measure") not in measures:
            continue
        if side and li.get("side") != side:
            continue
        name = _strip_numbering(_name(li.get("item_name")))
        if names is not None:
            if name in names:
                out.append(li)
        elif total_only and li.get("is_total") and not li.get("subject_code") \
                and not li.get("economic_code") and "人员经费" not in name \
                and "公用经费" not in name and "单位" not in name:
            out.append(li)
    return out


_THREE_PUBLIC_ITEMS = {
    "因公出国（境）费": {"因公出国（境）费", "因公出国(境)费", "因公出国费"},
    "公务接待费": {"公务接待费"},
    "公务用车购置及运行费": {"公务用车购置及运行费", "公务用车购置及运行维护费"},
    "公务用车购置费": {"购置费", "公务用车购置费"},
    "公务用车运行费": {"运行维护费", "运行费", "公务用车运行维护费", "公务用车运行费"},
}


def _measures_for(fig: dict, doc_type: Optional[str]) -> tuple[str, ...]:
    """The measures a stated amount may be: a final account's 年初预算 is its `budget` column,
    its 决算 the `final` or only column."""
    if fig.get("measure") == "budget" and doc_type == "final_account":
        return ("budget",)
    if fig.get("measure") == "final" or doc_type == "final_account":
        return ("final", "total")
    return ("budget", "total")


def table_lines(fig: dict, items: list[dict], doc_type: Optional[str]) -> list[dict]:
    """The table lines the statement's subject names (empty when no table prints it)."""
    subject = _name(fig.get("subject"))
    code = fig.get("subject_code")
    measures = _measures_for(fig, doc_type)
    if code:
        return [li for li in items if li.get("subject_code") == code
                # a 类's 基本/项目 part where the section speaks of one ("项目支出…公共安全支出…")
                and li.get("measure") in (measures if measures == ("budget",)
                                          else measures + ("basic", "project"))
                and li.get("table_kind") in ("general_budget_expenditure", "fiscal_summary",
                                             "income_expenditure_summary",
                                             "expenditure_summary")]
    if not subject:
        return []
    ies, fs = "income_expenditure_summary", "fiscal_summary"
    if subject.startswith("财政拨款"):
        rest = subject[len("财政拨款"):]
        side = {"收入总计": "income", "支出总计": "expenditure"}.get(rest)
        if rest in ("收入支出总计", "收支总计", "收入总计", "支出总计"):
            return _rows(items, fs, measures, {"收入总计", "支出总计", "总计", "收支总计"}, side)
        return []
    if subject in ("收入总计", "支出总计", "收入支出总计"):
        side = {"收入总计": "income", "支出总计": "expenditure"}.get(subject)
        return _rows(items, ies, measures, {"收入总计", "支出总计", "总计", "收支总计"}, side)
    if subject in ("本年收入合计", "本年支出合计"):
        side = "income" if "收入" in subject else "expenditure"
        return (_rows(items, ies, measures, {subject}, side)
                + _rows(items, fs, measures, {subject}, side))
    if subject in ("一般公共预算财政拨款支出", "一般公共预算支出"):
        return _rows(items, "general_budget_expenditure", measures)
    if subject in ("基本支出", "项目支出"):
        m = "basic" if subject == "基本支出" else "project"
        lines = (_rows(items, "expenditure_summary", (m,))
                 + _rows(items, "general_budget_expenditure", (m,)))
        if subject == "基本支出":
            lines += _rows(items, "basic_expenditure_economic", ("total",))
        return lines
    if subject in ("人员经费", "公用经费"):
        m = "personnel" if subject == "人员经费" else "public_funds"
        return (_rows(items, "basic_expenditure_economic", (m,))
                + _rows(items, "basic_expenditure_economic", ("total",),
                        {subject, subject + "合计"}))
    if subject in ("三公经费", "三公经费支出", "三公经费财政拨款支出"):
        return (_rows(items, "three_public", measures + ("general_budget",),
                      {"合计", "总计", "三公经费合计"})
                # Xi'an's 三公及会议费、培训费 table: "一般公共预算拨款安排的“三公”经费预算"
                + [li for li in items if li.get("table_kind") == "three_public"
                                and li.get("measure") in measures
                                and "三公经费" in _name(li.get("item_name"))]
                + _three_items_sum(items, measures + ("general_budget",)))
    for item, names in _THREE_PUBLIC_ITEMS.items():
        if subject == item or subject in names - {"购置费", "运行维护费", "运行费"}:
            return _rows(items, "three_public", measures + ("general_budget",), names)
    if subject == "机关运行经费":
        return (_rows(items, "operating_cost", measures + ("general_budget",))
                + [li for li in items if li.get("table_kind") == "disclosure_statistics"
                   and "机关运行经费" in _name(li.get("item_name"))
                   and li.get("measure") in measures])
    return []


def in_reason_clause(fig: dict) -> bool:
    """A figure in the sentence's reason clause ("主要原因是：…购置两辆执法执勤车32.68万元") is
    money of the reason, not the subject's figure."""
    sentence, printed = fig.get("sentence") or "", fig.get("figure_as_printed") or ""
    cut = sentence.find("原因")
    return cut >= 0 and bool(printed) and sentence.find(printed, cut) >= 0 \
        and sentence.find(printed) > cut


_TOTAL_WORDS = {"收入总计": ("收入总", "总收入"), "支出总计": ("支出总", "总支出"),
                "三公经费": ("三公",)}


def _own_segments(fig: dict) -> list[str]:
    """The words between the number before the figure and the figure, for each place the
    sentence prints the figure ("收入总计2,963.41万元，支出总计2,963.41万元": two)."""
    sentence, printed = fig.get("sentence") or "", fig.get("figure_as_printed") or ""
    unit = fig.get("unit_as_printed") or ""
    if not printed:
        return []
    out = []
    for m in re.finditer(r"(?<![0-9.,])" + re.escape(printed) + r"\s*" + re.escape(unit),
                         sentence):
        before = sentence[:m.start()]
        numbers = list(re.finditer(r"[0-9][0-9,.]*\s*(?:万元|亿元|元|%|％)", before))
        out.append(before[numbers[-1].end():] if numbers else before)
    return out


# the words of a figure that names no subject of its own: "年初预算为", "，支出决算为"
_MEASURE_ONLY = re.compile(r"^[，,。；;：:、\s]*(?:其中)?[：:]?(?:\d{4}年度?)?(?:年初|全年|调整后?)?"
                           r"(?:支出)?(?:预算|决算)(?:数|支出)?(?:为|是)?$")


def _carried_named_line(fig: dict) -> bool:
    """A 款 or 项 the text names in a sentence or heading of its own, its figures following in
    sentences that name nothing else ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。
    …年初预算为85.55万元，支出决算为84.65万元。" — Putuo, Xi'an): the figure is that line's."""
    code = fig.get("subject_code") or ""
    if len(code) not in (5, 7):
        return False
    if find_subject(fig.get("sentence") or "") is not None:
        return False
    segments = _own_segments(fig)
    return bool(segments) and all(_MEASURE_ONLY.match(seg) for seg in segments)


def named_in_own_words(fig: dict) -> bool:
    """The statement's subject is named in the figure's own words: a subject carried over from
    an earlier sentence or figure ("（二）项目支出：…417.41万元" read under 一般公共服务支出;
    "（2082602）30000万元" under 一般公共预算支出) is not compared with a table, and neither is a
    类 figure whose words go on to name a 款 or 项 ("公共安全支出（204类）司法（06款）基层司法业务
    （04项）2170.39万元")."""
    return any(_names_subject(fig, segment) for segment in _own_segments(fig)) \
        or _carried_named_line(fig)


def _names_subject(fig: dict, segment: str) -> bool:
    words = _name(segment)
    subject = _name(fig.get("subject"))
    code = fig.get("subject_code") or ""
    other_codes = set(re.findall(r"[（(](\d{3,7})[）)]", fig.get("sentence") or "")) - {code}
    if other_codes:
        return False  # the sentence names a line by a code of its own (Xi'an: "（2089999）")
    if subject in ("收入总计", "支出总计", "本年收入合计", "本年支出合计") and "财政拨款" in words:
        return False
    if subject in ("人员经费", "公用经费") and "基本支出" not in (fig.get("section") or ""):
        return False
    if code:
        level_words = {3: r"款|项", 5: r"项"}.get(len(code))
        if level_words and re.search(level_words, segment.split(subject[:4])[-1] if subject else
                                     segment):
            return False
        return bool(subject and subject[:4] in words) or code in segment
    if not subject:
        return False
    return subject in words or any(w in words for w in _TOTAL_WORDS.get(subject, ()))


def line_amount(li: dict) -> Optional[Decimal]:
    """A line item's amount in 万元 (normalised items carry it as ``amount``)."""
    value = li.get("amount", li.get("amount_wan"))
    return None if value is None else Decimal(value)


def known_line_amount(li: dict) -> Decimal:
    """``line_amount`` of a line kept for having one (typed as a Decimal, not Optional)."""
    return cast(Decimal, line_amount(li))


def _three_items_sum(items: list[dict], measures) -> list[dict]:
    """三公 as its three items where the table's 合计 adds more (Xi'an's and Jiangsu's add 会议费
    and 培训费): one line per measure, the sum of 因公出国（境）费, 公务接待费 and 公务用车购置及运行费."""
    out = []
    names = (_THREE_PUBLIC_ITEMS["因公出国（境）费"] | _THREE_PUBLIC_ITEMS["公务接待费"]
             | _THREE_PUBLIC_ITEMS["公务用车购置及运行费"])
    for measure in measures:
        rows = _rows(items, "three_public", (measure,), names)
        if len({_name(r.get("item_name")) for r in rows}) == 3 and len(rows) == 3:
            total = sum((line_amount(r) or Decimal(0)) for r in rows)
            out.append({**rows[0], "item_name": "三公（三项之和）", "amount": total,
                        "decimals": max(int(r.get("decimals") or 2) for r in rows)})
    return out


def printed_precision(li: dict) -> tuple:
    """How a table's line item is printed, for ``tolerance``: (decimals, unit), 2 decimals when
    the item does not say."""
    return int(li.get("decimals") or 2), li.get("unit_as_printed")


def stated_precision(fig: dict) -> tuple:
    """How the text prints a figure, for ``tolerance``: (decimals, unit), 0 decimals and 万元 when
    the figure does not say."""
    return int(fig.get("decimals") or 0), fig.get("unit_as_printed") or "万元"


def figure_money(fig: dict) -> Optional[Decimal]:
    """The amount a text figure states, in 万元; None when it states none (a percent, a count)."""
    v = fig.get("amount_wan")
    return None if v is None else Decimal(v)


def _known_figure_money(fig: dict) -> Decimal:
    """``figure_money`` of a figure known to state an amount (an amount figure, or one checked)."""
    return cast(Decimal, figure_money(fig))


def _result(fig, check, description, expected, actual, tol, line=None) -> CheckResult:
    diff = None if expected is None or actual is None else actual - expected
    if check == "text_rate_base_not_zero":
        diff = None  # a rate and its base are no two sides of an identity: status set by caller
    status = FAIL if diff is None else judge(diff, tol)
    return CheckResult(
        document_id=fig["document_id"], check_name=check,
        description=f"{description} — p{fig.get('page_number')}: “{fig.get('sentence')}”",
        severity=SEVERITIES[check], status=status,
        table_kind=line.get("table_kind") if line else None, page_number=fig.get("page_number"),
        subject_code=fig.get("subject_code"), item_name=fig.get("subject"),
        expected=expected, actual=actual, difference=diff, tolerance=tol,
        table_id=line.get("table_id") if line else None,
        measure=line.get("measure") if line else fig.get("measure"))


# ----------------------------------------------------------------------------- against tables

def check_amounts(figs: list[dict], items: list[dict], doc_type) -> list[CheckResult]:
    out = []
    seen = set()
    for fig in figs:
        stated = figure_money(fig)
        if "绩效" in (fig.get("section") or "") + (fig.get("sentence") or ""):
            continue  # performance sections speak of projects' money, not the tables' lines
        if fig.get("figure_kind") != "amount" or stated is None or in_reason_clause(fig) \
                or not named_in_own_words(fig):
            continue
        lines = [li for li in table_lines(fig, items, doc_type) if line_amount(li) is not None]
        if not lines:
            continue
        key = (fig.get("subject"), fig.get("subject_code"), stated, fig.get("page_number"))
        if key in seen:
            continue
        seen.add(key)
        best = min(lines, key=lambda li: abs(known_line_amount(li) - stated))
        table = known_line_amount(best)
        tol = tolerance(stated_precision(fig), printed_precision(best))
        out.append(_result(
            fig, "text_amount_equals_table",
            f"the text states {fig.get('subject')} {fig.get('figure_as_printed')}"
            f"{fig.get('unit_as_printed')}; the {best.get('table_kind')} table prints "
            f"{table.normalize():f}万元 (page {best.get('page_number')})",
            table, stated, tol, best))
    return out


# ----------------------------------------------------------------------------- own arithmetic

def _sentences(figs: list[dict]) -> list[list[dict]]:
    """The document's statements grouped by sentence, in order."""
    out: list[list[dict]] = []
    for fig in figs:
        if out and out[-1][0].get("sentence") == fig.get("sentence") \
                and out[-1][0].get("page_number") == fig.get("page_number"):
            out[-1].append(fig)
        else:
            out.append([fig])
    return out


def _amounts(figs: Iterable[dict]) -> list[dict]:
    return [f for f in figs if f.get("figure_kind") == "amount" and f.get("amount_wan") is not None]


def same_subject(a: dict, b: dict) -> bool:
    """Two text figures speak of the same subject: the same subject code where both have one,
    else the same subject name (white space ignored)."""
    if a.get("subject_code") and b.get("subject_code"):
        return a["subject_code"] == b["subject_code"]
    return _name(a.get("subject")) == _name(b.get("subject"))


def _share_tolerance(pct: dict, part: dict, base: dict, a: Decimal, b: Decimal) -> Decimal:
    da, db = tolerance(stated_precision(part)), tolerance(stated_precision(base))
    return tolerance(stated_precision(pct)) + HUNDRED * (da / abs(b) + abs(a) * db / (b * b))


def check_shares(sentences: list[list[dict]], section_of) -> list[CheckResult]:
    """占X%: its amount is the sentence's last amount of the same subject before it; what it is a
    share of is an amount before it in the sentence and the amount its base words name (占“三公”
    经费的…), or where it names none, the section's first amount or one of the four amounts stated
    just before its sentence. The share holds when one of these gives it."""
    out = []
    for sentence in sentences:
        for i, fig in enumerate(sentence):
            if fig.get("figure_kind") != "share" or fig.get("figure") is None:
                continue
            before = _amounts(sentence[:i])
            parts = [f for f in before if same_subject(f, fig)]
            if not parts:
                continue
            part = parts[-1]
            stated, a = Decimal(fig["figure"]), _known_figure_money(part)
            section = _amounts(section_of(fig))
            bases = [f for f in before if f is not part]
            # the section's first amount, and the amounts of the clauses just before (a sentence
            # is cut at "；": "本年支出2,959.05万元，其中：基本支出…，占86.25%；项目支出406.98万元，占13.75%")
            earlier = [f for f in section
                       if (f.get("statement_index") or 0) < (fig.get("statement_index") or 0)]
            if fig.get("compared_to"):  # 占“三公”经费的19.1%: that amount or none (never a guess)
                bases += [f for f in section if _name(f.get("subject")) == _name(fig["compared_to"])]
            else:
                bases += section[:1] + earlier[-4:]
            bases = [b for b in bases if b is not part and figure_money(b) and _known_figure_money(b) >= a]
            if not bases:
                continue
            if a == 0 and stated == 0:
                continue  # nothing of nothing: no share to check
            tried = []
            for base in bases:
                b = _known_figure_money(base)
                actual = a / b * HUNDRED
                tried.append((abs(actual - stated) - _share_tolerance(fig, part, base, a, b),
                              base, actual))
            _, base, actual = min(tried, key=lambda t: t[0])
            tol = _share_tolerance(fig, part, base, a, _known_figure_money(base))
            out.append(_result(
                fig, "text_share_equals_its_figures",
                f"the text states {fig.get('subject')} {part.get('figure_as_printed')}万元 is "
                f"{fig.get('figure_as_printed')}% of {base.get('subject')} "
                f"{base.get('figure_as_printed')}万元: {actual.quantize(Decimal('0.01'))}%",
                actual, stated, tol))
    return out


_BUDGET_BASES = ("年初预算", "全年预算", "预算数", "调整预算")


def _budget_and_final(fig: dict, earlier: list[dict]) -> tuple[Optional[dict], Optional[dict]]:
    """The last budget and final amounts before ``fig`` of its subject (any subject when the
    statement names none), within its section."""
    budget = final = None
    for f in reversed(_amounts(earlier)):
        if fig.get("subject") and not same_subject(f, fig):
            continue
        if f.get("measure") == "budget" and budget is None:
            budget = f
        elif f.get("measure") == "final" and final is None:
            final = f
        if budget and final:
            break
    return budget, final


def check_rates(figs: list[dict], section_of) -> list[CheckResult]:
    """完成X%: final over budget; a rate over a budget of 0 is no rate."""
    out = []
    for fig in figs:
        if fig.get("figure_kind") != "rate" or fig.get("figure") is None \
                or fig.get("compared_to") not in _BUDGET_BASES:
            continue
        earlier = [f for f in section_of(fig) if f["statement_index"] < fig["statement_index"]]
        budget, final = _budget_and_final(fig, earlier)
        if budget is None:
            continue
        stated, b = Decimal(fig["figure"]), _known_figure_money(budget)
        if b == 0:
            out.append(_result(fig, "text_rate_base_not_zero",
                               f"the text states a rate of {fig.get('figure_as_printed')}% over "
                               f"a budget of {budget.get('figure_as_printed')}万元: no rate",
                               stated, b, Decimal(0)))
            out[-1].status = FAIL
            continue
        out.append(_result(fig, "text_rate_base_not_zero",
                           f"the rate's budget is {budget.get('figure_as_printed')}万元",
                           stated, b, Decimal(0)))
        out[-1].status = PASS
        if final is None:
            continue
        a = _known_figure_money(final)
        actual = a / b * HUNDRED
        tol = _share_tolerance(fig, final, budget, a, b)
        out.append(_result(
            fig, "text_rate_equals_its_figures",
            f"the text states {final.get('figure_as_printed')} of "
            f"{budget.get('figure_as_printed')}万元 is {fig.get('figure_as_printed')}%: "
            f"{actual.quantize(Decimal('0.01'))}%", actual, stated, tol))
    return out


def check_changes(sentences: list[list[dict]], section_of, doc_type) -> list[CheckResult]:
    """比上年增加X万元，增长Y%: with the amount stated now C, last year's is C − X and Y = X over it;
    a rate over a last year of 0 is no rate."""
    out = []
    for sentence in sentences:
        for i, fig in enumerate(sentence):
            if fig.get("figure_kind") != "change" or fig.get("unit_as_printed") != "%" \
                    or fig.get("figure") is None or i == 0:
                continue
            money = sentence[i - 1]
            if money.get("figure_kind") != "change" or figure_money(money) is None \
                    or not same_subject(money, fig):
                continue
            earlier = [f for f in _amounts(section_of(fig))
                       if f["statement_index"] < money["statement_index"] and same_subject(f, fig)]
            want = "final" if doc_type == "final_account" else "budget"
            earlier = [f for f in earlier if f.get("measure") in (want, None)]
            if not earlier:
                continue
            now = earlier[-1]
            c, x = _known_figure_money(now), _known_figure_money(money)
            signed = x if money.get("direction") != "-" else -x
            prior = c - signed
            stated = Decimal(fig["figure"])
            if fig.get("direction") and money.get("direction") \
                    and fig["direction"] != money["direction"]:
                out.append(_result(fig, "text_change_direction_agrees",
                                   f"the text states a change of {money.get('figure_as_printed')}"
                                   f"万元 one way and {fig.get('figure_as_printed')}% the other",
                                   signed, -stated if fig["direction"] == "-" else stated,
                                   Decimal(0)))
                out[-1].status = FAIL
                continue
            if prior == 0 and x != 0:
                # "比年初预算数增加1668.14万元，增长0%；…去年预算数为0，因此增长率为0%" (Foshan p26):
                # whatever it says, a rate over 0 is none
                out.append(_result(fig, "text_rate_base_not_zero",
                                   f"the text states a change of {fig.get('figure_as_printed')}"
                                   f"% over last year's {prior.normalize():f}万元 "
                                   f"({now.get('subject')} {now.get('figure_as_printed')}万元 "
                                   f"less {money.get('figure_as_printed')}万元): no rate",
                                   stated, prior, Decimal(0)))
                out[-1].status = FAIL
                continue
            if prior == 0:
                continue  # nothing changed from nothing: no rate to check
            actual = abs(x / prior * HUNDRED)
            dprior = tolerance(stated_precision(now), stated_precision(money))
            tol = tolerance(stated_precision(fig)) + HUNDRED * (
                tolerance(stated_precision(money)) / abs(prior) + abs(x) * dprior / (prior * prior))
            out.append(_result(
                fig, "text_change_amount_agrees_with_change_rate",
                f"the text states {now.get('subject')} {now.get('figure_as_printed')}万元, a "
                f"change of {money.get('figure_as_printed')}万元 and of "
                f"{fig.get('figure_as_printed')}%: {actual.quantize(Decimal('0.01'))}% of "
                f"{prior.normalize():f}万元", actual, stated, tol))
    return out


def check_comparisons(figs: list[dict], section_of) -> list[CheckResult]:
    """决算数大于/小于/等于预算数 against the two amounts before it."""
    out = []
    for fig in figs:
        word = fig.get("comparison")
        if fig.get("figure_kind") != "comparison" or fig.get("compared_to") not in _BUDGET_BASES:
            continue
        earlier = [f for f in section_of(fig) if f["statement_index"] < fig["statement_index"]
                   and f.get("subsection") == fig.get("subsection")]
        budget, final = _budget_and_final(fig, earlier)
        if budget is None or final is None:
            continue
        b, a = _known_figure_money(budget), _known_figure_money(final)
        tol = tolerance(stated_precision(budget), stated_precision(final))
        diff = a - b
        if word == "大于":
            holds = diff > 0
        elif word == "小于":
            holds = diff < 0
        elif word in ("等于", "持平"):
            holds = abs(diff) <= tol
        else:
            continue
        check = ("text_level_word_agrees_with_figures" if word == "持平"
                 else "text_comparison_word_agrees_with_figures")
        out.append(_result(fig, check,
                           f"the text says the final amount {final.get('figure_as_printed')}万元 is "
                           f"{word} the budget {budget.get('figure_as_printed')}万元",
                           b, a, tol))
        out[-1].status = PASS if holds else FAIL
    return out


# ----------------------------------------------------------------------------- the family

def check_document(figs: list[dict], items: list[dict], doc_type) -> list[CheckResult]:
    figs = sorted(figs, key=lambda f: f.get("statement_index") or 0)
    by_section: dict = {}
    for f in figs:
        by_section.setdefault(f.get("section"), []).append(f)

    def section_of(fig):
        return by_section.get(fig.get("section"), [])

    sentences = _sentences(figs)
    return (check_amounts(figs, items, doc_type) + check_shares(sentences, section_of)
            + check_rates(figs, section_of) + check_changes(sentences, section_of, doc_type)
            + check_comparisons(figs, section_of))


def check_documents(reader, document_ids) -> list[CheckResult]:
    """The text checks of ``document_ids`` that have statements."""
    by_doc: dict = {}
    for f in reader.text_figures:
        by_doc.setdefault(f.get("document_id"), []).append(f)
    out: list[CheckResult] = []
    for doc in document_ids:
        if by_doc.get(doc):
            out += check_document(by_doc[doc], reader.normalised_by_document.get(doc, []),
                                  reader.doc_types.get(doc))
    return out
