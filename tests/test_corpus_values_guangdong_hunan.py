"""End to end on the Guangdong and Hunan PDFs of ../shared/corpus: `govbudget ingest` → marts.

Every expected value below was read by hand from the PDF page itself (pdfplumber's text of the
page, or the page rendered to an image where the column order needed it), never from the warehouse
or the parser's output. The comment of each row names the page and the printed table. All these
documents print their tables in 万元.

HAND_READ rows are (file, page, table_kind, subject_code / economic_code, item_name, measure, side,
expected 万元): the line item must exist on that page with that amount (and no other amount).
UNIT_ROWS add the unit a row belongs to in a multi-unit table (marts.fct_line_item.unit_name):
(file, page, table_kind, code, item_name, measure, side, unit_name, expected 万元).

Reading choices made here (DOMAIN.md's rules applied to these templates):
- A summary's only amount column (预算, 本年预算, 2026年预算数, 决算数, 金额) is `total`.
- Shenzhen's 收支总表 / 财政拨款收支总表 print the 类/款/项 names without codes: the 类 lines are
  pinned by code (mapped by name), 款/项 lines by name only.
- Shenzhen's 基本支出总表 (表4) is the basic spending by economic class: `basic_expenditure_economic`;
  its 一般公共预算支出表（按经济分类）(表8) is `general_budget_expenditure_economic`; 项目支出总表 (表5)
  and the Guangzhou/Zhuhai 部门预算项目支出及其他支出预算表 (表12) are `project_expenditure`.
- Shenzhen's 三公 table (表9) prints, per unit, a 2025年 row, a 2026年 row and 增减变化金额, each split by
  一般公共预算 / 政府性基金预算 / 国有资本经营预算: the 2026年 一般公共预算 figure is `general_budget`
  (the 2025年 row is the prior year's and must not land as this year's `general_budget`).
- Hunan's 一般公共预算基本支出情况表 columns 总计 / 人员类 / 公用经费 are total / personnel / public_funds;
  its 收入总体情况表 column 本级财政拨款 金额 is `fiscal_appropriation` (其中:经费拨款 is left unpinned).
- Hunan prints codes in 类/款/项 columns, the 款 line with its 款 digits only ("40 信访事务" under 201):
  the stored code is the full one (20140).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import CORPUS, line_item_amounts, sha256_of

pytestmark = pytest.mark.slow

D = Decimal

FS = "guangdong/foshan-rail-transit-bureau-2019-final-account.pdf"
GZJ = "guangdong/guangzhou-justice-bureau-2026-budget.pdf"
SZF = "guangdong/shenzhen-finance-bureau-2026-budget.pdf"
SZH = "guangdong/shenzhen-human-resources-bureau-2026-budget.pdf"
SZJ = "guangdong/shenzhen-justice-bureau-2026-budget.pdf"
SZB = "guangdong/shenzhen-planning-baoan-office-2026-budget.pdf"
ZHC = "guangdong/zhuhai-commerce-bureau-2026-budget.pdf"
ZHT = "guangdong/zhuhai-transport-works-centre-2026-budget.pdf"
CSX = "hunan/changsha-petitions-bureau-2026-budget.pdf"
CSG = "hunan/changsha-public-security-bureau-2025-budget.pdf"
CSV = "hunan/changsha-vocational-education-office-2026-budget.pdf"
ALL_FILES = [FS, GZJ, SZF, SZH, SZJ, SZB, ZHC, ZHT, CSX, CSG, CSV]


@pytest.fixture(scope="module")
def doc_ids():
    return {f: sha256_of(CORPUS / f) for f in ALL_FILES}


_INC, _EXP = "income", "expenditure"

# Shenzhen HR's units as printed in its tables (names wrapped over two lines in the cells)
HR_DEPT = "深圳市人力资源和社会保障局"
HR_SELF = "深圳市人力资源和社会保障局（本级）"
HR_DATA = "深圳市人力资源和社会保障数据管理中心"
HR_PCTC = "深圳鹏城技师学院"
HR_ARB = "深圳市劳动人事争议仲裁院"
HR_EMP = "深圳市公共就业服务中心"
HR_EXAM = "深圳市考试院"
HR_SIF_FT = "深圳市社会保险基金管理局福田分局"

# (file, page, table_kind, code, item_name, measure, side, expected 万元)
HAND_READ = [
    # --- 佛山市轨道交通局 2019 final account (万元; 行次/栏次 columns are no amounts) ---
    # p5 表1 收入支出决算总表: 一、一般公共预算财政拨款收入 (行次 1) 1668.14; 七、其他收入 (行次 7) 0.01
    (FS, 5, "income_expenditure_summary", None, "一、一般公共预算财政拨款收入", "total", _INC,
     "1668.14"),
    (FS, 5, "income_expenditure_summary", None, "七、其他收入", "total", _INC, "0.01"),
    # p5: 八、社会保障和就业支出 (行次 34) 76.23
    (FS, 5, "income_expenditure_summary", "208", None, "total", _EXP, "76.23"),
    # p6 (continued, header repeated): 十三、交通运输支出 (行次 39) 1531.04; 本年支出合计 1668.14
    (FS, 6, "income_expenditure_summary", "214", None, "total", _EXP, "1531.04"),
    (FS, 6, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "1668.14"),
    # p7 (continued): 年末结转和结余 (行次 51) 0.01
    (FS, 7, "income_expenditure_summary", None, "年末结转和结余", "total", _EXP, "0.01"),
    # p8 表2 收入决算表: 2140101 行政运行 本年收入合计 609.30 / 财政拨款收入 609.29 / 其他收入 0.01
    (FS, 8, "income_summary", "2140101", None, "total", None, "609.30"),
    (FS, 8, "income_summary", "2140101", None, "fiscal_appropriation", None, "609.29"),
    (FS, 8, "income_summary", "2140101", None, "other_income", None, "0.01"),
    # p9 (continued): 2210201 住房公积金 60.87
    (FS, 9, "income_summary", "2210201", None, "total", None, "60.87"),
    # p10 表3 支出决算表: 合计 基本支出 746.39; 2140102 一般行政管理事务 项目支出 905.60
    (FS, 10, "expenditure_summary", None, "合计", "basic", None, "746.39"),
    (FS, 10, "expenditure_summary", "2140102", None, "project", None, "905.60"),
    # p11 (continued): 2210201 住房公积金 基本支出 60.87
    (FS, 11, "expenditure_summary", "2210201", None, "basic", None, "60.87"),
    # p12 表4 财政拨款收入支出决算总表: 一、一般公共预算财政拨款 (收入, 金额) 1668.14;
    # 八、社会保障和就业支出 一般公共预算财政拨款 76.23
    (FS, 12, "fiscal_summary", None, "一、一般公共预算财政拨款", "total", _INC, "1668.14"),
    (FS, 12, "fiscal_summary", "208", None, "general_budget", _EXP, "76.23"),
    # p13 (continued): 十三、交通运输支出 合计 1531.04
    (FS, 13, "fiscal_summary", "214", None, "total", _EXP, "1531.04"),
    # p14 (continued): 总计 (收入) 1668.14
    (FS, 14, "fiscal_summary", None, "总计", "total", _INC, "1668.14"),
    # p15 表5 一般公共预算财政拨款支出决算表: 2140199 项目支出 16.15; 2080505 本年支出合计 53.45
    (FS, 15, "general_budget_expenditure", "2140199", None, "project", None, "16.15"),
    (FS, 15, "general_budget_expenditure", "2080505", None, "total", None, "53.45"),
    # p16 (continued, only line): 2210201 住房公积金 基本支出 60.87
    (FS, 16, "general_budget_expenditure", "2210201", None, "basic", None, "60.87"),
    # p17 表6 一般公共预算财政拨款基本支出决算表 (人员经费 | 公用经费 blocks): 30101 基本工资 301.79;
    # 30211 差旅费 23.94
    (FS, 17, "basic_expenditure_economic", "30101", None, "total", None, "301.79"),
    (FS, 17, "basic_expenditure_economic", "30211", None, "total", None, "23.94"),
    # p18 (continued): 30217 公务接待费 0.16; 30239 其他交通费用 16.19
    (FS, 18, "basic_expenditure_economic", "30217", None, "total", None, "0.16"),
    (FS, 18, "basic_expenditure_economic", "30239", None, "total", None, "16.19"),
    # p19 (continued): 31002 办公设备购置 2.54
    (FS, 19, "basic_expenditure_economic", "31002", None, "total", None, "2.54"),
    # p20 (continued): 人员经费合计 649.20; 公用经费合计 97.19
    (FS, 20, "basic_expenditure_economic", None, "人员经费合计", "total", None, "649.20"),
    (FS, 20, "basic_expenditure_economic", None, "公用经费合计", "total", None, "97.19"),
    # p21 表7 一般公共预算财政拨款“三公”经费支出决算表 (预算数 cols 1-6, 决算数 cols 7-12; rendered):
    # 公务接待费 预算数 0.00 / 决算数 0.16; 合计 决算数 0.16
    (FS, 21, "three_public", None, "公务接待费", "final", None, "0.16"),
    (FS, 21, "three_public", None, "公务接待费", "budget", None, "0.00"),
    (FS, 21, "three_public", None, "合计", "final", None, "0.16"),

    # --- 广州市司法局 2026 department budget (万元) ---
    # p7 表1 收支总体情况表: 一、预算拨款 174,177.85; 四、公共安全支出 103,761.37; 十九、住房保障支出 43,248.62
    (GZJ, 7, "income_expenditure_summary", None, "一、预算拨款", "total", _INC, "174177.85"),
    (GZJ, 7, "income_expenditure_summary", "204", None, "total", _EXP, "103761.37"),
    (GZJ, 7, "income_expenditure_summary", "221", None, "total", _EXP, "43248.62"),
    # p8 (continued, no title): 本年支出合计 174,177.85; 收入总计 174,177.85
    (GZJ, 8, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "174177.85"),
    (GZJ, 8, "income_expenditure_summary", None, "收入总计", "total", _INC, "174177.85"),
    # p9 表2 收入总体情况表 (rows are units): 合计 合计 174,177.85 / 一般公共预算 174,177.85
    (GZJ, 9, "income_summary", None, "合计", "total", None, "174177.85"),
    (GZJ, 9, "income_summary", None, "合计", "general_budget", None, "174177.85"),
    # p10 表3 本年支出总体情况表: 合计 基本支出 151,664.25; 2040601 行政运行 11,390.00; 20406 司法 项目 6,486.81
    (GZJ, 10, "expenditure_summary", None, "合计", "basic", None, "151664.25"),
    (GZJ, 10, "expenditure_summary", "2040601", None, "total", None, "11390.00"),
    (GZJ, 10, "expenditure_summary", "20406", None, "project", None, "6486.81"),
    # p11 (continued, header repeated): 2040701 行政运行 基本支出 33,703.50; 2080505 … 8,781.10
    (GZJ, 11, "expenditure_summary", "2040701", None, "basic", None, "33703.50"),
    (GZJ, 11, "expenditure_summary", "2080505", None, "total", None, "8781.10"),
    # p12 (continued): 2210203 购房补贴 33,269.54
    (GZJ, 12, "expenditure_summary", "2210203", None, "total", None, "33269.54"),
    # p13 表4 财政拨款收支总体情况表: 一、一般公共预算 174,177.85; 八、社会保障和就业支出 21,380.99
    (GZJ, 13, "fiscal_summary", None, "一、一般公共预算", "total", _INC, "174177.85"),
    (GZJ, 13, "fiscal_summary", "208", None, "total", _EXP, "21380.99"),
    # p14 (continued): 支出总计 174,177.85
    (GZJ, 14, "fiscal_summary", None, "支出总计", "total", _EXP, "174177.85"),
    # p15 表5 一般公共预算支出情况表（按功能分类科目） (codes printed "[2040699]"):
    # [2040699]其他司法支出 项目支出 3,014.96; [20407]监狱 小计 41,937.75
    (GZJ, 15, "general_budget_expenditure", "2040699", None, "project", None, "3014.96"),
    (GZJ, 15, "general_budget_expenditure", "20407", None, "total", None, "41937.75"),
    # p16 (continued): [2040899]其他强制隔离戒毒支出 项目支出 2,185.61
    (GZJ, 16, "general_budget_expenditure", "2040899", None, "project", None, "2185.61"),
    # p17 (continued): [2210201]住房公积金 基本支出 9,979.09
    (GZJ, 17, "general_budget_expenditure", "2210201", None, "basic", None, "9979.09"),
    # p18 表6 一般公共预算基本支出情况表（按经济分类科目） (one column 预算): 合计 151,664.25; [30101] 15,122.07
    (GZJ, 18, "basic_expenditure_economic", None, "合计", "total", None, "151664.25"),
    (GZJ, 18, "basic_expenditure_economic", "30101", None, "total", None, "15122.07"),
    # p19 (continued): [30217]公务接待费 12.20; [30302]退休费 18,184.83
    (GZJ, 19, "basic_expenditure_economic", "30217", None, "total", None, "12.20"),
    (GZJ, 19, "basic_expenditure_economic", "30302", None, "total", None, "18184.83"),
    # p22 表8 财政拨款安排的行政经费及“三公”经费预算表: 行政经费 合计 13,674.34;
    # （三）公务接待费支出 12.20; 1.公务用车购置费 一般公共预算 36.00
    (GZJ, 22, "three_public", None, "行政经费", "total", None, "13674.34"),
    (GZJ, 22, "three_public", None, "（三）公务接待费支出", "total", None, "12.20"),
    (GZJ, 22, "three_public", None, "1.公务用车购置费", "general_budget", None, "36.00"),

    # --- 深圳市财政局（本级） 2026 budget (万元; Shenzhen template) ---
    # p16 表1 收支总表: 一、财政拨款 36,989.05; 三、社会保障和就业支出 1,405.31; 行政单位离退休 (项, no code) 477.81
    (SZF, 16, "income_expenditure_summary", None, "一、财政拨款", "total", _INC, "36989.05"),
    (SZF, 16, "income_expenditure_summary", "208", None, "total", _EXP, "1405.31"),
    (SZF, 16, "income_expenditure_summary", None, "行政单位离退休", "total", _EXP, "477.81"),
    # p17 (continued): 六、金融支出 10,000.00
    (SZF, 17, "income_expenditure_summary", "217", None, "total", _EXP, "10000.00"),
    # p18 (continued): 本年支出合计 37,385.88; 上年结余、结转 396.83; 收入总计 37,385.88
    (SZF, 18, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "37385.88"),
    (SZF, 18, "income_expenditure_summary", None, "上年结余、结转", "total", _INC, "396.83"),
    (SZF, 18, "income_expenditure_summary", None, "收入总计", "total", _INC, "37385.88"),
    # p19 表2 收入总表 (one unit row): 收入总计 37,385.88; 一般公共预算拨款 36,989.05; 上年结余、结转 396.83
    (SZF, 19, "income_summary", None, None, "total", None, "37385.88"),
    (SZF, 19, "income_summary", None, None, "general_budget", None, "36989.05"),
    (SZF, 19, "income_summary", None, None, "carry_over", None, "396.83"),
    # p20 表3 支出总表: 2010602 一般行政管理事务 项目支出 11,732.23; 2010605 财政国库业务 1,585.88
    (SZF, 20, "expenditure_summary", "2010602", None, "project", None, "11732.23"),
    (SZF, 20, "expenditure_summary", "2010605", None, "total", None, "1585.88"),
    # p21 (continued): 2080505 机关事业单位基本养老保险缴费支出 626.55
    (SZF, 21, "expenditure_summary", "2080505", None, "total", None, "626.55"),
    # p22 (continued): 2170302 利息费用补贴支出 项目支出 10,000.00
    (SZF, 22, "expenditure_summary", "2170302", None, "project", None, "10000.00"),
    # p23 (continued, last line): 2210203 购房补贴 基本支出 2,220.22
    (SZF, 23, "expenditure_summary", "2210203", None, "basic", None, "2220.22"),
    # p24 表4 基本支出总表 (names, no codes): 工资福利支出 总计 8,490.42; 津贴补贴 一般公共预算拨款 3,976.95
    (SZF, 24, "basic_expenditure_economic", None, "工资福利支出", "total", None, "8490.42"),
    (SZF, 24, "basic_expenditure_economic", None, "津贴补贴", "general_budget", None, "3976.95"),
    # p25 (continued): 公务接待费 9.46
    (SZF, 25, "basic_expenditure_economic", None, "公务接待费", "total", None, "9.46"),
    # p26 (continued): 办公设备购置 4.00
    (SZF, 26, "basic_expenditure_economic", None, "办公设备购置", "total", None, "4.00"),
    # p27 表5 项目支出总表: 预决算管理业务 总计 18,808.16; 财政综合管理业务 上年结余、结转 55.37
    (SZF, 27, "project_expenditure", None, "预决算管理业务", "total", None, "18808.16"),
    (SZF, 27, "project_expenditure", None, "财政综合管理业务", "carry_over", None, "55.37"),
    # p28 表6 财政拨款收支总表: 1.一般公共预算拨款 36,989.05; 一、一般公共服务支出 20,563.76
    (SZF, 28, "fiscal_summary", None, "1.一般公共预算拨款", "total", _INC, "36989.05"),
    (SZF, 28, "fiscal_summary", "201", None, "total", _EXP, "20563.76"),
    # p29 (continued): 五、农林水支出 2,000.00; 本年支出合计 37,385.88
    (SZF, 29, "fiscal_summary", "213", None, "total", _EXP, "2000.00"),
    (SZF, 29, "fiscal_summary", None, "本年支出合计", "total", _EXP, "37385.88"),
    # p30 (continued): 收入总计 37,385.88
    (SZF, 30, "fiscal_summary", None, "收入总计", "total", _INC, "37385.88"),
    # p31 表7 一般公共预算支出表（按功能分类）: 2010605 项目支出 1,585.88
    (SZF, 31, "general_budget_expenditure", "2010605", None, "project", None, "1585.88"),
    # p32 (continued): 2130899 其他普惠金融发展支出 2,000.00
    (SZF, 32, "general_budget_expenditure", "2130899", None, "total", None, "2000.00"),
    # p33 (continued): 2210201 住房公积金 基本支出 641.13
    (SZF, 33, "general_budget_expenditure", "2210201", None, "basic", None, "641.13"),
    # p34 表8 一般公共预算支出表（按经济分类）: 30201 办公费 项目支出 87.00
    (SZF, 34, "general_budget_expenditure_economic", "30201", None, "project", None, "87.00"),
    # p36 (continued): 30227 委托业务费 支出总计 8,749.68
    (SZF, 36, "general_budget_expenditure_economic", "30227", None, "total", None, "8749.68"),
    # p37 (continued): 31205 利息补贴 项目支出 10,000.00
    (SZF, 37, "general_budget_expenditure_economic", "31205", None, "project", None, "10000.00"),
    # p38 表9 财政拨款“三公”经费支出表 (rendered): 2026年 总计/一般公共预算 58.46 (2025年 59.66);
    # 公务用车运行维护费 2026年 7.40 (2025年 8.60)
    (SZF, 38, "three_public", None, "总计", "general_budget", None, "58.46"),
    (SZF, 38, "three_public", None, "公务用车运行维护费", "general_budget", None, "7.40"),

    # --- 深圳市人力资源和社会保障局 2026 department budget (万元; 21 units; see UNIT_ROWS too) ---
    # p57 表1 收支总表: 一、财政拨款 533,162.27; 二、财政专户管理资金 14,501.08
    (SZH, 57, "income_expenditure_summary", None, "一、财政拨款", "total", _INC, "533162.27"),
    (SZH, 57, "income_expenditure_summary", None, "二、财政专户管理资金", "total", _INC, "14501.08"),
    # p58 (continued): 三、社会保障和就业支出 129,029.58
    (SZH, 58, "income_expenditure_summary", "208", None, "total", _EXP, "129029.58"),
    # p60 (continued): 本年支出合计 571,347.93; 上年结余、结转 9,742.42
    (SZH, 60, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "571347.93"),
    (SZH, 60, "income_expenditure_summary", None, "上年结余、结转", "total", _INC, "9742.42"),
    # p61 (continued): 收入总计 571,347.93
    (SZH, 61, "income_expenditure_summary", None, "收入总计", "total", _INC, "571347.93"),
    # p160 表6 财政拨款收支总表: 财政拨款 533,162.27; 三、社会保障和就业支出 112,679.99
    (SZH, 160, "fiscal_summary", None, "财政拨款", "total", _INC, "533162.27"),
    (SZH, 160, "fiscal_summary", "208", None, "total", _EXP, "112679.99"),
    # p163 (continued): 本年支出合计 535,744.34; 收入总计 535,744.34
    (SZH, 163, "fiscal_summary", None, "本年支出合计", "total", _EXP, "535744.34"),
    (SZH, 163, "fiscal_summary", None, "收入总计", "total", _INC, "535744.34"),

    # --- 深圳市司法局（本级） 2026 budget (万元) ---
    # p19 表1 收支总表: 一、财政拨款 21,785.37; 一、公共安全支出 16,506.29; 律师管理 (项) 2,428.68
    (SZJ, 19, "income_expenditure_summary", None, "一、财政拨款", "total", _INC, "21785.37"),
    (SZJ, 19, "income_expenditure_summary", "204", None, "total", _EXP, "16506.29"),
    (SZJ, 19, "income_expenditure_summary", None, "律师管理", "total", _EXP, "2428.68"),
    # p20 (continued): 三、社会保障和就业支出 1,718.26
    (SZJ, 20, "income_expenditure_summary", "208", None, "total", _EXP, "1718.26"),
    # p21 (continued): 本年支出合计 21,796.12; 上年结余、结转 10.75
    (SZJ, 21, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "21796.12"),
    (SZJ, 21, "income_expenditure_summary", None, "上年结余、结转", "total", _INC, "10.75"),
    # p22 表2 收入总表: 收入总计 21,796.12; 上年结余、结转 10.75
    (SZJ, 22, "income_summary", None, None, "total", None, "21796.12"),
    (SZJ, 22, "income_summary", None, None, "carry_over", None, "10.75"),
    # p23 表3 支出总表: 2040606 律师管理 项目支出 2,428.68; 2040601 行政运行 基本支出 8,752.37
    (SZJ, 23, "expenditure_summary", "2040606", None, "project", None, "2428.68"),
    (SZJ, 23, "expenditure_summary", "2040601", None, "basic", None, "8752.37"),
    # p24 (continued): 2040613 信息化建设 项目支出 10.75
    (SZJ, 24, "expenditure_summary", "2040613", None, "project", None, "10.75"),
    # p25 (continued): 2210203 购房补贴 2,305.00
    (SZJ, 25, "expenditure_summary", "2210203", None, "total", None, "2305.00"),
    # p26 表4 基本支出总表: 其他工资福利支出 2,881.78
    (SZJ, 26, "basic_expenditure_economic", None, "其他工资福利支出", "total", None, "2881.78"),
    # p27 (continued): 公务用车运行维护费 18.10; 退休费 1,290.00
    (SZJ, 27, "basic_expenditure_economic", None, "公务用车运行维护费", "total", None, "18.10"),
    (SZJ, 27, "basic_expenditure_economic", None, "退休费", "total", None, "1290.00"),
    # p28 表5 项目支出总表: 公共法律服务 3,493.83
    (SZJ, 28, "project_expenditure", None, "公共法律服务", "total", None, "3493.83"),
    # p29 (continued, one line): 政务信息化项目（运行维护服务） 上年结余、结转 10.75
    (SZJ, 29, "project_expenditure", None, None, "carry_over", None, "10.75"),
    # p30 表6 财政拨款收支总表: 1.一般公共预算拨款 21,785.37; 一、公共安全支出 16,506.29
    (SZJ, 30, "fiscal_summary", None, "1.一般公共预算拨款", "total", _INC, "21785.37"),
    (SZJ, 30, "fiscal_summary", "204", None, "total", _EXP, "16506.29"),
    # p31 (continued): 五、住房保障支出 3,154.00
    (SZJ, 31, "fiscal_summary", "221", None, "total", _EXP, "3154.00"),
    # p32 (continued): 支出总计 21,796.12
    (SZJ, 32, "fiscal_summary", None, "支出总计", "total", _EXP, "21796.12"),
    # p33 表7 一般公共预算支出表（按功能分类）: 2040612 法治建设 项目支出 2,059.37
    (SZJ, 33, "general_budget_expenditure", "2040612", None, "project", None, "2059.37"),
    # p34 (continued): 2040699 其他司法支出 项目支出 20.15
    (SZJ, 34, "general_budget_expenditure", "2040699", None, "project", None, "20.15"),
    # p35 (continued): 2210203 购房补贴 基本支出 2,305.00
    (SZJ, 35, "general_budget_expenditure", "2210203", None, "basic", None, "2305.00"),
    # p37 表8 一般公共预算支出表（按经济分类）: 30224 被装购置费 项目支出 320.00
    (SZJ, 37, "general_budget_expenditure_economic", "30224", None, "project", None, "320.00"),
    # p38 (continued): 30399 其他对个人和家庭的补助 1,137.60
    (SZJ, 38, "general_budget_expenditure_economic", "30399", None, "total", None, "1137.60"),
    # p39 表9 “三公”经费支出表: 2026年 总计 103.23 (2025年 97.23); 公务接待费 5.13
    (SZJ, 39, "three_public", None, "总计", "general_budget", None, "103.23"),
    (SZJ, 39, "three_public", None, "公务接待费", "general_budget", None, "5.13"),

    # --- 深圳市规划和自然资源局宝安管理局 2026 budget (万元) ---
    # p14 表1 收支总表: 2.政府性基金预算拨款 266.00; 5.其他收入 3,065.40; 三、城乡社区支出 3,388.40
    (SZB, 14, "income_expenditure_summary", None, "2.政府性基金预算拨款", "total", _INC, "266.00"),
    (SZB, 14, "income_expenditure_summary", None, "5.其他收入", "total", _INC, "3065.40"),
    (SZB, 14, "income_expenditure_summary", "212", None, "total", _EXP, "3388.40"),
    # p15 (continued): 五、自然资源海洋气象等支出 4,983.00
    (SZB, 15, "income_expenditure_summary", "220", None, "total", _EXP, "4983.00"),
    # p16 (continued): 七、灾害防治及应急管理支出 20.00; 本年收入合计 11,113.21
    (SZB, 16, "income_expenditure_summary", "224", None, "total", _EXP, "20.00"),
    (SZB, 16, "income_expenditure_summary", None, "本年收入合计", "total", _INC, "11113.21"),
    # p17 表2 收入总表: 政府性基金预算拨款 266.00; 其他收入 3,065.40; 收入总计 11,113.21
    (SZB, 17, "income_summary", None, None, "government_fund", None, "266.00"),
    (SZB, 17, "income_summary", None, None, "other_income", None, "3065.40"),
    (SZB, 17, "income_summary", None, None, "total", None, "11113.21"),
    # p18 表3 支出总表: 2080505 … 304.00
    (SZB, 18, "expenditure_summary", "2080505", None, "total", None, "304.00"),
    # p19 (continued): 2120109 住宅建设与房地产市场监管 项目支出 3,122.40
    (SZB, 19, "expenditure_summary", "2120109", None, "project", None, "3122.40"),
    # p20 (continued): 220 (name wraps) 4,983.00; 2200129 基础测绘与地理信息监管 项目支出 92.37
    (SZB, 20, "expenditure_summary", "220", None, "total", None, "4983.00"),
    (SZB, 20, "expenditure_summary", "2200129", None, "project", None, "92.37"),
    # p21 (continued): 2240601 地质灾害防治 项目支出 20.00
    (SZB, 21, "expenditure_summary", "2240601", None, "project", None, "20.00"),
    # p22 表4 基本支出总表: 津贴补贴 1,856.00
    (SZB, 22, "basic_expenditure_economic", None, "津贴补贴", "total", None, "1856.00"),
    # p23 (continued): 物业管理费 390.02; 公务用车购置 12.00
    (SZB, 23, "basic_expenditure_economic", None, "物业管理费", "total", None, "390.02"),
    (SZB, 23, "basic_expenditure_economic", None, "公务用车购置", "total", None, "12.00"),
    # p24 表5 项目支出总表: 土地出让业务支出 政府性基金预算拨款 266.00; 区财政安排项目 其他收入 3,065.40
    (SZB, 24, "project_expenditure", None, "土地出让业务支出", "government_fund", None, "266.00"),
    (SZB, 24, "project_expenditure", None, "区财政安排项目", "other_income", None, "3065.40"),
    # p26 表6 财政拨款收支总表: 2.政府性基金预算拨款 266.00; 三、城乡社区支出 323.00 (not 3,388.40)
    (SZB, 26, "fiscal_summary", None, "2.政府性基金预算拨款", "total", _INC, "266.00"),
    (SZB, 26, "fiscal_summary", "212", None, "total", _EXP, "323.00"),
    # p28 (continued): 支出总计 8,047.81
    (SZB, 28, "fiscal_summary", None, "支出总计", "total", _EXP, "8047.81"),
    # p29 表7 一般公共预算支出表（按功能分类）: 2120109 项目支出 57.00
    (SZB, 29, "general_budget_expenditure", "2120109", None, "project", None, "57.00"),
    # p30 (continued): 2200102 一般行政管理事务 项目支出 1,439.00
    (SZB, 30, "general_budget_expenditure", "2200102", None, "project", None, "1439.00"),
    # p33 表8 一般公共预算支出表（按经济分类）: 30226 劳务费 项目支出 1,308.53
    (SZB, 33, "general_budget_expenditure_economic", "30226", None, "project", None, "1308.53"),
    # p35 表9 “三公”经费支出表: 2026年 公务用车购置费 12.00 (2025年 0.00); 总计 17.20 (2025年 5.60)
    (SZB, 35, "three_public", None, "公务用车购置费", "general_budget", None, "12.00"),
    (SZB, 35, "three_public", None, "总计", "general_budget", None, "17.20"),
    # p36 表10 政府性基金预算支出表: 2120806 土地出让业务支出 项目支出 266.00
    (SZB, 36, "government_fund", "2120806", None, "project", None, "266.00"),

    # --- 珠海市商务局 2026 department budget (万元; 3 units) ---
    # p6 表1 收支总体情况表: 一、预算拨款 46,402.33; 五、其他收入 1.64; 十五、商业服务业等支出 20,904.83
    (ZHC, 6, "income_expenditure_summary", None, "一、预算拨款", "total", _INC, "46402.33"),
    (ZHC, 6, "income_expenditure_summary", None, "五、其他收入", "total", _INC, "1.64"),
    (ZHC, 6, "income_expenditure_summary", "216", None, "total", _EXP, "20904.83"),
    # p7 (continued): 上年结转结余 19,904.01; 本年支出合计 66,307.98
    (ZHC, 7, "income_expenditure_summary", None, "上年结转结余", "total", _INC, "19904.01"),
    (ZHC, 7, "income_expenditure_summary", None, "本年支出合计", "total", _EXP, "66307.98"),
    # p8 表2 收入总体情况表 (rendered): 合计 66,307.98 / 其他收入 1.64 / 上年结转结余 19,904.01
    (ZHC, 8, "income_summary", None, "合计", "total", None, "66307.98"),
    (ZHC, 8, "income_summary", None, "合计", "other_income", None, "1.64"),
    (ZHC, 8, "income_summary", None, "合计", "carry_over", None, "19904.01"),
    # p9 表3 本年支出总体情况表: 合计 基本支出 7,519.44; 2011399 其他商贸事务支出 项目支出 25,713.45
    (ZHC, 9, "expenditure_summary", None, "合计", "basic", None, "7519.44"),
    (ZHC, 9, "expenditure_summary", "2011399", None, "project", None, "25713.45"),
    # p10 (continued): 2159802 制造业 项目支出 97.80; 2169999 其他商业服务业等支出 18,788.79
    (ZHC, 10, "expenditure_summary", "2159802", None, "project", None, "97.80"),
    (ZHC, 10, "expenditure_summary", "2169999", None, "total", None, "18788.79"),
    # p11 表4 财政拨款收支总体情况表: 一、一般公共预算 46,402.33; 一、一般公共服务支出 41,350.29;
    # 十五、商业服务业等支出 2,500.00
    (ZHC, 11, "fiscal_summary", None, "一、一般公共预算", "total", _INC, "46402.33"),
    (ZHC, 11, "fiscal_summary", "201", None, "total", _EXP, "41350.29"),
    (ZHC, 11, "fiscal_summary", "216", None, "total", _EXP, "2500.00"),
    # p12 (continued): 支出总计 46,402.33
    (ZHC, 12, "fiscal_summary", None, "支出总计", "total", _EXP, "46402.33"),
    # p13 表5 一般公共预算支出情况表: 合计 基本支出 7,517.32; [2011399] 项目支出 24,909.72
    (ZHC, 13, "general_budget_expenditure", None, "合计", "basic", None, "7517.32"),
    (ZHC, 13, "general_budget_expenditure", "2011399", None, "project", None, "24909.72"),
    # p14 (continued): [2169999]其他商业服务业等支出 2,500.00
    (ZHC, 14, "general_budget_expenditure", "2169999", None, "total", None, "2500.00"),
    # p15 表6 一般公共预算基本支出情况表: [30102]津贴补贴 2,532.78; [30217]公务接待费 6.64
    (ZHC, 15, "basic_expenditure_economic", "30102", None, "total", None, "2532.78"),
    (ZHC, 15, "basic_expenditure_economic", "30217", None, "total", None, "6.64"),
    # p16 (continued): [30302]退休费 1,744.91
    (ZHC, 16, "basic_expenditure_economic", "30302", None, "total", None, "1744.91"),
    # p18 表8 行政经费及“三公”经费预算表: 行政经费 10,884.55; （三）公务接待费支出 6.64
    (ZHC, 18, "three_public", None, "行政经费", "total", None, "10884.55"),
    (ZHC, 18, "three_public", None, "（三）公务接待费支出", "total", None, "6.64"),
    # p22 表12 部门预算项目支出及其他支出预算表: 口岸现场水电费 6,905.22
    (ZHC, 22, "project_expenditure", None, "口岸现场水电费", "total", None, "6905.22"),

    # --- 珠海市政府投资交通市政项目工务中心 2026 budget (万元) ---
    # p4 表1 收支总体情况表: 一、预算拨款 7,552.81; 十一、城乡社区支出 7,552.92
    (ZHT, 4, "income_expenditure_summary", None, "一、预算拨款", "total", _INC, "7552.81"),
    (ZHT, 4, "income_expenditure_summary", "212", None, "total", _EXP, "7552.92"),
    # p5 (continued): 本年收入合计 7,552.81; 上年结转结余 0.11; 收入总计 7,552.92
    (ZHT, 5, "income_expenditure_summary", None, "本年收入合计", "total", _INC, "7552.81"),
    (ZHT, 5, "income_expenditure_summary", None, "上年结转结余", "total", _INC, "0.11"),
    (ZHT, 5, "income_expenditure_summary", None, "收入总计", "total", _INC, "7552.92"),
    # p6 表2 收入总体情况表: 合计 7,552.92 / 一般公共预算 736.81 / 政府性基金预算 6,816.00 / 上年结转结余 0.11
    (ZHT, 6, "income_summary", None, "合计", "total", None, "7552.92"),
    (ZHT, 6, "income_summary", None, "合计", "general_budget", None, "736.81"),
    (ZHT, 6, "income_summary", None, "合计", "government_fund", None, "6816.00"),
    (ZHT, 6, "income_summary", None, "合计", "carry_over", None, "0.11"),
    # p7 表3 本年支出总体情况表: 2120106 工程建设管理 项目支出 736.92; 2129801 城乡社区公共设施 6,816.00
    (ZHT, 7, "expenditure_summary", "2120106", None, "project", None, "736.92"),
    (ZHT, 7, "expenditure_summary", "2129801", None, "total", None, "6816.00"),
    # p8 表4 财政拨款收支总体情况表: 二、政府性基金预算 6,816.00; 十一、城乡社区支出 7,552.81
    (ZHT, 8, "fiscal_summary", None, "二、政府性基金预算", "total", _INC, "6816.00"),
    (ZHT, 8, "fiscal_summary", "212", None, "total", _EXP, "7552.81"),
    # p9 (continued): 收入总计 7,552.81
    (ZHT, 9, "fiscal_summary", None, "收入总计", "total", _INC, "7552.81"),
    # p10 表5 一般公共预算支出情况表: 合计 736.81; [2120106]工程建设管理 项目支出 736.81
    (ZHT, 10, "general_budget_expenditure", None, "合计", "total", None, "736.81"),
    (ZHT, 10, "general_budget_expenditure", "2120106", None, "project", None, "736.81"),
    # p15 表9 政府性基金预算支出情况表: 合计 6,816.00; 2129801 项目支出 6,816.00
    (ZHT, 15, "government_fund", None, "合计", "total", None, "6816.00"),
    (ZHT, 15, "government_fund", "2129801", None, "project", None, "6816.00"),
    # p18 表12 部门预算项目支出及其他支出预算表: 公益二类事业人员工资 691.81
    (ZHT, 18, "project_expenditure", None, "公益二类事业人员工资", "total", None, "691.81"),

    # --- 长沙市信访局 2026 budget (万元; codes in 类/款/项 columns) ---
    # p12 2026年部门收支总体情况表: 一、本级财政拨款收入 1,935.36; 一、基本支出 1,517.95; 二、项目支出 417.41;
    # 收 入 总 计 1,935.36
    (CSX, 12, "income_expenditure_summary", None, "一、本级财政拨款收入", "total", _INC, "1935.36"),
    (CSX, 12, "income_expenditure_summary", None, "一、基本支出", "total", _EXP, "1517.95"),
    (CSX, 12, "income_expenditure_summary", None, "二、项目支出", "total", _EXP, "417.41"),
    (CSX, 12, "income_expenditure_summary", None, "收入总计", "total", _INC, "1935.36"),
    # p13 2026年部门收入总体情况表 (rendered): 201 40 01 行政运行 合计 1,517.95; 201 40 04 信访业务
    # 本级财政拨款/金额 417.41; "40 信访事务" (款 column only) 1,935.36; 合计 1,935.36
    (CSX, 13, "income_summary", "2014001", None, "total", None, "1517.95"),
    (CSX, 13, "income_summary", "2014004", None, "fiscal_appropriation", None, "417.41"),
    (CSX, 13, "income_summary", "20140", None, "total", None, "1935.36"),
    (CSX, 13, "income_summary", None, "合计", "total", None, "1935.36"),
    # p14 2026年部门支出总体情况表: 2014004 项目支出 417.41; 合计 基本支出 1,517.95; 201 总计 1,935.36
    (CSX, 14, "expenditure_summary", "2014004", None, "project", None, "417.41"),
    (CSX, 14, "expenditure_summary", None, "合计", "basic", None, "1517.95"),
    (CSX, 14, "expenditure_summary", "201", None, "total", None, "1935.36"),
    # p15 2026年财政拨款收支总体情况表: 1、一般公共预算拨款收入 1,935.36; 1、一般公共服务支出 一般公共预算 1,935.36
    (CSX, 15, "fiscal_summary", None, "1、一般公共预算拨款收入", "total", _INC, "1935.36"),
    (CSX, 15, "fiscal_summary", "201", None, "general_budget", _EXP, "1935.36"),
    # p16 (continued): 收 入 总 计 1,935.36
    (CSX, 16, "fiscal_summary", None, "收入总计", "total", _INC, "1935.36"),
    # p17 2026年一般公共预算支出情况表: 2014001 基本支出 1,517.95; 2014004 项目支出 417.41
    (CSX, 17, "general_budget_expenditure", "2014001", None, "basic", None, "1517.95"),
    (CSX, 17, "general_budget_expenditure", "2014004", None, "project", None, "417.41"),
    # p18 2026年一般公共预算基本支出情况表 (总计 | 人员类 | 公用经费): 30103 奖金 人员类 334.66;
    # 合计 公用经费 122.98; 302 商品和服务支出 人员类 48.80
    (CSX, 18, "basic_expenditure_economic", "30103", None, "personnel", None, "334.66"),
    (CSX, 18, "basic_expenditure_economic", None, "合计", "public_funds", None, "122.98"),
    (CSX, 18, "basic_expenditure_economic", "302", None, "personnel", None, "48.80"),
    # p19 (continued): 30228 工会经费 10.92 | 6.18; 30239 其他交通费用 公用经费 0.84
    (CSX, 19, "basic_expenditure_economic", "30228", None, "personnel", None, "10.92"),
    (CSX, 19, "basic_expenditure_economic", "30228", None, "public_funds", None, "6.18"),
    (CSX, 19, "basic_expenditure_economic", "30239", None, "public_funds", None, "0.84"),
    # p20 2026年一般公共预算“三公”经费支出情况表 (rendered; rows 合计 and 长沙市信访局 alike):
    # 小计 8.00; 公务接待费 3.00; 公务用车购置及运行费 5.00 (因公出国（境）费 blank)
    (CSX, 20, "three_public", None, "小计", "total", None, "8.00"),
    (CSX, 20, "three_public", None, "公务接待费", "total", None, "3.00"),
    (CSX, 20, "three_public", None, "公务用车购置及运行费", "total", None, "5.00"),

    # --- 长沙市公安局 2025 budget (万元) ---
    # p13 2025年部门收支总体情况表: 一、本级财政拨款收入 68,632.12; 一、基本支出 28,398.17;
    # 二、项目支出 40,233.95; 支 出 总 计 68,632.12
    (CSG, 13, "income_expenditure_summary", None, "一、本级财政拨款收入", "total", _INC, "68632.12"),
    (CSG, 13, "income_expenditure_summary", None, "一、基本支出", "total", _EXP, "28398.17"),
    (CSG, 13, "income_expenditure_summary", None, "二、项目支出", "total", _EXP, "40233.95"),
    (CSG, 13, "income_expenditure_summary", None, "支出总计", "total", _EXP, "68632.12"),
    # p14 2025年部门收入总体情况表: 204 02 02 一般行政管理事务 合计 36,490.02 / 金额 36,490.02
    # (其中:经费拨款 18,228.51); "02 公安" 68,629.12; 201 11 99 其他纪检监察事务支出 3.00
    (CSG, 14, "income_summary", "2040202", None, "total", None, "36490.02"),
    (CSG, 14, "income_summary", "2040202", None, "fiscal_appropriation", None, "36490.02"),
    (CSG, 14, "income_summary", "20402", None, "total", None, "68629.12"),
    (CSG, 14, "income_summary", "2011199", None, "total", None, "3.00"),
    # p15 2025年部门支出总体情况表: 2040220 执法办案 项目支出 1,740.93; 204 基本支出 28,398.17;
    # 合计 项目支出 40,233.95
    (CSG, 15, "expenditure_summary", "2040220", None, "project", None, "1740.93"),
    (CSG, 15, "expenditure_summary", "204", None, "basic", None, "28398.17"),
    (CSG, 15, "expenditure_summary", None, "合计", "project", None, "40233.95"),
    # p16 2025年财政拨款收支总体情况表: 1、一般公共预算拨款收入 68,632.12; 3、公共安全支出 一般公共预算
    # 68,629.12; 1、一般公共服务支出 合计 3.00
    (CSG, 16, "fiscal_summary", None, "1、一般公共预算拨款收入", "total", _INC, "68632.12"),
    (CSG, 16, "fiscal_summary", "204", None, "general_budget", _EXP, "68629.12"),
    (CSG, 16, "fiscal_summary", "201", None, "total", _EXP, "3.00"),
    # p17 (continued): 收 入 总 计 68,632.12
    (CSG, 17, "fiscal_summary", None, "收入总计", "total", _INC, "68632.12"),
    # p18 2025年一般公共预算支出情况表 (rows not in code order): 2040219 信息化建设 项目支出 1,900.00;
    # 201 一般公共服务支出 总计 3.00
    (CSG, 18, "general_budget_expenditure", "2040219", None, "project", None, "1900.00"),
    (CSG, 18, "general_budget_expenditure", "201", None, "total", None, "3.00"),
    # p19 2025年一般公共预算基本支出情况表: 30199 其他工资福利支出 人员类 7,835.26; 合计 公用经费 2,045.01
    (CSG, 19, "basic_expenditure_economic", "30199", None, "personnel", None, "7835.26"),
    (CSG, 19, "basic_expenditure_economic", None, "合计", "public_funds", None, "2045.01"),
    # p20 (continued): 30299 其他商品和服务支出 83.47 | 716.22; 30217 公务接待费 公用经费 28.50
    (CSG, 20, "basic_expenditure_economic", "30299", None, "personnel", None, "83.47"),
    (CSG, 20, "basic_expenditure_economic", "30299", None, "public_funds", None, "716.22"),
    (CSG, 20, "basic_expenditure_economic", "30217", None, "public_funds", None, "28.50"),
    # p21 2025年一般公共预算“三公”经费支出情况表 (rows 合计 and 106_长沙市公安局 alike):
    # 小计 458.50; 公务接待费 28.50; 公务用车购置及运行费 400.00
    (CSG, 21, "three_public", None, "小计", "total", None, "458.50"),
    (CSG, 21, "three_public", None, "公务接待费", "total", None, "28.50"),
    (CSG, 21, "three_public", None, "公务用车购置及运行费", "total", None, "400.00"),

    # --- 长沙职业教育基地综合协调办公室 2026 budget (万元) ---
    # p12 2026年部门收支总体情况表: 一、本级财政拨款收入 656.73; 一、基本支出 386.73; 二、项目支出 270.00;
    # 本 年 收 入 合 计 656.73
    (CSV, 12, "income_expenditure_summary", None, "一、本级财政拨款收入", "total", _INC, "656.73"),
    (CSV, 12, "income_expenditure_summary", None, "一、基本支出", "total", _EXP, "386.73"),
    (CSV, 12, "income_expenditure_summary", None, "二、项目支出", "total", _EXP, "270.00"),
    (CSV, 12, "income_expenditure_summary", None, "本年收入合计", "total", _INC, "656.73"),
    # p13 2026年部门收入总体情况表: 205 03 99 其他职业教育支出 656.73 (合计 and 金额); "03 职业教育" 656.73
    (CSV, 13, "income_summary", "2050399", None, "total", None, "656.73"),
    (CSV, 13, "income_summary", "2050399", None, "fiscal_appropriation", None, "656.73"),
    (CSV, 13, "income_summary", "20503", None, "total", None, "656.73"),
    # p14 2026年部门支出总体情况表: 2050399 基本支出 386.73 / 项目支出 270.00; 合计 总计 656.73
    (CSV, 14, "expenditure_summary", "2050399", None, "basic", None, "386.73"),
    (CSV, 14, "expenditure_summary", "2050399", None, "project", None, "270.00"),
    (CSV, 14, "expenditure_summary", None, "合计", "total", None, "656.73"),
    # p15 2026年财政拨款收支总体情况表: 1、一般公共预算拨款收入 656.73; 4、教育支出 一般公共预算 656.73
    (CSV, 15, "fiscal_summary", None, "1、一般公共预算拨款收入", "total", _INC, "656.73"),
    (CSV, 15, "fiscal_summary", "205", None, "general_budget", _EXP, "656.73"),
    # p16 (continued): 支 出 总 计 656.73
    (CSV, 16, "fiscal_summary", None, "支出总计", "total", _EXP, "656.73"),
    # p17 2026年一般公共预算支出情况表: 2050399 项目支出 270.00; 205 基本支出 386.73
    (CSV, 17, "general_budget_expenditure", "2050399", None, "project", None, "270.00"),
    (CSV, 17, "general_budget_expenditure", "205", None, "basic", None, "386.73"),
    # p18 2026年一般公共预算基本支出情况表: 30107 绩效工资 人员类 51.75; 合计 人员类 356.76 / 公用经费 29.97
    (CSV, 18, "basic_expenditure_economic", "30107", None, "personnel", None, "51.75"),
    (CSV, 18, "basic_expenditure_economic", None, "合计", "personnel", None, "356.76"),
    (CSV, 18, "basic_expenditure_economic", None, "合计", "public_funds", None, "29.97"),
    # p19 (continued): 30228 工会经费 2.31 | 1.81; 30217 公务接待费 公用经费 0.50
    (CSV, 19, "basic_expenditure_economic", "30228", None, "personnel", None, "2.31"),
    (CSV, 19, "basic_expenditure_economic", "30228", None, "public_funds", None, "1.81"),
    (CSV, 19, "basic_expenditure_economic", "30217", None, "public_funds", None, "0.50"),
    # p20 2026年一般公共预算“三公”经费支出情况表 (rendered): 小计 0.50; 公务接待费 0.50
    (CSV, 20, "three_public", None, "小计", "total", None, "0.50"),
    (CSV, 20, "three_public", None, "公务接待费", "total", None, "0.50"),
]

# (file, page, table_kind, code, item_name, measure, side, unit_name, expected 万元)
UNIT_ROWS = [
    # --- 深圳市人力资源和社会保障局: tables printed unit by unit ---
    # p62 表2 收入总表 (one row per unit; rendered): 深圳鹏城技师学院 收入总计 37,659.13;
    # 深圳市考试院 事业收入 6,035.54, 其他收入 18.00
    (SZH, 62, "income_summary", None, None, "total", None, HR_PCTC, "37659.13"),
    (SZH, 62, "income_summary", None, None, "business_income", None, HR_EXAM, "6035.54"),
    (SZH, 62, "income_summary", None, None, "other_income", None, HR_EXAM, "18.00"),
    # p63 (continued): 深圳市社会保险基金管理局福田分局 其他收入 400.00
    (SZH, 63, "income_summary", None, None, "other_income", None, HR_SIF_FT, "400.00"),
    # p66 表3 支出总表 (the 本级 block begun on p65): 2080101 行政运行 8,855.71
    (SZH, 66, "expenditure_summary", "2080101", None, "total", None, HR_SELF, "8855.71"),
    # p69: two units on one page: 本级's last lines (2210201 住房公积金 703.88), then the 数据管理中心
    # block (2050803 培训支出 3.08; 本级's own 2050803, 45.92, is on p65)
    (SZH, 69, "expenditure_summary", "2210201", None, "total", None, HR_SELF, "703.88"),
    (SZH, 69, "expenditure_summary", "2050803", None, "total", None, HR_DATA, "3.08"),
    # p71 (数据管理中心 continued): 2210201 住房公积金 151.05
    (SZH, 71, "expenditure_summary", "2210201", None, "total", None, HR_DATA, "151.05"),
    # p74 (仲裁院 block begun on p73): 2080112 劳动人事争议调解仲裁 项目支出 2,139.58
    (SZH, 74, "expenditure_summary", "2080112", None, "project", None, HR_ARB, "2139.58"),
    # p76 (公共就业服务中心 block begun on p75): 2080111 项目支出 10,744.73
    (SZH, 76, "expenditure_summary", "2080111", None, "project", None, HR_EMP, "10744.73"),
    # p115 表4 基本支出总表 (本级 block begun on p114): 公务接待费 14.92
    (SZH, 115, "basic_expenditure_economic", None, "公务接待费", "total", None, HR_SELF, "14.92"),
    # p116: 数据管理中心 block: 绩效工资 730.62
    (SZH, 116, "basic_expenditure_economic", None, "绩效工资", "total", None, HR_DATA, "730.62"),
    # p165 表7 一般公共预算支出表（按功能分类） (本级): 2080110 劳动关系和维权 项目支出 243.97
    (SZH, 165, "general_budget_expenditure", "2080110", None, "project", None, HR_SELF, "243.97"),
    # p168: 2210201 住房公积金 151.05 (数据管理中心); 2050303 技校教育 17,404.29 (深圳鹏城技师学院)
    (SZH, 168, "general_budget_expenditure", "2210201", None, "total", None, HR_DATA, "151.05"),
    (SZH, 168, "general_budget_expenditure", "2050303", None, "total", None, HR_PCTC, "17404.29"),
    # p252 表9 “三公”经费支出表 (rendered): 本级 2026年 公务接待费 14.92 (2025年 14.90);
    # 数据管理中心 2026年 总计 3.53 (2025年 3.54)
    (SZH, 252, "three_public", None, "公务接待费", "general_budget", None, HR_SELF, "14.92"),
    (SZH, 252, "three_public", None, "总计", "general_budget", None, HR_DATA, "3.53"),
    # p253 (rendered): 仲裁院 2026年 公务用车购置费 18.00 (2025年 0.00); 深圳鹏城技师学院's 2026年 row,
    # first on the page with a blank unit cell (its name is on p252): 公务接待费 0.00
    (SZH, 253, "three_public", None, "公务用车购置费", "general_budget", None, HR_ARB, "18.00"),
    (SZH, 253, "three_public", None, "公务接待费", "general_budget", None, HR_PCTC, "0.00"),

    # --- 广州市司法局 p9 表2 收入总体情况表: one row per unit ---
    (GZJ, 9, "income_summary", None, None, "total", None, "广东省广州花都监狱", "31501.97"),
    (GZJ, 9, "income_summary", None, None, "general_budget", None, "广州市司法局戒毒医院", "5331.67"),
    # --- 珠海市商务局 p8 表2 收入总体情况表 (rendered): one row per unit ---
    (ZHC, 8, "income_summary", None, None, "carry_over", None, "珠海市贸易服务中心", "3.16"),
    (ZHC, 8, "income_summary", None, None, "general_budget", None, "珠海市会议展览局", "512.63"),
]


def _id(row):
    f, page, kind, code, name, measure = row[:6]
    return f"{f.split('/')[-1][:-4]}-p{page}-{kind}-{code or name or ''}-{measure}"


def _uid(row):
    return f"{_id(row)}-{row[7]}"


@pytest.mark.parametrize("row", HAND_READ, ids=[_id(r) for r in HAND_READ])
def test_hand_read_value(corpus_wh, doc_ids, row):
    f, page, kind, code, name, measure, side, expected = row
    got = line_item_amounts(corpus_wh, doc_ids[f], kind, measure, code, name, side, page)
    assert got and set(got) == {D(expected)}, (f, page, kind, code, name, measure, side, got)


def _unit_amounts(con, doc_id, page, kind, code, name, measure, side, unit) -> list:
    return line_item_amounts(con, doc_id, kind, measure, code, name, side, page, unit)


@pytest.mark.parametrize("row", UNIT_ROWS, ids=[_uid(r) for r in UNIT_ROWS])
def test_hand_read_unit_row(corpus_wh, doc_ids, row):
    f, page, kind, code, name, measure, side, unit, expected = row
    got = _unit_amounts(corpus_wh, doc_ids[f], page, kind, code, name, measure, side, unit)
    if not got:  # say which units the warehouse has for the row instead
        sql = ("SELECT unit_name, amount_wan FROM marts.fct_line_item WHERE document_id = ? "
               "AND table_kind = ? AND measure = ? AND page_number = ?")
        params = [doc_ids[f], kind, measure, page]
        if code is not None:
            sql += " AND coalesce(subject_code, economic_code) = ?"
            params.append(code)
        if name is not None:
            sql += " AND replace(replace(item_name, ' ', ''), '　', '') = ?"
            params.append(name)
        there = corpus_wh.execute(sql, params).fetchall()
        pytest.fail(f"no row of unit {unit} for {(f, page, kind, code, name, measure)}; "
                    f"rows there (unit_name, amount): {there}")
    assert set(got) == {D(expected)}, (f, page, kind, code, name, measure, unit, got)


def test_at_least_ten_hand_read_values_per_pdf():
    for f in ALL_FILES:
        rows = [r for r in HAND_READ + UNIT_ROWS if r[0] == f]
        assert len(rows) >= 10, (f, len(rows))
        kinds = {r[2] for r in rows}
        assert len(kinds) >= 5, (f, kinds)
    # the multi-unit document pins rows of several units
    assert len({r[7] for r in UNIT_ROWS if r[0] == SZH}) >= 2


# The 21 units of the Shenzhen HR budget, each with its block of coded lines in 表3 支出总表 (pp. 65–113;
# names wrap in the cells, e.g. "深圳市社会保险基金管理局 / （本级）").
HR_UNITS = {
    HR_SELF, HR_DATA, HR_PCTC, HR_ARB, HR_EMP, "深圳市职业技能培训指导中心", HR_EXAM,
    "深圳市人事人才公共服务中心", "深圳技师学院", "深圳市社会保险基金管理局（本级）",
    "深圳市社会保险基金管理局直属分局", HR_SIF_FT, "深圳市社会保险基金管理局罗湖分局",
    "深圳市社会保险基金管理局南山分局", "深圳市社会保险基金管理局盐田分局",
    "深圳市社会保险基金管理局宝安分局", "深圳市社会保险基金管理局龙岗分局",
    "深圳市社会保险基金管理局光明分局", "深圳市社会保险基金管理局坪山分局",
    "深圳市社会保险基金管理局龙华分局", "深圳市社会保险基金管理局大鹏分局",
}


def test_hr_expenditure_summary_rows_belong_to_the_21_units(corpus_wh, doc_ids):
    rows = corpus_wh.execute(
        "SELECT DISTINCT replace(replace(unit_name, ' ', ''), '　', '') FROM marts.fct_line_item "
        "WHERE document_id = ? AND table_kind = 'expenditure_summary' AND subject_code IS NOT NULL "
        "AND page_number BETWEEN 65 AND 113", [doc_ids[SZH]]).fetchall()
    assert {r[0] for r in rows} == HR_UNITS


@pytest.mark.parametrize("f,unit,year,doc_type", [
    (FS, "佛山市轨道交通局", 2019, "final_account"),  # p1 2019 年佛山市轨道交通局 部门决算
    (GZJ, "广州市司法局", 2026, "budget"),  # p1 2026年 广州市司法局部门预算
    # p1 2026 年深圳市财政局（本级）部门预算: the department is 深圳市财政局, （本级） says it has no
    # subordinate units (p5 本单位无独立核算下属单位)
    (SZF, "深圳市财政局", 2026, "budget"),
    (SZH, "深圳市人力资源和社会保障局", 2026, "budget"),  # p1 2026 年深圳市人力资源和社会保障局 部门预算
    (SZJ, "深圳市司法局", 2026, "budget"),  # p1 2026 年深圳市司法局（本级）部门预算
    (SZB, "深圳市规划和自然资源局宝安管理局", 2026, "budget"),  # p1 2026 年深圳市规划和自然资源局宝安 / 管理局部门预算
    (ZHC, "珠海市商务局", 2026, "budget"),  # p1 2026年 珠海市商务局部门预算
    (ZHT, "珠海市政府投资交通市政项目工务中心", 2026, "budget"),  # p1 2026年 珠海市政府投资交通市政项目工务中心部门 / 预算
    (CSX, "长沙市信访局", 2026, "budget"),  # p1 长沙市信访局 2026 年部门预算公开
    (CSG, "长沙市公安局", 2025, "budget"),  # p1 长沙市公安局 2025 年部门预算公开 (the file says 2025)
    (CSV, "长沙职业教育基地综合协调办公室", 2026, "budget"),  # p1 长沙职业教育基地综合协调办公室 2026 年部门预算公开
])
def test_document_metadata(corpus_wh, doc_ids, f, unit, year, doc_type):
    row = corpus_wh.execute(
        "SELECT unit_name, fiscal_year, doc_type, status FROM marts.dim_document "
        "WHERE document_id = ?", [doc_ids[f]]).fetchone()
    assert row == (unit, year, doc_type, "landed"), (f, row)


CORE = {"income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "three_public"}
# Every one of these documents prints all seven core tables (pages below); extra kinds printed:
_SHENZHEN = {"project_expenditure", "general_budget_expenditure_economic", "government_fund",
             "state_capital"}  # 表5 项目支出总表, 表8 …（按经济分类）, 表10, 表11
_GZ_ZH = {"project_expenditure", "government_fund", "state_capital"}  # 表12, 表9, 表10
EXTRA_KINDS = {
    FS: {"government_fund"},  # p5, 8, 10, 12, 15, 17, 21; 表8 政府性基金… p22
    GZJ: _GZ_ZH,  # p7, 9, 10, 13, 15, 18 (and 表11 p25), 22; p23, 24, 29
    SZF: _SHENZHEN,  # p16, 19, 20, 28, 31, 24 (表4 基本支出总表), 38; p27, 34, 39, 40
    SZH: _SHENZHEN,  # p57, 62, 65, 160, 164, 114, 252; p151, 198, 259, 261
    SZJ: _SHENZHEN,  # p19, 22, 23, 30, 33, 26, 39; p28, 36, 40, 41
    SZB: _SHENZHEN,  # p14, 17, 18, 26, 29, 22, 35; p24, 32, 36, 37
    ZHC: _GZ_ZH,  # p6, 8, 9, 11, 13, 15, 18; p19, 20, 22
    ZHT: _GZ_ZH,  # p4, 6, 7, 8, 10, 11 (empty), 14 (zeros); p15, 16, 18
    CSX: {"government_fund"},  # p12, 13, 14, 15, 17, 18, 20; p21 (empty)
    CSG: {"government_fund"},  # p13, 14, 15, 16, 18, 19, 21; p22 (empty)
    CSV: {"government_fund"},  # p12, 13, 14, 15, 17, 18, 20; p21 (empty)
}


@pytest.mark.parametrize("f", ALL_FILES)
def test_core_tables_are_found(corpus_wh, doc_ids, f):
    kinds = {r[0] for r in corpus_wh.execute(
        "SELECT table_kind FROM marts.fct_table WHERE document_id = ?", [doc_ids[f]]).fetchall()}
    expected = CORE | EXTRA_KINDS[f]
    assert expected <= kinds, expected - kinds


@pytest.mark.parametrize("f,kind,page", [
    (ZHT, "basic_expenditure_economic", 11),  # 表6: 合计 0.00 / 注：本表本年无发生额。
    (ZHT, "three_public", 14),  # 表8: every figure 0.00 / 注：本表本年无发生额。
    (ZHT, "state_capital", 16),  # 表10: 合计 0.00 0.00 0.00 / 注：本表本年无发生额。
    (GZJ, "government_fund", 23),  # 表9: 合计 0.00 / 注：本表本年无发生额。
    (GZJ, "state_capital", 24),  # 表10
    (ZHC, "government_fund", 19),  # 表9
    (SZF, "government_fund", 39),  # 表10: 深圳市财政局（本级） 0.00 0.00 0.00 / 注：本表本年无发生额。
    (SZJ, "state_capital", 41),  # 表11: 注：本表本年度无发生额。
    (SZH, "state_capital", 261),  # 表11 (pp. 261–262): every unit 0.00 / 注：本表本年无发生额。
    (CSX, "government_fund", 21),  # header only; 此表如无数字则表示单位无该项支出
    (CSG, "government_fund", 22),
    (CSV, "government_fund", 21),
])
def test_empty_tables_with_notes_are_present_and_empty(corpus_wh, doc_ids, f, kind, page):
    rows = corpus_wh.execute(
        "SELECT is_empty FROM marts.fct_table WHERE document_id = ? AND table_kind = ? "
        "AND page_from = ?", [doc_ids[f], kind, page]).fetchall()
    assert rows and all(r[0] for r in rows), (f, kind, page, rows)
