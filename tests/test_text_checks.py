"""The text checks on the explanation's statements (issue 15, expectations/text_statements.py):
each statement against its table and against its own arithmetic, on the seeds, on doctored copies
of them and on the Putuo finance bureau's 2024 final account (p21), read without a warehouse."""

from __future__ import annotations

from dataclasses import asdict, replace
from decimal import Decimal

import pytest

from expectations import identities as ids
from expectations import text_statements as ts
from tests.conftest import parsed_corpus, seed_path

D = Decimal
PUTUO = "shanghai-putuo/putuo-finance-bureau-2024-final-account.pdf"


def parse_text(text: str, name: str):
    from extract.pipeline import parse_document

    return parse_document(text.encode("utf-8"), name, name)


def text_results(doc) -> list:
    """The text family's results on a parsed document, as the registry runs them."""
    figs = [{**asdict(f), "document_id": doc.document_id} for f in doc.text_figures]
    tables = {t.table_id: t for t in doc.tables}
    items = ids.normalise([{**asdict(li), "document_id": doc.document_id,
                            "table_kind": tables[li.table_id].table_kind,
                            "unit_as_printed": tables[li.table_id].unit_as_printed}
                           for li in doc.line_items])
    return ts.check_document(figs, items, doc.doc_type)


def failing_errors(results) -> set:
    return {(r.check_name, r.page_number) for r in results
            if r.status == "fail" and r.severity == "error"}


@pytest.fixture(scope="module")
def seed_texts() -> dict:
    return {p: seed_path(p).read_text(encoding="utf-8") for p in ("001", "002", "003")}


@pytest.fixture(scope="module")
def seed_results(seed_texts) -> dict:
    return {p: text_results(parse_text(t, seed_path(p).name)) for p, t in seed_texts.items()}


def test_the_seeds_have_no_error_level_text_failure_and_their_statements_are_checked(
        seed_results):
    for prefix, results in seed_results.items():
        assert not failing_errors(results), (prefix, failing_errors(results))
    names = {r.check_name for rs in seed_results.values() for r in rs if r.status == "pass"}
    assert {"text_amount_equals_table", "text_share_equals_its_figures",
            "text_rate_equals_its_figures", "text_rate_base_not_zero"} <= names


def test_seed_003_change_rate_over_this_years_figure_is_a_warning(seed_results):
    """003 p17 "机关运行经费财政拨款预算48.75万元，比2023年预算增加21.66万元，增长44.43%": 21.66 is
    44.43% of 48.75, this year's figure, not of last year's 27.09 (79.96%)."""
    r, = [r for r in seed_results["003"] if r.status == "fail"]
    assert (r.check_name, r.severity, r.page_number) == (
        "text_change_amount_agrees_with_change_rate", "warning", 17)
    assert r.actual == D("44.43") and round(r.expected, 2) == D("79.96")


def doctored(seed_texts, prefix: str, old: str, new: str):
    text = seed_texts[prefix]
    assert text.count(old) >= 1, old
    return parse_text(text.replace(old, new, 1), f"doctored-{seed_path(prefix).name}")


def new_errors(seed_results, prefix, doc) -> set:
    return failing_errors(text_results(doc)) - failing_errors(seed_results[prefix])


def test_a_text_amount_changed_is_caught_by_the_amount_check_only(seed_texts, seed_results):
    doc = doctored(seed_texts, "001", "人员经费2,194.96万元", "人员经费2,149.96万元")
    assert new_errors(seed_results, "001", doc) == {("text_amount_equals_table", 18)}
    r, = [r for r in text_results(doc) if r.status == "fail"]
    assert (r.expected, r.actual) == (D("2194.96"), D("2149.96"))
    assert "人员经费2,149.96万元" in r.description and r.table_kind == "basic_expenditure_economic"


def test_a_share_changed_is_caught_by_the_share_check_only(seed_texts, seed_results):
    doc = doctored(seed_texts, "001", "占85.66%", "占88.66%")
    assert new_errors(seed_results, "001", doc) == {("text_share_equals_its_figures", 17)}


def test_a_rate_over_a_zero_base_is_caught_by_the_zero_base_check_only(seed_texts,
                                                                       seed_results):
    """002 p19: "一般公共服务支出年初预算67.32万元，支出决算67.32万元，完成年初预算的100.00%"
    with its 年初预算 made 0."""
    doc = doctored(seed_texts, "002", "一般公共服务支出年初预算67.32万元",
                   "一般公共服务支出年初预算0万元")
    assert new_errors(seed_results, "002", doc) == {("text_rate_base_not_zero", 19)}


def test_putuo_p21_total_of_0_3_is_an_error_with_both_figures():
    """Putuo finance bureau 2024 final account, p21 (rendered and read): "上海市普陀区财政局2024年度
    财政拨款收入支出总计0.3万元。" — its 财政拨款收入支出决算总表 prints 2,961.68."""
    results = text_results(parsed_corpus(PUTUO))
    r, = [r for r in results if r.check_name == "text_amount_equals_table"
          and r.status == "fail" and r.actual == D("0.3")]
    assert r.severity == "error" and r.page_number == 21
    assert r.expected == D("2961.68") and r.table_kind == "fiscal_summary"
    assert "0.3" in r.description and "财政拨款收入支出总计0.3万元" in r.description
    # p21 also: "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05 is 71.65%
    assert failing_errors(results) == {("text_amount_equals_table", 21),
                                       ("text_share_equals_its_figures", 21)}


def test_a_comparison_word_flipped_is_caught_by_the_comparison_check_only():
    """Putuo p21 "年初预算为2993.92万元，支出决算为2940.05万元 … 决算数小于预算数": the statement's
    小于 flipped to 大于."""
    doc = parsed_corpus(PUTUO)
    before = failing_errors(text_results(doc))
    flipped = [replace(f, comparison="大于") if f.page_number == 21
               and f.figure_kind == "comparison" and f.comparison == "小于" else f
               for f in doc.text_figures]
    assert flipped != doc.text_figures
    after = failing_errors(text_results(replace(doc, text_figures=flipped)))
    assert after - before == {("text_comparison_word_agrees_with_figures", 21)}


def completeness_and_text_errors(doc) -> set:
    """Error-level failures of the completeness and text families on a parsed document."""
    from expectations import contents

    tables = [{"document_id": doc.document_id, "table_id": t.table_id,
               "table_kind": t.table_kind, "is_empty": t.is_empty, "page_from": t.page_from,
               "table_title": t.title} for t in doc.tables]
    with_items = {li.table_id for li in doc.line_items}
    results = (ids.check_completeness(doc.document_id, doc.doc_type, tables, with_items)
               + contents.check_listed_tables(doc.document_id, doc.doc_type, doc.pages_text,
                                              tables)
               + text_results(doc))
    return {(r.check_name, r.table_kind) for r in results
            if r.status == "fail" and r.severity == "error"}


def test_the_seeds_contents_list_the_tables_they_print(seed_texts):
    from expectations import contents

    doc = parse_text(seed_texts["001"], seed_path("001").name)
    listed = contents.check_listed_tables(doc.document_id, doc.doc_type, doc.pages_text,
                                          [{"table_kind": t.table_kind} for t in doc.tables])
    assert len(listed) == 12 and {r.status for r in listed} == {"pass"}
    assert {r.table_kind for r in listed} >= {"state_capital", "operating_cost",
                                               "project_expenditure_carry_over"}
    assert not completeness_and_text_errors(doc)


def test_a_table_removed_that_the_contents_list_is_caught_by_the_contents_check_only(
        seed_texts):
    """001's contents list "表九2026年国有资本经营预算收支预算表（不含上年结转）.....13"; the doctored
    copy drops that (empty) table from p13 and keeps the contents."""
    text = seed_texts["001"]
    start = text.index("2026年国有资本经营预算收支预算表（不含上年结转）\n")
    end = text.index("2026年财政拨款安排“三公”经费支出预算表\n")
    doc = parse_text(text[:start] + text[end:], "doctored-001.txt")
    assert "state_capital" not in {t.table_kind for t in doc.tables}
    assert completeness_and_text_errors(doc) == {("listed_table_present", "state_capital")}


def test_a_required_table_absent_is_an_error():
    r, = [r for r in ids.check_completeness("d", "budget", [
        {"table_kind": k} for k in ids.REQUIRED_TABLES["budget"] if k != "three_public"], set())
        if r.status == "fail" and r.check_name == "required_table_present"]
    assert (r.check_name, r.severity, r.table_kind) == (
        "required_table_present", "error", "three_public")


# --- the doctored copies landed: every family runs, and only the right check fails -------------

LANDED_DOCTORING = {
    # name: (seed, printed text, doctored text, the error-level checks it must add)
    "amount": ("001", "人员经费2,194.96万元", "人员经费2,149.96万元",
               {("text_amount_equals_table", 18)}),
    "share": ("001", "占85.66%", "占88.66%", {("text_share_equals_its_figures", 17)}),
    "zero-base": ("002", "一般公共服务支出年初预算67.32万元", "一般公共服务支出年初预算0万元",
                  {("text_rate_base_not_zero", 19)}),
}


@pytest.fixture(scope="module")
def landed_doctored(tmp_path_factory, seed_texts) -> dict:
    """Each doctored copy landed by ``govbudget ingest`` with the table removal: file name ->
    its error-level failures (check, page)."""
    import duckdb

    from tests.conftest import run_cli

    d = tmp_path_factory.mktemp("doctored-text")
    files = {}
    for name, (prefix, old, new, _) in LANDED_DOCTORING.items():
        files[name] = d / f"{prefix}-{name}-doctored.txt"
        files[name].write_text(seed_texts[prefix].replace(old, new, 1), encoding="utf-8")
    text = seed_texts["001"]
    start = text.index("2026年国有资本经营预算收支预算表（不含上年结转）\n")
    end = text.index("2026年财政拨款安排“三公”经费支出预算表\n")
    files["table"] = d / "001-table-doctored.txt"
    files["table"].write_text(text[:start] + text[end:], encoding="utf-8")
    wh = d / "wh.duckdb"
    code, out = run_cli(["ingest", *map(str, files.values()), "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return {name: _landed_errors(con, path.name) for name, path in files.items()}
    finally:
        con.close()


def _landed_errors(con, file_name) -> set:
    return set(con.execute(
        "SELECT c.check_name, c.page_number FROM dq.latest_check_results c JOIN "
        "marts.dim_document d USING (document_id) WHERE d.file_name = ? AND c.status = 'fail' "
        "AND c.severity = 'error'", [file_name]).fetchall())


@pytest.mark.parametrize("name", sorted(LANDED_DOCTORING))
@pytest.mark.slow
def test_a_landed_doctored_copy_fails_the_right_text_check_only(name, landed_doctored,
                                                                seed_warehouse):
    prefix, _, _, expected = LANDED_DOCTORING[name]
    original = _landed_errors(seed_warehouse, seed_path(prefix).name)
    assert landed_doctored[name] - original == expected


@pytest.mark.slow
def test_a_landed_copy_without_a_listed_table_fails_the_contents_check_only(landed_doctored,
                                                                            seed_warehouse):
    original = _landed_errors(seed_warehouse, seed_path("001").name)
    assert landed_doctored["table"] - original == {("listed_table_present", 1)}


@pytest.mark.slow
def test_text_check_rows_carry_the_statements_page_and_both_figures(seed_warehouse):
    names = sorted(ts.DESCRIPTIONS)
    rows = seed_warehouse.execute(
        "SELECT page_number, expected, actual, description FROM dq.latest_check_results "
        f"WHERE check_name IN ({', '.join('?' for _ in names)}) AND status <> 'not_applicable'",
        names).fetchall()
    assert len(rows) > 100
    assert all(r[0] and r[1] is not None and r[2] is not None and "“" in r[3] for r in rows)


# --- the corpus's own text errors (pages rendered and read; tests/test_corpus_values.py pins the set)

@pytest.mark.parametrize("rel,check,page,expected,actual", [
    # p19 "此外，基本支出预算数为12323.46万元。" — the same page's 三、 and the 支出总表 print 12323.48
    ("jiangsu-province/procuratorate-2017-budget.pdf", "text_amount_equals_table", 19,
     D("12323.48"), D("12323.46")),
    # p26 "基本支出15,844.04万元，占65.56%" of 本年支出预算合计24,169.74万元: 65.55%
    ("jiangsu-province/procuratorate-2019-budget.pdf", "text_share_equals_its_figures", 26,
     D("65.55"), D("65.56")),
    # p21 "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05万元: 71.65%
    (PUTUO, "text_share_equals_its_figures", 21, D("71.65"), D("71.73")),
    # p26 "…决算为0.16万元，完成预算0万元的0%": the stated rate and its base
    ("guangdong/foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 26,
     D("0"), D("0")),
    # p27 "机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%"
    ("guangdong/foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 27,
     D("0"), D("0")),
    # p29 "全年预算数0万元，执行数0万元，完成预算的0%"
    ("guangdong/foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 29,
     D("0"), D("0")),
    # p29 (printed 28) "因公出国（境）费13万元，比上年增加13万元，增长100%"
    ("shandong/yantai-finance-bureau-2026-budget.pdf", "text_rate_base_not_zero", 29,
     D("100"), D("0")),
])
def test_a_corpus_documents_own_text_error_is_flagged(rel, check, page, expected, actual):
    fails = [r for r in text_results(parsed_corpus(rel))
             if (r.check_name, r.page_number, r.status) == (check, page, "fail")]
    assert fails and all(r.severity == "error" for r in fails)
    assert any(round(r.expected, 2) == expected and r.actual == actual for r in fails), fails


def test_a_share_in_a_clause_after_its_base_is_checked_against_that_base():
    """The sample's final account (情况说明): "本年支出2,959.05万元，其中：基本支出2,552.07万元，占86.25%；
    项目支出406.98万元，占13.75%" — the reader cuts the sentence at "；", and 13.75 % is of 本年支出,
    not of the section's first figure (收入总计 2,973.57, 13.69 %). A share that names its base
    (占“三公”经费的19.1%, Jiangsu procuratorate 2019 p30) is checked against that base or not at all."""
    import tempfile
    from pathlib import Path

    from extract.pipeline import parse_document
    from tests.test_ocr_round_trip import write_sample

    with tempfile.TemporaryDirectory() as d:
        path = write_sample(Path(d)) / "shifan-justice-2025-final-account.pdf"
        doc = parse_document(path.read_bytes(), path.name, str(path))
    shares = [r for r in text_results(doc) if r.check_name == "text_share_equals_its_figures"]
    assert {(r.item_name, r.status) for r in shares} >= {("基本支出", "pass"), ("项目支出", "pass")}
    assert "of 本年支出 2,959.05万元" in next(r.description for r in shares if r.item_name == "项目支出")
    jiangsu = parsed_corpus("jiangsu-province/procuratorate-2019-budget.pdf")
    p30 = [r for r in text_results(jiangsu)
           if r.check_name == "text_share_equals_its_figures" and r.page_number == 30]
    assert all(r.status == "pass" for r in p30)


@pytest.mark.slow
def test_a_landed_sample_with_its_comparison_word_flipped_fails_the_comparison_check_only(
        tmp_path, monkeypatch):
    """The sample's final account (情况说明, p9): "“三公”经费财政拨款年初预算为22.10万元，支出决算为
    21.21万元，完成年初预算的95.97%，决算数小于预算数" — written again with 大于, landed by
    ``govbudget ingest`` beside the unchanged copy: the doctored copy adds exactly the comparison
    check's error, on the statement's page, with both figures."""
    import duckdb

    from sample import generate
    from tests.conftest import run_cli

    name = "shifan-justice-2025-final-account.pdf"
    good = tmp_path / "good"
    generate.generate_sample(good)
    para = generate.Writer.para

    def flipped(self, s, *args, **kwargs):
        return para(self, s.replace("决算数小于预算数", "决算数大于预算数"), *args, **kwargs)

    monkeypatch.setattr(generate.Writer, "para", flipped)
    doctored = tmp_path / "doctored-final-account.pdf"
    generate.DOCUMENTS[name](doctored)
    monkeypatch.undo()
    assert doctored.read_bytes() != (good / name).read_bytes()
    wh = tmp_path / "wh.duckdb"
    code, out = run_cli(["ingest", str(good / name), str(doctored), "--warehouse", str(wh)])
    assert code == 0, out
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert _landed_errors(con, name) == set()
        assert _landed_errors(con, doctored.name) == {
            ("text_comparison_word_agrees_with_figures", 9)}
        row = con.execute(
            "SELECT c.expected, c.actual, c.description FROM dq.latest_check_results c JOIN "
            "marts.dim_document d USING (document_id) WHERE d.file_name = ? AND c.check_name = "
            "'text_comparison_word_agrees_with_figures'", [doctored.name]).fetchone()
    finally:
        con.close()
    assert row[:2] == (D("22.10"), D("21.21")) and "决算数大于预算数" in row[2]


def test_figures_after_a_line_named_in_a_sentence_of_its_own_are_checked_against_it():
    """Putuo finance bureau 2024 final account, p22: "1、一般公共服务支出（类）财政事务（款）行政运行
    （项）。主要用于：…。年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数…" — the 决算
    is 2010601's line of 支出决算表 (p10: 201 06 01 行政运行 1,511.89)."""
    results = text_results(parsed_corpus(PUTUO))
    r, = [r for r in results if r.check_name == "text_amount_equals_table"
          and r.subject_code == "2010601"]
    assert (r.status, r.page_number, r.expected, r.actual) == ("pass", 22, D("1511.89"),
                                                               D("1511.89"))
    assert {r.subject_code for r in results if r.check_name == "text_amount_equals_table"
            and r.page_number == 22} >= {"2010601", "2010602", "2010607", "2010608"}


def test_codes_printed_in_the_level_marks_name_the_item():
    """Putuo justice bureau unit budget 2026, p6: "7、社会保障和就业支出（208类）行政事业单位养老支出
    （05款）行政单位离退休（01项）56.12万元。" — the 项 2080501, whatever the tables call it; its
    table prints 561,240.00 元."""
    from extract.statements.subjects import chain_subject

    sentence = ("7、社会保障和就业支出（208类）行政事业单位养老支出（05款）行政单位离退休（01项）"
                "56.12万元。")
    assert chain_subject(sentence)[:2] == (
        "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）", "2080501")
    # a printed code that is no class of the national list is not taken
    assert chain_subject("某某支出（999类）某某（05款）某某（01项）")[1] is None
    results = text_results(parsed_corpus("shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf"))
    r, = [r for r in results if r.check_name == "text_amount_equals_table"
          and r.subject_code == "2080501"]
    assert (r.status, r.page_number, r.expected, r.actual) == ("pass", 6, D("56.124"),
                                                               D("56.12"))


def test_money_of_no_known_line_carries_no_subject_to_the_next_sentence():
    """Jiangsu procuratorate 2019 budget, p26: "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，
    减少13.22 %。…单位预留机动经费预算数为3990.4万元。与上年相比增加1602.36万元，增长67.1 %。" —
    单位预留机动经费 is no 项目支出; and the 项目支出 rate is the document's own slip (1237.7 of
    last year's 5,573 is 22.21 %: 13.22 % is 基本支出's rate, the sentence before): a warning."""
    doc = parsed_corpus("jiangsu-province/procuratorate-2019-budget.pdf")
    subjects = {f.figure_as_printed: f.subject for f in doc.text_figures if f.page_number == 26}
    assert subjects["4335.3"] == subjects["1237.7"] == "项目支出"
    assert subjects["3990.4"] is None and subjects["1602.36"] is None
    r, = [r for r in text_results(doc) if r.check_name ==
          "text_change_amount_agrees_with_change_rate" and r.status == "fail"
          and r.page_number == 26]
    assert (r.page_number, r.severity, r.actual, round(r.expected, 2)) == (
        26, "warning", D("13.22"), D("22.21"))
