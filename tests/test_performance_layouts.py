"""Performance tables of the corpus's layouts (issue 13), read by extract.performance from real PDFs.

Every expected value below was read by hand from the printed page (the page is cited; pages are
1-based PDF pages). Each document is parsed once (``parse_document``), on first use.

Layouts and their quirks:
- Guangzhou 项目支出绩效目标表: one row per project, the 绩效指标 cell a numbered sentence list
  ("1、1-产出指标；11-数量指标；…；实施周期指标值:…；年度指标值:…。"), long cells, unit subtotal rows
  ("广州市数字政府运营中心 67,756.88") above their projects.
- Guangzhou 部门整体预算绩效目标申报表: a form; 实施周期指标值 and 年度指标值 in one grid column.
- Guangzhou's budget explanation: "重点项目预算绩效目标情况" (a project, its money and its goal).
- Changsha 项目支出绩效目标表: project columns beside the indicator columns, 指标值 / 度量单位 /
  指标值类型 in three cells, 备注 holding the points; continuation pages whose grid swallows the
  project columns and the level labels into one cell.
- Changsha 部门整体支出绩效目标表: department level (no project), the same quirks.
- Xi'an 项目绩效自评表 (final account): funds row, indicator rows with 年度指标值 / 实际完成值 / 分值 /
  得分, a 总分 row (sometimes glued under the last indicator row: "10100").
- Xi'an 部门专项业务经费绩效目标表 / 部门整体支出绩效目标表 / 专项资金整体绩效目标表 (budgets):
  level labels glued or interleaved ("社会效益效益指标指标"), units in the indicator name
  ("（元/件）"), continuation pages with other columns, a header row the grid lost (2019).
- Yantai 政策和项目预算绩效目标表: a vertical 绩效指标 caption in the level column.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import parsed_corpus

pytestmark = pytest.mark.slow


def _parse(rel: str):
    return parsed_corpus(rel)


def _project(doc, key):
    found = [p for p in doc.performance_projects if p.project_key == key]
    assert len(found) == 1, sorted(p.project_key for p in doc.performance_projects)[:40]
    return found[0]


def _ind(doc, key, name, period="annual"):
    found = [i for i in doc.performance_indicators
             if i.project_key == key and i.indicator_name == name and i.period == period]
    assert len(found) == 1, [(i.indicator_name, i.period) for i in doc.performance_indicators
                             if i.project_key == key][:60]
    return found[0]


def _row(i):
    return (i.level1, i.level2, i.target_value, i.target_operator, i.target_number, i.target_unit)


# --------------------------------------------------------------------------- Guangzhou

GZ_DATA = "guangdong/guangzhou-data-bureau-2026-project-targets.pdf"
GZ_ECO = "guangdong/guangzhou-ecology-bureau-2026-project-targets.pdf"
GZ_DEPT = "guangdong/guangzhou-data-bureau-2026-department-targets.pdf"
GZ_JUSTICE = "guangdong/guangzhou-justice-bureau-2026-budget.pdf"


def test_guangzhou_target_table_long_text_cells():
    doc = _parse(GZ_DATA)
    assert len(doc.performance_projects) == 70
    assert all(p.kind == "target" for p in doc.performance_projects)
    # p1: "广州12345政务服务便民热线平台运营项目 12,000.00 12,000.00", eight indicators
    key = "广州市政务服务和数据管理局|广州12345政务服务便民热线平台运营项目"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan, p.unit_name) == (1, Decimal("12000.00"), "广州市政务服务和数据管理局")
    assert p.extra["绩效目标"].startswith("通过实施2026年度广州12345热线平台运营项目")
    assert _row(_ind(doc, key, "不满意回访率", "implementation")) == ("产出指标", "质量指标", "100%", "=", 100.0, "%")
    assert _row(_ind(doc, key, "话务接通率")) == ("效益指标", "社会效益", "≥93%", ">=", 93.0, "%")
    assert _row(_ind(doc, key, "受理服务满意度")) == ("满意度指标", "服务对象满意度", "≥95%", ">=", 95.0, "%")
    assert _row(_ind(doc, key, "人工成本控制率")) == ("成本指标", "经济成本指标", "≤1", "<=", 1.0, None)
    assert len([i for i in doc.performance_indicators if i.project_key == key]) == 16  # 8 × 2 periods
    # p1 "电子政务工作项目 30.11": the two periods differ (≥10 for 实施周期, ≥5 for the year)
    key = "广州市政务服务和数据管理局|电子政务工作项目"
    assert _project(doc, key).annual_amount_wan == Decimal("30.11")
    assert _ind(doc, key, "业务场景构建支撑服务（大模型平台运营）", "implementation").target_value == "≥10"
    assert _ind(doc, key, "业务场景构建支撑服务（大模型平台运营）").target_value == "≥5"
    assert _ind(doc, key, "智能体拓展用户规模(大模型平台运营）").target_value == "≥500名"
    # p1 "广州市数字政府建设经费 164.85": an item wrapped over lines ("≥" / "600家")
    key = "广州市政务服务和数据管理局|广州市数字政府建设经费"
    assert _ind(doc, key, "数据企业调查样本数量.").target_value == "≥600家"


def test_guangzhou_unit_subtotal_rows():
    doc = _parse(GZ_DATA)
    # p4: "广州市数字政府运营中心 67,756.88" (the unit's subtotal) then "机构运行辅助经费 188.02"
    key = "广州市数字政府运营中心|机构运行辅助经费"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan, p.unit_name) == (4, Decimal("188.02"), "广州市数字政府运营中心")
    assert _row(_ind(doc, key, "劳务派遣人员配备数")) == ("产出指标", "数量指标", "≤19名", "<=", 19.0, "名")
    assert _ind(doc, key, "拖欠工资劳动纠纷发生次数").target_value == "0次"
    assert _ind(doc, key, "人均用工成本").target_value == "≤11.06万元"
    # p4 "办公类购置经费 2.44" belongs to the bureau (printed before the unit's subtotal row)
    assert _project(doc, "广州市政务服务和数据管理局|办公类购置经费").annual_amount_wan == Decimal("2.44")
    # the units' projects add up to the printed 合计 86,246.64 (rounding of 70 figures)
    total = sum(p.annual_amount_wan for p in doc.performance_projects)
    assert abs(total - Decimal("86246.64")) <= Decimal("0.05")


def test_guangzhou_district_offices_comma_separated_items():
    doc = _parse(GZ_ECO)
    assert len(doc.performance_projects) == 300
    # p1: "1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；"
    key = "广州市生态环境局|广州市镇（街）园区环保监督检查员经费（越秀区）"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan) == (1, Decimal("238.00"))
    i = _ind(doc, key, "项目专职环保员数量", "implementation")
    assert (i.level1, i.level2, i.target_value, i.target_number) == ("产出指标", "数量指标", "≦核定人数", None)
    # a value with commas and a full stop of its own
    assert _ind(doc, key, "专职环保员队伍管理规范化", "implementation").target_value == "考察是否符合规范，合规得满分，不合规不得分"
    assert _ind(doc, key, "专职环保员队伍管理规范化").target_value == "是"
    assert _row(_ind(doc, key, "辖区内污染源巡查率")) == ("效益指标", "社会效益", "≥80%", ">=", 80.0, "%")
    assert _ind(doc, key, "环保信访投诉办结率", "implementation").target_value == "≥90%"
    # p47: the district office's subtotal "广州市生态环境局越秀分局 392.68", then its projects
    key = "广州市生态环境局越秀分局|机构运行辅助经费"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan) == (47, Decimal("70.00"))
    assert _row(_ind(doc, key, "薪酬支出成本")) == ("成本指标", "经济成本指标", "≤7万元/人", "<=", 7.0, "万元/人")
    assert _ind(doc, key, "聘用人员数量", "implementation").target_value == "10人"
    key = "广州市生态环境局越秀分局|可移动式喷雾降尘服务专项经费"
    assert _project(doc, key).annual_amount_wan == Decimal("39.40")
    assert _ind(doc, key, "PM2.5年均浓度达标情况").target_value == "≤25微克/立方米"
    assert _ind(doc, key, "配备设备数量").target_value == "2台"


def test_form_like_department_target_declaration():
    doc = _parse(GZ_DEPT)
    inds = doc.performance_indicators
    assert doc.performance_projects == []
    assert all(i.project_key is None for i in inds)
    assert len([i for i in inds if i.period == "annual"]) == 21  # p2: 21 三级指标
    assert len([i for i in inds if i.period == "implementation"]) == 21

    def one(name, period="annual"):
        found = [i for i in inds if i.indicator_name == name and i.period == period]
        assert len(found) == 1
        return found[0]

    # p2: 实施周期指标值 and 年度指标值 share one grid column
    assert _row(one("提出“十五五”规划任务举措数量（条）", "implementation")) == ("产出指标", "数量指标", "≥20", ">=", 20.0, "条")
    assert one("汇聚数据数量.").target_value == "≥10亿条"
    assert _row(one("服务企业次数（年度）")) == ("产出指标", "数量指标", "全年≥10000家次", ">=", 10000.0, "家次")
    # a value wrapped over two lines in both columns
    assert one("立项\\终验审核数量值").target_value == "项目立项数量≥400个；项目终验数量≥400个。"
    assert one("企业诉求及时办结率", "implementation").target_value == "≥99％"  # printed full-width
    assert one("企业诉求及时办结率").target_value == "≥99%"
    assert _row(one("特别重大事件（Ⅰ级）发生率")) == ("效益指标", "社会效益指标", "≤1%", "<=", 1.0, "%")
    assert one("政务服务受理综合满意率").level2 == "服务对象满意度指标"
    assert _row(one("人工成本控制率")) == ("成本指标", "经济成本指标", "≤1", "<=", 1.0, None)


def test_guangzhou_key_project_goals_in_explanation():
    doc = _parse(GZ_JUSTICE)
    # p50: 七、重点项目预算绩效目标情况 — "基层司法经费 505" and its goal
    [p] = doc.performance_projects
    assert (p.project_name, p.page_number, p.kind, p.annual_amount_wan) == ("基层司法经费", 50, "target", Decimal("505"))
    assert p.unit_name == "广州市司法局"
    assert p.extra["绩效目标"].startswith("1.深入贯彻落实上级有关加强人民调解和排查调处工作的精神和要求")
    assert p.extra["绩效目标"].endswith("实现监狱教育改造与社会安置帮教的“无缝衔接。")
    assert p.extra["预算数"] == "505" and p.extra["项目资金单位"] == "万元"
    assert doc.performance_indicators == []


def test_key_project_goals_names_wrapped_in_narrow_column():
    doc = _parse("guangdong/zhuhai-commerce-bureau-2026-budget.pdf")
    # p32-34: 22 key projects; a name wraps over short lines, its amount ends the last one or
    # stands alone ("…稳" / "住批发、零售业发展势头项" / "目" / "500")
    assert len(doc.performance_projects) == 22
    by_name = {p.project_name: p for p in doc.performance_projects}
    p = by_name["珠海市内外经贸发展专项资金（稳外贸事项）"]
    assert (p.page_number, p.annual_amount_wan) == (32, Decimal("750"))
    assert p.extra["绩效目标"] == "通过出口信用保险等支持措施有效降低全市外贸企业经营风险，支持企业发展，多角度支持全市外贸企业发展。"
    p = by_name["珠海市内外经贸发展专项资金(配套省级促进开放型经济发展水平提升专项资金(利用外资奖励事项））"]
    assert p.annual_amount_wan == Decimal("250")
    assert by_name["2026高质量发展行动——稳住批发、零售业发展势头项目"].annual_amount_wan == Decimal("500")
    assert by_name["珠海市内外经贸发展专项资金（促进会展业发展事项）"].extra["绩效目标"].endswith("考核完成实效均达到预算进度。")
    assert by_name["港口口岸安检服务费"].annual_amount_wan == Decimal("206.44")
    # a number inside a goal's text ("…提高到 160 万m 3 3") is no row
    doc = _parse("guangdong/zhuhai-transport-works-centre-2026-budget.pdf")
    assert [(p.project_name, p.annual_amount_wan) for p in doc.performance_projects] == [
        ("黄杨泵站至缯坑水库第二条原水管建设工程-2026年", Decimal("4237")),
        ("广南梅第二条原水管道工程一期工程-2026年", Decimal("2579"))]


# --------------------------------------------------------------------------- Changsha

CS_PETITIONS = "hunan/changsha-petitions-bureau-2026-budget.pdf"
CS_POLICE = "hunan/changsha-public-security-bureau-2025-budget.pdf"
CS_VOCATIONAL = "hunan/changsha-vocational-education-office-2026-budget.pdf"


def test_changsha_project_target_columns():
    doc = _parse(CS_PETITIONS)
    # p22-29: four projects of 长沙市信访局 (126001), 合计 417.41 (p22)
    amounts = {p.project_name: p.annual_amount_wan for p in doc.performance_projects}
    assert amounts == {"基层及其他信访业务工作经费专项": Decimal("35.78"),
                       "人民来访接待中心及特护期运行专项": Decimal("10.22"),
                       "人民来访接待中心业务专项": Decimal("102.80"), "信访业务工作专项": Decimal("138.11")}
    assert sum(amounts.values()) == Decimal("286.91")  # 417.41 less the 涉密 part the note mentions
    key = "长沙市信访局|基层及其他信访业务工作经费专项"
    p = _project(doc, key)
    assert (p.page_number, p.unit_name, p.extra["单位编码"]) == (22, "长沙市信访局", "126001")
    # p22: 指标值 "35.78", 度量单位 "万元", 指标值类型 "≤", 备注 "20"
    i = _ind(doc, key, "总成本")
    assert _row(i) == ("成本指标", "经济成本指标", "≤35.78万元", "<=", 35.78, "万元") and i.weight == Decimal("20")
    i = _ind(doc, key, "调拨经费单位数")
    assert _row(i) == ("产出指标", "数量指标", "≥10个", ">=", 10.0, "个") and i.weight == Decimal("10")
    assert (_ind(doc, key, "区县经费调拨及时性").target_value, _ind(doc, key, "区县经费调拨及时性").weight) == ("按时", Decimal("5"))
    # p23, the project continued on a new page: its first row's level labels sit in the swallowed cell
    i = _ind(doc, key, "区县（市）信访事项及时受理率")
    assert (i.page_number, i.level1, i.level2, i.target_value, i.weight) == (23, "产出指标", "时效指标", "≥95%", Decimal("5"))
    assert _ind(doc, key, "助推实现乡村振兴").target_value == "实现提升"
    # "不适用生态效益指标 | 无": no indicator
    assert not [i for i in doc.performance_indicators if i.indicator_name.startswith("不适用")]
    # p28: 信访业务工作专项 continued, "调解化解信访问题数量 4000 … 件次 ≥ 5"
    key = "长沙市信访局|信访业务工作专项"
    i = _ind(doc, key, "调解化解信访问题数量")
    assert (i.page_number, i.level1, i.level2, i.target_value, i.target_unit, i.weight) == (
        28, "产出指标", "数量指标", "≥4000件次", "件次", Decimal("5"))
    # p29: "社会效益指标" only inside the swallowed cell of the page's first row
    assert _ind(doc, key, "群众信访渠道").level2 == "社会效益指标"
    assert _ind(doc, key, "群众满意度").target_value == "≥90%"


def test_changsha_department_goal_table():
    doc = _parse(CS_PETITIONS)
    dept = [i for i in doc.performance_indicators if i.project_key is None]
    assert len(dept) == 21  # p30-32, less the four "不适用…" rows

    def one(name):
        found = [i for i in dept if i.indicator_name == name]
        assert len(found) == 1
        return found[0]

    i = one("基本支出不超预算（不含年中调整数）")  # p30: "≤ 1517.95 万元 … 10"
    assert (i.page_number,) + _row(i) + (i.weight,) == (30, "成本指标", "经济成本指标", "≤1517.95万元", "<=", 1517.95,
                                                       "万元", Decimal("10"))
    assert one("项目支出控制数").target_value == "≤417.41万元"
    assert _row(one("接待走访群众数量")) == ("产出指标", "数量指标", "≥3000人次", ">=", 3000.0, "人次")
    assert one("信访救助事项审批程序规范性").target_value == "合规"
    # p31: the page's first row, its labels in the cell that swallowed the unit's columns
    i = one("导入法定程序办理的信访事项办结后不服率")
    assert (i.page_number, i.level1, i.level2, i.target_value, i.weight) == (31, "产出指标", "质量指标", "≤10%", Decimal("2"))
    assert _row(one("不发生信访极端恶性事件")) == ("效益指标", "社会效益指标", "=0次", "=", 0.0, "次")
    i = one("信访事项处理群众参评满意率")  # p32
    assert (i.level1, i.level2, i.target_value, i.weight) == ("满意度指标", "服务对象满意度指标", "≥90%", Decimal("10"))


def test_changsha_project_name_wrapped_at_page_top():
    doc = _parse(CS_POLICE)
    assert len(doc.performance_projects) == 14  # p23-50
    # p28 starts with "106001 电信诈骗防范拦截系统建设运维及专网租" / "赁运行经费" / "242.25 …"
    key = "长沙市公安局|电信诈骗防范拦截系统建设运维及专网租赁运行经费"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan, p.extra["单位编码"]) == (28, Decimal("242.25"), "106001")
    i = _ind(doc, key, "固定电话费标准")
    assert _row(i) + (i.weight,) == ("成本指标", "经济成本指标", "≤58.8万元/年", "<=", 58.8, "万元/年", Decimal("4"))
    assert _ind(doc, key, "移动互联网出口链路租赁费用").target_value == "≤4.91万元/年/条"
    assert _row(_ind(doc, key, "涉诈电话拦截数")) == ("产出指标", "数量指标", "≥10000次", ">=", 10000.0, "次")
    assert _ind(doc, key, "链路租赁数量").weight == Decimal("6")
    # p23: the first project, "安全隐患排除率 100 … % = 6"
    key = "长沙市公安局|大型警保卫及基础设施安全保护工作经费"
    assert _project(doc, key).annual_amount_wan == Decimal("428.69")
    i = _ind(doc, key, "安全隐患排除率")
    assert (i.target_value, i.target_operator, i.weight) == ("=100%", "=", Decimal("6"))
    assert _ind(doc, key, "警保卫活动次数").target_value == "≥10次"
    # p32 "警务辅助人员经费（含市府机关大院30名） 15,470.00"
    assert _project(doc, "长沙市公安局|警务辅助人员经费（含市府机关大院30名）").annual_amount_wan == Decimal("15470.00")


def test_changsha_vocational_office_targets_and_department_goals():
    doc = _parse(CS_VOCATIONAL)
    # p22: "201056 经常性运转经费（水电气） 270.00 保障基地正常运转"
    key = "长沙职业教育基地综合协调办公室|经常性运转经费（水电气）"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan, p.extra["绩效目标"]) == (22, Decimal("270.00"), "保障基地正常运转")
    i = _ind(doc, key, "水费")  # "水费 120 … 万元 ＝ 7"
    assert _row(i) + (i.weight,) == ("成本指标", "经济成本指标", "=120万元", "=", 120.0, "万元", Decimal("7"))
    assert _ind(doc, key, "燃气用量").target_value == "=38.61万立方"
    dept = {i.indicator_name: i for i in doc.performance_indicators if i.project_key is None}
    assert len(dept) == 12  # p24-25
    assert _row(dept["项目支出"]) == ("成本指标", "经济成本指标", "≤270万元", "<=", 270.0, "万元")
    assert (dept["基本支出"].level2, dept["基本支出"].target_value) == ("社会成本指标", "≤386.73万元")
    assert dept["公共区域使用投诉率"].target_value == "=0%"
    # p25: its first row's labels ("社会效益指标", "效益指标") in the swallowed cell
    assert (dept["有效提升办学环境"].level1, dept["有效提升办学环境"].level2) == ("效益指标", "社会效益指标")
    assert (dept["师生满意度"].level2, dept["师生满意度"].weight) == ("服务对象满意度指标", Decimal("10"))


# --------------------------------------------------------------------------- Xi'an

XA_HEALTH = "shaanxi/xian-health-commission-2022-final-account.pdf"
XA_JUSTICE = "shaanxi/xian-justice-bureau-2026-budget.pdf"
XA_FINANCE = "shaanxi/xian-finance-bureau-2026-budget.pdf"
XA_HR = "shaanxi/xian-human-resources-bureau-2020-budget.pdf"
XA_SAFETY = "shaanxi/xian-work-safety-bureau-2019-budget-tables.pdf"


def test_xian_self_evaluation():
    doc = _parse(XA_HEALTH)
    assert len([p for p in doc.performance_projects if p.kind == "self_evaluation"]) >= 85
    # p55: 2022年病媒生物防制 — 年初 240, 全年 229.19, 执行 229.19, 分值 10, 100.00%, 得分 10.00
    key = "西安市卫生健康委员会|2022年病媒生物防制"
    p = _project(doc, key)
    assert (p.kind, p.page_number, p.department_name) == ("self_evaluation", 55, "西安市卫生健康委员会")
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate) == (
        Decimal("229.19"), Decimal("229.19"), Decimal("100.00"))
    assert (p.extra["年初预算数"], p.extra["执行率得分"], p.total_score, p.grade) == ("240", "10.00", Decimal("100"), None)
    i = _ind(doc, key, "指标1：消杀覆盖区县（开发区）数量")
    assert (i.level1, i.level2, i.target_value, i.actual_value, i.weight, i.score) == (
        "产出指标", "数量指标", "16个", "16个", Decimal("12.5"), Decimal("12.5"))
    i = _ind(doc, key, "指标1：全年项目经费支出")
    assert (i.level2, i.target_number, i.target_unit, i.actual_value) == ("成本指标", 240.0, "万元", "229.19万元")
    # the last row, glued to the 总分 row in the grid ("10100")
    i = _ind(doc, key, "指标1：群众满意率")
    assert (i.level1, i.level2, i.target_value, i.weight, i.score) == (
        "满意度指标", "服务对象满意度指标", "≥90%", Decimal("10"), Decimal("10"))


def test_xian_self_evaluation_glued_cells():
    doc = _parse(XA_HEALTH)
    # p71: 中职免学费补助（中央资金）, 实施单位 西安市卫生学校: 235.16 235.16 197.09 10 83.81% 8.38, 总分 90 88
    key = "西安市卫生学校|中职免学费补助（中央资金）"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan, p.executed_amount_wan, p.execution_rate, p.total_score) == (
        71, Decimal("235.16"), Decimal("197.09"), Decimal("83.81"), Decimal("88"))
    assert p.extra["执行率得分"] == "8.38"
    i = _ind(doc, key, "减轻学生家庭的生活负担")  # 二级 and 三级 in one grid column
    assert (i.level1, i.level2, i.target_value, i.actual_value, i.weight, i.score) == (
        "效益指标", "经济效益指标", "有效减轻", "有效减轻", Decimal("8"), Decimal("7"))
    i = _ind(doc, key, "受助家庭满意度")  # glued under the 总分 row: "1090" / "988"
    assert (i.target_operator, i.target_number, i.weight, i.score) == (">", 98.0, Decimal("10"), Decimal("9"))
    # p98: "年度资金总额 0 400 400 1000% 10" — the rate as printed, the 分值 cell blank
    p = _project(doc, "西安市儿童医院|公共卫生事业发展资金")
    assert (p.annual_amount_wan, p.executed_amount_wan, p.execution_rate, p.extra["年初预算数"]) == (
        Decimal("400"), Decimal("400"), Decimal("1000"), "0")
    # p90: "年度资金总额 - 5,000.00 5,000.00 10 100.00% 10.00" (年初预算数 printed "-")
    p = _project(doc, "西安市疾病预防控制中心|西安市公共卫生中心（西安市疾病预防控制中心新址）项目建设")
    assert (p.annual_amount_wan, p.execution_rate, p.total_score) == (Decimal("5000.00"), Decimal("100.00"), Decimal("92.00"))
    assert "年初预算数" not in p.extra


def test_xian_department_self_evaluation():
    doc = _parse(XA_HEALTH)
    dept = {i.indicator_name: i for i in doc.performance_indicators if i.project_key is None}
    assert len(dept) == 20  # p31
    i = dept["指标8：引进高层次人次"]
    assert (i.page_number, i.level1, i.level2, i.target_value, i.actual_value, i.weight, i.score) == (
        31, "产出指标", "数量指标", "≥800人", "744人", Decimal("2"), Decimal("1.5"))
    i = dept["指标5：委直属医院提供门诊诊疗人次"]
    assert (i.target_number, i.target_unit, i.actual_value) == (800.0, "万人次", "2484万人次")
    assert (dept["指标1：全年经费支出"].level2, dept["指标1：全年经费支出"].target_value) == ("成本指标", "1678648.28万元")
    i = dept["指标1：群众满意率"]
    assert (i.level1, i.level2, i.target_value, i.actual_value, i.weight) == (
        "满意度指标", "服务对象满意度指标", "≥80%", "85%", Decimal("10"))


def test_xian_special_business_fund_targets():
    doc = _parse(XA_JUSTICE)
    assert len(doc.performance_projects) == 39  # 表14-1 … (p50-91)
    # p50: 司法行政业务培训, 主管部门 西安市司法局, 实施期资金总额 58.97 (万元)
    key = "西安市司法局|司法行政业务培训"
    p = _project(doc, key)
    assert (p.page_number, p.kind, p.department_name, p.annual_amount_wan, p.total_amount_wan) == (
        50, "target", "西安市司法局", Decimal("58.97"), Decimal("58.97"))
    i = _ind(doc, key, "人民调解员案件调解补贴（元/件）")  # "≤500 5": the unit is in the name
    assert _row(i) + (i.weight,) == ("成本指标", "经济成本", "≤500", "<=", 500.0, "元/件", Decimal("5"))
    i = _ind(doc, key, "人民调解案件完成率（%）")
    assert (i.level2, i.target_value, i.target_unit, i.weight) == ("质量指标", "≥90", "%", Decimal("20"))
    # p59: the levels interleaved in one cell ("社会效益效益指标指标")
    key = "西安市司法局|国家统一法律职业资格考试"
    assert _project(doc, key).annual_amount_wan == Decimal("360.77")
    i = _ind(doc, key, "选拔储备合格法律职业人才，审核发放证书人数（人）")
    assert (i.level1, i.level2, i.target_value, i.weight) == ("效益指标", "社会效益指标", "≥2000", Decimal("30"))
    assert _ind(doc, key, "主观题考试完成时间").target_value == "10月底"
    assert _ind(doc, key, "参加考试考生满意度（%）").level2 == "服务对象满意度指标"
    # p92: 部门整体支出绩效目标表, department level
    dept = {i.indicator_name: i for i in doc.performance_indicators if i.project_key is None}
    assert (dept["司法行政业务（万元）"].target_value, dept["司法行政业务（万元）"].weight) == ("≤747.16", Decimal("1"))
    assert (dept["全市社区矫正对象累计再犯罪率（%）"].level2, dept["全市社区矫正对象累计再犯罪率（%）"].target_number) == (
        "社会效益指标", 0.2)


def test_xian_finance_targets():
    doc = _parse(XA_FINANCE)
    # p44: 会计类考试考务, 实施期资金总额 1,083.57
    key = "西安市财政局|会计类考试考务"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan) == (44, Decimal("1083.57"))
    i = _ind(doc, key, "考试机位单价(元/小时)")
    assert _row(i) + (i.weight,) == ("成本指标", "经济成本指标", "19.75", "=", 19.75, "元/小时", Decimal("10"))
    assert _ind(doc, key, "初高级会计考试完成时限").target_value == "5月31日前"
    # p46: 二级 before 一级 in one cell ("经济效益指标效益指标")
    key = "西安市财政局|财政委托业务"
    i = _ind(doc, key, "财政资金节约率（%）")
    assert (i.level1, i.level2, i.target_value, i.weight) == ("效益指标", "经济效益指标", "≥2", Decimal("15"))
    assert _ind(doc, key, "全口径地方债务监测系统填报单位数(家)").target_unit == "家"
    # p59: 专项资金总体绩效目标表
    assert _project(doc, "西安市财政局|政策性农业保险市级补贴资金").annual_amount_wan == Decimal("6600")


def test_xian_2020_targets_continued_on_next_page():
    doc = _parse(XA_HR)
    # p50: 网络建设维护, 实施期资金总额 1000.00; its 成本指标 rows continue on p51 (another grid)
    key = "西安市人力资源和社会保障局|网络建设维护"
    p = _project(doc, key)
    assert (p.page_number, p.annual_amount_wan) == (50, Decimal("1000.00"))
    assert _row(_ind(doc, key, "指标1：互联网光纤数量")) == ("产出指标", "数量指标", "5条", "=", 5.0, "条")
    assert _ind(doc, key, "指标3：系统平台数量；坐席数量").target_value == "1个；60个"
    i = _ind(doc, key, "指标5:人社应用软件维护及升级改造")
    assert (i.page_number, i.level2, i.target_value, i.target_unit) == (51, "成本指标", "210万元/年", "万元/年")
    i = _ind(doc, key, "指标：就业服务人员、参保人满意率")
    assert (i.level1, i.level2, i.target_value, i.target_operator) == ("满意度指标", "服务对象满意度指标", "≧95%", ">=")
    # p52: a name wrapped around its 二级 label in the grid ("服务质量符合要质量指标求")
    key = "西安市人力资源和社会保障局|社保大厦物业费"
    assert _project(doc, key).annual_amount_wan == Decimal("123.50")
    assert _ind(doc, key, "物业管理服务达标率；服务质量符合要求").level2 == "质量指标"
    # p56-57: 部门整体支出绩效目标表
    dept = {i.indicator_name: i for i in doc.performance_indicators if i.project_key is None}
    assert _row(dept["指标1：城镇登记失业率"]) == ("产出指标", "数量指标", "≦4.5%", "<=", 4.5, "%")
    assert dept["指标：人力资源和社会保障工作年度成本"].target_value == "182066.56万元"


def test_xian_2019_special_fund_without_header_row():
    doc = _parse(XA_SAFETY)
    # p39: 专项（项目）名称 and 主管部门 printed in each other's cells
    [p] = doc.performance_projects
    assert (p.project_name, p.department_name, p.page_number, p.annual_amount_wan) == (
        "安全生产专项资金", "西安市安全生产监督管理局", 39, Decimal("1620.98"))
    inds = {i.indicator_name: i for i in doc.performance_indicators}
    assert len(inds) == 14  # p40: 指标1 … 指标14, the header row lost by the grid
    assert _row(inds["指标1：开展安全生产日常监督检查"]) == ("产出指标", "数量指标", "≥80%", ">=", 80.0, "%")
    assert inds["指标8：管理人员考核特种作业人员考核"].target_value == "9000人"
    assert inds["指标14：建立市级安全生产专业应急救援队伍"].target_value == "一支"
    assert inds["指标13：举行演练两次；修订预案两个"].target_value == "两次"


# --------------------------------------------------------------------------- Yantai

YT_FINANCE = "shandong/yantai-finance-bureau-2026-budget.pdf"


def test_yantai_policy_and_project_targets():
    doc = _parse(YT_FINANCE)
    assert len(doc.performance_projects) == 12  # p32-46
    # p32: 公车统管费用, 主管部门及代码 228_烟台市财政局, 年度预算资金总额 30.00
    key = "烟台市财政局|公车统管费用"
    p = _project(doc, key)
    assert (p.page_number, p.department_name, p.extra["主管部门代码"], p.annual_amount_wan) == (
        32, "烟台市财政局", "228", Decimal("30.00"))
    assert p.extra["总体目标"].startswith("通过科学合理的车辆统管，有效控制车辆使用成本")
    assert _row(_ind(doc, key, "年度车辆统管费用")) == ("成本指标", "经济成本", "≤30万元", "<=", 30.0, "万元")
    assert _row(_ind(doc, key, "车辆事故率")) == ("产出指标", "质量指标", "≤5%", "<=", 5.0, "%")
    assert _ind(doc, key, "有效提升工作效率").level2 == "经济效益指标"
    assert _ind(doc, key, "出行人员满意度").level2 == "服务对象满意度指标"
    # p39: the same project name for another unit (实施单位 烟台市财政集中支付中心)
    key = "烟台市财政集中支付中心|公车统管费用"
    assert _project(doc, key).annual_amount_wan == Decimal("0.50")
    assert _ind(doc, key, "车辆租赁次数").target_value == "≤10次"
