"""Performance targets and self-evaluations (extract/performance.py, extract/indicator_values.py).

Expected values were read by hand from the seeds in ../shared/seeds (seed and line cited).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.indicator_values import parse_target
from extract.model import Document
from extract.performance import read_performance, read_performance_text
from tests.conftest import seed_path


def _text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeds():
    return {p: read_performance_text(_text(p)) for p in ("001", "002", "003", "004")}


def _project(projects, key):
    found = [p for p in projects if p.project_key == key]
    assert len(found) == 1, [p.project_key for p in projects]
    return found[0]


def _indicators(indicators, key, name, period=None):
    return [i for i in indicators if i.project_key == key and i.indicator_name == name
            and (period is None or i.period == period)]


# --------------------------------------------------------------------------- parse_target

@pytest.mark.parametrize("printed, expected", [
    ("≥200人", (">=", 200.0, "人")),
    ("≤2590元/人.月", ("<=", 2590.0, "元/人.月")),
    ("100%", ("=", 100.0, "%")),
    ("≥20000人次/年", (">=", 20000.0, "人次/年")),
    ("168万", ("=", 168.0, "万")),
    ("提高95%", (">=", 95.0, "%")),
    ("9、10月", (None, None, None)),
    ("按时发放", (None, None, None)),
    (r"$\geq 80\%$", (">=", 80.0, "%")),
    ("＞15000元/年", (">", 15000.0, "元/年")),
    ("＜24000元/年", ("<", 24000.0, "元/年")),
    ("≧95%", (">=", 95.0, "%")),
    ("≦3000元/年", ("<=", 3000.0, "元/年")),
    (">98%", (">", 98.0, "%")),
    ("=100%", ("=", 100.0, "%")),
    ("96%以上", (">=", 96.0, "%")),
    ("≥2000 份", (">=", 2000.0, "份")),
    ("≤2.27 万 元/人", ("<=", 2.27, "万元/人")),
    ("1,000个", ("=", 1000.0, "个")),
    ("≥%", (None, None, None)),          # 002's 年初指标值 printed without a number
    ("11月底", (None, None, None)),       # a date, not a quantity
    ("2024年11月底前完成", (None, None, None)),
    ("≥199元/人.月 3920元/人.年", (None, None, None)),  # two values in one cell (001 遗属补助)
    ("", (None, None, None)),
    (None, (None, None, None)),
])
def test_parse_target(printed, expected):
    assert parse_target(printed) == expected


# --------------------------------------------------------------------------- seed 001

def test_seed001_counts_and_keys(seeds):
    projects, indicators = seeds["001"]
    assert len(projects) == 10
    assert all(p.kind == "target" for p in projects)
    assert len({p.project_key for p in projects}) == 10
    # two 专业人员聘用补贴 in different units (lines 676-677 and 923-924)
    pay = [p for p in projects if p.project_name == "专业人员聘用补贴"]
    assert sorted(p.project_key for p in pay) == ["阳泉市司法局|专业人员聘用补贴",
                                                  "阳泉市强制隔离戒毒所|专业人员聘用补贴"]
    assert all(i.project_key in {p.project_key for p in projects} for i in indicators)


def test_seed001_amounts_in_wan(seeds):
    projects, _ = seeds["001"]
    # line 575: 实施期资金总额 1,589,100 元, 年度资金总额 567,000 元
    p = _project(projects, "阳泉市司法局|晋东公证处政府购买服务经费")
    assert p.total_amount_wan == Decimal("158.91")
    assert p.annual_amount_wan == Decimal("56.7")
    assert p.department_name == "阳泉市司法局"
    assert p.unit_name == "阳泉市司法局"
    # line 926: 年度资金总额 235,000 元 (matches 项目支出表 line 426: 23.50 万元)
    p = _project(projects, "阳泉市强制隔离戒毒所|专业人员聘用补贴")
    assert p.annual_amount_wan == Decimal("23.5")
    assert p.total_amount_wan == Decimal("0")
    # line 709: "实施单位 阳泉市法律援助中心" printed in one cell
    p = _project(projects, "阳泉市法律援助中心|法律援助业务经费")
    assert p.annual_amount_wan == Decimal("8.4")
    assert p.extra["项目属性"] == "经常性项目（长期开展）"


def test_seed001_indicators(seeds):
    _, indicators = seeds["001"]
    key = "阳泉市司法局|国家统一法律职业资格考试经费"
    # line 551: 产出指标 数量指标 考务人员 ≤200人, in both column groups
    rows = _indicators(indicators, key, "考务人员")
    assert sorted(i.period for i in rows) == ["annual", "implementation"]
    for i in rows:
        assert (i.level1, i.level2, i.target_value) == ("产出指标", "数量指标", "≤200人")
        assert (i.target_operator, i.target_number, i.target_unit) == ("<=", 200.0, "人")
    # line 555: 考试时间 9、10月 printed only in the 实施期 group
    rows = _indicators(indicators, key, "考试时间")
    assert [(i.period, i.level2, i.target_value, i.target_number) for i in rows] == [
        ("implementation", "时效指标", "9、10月", None)]
    # line 591: 免费法律咨询 ≥20000人次/年
    rows = _indicators(indicators, "阳泉市司法局|晋东公证处政府购买服务经费", "免费法律咨询", "annual")
    assert rows[0].target_unit == "人次/年" and rows[0].target_number == 20000.0
    # line 598: 成本指标 购买公证服务 168万 (level 2 of 产出指标 in this template)
    rows = _indicators(indicators, "阳泉市司法局|晋东公证处政府购买服务经费", "购买公证服务", "annual")
    assert (rows[0].level1, rows[0].level2, rows[0].target_number, rows[0].target_unit) == (
        "产出指标", "成本指标", 168.0, "万")
    # line 696-697: the two groups list 工资/保险 in different orders
    key = "阳泉市司法局|专业人员聘用补贴"
    wage = _indicators(indicators, key, "工资", "implementation")[0]
    assert (wage.target_operator, wage.target_number, wage.target_unit) == ("<=", 2590.0, "元/人.月")
    assert _indicators(indicators, key, "月工资", "annual")[0].target_value == "≤2590元/人.月"
    # line 766: 场所安全 提高95%
    safe = _indicators(indicators, "阳泉市强制隔离戒毒所|单位场所运行费", "场所安全", "annual")[0]
    assert (safe.level2, safe.target_operator, safe.target_number) == ("质量指标", ">=", 95.0)


def test_seed001_level2_carries_to_annual_group(seeds):
    _, indicators = seeds["001"]
    # line 594: "|质量指标|办证合格率|100%|办证合格率|100%" — the 年度 group's 二级指标 cell is blank
    rows = _indicators(indicators, "阳泉市司法局|晋东公证处政府购买服务经费", "办证合格率")
    assert {i.period: i.level2 for i in rows} == {"implementation": "质量指标", "annual": "质量指标"}


# --------------------------------------------------------------------------- seed 002

def test_seed002_self_evaluations(seeds):
    projects, indicators = seeds["002"]
    assert len(projects) == 11
    assert all(p.kind == "self_evaluation" for p in projects)
    assert sorted(p.grade for p in projects) == ["优"] * 10 + ["良"]  # line 557: 10 优, 1 良
    # lines 586-609: 办案费, 资金总额 45.5 / 45.5 / 45.5 / 44.639 / 0.861 / 98.11 / 9.81, 总分 99.81 优
    p = _project(projects, "阳城县司法局|2024年中央和省级政法转移支付资金(办案费)")
    assert p.annual_amount_wan == Decimal("45.5")
    assert p.executed_amount_wan == Decimal("44.639")
    assert p.execution_rate == Decimal("98.11")
    assert p.total_score == Decimal("99.81") and p.grade == "优"
    assert p.extra["年初预算数"] == "45.5"
    assert p.department_name == "阳城县公安局"
    # lines 808-830: 乡镇综合行政执法体制改革工作经费, 总分 on the next line "88.5 良"
    p = _project(projects, "阳城县司法局|乡镇综合行政执法体制改革工作经费")
    assert p.total_score == Decimal("88.5") and p.grade == "良"
    assert p.extra["年初预算数"] == "200"
    assert p.executed_amount_wan == Decimal("0") and p.execution_rate == Decimal("0")
    # line 711/722: 行政复议与应诉工作经费 年初 6, 全年 5.652, 执行 5.652, 100%, 总分 100
    p = _project(projects, "阳城县司法局|行政复议与应诉工作经费")
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate, p.total_score) == (
        Decimal("5.652"), Decimal("5.652"), Decimal("100"), Decimal("100"))
    assert p.extra["年初预算数"] == "6"
    # line 963: 大调解经费 prints an extra column of 10s: read from the right
    p = _project(projects, "阳城县司法局|大调解经费")
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate) == (
        Decimal("10"), Decimal("10"), Decimal("100"))


def test_seed002_indicators(seeds):
    _, indicators = seeds["002"]
    key = "阳城县司法局|乡镇综合行政执法体制改革工作经费"
    # line 823: 县级平台建设验收合格率 =100% / =88%, 分值 10, 得分 8.5
    i = _indicators(indicators, key, "县级平台建设验收合格率")[0]
    assert (i.level1, i.level2, i.period) == ("产出指标", "质量指标", "annual")
    assert (i.target_value, i.actual_value, i.weight, i.score) == (
        "=100%", "=88%", Decimal("10"), Decimal("8.5"))
    assert (i.target_operator, i.target_number, i.target_unit) == ("=", 100.0, "%")
    # line 599: 刑事案件辩护覆盖率, 年初指标值 printed as "=%": the number comes from 调整后指标值
    i = _indicators(indicators, "阳城县司法局|2024年中央和省级政法转移支付资金(办案费)",
                    "刑事案件辩护覆盖率")[0]
    assert (i.target_value, i.actual_value, i.weight, i.score) == ("=100%", "=100%", Decimal("4"),
                                                                   Decimal("4"))
    # line 605: 经济效益 printed under 产出指标's merged cell: level 1 follows the level-2 family
    i = _indicators(indicators, "阳城县司法局|2024年中央和省级政法转移支付资金(办案费)",
                    "公共法律服务创造良好的营商环境")[0]
    assert (i.level1, i.level2, i.target_number, i.weight) == ("效益指标", "经济效益", 90.0,
                                                               Decimal("15"))
    # line 969: 人民调解案件数量 ≥1100件 target, ≥582件 actual, then a 偏差原因 text cell
    i = _indicators(indicators, "阳城县司法局|大调解经费", "人民调解案件数量")[0]
    assert (i.target_number, i.actual_value, i.weight, i.score) == (1100.0, "≥582件", Decimal("10"),
                                                                    Decimal("10"))
    # every project's indicator 得分 + the 执行率 得分 = 总分 (DOMAIN.md)
    projects, _ = seeds["002"]
    for p in projects:
        total = sum((i.score or 0) for i in indicators if i.project_key == p.project_key)
        assert total + Decimal(p.extra["执行率得分"]) == pytest.approx(p.total_score, abs=Decimal("0.02")), p.project_key


# --------------------------------------------------------------------------- seed 003

def test_seed003_projects(seeds):
    projects, indicators = seeds["003"]
    targets = [p for p in projects if p.kind == "target"]
    assert len(targets) == 5
    # line 1175: 死亡抚恤金 222,901.46 元 → 22.290146 万元 exactly
    p = _project(projects, "长治市屯留区司法局|死亡抚恤金")
    assert p.annual_amount_wan == Decimal("22.290146")
    assert p.total_amount_wan == Decimal("22.290146")
    # line 1451: 人民调解员经费 实施期 500,000 / 年度 200,000 元
    p = _project(projects, "长治市屯留区司法局|人民调解员经费")
    assert (p.total_amount_wan, p.annual_amount_wan) == (Decimal("50"), Decimal("20"))
    assert p.department_name == "长治市屯留区司法局" and p.extra["主管部门代码"] == "020"


def test_seed003_layout_indicators(seeds):
    _, indicators = seeds["003"]
    # line 1304: "律师参与检察院认罪认罚案≥140件" — value glued to the name
    rows = _indicators(indicators, "长治市屯留区司法局|刑事案件法律援助补助", "律师参与检察院认罪认罚案")
    assert len(rows) == 1
    assert (rows[0].period, rows[0].level1, rows[0].level2, rows[0].target_number) == (
        "implementation", "产出指标", "数量指标", 140.0)
    key = "长治市屯留区司法局|死亡抚恤金"
    assert len([i for i in indicators if i.project_key == key]) == 10
    # line 1219: "丧葬费和抚恤金发放及时性及时" — a qualitative value glued to the name
    i = _indicators(indicators, key, "丧葬费和抚恤金发放及时性")[0]
    assert (i.period, i.level2, i.target_value) == ("implementation", "时效指标", "及时")
    # line 1526: 群体性事件下降率 ≥70% (a cell wrapped over its own line)
    rows = _indicators(indicators, "长治市屯留区司法局|人民调解员经费", "群体性事件下降率")
    assert sorted(i.period for i in rows) == ["annual", "implementation"]
    assert all((i.level1, i.level2, i.target_operator, i.target_number) ==
               ("效益指标", "经济效益指标", ">=", 70.0) for i in rows)


def test_seed003_department_level(seeds):
    _, indicators = seeds["003"]
    dept = [i for i in indicators if i.project_key is None]
    assert len(dept) >= 20
    assert all(i.period == "annual" for i in dept)
    # lines 1077-1079: "接送监狱重点服刑人" / "员人数" / "10人" — a wrapped name
    i = [i for i in dept if i.indicator_name == "接送监狱重点服刑人员人数"][0]
    assert (i.level1, i.target_number, i.target_unit) == ("产出指标", 10.0, "人")
    # line 1121: 以案定补 平均150元
    i = [i for i in dept if i.indicator_name == "以案定补"][0]
    assert (i.level2, i.target_value, i.target_number) == ("成本指标", "平均150元", 150.0)


def test_seed003_staffing_statistics():
    doc = Document(document_id="x", source_uri="s", file_name="003.txt", format="text",
                   page_count=1, pages_text=[_text("003")], unit_name="长治市屯留区司法局")
    read_performance(doc)
    stats = {s.item_name: s.value for s in doc.statistics}
    # lines 855/857: 核定的人员编制数 34人, 实际在职人员总数 66人
    assert stats["核定的人员编制数"] == Decimal("34")
    assert stats["实际在职人员总数"] == Decimal("66")
    assert len([p for p in doc.performance_projects if p.kind == "target"]) == 5


# --------------------------------------------------------------------------- seed 004

def test_seed004_coded_projects(seeds):
    projects, indicators = seeds["004"]
    assert len(projects) == 2
    # line 125-126: 项目编码 13082426P00030810010F, 预算数 20.00 万元
    p = projects[0]
    assert p.project_code == "1308242600030810010"  # digits only (CONTRACT.md)
    assert p.extra["项目编码"] == "13082426P00030810010F"  # as printed
    assert p.project_code[:6] == "130824"
    assert p.project_name == "2026年人民调解办案业务费"
    assert p.annual_amount_wan == Decimal("20.00")
    assert projects[1].extra["项目编码"] == "13082426P000308100113"
    # line 141: "324001 溧平县司法局本级" (OCR) → 滦平县 from the code's region 130824
    assert [q.unit_name for q in projects] == ["滦平县司法局本级", "滦平县司法局本级"]
    assert projects[1].annual_amount_wan == Decimal("155.99")
    # line 132: 普法宣传品 制作数量 ≥2000 份 (OCR wrap spaces removed)
    i = _indicators(indicators, p.project_key, "普法宣传品制作数量")[0]
    assert (i.level1, i.level2, i.period) == ("产出指标", "数量指标", "annual")
    assert (i.target_operator, i.target_number, i.target_unit) == (">=", 2000.0, "份")
    # line 155: ≤2.27 万 元/人
    i = _indicators(indicators, projects[1].project_key, "司法协理员平均工资成本")[0]
    assert (i.target_operator, i.target_number, i.target_unit) == ("<=", 2.27, "万元/人")


def test_seed004_prose_goals(seeds):
    _, indicators = seeds["004"]
    dept = {i.indicator_name: i for i in indicators if i.project_key is None}
    # line 51: 调解成功率达到 96%以上
    assert (dept["调解成功率"].target_operator, dept["调解成功率"].target_number) == (">=", 96.0)
    # line 63: 比例 $\geq 80\%$ (OCR artefact) ; 社区矫正入矫率 100%
    i = dept["已核查矫正对象数量占应核查矫正对象数量比例"]
    assert (i.target_value, i.target_operator, i.target_number, i.target_unit) == ("≥80%", ">=", 80.0, "%")
    assert dept["社区矫正入矫率"].target_number == 100.0
    assert dept["年均办理法律援助案件"].target_unit == "件"


def test_read_performance_on_document_pages():
    text = _text("001")
    lines = text.split("\n")
    pages = ["\n".join(lines[:600]), "\n".join(lines[600:])]
    doc = Document(document_id="x", source_uri="s", file_name="001.txt", format="text",
                   page_count=2, pages_text=pages, unit_name="阳泉市司法局")
    read_performance(doc)
    assert len(doc.performance_projects) == 10
    by_name = {p.project_name: p for p in doc.performance_projects}
    assert by_name["国家统一法律职业资格考试经费"].page_number == 1  # line 531
    assert by_name["遗属补助"].page_number == 2                     # line 884
    assert all(not hasattr(i, "_owner") for i in doc.performance_indicators)


# --------------------------------------------------------------------------- known gaps, fixed

def test_seed001_shifted_level2_and_empty_annual_group(seeds):
    _, indicators = seeds["001"]
    key = "阳泉市法律援助中心|法律援助业务经费"
    # lines 726-727: "|||法律援助覆盖率|≥100%|质量指标|||" — the 实施期 二级指标 cell is missing and the
    # label printed in the (empty) 年度 column heads the row
    i = _indicators(indicators, key, "法律援助覆盖率", "implementation")[0]
    assert (i.level1, i.level2, i.target_number) == ("产出指标", "质量指标", 100.0)
    i = _indicators(indicators, key, "法律援助案件办案及法律援助免费咨询", "implementation")[0]
    assert i.level2 == "时效指标"
    assert _indicators(indicators, key, "法律援助案件数,法律援助免费咨询", "implementation")[0].level2 == "数量指标"
    # the 年度 group prints only its 二级指标 labels; 年度资金 = 实施期资金 (84000 元): 实施期 targets hold for the year
    annual = [i for i in indicators if i.project_key == key and i.period == "annual"]
    impl = [i for i in indicators if i.project_key == key and i.period == "implementation"]
    assert len(annual) == len(impl) == 11
    assert [(i.level2, i.indicator_name, i.target_value) for i in annual] == [
        (i.level2, i.indicator_name, i.target_value) for i in impl]
    # other projects keep their own 年度 groups (晋东公证处: 13 and 13, as printed)
    other = "阳泉市司法局|晋东公证处政府购买服务经费"
    assert len([i for i in indicators if i.project_key == other and i.period == "annual"]) == 13


def test_seed003_department_first_indicator_level1(seeds):
    _, indicators = seeds["003"]
    dept = [i for i in indicators if i.project_key is None]
    # lines 1020-1022: "聘请法律顾问人数 43人" printed above its merged 一级指标 cell's label (产出指标)
    assert (dept[0].indicator_name, dept[0].level1, dept[0].target_number) == ("聘请法律顾问人数", "产出指标", 43.0)
    assert all(i.level1 is not None for i in dept)


def test_seed002_goal_and_result_texts(seeds):
    projects, _ = seeds["002"]
    assert all("年度目标" in p.extra and "实际完成情况" in p.extra for p in projects)
    p = _project(projects, "阳城县司法局|2024年中央和省级政法转移支付资金(办案费)")
    # lines 592-593
    assert p.extra["年度目标"] == ("提高政法资金保障司法行政各项工作水平,提高资金使用绩效,充分发挥司法行政在平安阳城、"
                                  "法治阳城建设中的职能作用。")
    assert p.extra["实际完成情况"].startswith("全年实际达成值:乡镇综合行政执法人员培训1场次")
    assert p.extra["执行率"] == "98.11" and p.extra["总分"] == "99.81"


def test_seed004_spending_plan(seeds):
    projects, _ = seeds["004"]
    # lines 128-129 and 146-147: 资金支出计划（%） by 月底, cells shifted between the two rows
    assert projects[0].extra["资金支出计划"] == "3月底 30%；6月底 60%；10月底 80%"
    assert projects[1].extra["资金支出计划"] == "3月底 25%；6月底 50%；10月底 75%；12月底 100%"
    assert projects[0].extra["资金用途"] == "普法宣传业务费，人民调解办案补贴，法律援助办案费"
    assert projects[1].extra["财政资金"] == "155.99"


def test_seed001_split_header_cell_is_no_indicator(seeds):
    _, indicators = seeds["001"]
    # line 810: "绩效 指标|一级指标|…" — the header cell printed with a space
    assert not [i for i in indicators if "绩效" in i.indicator_name and "指标" in i.indicator_name]
    key = "阳泉市强制隔离戒毒所|戒毒场所水电运行费"
    assert len([i for i in indicators if i.project_key == key and i.period == "implementation"]) == 8
    assert len([i for i in indicators if i.project_key == key and i.period == "annual"]) == 8
