"""The data-quality dashboard: one static, offline HTML page written beside the warehouse on every
run (``dashboard.html``), with page images for failing checks in ``dashboard_pages/``.

- **Overview**: documents, landed / failed, tables, line items, checks passed / failed, and money
  totals (万元: expenditure by 类, “三公”经费), per doc_type.
- **Filters and search** (client-side, over the JSON embedded in the page): region, unit, year,
  type, status and free text; they may be given in the URL (``dashboard.html?unit=…&year=2026``).
- **Charts** (inline SVG drawn here): documents and reconciliation by region, year and doc_type;
  failures by check family (expectations.registry); money by function class (subject code's first
  3 digits, named from marts.dim_subject); “三公”经费 over years; the trend over runs
  (dq.check_runs).
- **Units and years**, **Documents**, and a ``<details>`` section per document (the drill-down)
  listing every failing check with table, page, code, row, expected, actual, difference and
  tolerance, each with its evidence: the page image with the row or statement marked (PDFs,
  rendered with pypdfium2 from the raw store) or the page's text with the line marked, and a link to
  the source at that page. ``dashboard.html#doc-<first 12 hex of document_id>`` opens a section.
- **Sources that could not be read**.

Codes are printed with their Chinese labels (marts.dim_doc_type / dim_table_kind / dim_measure when
the warehouse has them, else flows.dashboard.labels). One query per section; the page is
deterministic (same warehouse, same bytes). Ids and data- attributes tests and readers rely on:
``#overview``, ``#filters``, ``#charts``, ``#units``, ``#documents``, ``#failed-sources``,
``details.document[data-document-id]``, ``tr.failing-check[data-check][data-page]``,
``figure.evidence[data-check][data-page]``, ``[data-filterable]``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.dashboard.page import anchor_of, render

__all__ = ["anchor_of", "build_dashboard"]


def build_dashboard(con: duckdb.DuckDBPyConnection, out_path: Path) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    text = render(con, out_path)
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out_path)
    return out_path
