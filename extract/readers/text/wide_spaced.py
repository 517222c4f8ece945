"""Wide layout text (pdftotext -layout style): columns separated by runs of spaces, not single
spaces; cells are placed by their display position."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from extract.model import Cell
from extract.readers.text.lines import fit_width, TextLine, tokenize_row
from extract.textnorm import clean_cell


def is_wide_layout(lines: list[TextLine]) -> bool:
    """pdftotext -layout style: columns separated by runs of spaces, not single spaces."""
    gaps = []
    for ln in lines:
        t = tokenize_row(ln.raw)
        gaps += [g for g in t.gaps[1:-1] if g > 0]
    return len(gaps) >= 8 and sum(1 for g in gaps if g == 1) < 0.3 * len(gaps)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wide_spaced_grid(lines: list[TextLine]) -> list[list[Cell]]:
    """Cells split on runs of 2+ spaces; a row with fewer cells is placed by the display
    positions of its cells against the column starts of the complete rows."""
    rows = []
    for ln in lines:
        raw = ln.raw.replace("\t", "  ").rstrip()
        if not raw.strip():
            continue
        cells = []
        for m in re.finditer(r"\S+(?: \S+)*", raw):
            x = _display_width(raw[:m.start()])
            cells.append((x, clean_cell(m.group(0))))
        rows.append((cells, ln.page))
    if not rows:
        return []
    width = Counter(len(r) for r, _ in rows).most_common(1)[0][0]
    full = [r for r, _ in rows if len(r) == width]
    anchors = [sum(r[j][0] for r in full) / len(full) for j in range(width)]
    grid = []
    for r, (cells, pg) in enumerate(rows):
        if len(cells) >= width:
            texts = fit_width([t for _, t in cells], width)
        else:
            texts = [""] * width
            prev = -1
            for k, (x, t) in enumerate(cells):
                left = len(cells) - k - 1
                choices = range(prev + 1, width - left)
                j = min(choices, key=lambda c: abs(anchors[c] - x))
                texts[j] = t
                prev = j
        grid.append([Cell(x, pg, r, j) for j, x in enumerate(texts)])
    return grid
