"""Pure text helpers shared by the readers (text conversions and PDF).

- ``undouble``: undo fake-bold doubling ("合计合计" → "合计", "764.49764.49" → "764.49",
  "2024年预算收支总表2024年预算收支总表" → once) without touching ordinary text ("2020年", "1111").
- ``split_glued``: a layout token that holds several cells printed without a space between them
  ("764.49764.49本年支出合计本年支出合计" → ["764.49", "本年支出合计"];
  "121.90年终结转" → ["121.90", "年终结转"]).
- ``strip_watermark`` / ``is_watermark_line`` / ``drop_watermark_lines``: "仅供内部审核", also split
  over lines as "仅供" / "内部" / "审核".
- ``clean_cell``, ``join_wrapped``: whitespace and wrapped cell text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

WATERMARKS = ("仅供内部审核",)
_WATERMARK_PARTS = ("仅供", "内部", "审核")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DECIMAL_AMOUNT = re.compile(r"^[+-]?\d[\d,]*\.\d+$")
_AMOUNT_PREFIX = re.compile(r"^[+-]?\d[\d,]*\.\d{1,2}(?=[\u3400-\u9fff（(一二三四五六七八九十])")
_MARKDOWN = re.compile(r"</?b>|\*\*|^#{1,6}\s+")


def _qualifies(piece: str) -> bool:
    """A doubled piece is text with a CJK character, or an amount with decimals."""
    if len(piece) < 2:
        return False
    if _CJK.search(piece):
        return True
    return bool(_DECIMAL_AMOUNT.match(piece))


def undouble(text: str) -> str:
    """Undo fake-bold doubling of a whole string: X+X → X (X as defined by ``_qualifies``).

    Also handles a string made entirely of doubled pieces ("合计合计764.49764.49" → "合计764.49")
    and a doubled single CJK character ("算算" → "算", a wrapped header fragment). Text that is not
    entirely doubled is returned unchanged ("2020年", "1111", "研究").
    Idempotent: text drawn four times ("合计合计合计合计") is undone to the fixpoint ("合计").
    """
    while True:
        once = _undouble_once(text)
        if once == text:
            return text
        text = once


def _undouble_once(text: str) -> str:
    if not text:
        return text
    s = text
    n = len(s)
    if n == 2 and s[0] == s[1] and _CJK.match(s[0]):
        return s[0]
    if n % 2 == 0 and s[: n // 2] == s[n // 2:] and _qualifies(s[: n // 2]):
        return s[: n // 2]
    pieces = _doubled_pieces(s)
    if pieces is not None:
        return "".join(pieces)
    return text


def _doubled_at(s: str, i: int) -> int:
    """Length L of the shortest qualifying piece doubled at position i (s[i:i+L]*2), or 0."""
    n = len(s)
    for length in range(2, (n - i) // 2 + 1):
        a = s[i:i + length]
        if a == s[i + length:i + 2 * length] and _qualifies(a):
            if _DECIMAL_AMOUNT.match(a):
                nxt = s[i + 2 * length:i + 2 * length + 1]
                if nxt and (nxt.isdigit() or nxt in ".,"):
                    continue
            return length
    return 0


def _doubled_pieces(s: str):
    """Decompose s entirely into doubled pieces, or return None."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        length = _doubled_at(s, i)
        if not length:
            return None
        out.append(s[i:i + length])
        i += 2 * length
    return out or None


def split_glued(token: str) -> list[str]:
    """Split one space-free layout token into the cells it holds, undoing doubling.

    "764.49764.49本年支出合计本年支出合计" → ["764.49", "本年支出合计"];
    "121.90年终结转" → ["121.90", "年终结转"]; "合计合计" → ["合计"]; "2024年" → ["2024年"].
    """
    if not token:
        return [token]
    whole = undouble(token)
    if whole != token and not _AMOUNT_PREFIX.match(whole):
        return [whole]
    token = whole
    out: list[str] = []
    n = len(token)
    i = 0
    plain_start = 0
    while i < n:
        length = _doubled_at(token, i)
        if length:
            if plain_start < i:
                out.append(token[plain_start:i])
            out.append(token[i:i + length])
            i += 2 * length
            plain_start = i
            continue
        if i == plain_start:
            m = _AMOUNT_PREFIX.match(token[i:])
            if m:
                out.append(m.group(0))
                i += len(m.group(0))
                plain_start = i
                continue
        i += 1
    if plain_start < n:
        out.append(token[plain_start:])
    return out or [token]


def is_watermark_line(line: str) -> bool:
    t = re.sub(r"\s+", "", line or "")
    return bool(t) and t in WATERMARKS


def strip_watermark(text: str) -> str:
    """Remove the watermark words from a string ("仅供内部审核" anywhere)."""
    for w in WATERMARKS:
        text = text.replace(w, "")
    return text


def drop_watermark_lines(lines: list[str]) -> list[str]:
    """Drop whole-line watermarks, including the split form 仅供 / 内部 / 审核 on consecutive
    lines (blank lines between them allowed). Returns a new list (same order)."""
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        t = re.sub(r"\s+", "", lines[i])
        if t in WATERMARKS:
            i += 1
            continue
        if t == _WATERMARK_PARTS[0]:
            # look for 内部 then 审核 next (non-blank) lines
            j = i + 1
            seq = [t]
            idx = [i]
            while j < n and len(seq) < 3:
                tj = re.sub(r"\s+", "", lines[j])
                if tj == "":
                    j += 1
                    continue
                if tj == _WATERMARK_PARTS[len(seq)]:
                    seq.append(tj)
                    idx.append(j)
                    j += 1
                    continue
                break
            if len(seq) == 3:
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def strip_markdown(line: str) -> str:
    """Markdown-like decoration of text conversions: '# ', '<b>…</b>', '**…**'."""
    return _MARKDOWN.sub("", line).strip()


def clean_cell(text: str) -> str:
    """Whitespace of one cell: trims ASCII/ideographic spaces at both ends, NBSP → space."""
    if text is None:
        return ""
    t = text.replace("\u00a0", " ").replace("\u200b", "")
    t = t.strip(" \t\r\n\u3000")
    return undouble(t)


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the lines of a wrapped cell: CJK text joins without a space ("七、文化旅游体育与传媒支" +
    "出" → "七、文化旅游体育与传媒支出"); Latin words keep one space."""
    out = ""
    for p in parts:
        p = clean_cell(p)
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " " + p
        else:
            out += p
    return out


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def compact(text: str) -> str:
    """For comparisons: NFKC, no whitespace at all."""
    return re.sub(r"\s+", "", nfkc(text))
