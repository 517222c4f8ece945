"""Every query of docs/ANALYST_QUERIES.md, run on a warehouse built from the four seeds.

The expected answers are read from the seed text by hand (file and line in the comments), not
from the warehouse. The doc's two ways of running a query (`govbudget query` and the Python
one-liner) are run as written, in a shell, from a folder holding `warehouse/govbudget.duckdb`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

DOC = REPO / "docs" / "ANALYST_QUERIES.md"

TUNLIU, YANGCHENG, YANGQUAN, LUANPING = ("长治市屯留区司法局", "阳城县司法局", "阳泉市司法局",
                                          "滦平县司法局")


def queries() -> dict[str, str]:
    """name -> SQL: each `## \\`name\\` — question` heading followed by a ```sql block."""
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"^## `([a-z0-9_]+)`[^\n]*\n(?:(?!^## ).)*?```sql\n(.*?)```", text,
                       re.S | re.M)
    return dict(found)


@pytest.fixture(scope="module")
def seeds_warehouse(seed_ingest_result) -> Path:
    """The session's warehouse of the four seeds (tests/conftest.py), ingested once."""
    assert seed_ingest_result["exit_code"] == 0, seed_ingest_result["output"]
    return seed_ingest_result["warehouse"]


@pytest.fixture(scope="module")
def answers(seeds_warehouse) -> dict[str, list[dict]]:
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        out = {}
        for name, sql in queries().items():
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description]
            out[name] = [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]
        return out
    finally:
        con.close()


def D(text: str) -> Decimal:
    return Decimal(text)


# Queries whose answer on the four seeds is empty, and why (each is checked for rows elsewhere).
EMPTY_ON_SEEDS = {
    "three_public_rising": "one year per unit: see test_three_public_trend_on_five_years",
    "year_over_year_by_subject": "no unit has two consecutive years among the seeds",
    "subject_name_conflicts": "the seeds agree on every code's name",
}


def test_every_query_returns_rows_on_the_seeds(answers):
    assert set(EMPTY_ON_SEEDS) <= set(answers)
    empty = {name for name, rows in answers.items() if not rows}
    assert empty == set(EMPTY_ON_SEEDS)


def test_command_forms_run_as_written(seeds_warehouse, tmp_path):
    """The doc's `sh` block, run line by line in a shell from a folder with the warehouse at
    warehouse/govbudget.duckdb and a query.sql beside it (.venv/bin/ is this checkout's)."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"^## Running a query\n.*?```sh\n(.*?)```", text, re.S | re.M).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 3
    (tmp_path / "warehouse").mkdir()
    shutil.copy(seeds_warehouse, tmp_path / "warehouse" / "govbudget.duckdb")
    (tmp_path / "query.sql").write_text(queries()["documents_by_region"], encoding="utf-8")
    for command in commands:
        command = command.replace(".venv/bin/", f"{REPO}/.venv/bin/")
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, (command, done.stderr)
        shown = done.stdout or (tmp_path / "out.csv").read_text(encoding="utf-8")
        assert "山西省阳泉市" in shown and "140300" in shown, (command, shown)


def test_every_query_is_checked_here(answers):
    assert len(answers) >= 10
    checked = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    checked |= {"three_public_rising"}  # also on five years of data: test_three_public_trend_on_five_years
    assert set(answers) <= checked, set(answers) - checked


def test_spend_on_subject(answers):
    # 2040601 行政运行: 003 line 406 (2024 budget, 346.25), 002 line 279 (2024 决算, 523.15)
    got = [(r["unit_name"], r["region_code"], r["budget_wan"], r["final_wan"], r["execution_rate"],
            r["subject_name"]) for r in answers["spend_on_subject"]]
    assert got == [(TUNLIU, "140405", D("346.25"), None, None, "行政运行"),
                   (YANGCHENG, "140522", None, D("523.15"), None, "行政运行")]


def test_budget_execution_totals(answers):
    got = {(r["unit_name"], r["fiscal_year"]): (r["budget_wan"], r["final_wan"], r["budget_source"])
           for r in answers["budget_execution_totals"]}
    assert got == {
        (TUNLIU, 2024): (D("764.49"), None, "budget_document"),      # 003 line 400
        (YANGCHENG, 2024): (None, D("1199.89"), None),               # 002 公开05表 合计
        (YANGQUAN, 2026): (D("2963.41"), None, "budget_document"),   # 001 表五 合计
    }


def test_top_subjects_by_unit(answers):
    got = [(r["unit_name"], r["rank_in_unit"], r["subject_code"], r["amount_wan"])
           for r in answers["top_subjects_by_unit"]]
    assert got == [
        (TUNLIU, 1, "2040601", D("346.25")), (TUNLIU, 2, "2040602", D("144.72")),
        (TUNLIU, 3, "2040650", D("91.52")),
        (YANGCHENG, 1, "2040601", D("523.15")), (YANGCHENG, 2, "2040602", D("169.17")),
        (YANGCHENG, 3, "2040650", D("142.77")),
        (YANGQUAN, 1, "2040801", D("1187.71")), (YANGQUAN, 2, "2040601", D("612.11")),
        (YANGQUAN, 3, "2040602", D("320.70")),
    ]
    # 1187.71 of 2963.41 (001 表五: the 项 add up to the 合计)
    assert answers["top_subjects_by_unit"][6]["share_pct"] == pytest.approx(40.08)


def test_three_public_by_year(answers):
    got = {(r["unit_name"], r["fiscal_year"], r["doc_type"]): (r["amount_wan"], r["quoted_budget_wan"])
           for r in answers["three_public_by_year"]}
    assert got == {
        (TUNLIU, 2024, "budget"): (D("0"), None),                        # 003: 本部门无“三公”经费预算
        (YANGCHENG, 2024, "final_account"): (D("38.99"), D("38.99")),    # 002 line 403
        (YANGQUAN, 2026, "budget"): (D("21.60"), None),                  # 001 表十; text line 497
    }
    assert all(r["prior_amount_wan"] is None for r in answers["three_public_by_year"])


def test_three_public_rising(answers):
    # one year per unit in the seeds: nobody can have risen three years running
    assert answers["three_public_rising"] == []


def test_projects_never_executed(answers):
    # 002 line 816: 乡镇综合行政执法体制改革工作经费 年初预算数 200, 全年执行数 0
    got = [(r["unit_name"], r["fiscal_year"], r["project_name"], r["budget_wan"], r["executed_wan"],
            r["evidence"]) for r in answers["projects_never_executed"]]
    assert got == [(YANGCHENG, 2024, "乡镇综合行政执法体制改革工作经费", D("200"), D("0"),
                    "self_evaluation")]


def test_project_execution_rates(answers):
    rows = {r["project_name"]: r for r in answers["project_execution_rates"]}
    assert len(rows) == 11  # 002: 11 project self-evaluations
    never = rows["乡镇综合行政执法体制改革工作经费"]
    assert (never["initial_budget_wan"], never["executed_amount_wan"]) == (D("200"), D("0"))
    case_fees = rows["2024年中央和省级政法转移支付资金(办案费)"]  # 002 line 611: 98.11%
    assert case_fees["execution_rate"] == D("98.11")
    assert answers["project_execution_rates"][0]["project_name"] == "乡镇综合行政执法体制改革工作经费"
    # 002 line 760: 普法宣传经费 预算编制 35 万元
    assert rows["普法宣传经费"]["initial_budget_wan"] == D("35")


def test_basic_spending_by_government_class(answers):
    got = {(r["unit_name"], r["government_economic_code"]): r["amount_wan"]
           for r in answers["basic_spending_by_government_class"]}
    # 002 line 329 (公开06表): 住房公积金 30113 61.99 -> 50103 住房公积金 (the pairing 001 and 003 print)
    assert got[(YANGCHENG, "50103")] == D("61.99")
    names = {r["government_economic_code"]: r["government_economic_name"]
             for r in answers["basic_spending_by_government_class"]}
    assert names["50101"] == "工资奖金津补贴" and names["50201"] == "办公经费"
    assert {u for u, _ in got} == {TUNLIU, YANGCHENG, YANGQUAN}


def test_year_over_year_by_subject(answers):
    # no unit has documents of two consecutive years among the seeds
    assert answers["year_over_year_by_subject"] == []


def test_units_and_regions(answers):
    got = {r["unit_name"]: (r["region_code"], r["admin_level"], r["parent_unit_name"])
           for r in answers["units_and_regions"]}
    assert got[TUNLIU] == ("140405", "county", None)
    assert got[YANGCHENG] == ("140522", "county", None)
    assert got[YANGQUAN] == ("140300", "city", None)
    assert got[LUANPING] == ("130824", "county", None)  # 004 prints 溧平县: corrected by its codes
    assert "溧平县司法局" not in got
    assert got["阳泉市法律援助中心"] == ("140300", "city", YANGQUAN)
    assert got["阳泉市强制隔离戒毒所"] == ("140300", "city", YANGQUAN)
    codes = {r["unit_name"]: r["unit_code"] for r in answers["units_and_regions"]}
    assert codes[YANGCHENG] == "034001"  # 002: 预算单位 034001-阳城县司法局


def test_subject_name_conflicts(answers):
    assert answers["subject_name_conflicts"] == []  # the seeds agree on every code's name


def test_reconciliation_by_document(answers):
    got = {(r["unit_name"], r["doc_type"]): (r["passed"] > 0, r["failed_errors"])
           for r in answers["reconciliation_by_document"]}
    assert got[(TUNLIU, "budget")] == (True, 0)
    assert got[(YANGCHENG, "final_account")] == (True, 0)
    assert got[(YANGQUAN, "budget")] == (True, 0)
    assert (LUANPING, "performance") in got


@pytest.fixture(scope="module")
def trend_answers(tmp_path_factory) -> dict[str, list[dict]]:
    """A unit with five years of final accounts whose 三公 合计 (决算数) is 9, 5, 6, 7, 8 万元:
    a dip, then three rises in a row (2021→2024). Raw rows by hand, as tests/test_dbt_models.py."""
    from flows.dbt_runner import run_dbt_build
    from flows.warehouse import connect
    from tests.test_dbt_models import _attempt, _document, _lines, _table, sha

    path = tmp_path_factory.mktemp("trend") / "govbudget.duckdb"
    con = connect(path)
    for minutes, (year, amount) in enumerate([(2020, "9.00"), (2021, "5.00"), (2022, "6.00"),
                                              (2023, "7.00"), (2024, "8.00")]):
        doc, uri = sha(f"final-{year}"), f"/data/{year}/final.pdf"
        _document(con, doc, uri, f"final-{year}.pdf", year, "final_account", datetime(2026, 3, 1, 8, minutes))
        _attempt(con, uri, minutes, "landed", doc)
        _table(con, doc, 1, "three_public", f"{year}年财政拨款“三公”经费支出决算表", rows=2)
        _lines(con, doc, 1, [(3, None, None, "合计", True, "budget", "10.00", None),
                             (3, None, None, "合计", True, "final", amount, None),
                             (4, None, None, "公务接待费", False, "final", amount, None)])
    con.close()
    run_dbt_build(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for name in ("three_public_by_year", "three_public_rising"):
            cur = con.execute(queries()[name])
            columns = [d[0] for d in cur.description]
            out[name] = [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]
        return out
    finally:
        con.close()


def test_three_public_trend_on_five_years(trend_answers):
    got = [(r["fiscal_year"], r["amount_wan"], r["prior_amount_wan"], r["change_wan"])
           for r in trend_answers["three_public_by_year"]]
    assert got == [(2020, D("9"), None, None), (2021, D("5"), D("9"), D("-4")),
                   (2022, D("6"), D("5"), D("1")), (2023, D("7"), D("6"), D("1")),
                   (2024, D("8"), D("7"), D("1"))]
    rising = [(r["first_year"], r["last_year"], r["y3"], r["amount_wan"])
              for r in trend_answers["three_public_rising"]]
    assert rising == [(2021, 2024, D("5"), D("8"))]


def test_money_by_function_class(answers):
    got = {(r["fiscal_year"], r["doc_type"], r["class_code"]): (r["class_name"], r["amount_wan"])
           for r in answers["money_by_function_class"]}
    assert got[(2024, "budget", "204")] == ("公共安全支出", D("751.19"))         # 003 line 214
    assert got[(2024, "final_account", "204")] == ("公共安全支出", D("927.95"))  # 002 line 134
    assert got[(2026, "budget", "204")] == ("公共安全支出", D("2224.91"))        # 001 line 161
    assert {r["units"] for r in answers["money_by_function_class"]} == {1}
    assert all(len(code) == 3 for _, _, code in got)


def test_three_public_items(answers):
    rows = answers["three_public_items"]
    yangcheng = [(r["item_name"], r["item_level"], r["amount_wan"]) for r in rows
                 if r["unit_name"] == YANGCHENG]
    # 002 line 403: 合计 38.99 = 公务用车购置及运行维护费 38.64 (购置费 32.68 + 运行维护费 5.96) + 接待 0.36;
    # the parent line 38.64 is no leaf, so nothing is counted twice
    assert yangcheng == [("公务用车购置费", 2, D("32.68")), ("公务用车运行维护费", 2, D("5.96")),
                         ("公务接待费", 1, D("0.36"))]
    for r in rows:
        assert r["total_name"] == "合计"
        assert abs(r["leaves_sum_wan"] - r["total_wan"]) <= D("0.005") * 4, r
    assert {r["unit_name"] for r in rows} == {YANGCHENG, YANGQUAN}  # 003 prints its table empty


def test_failures_by_check_family(answers):
    rows = answers["failures_by_check_family"]
    families = {r["family"] for r in rows}
    assert {"table_identities", "across_tables", "completeness", "text_statements"} <= families
    within = [r for r in rows if r["family"] == "table_identities"]
    assert within and all(r["failed"] == 0 and r["passed"] > 0 for r in within)


def test_documents_by_region(answers):
    got = {(r["region_code"], r["fiscal_year"], r["doc_type_en"]): (r["region_name"], r["documents"])
           for r in answers["documents_by_region"]}
    assert got == {
        ("130824", 2026, "Performance goals"): ("河北省承德市滦平县", 1),
        ("140300", 2026, "Budget"): ("山西省阳泉市", 1),
        ("140405", 2024, "Budget"): ("山西省长治市屯留区", 1),
        ("140522", 2024, "Final account"): ("山西省晋城市阳城县", 1),
    }


def test_tables_by_kind(answers):
    rows = {r["table_kind"]: r for r in answers["tables_by_kind"]}
    from extract.tables.classify import KINDS
    assert set(rows) == set(KINDS)  # every kind is listed, published or not
    assert rows["three_public"]["label_zh"] == "“三公”经费支出表"
    assert rows["three_public"]["tables"] == 3 and rows["three_public"]["printed_empty"] == 1


def test_measures_labelled(answers):
    got = {r["measure"]: (r["label_zh"], r["table_totals"]) for r in answers["measures_labelled"]}
    assert got["total"] == ("合计", 3) and got["basic"][0] == "基本支出"
    assert got["project"][0] == "项目支出"


def test_column_descriptions(answers):
    comments = {r["column_name"]: r["comment"] for r in answers["column_descriptions"]}
    assert comments["amount_wan"].startswith("The amount in 万元")
    assert all(comments.values())
