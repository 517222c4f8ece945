"""An evaluation report's result stated in prose (extract/performance/evaluation.py): the
evaluated programme lands as a project with its money, score and grade. The scanned reports are
in tests/test_ocr_reader.py; here the text-layer report and the prose forms, one per quirk."""

from __future__ import annotations

from decimal import Decimal as D

from extract.model import Document
from extract.performance.evaluation_reports import read_evaluation_result
from tests.conftest import parsed_corpus


def _doc(*pages: str, unit=None) -> Document:
    return Document(document_id="x", source_uri="x", file_name="x.pdf", format="pdf",
                    page_count=len(pages), pages_text=list(pages), unit_name=unit,
                    doc_type="performance")


def test_sasac_text_report_lands_its_programme():
    doc = parsed_corpus("hunan/changsha-sasac-2020-evaluation-report.pdf")
    # p1: 评价项目名称：2020 年度长沙市人民政府国有资产监督管理委员会国企改革稳定专项资金绩效评价
    # p7: 预算批复金额13,237万元 … 实际执行12,679.21万元; p24: 项目综合评分92.25分，评价级次为优
    evaluations = [p for p in doc.performance_projects if p.total_score is not None]
    assert [(p.project_name, p.unit_name, p.annual_amount_wan, p.executed_amount_wan,
             p.total_score, p.grade) for p in evaluations] == [
        ("2020年度长沙市人民政府国有资产监督管理委员会国企改革稳定专项资金",
         "长沙市人民政府国有资产监督管理委员会", D("13237"), D("12679.21"), D("92.25"), "优")]


def test_score_and_grade_with_spaces_and_line_breaks_between_words():
    doc = _doc("2023 年度示范市公安局交通警察支队\n专项资金绩效评价结果\n",
               "实际支出数 1,234.50\n万元， 预算执行率 98.76%。",
               "综合评价得分 85.38分， 评价等级为“良” 。")
    [p] = read_evaluation_result(doc)
    assert (p.project_name, p.unit_name, p.executed_amount_wan, p.execution_rate, p.total_score,
            p.grade) == ("2023年度示范市公安局交通警察支队专项资金", "示范市公安局交通警察支队",
                         D("1234.50"), D("98.76"), D("85.38"), "良")


def test_a_sub_projects_rate_is_not_the_programmes():
    doc = _doc("示范项目绩效评价报告\n预算安排100万元，实际执行90万元，年末结余10万元。"
               "①甲子项目预算50万元，实际支出45万元，预算执行率90%。\n综合得分88分，评价等级为良好。")
    [p] = read_evaluation_result(doc)
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate, p.grade) == (
        D("100"), D("90"), None, "良好")


def test_a_document_that_states_no_score_is_no_evaluation_result():
    assert read_evaluation_result(_doc("示范项目绩效目标表\n年度预算100万元")) == []


def test_the_unit_is_named_in_the_opening_sentence_when_not_above_the_title():
    doc = _doc("专项资金绩效评价结果\n评价工作组对示范市市场监督管理局（以下简称市监局）的专项资金实施了评价。"
               "评价得分为90分，评价等级为优。")
    [p] = read_evaluation_result(doc)
    assert (p.unit_name, p.total_score, p.grade) == ("示范市市场监督管理局", D("90"), "优")
    assert p.extra.get("evaluated_by") is None  # no finance bureau's group named
