"""The tables a document's contents (目录) lists, against the tables it prints.

"表四2026年财政拨款收支总表.....7" in the contents says the document prints a 财政拨款收支总表: a
listed table of a kind no table of the document has (present, or declared empty) is missing. The
contents is read from the document's first pages (raw.pages): the page that says 目录 and the
pages after it while they go on listing entries with dot leaders and page numbers. Each entry's
title is classified as a printed table's title is (``extract.tables.classify``); an entry whose
kind is unknown, a 绩效 table or a section heading names no table the check can look for.
"""

from __future__ import annotations

import re
from typing import Optional

from expectations.results import ERROR, FAIL, PASS, CheckResult
from extract.tables.classify import classify_table, non_financial_family

CHECK = "listed_table_present"
DESCRIPTION = "a table the document's contents (目录) lists is in the document"
SEVERITY = ERROR

_CONTENTS_HEADING = re.compile(r"^\W*目\s*录\W*$")
# "表四2026年财政拨款收支总表.....7", "五、一般公共预算财政拨款支出决算表 …… 11"
_ENTRY = re.compile(r"^(?P<title>.+?)\s*(?:[.．。…·•_\-—]{2,}|\t|\s{2,})\s*(?P<page>\d{1,3})\s*$")
_FIRST_PAGES = 6


def _clean(line: str) -> str:
    return re.sub(r"<[^>]+>|^#+\s*|\*\*", "", line).strip()


_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}\s*[、.．]|表[一二三四五六七八九十]+"
                       r"|[附]?表\s*\d{1,2}(?:-\d{1,2})?)")
_TABLE_END = re.compile(r"表(?:[（(][^）)]*[）)])?$")


def _entry_title(line: str) -> Optional[str]:
    """The title of a contents line that lists a table: "表四2026年财政拨款收支总表.....7" (a
    text conversion keeps the leaders and page), "四、财政拨款收支预算总表" (a PDF's text layer
    often loses them)."""
    m = _ENTRY.match(line)
    title = (m.group("title") if m else line).strip()
    title = re.sub(r"\s*[.．。…·•_\-—]{2,}.*$", "", title)
    if not _NUMBERED.match(title) or not _TABLE_END.search(title):
        return None
    return title


def _joined(lines: list[str]) -> list[str]:
    """Contents lines with a title's wrapped tail ("…培训费支出预算" + "表") joined back."""
    out: list[str] = []
    for ln in lines:
        if out and ln and len(ln) <= 3 and not _NUMBERED.match(ln):
            out[-1] += ln
        elif ln:
            out.append(ln)
    return out


def listed_tables(pages_text: list[str]) -> list[tuple[int, str]]:
    """(page of the contents, title) of every table entry of the document's contents."""
    for index, page in enumerate(pages_text[:_FIRST_PAGES]):
        lines = [_clean(ln) for ln in page.splitlines()]
        starts = [i for i, ln in enumerate(lines) if _CONTENTS_HEADING.match(ln)]
        if not starts:
            continue
        number = index + 1
        out = [(number, t) for t in map(_entry_title, _joined(lines[starts[0] + 1:])) if t]
        # the contents may go on over the next page(s) while these list entries
        for later, next_page in enumerate(pages_text[index + 1:index + 3], start=number + 1):
            titles = [t for t in map(_entry_title, _joined(
                [_clean(ln) for ln in next_page.splitlines()])) if t]
            if not any(_ENTRY.match(_clean(ln)) for ln in next_page.splitlines()):
                break  # a page of the document proper, not the contents' continuation
            out += [(later, t) for t in titles]
        return out
    return []


def _kind(title: str, doc_type: Optional[str]) -> Optional[str]:
    if non_financial_family(title) or re.search(r"说明|解释|情况$", title):
        return None
    return classify_table(title, [], doc_type)


def check_listed_tables(document_id, doc_type: Optional[str], pages_text: list[str],
                        tables: list[dict]) -> list[CheckResult]:
    """One result per table kind the contents lists (its first entry)."""
    kinds = {t.get("table_kind") for t in tables}
    out: list[CheckResult] = []
    seen: set = set()
    for page, title in listed_tables(pages_text):
        kind = _kind(title, doc_type)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        present = kind in kinds
        out.append(CheckResult(
            document_id=document_id, check_name=CHECK,
            description=f"the contents (page {page}) lists “{title}”: a {kind} table "
                        + ("the document prints" if present else "the document does not print"),
            severity=SEVERITY, status=PASS if present else FAIL, table_kind=kind,
            page_number=page, item_name=title))
    return out
