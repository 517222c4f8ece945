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


def ruling_lines(img, dpi: int) -> list[Rule]:
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
    return rules
