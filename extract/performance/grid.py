"""Performance tables read from a PDF's table grids (``doc.tables``), layouts recognised by meaning.

A performance table is one whose header row names indicator columns (一级/二级/三级指标 or 指标内容,
and 指标值 / 实施周期指标值 / 实际完成值 / 分值 …). Three families:

- **form** (``grid_forms``): one project (or a department) per block: label rows above the indicator
  header (项目名称 / 专项（项目）名称, 主管部门(及代码), 实施单位, 资金 amounts, 年度目标), then one row
  per indicator, optionally a 总分 row. Xi'an's 部门专项业务经费绩效目标表 and 项目绩效自评表, Yantai's
  政策和项目预算绩效目标表, the 部门整体支出绩效目标表 / 部门整体预算绩效目标申报表 of Xi'an and
  Guangzhou (department level: indicators without a project).
- **columnar** (``grid_columnar``): project columns (单位编码, 单位（项目）名称, 资金总额, 绩效目标) on the
  same rows as the indicator columns, many projects in one table over many pages (Changsha's
  项目支出绩效目标表; its 部门整体支出绩效目标表 is the department-level variant).
- **prose** (``prose_goals.read_prose_table``): one row per project whose 绩效指标 cell is a sentence
  list ("1、1-产出指标；11-数量指标；…；实施周期指标值:≥20场；年度指标值:≥20场。") — Guangzhou.

The grids carry the PDF reader's defects, which these readers undo where the printed page allows:
merged columns (labels glued or interleaved, decoded from the vocabulary in ``common``), merged rows
(a 总分 row glued under the last indicator: "10100" = 10 + 100; fund rows "240240"), a header row
glued to the first data row of a page, and cells that swallowed neighbouring columns (Changsha's
continuation pages). Label/value fields that the grid garbles are read from the page text instead.

Shared by the three: ``grid_tables`` (logical tables, header roles) and ``grid_indicators`` (value
columns and indicator rows); department-level tables are told by ``department_goals``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Document, PerformanceIndicator, PerformanceProject
from extract.performance.common import is_indicator_header
from extract.performance.department_goals import is_columnar_department_table, is_department_table
from extract.performance.grid_columnar import read_columnar
from extract.performance.grid_forms import read_form
from extract.performance.grid_tables import (
    LogicalTable, indicator_header_rows, logical_tables, looks_performance, merged_roles,
)


# ----------------------------------------------------------------------------------------------
# entry point

@dataclass
class GridResult:
    projects: list[PerformanceProject] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    pages: set = field(default_factory=set)  # pages whose performance tables were read here


def read_grid_tables(doc: Document) -> GridResult:
    from extract.performance.prose_goals import read_prose_table, is_prose_header

    res = GridResult()
    for lt in logical_tables(doc):
        if not lt.rows:
            continue
        header_idx = next((k for k, r in enumerate(lt.rows) if is_prose_header(r.cells)), None)
        if (header_idx is not None and "绩效" in lt.title + "".join(lt.rows[header_idx].cells)
                and not any(is_indicator_header(r.cells) for r in lt.rows[header_idx:header_idx + 3])):
            got = read_prose_table(lt, header_idx, doc)
            if got is not None:
                _add(res, lt, got)
            continue
        if not looks_performance(lt):
            continue
        first_hdr = next((k for k, r in enumerate(lt.rows) if is_indicator_header(r.cells)), None)
        dept_level = is_department_table(lt)
        if first_hdr is None:  # the grid lost the header row: indicator rows found by their labels
            got = read_form(lt, doc, dept_level)
            if got is not None:
                _add(res, lt, got)
            continue
        hdr_rows = indicator_header_rows(lt.rows, first_hdr)
        roles = merged_roles([r.cells for r in hdr_rows])
        level_cols = [k for k, rs in enumerate(roles) if {"l1", "l2", "l3"} & set(rs)]
        project_cols = [k for k, rs in enumerate(roles)
                        if k < min(level_cols) and {"pname", "ucode", "goal", "amount"} & set(rs)]
        if project_cols or (dept_level and is_columnar_department_table(lt, first_hdr)):
            got = read_columnar(lt, first_hdr, doc, dept_level)
        else:
            got = read_form(lt, doc, dept_level)
        if got is not None:
            _add(res, lt, got)
    return res


def _add(res: GridResult, lt: LogicalTable, got):
    projects, indicators = got
    if not projects and not indicators:
        return
    res.projects.extend(projects)
    res.indicators.extend(indicators)
    res.pages.update(lt.pages)
