"""部门整体支出绩效目标 (department level) read from text: the indicators of the department as a
whole (``project_key`` None, one period) and the staffing figures printed above them (编制数,
在职人数, …) as ``Statistic``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from typing import TYPE_CHECKING

from extract.model import Statistic
from extract.performance.text_cells import SECTION_RE, without_spaces, stream_tokens, undouble
from extract.performance.text_indicators import IndicatorReader, read_token_stream

if TYPE_CHECKING:
    from extract.performance.grid_tables import LogicalTable


_STAFF = (("核定的人员编制数", "编制数"), ("实际在职人员总数", "在职人数"),
          ("在编人员数", "在编人员数"), ("其他人员数", "其他人员数"))


def read_department(lines, block, doc, indicators, stats):
    """Read a 部门整体 block of text lines: staff counts into stats, its indicators into indicators."""
    text_lines = [(i, lines[i]) for i in block]
    for i, line in text_lines:
        t = undouble(without_spaces(line))
        for printed, _short in _STAFF:
            m = re.search(re.escape(printed) + r"[:：]?(\d+)(人)?", t)
            if m and not any(s.item_name == printed for s in stats):
                stats.append(Statistic(table_id=None, page_number=doc.page(i), item_name=printed,
                                       value=Decimal(m.group(1)), unit_as_printed=m.group(2)))
    start = None
    for i, line in text_lines:
        t = without_spaces(line)
        if "一级指标" in t and "三级指标" in t:
            start = i
            break
    if start is None:
        return
    end = block[-1] + 1
    for i in range(start + 1, end):
        t = undouble(without_spaces(lines[i]))
        if t.startswith("负责人") or SECTION_RE.match(lines[i]):
            end = i
            break
    machine = IndicatorReader(indicators, None, None, two_periods=False)
    read_token_stream(stream_tokens(lines, range(start, end), doc), machine)


# --------------------------------------------------------------------------- department grids

def is_department_table(lt: LogicalTable) -> bool:
    """Whether a performance grid is a department-level (部门整体) table rather than a project's."""
    t = lt.title
    if "专项" in t and "部门整体" not in t:
        return False
    if any(w in t for w in ("部门整体", "整体支出", "整体预算绩效", "单位整体")):
        return True
    for r in lt.rows[:3]:
        f = r.first()
        if f.startswith(("部门（单位）名称", "部门名称", "单位名称")) and "项目" not in f:
            return True
    return False


def is_columnar_department_table(lt: LogicalTable, first_hdr: int) -> bool:
    """Changsha's 部门整体支出绩效目标表: the indicator header is the table's first row (no label rows
    above it: the unit, its money and goals are columns)."""
    return first_hdr == 0
