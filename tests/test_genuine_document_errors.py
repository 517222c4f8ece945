"""Check failures that are the document's own errors, not misreadings: each pinned with the figures
printed on its page (read from the rendered page and its text layer), so that a reader change that
makes such a check pass — or fail where the page is right — shows here.

Every test asserts the failure with the printed figures, and beside it a control: the same check
passing where the same document prints right, so the test can fail both ways.

shaanxi/xian-health-commission-2022-final-account.pdf (西安市卫生健康委员会 2022年度部门决算), its
项目支出绩效自评表 (pp. 60–141, 万元). Pages as a PDF viewer numbers them.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from expectations.performance_checks import check_execution_rate, check_score_total
from tests.conftest import parsed_corpus

pytestmark = pytest.mark.slow

XH = "shaanxi/xian-health-commission-2022-final-account.pdf"


@pytest.fixture(scope="module")
def xh():
    return parsed_corpus(XH)


def _project(doc, page: int, name: str):
    found = [p for p in doc.performance_projects
             if p.page_number == page and p.project_name == name and p.kind == "self_evaluation"]
    assert len(found) == 1, [(p.page_number, p.project_name) for p in doc.performance_projects
                             if p.page_number == page]
    return found[0]


def _row(doc, p) -> dict:
    return {"document_id": doc.document_id, "page_number": p.page_number, "project_name": p.project_name,
            "project_key": p.project_key, "annual_amount_wan": p.annual_amount_wan,
            "executed_amount_wan": p.executed_amount_wan, "execution_rate": p.execution_rate,
            "total_score": p.total_score, "extra_json": dict(p.extra)}


def _rate(doc, page: int, name: str) -> dict:
    return check_execution_rate(_row(doc, _project(doc, page, name)))


def _score(doc, page: int, name: str) -> dict:
    p = _project(doc, page, name)
    inds = [{"score": i.score, "weight": i.weight} for i in doc.performance_indicators
            if i.project_key == p.project_key]
    return check_score_total(_row(doc, p), inds)


def _printed(doc, page: int, name: str) -> tuple:
    e = _project(doc, page, name).extra
    return e.get("年初预算数"), e.get("全年预算数"), e.get("全年执行数"), e.get("执行率")


def test_rate_printed_truncated(xh):
    # p63 采供血专用材料费项目: 年度资金总额 | 年初预算数 8859 | 全年预算数（A） 8859 | 全年执行数（B） 8858.95 |
    # 分值 10 | 执行率（B/A） 99.99% | 得分 10.00. 8858.95 / 8859 = 99.99944%, which rounds to 100.00%;
    # 99.99 is the quotient cut off, not rounded (the row's amounts are kept to 0.01: 8859 is 8859.00,
    # and the rounding of both amounts moves the quotient by 0.0001 at most).
    assert _printed(xh, 63, "采供血专用材料费项目") == ("8859", "8859", "8858.95", "99.99")
    r = _rate(xh, 63, "采供血专用材料费项目")
    assert r["status"] == "fail"
    assert (r["expected"], r["actual"]) == (D("99.99"), D("99.999436"))
    assert abs(r["difference"]) > r["tolerance"]
    # control: the same document rounds where truncation would differ — p70 中职免学费补助（市级资金）
    # prints 99.98% for 352.66 / 352.74 = 99.9773% (cut off: 99.97), p113 99.96% for 229.9 / 230 = 99.9565%
    r = _rate(xh, 70, "中职免学费补助（市级资金）")
    assert (r["status"], r["expected"], r["actual"]) == ("pass", D("99.98"), D("99.977320"))
    r = _rate(xh, 113, "征用西安城北医院停车场及部分业务用房")
    assert (r["status"], r["expected"]) == ("pass", D("99.96"))


def test_rate_off_its_amounts(xh):
    # p77 医疗耗材和试剂项目 (西安市公共卫生中心): 年度资金总额 | 840 | 840 | 701.17 | 分值 10 |
    # 执行率 83.50% | 得分 8.6 (其中：当年财政拨款 the same). 701.17 / 840 = 83.4726%: 83.47%, not 83.50%
    # (83.50% would need 701.40 executed, or a budget of 839.7).
    assert _printed(xh, 77, "医疗耗材和试剂项目") == ("840", "840", "701.17", "83.50")
    r = _rate(xh, 77, "医疗耗材和试剂项目")
    assert r["status"] == "fail"
    assert (r["expected"], r["actual"]) == (D("83.50"), D("83.472619"))
    assert abs(r["difference"]) > r["tolerance"]
    # control: p75 (the same unit's 保洁服务) prints 77.26% for 179.24 / 232 = 77.2586%: a whole-number
    # budget beside a two-decimal execution, rounded right
    r = _rate(xh, 75, "保洁项目")
    assert (r["status"], r["expected"], r["actual"]) == ("pass", D("77.26"), D("77.258621"))


# The 执行率 cell prints "1000%" — one run of five evenly spaced glyphs centred in the 执行率 column,
# the 分值 cell beside it blank — where 全年执行数 / 全年预算数 is 100%: (page, project, 年初预算数,
# 全年预算数, 全年执行数, 得分 as printed).
THOUSAND_PERCENT = [
    (98, "公共卫生事业发展资金", "0", "400", "400", "10"),  # 西安市儿童医院
    (99, "市儿童医院经开院区一期", "0", "3000", "3000", "10"),
    (100, "城市公立医院取消药品加成财政补偿资金（卫生健康事业发展专项资金）", "272.58", "272.58", "272.58", "10"),
    (101, "临床检验设备", "390", "390", "390", "10"),
    (102, "市儿童医院经开院区二期建设项目", "0", "140000", "140000", "10"),
    (103, "医用超声波仪器及设备", "240", "240", "240", "10"),
    (138, "医用光学仪器", "7614.74", "7614.74", "7614.74", "10"),  # 西安市第一医院
    (139, "医用激光仪器及设备", "3681.5", "423", "423", "6"),
    (140, "公共卫生事业发展资金", "7614.74", "7614.74", "7614.74", "10"),
    (141, "西安市第一医院迁建项目（设备购置）", "7614.74", "7614.74", "7614.74", "10"),
]


@pytest.mark.parametrize("page,name,initial,budget,executed,points", THOUSAND_PERCENT,
                         ids=[f"p{t[0]}" for t in THOUSAND_PERCENT])
def test_rate_printed_as_1000_percent(xh, page, name, initial, budget, executed, points):
    p = _project(xh, page, name)
    assert _printed(xh, page, name) == (initial, budget, executed, "1000")
    assert p.extra.get("执行率得分") == points
    r = _rate(xh, page, name)
    assert r["status"] == "fail"
    assert (r["expected"], r["actual"]) == (D("1000"), D("100.000000"))
    # control: the rest of the page is right — its 总分 is Σ indicator 得分 + the 执行率 得分 printed
    assert _score(xh, page, name)["status"] == "pass"


def test_only_these_rates_fail(xh):
    """Every other 执行率 in the document agrees with its amounts — including the pages once misread:
    p119 (4.4-pt text: 115700 / 115700 and 100% had lost a doubled digit to the fake-bold filter: read
    1570 and 10%), p114 and p115 (the fund labels' row wrapped '年初预算' / '数': nothing read)."""
    failing = set()
    checked = 0
    for p in xh.performance_projects:
        if p.kind != "self_evaluation":
            continue
        r = check_execution_rate(_row(xh, p))
        checked += r["status"] != "not_applicable"
        if r["status"] == "fail":
            failing.add(p.page_number)
    assert failing == {63, 77} | {t[0] for t in THOUSAND_PERCENT}
    assert checked >= 70
    r = _rate(xh, 119, "西安市公共卫生中心（西安市第八医院新院区）项目建设")
    assert (r["status"], r["expected"], r["actual"]) == ("pass", D("100"), D("100.000000"))
    assert _printed(xh, 119, "西安市公共卫生中心（西安市第八医院新院区）项目建设") == ("0", "115700", "115700", "100")
    for page, name in ((114, "西安市人民医院区中建设医疗设备购置项目"),
                       (115, "医疗服务与保障能力提升（第二批）补助资金")):
        r = _rate(xh, page, name)
        assert r["status"] == "pass"


def test_no_score_total_fails(xh):
    """No 总分 in the document is wrong. p114 and p115 print 总分 93 / 94 = Σ indicator 得分 (83 / 84) + the
    执行率 得分 10; p70 and p71 print 总分 90 / 88 of 分值 90 — the indicators' 分值 alone (20+10+10+10+8+8+8+6+10),
    执行率 scored beside (9.98 / 8.38) — and that is Σ indicator 得分; p72 prints 93 of 分值 90: 83 + 10."""
    expected = {(114, "西安市人民医院区中建设医疗设备购置项目"): (D("93"), D("83")),
                (115, "医疗服务与保障能力提升（第二批）补助资金"): (D("94"), D("84")),
                (70, "中职免学费补助（市级资金）"): (D("90"), D("90")),
                (71, "中职免学费补助（中央资金）"): (D("88"), D("88")),
                (72, "西安市妇幼保健院医疗设备购置更新项目"): (D("93"), D("83"))}
    for (page, name), (total, indicators) in expected.items():
        p = _project(xh, page, name)
        got = sum((i.score for i in xh.performance_indicators if i.project_key == p.project_key), D(0))
        assert (p.total_score, got) == (total, indicators), (page, name)
        r = _score(xh, page, name)
        assert (r["status"], r["expected"]) == ("pass", total), (page, r)
    failing = [p.page_number for p in xh.performance_projects if p.kind == "self_evaluation"
               and _score(xh, p.page_number, p.project_name)["status"] == "fail"]
    assert failing == []


# shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf (上海市普陀区司法局 2026年单位预算, 元):
# on p11 (支出预算总表) and p14 (一般公共预算支出功能分类预算表) the line 204 06 01 行政运行 prints
# 合计 14,348,853.34 and 基本支出 14,348,853.34 but 项目支出 64,840,547.00 — the 204 line's 项目支出
# repeated by mistake. Its own row (合计 = 基本 + 项目) and its 款 20406 司法 (项目支出 = Σ 项) fail;
# the neighbouring line 204 06 04 基层司法业务 (p11: 合计 = 项目支出 21,703,947.00) passes.
PU = "shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf"


@pytest.mark.parametrize("page,kind", [(11, "expenditure_summary"), (14, "general_budget_expenditure")])
def test_project_spending_of_the_class_repeated_on_an_item_line(page, kind):
    from tests.parsed_documents import check_results

    doc = parsed_corpus(PU)
    results = [r for r in check_results(doc) if r.page_number == page and r.table_kind == kind]
    failed = {(r.check_name, r.subject_code, r.measure, r.expected, r.actual)
              for r in results if r.status == "fail" and r.severity == "error"}
    assert failed == {
        ("row_total_equals_basic_plus_project", "2040601", "total", D("1434.885334"), D("7918.940034")),
        ("section_equals_sum_of_items", "20406", "project", D("6484.0547"), D("12968.1094")),
    }
    passed = {(r.check_name, r.subject_code) for r in results if r.status == "pass"}
    assert ("row_total_equals_basic_plus_project", "2040604") in passed
