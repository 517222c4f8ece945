"""The aligned grid every table finder of the PDF reader returns (``ruled.build_grid``,
``unruled.build_unruled_grid``): rows of cell texts, every row as wide as the table (a merged
cell's text in the first column and first row of its span, '' in the rest), the column edges,
and where each row and each cell's text lie on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Grid:
    rows: list[list[str]]
    col_bounds: list[float]  # x positions of the real column edges
    row_tops: list[float]  # top y of each kept row
    bbox: tuple[float, float, float, float]
    row_bottoms: list[float] = field(default_factory=list)
    centers: list[list[Optional[float]]] = field(default_factory=list)  # x centre of each cell's text
    unruled: bool = False  # found by text alignment, not by rules


def locate_in_bounds(pos: float, bounds: list[float]) -> int:
    """Index of the interval of bounds (column edges) that pos falls in, clamped to the last."""
    for k in range(len(bounds) - 1):
        if pos < bounds[k + 1]:
            return k
    return len(bounds) - 2


# a cell holding nothing but an amount: 1,234.50, 12.5, 1,234
AMOUNT_CELL_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^[-+]?\d{1,3}(?:,\d{3})+$")
