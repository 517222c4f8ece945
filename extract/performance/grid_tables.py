"""A PDF's printed tables (``doc.tables``) as the grid readers of extract.performance see them:
logical tables (a table continued on the next page without a title joins the one before), rows of
cleaned cells with their page, and the roles of an indicator header's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extract.model import Document
from extract.performance.common import cell_roles, clean, compact, dec, is_indicator_header


@dataclass
class Row:
    cells: list[str]
    page: int
    seg: int = 0  # which printed table (doc.tables entry) the row comes from

    def first(self) -> str:
        for c in self.cells:
            if c:
                return compact(c)
        return ""

    def joined(self) -> str:
        return compact("".join(self.cells))


@dataclass
class LogicalTable:
    title: str
    rows: list[Row]
    unit: Optional[str]
    pages: set = field(default_factory=set)


def logical_tables(doc: Document) -> list[LogicalTable]:
    """The document's tables as performance grids, a headless continuation joined to the one before."""
    out: list[LogicalTable] = []
    for seg, t in enumerate(doc.tables):
        rows = []
        width = max((len(r) for r in t.grid), default=0)
        for r in t.grid:
            cells = [clean(c.text) for c in r] + [""] * (width - len(r))
            page = r[0].page if r else t.page_from
            rows.append(Row(cells, page, seg))
        title = compact(t.title)
        if (not title and out and t.page_from - max(out[-1].pages) <= 1
                and looks_performance(out[-1])):
            out[-1].rows.extend(rows)
            out[-1].pages.update(range(t.page_from, t.page_to + 1))
            continue
        out.append(LogicalTable(title, rows, t.unit_as_printed, set(range(t.page_from, t.page_to + 1))))
    return out


def looks_performance(t: LogicalTable) -> bool:
    """Whether a grid is a performance table: 绩效 in its title or an indicator header row."""
    if "绩效" in t.title:
        return True
    return any(is_indicator_header(r.cells) for r in t.rows[:60])


def indicator_header_rows(rows: list[Row], k: int) -> list[Row]:
    """The indicator header row and the header row printed above it (a two-row header: the group
    caption 绩效指标 above 一级指标 …, or the project columns' labels spanning both rows)."""
    out = [rows[k]]
    if k > 0:
        prev = rows[k - 1]
        if (any(cell_roles(c) for c in prev.cells) and not is_indicator_header(prev.cells)
                and not any(dec(c) is not None for c in prev.cells)):
            out.insert(0, prev)
    return out


def merged_roles(rows: list[list[str]]) -> list[list[str]]:
    """The roles each column's header cells name, merged over the header rows."""
    width = max(len(r) for r in rows)
    roles: list[list[str]] = [[] for _ in range(width)]
    for r in rows:
        for k, c in enumerate(r):
            for role in cell_roles(c):
                if role not in roles[k]:
                    roles[k].append(role)
    return roles
