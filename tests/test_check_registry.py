"""The checks behind one interface (issue 15): the registry of families, one result type, one
tolerance rule, one reader, a family that raises recorded as an error-level result, CHECKS.md
generated from the registry, and one Great Expectations expectation per family."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from expectations import (checks_doc, contents, cross_document, performance_checks,
                          text_statements)
from expectations import identities as ids
from expectations.reader import WarehouseReader
from expectations.registry import (FAMILIES, FAMILY_OF_CHECK, FAMILY_RAN, SEVERITY_OF_CHECK,
                                   CheckFamily, run_all, run_family)
from expectations.results import CheckResult, half_unit, tolerance
from expectations.runner import run_checks
from tests.test_checks import DOC, build_warehouse

OTHER = "0" * 64


# ----------------------------------------------------------------------------- the registry

def test_every_check_belongs_to_exactly_one_family():
    names = [c.name for f in FAMILIES for c in f.checks]
    assert len(names) == len(set(names))
    assert set(ids.DESCRIPTIONS) | set(cross_document.DESCRIPTIONS) \
        | set(performance_checks.DESCRIPTIONS) | set(text_statements.DESCRIPTIONS) \
        | {contents.CHECK} == set(names)
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)
    assert FAMILY_RAN not in FAMILY_OF_CHECK
    for f in FAMILIES:
        assert f.severities <= {"error", "warning"} and f.severity_why and f.description


def test_results_carry_the_severity_the_registry_declares(tmp_path):
    con = build_warehouse(tmp_path / "wh.duckdb", doctor=True)
    reader = WarehouseReader(con, [DOC, OTHER])
    seen = set()
    for family, results in run_all(reader):
        for r in results:
            assert isinstance(r, CheckResult)
            assert FAMILY_OF_CHECK[r.check_name] == family.name, r.check_name
            assert r.severity == SEVERITY_OF_CHECK[r.check_name], r.check_name
            seen.add(family.name)
    assert {"table_identities", "across_tables", "codes", "completeness"} <= seen


# ----------------------------------------------------------------------------- one tolerance

@pytest.mark.parametrize("decimals", range(0, 7))
@pytest.mark.parametrize("unit", ["万元", "元", "亿元", None])
def test_the_four_tolerance_formulas_were_one_rule(decimals, unit):
    """The four copies the checks held before issue 15, written out as they were: each gives
    what ``tolerance`` gives (the text checks' ``decimals or 2`` is their reading of a row, kept
    in text_figures; the performance checks' amounts in 元 were divided by 10000)."""
    factor = {"元": Decimal("0.0001"), "亿元": Decimal("10000")}.get(unit, Decimal(1))
    identities_copy = Decimal("0.5") * Decimal(10) ** (-decimals) * factor
    performance_copy = Decimal(5) * Decimal(10) ** (-(decimals + 1))
    if unit == "元":
        performance_copy = performance_copy / Decimal(10000)
    text_copy = Decimal("0.5") * (Decimal(10) ** -decimals) * factor
    cross_document_copy = Decimal("0.5") * Decimal(10) ** -decimals * factor
    rule = tolerance((decimals, unit))
    assert rule == half_unit(decimals, unit) == tolerance(
        {"decimals": decimals, "unit_as_printed": unit})
    assert identities_copy == text_copy == cross_document_copy == rule
    if unit in ("元", "万元", None):
        assert performance_copy == rule


def test_tolerance_sums_printed_numbers_and_skips_blanks():
    seed_001_wages = [{"decimals": 2, "unit_as_printed": "万元"}] * 9  # a total and 8 items
    assert tolerance(*seed_001_wages) == Decimal("0.045")
    assert tolerance(None, 2, (2, "元"), None) == Decimal("0.005") + Decimal("0.0000005")
    assert ids.tolerance_for([None, {"decimals": 0, "unit_as_printed": "元"}]) \
        == Decimal("0.00005")


def test_one_result_type_reads_like_the_old_dicts():
    r = CheckResult(document_id="d", check_name="c", description="", severity="error",
                    status="pass", expected=1, actual="2.50")
    assert r["expected"] == Decimal(1) and isinstance(r.actual, Decimal)
    assert r.get("measure") is None and r.get("nope", 7) == 7
    with pytest.raises(KeyError):
        r["nope"]


# ----------------------------------------------------------------------------- one reader

def test_reader_loads_the_text_figures_mart_or_its_raw_table(tmp_path):
    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    con.execute("CREATE SCHEMA raw; CREATE TABLE raw.text_figures (document_id VARCHAR, "
                "page_number INTEGER, figure DECIMAL(20, 6))")
    con.execute("INSERT INTO raw.text_figures VALUES ('a', 21, 0.3), ('b', 3, 1)")
    assert [r["page_number"] for r in WarehouseReader(con, ["a"]).text_figures] == [21]
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.fct_text_figure AS "
                "SELECT *, 'amount' AS figure_kind FROM raw.text_figures")
    rows = WarehouseReader(con, None).text_figures
    assert len(rows) == 2 and rows[0]["figure_kind"] == "amount"
    empty = WarehouseReader(duckdb.connect(), ["a"])
    assert empty.text_figures == [] and empty.line_items == [] and empty.pages == {}


# ----------------------------------------------------------------------------- a family that raises

def _raising_family(only_on=None) -> CheckFamily:
    def run(reader, document_ids):
        if only_on is None or only_on in document_ids:
            raise ValueError("a broken check")
        return [CheckResult(document_id=d, check_name="table_total_equals_sum_of_classes",
                            description="stand-in", severity="error", status="pass")
                for d in document_ids]
    return CheckFamily(name="broken", title="Broken", module="tests", description="raises",
                       severity_why="error", checks=(), run=run,
                       covers=lambda reader: sorted(reader.normalised_by_document))


def test_a_family_that_raises_is_an_error_result_per_covered_document(tmp_path):
    con = build_warehouse(tmp_path / "wh.duckdb")
    summary = run_checks(con, "raising", families=(*FAMILIES, _raising_family()),
                         gx_dir=tmp_path / "gx")
    rows = con.execute(
        "SELECT document_id, severity, status, item_name, description FROM dq.check_results "
        f"WHERE check_name = '{FAMILY_RAN}' ORDER BY document_id").fetchall()
    assert [r[:4] for r in rows] == [(OTHER, "error", "fail", "broken"),
                                     (DOC, "error", "fail", "broken")]
    assert all("ValueError: a broken check" in r[4] for r in rows)
    assert summary["errors_failed"] == 3  # and OTHER's missing 三公 table, an error
    # the other families still ran
    assert con.execute("SELECT count(*) FROM dq.check_results WHERE check_name = "
                       "'class_equals_sum_of_sections'").fetchone()[0] > 0
    broken = [e for e in summary["expectations"] if e["family"] == "broken"]
    assert broken and broken[0]["success"] is False and broken[0]["unexpected_count"] == 2


def test_a_family_raising_on_one_document_keeps_the_others_results(tmp_path):
    con = build_warehouse(tmp_path / "wh.duckdb")
    results = run_family(_raising_family(only_on=OTHER), WarehouseReader(con, [DOC, OTHER]))
    assert [(r.document_id, r.check_name, r.status) for r in results] == [
        (OTHER, FAMILY_RAN, "fail"), (DOC, "table_total_equals_sum_of_classes", "pass")]


# ----------------------------------------------------------------------------- CHECKS.md

def test_checks_md_is_generated_from_the_registry():
    assert checks_doc.CHECKS_MD.read_text(encoding="utf-8") == checks_doc.render(), (
        "CHECKS.md differs from the registry: run python -m expectations.checks_doc")
    text = checks_doc.render()
    for f in FAMILIES:
        assert f"family `{f.name}`" in text
        for c in f.checks:
            assert f"| `{c.name}` | {c.severity} |" in text


# ----------------------------------------------------------------------------- Great Expectations

def test_suite_holds_one_expectation_per_family():
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    from expectations.gx_suite import suite_expectations
    expectations = suite_expectations(gx, Column)
    families = [e.meta["family"] for e in expectations if (e.meta or {}).get("family")]
    assert families == [f.name for f in FAMILIES]


def test_a_failing_family_fails_in_the_validation_result(tmp_path):
    con = build_warehouse(tmp_path / "wh.duckdb", doctor=True)
    summary = run_checks(con, "doctored", gx_dir=tmp_path / "gx")
    by_family = {e["family"]: e for e in summary["expectations"] if e["family"]}
    assert set(by_family) == {f.name for f in FAMILIES}
    identities = by_family["table_identities"]
    assert identities["success"] is False and identities["unexpected_count"] == 3
    # the unexpected rows name the document, the page and the check
    assert any(OTHER in u and "p4" in u and "class_equals_sum_of_sections" in u
               for u in identities["unexpected"])
    assert by_family["completeness"]["success"] is False  # the missing 三公 table
    assert by_family["across_tables"]["success"] is True
    assert summary["validation_success"] is False
