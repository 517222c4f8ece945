"""Reconciliation identities over line items (DOMAIN.md "Identities that must hold").

Pure functions: they take line items (a pandas DataFrame or a list of dicts with the columns of
``marts.fct_line_item``) and return one ``CheckResult`` per identity instance. Nothing here touches
a database: the registry (``expectations.registry``) runs them over what the ``WarehouseReader``
read, and ``expectations.runner`` stores the results.

This module is the identities' front: ``check_line_items`` runs all of them, and the names callers
use are importable from here. They live in ``line_items`` (normalising, ``identity``, constants,
``DESCRIPTIONS``), ``table_identities`` and ``summary_tables`` (within a table) and
``document_identities`` (across tables, codes, completeness).

Arithmetic is exact (``Decimal``). The tolerance rule is DOMAIN.md's (``expectations.results.
tolerance``): an identity holds when its two sides differ by at most half a unit of the last
printed digit of every printed number taking part in it, in 万元. A blank (missing) addend counts
as 0 and adds no tolerance. Every check name is documented in ``CHECKS.md``.
"""

from __future__ import annotations

from typing import Optional, Sequence, Union

import pandas as pd

# the names callers import from here
from expectations.document_identities import (  # noqa: F401
    CODE_CHECK_EXCLUDED, check_across_tables, check_codes, check_completeness)
from expectations.line_items import (  # noqa: F401
    COMPARISON_MEASURES, DEFAULT_DECIMALS, DESCRIPTIONS, ECONOMIC_CLASS_NAMES, ECONOMIC_KINDS,
    EXPENDITURE_PARTS, FISCAL_PARTS, FUNCTION_KINDS_EXCLUDED, LINE_ITEM_COLUMNS, PERSONNEL_CLASSES,
    PROJECT_KINDS, REQUIRED_TABLES, SOURCE_PARTS, TWO_SIDED_KINDS, item_per_measure, first_total_item,
    grouped_by, is_sum_row_name, measures_in_print_order, is_missing, squeezed_name, line_name_key, printed_rows, to_decimal, item_with_measure,
    identity, normalise, number_tolerance, tolerance_for)
from expectations.results import (  # noqa: F401
    ERROR, FAIL, NOT_APPLICABLE, PASS, UNIT_FACTORS_TO_WAN, WARNING, ZERO, CheckResult, judge,
    tolerance)
from expectations.summary_tables import check_two_sided  # noqa: F401
from expectations.table_identities import (  # noqa: F401
    check_economic, check_function_hierarchy, check_operating_cost, check_project_table,
    check_row_identities, check_table, check_three_public, check_units_total)


# ----------------------------------------------------------------------------- entry points

def check_line_items(line_items: Union[pd.DataFrame, Sequence[dict]], *,
                     across_tables: bool = True, doc_types: Optional[dict] = None
                     ) -> list[CheckResult]:
    """Every identity instance over the given line items (any number of documents/tables).
    ``doc_types``: document_id -> doc_type, where known (some cross-table identities depend on
    it)."""
    items = normalise(line_items)
    doc_types = doc_types or {}
    results: list[CheckResult] = []
    for (doc,), doc_items in grouped_by(items, "document_id").items():
        for _, t_items in sorted(grouped_by(doc_items, "table_id").items(),
                                 key=lambda kv: str(kv[0][0])):
            results += check_table(t_items)
        if across_tables:
            results += check_across_tables(doc_items, doc_types.get(doc))
            results += check_codes(doc_items)
    return results


def results_frame(results: Sequence[CheckResult]) -> pd.DataFrame:
    cols = list(CheckResult.__dataclass_fields__)
    return pd.DataFrame([r.as_dict() for r in results], columns=cols)
