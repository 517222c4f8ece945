"""Document metadata from the printed text: unit, fiscal year, document type, scope, title.

``fill_metadata(doc)`` reads ``doc.pages_text`` (cover, contents, first pages) and the tables'
titles and ``unit_name``; it fills only fields that are still ``None``, so a reader (or an
override) may set some of them first. Pure: it reads what is printed ("溧平县司法局" stays as
printed; correcting OCR errors is another module's job).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from extract.model import Document
from extract.textnorm import strip_markdown, undouble

_UNIT_SUFFIX = (r"(?:局|委员会|委|办公室|办|院|中心|所|厅|部|会|处|站|队|馆|校|学校|政府|街道办事处|"
                r"街道|镇|乡|总工会|联合会|协会|研究院|医院|公司|署|监狱|支队|大队|法院|检察院)")
# "西安市财政局（汇总）", "深圳市司法局（本级）": the department itself, said to be consolidated or
# without its units; the words in brackets are no part of its name.
_SCOPE_NOTE = r"[（(](?:本级|汇总|部门汇总|合并|本部|机关本级)[）)]"
_UNIT_LINE_RE = re.compile(rf"^[\u3400-\u9fff（）()]{{2,30}}{_UNIT_SUFFIX}(?:本级|{_SCOPE_NOTE})?$")
_TITLE_RE = re.compile(
    r"(?P<unit>[\u3400-\u9fff（）()]{2,40}?)?\s*(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*"
    r"(?P<unit2>[\u3400-\u9fff（）()]{2,40}?)?\s*"
    r"(?:[省市县区]级)?\s*(?P<kind>部门|单位)?\s*(?:综合)?\s*(?P<what>预算|决算)\s*"
    r"(?P<rest>[\u3400-\u9fff（）()]{0,12})")
# a stand-alone performance document: 绩效评价报告, 绩效目标表, 部门整体预算绩效目标申报表, 绩效自评报告
_PERFORMANCE_TITLE_RE = re.compile(r"绩效(?:评价|自评)(?:报告|结果)|绩效目标(?:申报)?表|绩效目标$|绩效文本")
_LABELLED_UNIT_RE = re.compile(
    r"(?:(?:预算主管部门|主管部门|预算单位|编制单位|评价项目单位|项目主管部门|部门|单位)\s*[:：]"
    r"|(?:部门名称|单位名称)\s*[:：]?)\s*(?P<name>[\u3400-\u9fff（）()]{2,40})")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_PAGE_NO_RE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\d+页(?:共\d+页)?|附件\d*)$")


def _first_page_with_words(doc: Document) -> int:
    """The cover: the first page that prints more than a page number."""
    for i, page in enumerate(doc.pages_text):
        if any(ln.strip() and not _PAGE_NO_RE.match(ln.replace(" ", "").strip())
               for ln in page.split("\n")):
            return i
    return 0


def _lines(doc: Document, max_pages: int = 3, max_lines: int = 120) -> list[str]:
    out: list[str] = []
    first = _first_page_with_words(doc)
    for page in doc.pages_text[first:first + max_pages]:
        for ln in page.split("\n"):
            s = undouble(strip_markdown(ln).strip(" \u3000\t"))
            if s and "仅供内部审核" not in s:
                out.append(s)
            if len(out) >= max_lines:
                return out
    return out


def _main_title(lines: list[str]) -> Optional[tuple[int, re.Match]]:
    """The document's main title: the first short line naming a year and 预算/决算 (cover or a
    running header such as "长治市屯留区司法局2024年部门预算公开报告"); a cover title broken over
    two lines ("江苏省政协办公厅 2018 年度" / "部门预算公开") is joined."""
    found = _main_title_in(lines)
    if found is not None:
        return found
    joined = [lines[i] + lines[i + 1] if i + 1 < len(lines) else lines[i]
              for i in range(len(lines))]
    found = _main_title_in(joined)
    if found is not None:
        lines[found[0]] = joined[found[0]]
    return found


def _main_title_in(lines: list[str]) -> Optional[tuple[int, re.Match]]:
    for i, ln in enumerate(lines):
        t = ln.replace(" ", "")
        if len(t) > 40 or re.search(r"[，。；：:]|\t|\.{3,}", ln):
            continue
        if re.match(r"^第[一二三四五六七八九十]+部分", t) or re.match(r"^表[一二三四五六七八九十]+", t):
            continue
        m = _TITLE_RE.search(t)
        if not m:
            continue
        rest = m.group("rest") or ""
        # a table title ("2026年预算收支总表") is not the document title; "…部门综合预算公开报表"
        # (the tables half of a disclosure) is
        if "表" in rest and not re.match(r"^(公开)?报表", rest):
            continue
        if not (m.group("kind") or re.search(r"公开|报告|文本|绩效|草案", rest)):
            continue
        return i, m
    return None


def clean_unit_name(name: str) -> str:
    """The unit's name without a note on scope: "西安市财政局（汇总）" → "西安市财政局"."""
    return re.sub(rf"{_SCOPE_NOTE}$", "", name.replace(" ", ""))


def _organ_of(name: Optional[str]) -> Optional[str]:
    """"昆明市人民政府办公室机关" (the office's own organ, as "（本级）" says elsewhere) → the
    office's name; None when the name is not a unit's name followed by 机关."""
    if name and name.endswith("机关") and _is_unit_name(name[:-2]):
        return name[:-2]
    return None


def _is_unit_name(s: str) -> bool:
    return bool(_UNIT_LINE_RE.match(s.replace(" ", ""))) and not re.search(
        r"部分|目录|说明|职责|情况|概况|表$", s)


def detect_doc_type(title: str) -> Optional[str]:
    t = title.replace(" ", "")
    if (re.search(r"绩效文本|绩效目标", t) or _PERFORMANCE_TITLE_RE.search(t)) \
            and not re.search(r"(部门|单位)(综合)?(预算|决算)(公开)?$|(部门|单位)(预算|决算)公开", t):
        return "performance"
    if "决算" in t:
        return "final_account"
    if "预算" in t:
        return "budget"
    return None


def detect_scope(title: str) -> Optional[str]:
    t = title.replace(" ", "")
    if re.search(r"部门(综合)?(预算|决算)", t):
        return "department"
    if re.search(r"单位(综合)?(预算|决算)", t):
        return "unit"
    return None


def fill_metadata(doc: Document) -> None:
    # the cover first: a title broken over two lines there ("2026年" / "广州市司法局部门预算")
    # wins over a heading of the contents on the next pages ("第二部分 2026年部门预算表")
    lines = _lines(doc, max_pages=1)
    found = _main_title(lines)
    if found is None:
        lines = _lines(doc)
        found = _main_title(lines)
    if found is None:
        # no cover: a running header ("长治市屯留区司法局2024年部门预算公开报告") further on
        lines = _lines(doc, max_pages=len(doc.pages_text), max_lines=100000)
        found = _main_title(lines)
    title_line = None
    unit = None
    year = None
    if found:
        i, m = found
        title_line = lines[i].strip()
        year = int(m.group("year"))
        if m.group("unit") and _is_unit_name(m.group("unit")):
            unit = m.group("unit")
        elif m.group("unit2") and _is_unit_name(m.group("unit2")):
            unit = m.group("unit2")  # "2026年烟台市财政局部门预算"
        elif _organ_of(m.group("unit")):
            unit = _organ_of(m.group("unit"))  # "昆明市人民政府办公室机关2026年预算公开"
        else:
            # the unit printed alone on the cover, just above the title
            for j in range(i - 1, max(-1, i - 6), -1):
                cand = lines[j].replace(" ", "")
                if _is_unit_name(cand):
                    unit = cand
                    break
    if unit is None:
        # "预算主管部门：上海市普陀区司法局" / "预算单位：…" / "部门：…" on the cover
        for ln in lines[:40]:
            for m in _LABELLED_UNIT_RE.finditer(ln):
                if _is_unit_name(m.group("name")):
                    unit = m.group("name")
                    break
            if unit is not None:
                break
    if unit is None:
        # "部门名称：…" above the tables
        names = Counter(t.unit_name for t in doc.tables if t.unit_name)
        if names:
            unit = names.most_common(1)[0][0]
    if unit is None:
        for ln in lines[:30]:
            cand = ln.replace(" ", "")
            if _is_unit_name(cand):
                unit = cand
                break
    if year is None:
        years: Counter[int] = Counter()
        for t in doc.tables:
            for y in _YEAR_RE.findall(t.title):
                years[int(y)] += 1
        if not years:
            for ln in lines:
                for y in _YEAR_RE.findall(ln):
                    years[int(y)] += 1
        if years:
            year = years.most_common(1)[0][0]
    doc_type = detect_doc_type(title_line) if title_line else None
    scope = detect_scope(title_line) if title_line else None
    cover_lines = [ln.replace(" ", "") for ln in _lines(doc, max_pages=1, max_lines=12)
                   if not _PAGE_NO_RE.match(ln.replace(" ", ""))]
    cover = "".join(cover_lines)
    if doc_type is None and _PERFORMANCE_TITLE_RE.search(cover):
        doc_type = "performance"  # 绩效评价报告, 绩效目标（申报）表 on the first page
    if doc_type is None:
        titles = " ".join(t.title for t in doc.tables)
        head = "\n".join(lines[:80])
        if "决算" in titles:
            doc_type = "final_account"
        elif "预算" in titles or re.search(r"收支总表|收入总表|支出总表", titles):
            doc_type = "budget"
        elif "绩效" in titles:
            doc_type = "performance"
        elif head.count("决算") > head.count("预算"):
            doc_type = "final_account"
        elif "预算" in head:
            doc_type = "budget"
    if scope is None:
        head = "\n".join(lines[:80]) + " ".join(t.title for t in doc.tables)
        scope_m = re.search(r"(部门|单位)(?:综合)?(预算|决算)", head.replace(" ", ""))
        if scope_m:
            scope = "department" if scope_m.group(1) == "部门" else "unit"
    if doc.unit_name is None and unit:
        doc.unit_name = clean_unit_name(unit)
    if doc.fiscal_year is None and year:
        doc.fiscal_year = year
    if doc.doc_type is None and doc_type:
        doc.doc_type = doc_type
    if doc.scope is None and scope:
        doc.scope = scope
    if unit is None:
        # a cover line that ends like a unit's name, whatever its letters ("上海市XX局" in a template)
        for ln in cover_lines:
            if not _YEAR_RE.search(ln) and re.search(rf"{_UNIT_SUFFIX}$", ln) and len(ln) <= 30 \
                    and not re.search(r"[，。；：:]", ln):
                unit = ln
                doc.unit_name = doc.unit_name or clean_unit_name(ln)
                break
    if doc.doc_title is None and not title_line and cover_lines and not any(
            t.page_from == 1 for t in doc.tables):
        # a cover's first lines name the document; a first page that is already a table (a
        # workbook's first sheet) has no title to give, only a table's title and unit line
        doc.doc_title = "".join(cover_lines[:3])[:120]
    if doc.doc_title is None and title_line:
        printed_title = title_line
        if unit and unit not in printed_title.replace(" ", "") and found and not found[1].group("unit"):
            printed_title = unit + printed_title
        doc.doc_title = printed_title
