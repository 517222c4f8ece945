"""Inline SVG charts drawn from the data (no chart library, no script): horizontal stacked bars and
a line chart. Colours come from the page's CSS classes (``.c0`` … ``.c5``)."""

from __future__ import annotations

import html


def escaped(v) -> str:
    """A value as HTML text or attribute (None: empty)."""
    return html.escape("" if v is None else str(v), quote=True)


def fmt(v, digits: int = 2) -> str:
    if v is None:
        return ""
    if isinstance(v, int) or float(v).is_integer() and digits == 0:
        return f"{int(v):,}"
    return f"{float(v):,.{digits}f}"


def legend(series: list[tuple[str, str]]) -> str:
    return ("<div class='legend'>" + "".join(
        f"<span><i class='sw {escaped(c)}'></i>{escaped(n)}</span>" for n, c in series) + "</div>")


def stacked_bars(chart_id: str, rows: list[tuple], series: list[tuple[str, str]],
                 digits: int = 0, unit: str = "", label_width: int = 230,
                 width: int = 680) -> str:
    """rows: (label, [value per series], filter attrs dict or None). One bar per row."""
    if not rows:
        return f"<p class='empty' id='{escaped(chart_id)}'>no data</p>"
    bar_h, gap, pad_top = 18, 6, 4
    plot = width - label_width - 90
    top = max((sum(v or 0 for v in vals) for _, vals, _ in rows), default=0) or 1
    height = pad_top + len(rows) * (bar_h + gap)
    out = [f"<svg id='{escaped(chart_id)}' class='chart' role='img' viewBox='0 0 {width} {height}' "
           f"width='{width}' height='{height}' xmlns='http://www.w3.org/2000/svg'>"]
    for i, (label, vals, attrs) in enumerate(rows):
        y = pad_top + i * (bar_h + gap)
        data = "".join(f" data-{escaped(k)}='{escaped(v)}'" for k, v in sorted((attrs or {}).items()))
        out.append(f"<g class='bar'{data}><text x='{label_width - 6}' y='{y + 13}' "
                   f"text-anchor='end' class='lbl'>{escaped(label)}</text>")
        x = float(label_width)
        for (name, cls), v in zip(series, vals, strict=False):
            if not v:
                continue
            w = plot * float(v) / float(top)
            out.append(f"<rect class='{escaped(cls)}' x='{x:.1f}' y='{y}' width='{max(w, 1):.1f}' "
                       f"height='{bar_h}'><title>{escaped(label)} — {escaped(name)}: {fmt(v, digits)}"
                       f"{escaped(unit)}</title></rect>")
            x += w
        total = sum(float(v or 0) for v in vals)
        out.append(f"<text x='{x + 4:.1f}' y='{y + 13}' class='val'>{fmt(total, digits)}"
                   f"</text></g>")
    out.append("</svg>")
    return (legend(series) if len(series) > 1 else "") + "".join(out)


def line_chart(chart_id: str, labels: list[str], series: list[tuple[str, str, list]],
               width: int = 680, height: int = 200) -> str:
    """series: (name, css class, values); one x position per label."""
    if not labels:
        return f"<p class='empty' id='{escaped(chart_id)}'>no runs yet</p>"
    left, right, top, bottom = 60, 20, 10, 40
    top_v = max((max(v or 0 for v in vals) for _, _, vals in series), default=0) or 1
    n = len(labels)

    def x_of(i):
        return left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)

    def y_of(v):
        return top + (height - top - bottom) * (1 - float(v or 0) / top_v)

    out = [legend([(s, c) for s, c, _ in series]),
           f"<svg id='{escaped(chart_id)}' class='chart' role='img' viewBox='0 0 {width} {height}' "
           f"width='{width}' height='{height}' xmlns='http://www.w3.org/2000/svg'>",
           f"<line class='axis' x1='{left}' y1='{height - bottom}' x2='{width - right}' "
           f"y2='{height - bottom}'/><line class='axis' x1='{left}' y1='{top}' x2='{left}' "
           f"y2='{height - bottom}'/><text class='lbl' x='{left - 4}' y='{top + 8}' "
           f"text-anchor='end'>{fmt(top_v, 0)}</text><text class='lbl' x='{left - 4}' "
           f"y='{height - bottom}' text-anchor='end'>0</text>"]
    step = max(1, n // 6)
    for i, lab in enumerate(labels):
        if i % step == 0 or i == n - 1:
            out.append(f"<text class='lbl' x='{x_of(i):.1f}' y='{height - bottom + 16}' "
                       f"text-anchor='middle'>{escaped(lab)}</text>")
    for name, cls, vals in series:
        pts = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(vals))
        out.append(f"<polyline class='line {escaped(cls)}' points='{pts}'/>")
        for i, v in enumerate(vals):
            out.append(f"<circle class='{escaped(cls)}' cx='{x_of(i):.1f}' cy='{y_of(v):.1f}' r='3'>"
                       f"<title>{escaped(labels[i])} — {escaped(name)}: {fmt(v, 0)}</title></circle>")
    out.append("</svg>")
    return "".join(out)
