"""The indicator rows of a performance table read from text: level-1/level-2 headings, names and
values, one period (department tables) or two (项目支出绩效目标表: 实施期目标 and 年度目标) per row.

Tab-separated conversions are read row by row (``read_tab_rows``); layout text and PDF page text as
one token stream (``read_token_stream``), their cells glued, wrapped over lines or doubled by fake bold.
"""

from __future__ import annotations

from typing import Optional

from extract.indicator_values import parse_target
from extract.model import PerformanceIndicator
from extract.performance.text_cells import (
    COST_LEVEL2_NAMES, HEADER_WORDS, LEVEL2_FAMILY, LEVEL1, without_spaces, is_level2, level2_prefix,
    split_trailing_value, is_value_like,
)


class IndicatorReader:
    """Reads level1/level2/name/value tokens into indicators, one or two periods per row."""

    def __init__(self, out: list, project_key, project_name, two_periods: bool):
        self.out = out
        self.key = project_key
        self.name = project_name
        self.two = two_periods
        self.level1: Optional[str] = None
        self.l2: dict[str, Optional[str]] = {"implementation": None, "annual": None}
        self.last: Optional[PerformanceIndicator] = None
        self.start = len(out)
        self.new_row()

    def _backfill_level1(self, level1: str):
        """Rows printed above their merged 一级指标 cell's label (a layout text's department table:
        the label is centred in the cell, below its first row) belong to that label."""
        if self.level1 is None:
            for ind in self.out[self.start:]:
                if ind.level1 is None:
                    ind.level1 = level1

    def new_row(self):
        self.half = "implementation" if self.two else "annual"
        self.started = {"implementation": False, "annual": False}
        self.emitted = {"implementation": False, "annual": False}
        self.l2_in_row = {"implementation": False, "annual": False}
        self.pending: Optional[tuple[str, int]] = None

    def _other(self):
        return "annual" if self.half == "implementation" else "implementation"

    def set_level1(self, tok: str):
        self.flush()
        self._backfill_level1(tok)
        self.level1 = tok
        self.l2 = {"implementation": None, "annual": None}
        self.new_row()

    def set_level2(self, tok: str):
        self.flush()
        if self.two:
            if self.started[self.half]:
                if self.half == "implementation":
                    self.half = "annual"
                else:
                    self.new_row()
        self.l2[self.half] = tok
        self.l2_in_row[self.half] = True
        self.started[self.half] = True
        family = LEVEL2_FAMILY.get(tok)
        if family and self.level1 != family:
            self._backfill_level1(family)
            self.level1 = family

    def set_name(self, tok: str, page: int):
        self.flush()
        if self.two and self.emitted[self.half]:
            if self.half == "implementation":
                self.half = "annual"
            else:
                self.new_row()
        self.pending = (tok, page)
        self.started[self.half] = True

    def extend_name(self, tok: str):
        if self.pending:
            self.pending = (self.pending[0] + tok, self.pending[1])

    def set_value(self, tok: Optional[str]):
        if not self.pending:
            return
        name, page = self.pending
        self.pending = None
        self.emit(name, tok, page)

    def flush(self):
        """A name printed without a value (the value cell is blank)."""
        if self.pending:
            name, page = self.pending
            self.pending = None
            self.emit(name, None, page)

    def emit(self, name: str, value: Optional[str], page: int):
        value = value.strip() if value else None
        if (self.half == "annual" and self.two and self.l2_in_row["implementation"]
                and not self.l2_in_row["annual"]):
            # the annual group's 二级指标 cell is merged/blank on this row: same heading as 实施期
            self.l2["annual"] = self.l2["implementation"]
        op, number, unit = parse_target(value) if value else (None, None, None)
        self.out.append(PerformanceIndicator(
            project_key=self.key, project_name=self.name, period=self.half,
            level1=self.level1, level2=self.l2[self.half], indicator_name=name.strip(),
            target_value=value or None, target_operator=op, target_number=number,
            target_unit=unit, page_number=page))
        self.last = self.out[-1]
        self.emitted[self.half] = True

    def value_open(self) -> bool:
        """The last value was cut by a wrap ("≥20000人次/" + "年", "≤2590元/人." + "月")."""
        v = self.last.target_value if self.last is not None else None
        if not v:
            return False
        return v[-1] in "/.、～~-" and not self.pending

    def extend_value(self, tok: str):
        ind = self.last
        assert ind is not None and ind.target_value is not None  # value_open() held
        ind.target_value = ind.target_value + tok
        ind.target_operator, ind.target_number, ind.target_unit = parse_target(ind.target_value)


def classify_token(tok: str, nxt: Optional[str]) -> str:
    """'l1' | 'l2' | 'header' | 'text' for one token given the next one."""
    if tok in HEADER_WORDS or without_spaces(tok) in HEADER_WORDS:  # "绩效 指标" (a header cell split by a space)
        return "header"
    if tok == "成本指标":
        return "l1" if nxt in COST_LEVEL2_NAMES else "l2"
    if tok in LEVEL1:
        return "l1"
    if is_level2(tok):
        # "服务对象满意度 ≥95%" (a layout text's row) is an indicator, not the level-2 heading
        return "text" if is_value_like(nxt) else "l2"
    return "text"


def read_tab_rows(rows: list[tuple[list[str], int]], machine: IndicatorReader):
    """Tab-separated rows: cells are whole; name then value within each half; reset per row."""
    for cells, page in rows:
        toks = [c for c in cells if c]
        machine.new_row()
        first = len(machine.out)
        for i, tok in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            kind = classify_token(tok, nxt)
            if kind == "header":
                continue
            if kind == "l1":
                machine.set_level1(tok)
            elif kind == "l2":
                machine.set_level2(tok)
            elif machine.pending:
                machine.set_value(tok)
            else:
                machine.set_name(tok, page)
        machine.flush()
        if (machine.two and machine.l2_in_row["annual"] and not machine.emitted["annual"]
                and machine.emitted["implementation"] and not machine.l2_in_row["implementation"]):
            # "|||法律援助覆盖率|≥100%|质量指标|||" (a tab-separated row): the 实施期 group's 二级指标 cell is
            # missing and the label printed in the (empty) 年度 group's column is the row's heading
            l2 = machine.l2["annual"]
            family = LEVEL2_FAMILY.get(l2) if l2 is not None else None
            for ind in machine.out[first:]:
                if ind.period == "implementation":
                    ind.level2 = l2
                    if family:
                        ind.level1 = family
            machine.l2["implementation"] = l2


def read_token_stream(tokens: list[tuple], machine: IndicatorReader, pdf: bool = False):
    """Layout text: one stream of tokens; cells may be glued or wrapped over lines.

    Tokens are (text, page) or (text, page, alone) where ``alone`` says the token is the only one on
    its line. PDF text (``pdf``) prints cells in drawing order, a wrapped cell's lines one after the
    other on lines of their own: a lone name line followed by a lone line and then a value is one
    wrapped name; a value cut after "/" or "." continues on the next lone line."""
    # 1. split level-2 headings glued to (or truncated before) the next cell
    toks: list[tuple[str, int, bool, int]] = []
    for k, item in enumerate(tokens):
        tok, page = item[0], item[1]
        alone = item[2] if len(item) > 2 else False
        line = item[3] if len(item) > 3 else -1
        if (pdf and is_level2(tok) and k + 1 < len(tokens) and tokens[k + 1][0] == "指标"
                and is_level2(tok + "指标")):
            tok = tok + "指标"  # "服务对象满意度" / "指标": a level-2 cell wrapped before its last word
        if tok in HEADER_WORDS or tok in LEVEL1 or is_level2(tok):
            toks.append((tok, page, alone, line))
            continue
        pre = level2_prefix(tok)
        if pre:
            toks.append((pre[0], page, alone, line))
            if pre[1]:
                toks.append((pre[1], page, alone, line))
            continue
        toks.append((tok, page, alone, line))
    pending_line = None
    i = 0
    n = len(toks)
    while i < n:
        tok, page, alone, line = toks[i]
        nxt = toks[i + 1][0] if i + 1 < n else None
        if machine.pending is None:
            pending_line = None
        elif pending_line is None:
            pending_line = toks[i - 1][3]
        if (pdf and machine.pending and line >= 0 and line == pending_line
                and classify_token(tok, nxt) == "text"):
            machine.set_value(tok)  # PDF text: a name's value cell is printed on its line
            i += 1
            continue
        first_on_line = i > 0 and line >= 0 and toks[i - 1][3] != line
        if (pdf and (alone or first_on_line) and machine.value_open() and len(tok) <= 3
                and not is_value_like(tok) and classify_token(tok, nxt) == "text"):
            # the value's wrapped last line, alone or printed before the next cell's text
            machine.extend_value(tok)
            i += 1
            continue
        if (pdf and alone and machine.pending and toks[i - 1][2] and not is_value_like(tok)
                and nxt is not None and is_value_like(nxt) and classify_token(tok, nxt) == "text"):
            machine.extend_name(tok)  # a wrapped name cell: its lines one after the other
            i += 1
            continue
        kind = classify_token(tok, nxt)
        if kind == "header":
            i += 1
            continue
        if kind == "l1":
            machine.set_level1(tok)
        elif kind == "l2":
            machine.set_level2(tok)
        elif machine.pending:
            if is_value_like(tok):
                machine.set_value(tok)
            elif (nxt is not None and is_value_like(nxt) and not is_value_like(tok)
                  and len(machine.pending[0]) >= 6 and len(tok) <= 4):
                machine.extend_name(tok)  # a wrapped name: "接送监狱重点服刑人" / "员人数"
            else:
                split = split_trailing_value(tok)
                if split and not is_value_like(nxt):
                    machine.flush()
                    machine.set_name(split[0], page)
                    machine.set_value(split[1])
                else:
                    machine.set_name(tok, page)
        else:
            if is_value_like(nxt):
                machine.set_name(tok, page)
            else:
                split = split_trailing_value(tok)
                if split:
                    machine.set_name(split[0], page)
                    machine.set_value(split[1])
                else:
                    machine.set_name(tok, page)
        i += 1
    machine.flush()

