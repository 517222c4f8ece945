"""The explanation part of a disclosure (第三部分 情况说明) as sentences, each with its page and the
heading it sits under.

Printed sentences wrap across lines, blank lines and pages ("一般公共服务支 / (blank) / 出3.39万元"),
and pages interleave running headers and page numbers ("-11-"), so a sentence is what lies between
two sentence ends (。；; ！？) or headings, with the lines joined and the page furniture dropped.
Whitespace is normalised: none next to a Chinese character or punctuation ("2019 年度总收入 1668.14
万元" → "2019年度总收入1668.14万元"), one space elsewhere.

Parts that state other money or none are left out: 名词解释, 附件, and performance sections (绩效),
whose figures are about projects, not about the tables.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

# "一、…", "（一）…", "(一)…", optionally markdown "### " or bold "<b>"; the TOC variants end in
# leader dots and a page number and are no headings of the text.
_PART = re.compile(r"第\s*[一二三四五六七八九十]\s*部\s*分")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_SUB_HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)])")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,})\s*\d*\s*$|\t\s*\d+\s*$")
_MARKUP = re.compile(r"</?b>|\*\*|^\s*#{1,6}\s*|^\s*-\s+")
_PAGE_FURNITURE = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SENTENCE_END = "。；;！？!?"
_CJK_OR_PUNCT = r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”‘’、，。；：！？（）《》【】]"
_SPACE_BY_CJK = re.compile(rf"\s+(?={_CJK_OR_PUNCT})|(?<={_CJK_OR_PUNCT})\s+")
_HEADING_MAX = 45
_FIGURE_WITH_UNIT = re.compile(r"\d\s*(?:万元|亿元|元|%|％)")


@dataclass(frozen=True)
class Sentence:
    text: str  # the whole sentence, whitespace normalised
    page_number: int  # 1-based page where the sentence begins
    section: Optional[str]  # the top heading (一、…) it sits under, as printed
    subsection: Optional[str]  # the sub-heading （一）… under that heading, if any
    # (offset into text, page) for every page the sentence runs onto: a figure's own page
    page_breaks: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int:
        page = self.page_number
        for start, p in self.page_breaks:
            if offset >= start:
                page = p
        return page


def normalise_space(text: str) -> str:
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = _SPACE_BY_CJK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _clean_line(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def _furniture(pages_text: list[str]) -> set[str]:
    """Running headers and footers: a line printed on at least three pages and on a third of
    them ("长治市屯留区司法局2024年部门预算公开报告")."""
    if len(pages_text) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages_text:
        counts.update({normalise_space(_clean_line(x)) for x in page.splitlines()} - {""})
    floor = max(3, len(pages_text) // 3)
    return {ln for ln, n in counts.items() if n >= floor and not _FIGURE_WITH_UNIT.search(ln)}


def _heading_level(line: str) -> int:
    """1 for 一、…, 2 for （一）…, 0 for a line that is no heading."""
    if len(line) > _HEADING_MAX or _FIGURE_WITH_UNIT.search(line) or "\t" in line:
        return 0
    if line.endswith(("。", "；", "，")):
        return 0
    if _TOP_HEADING.match(line):
        return 1
    if _SUB_HEADING.match(line):
        return 2
    return 0


def _explanation_switch(line: str) -> Optional[bool]:
    """True where the explanation part opens, False where another part opens, None otherwise."""
    if not _PART.search(line) or _TOC_LEADER.search(line):
        return None
    if "名词" in line or "附件" in line or "附表" in line or "报表" in line or "决算表" in line \
            or "预算表" in line or "绩效" in line or "概况" in line:
        return False
    return "说明" in line or "情况" in line


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def heading_number(line: str) -> int:
    """"十一、…" → 11, "三、…" → 3, "（二）…" → 2; 0 when unnumbered."""
    m = re.match(r"^[（(]?([一二三四五六七八九十]+)", line)
    if not m:
        return 0
    text, value = m.group(1), 0
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    else:
        value = _CN_DIGITS.get(text, 0)
    return value


def _lines(pages_text: list[str]) -> list[tuple[int, str, str]]:
    """(page, normalised line, raw line) of every printed line but page furniture."""
    furniture = _furniture(pages_text)
    out = []
    for page_no, page in enumerate(pages_text, start=1):
        for raw in page.splitlines():
            line = normalise_space(_clean_line(raw))
            if line and line not in furniture and not _PAGE_FURNITURE.match(line):
                out.append((page_no, line, raw))
    return out


_TOC_SPAN = 12  # lines: part headings closer than this, with no figure between, are a contents list


def _part_switches(lines: list[tuple[int, str, str]]) -> dict[int, bool]:
    """Line index → True where the explanation part opens, False where another part opens.

    A heading printed alone ("第三部分" / "2026年部门预算情况和重要事项说明", Yantai) is read with
    its next line; headings of a table of contents (several parts within a few lines of one page and
    no figure between them) switch nothing."""
    heads: list[tuple[int, str]] = []
    for i, (_, line, raw) in enumerate(lines):
        if not _PART.search(line) or _TOC_LEADER.search(raw):
            continue
        text = line
        if _PART.fullmatch(line.strip()) and i + 1 < len(lines):
            text = line + lines[i + 1][1]
        heads.append((i, text))

    def figure_between(a: int, b: int) -> bool:
        # a page break separates a contents page from the part it lists
        return lines[a][0] != lines[b][0] or \
            any(_FIGURE_WITH_UNIT.search(lines[k][1]) for k in range(a + 1, b))

    switches: dict[int, bool] = {}
    for n, (i, text) in enumerate(heads):
        near_next = n + 1 < len(heads) and heads[n + 1][0] - i <= _TOC_SPAN \
            and not figure_between(i, heads[n + 1][0])
        near_prev = n > 0 and i - heads[n - 1][0] <= _TOC_SPAN and not figure_between(heads[n - 1][0], i)
        if near_next or near_prev:
            continue
        switch = _explanation_switch(text)
        if switch is not None:
            switches[i] = switch
    return switches


def _skipped_heading(heading: str) -> bool:
    """Sections whose figures are no statements about the tables."""
    return "绩效" in heading or "名词解释" in heading or "附件" in heading


def explanation_lines(pages_text: list[str]) -> Iterable[tuple[int, str, int]]:
    """(page, line, heading level) of every line of the explanation part, furniture dropped.

    The part opens at 第X部分 …说明/情况 and closes at the next other part (名词解释, 附件, tables).
    A document without such a part that still calls itself an explanation (a stand-alone
    explanation file, Kunming's pages: "…预算编制说明") is read whole: its table rows carry no
    figure with a unit, so they state nothing. Other documents (tables only, performance
    targets) state nothing."""
    lines = _lines(pages_text)
    switches = _part_switches(lines)
    if any(switches.values()):
        inside = False
    else:
        # no part heading opens the explanation (Jiangsu's text file lists 第三部分 in its contents
        # only; its body follows 第一部分 部门概况): read from the start up to 名词解释 or the tables
        inside = any(re.search(r"情况说明|编制说明|预算说明|决算说明", line) for _, line, _ in lines)
        switches = {i: v for i, v in switches.items() if "概况" not in lines[i][1]}
    for i, (page_no, line, raw) in enumerate(lines):
        if i in switches:
            inside = switches[i]
            continue
        if not inside or _TOC_LEADER.search(raw):
            continue
        yield page_no, line, _heading_level(line)


def read_sentences(pages_text: list[str]) -> list[Sentence]:
    """The explanation part's sentences in print order."""
    out: list[Sentence] = []
    section: Optional[str] = None
    subsection: Optional[str] = None
    skipping = False
    buf: list[str] = []
    start_page = 0
    breaks: list[tuple[int, int]] = []

    def flush():
        nonlocal buf, breaks
        text = "".join(buf)
        # leading list marks of an item ("1．", "(1)") belong to the layout, not the sentence
        stripped = text.strip()
        if stripped and not skipping:
            lead = len(text) - len(text.lstrip())
            out.append(Sentence(stripped, start_page, section, subsection,
                                tuple((max(0, o - lead), p) for o, p in breaks)))
        buf, breaks = [], []

    skipped_number = 0  # the number of a skipped top section (十、绩效管理情况 → 10)
    for page_no, line, level in explanation_lines(pages_text):
        if level:
            flush()
            number = heading_number(line)
            if level == 1 and skipping and skipped_number and number <= skipped_number:
                continue  # "一、…" of a performance target inside the skipped section
            if level == 1:
                section, subsection = line, None
                skipping = _skipped_heading(line)
                skipped_number = number if skipping else 0
            else:
                subsection = line
                skipping = _skipped_heading(line) or (section is not None and _skipped_heading(section))
            continue
        if "\t" in line:  # a table row inside the text: its own unit, never glued to prose
            flush()
            start_page = page_no
            buf = [line.replace("\t", " ")]
            flush()
            continue
        rest = line
        while rest:
            if not buf:
                start_page = page_no
            elif page_no != (breaks[-1][1] if breaks else start_page):
                breaks.append((len("".join(buf)), page_no))
            cut = next((i for i, ch in enumerate(rest) if ch in _SENTENCE_END), None)
            if cut is None:
                buf.append(rest)
                break
            buf.append(rest[:cut + 1])
            flush()
            rest = rest[cut + 1:].lstrip()
    flush()
    return out
