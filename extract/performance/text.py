"""Performance tables read from a document's plain text (the text reader of extract.performance).

Works from a document's plain text (``"\\n".join(doc.pages_text)``), so every reader (text conversion,
PDF) shares it. A title (``text_cells._TITLE_KINDS``) starts a block, read by the module of its kind
(DOMAIN.md "Performance tables"):

- 项目支出绩效目标表 (``project_targets``): project head + three-level indicators, two column groups
  实施期目标 (period ``implementation``) and 年度目标 (period ``annual``). Tab-separated conversions
  are read row by row; layout text (cells separated by spaces, wrapped over lines, glued together,
  fake-bold doubled) is read as one token stream. Project tables with a 项目编码 (the OCR'd
  stand-alone 绩效文本) are read by their columns.
- 整体支出绩效目标申报表 (``department_goals``): indicators with ``project_key`` None, staffing
  figures as ``Statistic``.
- 项目支出绩效自评表 (``self_evaluations``): funds, execution rate, per-indicator score, 总分, grade.
- the measurable goals of a prose section 分项绩效目标 (``prose_goals``), as department-level
  indicators.

The column layout of these conversions is unreliable (cells shift left or right from row to row), so
rows are read by what the cells *say* (level-1/level-2 vocabulary, values that read as quantities)
rather than by their column index, except where the layout is known to hold (the tables with a
项目编码, and the value columns of a self-evaluation row, read relative to the indicator name).
"""

from __future__ import annotations

import bisect
from typing import Optional

from extract.model import PerformanceIndicator, PerformanceProject, Statistic
from extract.performance.department_goals import read_department
from extract.performance.project_targets import read_target
from extract.performance.prose_goals import read_prose_goals
from extract.performance.self_evaluations import read_self_evaluation, read_self_evaluation_text
from extract.performance.text_cells import title_kind


class _Lines:
    def __init__(self, text: str, pages: Optional[list[str]]):
        self.lines = text.split("\n")
        self.starts: list[int] = []
        if pages:
            pos = 0
            for p in pages:
                self.starts.append(pos)
                pos += len(p.split("\n"))

    def page(self, i: int) -> int:
        if not self.starts:
            return 1
        return bisect.bisect_right(self.starts, i)


def read_performance_text(text: str, pages: Optional[list[str]] = None,
                          unit_name: Optional[str] = None, pdf: bool = False
                          ) -> tuple[list[PerformanceProject], list[PerformanceIndicator]]:
    """All performance projects and indicators of a document's plain text (pure function).
    ``pdf``: the text is a PDF's page text (cells separated by spaces, wrapped cells on lines of
    their own, in drawing order)."""
    projects, indicators, _stats = read_text_blocks(text, pages, unit_name, pdf)
    return projects, indicators


def read_text_blocks(text: str, pages: Optional[list[str]], unit_name: Optional[str], pdf: bool = False,
                     skip_pages: Optional[set] = None, finalize: bool = True):
    """``skip_pages``: pages whose tables another reader (the PDF grid reader) has read: a title
    printed there starts no block here. ``finalize``: make project keys unique and drop the
    bookkeeping (the caller does it over every reader's results otherwise)."""
    doc = _Lines(text or "", pages)
    lines = doc.lines
    projects: list[PerformanceProject] = []
    indicators: list[PerformanceIndicator] = []
    stats: list[Statistic] = []
    titles = [(i, k) for i, line in enumerate(lines) if (k := title_kind(line))]
    for n, (start, kind) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        block = list(range(start, end))
        if skip_pages and doc.page(start) in skip_pages:
            continue
        if kind == "department":
            read_department(lines, block, doc, indicators, stats)
        elif kind == "self_evaluation":
            if any("\t" in lines[i] for i in block):
                read_self_evaluation(lines, block, doc, projects, indicators, unit_name)
            else:
                read_self_evaluation_text(lines, block, doc, projects, indicators, unit_name)
        else:
            read_target(lines, block, doc, projects, indicators, unit_name, pdf)
    read_prose_goals(lines, doc, indicators)
    if finalize:
        make_project_keys_unique(projects, indicators)
        for ind in indicators:
            ind.__dict__.pop("_owner", None)
    return projects, indicators, stats


def make_project_keys_unique(projects, indicators):
    """Number repeated project keys (key#2, key#3 …) and carry the new key to their indicators."""
    seen: dict[str, int] = {}
    for p in projects:
        if p.project_key in seen:
            seen[p.project_key] += 1
            old = p.project_key
            p.project_key = f"{old}#{seen[old]}"
            for ind in indicators:
                if ind.project_key == old and getattr(ind, "_owner", None) is p:
                    ind.project_key = p.project_key
        else:
            seen[p.project_key] = 1

