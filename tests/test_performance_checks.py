"""expectations.performance_checks on landed seeds (001, 002, 003) and on doctored values."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import duckdb
import pytest

from expectations.performance_checks import performance_checks
from tests.conftest import run_cli, seed_path

pytestmark = pytest.mark.slow

KEYS = {"document_id", "check_name", "description", "severity", "status", "table_kind", "page_number",
        "subject_code", "item_name", "expected", "actual", "difference", "tolerance", "table_id"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("perf_checks") / "govbudget.duckdb"
    code, output = run_cli(["ingest", *[str(seed_path(p)) for p in ("001", "002", "003")],
                            "--warehouse", str(path)])
    assert code == 0, output
    return path


@pytest.fixture(scope="module")
def results(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        yield performance_checks(con, None)
    finally:
        con.close()


def _doc_id(con, prefix):
    return con.execute("select document_id from marts.dim_document where file_name like ?",
                       [f"{prefix}_%"]).fetchone()[0]


def test_result_shape(results):
    assert results
    for r in results:
        assert set(r) == KEYS
        assert r["status"] in ("pass", "fail", "not_applicable")
        assert r["subject_code"] is None and r["table_id"] is None
        assert r["table_kind"] in (None, "project_expenditure")
        assert r["tolerance"] is None or isinstance(r["tolerance"], Decimal)


def test_seeds_pass(results):
    by_name: dict = {}
    for r in results:
        by_name.setdefault(r["check_name"], []).append(r)
    # 25 target projects (001: 10, 003: 5 … the 003 department table has none) against the 项目支出表
    amounts = by_name["performance_annual_amount_equals_project_line"]
    assert len(amounts) == 15 and all(r["status"] == "pass" for r in amounts)
    # 002: 11 self-evaluations; one has 全年预算数 0 (乡镇综合行政执法体制改革工作经费): not applicable
    rates = by_name["performance_execution_rate"]
    assert len(rates) == 11
    assert sorted(r["status"] for r in rates) == ["not_applicable"] + ["pass"] * 10
    assert [r["item_name"] for r in rates if r["status"] == "not_applicable"] == ["乡镇综合行政执法体制改革工作经费"]
    scores = by_name["performance_score_total"]
    assert len(scores) == 11 and all(r["status"] == "pass" for r in scores)
    r = next(r for r in scores if r["item_name"] == "乡镇综合行政执法体制改革工作经费")
    assert (r["expected"], r["actual"]) == (Decimal("88.5"), Decimal("88.5"))
    r = next(r for r in rates if r["item_name"] == "2024年中央和省级政法转移支付资金(办案费)")
    # half a unit of 98.11, plus what the rounding of 45.5 and 44.639 (kept to 0.001, the row's finest
    # printed precision) can move the quotient: 0.005 + 0.002177
    assert r["expected"] == Decimal("98.11") and r["tolerance"] == Decimal("0.007177")
    assert r["actual"] == Decimal("98.107692")  # 44.639 / 45.5 in percent, 6 decimals
    assert abs(r["difference"]) <= r["tolerance"]
    r = next(r for r in amounts if r["item_name"] == "晋东公证处政府购买服务经费")
    assert (r["expected"], r["actual"], r["table_kind"]) == (Decimal("56.7"), Decimal("56.7"), "project_expenditure")
    assert r["tolerance"] == Decimal("0.00505")  # 0.005 (56.70 万元) + 0.5 元 (567,000 元)


def test_document_filter(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        doc = _doc_id(con, "002")
        res = performance_checks(con, [doc])
        assert {r["document_id"] for r in res} == {doc} and len(res) == 22
        assert performance_checks(con, []) == []
    finally:
        con.close()


def test_doctored_values_fail(warehouse, tmp_path):
    path = tmp_path / "doctored.duckdb"
    shutil.copy(warehouse, path)
    con = duckdb.connect(str(path))
    try:
        d2, d1 = _doc_id(con, "002"), _doc_id(con, "001")
        name = "2024年中央和省级政法转移支付资金(办案费)"
        extra = json.loads(con.execute(
            "select extra_json from marts.fct_performance_project where document_id = ? and project_name = ?",
            [d2, name]).fetchone()[0])
        extra.update({"总分": "98.81", "全年执行数": "40.639"})  # printed 99.81 and 44.639
        con.execute("update marts.fct_performance_project set extra_json = ?, total_score = 98.81, "
                    "executed_amount_wan = 40.639 where document_id = ? and project_name = ?",
                    [json.dumps(extra, ensure_ascii=False), d2, name])
        key = "阳泉市司法局|晋东公证处政府购买服务经费"
        con.execute("update marts.fct_performance_project set annual_amount_wan = 56.8 "
                    "where document_id = ? and project_key = ?", [d1, key])
        res = performance_checks(con, None)
    finally:
        con.close()
    fails = {(r["check_name"], r["item_name"]): r for r in res if r["status"] == "fail"}
    assert set(fails) == {("performance_score_total", name), ("performance_execution_rate", name),
                          ("performance_annual_amount_equals_project_line", "晋东公证处政府购买服务经费")}
    r = fails[("performance_score_total", name)]
    assert (r["expected"], r["actual"], r["difference"]) == (Decimal("98.81"), Decimal("99.81"), Decimal("1.00"))
    assert r["document_id"] == d2 and r["severity"] == "error"
    r = fails[("performance_execution_rate", name)]
    assert (r["expected"], r["actual"]) == (Decimal("98.11"), Decimal("89.316484"))
    assert r["difference"] == Decimal("-8.793516") and r["tolerance"] == Decimal("0.007080")  # 0.005 + 0.002080
    r = fails[("performance_annual_amount_equals_project_line", "晋东公证处政府购买服务经费")]
    assert (r["expected"], r["actual"], r["difference"]) == (Decimal("56.7"), Decimal("56.8"), Decimal("0.1"))
    assert r["table_kind"] == "project_expenditure" and r["tolerance"] == Decimal("0.00505")
