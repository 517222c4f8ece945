"""End to end on the Shaanxi (Xi'an), Shandong (Yantai) and one Hunan corpus PDFs: `govbudget
ingest` → marts.

Every expected value below was read by hand from the PDF page itself (pdfplumber's text of the
page, and the page rendered to an image wherever a blank cell or a wrapped header made the column
uncertain), never from the project's parser or the warehouse. The comment of each row names the
page (1-based PDF page) and the printed table.

Xi'an's 2026 documents (finance bureau, justice bureau) print their tables in 元: the expected 万元
value is the printed 元 figure / 10000, exactly (`yuan("1,234.56")` → 0.123456). The other Xi'an
documents and Yantai print 万元.

Xi'an's 部门综合预算 template maps as DOMAIN.md and the brief say: 部门综合预算收支总表
income_expenditure_summary, 收入总表 income_summary, 支出总表 expenditure_summary, 财政拨款收支总表
fiscal_summary, 一般公共预算支出明细表（按支出功能分类科目） general_budget_expenditure, 一般公共预算支出明细表
（按支出经济分类科目） general_budget_expenditure_economic, 一般公共预算基本支出明细表（按支出经济分类科目）
basic_expenditure_economic, “三公”经费及会议费、培训费支出预算表 three_public. Its column 人员经费支出 is
`personnel`, 公用经费支出 `public_funds`; its 三公 table sets 上年 (`prior_year`), 当年 (`total`) and
增减变化情况 (`change`) side by side, and prints one row per unit.

Each row is (file, page, table_kind, subject_code / economic_code, item_name, measure, side, unit,
expected 万元): the line item must exist on that page with that amount. `unit` (when given) is the
unit the row belongs to in a table printed unit by unit or with a unit column, and is asserted on
marts.fct_line_item.unit_name.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import CORPUS, line_item_amounts, sha256_of

pytestmark = pytest.mark.slow

D = Decimal

XF = "shaanxi/xian-finance-bureau-2026-budget.pdf"
XH = "shaanxi/xian-health-commission-2022-final-account.pdf"
XR = "shaanxi/xian-human-resources-bureau-2020-budget.pdf"
XJ = "shaanxi/xian-justice-bureau-2026-budget.pdf"
XW = "shaanxi/xian-work-safety-bureau-2019-budget-tables.pdf"
YT = "shandong/yantai-finance-bureau-2026-budget.pdf"
CS = "hunan/changsha-sasac-2020-evaluation-report.pdf"
ALL_FILES = [XF, XH, XR, XJ, XW, YT, CS]
FILES_WITH_TABLES = [XF, XH, XR, XJ, XW, YT]


def yuan(printed: str) -> str:
    """A figure printed in 元 (thousands separators allowed) as its exact 万元 value."""
    return str(D(printed.replace(",", "")).scaleb(-4))


@pytest.fixture(scope="module")
def doc_ids():
    return {f: sha256_of(CORPUS / f) for f in ALL_FILES}


def _amounts(con, doc_id, page, kind, code, name, measure, side, unit):
    return line_item_amounts(con, doc_id, kind, measure, code, name, side, page, unit)


_INC, _EXP = "income", "expenditure"
IES, IS, ES, FS = ("income_expenditure_summary", "income_summary", "expenditure_summary",
                   "fiscal_summary")
GBE, GBEE, BEE, TP = ("general_budget_expenditure", "general_budget_expenditure_economic",
                      "basic_expenditure_economic", "three_public")
GF = "government_fund"

# unit names as printed in the unit columns (wrapped names joined)
XF_REVIEW = "西安市财政投资评审中心"          # 116003
XF_SEIZED = "西安市罚没公物管理中心"          # 116004
XF_TREASURY = "西安市财政国库支付中心"        # 116005
XF_TRAINING = "西安市财政干部教育培训中心"    # 116007
XF_DEBT = "西安市政府债务管理中心"            # 116008
XJ_LEGAL_AID = "西安市法律援助中心"           # 154002
XJ_REHAB = "西安市强制隔离戒毒所"             # 154004
XJ_DISPUTE = "西安市行政争议预防调处中心"     # 154005
XR_INSURANCE = "西安市社会保险管理中心"       # 242002
XR_EXAM = "西安市人事考试中心"                # 242004
XR_EMPLOYMENT = "西安市就业服务中心"          # 242005
XR_INSPECTION = "西安市劳动保障监察支队"      # 242006
XR_PLACEMENT = "西安市职业介绍服务中心"       # 242010
XR_DISABILITY = "西安市劳动能力鉴定中心"      # 242011
XR_SCHOOL = "西安市技工学校"                  # 242013
XW_BUREAU = "西安市安全生产监督管理局"        # 125001
XW_PUBLICITY = "西安市安全生产宣传教育中心"   # 125002 (printed wrapped: …宣传教 / 育中心)
XW_ENFORCEMENT = "西安市安全生产执法监察支队"  # 125003 (…执法监 / 察支队)
XW_RESCUE = "西安市安全生产应急救援中心"      # 125004 (…应急救 / 援中心)

# (file, page, table_kind, code, item_name, measure, side, unit, expected 万元)
HAND_READ = [
    # --- 西安市财政局（汇总） 2026 部门综合预算 (tables in 元) ---
    # p25 表1 部门综合预算收支总表: (1)一般公共预算拨款 303,312,586.17; 收入总计 303,312,586.17
    (XF, 25, IES, None, "(1)一般公共预算拨款", "total", _INC, None, yuan("303,312,586.17")),
    (XF, 25, IES, None, "收入总计", "total", _INC, None, yuan("303,312,586.17")),
    # p25: 13、农林水支出 66,000,000.00; 21、粮油物资储备支出 104,160,000.00; 10、卫生健康支出 4,312,056.91
    # (function block; the economic blocks beside it carry other figures on the same lines)
    (XF, 25, IES, "213", None, "total", _EXP, None, yuan("66,000,000.00")),
    (XF, 25, IES, "222", None, "total", _EXP, None, yuan("104,160,000.00")),
    (XF, 25, IES, "210", None, "total", _EXP, None, yuan("4,312,056.91")),
    # p26 表2 部门综合预算收入总表 (rows are units): 合计 303,312,586.17
    (XF, 26, IS, None, "合计", "total", None, None, yuan("303,312,586.17")),
    # p26: 116003 西安市财政投资评审中心 合计 33,443,514.04
    (XF, 26, IS, None, None, "total", None, XF_REVIEW, yuan("33,443,514.04")),
    # p26: 116008 西安市政府债务管理中心 一般公共预算拨款 小计 2,763,107.95
    (XF, 26, IS, None, None, "general_budget", None, XF_DEBT, yuan("2,763,107.95")),
    # p27 表3 部门综合预算支出总表: 116007 西安市财政干部教育培训中心 合计 6,581,443.13
    (XF, 27, ES, None, None, "total", None, XF_TRAINING, yuan("6,581,443.13")),
    # p27: 116004 西安市罚没公物管理中心 一般公共预算拨款 小计 4,912,305.13
    (XF, 27, ES, None, None, "general_budget", None, XF_SEIZED, yuan("4,912,305.13")),
    # p28 表4 部门综合预算财政拨款收支总表: 5、教育支出 5,465,892.73; 20、住房保障支出 8,385,745.90
    (XF, 28, FS, "205", None, "total", _EXP, None, yuan("5,465,892.73")),
    (XF, 28, FS, "221", None, "total", _EXP, None, yuan("8,385,745.90")),
    # p28: 收入总计 303,312,586.17
    (XF, 28, FS, None, "收入总计", "total", _INC, None, yuan("303,312,586.17")),
    # p29 表5 一般公共预算支出明细表（按支出功能分类科目）: 2010601 行政运行 合计 47,020,229.82,
    # 人员经费支出 43,288,157.34, 公用经费支出 3,732,072.48
    (XF, 29, GBE, "2010601", None, "total", None, None, yuan("47,020,229.82")),
    (XF, 29, GBE, "2010601", None, "personnel", None, None, yuan("43,288,157.34")),
    (XF, 29, GBE, "2010601", None, "public_funds", None, None, yuan("3,732,072.48")),
    # p29: 20504 成人教育 公用经费支出 289,323.25; 2130803 农业保险保费补贴 合计 66,000,000.00
    (XF, 29, GBE, "20504", None, "public_funds", None, None, yuan("289,323.25")),
    (XF, 29, GBE, "2130803", None, "total", None, None, yuan("66,000,000.00")),
    # p30 (continued, header repeated): 2210203 购房补贴 2,751,720.54; 2220599 其他重要商品储备支出 64,920,000.00
    (XF, 30, GBE, "2210203", None, "total", None, None, yuan("2,751,720.54")),
    (XF, 30, GBE, "2220599", None, "total", None, None, yuan("64,920,000.00")),
    # p31 表6 一般公共预算支出明细表（按支出经济分类科目）: 301 工资福利支出 人员经费支出 70,538,345.59
    (XF, 31, GBEE, "301", None, "personnel", None, None, yuan("70,538,345.59")),
    # p32 (continued): 31204 费用补贴 合计 105,240,000.00; 30217 公务接待费 公用经费支出 80,000.00
    (XF, 32, GBEE, "31204", None, "total", None, None, yuan("105,240,000.00")),
    (XF, 32, GBEE, "30217", None, "public_funds", None, None, yuan("80,000.00")),
    # p35 表8 一般公共预算基本支出明细表（按支出经济分类科目）: 合计 79,108,250.17;
    # 30107 绩效工资 人员经费支出 3,807,300.24
    (XF, 35, BEE, None, "合计", "total", None, None, yuan("79,108,250.17")),
    (XF, 35, BEE, "30107", None, "personnel", None, None, yuan("3,807,300.24")),
    # p36 (continued): 30302 退休费 811,740.00; 303 对个人和家庭的补助 1,497,673.64
    (XF, 36, BEE, "30302", None, "personnel", None, None, yuan("811,740.00")),
    (XF, 36, BEE, "303", None, "personnel", None, None, yuan("1,497,673.64")),
    # p43 表13 “三公”经费及会议费、培训费支出预算表 (rendered): 当年 公务接待费 80,000.00 in the 合计,
    # 116 and 116001 rows (no other unit has one)
    (XF, 43, TP, None, "公务接待费", "total", None, None, yuan("80,000.00")),
    # p43: 116005 西安市财政国库支付中心 当年 会议费 26,000.00; 上年 培训费 240,000.00; 增减 合计 -15,100.00
    (XF, 43, TP, None, "会议费", "total", None, XF_TREASURY, yuan("26,000.00")),
    (XF, 43, TP, None, "培训费", "prior_year", None, XF_TREASURY, yuan("240,000.00")),
    (XF, 43, TP, None, "合计", "change", None, XF_TREASURY, yuan("-15,100.00")),
    # p43: 116007 西安市财政干部教育培训中心 当年 公务用车运行维护费 16,000.00, 培训费 1,019,700.00
    (XF, 43, TP, None, "公务用车运行维护费", "total", None, XF_TRAINING, yuan("16,000.00")),
    (XF, 43, TP, None, "培训费", "total", None, XF_TRAINING, yuan("1,019,700.00")),
    # p43: 116008 西安市政府债务管理中心 上年 会议费 106,000.00
    (XF, 43, TP, None, "会议费", "prior_year", None, XF_DEBT, yuan("106,000.00")),

    # --- 西安市卫生健康委员会（汇总） 2022 final account (万元; 行次 columns beside the amounts) ---
    # p146 公开01表 收入支出决算总表: 五、事业收入 (行次 5) 1,110,972.11; 八、其他收入 (行次 8) 98,870.55
    (XH, 146, IES, None, "五、事业收入", "total", _INC, None, "1110972.11"),
    (XH, 146, IES, None, "八、其他收入", "total", _INC, None, "98870.55"),
    # p146: 九、卫生健康支出 (行次 39) 1,474,833.23; 二十三、其他支出 (行次 53) 568,051.63
    (XH, 146, IES, "210", None, "total", _EXP, None, "1474833.23"),
    (XH, 146, IES, "229", None, "total", _EXP, None, "568051.63"),
    # p146: 年初结转和结余 465,278.48; 结余分配 6,374.88; 年末结转和结余 399,035.80
    (XH, 146, IES, None, "年初结转和结余", "total", _INC, None, "465278.48"),
    (XH, 146, IES, None, "结余分配", "total", _EXP, None, "6374.88"),
    (XH, 146, IES, None, "年末结转和结余", "total", _EXP, None, "399035.80"),
    # p147 公开02表 收入决算表 (rendered): 合计 事业收入 1,110,972.11
    (XH, 147, IS, None, "合计", "business_income", None, None, "1110972.11"),
    # p147: 2080505 (name wraps) 本年收入合计 10,387.06, 其他收入 0.03
    (XH, 147, IS, "2080505", None, "total", None, None, "10387.06"),
    (XH, 147, IS, "2080505", None, "other_income", None, None, "0.03"),
    # p148 (continued): 2100101 行政运行 其他收入 289.45 (上级补助/事业 blank);
    # 2100201 综合医院 财政拨款收入 69,978.46, 事业收入 850,732.60
    (XH, 148, IS, "2100101", None, "other_income", None, None, "289.45"),
    (XH, 148, IS, "2100201", None, "fiscal_appropriation", None, None, "69978.46"),
    (XH, 148, IS, "2100201", None, "business_income", None, None, "850732.60"),
    # p149 (continued): 2109999 其他卫生健康支出 16,511.87 under 其他收入 (not 事业收入)
    (XH, 149, IS, "2109999", None, "other_income", None, None, "16511.87"),
    # p150 公开03表 支出决算表: 合计 基本支出 1,168,039.29, 项目支出 906,922.72
    (XH, 150, ES, None, "合计", "basic", None, None, "1168039.29"),
    (XH, 150, ES, None, "合计", "project", None, None, "906922.72"),
    # p151 (continued): 2100201 综合医院 基本支出 852,633.08; p152: 2290402 项目支出 568,051.63
    (XH, 151, ES, "2100201", None, "basic", None, None, "852633.08"),
    (XH, 152, ES, "2290402", None, "project", None, None, "568051.63"),
    # p153 公开04表 财政拨款收入支出决算总表: 二、政府性基金预算财政拨款 (行次 2) 509,220.66
    (XH, 153, FS, None, "二、政府性基金预算财政拨款", "total", _INC, None, "509220.66"),
    # p153: 九、卫生健康支出 一般公共预算财政拨款 271,800.87; 二十三、其他支出 政府性基金 568,051.63
    (XH, 153, FS, "210", None, "general_budget", _EXP, None, "271800.87"),
    (XH, 153, FS, "229", None, "government_fund", _EXP, None, "568051.63"),
    # p153: 本年支出合计 一般公共预算财政拨款 296,047.75; 年初结转和结余 (收入) 58,926.37
    (XH, 153, FS, None, "本年支出合计", "general_budget", _EXP, None, "296047.75"),
    (XH, 153, FS, None, "年初结转和结余", "total", _INC, None, "58926.37"),
    # p154 公开05表 一般公共预算财政拨款支出决算表: 合计 项目支出 197,441.45
    (XH, 154, GBE, None, "合计", "project", None, None, "197441.45"),
    # p155 (continued): 2100410 突发公共卫生事件应急处理 项目支出 73,179.07
    (XH, 155, GBE, "2100410", None, "project", None, None, "73179.07"),
    # p156 (continued): 2101102 事业单位医疗 小计 4,654.08 (9,009.05 in 公开03表)
    (XH, 156, GBE, "2101102", None, "total", None, None, "4654.08"),
    # p157 公开06表 基本支出决算表 (three blocks): 30107 绩效工资 24,198.72;
    # 30231 公务用车运行维护费 450.96; 31002 办公设备购置 7.17
    (XH, 157, BEE, "30107", None, "total", None, None, "24198.72"),
    (XH, 157, BEE, "30231", None, "total", None, None, "450.96"),
    (XH, 157, BEE, "31002", None, "total", None, None, "7.17"),
    # p158 (continued): 30239 其他交通费用 274.54; 人员经费合计 96,513.21; 公用经费合计 2,093.08
    (XH, 158, BEE, "30239", None, "total", None, None, "274.54"),
    (XH, 158, BEE, None, "人员经费合计", "total", None, None, "96513.21"),
    (XH, 158, BEE, None, "公用经费合计", "total", None, None, "2093.08"),
    # p159 公开07表 政府性基金预算财政拨款收入支出决算表: 2290402 年初结转和结余 58,830.98, 本年收入 509,220.66
    (XH, 159, GF, "2290402", None, "carry_over", None, None, "58830.98"),
    (XH, 159, GF, "2290402", None, "income", None, None, "509220.66"),
    # p161 公开09表 “三公”经费及会议费、培训费支出决算表 (rendered): 公务接待费 预算数 1.86, 决算数 0.11;
    # 公务用车购置费 决算数 136.48; 会议费 预算数 86.81; 培训费 决算数 2,795.78
    (XH, 161, TP, None, "公务接待费", "budget", None, None, "1.86"),
    (XH, 161, TP, None, "公务接待费", "final", None, None, "0.11"),
    (XH, 161, TP, None, "公务用车购置费", "final", None, None, "136.48"),
    (XH, 161, TP, None, "会议费", "budget", None, None, "86.81"),
    (XH, 161, TP, None, "培训费", "final", None, None, "2795.78"),

    # --- 西安市人力资源和社会保障局 2020 部门综合预算 (万元; 0 printed in empty lines) ---
    # p29 表1 收支总表: (1)一般公共预算拨款收入 181716.56; 6、其他收入 350; 上年结转 90.57; 收入总计 182157.13
    (XR, 29, IES, None, "(1)一般公共预算拨款收入", "total", _INC, None, "181716.56"),
    (XR, 29, IES, None, "6、其他收入", "total", _INC, None, "350"),
    (XR, 29, IES, None, "上年结转", "total", _INC, None, "90.57"),
    (XR, 29, IES, None, "收入总计", "total", _INC, None, "182157.13"),
    # p29: 5、教育 3873.12 (3523.12 in 表4); 8、社会保障和就业 136400.21; 2、外交 printed 0
    (XR, 29, IES, "205", None, "total", _EXP, None, "3873.12"),
    (XR, 29, IES, "208", None, "total", _EXP, None, "136400.21"),
    (XR, 29, IES, "202", None, "total", _EXP, None, "0"),
    # p30 表2 收入总表 (rendered): 242013 西安市技工学校 一般公共预算拨款 小计 640.41, 其他收入 350
    (XR, 30, IS, None, None, "general_budget", None, XR_SCHOOL, "640.41"),
    (XR, 30, IS, None, None, "other_income", None, XR_SCHOOL, "350"),
    # p30: 242010 西安市职业介绍服务中心 上年结转 26.38; 242002 西安市社会保险管理中心 合计 151259.87
    (XR, 30, IS, None, None, "carry_over", None, XR_PLACEMENT, "26.38"),
    (XR, 30, IS, None, None, "total", None, XR_INSURANCE, "151259.87"),
    # p31 表3 支出总表 (rendered): 242005 西安市就业服务中心 上年结转 3.82; 242011 合计 99.94
    (XR, 31, ES, None, None, "carry_over", None, XR_EMPLOYMENT, "3.82"),
    (XR, 31, ES, None, None, "total", None, XR_DISABILITY, "99.94"),
    # p32 表4 财政拨款收支总表: 5、教育 3523.12; 上年结转 90.57; 支出总计 181807.13
    (XR, 32, FS, "205", None, "total", _EXP, None, "3523.12"),
    (XR, 32, FS, None, "上年结转", "total", _INC, None, "90.57"),
    (XR, 32, FS, None, "支出总计", "total", _EXP, None, "181807.13"),
    # p33 表5 一般公共预算支出明细表（按功能）: 款 printed "10" under 201: 20110 人力资源事务 56.52
    (XR, 33, GBE, "20110", None, "total", None, None, "56.52"),
    # p33: 2080111 公共就业服务和职业技能鉴定机构 人员经费支出 948.92, 公用经费支出 29.82
    (XR, 33, GBE, "2080111", None, "personnel", None, None, "948.92"),
    (XR, 33, GBE, "2080111", None, "public_funds", None, None, "29.82"),
    # p34 (continued, no header): 款 "26" of 208 → 20826 30000; 2101103 公务员医疗补助 15000
    (XR, 34, GBE, "20826", None, "total", None, None, "30000"),
    (XR, 34, GBE, "2101103", None, "total", None, None, "15000"),
    # p35 表6 一般公共预算支出明细表（按经济）: 301 工资福利支出 合计 7804.52
    (XR, 35, GBEE, "301", None, "total", None, None, "7804.52"),
    # p36/p37 (continued): 30224 被装购置费 9.6; 30308 助学金 3000; 31302 对社会保险基金补助 68700
    (XR, 36, GBEE, "30224", None, "total", None, None, "9.6"),
    (XR, 37, GBEE, "30308", None, "total", None, None, "3000"),
    (XR, 37, GBEE, "31302", None, "total", None, None, "68700"),
    # p39 表8 一般公共预算基本支出明细表（按经济）: 合计 公用经费支出 621.37
    (XR, 39, BEE, None, "合计", "public_funds", None, None, "621.37"),
    # p40 (continued): 30217 公务接待费 公用经费 3.3; 30301 离休费 人员经费 91.8
    (XR, 40, BEE, "30217", None, "public_funds", None, None, "3.3"),
    (XR, 40, BEE, "30301", None, "personnel", None, None, "91.8"),
    # p49 表13 三公及会议费、培训费 (rendered; 2019年 = prior_year, 2020年 = total):
    # 242006 西安市劳动保障监察支队 2020 培训费 22.00; 2019 公务用车运行维护费 21.00
    (XR, 49, TP, None, "培训费", "total", None, XR_INSPECTION, "22.00"),
    (XR, 49, TP, None, "公务用车运行维护费", "prior_year", None, XR_INSPECTION, "21.00"),
    # p49: 242004 西安市人事考试中心 2020 会议费 10.50, 增减 会议费 -14.90
    (XR, 49, TP, None, "会议费", "total", None, XR_EXAM, "10.50"),
    (XR, 49, TP, None, "会议费", "change", None, XR_EXAM, "-14.90"),
    # p49: 242002 西安市社会保险管理中心 2020 公务接待费 0.50
    (XR, 49, TP, None, "公务接待费", "total", None, XR_INSURANCE, "0.50"),

    # --- 西安市司法局（汇总） 2026 部门综合预算 (tables in 元; units 154001/154002/154004/154005) ---
    # p30 表1 收支总表 (rendered): (1)一般公共预算拨款 136,507,899.71; 4、公共安全支出 102,399,692.55;
    # 20、住房保障支出 10,668,681.91; 支出总计 136,507,899.71
    (XJ, 30, IES, None, "(1)一般公共预算拨款", "total", _INC, None, yuan("136,507,899.71")),
    (XJ, 30, IES, "204", None, "total", _EXP, None, yuan("102,399,692.55")),
    (XJ, 30, IES, "221", None, "total", _EXP, None, yuan("10,668,681.91")),
    (XJ, 30, IES, None, "支出总计", "total", _EXP, None, yuan("136,507,899.71")),
    # p31 表2 收入总表 (rendered): 154002 西安市法律援助中心 合计 and 一般公共预算拨款 小计 12,370,648.27
    # (其中：专项 1,130,000.00 beside them); 154004 西安市强制隔离戒毒所 合计 72,491,459.04
    (XJ, 31, IS, None, None, "total", None, XJ_LEGAL_AID, yuan("12,370,648.27")),
    (XJ, 31, IS, None, None, "general_budget", None, XJ_LEGAL_AID, yuan("12,370,648.27")),
    (XJ, 31, IS, None, None, "total", None, XJ_REHAB, yuan("72,491,459.04")),
    # p32 表3 支出总表: 154005 西安市行政争议预防调处中心 合计 3,968,713.38;
    # 154004 一般公共预算拨款 小计 72,491,459.04
    (XJ, 32, ES, None, None, "total", None, XJ_DISPUTE, yuan("3,968,713.38")),
    (XJ, 32, ES, None, None, "general_budget", None, XJ_REHAB, yuan("72,491,459.04")),
    # p33 表4 财政拨款收支总表: 8、社会保障和就业支出 16,793,132.52; 5、教育支出 665,300.00; 收入总计
    (XJ, 33, FS, "208", None, "total", _EXP, None, yuan("16,793,132.52")),
    (XJ, 33, FS, "205", None, "total", _EXP, None, yuan("665,300.00")),
    (XJ, 33, FS, None, "收入总计", "total", _INC, None, yuan("136,507,899.71")),
    # p34 表5 一般公共预算支出明细表（按功能）: 2040607 公共法律服务 10,340,506.06 /
    # 人员经费 4,509,887.22 / 公用经费 529,018.84; 20408 强制隔离戒毒 52,861,731.67
    (XJ, 34, GBE, "2040607", None, "total", None, None, yuan("10,340,506.06")),
    (XJ, 34, GBE, "2040607", None, "personnel", None, None, yuan("4,509,887.22")),
    (XJ, 34, GBE, "2040607", None, "public_funds", None, None, yuan("529,018.84")),
    (XJ, 34, GBE, "20408", None, "total", None, None, yuan("52,861,731.67")),
    # p35 (continued): 2210201 住房公积金 8,318,655.79
    (XJ, 35, GBE, "2210201", None, "total", None, None, yuan("8,318,655.79")),
    # p36 表6 一般公共预算支出明细表（按经济）: 302 商品和服务支出 合计 28,353,233.58
    (XJ, 36, GBEE, "302", None, "total", None, None, yuan("28,353,233.58")),
    # p37 (continued): 30224 被装购置费 593,200.00
    (XJ, 37, GBEE, "30224", None, "total", None, None, yuan("593,200.00")),
    # p40 表8 一般公共预算基本支出明细表（按经济）: 合计 人员经费支出 111,369,864.13
    (XJ, 40, BEE, None, "合计", "personnel", None, None, yuan("111,369,864.13")),
    # p41 (continued): 30231 公务用车运行维护费 公用经费 771,000.00; 30304 抚恤金 人员经费 137,635.34
    (XJ, 41, BEE, "30231", None, "public_funds", None, None, yuan("771,000.00")),
    (XJ, 41, BEE, "30304", None, "personnel", None, None, yuan("137,635.34")),
    # p49 表13 三公及会议费、培训费 (rendered): 154002 西安市法律援助中心 培训费 当年 120,000.00,
    # 上年 200,000.00, 增减 -80,000.00
    (XJ, 49, TP, None, "培训费", "total", None, XJ_LEGAL_AID, yuan("120,000.00")),
    (XJ, 49, TP, None, "培训费", "prior_year", None, XJ_LEGAL_AID, yuan("200,000.00")),
    (XJ, 49, TP, None, "培训费", "change", None, XJ_LEGAL_AID, yuan("-80,000.00")),
    # p49: 154004 西安市强制隔离戒毒所 当年 公务接待费 13,081.50; 上年 培训费 729,066.00
    (XJ, 49, TP, None, "公务接待费", "total", None, XJ_REHAB, yuan("13,081.50")),
    (XJ, 49, TP, None, "培训费", "prior_year", None, XJ_REHAB, yuan("729,066.00")),
    # p49: 154005 西安市行政争议预防调处中心 当年 合计 92,000.00
    (XJ, 49, TP, None, "合计", "total", None, XJ_DISPUTE, yuan("92,000.00")),

    # --- 西安市安全生产监督管理局 2019 部门综合预算公开报表 (万元; tables printed unit by unit) ---
    # p3 表1 收支总表: 上年结转 11.61; 上年实户资金余额 40.93; 收入总计 3,695.91
    (XW, 3, IES, None, "上年结转", "total", _INC, None, "11.61"),
    (XW, 3, IES, None, "上年实户资金余额", "total", _INC, None, "40.93"),
    (XW, 3, IES, None, "收入总计", "total", _INC, None, "3695.91"),
    # p3: 23、灾害防治及应急管理 3,271.54; 结转下年 52.54 (in each of the three expenditure blocks)
    (XW, 3, IES, "224", None, "total", _EXP, None, "3271.54"),
    (XW, 3, IES, None, "结转下年", "total", _EXP, None, "52.54"),
    # p4 表2 收入总表 (rendered): 125002 一般公共预算拨款 小计 461.80; 125003 总计 837.77;
    # 125001 上年结转 11.61 (上年实户资金余额 32.00 beside it)
    (XW, 4, IS, None, None, "general_budget", None, XW_PUBLICITY, "461.80"),
    (XW, 4, IS, None, None, "total", None, XW_ENFORCEMENT, "837.77"),
    (XW, 4, IS, None, None, "carry_over", None, XW_BUREAU, "11.61"),
    # p5 表3 支出总表 (rendered; 上年结转 is the last column here): 125004 小计 270.98; 125001 上年结转 11.61
    (XW, 5, ES, None, None, "general_budget", None, XW_RESCUE, "270.98"),
    (XW, 5, ES, None, None, "carry_over", None, XW_BUREAU, "11.61"),
    # p6 表4 财政拨款收支总表 (rendered): 8、社会保障和就业 183.60; 10、卫生健康 30.81;
    # (1)一般公共预算拨款收入 3,643.37
    (XW, 6, FS, "208", None, "total", _EXP, None, "183.60"),
    (XW, 6, FS, "210", None, "total", _EXP, None, "30.81"),
    (XW, 6, FS, None, "(1)一般公共预算拨款收入", "total", _INC, None, "3643.37"),
    # p7 表5 一般公共预算支出明细表（按功能）, 125001 block: 款 "01" of 224 → 22401 应急管理事务 1,861.49;
    # 2240106 安全监管 1,008.45
    (XW, 7, GBE, "22401", None, "total", None, XW_BUREAU, "1861.49"),
    (XW, 7, GBE, "2240106", None, "total", None, XW_BUREAU, "1008.45"),
    # p8: 125002 block 2240106 安全监管 413.58; p9 (125003 block continued): 2240106 747.66
    (XW, 8, GBE, "2240106", None, "total", None, XW_PUBLICITY, "413.58"),
    (XW, 9, GBE, "2240106", None, "total", None, XW_ENFORCEMENT, "747.66"),
    # p9: 125004 block 2240108 应急救援 人员经费支出 93.49
    (XW, 9, GBE, "2240108", None, "personnel", None, XW_RESCUE, "93.49"),
    # p11 表6 (按经济), 125001 block continued from p10: 30227 委托业务费 650.00
    (XW, 11, GBEE, "30227", None, "total", None, XW_BUREAU, "650.00"),
    # p15: 125004 block continued from p14: 30203 咨询费 3.00
    (XW, 15, GBEE, "30203", None, "total", None, XW_RESCUE, "3.00"),
    # p19 表8 基本支出明细表（按经济）: 合计 2,022.39
    (XW, 19, BEE, None, "合计", "total", None, None, "2022.39"),
    # p22: 125003 block 30215 会议费 公用经费支出 0.56; 125004 block 301 工资福利支出 人员经费 115.48
    (XW, 22, BEE, "30215", None, "public_funds", None, XW_ENFORCEMENT, "0.56"),
    (XW, 22, BEE, "301", None, "personnel", None, XW_RESCUE, "115.48"),
    # p32 表13 三公及会议费、培训费 (rendered; 2018年 prior_year, 2019年 total, 增减 change):
    # 125003 培训费 6.30 / 0.37 / 5.93; 公务接待费 2019 0.38
    (XW, 32, TP, None, "培训费", "total", None, XW_ENFORCEMENT, "6.30"),
    (XW, 32, TP, None, "培训费", "prior_year", None, XW_ENFORCEMENT, "0.37"),
    (XW, 32, TP, None, "培训费", "change", None, XW_ENFORCEMENT, "5.93"),
    (XW, 32, TP, None, "公务接待费", "total", None, XW_ENFORCEMENT, "0.38"),
    # p32: 125004 会议费 2019 4.50; 125002 公务用车运行维护费 2018 9.22
    (XW, 32, TP, None, "会议费", "total", None, XW_RESCUE, "4.50"),
    (XW, 32, TP, None, "公务用车运行维护费", "prior_year", None, XW_PUBLICITY, "9.22"),

    # --- 烟台市财政局 2026 budget (万元; table pages p11-p27 are turned by /Rotate 90) ---
    # p10 公开表1 收支总体情况表: 一、财政拨款收入 9,069.47; 七、社会保障和就业支出 1,060.25;
    # 十七、住房保障支出 416.75; 支 出 总 计 9,069.47
    (YT, 10, IES, None, "一、财政拨款收入", "total", _INC, None, "9069.47"),
    (YT, 10, IES, "208", None, "total", _EXP, None, "1060.25"),
    (YT, 10, IES, "221", None, "total", _EXP, None, "416.75"),
    (YT, 10, IES, None, "支出总计", "total", _EXP, None, "9069.47"),
    # p11 公开表2 收入总体情况表 (类/款/项 columns 201|06|01): 行政运行 合计 and 一般公共预算收入 2,990.74
    (YT, 11, IS, "2010601", None, "total", None, None, "2990.74"),
    (YT, 11, IS, "2010601", None, "general_budget", None, None, "2990.74"),
    # p12 (continued, 类/款 on p11): 2101103 公务员医疗补助 84.50; 2080599 (name wraps) 6.57
    (YT, 12, IS, "2101103", None, "total", None, None, "84.50"),
    (YT, 12, IS, "2080599", None, "total", None, None, "6.57"),
    # p13 公开表3 支出总体情况表 (rendered): 2010602 一般行政管理事务 项目支出 2,160.74; 合计 基本支出 6,012.90
    (YT, 13, ES, "2010602", None, "project", None, None, "2160.74"),
    (YT, 13, ES, None, "合计", "basic", None, None, "6012.90"),
    # p14 (continued): 2101102 事业单位医疗 基本支出 62.64
    (YT, 14, ES, "2101102", None, "basic", None, None, "62.64"),
    # p15 公开表4 财政拨款收支总体情况表 (rendered): 一、一般公共预算收入 9,069.47;
    # 七、社会保障和就业支出 一般公共预算 1,060.25
    (YT, 15, FS, None, "一、一般公共预算收入", "total", _INC, None, "9069.47"),
    (YT, 15, FS, "208", None, "general_budget", _EXP, None, "1060.25"),
    # p16 (continued): 十七、住房保障支出 总计 416.75
    (YT, 16, FS, "221", None, "total", _EXP, None, "416.75"),
    # p17 公开表5 一般公共预算支出情况表 (rendered): 2010601 人员支出 2,506.26, 日常公用支出 484.47;
    # 2080599 其他行政事业单位养老支出 日常公用支出 6.57 (not 人员支出)
    (YT, 17, GBE, "2010601", None, "personnel", None, None, "2506.26"),
    (YT, 17, GBE, "2010601", None, "public_funds", None, None, "484.47"),
    (YT, 17, GBE, "2080599", None, "public_funds", None, None, "6.57"),
    # p18 (continued): 2210201 住房公积金 416.75
    (YT, 18, GBE, "2210201", None, "total", None, None, "416.75"),
    # p19 公开表6 一般公共预算基本支出情况表 (codes "301 07"): 30107 绩效工资 人员支出 269.01
    (YT, 19, BEE, "30107", None, "personnel", None, None, "269.01"),
    # p20 (continued, rendered): 30212 因公出国（境）费用 日常公用支出 13.00; 30302 退休费 人员支出 427.37
    (YT, 20, BEE, "30212", None, "public_funds", None, None, "13.00"),
    (YT, 20, BEE, "30302", None, "personnel", None, None, "427.37"),
    # p21 公开表7 一般公共预算“三公”经费支出情况表 (rendered; 2025年预算数 prior_year, 2026年预算数 total):
    # 2026 因公出国（境）经费 13.00, 合计 23.40, 公务用车运行维护费 5.40; 2025 合计 10.40, 公务接待费 5.00
    (YT, 21, TP, None, "因公出国（境）经费", "total", None, None, "13.00"),
    (YT, 21, TP, None, "合计", "total", None, None, "23.40"),
    (YT, 21, TP, None, "公务用车运行维护费", "total", None, None, "5.40"),
    (YT, 21, TP, None, "合计", "prior_year", None, None, "10.40"),
    (YT, 21, TP, None, "公务接待费", "prior_year", None, None, "5.00"),
    # p26 公开表11 项目支出预算情况表: 中介服务费-政府项目审查费 800.00
    (YT, 26, "project_expenditure", None, "中介服务费-政府项目审查费", "total", None, None, "800.00"),
    # p27 公开表12 政府采购预算表: 201|06|02 一般行政管理事务 1,538.44
    (YT, 27, "procurement", "2010602", None, "total", None, None, "1538.44"),
]


def _id(row):
    f, page, kind, code, name, measure, side, unit, _ = row
    label = "-".join(x for x in (code, name, unit) if x) or "row"
    return f"{f.split('/')[-1][:-4]}-p{page}-{kind}-{label}-{measure}"


@pytest.mark.parametrize("row", HAND_READ, ids=[_id(r) for r in HAND_READ])
def test_hand_read_value(corpus_wh, doc_ids, row):
    f, page, kind, code, name, measure, side, unit, expected = row
    got = _amounts(corpus_wh, doc_ids[f], page, kind, code, name, measure, side, unit)
    assert got and set(got) == {D(expected)}, (f, page, kind, code, name, measure, side, unit, got)


def test_at_least_ten_hand_read_values_per_pdf_with_figures():
    for f in FILES_WITH_TABLES:
        rows = [r for r in HAND_READ if r[0] == f]
        assert len(rows) >= 10, (f, len(rows))
        kinds = {r[2] for r in rows}
        assert len(kinds) >= 5, (f, kinds)
    # the multi-unit documents pin rows of at least two units
    for f in (XF, XR, XJ, XW):
        assert len({r[7] for r in HAND_READ if r[0] == f and r[7]}) >= 2, f


@pytest.mark.parametrize("f,unit,year,doc_type", [
    (XF, "西安市财政局", 2026, "budget"),  # p1 西安市财政局（汇总） 2026年部门预算公开说明
    (XH, "西安市卫生健康委员会", 2022, "final_account"),  # p1 西安市卫生健康委员会（汇总） 2022年度部门决算
    (XR, "西安市人力资源和社会保障局", 2020, "budget"),  # p1 西安市人力资源和社会保障局 2020 年部门综合预算
    (XJ, "西安市司法局", 2026, "budget"),  # p1 西安市司法局（汇总） 2026年部门预算公开说明
    (XW, "西安市安全生产监督管理局", 2019, "budget"),  # p1 2019年部门综合预算公开报表 部门名称：…
    (YT, "烟台市财政局", 2026, "budget"),  # p1 2026年烟台市财政局部门预算
    # p1 长沙市财政项目支出绩效评价报告 / 评价项目名称：2020 年度长沙市人民政府国有资产监督管理委员会
    # 国企改革稳定专项资金绩效评价 / 评价项目单位：长沙市人民政府国有资产监督管理委员会
    (CS, "长沙市人民政府国有资产监督管理委员会", 2020, "performance"),
])
def test_document_metadata(corpus_wh, doc_ids, f, unit, year, doc_type):
    row = corpus_wh.execute(
        "SELECT unit_name, fiscal_year, doc_type, status FROM marts.dim_document "
        "WHERE document_id = ?", [doc_ids[f]]).fetchone()
    assert row == (unit, year, doc_type, "landed"), (f, row)


@pytest.mark.parametrize("f", [XF, XH, XR, XJ, XW, YT])
def test_department_documents_have_department_scope(corpus_wh, doc_ids, f):
    """All six are 部门 documents consolidating the department's units (Xi'an's say （汇总） or list
    the units in their tables; Yantai's p7: 部门预算包括：局机关预算、局属事业单位预算)."""
    got = corpus_wh.execute("SELECT scope FROM marts.dim_document WHERE document_id = ?",
                            [doc_ids[f]]).fetchone()[0]
    assert got == "department"


CORE = {"income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "three_public"}
# every document with tables prints all seven core tables (pages checked one by one):
#   XF p25 p26 p27 p28 p29 p35 p43; XH p146 p147 p150 p153 p154 p157 p161;
#   XR p29 p30 p31 p32 p33 p39 p49; XJ p30 p31 p32 p33 p34 p40 p49; XW p3 p4 p5 p6 p7 p19 p32;
#   YT p10 p11 p13 p15 p17 p19 p21. The evaluation report prints none.
EXPECTED_KINDS = {
    XF: CORE | {"general_budget_expenditure_economic",  # p31 表6
                "government_fund",  # p37 表9 (目录: 是 不涉及)
                "procurement"},  # p41 表12 政府采购（资产配置、购买服务）预算表
    XH: CORE | {"government_fund",  # p159 公开07表
                "state_capital"},  # p160 公开08表 (empty)
    XR: CORE | {"general_budget_expenditure_economic",  # p35 表6
                "government_fund",  # p41 表9 2020年部门综合预算政府性基金收支总表 (zeros)
                "procurement"},  # p46 表12
    XJ: CORE | {"general_budget_expenditure_economic",  # p36 表6
                "government_fund",  # p42 表9
                "procurement"},  # p47 表12
    XW: CORE | {"general_budget_expenditure_economic",  # p10 表6
                "government_fund",  # p24 表9 (目录: 是 本单位无政府性基金预算)
                "procurement"},  # p30 表12
    YT: CORE | {"government_fund",  # p22 公开表8 (注：…没有使用政府性基金预算拨款安排的支出)
                "state_capital",  # p23 公开表9
                "project_expenditure",  # p26 公开表11 项目支出预算情况表
                "procurement"},  # p27 公开表12 政府采购预算表
}


@pytest.mark.parametrize("f", [XF, XH, XR, XJ, XW, YT])
def test_core_tables_are_found(corpus_wh, doc_ids, f):
    kinds = {r[0] for r in corpus_wh.execute(
        "SELECT table_kind FROM marts.fct_table WHERE document_id = ?", [doc_ids[f]]).fetchall()}
    expected = EXPECTED_KINDS[f]
    assert expected <= kinds, expected - kinds


def test_evaluation_report_prints_no_core_table(corpus_wh, doc_ids):
    """The 2020 项目支出绩效评价报告 is prose with a 项目支出情况表 (预算批复/预算到位/实际执行, p7-p8) and no
    standard budget table: it lands as a performance document with none of the core kinds."""
    doc = doc_ids[CS]
    kinds = {r[0] for r in corpus_wh.execute(
        "SELECT table_kind FROM marts.fct_table WHERE document_id = ?", [doc]).fetchall()}
    assert not (kinds & CORE), kinds & CORE
    n = corpus_wh.execute(
        "SELECT count(*) FROM marts.fct_line_item WHERE document_id = ? AND table_kind IN "
        f"({', '.join('?' * len(CORE))})", [doc, *sorted(CORE)]).fetchone()[0]
    assert n == 0


@pytest.mark.parametrize("f,kind,page", [
    (XF, "government_fund", 37),  # 表9: headers and labels only (目录 p24: 是 不涉及)
    (XJ, "government_fund", 42),  # 表9 (目录 p29: 是 不涉及)
    (XW, "government_fund", 24),  # 表9 (目录 p2: 是 本单位无政府性基金预算)
    (XH, "state_capital", 160),  # 公开08表: 合计 only (目录 p145: 是 本部门不涉及故公开空表)
    (YT, "government_fund", 22),  # 公开表8 （注：2026年没有使用政府性基金预算拨款安排的支出。）
    (YT, "state_capital", 23),  # 公开表9 （注：2026年没有使用国有资本经营预算拨款安排的支出。）
])
def test_empty_tables_are_present_and_empty(corpus_wh, doc_ids, f, kind, page):
    rows = corpus_wh.execute(
        "SELECT is_empty FROM marts.fct_table WHERE document_id = ? AND table_kind = ? "
        "AND page_from = ?", [doc_ids[f], kind, page]).fetchall()
    assert rows and all(r[0] for r in rows), rows


# Every money figure printed on the final account's two-sided summaries, read from the rendered
# pages. 行次 (1…64) sit in their own columns beside the labels and are no amounts: the set of
# amounts landed from each page must be exactly the set printed there.
XH_PRINTED = {
    # p146 公开01表 收入支出决算总表
    146: ("income_expenditure_summary", {
        "296030.91", "509220.66", "1110972.11", "98870.55", "2015094.22", "465278.48",
        "2480372.70", "56.00", "5590.29", "14994.95", "1474833.23", "11435.91", "568051.63",
        "2074962.01", "6374.88", "399035.80"}),
    # p153 公开04表 财政拨款收入支出决算总表
    153: ("fiscal_summary", {
        "296030.91", "509220.66", "805251.56", "58926.37", "95.39", "58830.98", "864177.93",
        "56.00", "4902.65", "10657.37", "271800.87", "8630.85", "568051.63", "864099.38",
        "296047.75", "78.55", "296126.29"}),
}


@pytest.mark.parametrize("page", sorted(XH_PRINTED))
def test_final_account_line_numbers_are_not_amounts(corpus_wh, doc_ids, page):
    kind, printed = XH_PRINTED[page]
    got = {r[0] for r in corpus_wh.execute(
        "SELECT amount_wan FROM marts.fct_line_item WHERE document_id = ? AND table_kind = ? "
        "AND page_number = ?", [doc_ids[XH], kind, page]).fetchall()}
    assert got == {D(x) for x in printed}, (sorted(got - {D(x) for x in printed}),
                                            sorted({D(x) for x in printed} - got))
