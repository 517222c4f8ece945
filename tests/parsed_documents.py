"""Helpers for tests that read a parsed Document (extract.pipeline.parse_document) directly:
its tables by kind, its line items by attribute, and the check rows the warehouse would give."""

from __future__ import annotations

from expectations import identities as ids


def table_of_kind(doc, kind: str):
    """The one table of that kind in the document."""
    tables = [t for t in doc.tables if t.table_kind == kind]
    assert len(tables) == 1, [t.title for t in tables]
    return tables[0]


def items_of(doc, table, **where) -> list:
    return [li for li in doc.line_items if li.table_id == table.table_id
            and all(getattr(li, k) == v for k, v in where.items())]


def one_item(doc, table, **where):
    found = items_of(doc, table, **where)
    assert len(found) == 1, (where, [(li.row_number, li.amount_as_printed) for li in found])
    return found[0]


def check_rows(doc, fill_unit: bool = False) -> list[dict]:
    """The document's line items as the checks read them from marts.fct_line_item (with
    ``fill_unit``, a row without a unit gets the document's, as the mart fills it)."""
    tables = {t.table_id: t for t in doc.tables}
    out = []
    for li in doc.line_items:
        t = tables[li.table_id]
        d = dict(li.__dict__)
        d.update(document_id=doc.document_id, table_kind=t.table_kind, table_title=t.title,
                 unit_as_printed=t.unit_as_printed or "万元")
        if fill_unit:
            d["unit_name"] = li.unit_name or doc.unit_name
        out.append(d)
    return out


def check_results(doc, fill_unit: bool = False) -> list:
    return ids.check_line_items(check_rows(doc, fill_unit), doc_types={doc.document_id: doc.doc_type})
