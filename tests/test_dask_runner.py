"""`--runner dask` (a local Dask cluster of 2 workers through prefect-dask) gives the same
warehouse as the local runner on two seeds: same documents, same line items, same tables."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import run_cli, seed_path

pytestmark = pytest.mark.slow

LINE_ITEMS = ("SELECT document_id, table_id, table_kind, page_number, row_number, side, unit_name,"
              " subject_code, economic_code, item_name, is_total, measure, amount_wan::VARCHAR,"
              " unit_as_printed FROM marts.fct_line_item ORDER BY ALL")
RAW_LINE_ITEMS = ("SELECT * EXCLUDE (amount_wan), amount_wan::VARCHAR FROM raw.line_items "
                  "ORDER BY ALL")
TABLES = ("SELECT document_id, table_id, table_kind, table_title, page_from, page_to, "
          "unit_as_printed, is_empty, row_count FROM marts.fct_table ORDER BY ALL")
DOCS = ("SELECT document_id, unit_name, fiscal_year, doc_type, status, is_current, page_count "
        "FROM marts.dim_document ORDER BY ALL")


def _read(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {q: con.execute(q).fetchall() for q in (LINE_ITEMS, RAW_LINE_ITEMS, TABLES, DOCS)}
    finally:
        con.close()


@pytest.mark.parametrize("seeds", [("001", "002")])
def test_dask_runner_gives_the_same_line_items_as_the_local_runner(tmp_path, seeds):
    files = [str(seed_path(p)) for p in seeds]
    local_wh, dask_wh = tmp_path / "local" / "gb.duckdb", tmp_path / "dask" / "gb.duckdb"
    code, out = run_cli(["ingest", *files, "--warehouse", str(local_wh), "--workers", "2"])
    assert code == 0, out
    code, out = run_cli(["ingest", *files, "--warehouse", str(dask_wh), "--runner", "dask",
                         "--workers", "2"])
    assert code == 0, out
    print("\n" + out)
    local, dask = _read(local_wh), _read(dask_wh)
    assert len(local[LINE_ITEMS]) > 100
    assert len({r[0] for r in local[LINE_ITEMS]}) == 2
    for query in local:
        assert dask[query] == local[query], query
