"""The explanation's statements as data: every figure the 情况说明 states, with its sentence, page,
section, subject (a 类/款/项 or a line such as 基本支出), unit, kind and comparison base.

    read_statements(pages_text) -> list[TextFigure]

Pure: text in, records out. ``sentences`` cuts the explanation part into sentences with pages and
headings, ``figures`` reads each number with its unit and kind and the comparison words,
``subjects`` names what each figure is about. The checks (text against tables, shares, rates,
changes, comparison words) read these records; they decide nothing here.

How a figure finds its subject: the last subject named in the words since the previous figure of
the sentence ("基本支出2538.32万元，占85.66%": the amount names 基本支出, the share inherits it). A
change, share or rate that names none speaks of the sentence's figure before it — or, after an
enumeration ("收入总计2,963.41万元，其中：本年收入…，上年结转…，比上年增加7.79万元"), of the figure
the enumeration splits (收入总计). The words after 占 name a share's base, not its subject.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.model import TextFigure
from extract.statements.figures import (amount_in_wan, base_before, classify_base, measure_of,
                                        read_comparisons, read_figures)
from extract.statements.sentences import Sentence, read_sentences
from extract.statements.subjects import chain_subject, find_subject, subject_names_of

__all__ = ["read_statements", "statements_of_document", "read_sentences", "subject_names_of"]

# a sentence whose first figure names no line but 收入 / 支出 / 收支 states a total: "2026年度…支出预算
# 2963.41万元", "…预算收入2,963.41万元", "收入较去年增加54.13万元", "2026年收支预算35,874.49万元"
_VERB = r"(?:增加|减少|增长|下降|上升|降低)?"
_TOTAL_FALLBACK = [
    ("收入支出总计", re.compile(r"收支(?:总)?(?:预算|决算)(?:总额|为|是|共计)?" + _VERB + "$")),
    ("收入总计", re.compile(r"(?<!基本)(?<!项目)(?:预算|决算)?收入(?:预算|决算)?(?:总额|为|是|共计)?" + _VERB + "$")),
    ("支出总计", re.compile(r"(?<!基本)(?<!项目)(?:预算|决算)?支出(?:预算|决算)?(?:总额|为|是|共计)?" + _VERB + "$")),
]


# "与上年相比", "较上年决算", "比2025年预算数": the base of a change, no subject of it
_BASE_WORDS = re.compile(r"(?:比|较|与|同)(?:上年度?|上一年|去年|\d{4}年度?|年初|全年|调整后?)"
                         r"(?:预算数?|决算数?)?(?:相比|相较|比较|对比)?")


# money the words name that is no subject of the reader's ("单位预留机动经费", "委托业务费"): a figure
# after it is not the subject carried from the figure before
_UNKNOWN_MONEY = re.compile(r"[\u4e00-\u9fff](?:经费|费用|资金|费)(?!用[）)])")


def _fallback_subject(segment: str) -> Optional[str]:
    for name, pattern in _TOTAL_FALLBACK:
        if pattern.search(segment):
            return name
    return None


def _own_words(segment: str, kind: str, cue: str) -> str:
    """The words before a figure that may name its subject: a share's base (占本年支出合计的)
    and a rate's (完成年初预算的) are not its subject."""
    if kind in ("share", "rate") and cue and cue in segment:
        return segment[:segment.rfind(cue)]
    if kind == "change":
        # "比上年预算数增加": the words after 比/较/与 name the base, not the subject
        return _BASE_WORDS.sub("", segment)
    return segment


def read_sentence_figures(sentence: Sentence, subject_names: Optional[dict] = None,
                          carried: Optional[tuple] = None) -> list[TextFigure]:
    """The TextFigures of one sentence (statement_index 0: numbered by the caller)."""
    text = sentence.text
    figures = read_figures(text)
    comparisons = read_comparisons(text)
    out: list[tuple[int, TextFigure]] = []
    last = carried  # (subject, code) of the previous figure
    head = None  # the first amount's subject: what an enumeration after 其中 splits
    enumerated = 0  # amounts after 其中
    prev_end = 0
    for f in figures:
        segment = text[prev_end:f.start]
        own = find_subject(_own_words(segment, f.kind, f.cue), subject_names)
        if own is None and prev_end == 0 and f.kind in ("amount", "change"):
            # the sentence's first figure, its subject named only as 收入/支出: the total
            name = _fallback_subject(_own_words(segment, f.kind, f.cue))
            own = (name, None) if name else None
        if own is not None:
            subject = own
        elif f.kind in ("change", "share", "rate") and head is not None and enumerated > 1 \
                and "其中" in text[:f.start]:
            subject = head
        elif _UNKNOWN_MONEY.search(_own_words(segment, f.kind, f.cue)):
            subject = None  # "单位预留机动经费预算数为3990.4万元": money of no line the reader knows
        else:
            subject = last
        if f.kind == "amount" and "其中" in text[:f.start] and head is not None:
            enumerated += 1
        if head is None and f.kind == "amount":
            head = subject
        compared_to = None
        if f.kind == "change":
            compared_to = base_before(text[:f.start])
        elif f.kind == "rate":
            # "完成年初预算的98.8%"; "完成预算 0 万元的 0%": the base is named before its amount
            clause = re.split(r"[，,；;。：:]", text[:f.start])[-1]
            compared_to = classify_base(f.cue) or classify_base(clause) or \
                base_before(text[:f.start])
        elif f.kind == "share":
            base = find_subject(f.cue)
            compared_to = base[0] if base else None
        tf = TextFigure(
            statement_index=0, page_number=sentence.page_at(f.start), sentence=text,
            section=sentence.section, subsection=sentence.subsection,
            subject=subject[0] if subject else None, subject_code=subject[1] if subject else None,
            figure_kind=f.kind, figure=f.value, figure_as_printed=f.number_text,
            decimals=f.decimals, unit_as_printed=f.unit, amount_wan=amount_in_wan(f.value, f.unit),
            direction=f.direction, compared_to=compared_to,
            measure=measure_of(segment) if f.kind in ("amount", "change") else None)
        out.append((f.start, tf))
        last = subject
        prev_end = f.end
    for c in comparisons:
        before = [tf for start, tf in out if start < c.start]
        own = find_subject(c.left, subject_names)
        subject = own or ((before[-1].subject, before[-1].subject_code) if before else carried)
        out.append((c.start, TextFigure(
            statement_index=0, page_number=sentence.page_at(c.start), sentence=text,
            section=sentence.section, subsection=sentence.subsection,
            subject=subject[0] if subject else None, subject_code=subject[1] if subject else None,
            figure_kind="comparison", comparison=c.normalised, compared_to=c.compared_to,
            measure=measure_of(c.left) if re.search(r"决算|预算|执行", c.left) else None)))
    out.sort(key=lambda pair: pair[0])
    return [tf for _, tf in out]


def read_statements(pages_text: list[str], subject_names: Optional[dict] = None) -> list[TextFigure]:
    """Every statement of the explanation part, numbered in print order.

    ``subject_names`` ((parent code, name) → code, from ``subject_names_of(doc.line_items)``)
    lets a 款 or 项 named in the text find its code; without it only 类 codes are given."""
    out: list[TextFigure] = []
    carried = None
    base = None  # the last change's base: "…与上年相比，收入总计减少…；支出总计减少…" (cut at ；)
    section = subsection = None
    for sentence in read_sentences(pages_text):
        if sentence.section != section:
            section, carried, base = sentence.section, None, None
        if sentence.subsection != subsection:
            # a new sub-heading speaks of what it names ("（二）机关运行经费安排…"), or of nothing
            # carried: "（三）委托业务费安排…" is no 机关运行经费 of the sub-heading before
            subsection = sentence.subsection
            carried = find_subject(subsection, subject_names) if subsection else None
        figures = read_sentence_figures(sentence, subject_names, carried)
        named = chain_subject(sentence.text, subject_names)
        if named and not any(tf.figure is not None for tf in figures):
            # "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…。年初预算为…"
            # (Putuo): the 项 is named in a sentence of its own, the figures follow
            carried = named[:2]
            for tf in figures:
                tf.subject, tf.subject_code = carried
            out.extend(figures)
            continue
        for tf in figures:
            if tf.figure_kind == "change":
                if tf.compared_to is None:
                    tf.compared_to = base
                base = tf.compared_to
        if figures:
            # a sentence ending on money of no known line carries nothing to the next one
            last = figures[-1]
            carried = (last.subject, last.subject_code) if last.subject else None
        out.extend(figures)
    for i, tf in enumerate(out, start=1):
        tf.statement_index = i
    return out


def statements_of_document(doc) -> list[TextFigure]:
    """A parsed document's statements, its own tables naming the 款 and 项 the text names."""
    return read_statements(doc.pages_text, subject_names_of(doc.line_items))
