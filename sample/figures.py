"""Figures of the bundled sample: a fictional city justice bureau (示范市司法局) modelled on seed 001.

Only items are typed here (项-level amounts, economic items, projects, 三公 items); every subtotal and
total is computed by the helpers below, so DOMAIN.md's identities hold exactly in what is printed.
Amounts are ``Decimal``: 万元 for the department's budget and final account, 元 for the Shanghai-style
unit budget (whose 三公 table is printed in 万元, as Shanghai's are).
"""

from __future__ import annotations

from decimal import Decimal

D = Decimal
YEAR = 2025
DEPARTMENT = "示范市司法局"
DEPARTMENT_CODE = "149"  # 主管部门代码 as the performance tables print it
REGION_CODE = "149901"  # fictional 6-digit administrative code (示范市): the prefix of its 项目编码
UNITS = ("示范市司法局", "示范市强制隔离戒毒所", "示范市法律援助中心")  # 1 行政 + 2 参公 units

# 类 lines of a summary table, in print order; the final account's list (seed 002) omits four.
CLASS_NAMES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出",
    "206": "科学技术支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "209": "社会保险基金支出",
    "210": "卫生健康支出", "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出", "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出", "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}
BUDGET_CLASSES = list(CLASS_NAMES)  # 30 lines
FINAL_CLASSES = [c for c in CLASS_NAMES if c not in ("209", "227", "230", "233")]  # 26 lines

SUBJECTS = {  # 款 and 项 names (功能分类)
    "20132": "组织事务", "2013299": "其他组织事务支出",
    "20406": "司法", "2040601": "行政运行", "2040602": "一般行政管理事务", "2040604": "基层司法业务",
    "2040605": "普法宣传", "2040607": "公共法律服务", "2040608": "国家统一法律职业资格考试", "2040610": "社区矫正",
    "2040613": "信息化建设", "2040699": "其他司法支出",
    "20408": "强制隔离戒毒", "2040801": "行政运行", "2040802": "一般行政管理事务", "2040899": "其他强制隔离戒毒支出",
    "20805": "行政事业单位养老支出", "2080501": "行政单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出", "2080599": "其他行政事业单位养老支出",
    "20899": "其他社会保障和就业支出", "2089999": "其他社会保障和就业支出",
    "21007": "计划生育事务", "2100799": "其他计划生育事务支出",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101103": "公务员医疗补助",
    "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
}
ECONOMIC_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}
PERSONNEL_CLASSES = ("301", "303")  # 人员经费; 302 is 公用经费


def _d(mapping: dict) -> dict:
    return {k: D(v) for k, v in mapping.items()}


# ---- (1) department budget 2025, 万元 -------------------------------------------------------
BUDGET_BASIC = _d({  # 基本支出 by 项
    "2013299": "3.39", "2040601": "612.11", "2040801": "1187.70", "2080501": "170.02", "2080505": "192.00",
    "2080506": "96.00", "2100799": "0.54", "2101101": "89.77", "2210201": "186.79",
})
PROJECTS = [  # (unit, project, 项 code, amount): 项目支出 by 项 is their sum
    ("示范市司法局", "提前下达2025年政法转移支付资金（省级）-司法局", "2040602", D("195.00")),
    ("示范市司法局", "示范公证处政府购买服务经费", "2040602", D("56.70")),
    ("示范市司法局", "司法业务大楼运行维护费", "2040602", D("45.00")),
    ("示范市司法局", "国家统一法律职业资格考试经费", "2040608", D("10.00")),
    ("示范市司法局", "刑满释放人员安置帮教工作经费", "2040604", D("1.00")),
    ("示范市司法局", "司法行政业务工作经费", "2040602", D("6.00")),
    ("示范市司法局", "专业人员聘用补贴", "2040602", D("18.00")),
    ("示范市强制隔离戒毒所", "专业人员聘用补贴", "2040802", D("23.50")),
    ("示范市强制隔离戒毒所", "强制隔离戒毒业务费", "2040899", D("3.85")),
    ("示范市强制隔离戒毒所", "戒毒场所水电运行费", "2040802", D("21.00")),
    ("示范市强制隔离戒毒所", "市关爱中心项目建设经费", "2040802", D("21.00")),
    ("示范市强制隔离戒毒所", "遗属补助", "2040802", D("1.00")),
    ("示范市强制隔离戒毒所", "援疆干部工作经费", "2040802", D("7.80")),
    ("示范市强制隔离戒毒所", "单位场所运行费", "2040802", D("6.84")),
    ("示范市法律援助中心", "法律援助业务经费", "2040607", D("8.40")),
]
ECONOMIC = [  # (部门经济分类 code, name, 政府经济分类 name, amount) of 一般公共预算基本支出
    ("30101", "基本工资", "工资奖金津补贴", D("596.21")),
    ("30102", "津贴补贴", "工资奖金津补贴", D("650.83")),
    ("30103", "奖金", "工资奖金津补贴", D("213.58")),
    ("30108", "机关事业单位基本养老保险缴费", "社会保障缴费", D("192.00")),
    ("30109", "职业年金缴费", "社会保障缴费", D("96.00")),
    ("30110", "职工基本医疗保险缴费", "社会保障缴费", D("88.73")),
    ("30112", "其他社会保障缴费", "社会保障缴费", D("2.76")),
    ("30113", "住房公积金", "住房公积金", D("186.79")),
    ("30201", "办公费", "办公经费", D("43.18")),
    ("30202", "印刷费", "办公经费", D("5.99")),
    ("30205", "水费", "办公经费", D("2.17")),
    ("30206", "电费", "办公经费", D("7.99")),
    ("30207", "邮电费", "办公经费", D("4.99")),
    ("30208", "取暖费", "办公经费", D("99.95")),
    ("30211", "差旅费", "办公经费", D("17.68")),
    ("30215", "会议费", "会议费", D("0.90")),
    ("30228", "工会经费", "办公经费", D("18.88")),
    ("30231", "公务用车运行维护费", "公务用车运行维护费", D("21.60")),
    ("30239", "其他交通费用", "办公经费", D("96.15")),
    ("30299", "其他商品和服务支出", "其他商品和服务支出", D("23.88")),
    ("30302", "退休费", "离退休费", D("167.52")),
    ("30309", "奖励金", "社会福利和救助", D("0.54")),
]
OPERATING_COST = _d({"示范市司法局": "128.85", "示范市强制隔离戒毒所": "203.90", "示范市法律援助中心": "10.61"})
THREE_PUBLIC_BUDGET = _d({"abroad": "0", "reception": "0.50", "vehicle_purchase": "0", "vehicle_operation": "21.60"})

# ---- (2) department final account 2025, 万元 --------------------------------------------------
FINAL_BASIC = _d({
    "2013299": "3.39", "2040601": "618.45", "2040801": "1192.38", "2080501": "171.20", "2080505": "192.00",
    "2080506": "96.00", "2089999": "1.20", "2100799": "0.54", "2101101": "90.12", "2210201": "186.79",
})
FINAL_PROJECT = _d({
    "2040602": "305.12", "2040604": "1.00", "2040607": "8.40", "2040608": "9.66", "2040802": "78.95", "2040899": "3.85",
})
FINAL_YEAR_START = D("0")  # 年初结转和结余
FINAL_YEAR_END = D("14.52")  # 年末结转和结余; 本年收入 is derived from the balance identity
THREE_PUBLIC_FINAL = _d({"abroad": "0", "reception": "0.36", "vehicle_purchase": "0", "vehicle_operation": "20.85"})

# ---- (3) Shanghai-style unit budget 2025, 元 --------------------------------------------------
SH_UNIT = "示范市示范区司法局"
SH_REGION_CODE = "149902"
SH_BASIC = _d({
    "2040601": "6120480.34", "2080501": "280620", "2080505": "786150", "2080506": "393075", "2080599": "3080",
    "2101101": "491346", "2101103": "120000", "2210201": "895730", "2210203": "1035000",
})
SH_PROJECT = _d({"2040602": "856300", "2040604": "4350000", "2040605": "620000", "2040607": "580000",
                 "2040610": "1245000", "2040613": "1139400", "2040699": "7227450"})
SH_ECONOMIC_NAMES = {
    "30101": "基本工资", "30102": "津贴补贴", "30107": "绩效工资", "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费", "30112": "其他社会保障缴费",
    "30113": "住房公积金", "30199": "其他工资福利支出", "30201": "办公费", "30202": "印刷费", "30207": "邮电费",
    "30211": "差旅费", "30213": "维修（护）费", "30215": "会议费", "30216": "培训费", "30217": "公务接待费",
    "30228": "工会经费", "30231": "公务用车运行维护费", "30239": "其他交通费用", "30299": "其他商品和服务支出",
    "30302": "退休费", "30305": "生活补助", "30399": "其他对个人和家庭的补助",
}
SH_ECONOMIC = _d({
    "30101": "1243020", "30102": "1893732.34", "30107": "1520000", "30108": "786150", "30109": "393075",
    "30110": "491346", "30111": "120000", "30112": "12770", "30113": "895730", "30199": "528058",
    "30201": "45000", "30202": "10000", "30207": "60000", "30211": "45000", "30213": "20000", "30215": "2500",
    "30216": "5500", "30217": "3600", "30228": "113905", "30231": "49900", "30239": "212540", "30299": "354955",
    "30302": "280620", "30305": "3080", "30399": "1035000",
})
SH_THREE_PUBLIC = _d({"abroad": "0", "reception": "0.36", "vehicle_purchase": "0", "vehicle_operation": "4.99"})  # 万元


# ---- derived figures ---------------------------------------------------------------------------
def subject_name(code: str) -> str:
    return CLASS_NAMES.get(code) or SUBJECTS[code]


def project_by_subject(projects=PROJECTS) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for _unit, _name, code, amount in projects:
        out[code] = out.get(code, D(0)) + amount
    return out


def project_codes(projects=PROJECTS) -> list[str]:
    """项目编码 as printed: region code + year + sequence (the first six digits name the region)."""
    return [f"{REGION_CODE}{YEAR}{k:04d}" for k in range(1, len(projects) + 1)]


def function_rows(basic: dict, project: dict) -> list[tuple[str, str, Decimal, Decimal, Decimal]]:
    """(code, name, total, basic, project) for every 类, 款 and 项 in print order; sums of the 项."""
    items = sorted(set(basic) | set(project))
    rows = []
    for code in sorted({c[:3] for c in items} | {c[:5] for c in items} | set(items)):
        b = sum((v for c, v in basic.items() if c.startswith(code)), D(0))
        p = sum((v for c, v in project.items() if c.startswith(code)), D(0))
        rows.append((code, subject_name(code), b + p, b, p))
    return rows


def totals(basic: dict, project: dict) -> tuple[Decimal, Decimal, Decimal]:
    b, p = sum(basic.values(), D(0)), sum(project.values(), D(0))
    return b + p, b, p


def class_totals(basic: dict, project: dict) -> dict[str, Decimal]:
    return {code: total for code, _n, total, _b, _p in function_rows(basic, project) if len(code) == 3}


def economic_rows(items) -> list[tuple[str, str, str, Decimal, Decimal, Decimal]]:
    """(code, name, 政府经济分类 name, total, personnel, public_funds): each 类 then its 款."""
    rows = []
    for cls, cls_name in ECONOMIC_CLASSES.items():
        mine = [(c, n, g, a) for c, n, g, a in items if c.startswith(cls)]
        if not mine:
            continue
        personnel = cls in PERSONNEL_CLASSES
        subtotal = sum((a for *_x, a in mine), D(0))
        rows.append((cls, cls_name, "", subtotal, subtotal if personnel else D(0), D(0) if personnel else subtotal))
        rows += [(c, n, g, a, a if personnel else D(0), D(0) if personnel else a) for c, n, g, a in mine]
    return rows


def economic_totals(items) -> tuple[Decimal, Decimal, Decimal]:
    rows = [r for r in economic_rows(items) if len(r[0]) == 3]
    return (sum((r[3] for r in rows), D(0)), sum((r[4] for r in rows), D(0)),
            sum((r[5] for r in rows), D(0)))


def sh_economic_items():
    return [(c, SH_ECONOMIC_NAMES[c], "", a) for c, a in SH_ECONOMIC.items()]


def three_public(tp: dict) -> dict[str, Decimal]:
    vehicle = tp["vehicle_purchase"] + tp["vehicle_operation"]
    return dict(tp, vehicle=vehicle, total=tp["abroad"] + tp["reception"] + vehicle)


# the final account's income by subject, all of it 一般公共预算财政拨款: what the year spent, and on
# the project it was granted for, what it left unspent (年末结转和结余)
FINAL_CARRIED_FOR = "2040602"


def final_income_by_subject() -> dict[str, Decimal]:
    income = {c: FINAL_BASIC.get(c, D(0)) + FINAL_PROJECT.get(c, D(0))
              for c in set(FINAL_BASIC) | set(FINAL_PROJECT)}
    income[FINAL_CARRIED_FOR] += FINAL_YEAR_END - FINAL_YEAR_START
    return income


def final_economic_items():
    """一般公共预算财政拨款基本支出决算 by economic item: the budget's items as spent: 公务用车运行维护费
    as the 三公 final account says, 基本工资 what the rest of the basic spending came to."""
    items = [(c, n, g, THREE_PUBLIC_FINAL["vehicle_operation"] if c == "30231" else a)
             for c, n, g, a in ECONOMIC]
    rest = sum(FINAL_BASIC.values()) - sum(a for *_x, a in items)
    return [(c, n, g, a + rest if c == "30101" else a) for c, n, g, a in items]


def final_account() -> dict[str, Decimal]:
    expenditure = totals(FINAL_BASIC, FINAL_PROJECT)[0]
    income = expenditure + FINAL_YEAR_END - FINAL_YEAR_START
    return {"income": income, "expenditure": expenditure, "year_start": FINAL_YEAR_START,
            "year_end": FINAL_YEAR_END, "grand_total": FINAL_YEAR_START + income}


# ---- (4) performance tables --------------------------------------------------------------------
# 项目支出绩效目标表 of the budget: projects of PROJECTS (same unit and name), 项目资金 printed in 元.
# Indicators: (一级指标, 二级指标, 三级指标, 实施期指标值, 年度指标值); a blank value is printed blank.
PERFORMANCE_TARGETS = [
    {
        "unit": "示范市司法局", "name": "国家统一法律职业资格考试经费", "attribute": "经常性项目（长期开展）",
        "period": "2年", "total_yuan": D("200000"), "annual_yuan": D("100000"),
        "goal_total": "组织实施两个年度的国家统一法律职业资格考试，聘用约400位考务人员，确保考试平稳、安全、顺利、有效实施。",
        "goal_annual": "聘用约200位考务人员，占场机（座）位约1000个，确保国家统一法律职业资格考试平稳、安全、顺利、有效实施。",
        "indicators": [
            ("产出指标", "数量指标", "考务人员", "≥400人", "≥200人"),
            ("产出指标", "数量指标", "占场机（座位）", "≥2000个", "≥1000个"),
            ("产出指标", "质量指标", "考试设备正常使用率", "100%", "100%"),
            ("产出指标", "时效指标", "考试时间", "9、10月", "9、10月"),
            ("成本指标", "经济成本指标", "考务费", "≤500元/人", "≤500元/人"),
            ("效益指标", "社会效益指标", "为国家选拔和储备优秀法律职业人才", "有效保障", "有效保障"),
            ("满意度指标", "服务对象满意度指标", "考生满意度", "≥90%", "≥95%"),
        ],
    },
    {
        "unit": "示范市强制隔离戒毒所", "name": "专业人员聘用补贴", "attribute": "经常性项目（长期开展）",
        "period": "1年", "total_yuan": D("235000"), "annual_yuan": D("235000"),
        "goal_total": "聘用心理咨询、医疗等专业人员8名，按月足额发放工资，保障戒毒场所教育矫治工作。",
        "goal_annual": "聘用心理咨询、医疗等专业人员8名，按月足额发放工资，保障戒毒场所教育矫治工作。",
        "indicators": [
            ("产出指标", "数量指标", "聘用专业人员", "≥8人", "≥8人"),
            ("产出指标", "时效指标", "工资发放时间", "按月发放", "按月发放"),
            ("成本指标", "经济成本指标", "月工资", "≤2590元/人.月", "≤2590元/人.月"),
            ("效益指标", "社会效益指标", "戒毒人员教育矫治覆盖率", "100%", "100%"),
            ("满意度指标", "服务对象满意度指标", "戒毒人员家属满意度", "≥90%", "≥90%"),
        ],
    },
    {
        "unit": "示范市法律援助中心", "name": "法律援助业务经费", "attribute": "经常性项目（长期开展）",
        "period": "1年", "total_yuan": D("84000"), "annual_yuan": D("84000"),
        "goal_total": "为经济困难公民和特殊案件当事人提供法律援助，办理法律援助案件200件以上，免费法律咨询20000人次。",
        "goal_annual": "为经济困难公民和特殊案件当事人提供法律援助，办理法律援助案件200件以上，免费法律咨询20000人次。",
        "indicators": [
            ("产出指标", "数量指标", "办理法律援助案件", "≥200件", "≥200件"),
            ("产出指标", "数量指标", "免费法律咨询", "≥20000人次/年", "≥20000人次/年"),
            ("产出指标", "质量指标", "法律援助案件办结率", "≥95%", "≥95%"),
            ("产出指标", "时效指标", "案件指派时间", "3个工作日内", "3个工作日内"),
            ("成本指标", "经济成本指标", "以案定补", "平均150元/件", "平均150元/件"),
            ("效益指标", "社会效益指标", "困难群众合法权益得到保障", "显著提升", "显著提升"),
            ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥95%", "≥95%"),
        ],
    },
]

# 项目支出绩效自评表 of the final account (万元). Indicators: (一级, 二级, 三级, 年初指标值, 调整后指标值,
# 实际完成值, 分值, 得分, 偏差原因). 执行率, its score, 总分 and grade are derived below.
SELF_EVALUATIONS = [
    {
        "unit": "示范市司法局", "name": "国家统一法律职业资格考试经费",
        "initial": D("10.00"), "budget": D("10.00"), "executed": D("9.66"),
        "goal": "聘用约200位考务人员，占场机（座）位约1000个，确保考试平稳、安全、顺利、有效实施。",
        "result": "聘用考务人员186人，占场机（座）位1000个，考试平稳、安全、顺利完成。",
        "indicators": [
            ("产出指标", "数量指标", "考务人员", "≥200人", "≥200人", "186人", D("15"), D("13.5"), "报考人数减少，考场压缩"),
            ("产出指标", "数量指标", "占场机（座位）", "≥1000个", "≥1000个", "1000个", D("10"), D("10"), ""),
            ("产出指标", "质量指标", "考试设备正常使用率", "100%", "100%", "100%", D("15"), D("15"), ""),
            ("产出指标", "时效指标", "考试时间", "9、10月", "9、10月", "9、10月", D("10"), D("10"), ""),
            ("成本指标", "经济成本指标", "考务费", "≤500元/人", "≤500元/人", "480元/人", D("10"), D("10"), ""),
            ("效益指标", "社会效益指标", "考试平稳安全实施", "有效保障", "有效保障", "达成预期指标", D("20"), D("20"), ""),
            ("满意度指标", "服务对象满意度指标", "考生满意度", "≥90%", "≥90%", "93%", D("10"), D("10"), ""),
        ],
    },
    {
        "unit": "示范市法律援助中心", "name": "法律援助业务经费",
        "initial": D("8.40"), "budget": D("9.00"), "executed": D("8.40"),
        "goal": "为经济困难公民和特殊案件当事人提供法律援助，办理法律援助案件200件以上。",
        "result": "办理法律援助案件156件，办结率96.5%，受援人满意度92%。",
        "indicators": [
            ("产出指标", "数量指标", "办理法律援助案件", "≥200件", "≥200件", "156件", D("20"), D("15.6"), "案件数量少于预期"),
            ("产出指标", "质量指标", "法律援助案件办结率", "≥95%", "≥95%", "96.5%", D("15"), D("15"), ""),
            ("产出指标", "时效指标", "案件指派时间", "3个工作日内", "3个工作日内", "3个工作日内", D("10"), D("10"), ""),
            ("成本指标", "经济成本指标", "以案定补", "平均150元/件", "平均150元/件", "平均150元/件", D("10"), D("10"), ""),
            ("效益指标", "社会效益指标", "困难群众合法权益得到保障", "显著提升", "显著提升", "有所提升", D("20"), D("16"),
             "基层宣传覆盖不足"),
            ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥95%", "≥95%", "92%", D("15"), D("13.8"), "回访不及时"),
        ],
    },
]
EXECUTION_WEIGHT = D("10")  # 执行率's 分值: indicators' 分值 sum to 100 − 10


def self_evaluation(ev: dict) -> dict:
    """执行率 (percent, 2 decimals), its score, 总分 and grade of one 自评表, from its printed parts."""
    from decimal import ROUND_HALF_UP

    q = D("0.01")
    rate = (D(100) * ev["executed"] / ev["budget"]).quantize(q, ROUND_HALF_UP) if ev["budget"] else D(0)
    rate_score = (EXECUTION_WEIGHT * min(rate, D(100)) / D(100)).quantize(q, ROUND_HALF_UP)
    total = sum((i[7] for i in ev["indicators"]), D(0)) + rate_score
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    return {"rate": rate, "rate_score": rate_score, "total": total, "grade": grade,
            "balance": ev["budget"] - ev["executed"]}
