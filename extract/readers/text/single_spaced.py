"""Raw layout text: cells separated by single spaces.

An empty cell shows as an extra space, fake-bold text is doubled ("764.49764.49") and so are the
spaces of empty bold cells; label cells wrap over lines. Rows are aligned to the table's column
count by a small dynamic programme over the gap widths and the column types (amount / text).

Header rows come out as fragments in reading order; when the fragments join into known column
names as many as the table has columns, the header is rebuilt as one row of leaf names (two-sided
summaries keep a "收入 | 支出" row above the two 项目 columns). Other header fragments are kept as
rows padded to the table's width. A table whose columns are separated by runs of spaces is read by
``wide_spaced``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from extract.model import Cell
from extract.readers.text.lines import TableDraft, TextLine, Token, tokenize_row
from extract.readers.text.wide_spaced import wide_spaced_grid, is_wide_layout
from extract.textnorm import clean_cell, split_glued, undouble


_DEC_AMOUNT_RE = re.compile(r"^[+-]?\d[\d,]*\.\d+$")
_CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_TOTAL_WORDS = ("合计", "总计", "部门合计", "单位合计", "小计")


def _natural(tok: Token) -> list[str]:
    if not tok.cells:
        return []
    out = [""] * tok.gaps[0]
    for k, cell in enumerate(tok.cells):
        if k > 0:
            out += [""] * max(tok.gaps[k] - 1, 0)
        out.append(cell)
    out += [""] * max(tok.gaps[-1] - 1, 0)
    return out


def _natural_count(tok: Token, halve_bold: bool = False) -> int:
    if not tok.cells:
        return 0
    if halve_bold and tok.bold:
        n = len(tok.cells) + tok.gaps[0] // 2
        n += sum(max(g - 1, 0) // 2 for g in tok.gaps[1:-1])
        n += max(tok.gaps[-1] - 1, 0) // 2
        return n
    return len(_natural(tok))


def _cell_type(text: str) -> str:
    if not text:
        return ""
    return "amt" if _DEC_AMOUNT_RE.match(text.replace(" ", "")) else "text"


def _gap_cost(g: int, e: int, kind: str, bold: bool) -> float:
    if kind == "interior" and g == 0:
        return 0.0 if e == 0 else 5.0 * e
    if kind == "interior":
        cands = [(g - 1, 0.0), ((g - 1) / 2, 0.1 if bold else 0.6)]
    elif kind == "leading":
        if g == 0:
            return 1.1 * e  # a merged label cell leaves its empty after it, not before
        cands = [(g, 0.0), (g / 2, 0.2 if bold else 0.6), (g + 1, 0.6)]
    else:
        if g == 0:
            cands = [(0, 0.0)]
        else:
            cands = [(g - 1, 0.0), (g, 0.3), ((g - 1) / 2, 0.2 if bold else 0.6)]
    return min(pen + abs(e - v) for v, pen in cands)


def _align(tok: Token, width: int, profile: list[Counter]) -> Optional[list[str]]:
    k = len(tok.cells)
    if k == 0 or k > width:
        return None
    types = [_cell_type(c) for c in tok.cells]

    def type_cost(i: int, col: int) -> float:
        prof = profile[col] if col < len(profile) else Counter()
        t = types[i]
        if t == "amt" and prof.get("text", 0) > 0 and prof.get("amt", 0) == 0:
            return 2.0
        if t == "text" and prof.get("amt", 0) > 0 and prof.get("text", 0) == 0:
            return 2.0
        return 0.0

    INF = float("inf")
    dp = [[INF] * width for _ in range(k)]
    back = [[-1] * width for _ in range(k)]
    for c in range(width - k + 1):
        dp[0][c] = _gap_cost(tok.gaps[0], c, "leading", tok.bold) + type_cost(0, c)
    for i in range(1, k):
        for c in range(i, width - (k - 1 - i)):
            tc = type_cost(i, c)
            best, arg = INF, -1
            for cp in range(i - 1, c):
                if dp[i - 1][cp] == INF:
                    continue
                v = dp[i - 1][cp] + _gap_cost(tok.gaps[i], c - cp - 1, "interior", tok.bold)
                if v < best - 1e-9:
                    best, arg = v, cp
            dp[i][c] = best + tc
            back[i][c] = arg
    best, arg = INF, -1
    for c in range(k - 1, width):
        if dp[k - 1][c] == INF:
            continue
        v = dp[k - 1][c] + _gap_cost(tok.gaps[-1], width - 1 - c, "trailing", tok.bold)
        if v < best - 1e-9:
            best, arg = v, c
    cols = [0] * k
    c = arg
    for i in range(k - 1, -1, -1):
        cols[i] = c
        c = back[i][c]
    out = [""] * width
    for i, col in enumerate(cols):
        out[col] = tok.cells[i]
    return out


def _is_headerish(raw: str, tok: Token) -> bool:
    if not tok.cells:
        return False
    if any(_cell_type(c) == "amt" for c in tok.cells):
        return False
    if _CODE_RE.match(tok.cells[0]):
        return False
    if tok.cells[0] in _TOTAL_WORDS and all(not c for c in tok.cells[1:]):
        return False  # the 合计 row of an empty table
    if all(re.fullmatch(r"\d{1,2}", c) for c in tok.cells) and len(tok.cells) >= 2:
        return True  # 栏次 row 1 2 3 …
    s = raw.strip()
    if " " not in raw:
        return True  # a wrapped header fragment
    return tok.bold and all(undouble(p) != p for p in s.split() if p)


def _is_ws(raw: str) -> bool:
    return raw.strip() == "" and raw != ""


def _is_frag(raw: str) -> bool:
    s = raw.rstrip()
    if not s.strip() or " " in s.strip():
        return False
    t = s.strip(" \u3000")
    return not _DEC_AMOUNT_RE.match(t) and not _CODE_RE.match(t)


def _is_suffix(raw: str) -> bool:
    if _is_ws(raw):
        return True
    first = raw.strip().split(" ")[0]
    return bool(split_glued(first) and _DEC_AMOUNT_RE.match(split_glued(first)[0]))


def _is_open(raw: str) -> bool:
    if _is_ws(raw):
        return True
    if raw.endswith(" "):
        return False
    last = raw.strip().split(" ")[-1]
    return not _DEC_AMOUNT_RE.match(last)


def _group_rows(lines: list[TextLine]) -> list[tuple[str, int]]:
    """Join wrapped rows: [prefix or partial row] + label fragments + [suffix]."""
    out: list[tuple[str, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        start = lines[i]
        j = i + 1
        frags: list[str] = []
        if _is_open(start.raw):
            while j < n and _is_frag(lines[j].raw):
                frags.append(lines[j].raw.strip(" "))
                j += 1
        suffix = None
        if frags and j < n and _is_suffix(lines[j].raw):
            suffix = lines[j].raw
            j += 1
        if not frags and _is_ws(start.raw):
            i = j  # an all-empty printed row
            continue
        text = start.raw.rstrip("\n") + "".join(frags)
        if suffix is not None:
            text = text + suffix if _is_ws(suffix) else text + " " + suffix.lstrip(" ")
        out.append((text, start.page))
        i = j
    return out


def single_spaced_grid(b: TableDraft, warnings: list) -> list[list[Cell]]:
    """The grid of a table whose columns are separated by single spaces."""
    lines = [ln for ln in b.rows if ln.raw.strip() or _is_ws(ln.raw)]
    # drop blank ("") lines but keep whitespace-only lines (they carry empty cells)
    lines = [ln for ln in lines if ln.raw != ""]
    if b.is_performance:
        grid_rows = []
        for ln in lines:
            if not ln.raw.strip():
                continue
            cells = [clean_cell(p) for p in re.split(r"[ \t]+", ln.raw.strip())]
            grid_rows.append((cells, ln.page))
        width = max((len(r) for r, _ in grid_rows), default=0)
        return [[Cell(t, pg, r, j) for j, t in enumerate(cells + [""] * (width - len(cells)))]
                for r, (cells, pg) in enumerate(grid_rows)]
    header: list[TextLine] = []
    k = 0
    while k < len(lines):
        raw = lines[k].raw
        if _is_ws(raw):
            break
        if _is_headerish(raw, tokenize_row(raw)):
            header.append(lines[k])
            k += 1
            continue
        break
    if is_wide_layout(lines[k:]):
        return wide_spaced_grid(header + lines[k:])
    data = _group_rows(lines[k:])
    toks = [(tokenize_row(text), pg) for text, pg in data]
    toks = [(t, pg) for t, pg in toks if t.cells]
    header_toks = [(tokenize_row(ln.raw), ln.page) for ln in header]
    h_width = max((len(t.cells) for t, _ in header_toks), default=0)
    if len(toks) >= 3:
        counts = Counter(_natural_count(t) for t, _ in toks)
        width = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    else:
        width = max([h_width] + [_natural_count(t, halve_bold=True) for t, _ in toks] + [1])
    profile: list[Counter[str]] = [Counter() for _ in range(width)]
    for t, _ in toks:
        nat = _natural(t)
        if len(nat) == width:
            for j, cell in enumerate(nat):
                if cell:
                    profile[j][_cell_type(cell)] += 1
    synth = _synthesize_leaf_header(header, width)
    if synth is not None:
        header_toks = [(Token(cells, [0] * (len(cells) + 1), False), pg) for cells, pg in synth]
    side_row = _two_sided_group_row(header, header_toks, width)
    if side_row is not None:
        if synth is not None:
            header_toks.insert(0, side_row)
        else:
            header_toks[0] = side_row
    grid: list[list[Cell]] = []
    for t, pg in header_toks:
        cells = list(t.cells)
        if len(cells) == width and not any(t.gaps):
            pass
        elif len(cells) < width:
            pad = [""] * (width - len(cells))
            # a leaf header line of amount columns ("合计 人员经费 公用经费") sits on the right
            cells = pad + cells if cells[0] in ("合计", "小计") else cells + pad
        grid.append([Cell(x, pg, len(grid), j) for j, x in enumerate(cells)])
    for t, pg in toks:
        nat = _natural(t)
        if len(nat) == width:
            cells = nat
        else:
            aligned = _align(t, width, profile)
            if aligned is None:
                warnings.append(f"table {b.title!r}: a row has {len(t.cells)} cells for "
                                f"{width} columns: {' | '.join(t.cells)}")
            cells = nat if aligned is None else aligned
        grid.append([Cell(x, pg, len(grid), j) for j, x in enumerate(cells)])
    return grid


# ---------------------------------------------------------------------------------------------
# layout headers: wrapped header cells come out as fragments in reading order ("国有资本经营预" /
# "算"), and cells spanning several header rows come out before the sub-cells of a group. When the
# fragments can be joined into known column names and their number is the table's column count,
# the header is rebuilt as one row of leaf names (plus the printed 栏次 row).


_LABEL_COLUMNS = ("科目编码", "科目名称", "收入科目编码", "支出科目编码", "科目代码", "项目", "项目名称",
                  "单位名称", "部门预算支出经济科目名称", "政府预算支出经济科目名称", "经济科目名称",
                  "功能科目名称", "单位编码", "单位代码", "行次")
# canonical left-to-right order of the amount columns of the national templates
_AMOUNT_ORDER = ("合计", "小计", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                 "一般公共预算", "政府性基金", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                 "单位资金", "上年结转", "当年预算安排", "上年结转安排")
_GROUP_RE = re.compile(r"^(收入|支出|本年收入|本年支出|金额|\d{4}年?(度)?(预算数|财政拨款|预算)?|"
                       r"\d{4}年?(预算数|财政拨款)|\d{4}预算数|财政拨款)$")
_KNOWN_TERMS = _LABEL_COLUMNS + _AMOUNT_ORDER + (
    "国有资本经营收入预算", "政府性基金收入预算", "政府性基金预算", "财政拨款收入", "上级补助收入", "事业收入",
    "经营收入", "附属单位上缴收入", "其他收入", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "年初结转和结余", "年末结转和结余", "预算数", "决算数", "金额")


def _join_fragments(items: list[str]) -> list[str]:
    """Join wrapped header fragments into known column names ("政府性" + "基金预" + "算")."""
    out: list[str] = []
    i = 0
    while i < len(items):
        cur = items[i]
        j = i + 1
        last_known = (cur, j) if cur in _KNOWN_TERMS else None
        while j < len(items):
            cand = cur + items[j]
            if any(term.startswith(cand) for term in _KNOWN_TERMS):
                cur = cand
                j += 1
                if cur in _KNOWN_TERMS:
                    last_known = (cur, j)
            else:
                break
        if cur not in _KNOWN_TERMS and last_known is not None:
            cur, j = last_known
        out.append(cur)
        i = j
    return out


def _synthesize_leaf_header(header: list[TextLine], width: int):
    if not header or width < 2:
        return None
    lines = [(tokenize_row(ln.raw).cells, ln.page) for ln in header]
    col_numbers = [(c, pg) for c, pg in lines
                   if len(c) >= 2 and all(re.fullmatch(r"\d{1,2}", x) for x in c)]
    lines = [(c, pg) for c, pg in lines if c and not (len(c) >= 2 and all(
        re.fullmatch(r"\d{1,2}", x) for x in c))]
    if not lines:
        return None
    leaf_idx = max(range(len(lines)), key=lambda k: (len(lines[k][0]), -k))
    leaf = lines[leaf_idx][0]
    if len(leaf) >= width:
        return None
    if len(leaf) < 2 and len(lines) > 1:
        return None
    before = [x for c, _ in lines[:leaf_idx] for x in (c if len(c) == 1 else [])]
    after = [x for c, _ in lines[leaf_idx + 1:] for x in c]
    before = [x for x in _join_fragments(before) if not _GROUP_RE.match(x)]
    after = [x for x in _join_fragments(after) if not _GROUP_RE.match(x)]
    names = list(leaf) + after + before
    if len(names) != width or len(set(names)) != len(names) and not any(
            n in ("项目", "金额") for n in names):
        return None
    if len(set(names)) != len(names):
        # two-sided (收入 | 支出) tables repeat 项目 / 金额: keep the reading order
        return [(names, header[0].page)] + [(c, pg) for c, pg in col_numbers if len(c) == width]
    labels = [n for n in names if n in _LABEL_COLUMNS or n.endswith("名称") or n.endswith("编码")]
    amounts = [n for n in names if n not in labels]
    if any(n not in _AMOUNT_ORDER and not re.search(r"收入|支出|经费|预算|结转|资金|费", n)
           for n in amounts):
        return None
    order = {n: k for k, n in enumerate(_AMOUNT_ORDER)}
    known = [n for n in amounts if n in order]
    if len(known) == len(amounts):
        amounts = sorted(amounts, key=lambda n: order[n])
    row = labels + amounts
    page = header[0].page
    out = [(row, page)]
    out += [(c, pg) for c, pg in col_numbers if len(c) == width]
    return out


def _two_sided_group_row(header: list[TextLine], header_toks, width: int):
    """The "收入 | 支出" row of a two-sided summary table, placed above the two 项目 columns."""
    if not header:
        return None
    first = tokenize_row(header[0].raw).cells
    if len(first) != 2 or not (first[0].startswith("收入") and first[1].startswith("支出")):
        return None
    leaf = max((t.cells for t, _ in header_toks), key=len)
    pos = [j for j, x in enumerate(leaf) if x == "项目"]
    if len(leaf) != width or len(pos) != 2:
        pos = [0, width // 2 - (1 if width % 2 == 0 and width > 4 else 0)]
        if len(pos) != 2 or pos[1] <= 0:
            return None
    cells = [""] * width
    cells[pos[0]], cells[pos[1]] = first[0], first[1]
    return (Token(cells, [0] * (width + 1), False), header[0].page)
