"""A performance evaluation's result, stated in prose: the evaluated programme with its money,
its score and its grade.

Finance bureaus publish what their evaluation groups found as a short report (绩效评价结果, 绩效评价
报告; often scanned, read by OCR): "预算指标安排数 12,542.74万元 … 实际支出数 12,542.74万元，预算执行率
100.00%" and, at the end, "综合评价得分85.38分，评价等级为"良"". Such a report has no indicator table,
so the table readers find nothing; this reader makes the evaluated programme one project of kind
``self_evaluation`` (CONTRACT.md knows two kinds; ``extra["evaluated_by"]`` says when the finance
bureau's group, not the unit itself, evaluated it). Only figures stated of the programme as a whole
are read: the first budget and spending figures of the document (sub-projects follow them).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from extract.model import Document, PerformanceProject

_TITLE_RE = re.compile(r"^(?P<subject>.*?)(?:绩效评价(?:结果|报告)|绩效评价结果报告)$")
_YEAR_UNIT_RE = re.compile(r"^(?:19|20)\d{2}年度?(?P<unit>.+)$")
_UNIT_END_RE = re.compile(r"(?:局|委员会|委|办公室|办|厅|院|所|中心|支队|大队|队|站|馆|会|部|处|校|学院)$")
_MONEY = r"([0-9][0-9,]*(?:\.[0-9]+)?)万元"
_BUDGET_RE = re.compile(r"(?:预算指标安排数|年初预算|预算批复金额|预算安排|评价项目金额)(?:为|数|是|：|:)?" + _MONEY)
_ADJUSTED_RE = re.compile(r"调整后(?:的)?(?:项目)?预算(?:为|数)?" + _MONEY)
_SPENT_RE = re.compile(r"实际(?:支出|执行)(?:数|金额)?(?:为|是)?" + _MONEY)
_RATE_RE = re.compile(r"预算执行率(?:为|达到?)?([0-9]+(?:\.[0-9]+)?)[%％]")
_SCORE_RE = re.compile(r"(?:综合|最终|总体)?(?:评价)?(?:得分|评分)(?:为|是)?([0-9]+(?:\.[0-9]+)?)分")
_GRADE_RE = re.compile(r"评价(?:等级|级次|结果)(?:为|是|：|:)?[“\"'「『]?(优秀|良好|合格|不合格|优|良|中|差)")
_BY_FINANCE_RE = re.compile(r"财政局?(?:绩效)?评价工作组|财政局组织|财政局委托")


def _flat(text: str) -> str:
    """Prose without its line breaks and the spaces OCR and letter-spacing put between words."""
    return re.sub(r"\s+", "", text)


def _decimal(s: str) -> Optional[Decimal]:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def _title(doc: Document) -> tuple[Optional[str], Optional[str], int]:
    """(the evaluated programme as titled, the unit named above the title, the title's page)."""
    for page_no, page in enumerate(doc.pages_text[:3], start=1):
        lines = [_flat(ln) for ln in page.splitlines()]
        lines = [ln for ln in lines if ln]
        for k, ln in enumerate(lines[:12]):
            m = _TITLE_RE.match(ln)
            if not m or len(ln) > 60:
                continue
            subject = m.group("subject").rstrip("的")
            unit = None
            if k > 0:
                above = _YEAR_UNIT_RE.match(lines[k - 1])
                if above and _UNIT_END_RE.search(above.group("unit")):
                    unit = above.group("unit")
                    subject = lines[k - 1] + subject
            if subject and not re.fullmatch(r"(?:.{0,6}市)?财政项目支出", subject):
                return subject, unit, page_no
    return None, None, 1


def read_evaluation_result(doc: Document) -> list[PerformanceProject]:
    """The evaluated programme of an evaluation report, or nothing when the document states no
    score (a target table, a budget)."""
    text = _flat("\n".join(doc.pages_text))
    score = _SCORE_RE.search(text)
    grade = _GRADE_RE.search(text)
    if not score and not grade:
        return []
    subject, unit, page = _title(doc)
    named = re.search(r"评价项目名称[：:](.+?)评价项目单位", text)
    if named:
        subject = named.group(1).rstrip("绩效评价")
    if not subject:
        return []
    unit = unit or doc.unit_name
    if unit is None:
        by = re.search(r"对(.{4,30}?)(?:（以下简称|\(以下简称|的)", text)
        if by and _UNIT_END_RE.search(by.group(1)):
            unit = by.group(1)
    p = PerformanceProject(project_key=f"{unit or ''}|{subject}", project_name=subject,
                           page_number=page, kind="self_evaluation", unit_name=unit)
    budget = _BUDGET_RE.search(text)
    spent = _SPENT_RE.search(text)
    if budget:
        p.annual_amount_wan = _decimal(budget.group(1))
    if spent:
        p.executed_amount_wan = _decimal(spent.group(1))
        # the programme's own rate: stated in the sentence of its spending, not a sub-project's
        sentence = text[spent.end():].split("。", 1)[0]
        rate = _RATE_RE.search(sentence)
        if rate:
            p.execution_rate = _decimal(rate.group(1))
    adjusted = _ADJUSTED_RE.search(text)
    if adjusted:
        p.extra["调整后预算"] = adjusted.group(1) + "万元"
    if score:
        p.total_score = _decimal(score.group(1))
    if grade:
        p.grade = grade.group(1)
    if _BY_FINANCE_RE.search(text):
        p.extra["evaluated_by"] = "finance bureau evaluation group (财政局评价工作组)"
    return [p]
