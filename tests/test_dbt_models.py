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

from flows.dbt_runner import dbt_state_dir, run_dbt_build, run_dbt_docs
from flows.warehouse import connect, land_document

pytestmark = pytest.mark.slow

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
        "INSERT INTO raw.tables (document_id, table_id, table_kind, table_title, page_from, page_to,"
        " unit_as_printed, is_empty, unit_name, number_label, notes_json, row_count)"
        " VALUES (?, ?, ?, ?, 3, 3, ?, ?, NULL, NULL, '[]', ?)",
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
        (6, "2040601", None, "行政运行（司法）", False, "total", "78.00", None),
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


def D(text: str) -> Decimal:
    return Decimal(text)


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


def test_dim_subject_name_variants(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select subject_code, subject_name, has_name_variants, name_variants "
             "from marts.dim_subject where subject_code in ('2040601', '2040602', '2040604')")}
    # 2023 and 2024 budgets print 行政运行, the final account 行政运行（司法）: the most common wins
    assert got["2040601"] == ("行政运行", True, "行政运行（司法） (1)")
    assert got["2040602"] == ("一般行政管理事务", False, None)
    # a project table's row label is a project name, never the subject's name
    assert got["2040604"] == (None, False, None)


def test_dim_economic(con):
    got = {r[0]: r[1:] for r in rows(
        con, "select economic_code, economic_name, scheme, level, parent_code from marts.dim_economic")}
    assert got["30101"] == ("基本工资", "department", 2, "301")
    assert got["30201"][1:] == ("department", 2, "302")
    assert got["301"][1:] == ("department", 1, None)
    assert got["50101"][1:] == ("government", 2, "501")


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


def test_docs_generate_offline(warehouse):
    page = run_dbt_docs(warehouse)
    assert page.is_file() and page.parent == dbt_state_dir(warehouse) / "target"
    text = page.read_text(encoding="utf-8")
    assert "fct_budget_execution" in text and "name_variants" in text


def test_failing_build_names_the_nodes(tmp_path):
    path = tmp_path / "bad.duckdb"
    build_raw(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE raw.line_items SET measure = 'bogus' WHERE document_id = ?", [FINAL])
    con.close()
    with pytest.raises(RuntimeError) as info:
        run_dbt_build(path, select="+fct_line_item")
    message = str(info.value)
    assert "fct_line_item_checks" in message and "accepted_values(measure): 6 row(s)" in message, message


# --- Budget execution and year over year from real landings ------------------------------------
# Seed 002 is 阳城县司法局's 2024 final account. Its text quotes the year's 年初预算 by 类
# (第三部分 五(三), lines 487-497: 一般公共服务 67.32, 公共安全 816.60, 社会保障和就业 107.89,
# 卫生健康 34.73, 住房保障 61.99, in all 1,088.54 万元) and the change on last year's 决算 ("较上年决算
# 增加37.32万元" …, and the total "减少55.28万元"). Two documents are built from those figures — the
# unit's 2024 budget and its 2023 final account — and landed for real beside seed 002 (parse_document,
# land_document), then dbt builds the marts.

YC = "阳城县司法局"
YC_BUDGET_2024 = [("201", "一般公共服务支出", "67.32"), ("204", "公共安全支出", "816.60"),
                  ("208", "社会保障和就业支出", "107.89"), ("210", "卫生健康支出", "34.73"),
                  ("221", "住房保障支出", "61.99")]
# 2024 决算 minus the change the text states (201 +37.32, 204 −93.18, 208 −3.62, 210 +8.60, 221 −4.41)
YC_FINAL_2023 = [("201", "一般公共服务支出", "30.00"), ("204", "公共安全支出", "1021.13"),
                 ("208", "社会保障和就业支出", "111.51"), ("210", "卫生健康支出", "26.13"),
                 ("221", "住房保障支出", "66.40")]


def disclosure_text(year: int, doc_type: str, rows, total: str) -> bytes:
    """A one-table disclosure in seed 002's tab-separated layout."""
    kind = "预算" if doc_type == "budget" else "决算"
    title = "一般公共预算支出预算表" if doc_type == "budget" else "一般公共预算财政拨款支出决算表"
    lines = [YC, "", f"{year}年度单位{kind}公开", "", title, "", "公开05表", "",
             f"部门名称：{YC}", "", f"{year}年度", "", "金额单位：万元", "",
             "科目代码\t科目名称\t合计", f"合计\t\t{total}"]
    lines += [f"{code}\t{name}\t{amount}" for code, name, amount in rows]
    lines += ["", "注：本表反映部门本年度一般公共预算财政拨款支出情况。", ""]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def execution_warehouse(tmp_path_factory):
    from extract.pipeline import parse_document
    from tests.conftest import seed_path

    path = tmp_path_factory.mktemp("execution") / "govbudget.duckdb"
    seed = seed_path("002")
    documents = [
        (seed.read_bytes(), seed.name, str(seed)),
        (disclosure_text(2024, "budget", YC_BUDGET_2024, "1088.54"),
         "yangcheng-sifaju-2024-budget.txt", "fixture://yangcheng/2024/budget.txt"),
        (disclosure_text(2023, "final_account", YC_FINAL_2023, "1255.17"),
         "yangcheng-sifaju-2023-final.txt", "fixture://yangcheng/2023/final.txt"),
    ]
    con = connect(path)
    ids = {}
    for data, name, uri in documents:
        doc = parse_document(data, name, uri)
        assert land_document(con, "fixture-run", doc, byte_size=len(data))
        ids[(doc.fiscal_year, doc.doc_type)] = doc.document_id
    con.close()
    run_dbt_build(path)
    c = duckdb.connect(str(path), read_only=True)
    yield c, ids, path
    c.close()


def test_fixture_documents_land_as_meant(execution_warehouse):
    con, ids, _ = execution_warehouse
    got = rows(con, "select fiscal_year, doc_type, scope, unit_name, region_code, is_current "
                    "from marts.dim_document order by fiscal_year, doc_type")
    assert got == [(2023, "final_account", "unit", YC, "140522", True),
                   (2024, "budget", "unit", YC, "140522", True),
                   (2024, "final_account", "unit", YC, "140522", True)]


def test_budget_execution_against_the_seed_text(execution_warehouse):
    con, ids, _ = execution_warehouse
    got = {r[0]: r[1:] for r in rows(
        con, "select subject_code, budget_wan, final_wan, round(execution_rate, 2), "
             "budget_document_id, final_document_id, budget_source "
             "from marts.fct_budget_execution where unit_name = ? and fiscal_year = 2024", [YC])}
    budget, final = ids[(2024, "budget")], ids[(2024, "final_account")]
    # "年初预算1,088.54万元，支出决算1,199.89万元，完成年初预算的110.23%"
    assert got[None] == (D("1088.54"), D("1199.89"), D("110.23"), budget, final, "budget_document")
    # "公共安全支出年初预算816.60万元，支出决算927.95万元，完成年初预算的113.64%"
    assert got["204"][:3] == (D("816.60"), D("927.95"), D("113.64"))
    # the other 类: "完成年初预算的100.00%"
    for code in ("201", "208", "210", "221"):
        assert got[code][2] == D("100.00"), code
    # the budget fixture prints 类 only: 项 of the final account have no budget side
    assert got["2040601"][:3] == (None, D("523.15"), None)
    # the 2023 final account has no budget: final only
    assert rows(con, "select budget_wan, final_wan, execution_rate from marts.fct_budget_execution "
                     "where fiscal_year = 2023 and subject_code is null") == [(None, D("1255.17"), None)]


def test_year_over_year_against_the_seed_text(execution_warehouse):
    con, ids, _ = execution_warehouse
    got = {r[0]: r[1:] for r in rows(
        con, "select subject_code, prior_amount_wan, amount_wan, change_wan, round(change_pct, 2), "
             "document_id, prior_document_id from marts.fct_year_over_year "
             "where unit_name = ? and fiscal_year = 2024 and doc_type = 'final_account' "
             "and table_kind = 'general_budget_expenditure' and measure = 'total' "
             "and (subject_code is null or length(subject_code) = 3)", [YC])}
    # "与上年相比，一般公共预算财政拨款支出减少55.28万元，下降4.4%"
    assert got[None][:4] == (D("1255.17"), D("1199.89"), D("-55.28"), D("-4.40"))
    assert got[None][4:] == (ids[(2024, "final_account")], ids[(2023, "final_account")])
    # "较上年决算增加37.32万元，增长124.4%" … "减少93.18万元，下降9.13%" …
    assert {code: (v[2], v[3]) for code, v in got.items() if code} == {
        "201": (D("37.32"), D("124.40")), "204": (D("-93.18"), D("-9.13")),
        "208": (D("-3.62"), D("-3.25")), "210": (D("8.60"), D("32.91")),
        "221": (D("-4.41"), D("-6.64"))}
    # the budget of 2024 has no prior-year budget: no year-over-year rows
    assert rows(con, "select count(*) from marts.fct_year_over_year where document_id = ?",
                [ids[(2024, "budget")]]) == [(0,)]


def test_execution_warehouse_meets_the_contract(execution_warehouse):
    _, _, path = execution_warehouse
    result = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(path)],
                            capture_output=True, text=True)
    assert "contract: 0 violation(s)" in result.stdout, result.stdout + result.stderr


def test_a_repeated_staging_key_fails_the_build_naming_the_model_and_key(tmp_path):
    """tests/staging_intermediate_keys.sql: one attempt recorded twice (same source, same instant)
    repeats stg_raw__source_attempts' key and, through it, int_documents__landings'."""
    path = tmp_path / "dup.duckdb"
    build_raw(path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO raw.source_attempts SELECT * FROM raw.source_attempts "
                "WHERE status = 'landed' ORDER BY attempted_at LIMIT 1")
    con.close()
    with pytest.raises(RuntimeError) as info:
        run_dbt_build(path)
    message = str(info.value)
    assert "test.govbudget.staging_intermediate_keys (fail: " in message, message
    assert "stg_raw__source_attempts: unique_combination(source_uri, attempted_at): 1 row(s)" in message
    assert "int_documents__landings: unique_combination(source_uri, document_id, landed_at): 1 row(s)" in message
