"""Which glyphs and drawn objects of a PDF page are content: a light, slanted, or large turned
glyph is a watermark; small text turned by 90° is a vertical header (行次, 栏次) and stays; an
invisible white fill (a spreadsheet cell's background) is no rule."""

from __future__ import annotations


def _is_faint(color, threshold: float) -> bool:
    """Gray/RGB at least `threshold` bright, or CMYK with no ink above 1 - threshold."""
    try:
        if color is None or isinstance(color, str):
            return False
        vals = [float(color)] if isinstance(color, (int, float)) else [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) in (1, 3):
        return min(vals) >= threshold
    if len(vals) == 4:  # CMYK: faint when every ink is
        return max(vals) <= 1 - threshold + 1e-9 and (threshold >= 0.95 or sum(vals) > 0)
    return False


def _is_light(color) -> bool:
    return _is_faint(color, 0.75)


def _is_white(color) -> bool:
    return _is_faint(color, 0.95)


WATERMARK_SIZE = 20.0  # text at least this large, turned, is a watermark, not content


def keep_object(obj) -> bool:
    """Whether a page object is content: not an invisible fill, a light or turned watermark glyph."""
    kind = obj.get("object_type")
    if kind in ("rect", "curve"):
        # an invisible white fill (spreadsheet cell background) is not a rule
        if obj.get("fill") and not obj.get("stroke") and _is_white(obj.get("non_stroking_color")):
            return False
        return True
    if kind != "char":
        return True
    if _is_light(obj.get("non_stroking_color")):
        return False  # light grey or white: a watermark
    m = obj.get("matrix")
    if m and (abs(m[1]) > 1e-3 or abs(m[2]) > 1e-3):
        if abs(m[0]) > 1e-3 or abs(m[3]) > 1e-3:
            return False  # turned at a slant: a diagonal watermark
        if (obj.get("size") or 0) >= WATERMARK_SIZE:
            return False  # large text turned by 90°: a watermark
        # small text turned by 90°: a vertical header inside a table (行次, 栏次 …)
    return True
