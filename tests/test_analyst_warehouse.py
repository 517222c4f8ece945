"""The warehouse as analysts read it (issue 16): label tables in Chinese and English that cover
every value the parser produces, every marts table and column described by a DuckDB comment, and a
row hierarchy in fct_line_item whose leaves add up to each table's total — on a warehouse built
from the four seeds and the generated sample (sample/generate.py)."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, run_cli, seed_path

pytestmark = pytest.mark.slow

SEEDS_DIR = REPO / "dbt_project" / "seeds"


def seed_rows(name: str) -> list[dict]:
    with open(SEEDS_DIR / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the label tables cover the parser's vocabulary (no warehouse needed) ----------------------

def test_dim_table_kind_labels_every_kind_the_parser_produces():
    from extract.tables.classify import KINDS

    rows = seed_rows("dim_table_kind")
    assert {r["table_kind"] for r in rows} == set(KINDS)
    for r in rows:
        assert r["label_zh"] and r["label_en"] and r["description"], r


def test_dim_measure_labels_every_measure_the_parser_produces():
    from extract.tables.measures import MEASURES

    rows = seed_rows("dim_measure")
    assert {r["measure"] for r in rows} == set(MEASURES)
    assert len(rows) == len(MEASURES)
    labels = {r["measure"]: r["label_zh"] for r in rows}
    assert labels["total"] == "合计" and labels["public_funds"] == "公用经费"
    assert labels["budget"] == "预算数" and labels["final"] == "决算数"


def test_dim_doc_type_labels_every_doc_type():
    rows = seed_rows("dim_doc_type")
    assert {r["doc_type"]: r["label_zh"] for r in rows} == {
        "budget": "部门预算公开", "final_account": "部门决算公开", "performance": "预算绩效文本"}


def test_dim_check_is_the_registry():
    """dbt_project/seeds/dim_check.csv is what scripts/dim_check_seed.py writes from
    expectations/registry.py: a new or renamed check without its row fails here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dim_check_seed", REPO / "scripts" / "dim_check_seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (SEEDS_DIR / "dim_check.csv").read_text(encoding="utf-8") == module.render(), (
        "run .venv/bin/python scripts/dim_check_seed.py")


# --- a built warehouse: seeds and the sample -------------------------------------------------

@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    from sample.generate import generate_sample

    root = tmp_path_factory.mktemp("analyst_wh")
    sample = generate_sample(root / "sample")
    path = root / "govbudget.duckdb"
    files = [str(seed_path(p)) for p in ("001", "002", "003", "004")] + [str(p) for p in sample]
    code, output = run_cli(["ingest", *files, "--warehouse", str(path)])
    assert code == 0, output
    return path


@pytest.fixture(scope="module")
def con(warehouse):
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


def rows(con, sql, params=()):
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_every_marts_column_has_a_comment(con):
    columns = rows(con, "select table_name, column_name, comment from duckdb_columns() "
                        "where schema_name = 'marts' order by table_name, column_index")
    assert len({c["table_name"] for c in columns}) >= 19
    missing = [(c["table_name"], c["column_name"]) for c in columns if not (c["comment"] or "").strip()]
    assert missing == []


def test_every_marts_table_has_a_comment(con):
    tables = rows(con, "select table_name, comment from duckdb_tables() where schema_name = 'marts'")
    assert [t["table_name"] for t in tables if not (t["comment"] or "").strip()] == []
    comment = {t["table_name"]: t["comment"] for t in tables}
    assert "one row per (row, measure)" in comment["fct_line_item"]


def test_label_tables_are_in_marts_as_seeded(con):
    for name, key in (("dim_table_kind", "table_kind"), ("dim_measure", "measure"),
                      ("dim_doc_type", "doc_type"), ("dim_check", "check_name")):
        built = {r[key]: r["label_zh"] if "label_zh" in r else r["family"]
                 for r in rows(con, f"select * from marts.{name}")}
        seeded = {r[key]: r["label_zh"] if "label_zh" in r else r["family"] for r in seed_rows(name)}
        assert built == seeded, name


def test_every_fact_value_has_a_label(con):
    assert rows(con, "select distinct table_kind from marts.fct_table where table_kind is not null "
                     "and table_kind not in (select table_kind from marts.dim_table_kind)") == []
    assert rows(con, "select distinct measure from marts.fct_line_item "
                     "where measure not in (select measure from marts.dim_measure)") == []
    assert rows(con, "select distinct check_name from dq.check_results "
                     "where check_name not in (select check_name from marts.dim_check)") == []


def test_subject_name_beside_subject_code(con):
    for mart in ("fct_budget_execution", "fct_year_over_year", "fct_text_figure", "fct_line_item"):
        bad = rows(con, f"select m.subject_code, m.subject_name, s.subject_name as dim_name "
                        f"from marts.{mart} m left join marts.dim_subject s using (subject_code) "
                        f"where m.subject_name is distinct from s.subject_name")
        assert bad == [], mart
    named = rows(con, "select subject_name from marts.fct_budget_execution where subject_code = '2040601'")
    assert named and {r["subject_name"] for r in named} == {"行政运行"}


LEAVES_VS_ROOTS = """
    select r.document_id, r.table_id, r.table_kind, r.measure, r.item_name, r.hierarchy_basis,
           r.amount_wan as total_wan, sum(l.amount_wan) as leaves_wan, count(*) as leaves
    from marts.fct_line_item r
    join marts.fct_line_item l
      on l.root_line_item_id = r.line_item_id and l.is_leaf and l.line_item_id <> r.line_item_id
    where r.item_level = 0
    group by all
"""


def test_leaves_add_up_to_every_table_total(con):
    roots = rows(con, LEAVES_VS_ROOTS)
    assert len(roots) >= 100
    # each basis is exercised by the seeds and the sample
    assert {r["hierarchy_basis"] for r in roots} == {
        "three_public_names", "project_rows", "code_prefix", "enumeration", "flat_total"}
    wrong = [r for r in roots
             if abs(r["total_wan"] - r["leaves_wan"]) > Decimal("0.005") * (r["leaves"] + 1)]
    assert wrong == []
    # an honest SUM over the leaves of a kind's tables is the sum of their printed totals
    by_kind = rows(con, """
        select li.table_kind, li.measure,
               sum(li.amount_wan) filter (where li.is_leaf and li.root_line_item_id in (
                   select line_item_id from marts.fct_line_item where item_level = 0)) as leaves_wan,
               sum(li.amount_wan) filter (where li.item_level = 0) as totals_wan,
               count(*) filter (where li.item_level = 0) as totals
        from marts.fct_line_item li
        where li.table_kind = 'three_public'
        group by all""")
    for r in by_kind:
        assert abs(r["leaves_wan"] - r["totals_wan"]) <= Decimal("0.005") * 4 * r["totals"], r


def three_public(con, unit, doc_type, measure):
    return {r["item_name"]: r for r in rows(con, """
        select li.item_name, li.item_level, li.is_leaf, li.amount_wan, p.item_name as parent_name,
               li.hierarchy_basis
        from marts.fct_line_item li
        left join marts.fct_line_item p on p.line_item_id = li.parent_line_item_id
        where li.table_kind = 'three_public' and li.unit_name = ? and li.doc_type = ?
          and li.measure = ?""", [unit, doc_type, measure])}


def test_three_public_vehicles_are_the_parent_of_purchase_and_running(con):
    # seed 002 line 403 (决算数): 合计 38.99 = 公务用车购置及运行维护费 38.64 + 公务接待费 0.36;
    # 38.64 = 公务用车购置费 32.68 + 公务用车运行维护费 5.96
    got = three_public(con, "阳城县司法局", "final_account", "final")
    assert {k: (v["item_level"], v["is_leaf"], v["parent_name"]) for k, v in got.items()} == {
        "合计": (0, False, None),
        "公务用车购置及运行维护费": (1, False, "合计"),
        "公务用车购置费": (2, True, "公务用车购置及运行维护费"),
        "公务用车运行维护费": (2, True, "公务用车购置及运行维护费"),
        "公务接待费": (1, True, "合计"),
    }
    # the sample's unit budget prints 三公 beside 机关运行经费 (Shanghai's layout): outside the 合计
    got = three_public(con, "示范市示范区司法局", "budget", "total")
    assert got["购置费"]["parent_name"] == got["运行费"]["parent_name"] == "公务用车购置及运行费"
    assert got["公务用车购置及运行费"]["parent_name"] == "合计"
    assert got["因公出国（境）费"]["item_level"] == 1
    kept_out = got["机关运行经费"]
    assert (kept_out["parent_name"], kept_out["item_level"], kept_out["is_leaf"],
            kept_out["hierarchy_basis"]) == (None, None, None, None)


def test_code_and_project_hierarchies(con):
    # 003 line 214-216: 204 公共安全支出 751.19 -> 20406 司法 751.19 -> its 项
    chain = rows(con, """
        select li.subject_code, li.item_level, li.is_leaf, p.subject_code as parent_code,
               p.item_name as parent_name
        from marts.fct_line_item li
        left join marts.fct_line_item p on p.line_item_id = li.parent_line_item_id
        where li.unit_name = '长治市屯留区司法局' and li.table_kind = 'expenditure_summary'
          and li.measure = 'total' and li.subject_code in ('204', '20406', '2040601')""")
    assert {(r["subject_code"], r["item_level"], r["is_leaf"], r["parent_code"]) for r in chain} == {
        ("204", 1, False, None), ("20406", 2, False, "204"), ("2040601", 3, True, "20406")}
    assert {r["parent_name"] for r in chain if r["subject_code"] == "204"} == {"合计"}
    # 001 项目支出表: the department's 425.09 -> the units' subtotals -> their projects
    units = rows(con, """
        select li.item_name, li.amount_wan, li.item_level, count(c.line_item_id) as children
        from marts.fct_line_item li
        join marts.dim_document d using (document_id)
        left join marts.fct_line_item c on c.parent_line_item_id = li.line_item_id
        where d.unit_name = '阳泉市司法局' and li.table_kind = 'project_expenditure'
          and li.measure = 'total' and li.is_total
        group by all order by li.item_level, li.amount_wan desc""")
    assert [(r["amount_wan"], r["item_level"], r["children"]) for r in units] == [
        (Decimal("425.09"), 0, 3), (Decimal("331.70"), 1, 7), (Decimal("84.99"), 1, 7),
        (Decimal("8.40"), 1, 1)]


def test_a_table_kind_without_a_label_fails_the_build(tmp_path):
    """A kind the parser starts producing without a row in dim_table_kind fails `dbt build`
    (fct_table_relationships and fct_line_item_relationships), not only a warning."""
    from flows.dbt_runner import run_dbt_build
    from flows.warehouse import connect
    from tests.test_dbt_models import _attempt, _document, _lines, _table, sha

    path = tmp_path / "govbudget.duckdb"
    con = connect(path)
    doc, uri = sha("unlabelled-kind"), "/data/unlabelled.pdf"
    _document(con, doc, uri, "unlabelled.pdf", 2024, "budget", datetime(2026, 3, 1, 8, 0))
    _attempt(con, uri, 0, "landed", doc)
    _table(con, doc, 1, "brand_new_kind", "新表", rows=1)
    _lines(con, doc, 1, [(3, None, None, "合计", True, "total", "1.00", None)])
    con.close()
    with pytest.raises(RuntimeError) as failed:
        run_dbt_build(path)
    assert "dim_table_kind" in str(failed.value)
