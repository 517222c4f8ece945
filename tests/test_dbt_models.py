"""The dbt project on a small hand-made warehouse: raw rows in, marts' values out.

One unit (长治市屯留区司法局) with a 2023 budget, a 2024 budget landed twice at the same address
(the second file replaces the first), a 2024 final account, and one source that never landed.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from flows.dbt_runner import dbt_state_dir, run_dbt_build
from flows.warehouse import connect

CHECK_CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "check_contract.py"

UNIT = "长治市屯留区司法局"
CHILD = "屯留区法律援助中心"
T0 = datetime(2026, 3, 1, 8, 0, 0)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


B_OLD, B_NEW, FINAL, PRIOR = sha("budget-2024-v1"), sha("budget-2024-v2"), sha("final-2024"), sha("budget-2023")
S_BUDGET = "https://czj.example.gov.cn/2024/tunliu-sifaju-budget.pdf"
S_FINAL = "https://czj.example.gov.cn/2024/tunliu-sifaju-final.pdf"
S_PRIOR = "/data/2023/tunliu-sifaju-budget-2023.pdf"
S_BAD = "https://czj.example.gov.cn/2024/broken.pdf"
BAD = sha(S_BAD)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _document(con, document_id, source_uri, file_name, fiscal_year, doc_type, ingested_at):
    con.execute(
        "INSERT INTO raw.documents (document_id, source_uri, file_name, format, doc_title, unit_name,"
        " unit_code, region_code, fiscal_year, doc_type, scope, page_count, status, parser_version,"
        " ingested_at, byte_size) VALUES (?, ?, ?, 'pdf', ?, ?, '028', '140405', ?, ?, 'department',"
        " 20, 'landed', 'test', ?, 1000)",
        [document_id, source_uri, file_name, f"{UNIT}{fiscal_year}年{doc_type}", UNIT, fiscal_year,
         doc_type, ingested_at],
    )


def _attempt(con, source_uri, minutes, status, document_id, error=None):
    con.execute("INSERT INTO raw.source_attempts VALUES (?, ?, ?, ?, ?, ?, '{}')",
                [f"run-{minutes}", source_uri, at(minutes), status, error, document_id])


def _table(con, document_id, table_id, kind, title, unit="万元", is_empty=False, rows=0):
    con.execute(
        "INSERT INTO raw.tables VALUES (?, ?, ?, ?, 3, 3, ?, ?, NULL, NULL, '[]', ?)",
        [document_id, table_id, kind, title, unit, is_empty, rows],
    )


def _lines(con, document_id, table_id, rows):
    """rows: (row_number, subject_code, economic_code, item_name, is_total, measure, amount, unit_name)"""
    for row_number, subject, economic, item, is_total, measure, amount, unit_name in rows:
        con.execute(
            "INSERT INTO raw.line_items VALUES (?, ?, 3, ?, 2, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 2)",
            [document_id, table_id, row_number, unit_name, subject, economic, item, is_total,
             measure, Decimal(amount), amount],
        )


GENERAL = "一般公共预算支出预算表"


def build_raw(path: Path) -> None:
    con = connect(path)
    # 2023 budget (prior year)
    _document(con, PRIOR, S_PRIOR, "tunliu-sifaju-budget-2023.pdf", 2023, "budget", at(0))
    _attempt(con, S_PRIOR, 0, "landed", PRIOR)
    _table(con, PRIOR, 1, "general_budget_expenditure", "2023年" + GENERAL, rows=3)
    _lines(con, PRIOR, 1, [
        (3, None, None, "合计", True, "total", "80.00", None),
        (4, "204", None, "公共安全支出", False, "total", "80.00", None),
        (5, "2040601", None, "行政运行", False, "total", "80.00", None),
    ])
    # 2024 budget, first version, later replaced at the same address
    _document(con, B_OLD, S_BUDGET, "tunliu-sifaju-budget.pdf", 2024, "budget", at(10))
    _attempt(con, S_BUDGET, 10, "landed", B_OLD)
    _table(con, B_OLD, 1, "general_budget_expenditure", "2024年" + GENERAL, rows=2)
    _lines(con, B_OLD, 1, [
        (3, None, None, "合计", True, "total", "90.00", None),
        (4, "204", None, "公共安全支出", False, "total", "90.00", None),
    ])
    # 2024 budget, corrected version at the same address
    _document(con, B_NEW, S_BUDGET, "tunliu-sifaju-budget.pdf", 2024, "budget", at(20))
    _attempt(con, S_BUDGET, 20, "landed", B_NEW)
    _table(con, B_NEW, 1, "general_budget_expenditure", "2024年" + GENERAL, rows=5)
    _lines(con, B_NEW, 1, [
        (3, None, None, "合计", True, "total", "100.00", None),
        (4, "204", None, "公共安全支出", False, "total", "100.00", None),
        (5, "204 06", None, "司法", False, "total", "100.00", None),
        (6, "2040601", None, "行政运行", False, "total", "80.00", None),
        (6, "2040601", None, "行政运行", False, "basic", "80.00", None),
        (7, "2040602", None, "一般行政管理事务", False, "total", "20.00", None),
    ])
    _table(con, B_NEW, 2, "project_expenditure", "2024年项目支出预算表", rows=2)
    _lines(con, B_NEW, 2, [
        (3, "2040604", None, "法律援助经费", False, "total", "5.00", CHILD),
        (4, "2040602", None, "普法宣传", False, "total", "3.00", None),
    ])
    _table(con, B_NEW, 3, "basic_expenditure_economic", "2024年一般公共预算基本支出表", unit=None,
           rows=2)
    _lines(con, B_NEW, 3, [
        (3, None, "301 01", "基本工资", False, "total", "50.00", None),
        (4, None, "30201", "1.办公费", False, "total", "30.00", None),
    ])
    con.execute("INSERT INTO raw.statistics VALUES (?, 1, 9, '公务用车保有量', 2, '辆')", [B_NEW])
    con.execute(
        "INSERT INTO raw.performance_projects (document_id, project_key, page_number, project_name,"
        " unit_name, kind, annual_amount_wan) VALUES (?, ?, 12, '普法宣传', ?, 'target', 3.0)",
        [B_NEW, f"{UNIT}|普法宣传", UNIT])
    con.execute(
        "INSERT INTO raw.performance_indicators (document_id, project_key, project_name, period,"
        " level1, level2, indicator_name, target_value, target_operator, target_number,"
        " target_unit, page_number) VALUES (?, ?, '普法宣传', 'annual', '产出指标', '数量指标',"
        " '宣传场次', '≥20场', '>=', 20, '场', 12)", [B_NEW, f"{UNIT}|普法宣传"])
    # 2024 final account; a later attempt at the same address failed
    _document(con, FINAL, S_FINAL, "tunliu-sifaju-final.pdf", 2024, "final_account", at(30))
    _attempt(con, S_FINAL, 30, "landed", FINAL)
    _attempt(con, S_FINAL, 40, "failed", None, "HTTP 503")
    _table(con, FINAL, 1, "general_budget_expenditure", "2024年一般公共预算财政拨款支出决算表",
           rows=6)
    _lines(con, FINAL, 1, [
        (3, None, None, "合计", True, "total", "95.50", None),
        (4, "204", None, "一、公共安全支出", False, "total", "95.50", None),
        (5, "20406", None, "（一）司法", False, "total", "95.50", None),
        (6, "2040601", None, "行政运行", False, "total", "78.00", None),
        (7, "2040602", None, "一般行政管理事务", False, "total", "17.50", None),
        (8, "2080501", None, "2080501 行政单位离退休", False, "total", "0.00", None),
    ])
    _table(con, FINAL, 2, "three_public", "2024年财政拨款“三公”经费支出决算表", is_empty=True)
    # a source that never landed; a stray row under its id must not reach the facts
    con.execute(
        "INSERT INTO raw.documents (document_id, source_uri, file_name, status, error_message,"
        " parser_version, ingested_at) VALUES (?, ?, '2024年部门决算.pdf', 'failed', 'not a PDF', 'test', ?)",
        [BAD, S_BAD, at(50)])
    _attempt(con, S_BAD, 50, "failed", BAD, "not a PDF")
    _lines(con, BAD, 1, [(3, "204", None, "公共安全支出", False, "total", "1.00", None)])
    con.execute("INSERT INTO raw.regions VALUES ('140405', '山西省长治市屯留区', '屯留区', 'county')")
    con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dbt") / "govbudget.duckdb"
    build_raw(path)
    run_dbt_build(path)
    return path


@pytest.fixture()
def con(warehouse):
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


def rows(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_schemas_and_no_dbt_files_in_repo(con, warehouse):
    schemas = {r[0] for r in rows(con, "select distinct table_schema from information_schema.tables")}
    assert {"raw", "staging", "intermediate", "marts", "dq"} <= schemas
    assert not any(s.startswith("main_") for s in schemas)
    assert (dbt_state_dir(warehouse) / "target").is_dir()
    repo_dbt = Path(__file__).resolve().parents[1] / "dbt_project"
    assert not (repo_dbt / "target").exists() and not (repo_dbt / "logs").exists()


def test_dim_document_is_current(con):
    got = dict(rows(con, "select document_id, is_current from marts.dim_document"))
    assert got == {PRIOR: True, B_OLD: False, B_NEW: True, FINAL: True, BAD: False}
    assert rows(con, "select superseded_by_document_id, status from marts.dim_document "
                     "where document_id = ?", [B_OLD]) == [(B_NEW, "landed")]
    # nothing parsed: doc_type from the file name (the contract allows no NULL there)
    assert rows(con, "select status, error_message, doc_type, doc_type_inferred_from "
                     "from marts.dim_document where document_id = ?",
                [BAD]) == [("failed", "not a PDF", "final_account", "file_name")]


def test_dim_source(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select source_uri, status, error_message, document_id, first_seen_at, last_seen_at "
             "from marts.dim_source")}
    assert got[S_BUDGET] == ("landed", None, B_NEW, at(10), at(20))
    assert got[S_FINAL] == ("failed", "HTTP 503", FINAL, at(30), at(40))
    assert got[S_BAD] == ("failed", "not a PDF", None, at(50), at(50))
    assert len(got) == 4


def test_dim_subject_levels_and_parents(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select subject_code, subject_name, level, parent_code from marts.dim_subject")}
    assert got["204"] == ("公共安全支出", 1, None)  # "一、公共安全支出" counts as the same name
    assert got["20406"] == ("司法", 2, "204")
    assert got["2040601"] == ("行政运行", 3, "20406")
    assert got["2080501"] == ("行政单位离退休", 3, "20805")
    assert got["20805"] == (None, 2, "208")  # unprinted parent, still in the hierarchy
    assert got["208"] == ("社会保障和就业支出", 1, None)  # national 类 name
    assert all(parent is None or parent in got for _, _, parent in got.values())


def test_dim_economic(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select economic_code, economic_name, scheme, level, parent_code from marts.dim_economic")}
    assert got["30101"] == ("基本工资", "department", 2, "301")
    assert got["30201"][1:] == ("department", 2, "302")
    assert got["301"][1:] == ("department", 1, None)


def test_dim_unit(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select unit_name, unit_code, region_code, region_name, admin_level, parent_unit_name "
             "from marts.dim_unit")}
    assert got[UNIT] == ("028", "140405", "山西省长治市屯留区", "county", None)
    assert got[CHILD] == (None, "140405", "山西省长治市屯留区", "county", UNIT)
    assert len(got) == 2


def test_fct_line_item(con):
    got = rows(con, "select unit_name, item_name, subject_code, table_kind, amount_wan "
                    "from marts.fct_line_item where document_id = ? and table_id = 2 "
                    "order by row_number", [B_NEW])
    assert got == [(CHILD, "法律援助经费", "2040604", "project_expenditure", Decimal("5")),
                   (UNIT, "普法宣传", "2040602", "project_expenditure", Decimal("3"))]
    assert rows(con, "select subject_code from marts.fct_line_item where document_id = ? and "
                     "row_number = 5", [B_NEW]) == [("20406",)]
    assert rows(con, "select count(*) from marts.fct_line_item where document_id = ?", [BAD]) == [(0,)]
    assert rows(con, "select distinct unit_as_printed from marts.fct_line_item where table_id = 3 "
                     "and document_id = ?", [B_NEW]) == [("万元",)]
    assert rows(con, "select count(*) from marts.fct_line_item") == [(21,)]


def test_fct_table_and_others(con):
    assert rows(con, "select is_empty, row_count from marts.fct_table where document_id = ? and "
                     "table_id = 2", [FINAL]) == [(True, 0)]
    assert rows(con, "select count(*) from marts.fct_table") == [(7,)]
    assert rows(con, "select item_name, value, unit_as_printed from marts.fct_statistic") == [
        ("公务用车保有量", Decimal("2"), "辆")]
    assert rows(con, "select project_name, kind from marts.fct_performance_project") == [
        ("普法宣传", "target")]
    assert rows(con, "select indicator_name, target_operator, target_number "
                     "from marts.fct_performance_indicator") == [("宣传场次", ">=", 20.0)]
    assert rows(con, "select fiscal_year, document_count, current_document_count "
                     "from marts.dim_year order by 1") == [(2023, 1, 1), (2024, 3, 2)]


def test_fct_budget_execution(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select subject_code, budget_wan, final_wan, execution_rate, budget_document_id, "
             "final_document_id from marts.fct_budget_execution where unit_name = ? and "
             "fiscal_year = 2024", [UNIT])}
    assert got[None] == (Decimal("100"), Decimal("95.5"), Decimal("95.5"), B_NEW, FINAL)
    assert got["2040602"] == (Decimal("20"), Decimal("17.5"), Decimal("87.5"), B_NEW, FINAL)
    assert got["20406"][:3] == (Decimal("100"), Decimal("95.5"), Decimal("95.5"))
    assert got["2080501"] == (None, Decimal("0"), None, None, FINAL)
    # a budget without its final account yet: budget only, no rate
    assert rows(con, "select budget_wan, final_wan, execution_rate, budget_document_id "
                     "from marts.fct_budget_execution where fiscal_year = 2023 and "
                     "subject_code is null") == [(Decimal("80"), None, None, PRIOR)]


def test_fct_year_over_year(con):
    got = {(r[0], r[1]): r[2:] for r in rows(
        con, "select subject_code, measure, amount_wan, prior_amount_wan, change_wan, change_pct, "
             "document_id, prior_document_id from marts.fct_year_over_year "
             "where fiscal_year = 2024 and table_kind = 'general_budget_expenditure'")}
    assert got[("204", "total")] == (Decimal("100"), Decimal("80"), Decimal("20"), Decimal("25"),
                                     B_NEW, PRIOR)
    assert got[(None, "total")][:4] == (Decimal("100"), Decimal("80"), Decimal("20"), Decimal("25"))
    assert got[("2040602", "total")][:2] == (Decimal("20"), None)
    assert rows(con, "select count(*) from marts.fct_year_over_year where document_id = ?",
                [FINAL]) == [(0,)]


def test_contract_check_passes(warehouse):
    result = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(warehouse)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "contract: 0 violation(s)" in result.stdout


def test_failing_build_names_the_nodes(tmp_path):
    path = tmp_path / "bad.duckdb"
    build_raw(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE raw.line_items SET measure = 'bogus' WHERE document_id = ?", [FINAL])
    con.close()
    with pytest.raises(RuntimeError) as info:
        run_dbt_build(path, select="+fct_line_item")
    assert "accepted_values_fct_line_item_measure" in str(info.value)
