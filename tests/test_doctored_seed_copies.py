"""Doctored copies of seed 001, landed for real: each change is caught by the right check and only
by the checks the changed figure takes part in (issue 5).

- text: the explanation's "基本支出2538.32万元" (三、支出预算情况说明) becomes 2583.32;
- row: 预算支出总表's row 2040604 基层司法业务 (合计 1.00, 项目支出 1.00) is removed;
- table: the whole 财政拨款安排“三公”经费支出预算表 is removed.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.conftest import run_cli, seed_path

pytestmark = pytest.mark.slow


def _doctor(text: str, kind: str) -> str:
    if kind == "text":
        old = "基本支出2538.32万元，占85.66%"
        assert text.count(old) == 1
        return text.replace(old, "基本支出2583.32万元，占85.66%")
    if kind == "row":
        start = text.index("## 2026年预算支出总表")
        line = "2040604\t基层司法业务\t1.00\t\t1.00\n"
        i = text.index(line, start)
        return text[:i] + text[i + len(line):]
    if kind == "table":
        i = text.index("2026年财政拨款安排“三公”经费支出预算表\n")
        j = text.index("2026年财政拨款安排机关运行经费预算表\n", i)
        return text[:i] + text[j:]
    raise ValueError(kind)


@pytest.fixture(scope="module")
def doctored(tmp_path_factory):
    d = tmp_path_factory.mktemp("doctored")
    text = seed_path("001").read_text(encoding="utf-8")
    files = {}
    for kind in ("text", "row", "table"):
        files[kind] = d / f"001-{kind}-doctored.txt"
        files[kind].write_text(_doctor(text, kind), encoding="utf-8")
    wh = d / "wh.duckdb"
    code, out = run_cli(["ingest", *map(str, files.values()), "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    fails = {}
    for kind, path in files.items():
        fails[kind] = con.execute(
            "SELECT c.check_name, c.severity, c.table_kind, c.subject_code, c.expected, c.actual,"
            " c.tolerance FROM dq.latest_check_results c JOIN marts.dim_document d "
            "USING (document_id) WHERE d.file_name = ? AND c.status = 'fail'",
            [path.name]).fetchall()
    con.close()
    return fails


def test_changed_text_figure_fails_only_the_text_checks(doctored):
    """The stated 基本支出 no longer equals its table, and its own 占85.66% of 2963.41 no longer
    holds (2583.32 is 87.17%): both text checks, nothing else (issue 15)."""
    fails = sorted(doctored["text"])
    assert [(f[0], f[1], f[2]) for f in fails] == [
        ("text_amount_equals_table", "error", "expenditure_summary"),
        ("text_share_equals_its_figures", "error", None)]
    expected, actual = fails[0][4], fails[0][5]
    assert (expected, actual) == (Decimal("2538.32"), Decimal("2583.32"))


def test_removed_row_fails_its_section_and_nothing_unrelated(doctored):
    fails = doctored["row"]
    section = [f for f in fails if f[0] == "section_equals_sum_of_items"]
    # 20406 司法 prints 952.21 (合计) and 340.10 (项目支出); without 2040604 its items sum 1.00 less
    assert sorted((f[3], f[4], f[5]) for f in section) == [
        ("20406", Decimal("340.10"), Decimal("339.10")),
        ("20406", Decimal("952.21"), Decimal("951.21"))]
    assert all(f[3] in ("20406", "2040604", "204", None) for f in fails), fails
    assert all(f[2] == "expenditure_summary" or f[1] == "warning" for f in fails), fails


def test_removed_table_is_reported_missing_and_nothing_else_fails(doctored):
    fails = doctored["table"]
    # required of a budget, and listed in its contents (表十…“三公”经费支出预算表): errors (issue 15)
    assert sorted((f[0], f[1], f[2]) for f in fails) == [
        ("listed_table_present", "error", "three_public"),
        ("required_table_present", "error", "three_public")]
