"""What every layout of a text conversion shares: a printed line, the table being built from
lines, a row cut into tokens (cells and the gaps between them), and a row fitted to a width."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from extract.textnorm import clean_cell, split_glued


@dataclass
class TextLine:
    """One line of the text conversion: its index, raw text and page."""
    idx: int
    raw: str
    page: int


@dataclass
class TableDraft:
    """A table being collected from the text: title, label, unit, notes and its grid lines."""
    title: str
    page: int
    number_label: Optional[str] = None
    label_from_prefix: bool = False
    unit_as_printed: Optional[str] = None
    unit_name: Optional[str] = None
    notes: list = field(default_factory=list)
    is_empty: bool = False
    rows: list = field(default_factory=list)  # list of TextLine (row lines as printed)
    closed: bool = False
    after_note: bool = False

    @property
    def is_performance(self) -> bool:
        return "绩效" in self.title


@dataclass
class Token:
    """A row split into cells, the gap widths around them, and whether it was printed bold."""
    cells: list  # cell texts
    gaps: list  # len(cells)+1 gap widths (leading, interior…, trailing); 0 = glued
    bold: bool


def tokenize_row(row: str) -> Token:
    """Split a printed row into cells at spaces, glued words split, with the gaps between them."""
    s = row.replace("\t", " ").rstrip("\n")
    spans = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^ ]+", s)]
    cells: list[str] = []
    gaps: list[int] = []
    bold = False
    prev_end = 0
    for _k, (a, e, tok) in enumerate(spans):
        pieces = split_glued(tok)
        if sum(len(p) for p in pieces) < len(tok):
            bold = True
        gaps.append(a - prev_end)
        for q, p in enumerate(pieces):
            if q > 0:
                gaps.append(0)
            cells.append(clean_cell(p))
        prev_end = e
    gaps.append(len(s) - prev_end)
    if not cells:
        gaps = [len(s)]
    return Token(cells, gaps, bold)


def fit_width(cells: list[str], width: int) -> list[str]:
    """The row's cells fitted to width: surplus empty cells dropped (trailing ones first), short rows padded."""
    cells = list(cells)
    while len(cells) > width and cells and cells[-1] == "":
        cells.pop()
    while len(cells) > width:
        # a merged cell printed with extra separators: drop one empty from the longest run
        best, best_len, i = None, 0, 0
        while i < len(cells):
            if cells[i] == "":
                j = i
                while j < len(cells) and cells[j] == "":
                    j += 1
                if j - i > best_len:
                    best, best_len = i, j - i
                i = j
            else:
                i += 1
        if best is None:
            break
        del cells[best]
    if len(cells) < width:
        cells += [""] * (width - len(cells))
    return cells
