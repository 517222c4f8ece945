"""The one reader of the warehouse for every check family.

A ``WarehouseReader`` covers a set of documents (a chunk of a run, or all) and loads what the
families need from the warehouse once, on first use: line items (as printed and normalised), tables,
documents, pages, performance projects and indicators, and the text's statements
(``marts.fct_text_figure``, else ``raw.text_figures``). Cross-document checks also read other
documents (the same unit's budget, last year's document): ``documents_where`` and
``normalised_items_of`` load those, each document once. A relation the warehouse lacks reads as
empty, so a family that needs it finds nothing to check.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional, Sequence

from expectations import identities as ids

DOCUMENT_COLUMNS = ("document_id", "unit_name", "fiscal_year", "doc_type", "scope", "file_name",
                    "status", "is_current")


def relation_exists(con, schema: str, name: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name]).fetchone()[0] > 0


def relation_columns(con, schema: str, name: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND "
        "table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()]


def fetch_dicts(con, sql: str, params: Sequence = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]  # DECIMAL stays Decimal


class WarehouseReader:
    """What the check families read, for ``document_ids`` (every document when None)."""

    def __init__(self, con, document_ids: Optional[Sequence[str]] = None):
        self.con = con
        self.document_ids = None if document_ids is None else list(document_ids)
        self._other_items: dict = {}

    # ------------------------------------------------------------------ helpers

    def _where(self, column: str = "document_id", joiner: str = " WHERE ") -> tuple[str, list]:
        if self.document_ids is None:
            return "", []
        if not self.document_ids:
            return f"{joiner}false", []
        marks = ", ".join("?" for _ in self.document_ids)
        return f"{joiner}{column} IN ({marks})", list(self.document_ids)

    def _exists(self, schema: str, name: str) -> bool:
        return relation_exists(self.con, schema, name)

    def _select_all(self, schema: str, name: str) -> list[dict]:
        if not self._exists(schema, name):
            return []
        where, params = self._where()
        return fetch_dicts(self.con, f"SELECT * FROM {schema}.{name}{where}", params)  # noqa: S608 — constant schema and relation names; {where} from _where: '?' placeholders

    # ------------------------------------------------------------------ this reader's documents

    @cached_property
    def line_items(self) -> list[dict]:
        """marts.fct_line_item rows as stored."""
        return self._select_all("marts", "fct_line_item")

    @cached_property
    def normalised_line_items(self) -> list[dict]:
        """``identities.normalise`` of the line items: Decimal amounts, int decimals, digit codes."""
        return ids.normalise(self.line_items)

    @cached_property
    def line_items_by_document(self) -> dict:
        by_doc: dict = {}
        for li in self.line_items:
            by_doc.setdefault(li.get("document_id"), []).append(li)
        return by_doc

    @cached_property
    def normalised_by_document(self) -> dict:
        by_doc: dict = {}
        for li in self.normalised_line_items:
            by_doc.setdefault(li["document_id"], []).append(li)
        return by_doc

    @cached_property
    def tables(self) -> list[dict]:
        """marts.fct_table rows."""
        return self._select_all("marts", "fct_table")

    @cached_property
    def documents(self) -> list[dict]:
        """marts.dim_document rows (document_id, doc_type, status, is_current where present)."""
        if not self._exists("marts", "dim_document"):
            return []
        cols = relation_columns(self.con, "marts", "dim_document")
        keep = [c for c in ("document_id", "doc_type", "status", "is_current") if c in cols]
        where, params = self._where()
        return fetch_dicts(self.con, f"SELECT {', '.join(keep)} FROM marts.dim_document{where}",  # noqa: S608 — column names from information_schema; {where} from _where: '?' placeholders
                           params)

    @cached_property
    def doc_types(self) -> dict:
        """document_id -> doc_type of every document in dim_document (landed or not)."""
        return {d["document_id"]: d.get("doc_type") for d in self.documents}

    @cached_property
    def pages(self) -> dict:
        """document_id -> [page text, …] from raw.pages (page n at index n − 1)."""
        if not self._exists("raw", "pages"):
            return {}
        where, params = self._where()
        pages: dict = {}
        for doc, number, text in self.con.execute(
                f"SELECT document_id, page_number, text FROM raw.pages{where} "  # noqa: S608 — {where} from _where: '?' placeholders, constant conditions
                "ORDER BY document_id, page_number", params).fetchall():
            lst = pages.setdefault(doc, [])
            while len(lst) < (number or 1) - 1:
                lst.append("")
            lst.append(text or "")
        return pages

    @cached_property
    def text_figures(self) -> list[dict]:
        """The text's statements: marts.fct_text_figure, else raw.text_figures."""
        for schema, name in (("marts", "fct_text_figure"), ("raw", "text_figures")):
            if self._exists(schema, name):
                return self._select_all(schema, name)
        return []

    @cached_property
    def performance_projects(self) -> list[dict]:
        """marts.fct_performance_project rows of current documents, in page order."""
        if not self._exists("marts", "fct_performance_project"):
            return []
        cols = set(relation_columns(self.con, "marts", "fct_performance_project"))
        current = " and coalesce(is_current, true)" if "is_current" in cols else ""
        extra = "extra_json" if "extra_json" in cols else "null as extra_json"
        where, params = self._where(joiner=" and ")
        return fetch_dicts(self.con, f"""
            select document_id, project_key, page_number, project_name, unit_name, kind,
                   annual_amount_wan, executed_amount_wan, execution_rate, total_score, grade,
                   {extra}
            from marts.fct_performance_project where true{current}{where}
            order by document_id, page_number, project_key""", params)  # noqa: S608 — {extra} a constant column or NULL AS …; {current}, {where} constant with '?' placeholders

    @cached_property
    def performance_indicators(self) -> list[dict]:
        """marts.fct_performance_indicator rows (document_id, project_key, score, weight) of the
        documents that have performance projects."""
        doc_ids = sorted({p["document_id"] for p in self.performance_projects})
        if not doc_ids or not self._exists("marts", "fct_performance_indicator"):
            return []
        marks = ", ".join("?" for _ in doc_ids)
        return fetch_dicts(self.con, f"""
            select document_id, project_key, score, weight from marts.fct_performance_indicator
            where project_key is not null and document_id in ({marks})""", doc_ids)  # noqa: S608 — {marks} is a '?, ?, …' placeholder list

    # ------------------------------------------------------------------ other documents

    def documents_where(self, where: str, params: Sequence) -> list[dict]:
        """Landed, current documents of the whole warehouse matching ``where`` (SQL over
        marts.dim_document), with the columns the cross-document checks name."""
        if not self._exists("marts", "dim_document"):
            return []
        cols = set(relation_columns(self.con, "marts", "dim_document"))
        current = "coalesce(is_current, true)" if "is_current" in cols else "true"
        status = "coalesce(status, 'landed') = 'landed'" if "status" in cols else "true"
        select = ", ".join(c if c in cols else f"NULL AS {c}" for c in DOCUMENT_COLUMNS[:6])
        return fetch_dicts(self.con, f"SELECT {select} FROM marts.dim_document WHERE {status} "  # noqa: S608 — constant expressions and column names; {where} constant with '?' parameters
                                     f"AND {current} AND {where}", params)

    def normalised_items_of(self, document_id: str) -> list[dict]:
        """A document's normalised line items, this reader's or loaded once from the warehouse."""
        if self.document_ids is not None and document_id not in self.document_ids:
            if document_id not in self._other_items:
                rows = fetch_dicts(self.con, "SELECT * FROM marts.fct_line_item WHERE "
                                             "document_id = ?", [document_id])
                self._other_items[document_id] = ids.normalise(rows)
            return self._other_items[document_id]
        return self.normalised_by_document.get(document_id, [])
