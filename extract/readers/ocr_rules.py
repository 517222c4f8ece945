"""Ruling lines of a page image, found by morphology (OpenCV).

A table's rules are long thin runs of dark pixels: an opening with a long horizontal kernel keeps
the horizontal rules and drops the strokes of characters (a "一" is one character wide, far
shorter than the kernel), likewise with a vertical kernel. Each remaining connected run becomes
one rule. Watermarks are light grey and fall out at the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

# darker than this (0–255) is ink; a light-grey watermark (the sample's "仅供内部审核" is ~200) is not
_INK_BELOW = 160
# a rule is at least this long (inches): longer than any character stroke of body text
_MIN_RULE_INCHES = 0.25
# gaps of a scanned rule this short (inches) are bridged before the opening
_BRIDGE_INCHES = 0.02
# collinear pieces of one rule this far apart (inches) are one rule (a scanned rule's breaks) …
_JOIN_INCHES = 0.1
# … and so are pieces any distance apart whose gap is not paper: a grey watermark or stamp drawn
# over the rule (the sample's "仅供内部审核" breaks rules for up to 0.8 in at the ink threshold)
_NOT_PAPER_BELOW = 245


@dataclass(frozen=True)
class Rule:
    """A ruling line in image pixels: horizontal (top == bottom) or vertical (x0 == x1)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


def ruling_lines(img, dpi: float) -> list[Rule]:
    """The horizontal and vertical rules of an RGB (or grey) page image."""
    import cv2
    import numpy as np

    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
    ink = np.where(grey < _INK_BELOW, 255, 0).astype(np.uint8)
    length = max(10, int(dpi * _MIN_RULE_INCHES))
    bridge = max(1, int(dpi * _BRIDGE_INCHES))
    rules: list[Rule] = []
    for horizontal in (True, False):
        along = (bridge, 1) if horizontal else (1, bridge)
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, along))
        size = (length, 1) if horizontal else (1, length)
        kept = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
        n, _labels, stats, _ = cv2.connectedComponentsWithStats(kept, connectivity=8)
        for k in range(1, n):
            x, y, w, h = (int(v) for v in stats[k][:4])
            if horizontal:
                if w < length or h > max(6, dpi // 20):  # a filled block, not a rule
                    continue
                mid = y + h / 2
                rules.append(Rule(float(x), mid, float(x + w), mid))
            else:
                if h < length or w > max(6, dpi // 20):
                    continue
                mid = x + w / 2
                rules.append(Rule(mid, float(y), mid, float(y + h)))
    return _joined(rules, dpi * _JOIN_INCHES, grey < _NOT_PAPER_BELOW)


def _joined(rules: list[Rule], gap: float, marked) -> list[Rule]:
    """Collinear rules (within 2 px across) joined where the gap between them is shorter than
    ``gap`` or is marked (not paper: ``marked``, a boolean image) all along."""
    out: list[Rule] = []
    height, width = marked.shape[:2]
    for horizontal in (True, False):
        group = sorted((r for r in rules if r.horizontal == horizontal),
                       key=lambda r: (r.top, r.x0) if horizontal else (r.x0, r.top))
        merged: list[list[float]] = []  # [across, start, end]
        for r in group:
            across, start, end = (r.top, r.x0, r.x1) if horizontal else (r.x0, r.top, r.bottom)
            for m in merged:
                if abs(m[0] - across) > 2 or m[1] > end:
                    continue
                if start - m[2] <= gap or _marked_between(marked, horizontal, across, m[2], start,
                                                          width, height):
                    m[1], m[2] = min(m[1], start), max(m[2], end)
                    break
            else:
                merged.append([across, start, end])
        for across, start, end in merged:
            start, end = _extended(marked, horizontal, across, start, end, width, height)
            out.append(Rule(start, across, end, across) if horizontal else Rule(across, start, across, end))
    return out


def _extended(marked, horizontal: bool, across: float, start: float, end: float,
              width: int, height: int) -> tuple[float, float]:
    """A rule's ends moved on along it while the strip is marked: the stretch of a rule under
    a watermark at the table's edge, too short to be found as a rule of its own."""
    a = int(round(across))
    if horizontal:
        along = marked[max(0, a - 1):min(height, a + 2), :].any(axis=0)
    else:
        along = marked[:, max(0, a - 1):min(width, a + 2)].any(axis=1)
    s, e = int(start), int(end)
    while s - 1 >= 0 and along[s - 1]:
        s -= 1
    while e + 1 < len(along) and along[e + 1]:
        e += 1
    return float(min(s, start)), float(max(e, end))


def _marked_between(marked, horizontal: bool, across: float, start: float, end: float,
                    width: int, height: int) -> bool:
    """Is the strip (3 px across) from ``start`` to ``end`` along a rule marked at every step?"""
    a = int(round(across))
    s, e = int(start), int(end) + 1
    if horizontal:
        strip = marked[max(0, a - 1):min(height, a + 2), max(0, s):min(width, e)]
        along = strip.any(axis=0)
    else:
        strip = marked[max(0, s):min(height, e), max(0, a - 1):min(width, a + 2)]
        along = strip.any(axis=1)
    return bool(along.size) and bool(along.all())
