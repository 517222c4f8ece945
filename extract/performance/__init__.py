"""Performance targets and self-evaluations as facts (CONTRACT.md: fct_performance_project / _indicator).

``read_performance(doc)`` fills ``doc.performance_projects`` / ``doc.performance_indicators`` (and
staffing figures as ``doc.statistics``) from these readers:

- ``grid`` (PDF documents): tables found in ``doc.tables`` whose header names indicator columns —
  form-like tables (``grid_forms``: one project or a department per block: Xi'an, Yantai,
  Guangzhou's 部门整体预算绩效目标申报表), columnar tables (``grid_columnar``: Changsha, project
  columns beside the indicator columns), and prose tables whose 绩效指标 cell is a sentence list
  (``prose_goals``: Guangzhou).
- ``text`` (every document): the page text, for the seeds' text conversions and for PDF tables the
  grid reader did not claim (a title printed on a page the grid reader read starts no text block);
  each kind of table in a module of its own: ``project_targets`` (项目支出绩效目标表),
  ``self_evaluations`` (项目支出绩效自评表), ``department_goals`` (部门整体支出绩效目标),
  ``prose_goals`` (分项绩效目标 written as sentences).
- ``prose_goals.read_key_project_goals``: "重点项目预算绩效目标情况" lists in a budget's explanation.
- ``evaluation_reports.read_evaluation_result``: an evaluation report's result in prose (the
  evaluated programme's money, score and grade), when no table gave a project.

Shared: ``common`` (the grid readers' indicator vocabulary and cell helpers), ``grid_tables`` and
``grid_indicators`` (logical tables, column roles, indicator rows of a grid), ``text_cells`` and
``text_indicators`` (the text readers' vocabulary, cell helpers and indicator state machine).

A project is its unit plus its name (``project_key``); repeated keys get "#2", "#3".
"""

from __future__ import annotations

from extract.model import Document
from extract.performance.text import read_text_blocks, make_project_keys_unique, read_performance_text

__all__ = ["read_performance", "read_performance_text"]


def read_performance(doc: Document) -> None:
    """Append the document's performance projects and indicators (and staffing statistics)."""
    text = "\n".join(doc.pages_text or [])
    if not text.strip():
        return
    pdf = getattr(doc, "format", None) == "pdf"
    projects, indicators, stats = [], [], []
    skip: set = set()
    if pdf:
        try:
            from extract.performance.grid import read_grid_tables
            grid = read_grid_tables(doc)
            projects.extend(grid.projects)
            indicators.extend(grid.indicators)
            skip = grid.pages
        except Exception as exc:  # a layout this reader does not know must not lose the document
            doc.warnings.append(f"performance tables (grid) not read: {type(exc).__name__}: {exc}")
    try:
        p2, i2, stats = read_text_blocks(text, doc.pages_text, doc.unit_name, pdf=pdf, skip_pages=skip,
                                         finalize=False)
        projects.extend(p2)
        indicators.extend(i2)
    except Exception as exc:
        doc.warnings.append(f"performance tables not read: {type(exc).__name__}: {exc}")
    try:
        from extract.performance.prose_goals import read_key_project_goals
        have = {(p.project_name, p.annual_amount_wan) for p in projects}
        projects.extend(p for p in read_key_project_goals(doc)
                        if (p.project_name, p.annual_amount_wan) not in have)
    except Exception as exc:
        doc.warnings.append(f"key project goals not read: {type(exc).__name__}: {exc}")
    if not projects and doc.doc_type == "performance":
        try:  # an evaluation report: no indicator table, the result stated in prose
            from extract.performance.evaluation_reports import read_evaluation_result
            projects.extend(read_evaluation_result(doc))
            if doc.unit_name is None and projects and projects[0].unit_name:
                doc.unit_name = projects[0].unit_name  # named above the title or as 对X（以下简称
        except Exception as exc:
            doc.warnings.append(f"evaluation result not read: {type(exc).__name__}: {exc}")
    order = {id(p): k for k, p in enumerate(projects)}
    projects.sort(key=lambda p: (p.page_number, order[id(p)]))
    make_project_keys_unique(projects, indicators)
    for ind in indicators:
        ind.__dict__.pop("_owner", None)
    doc.performance_projects.extend(projects)
    doc.performance_indicators.extend(indicators)
    have_items = {s.item_name for s in doc.statistics}
    doc.statistics.extend(s for s in stats if s.item_name not in have_items)
