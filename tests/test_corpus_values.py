"""End to end on the real disclosure PDFs of ../shared/corpus: `govbudget ingest` → marts.

Every expected value below was read by hand from the PDF page itself (pdfplumber's text of the
page, or the page rendered to an image where the layout needed it), never from the warehouse.
The comment of each row names the page and the printed table; for Shanghai's budgets printed in
元 the expected 万元 value is the printed 元 figure / 10000, exactly.

Each row is (file, page, table_kind, subject_code / economic_code, item_name, measure, side,
expected 万元): the line item must exist on that page with that amount.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import CORPUS, line_item_amounts, sha256_of

pytestmark = pytest.mark.slow

D = Decimal

J26 = "shanghai-putuo/putuo-justice-bureau-2026-budget.pdf"
U26 = "shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf"
W24 = "shanghai-putuo/wanli-subdistrict-2024-budget.pdf"
F24 = "shanghai-putuo/putuo-finance-bureau-2024-final-account.pdf"
TPL = "shanghai-putuo/final-account-template-2024.pdf"
P17 = "jiangsu-province/procuratorate-2017-budget.pdf"
P18 = "jiangsu-province/procuratorate-2018-budget.pdf"
P19 = "jiangsu-province/procuratorate-2019-budget.pdf"
CTX = "jiangsu-province/cppcc-office-2018-budget-text.pdf"
CTB = "jiangsu-province/cppcc-office-2018-budget-tables.pdf"
ALL_FILES = [J26, U26, W24, F24, TPL, P17, P18, P19, CTX, CTB]


@pytest.fixture(scope="module")
def doc_ids():
    return {f: sha256_of(CORPUS / f) for f in ALL_FILES}


def _amounts(con, doc_id, page, kind, code, name, measure, side):
    return line_item_amounts(con, doc_id, kind, measure, code, name, side, page)


_INC, _EXP = "income", "expenditure"

# (file, page, table_kind, code, item_name, measure, side, expected 万元)
HAND_READ = [
    # --- 上海市普陀区司法局 2026 department budget (元; 三公 table in 万元) ---
    # p10 2026年部门财务收支预算总表: 一、财政拨款收入 96,282,213.44
    (J26, 10, "income_expenditure_summary", None, "一、财政拨款收入", "total", _INC, "9628.221344"),
    # p10: 二、社会保障和就业支出 3,343,704.00
    (J26, 10, "income_expenditure_summary", "208", None, "total", _EXP, "334.3704"),
    # p10: 支出总计 96,282,213.44
    (J26, 10, "income_expenditure_summary", None, "支出总计", "total", _EXP, "9628.221344"),
    # p11 2026年部门收入预算总表: 204 06 01 行政运行 合计 16726725.44
    (J26, 11, "income_summary", "2040601", None, "total", None, "1672.672544"),
    # p11: 208 05 05 机关事业单位基本养老保险缴费支出 财政拨款收入 1839485.00
    (J26, 11, "income_summary", "2080505", None, "fiscal_appropriation", None, "183.9485"),
    # p12 2026年部门支出预算总表: 204 06 99 其他司法支出 项目支出 38454900.00
    (J26, 12, "expenditure_summary", "2040699", None, "project", None, "3845.49"),
    # p13 (the table continues): 221 02 03 购房补贴 合计 2433600.00
    (J26, 13, "expenditure_summary", "2210203", None, "total", None, "243.36"),
    # p13: 合计 基本支出 25741666.44
    (J26, 13, "expenditure_summary", None, "合计", "basic", None, "2574.166644"),
    # p14 2026年部门财政拨款收支预算总表: 四、住房保障支出 一般公共预算 4,521,559.00
    (J26, 14, "fiscal_summary", "221", None, "general_budget", _EXP, "452.1559"),
    # p14: 一、一般公共预算 (收入) 96,282,213.44
    (J26, 14, "fiscal_summary", None, "一、一般公共预算", "total", _INC, "9628.221344"),
    # p15 2026年部门一般公共预算支出功能分类预算表: 204 06 13 信息化建设 项目支出 2278800.00
    (J26, 15, "general_budget_expenditure", "2040613", None, "project", None, "227.88"),
    # p16 (continued, header repeated): 210 11 01 行政单位医疗 基本支出 1149678.00
    (J26, 16, "general_budget_expenditure", "2101101", None, "basic", None, "114.9678"),
    # p19 2026年部门一般公共预算基本支出部门预算经济分类预算表: 301 02 津贴补贴 人员经费 12971818.00
    (J26, 19, "basic_expenditure_economic", "30102", None, "personnel", None, "1297.1818"),
    # p20 (continued): 302 28 工会经费 公用经费 265974.44
    (J26, 20, "basic_expenditure_economic", "30228", None, "public_funds", None, "26.597444"),
    # p20: 合计 合计 25741666.44
    (J26, 20, "basic_expenditure_economic", None, "合计", "total", None, "2574.166644"),
    # p21 2026年部门“三公”经费和机关运行经费预算表 (万元): 公务接待费 0.83, 运行费 9.98
    (J26, 21, "three_public", None, "公务接待费", "total", None, "0.83"),
    (J26, 21, "three_public", None, "运行费", "total", None, "9.98"),

    # --- 上海市普陀区司法局 2026 unit budget (元; 三公 table in 万元) ---
    # p8 2026年预算单位财务收支预算总表: 一、公共安全支出 人员经费 12,604,173 / 项目支出 64,840,547
    (U26, 8, "income_expenditure_summary", "204", None, "personnel", _EXP, "1260.4173"),
    (U26, 8, "income_expenditure_summary", "204", None, "project", _EXP, "6484.0547"),
    # p8: 收入总计 86,959,408.34
    (U26, 8, "income_expenditure_summary", None, "收入总计", "total", _INC, "8695.940834"),
    # p9 2026年预算单位收入预算总表: 204 06 01 行政运行 合计 14,348,853.34
    (U26, 9, "income_summary", "2040601", None, "total", None, "1434.885334"),
    # p10 (continued): 208 05 06 机关事业单位职业年金缴费支出 合计 786,150.00
    (U26, 10, "income_summary", "2080506", None, "total", None, "78.615"),
    # p10: 合计 财政拨款收入 86,959,408.34
    (U26, 10, "income_summary", None, "合计", "fiscal_appropriation", None, "8695.940834"),
    # p11 2026年预算单位支出预算总表: 204 06 04 基层司法业务 项目支出 21,703,947.00
    (U26, 11, "expenditure_summary", "2040604", None, "project", None, "2170.3947"),
    # p11: 204 06 01 行政运行 项目支出 printed 64,840,547.00 (a misprint in the document: the
    # line's 合计 equals its 基本支出; the figure is the 204 line's 项目支出 repeated). Landed as printed.
    (U26, 11, "expenditure_summary", "2040601", None, "project", None, "6484.0547"),
    # p12 (continued): 合计 基本支出 printed "22,118,861" (no cents; 22,118,861.34 elsewhere)
    (U26, 12, "expenditure_summary", None, "合计", "basic", None, "2211.8861"),
    # p13 2026年预算单位财政拨款收支预算总表: 三、卫生健康支出 合计 982,692.00
    (U26, 13, "fiscal_summary", "210", None, "total", _EXP, "98.2692"),
    # p14 2026年预算单位一般公共预算支出功能分类预算表: 204 06 07 公共法律服务 项目支出 1,160,000.00
    (U26, 14, "general_budget_expenditure", "2040607", None, "project", None, "116"),
    # p14: the same misprint as p11 — 204 06 01 行政运行 项目支出 64,840,547.00
    (U26, 14, "general_budget_expenditure", "2040601", None, "project", None, "6484.0547"),
    # p15 (continued): 221 02 01 住房公积金 基本支出 1,791,459.00
    (U26, 15, "general_budget_expenditure", "2210201", None, "basic", None, "179.1459"),
    # p18 …基本支出部门预算经济分类预算表: 301 01 基本工资 人员经费 2,486,040.00
    (U26, 18, "basic_expenditure_economic", "30101", None, "personnel", None, "248.604"),
    # p19 (continued): 302 17 公务接待费 公用经费 7,315.00; 合计 22,118,861.34
    (U26, 19, "basic_expenditure_economic", "30217", None, "public_funds", None, "0.7315"),
    (U26, 19, "basic_expenditure_economic", None, "合计", "total", None, "2211.886134"),
    # p20 2026年单位“三公”经费和机关运行经费预算表 (万元): 合计 10.71, 公务接待费 0.73
    (U26, 20, "three_public", None, "合计", "total", None, "10.71"),
    (U26, 20, "three_public", None, "公务接待费", "total", None, "0.73"),

    # --- 上海市普陀区人民政府万里街道办事处 2024 department budget (元, integers; 三公 in 万元) ---
    # p10 2024年部门财务收支预算总表: 八、城乡社区支出 119,385,303; 收入总计 156,211,123
    (W24, 10, "income_expenditure_summary", "212", None, "total", _EXP, "11938.5303"),
    (W24, 10, "income_expenditure_summary", None, "收入总计", "total", _INC, "15621.1123"),
    # p11 2024年部门收入预算总表: 201 05 07 专项普查活动 合计 257,700
    (W24, 11, "income_summary", "2010507", None, "total", None, "25.77"),
    # p14: 212 01 99 其他城乡社区管理事务支出 财政拨款收入 54,212,362
    (W24, 14, "income_summary", "2120199", None, "fiscal_appropriation", None, "5421.2362"),
    # p15: the table's last line alone on its page: 合计 156,211,123
    (W24, 15, "income_summary", None, "合计", "total", None, "15621.1123"),
    # p17 2024年部门支出预算总表 (continued): 208 社会保障和就业支出 基本支出 13,368,164
    (W24, 17, "expenditure_summary", "208", None, "basic", None, "1336.8164"),
    # p19: 212 01 01 行政运行 基本支出 16,353,248 / 项目支出 250,000
    (W24, 19, "expenditure_summary", "2120101", None, "basic", None, "1635.3248"),
    (W24, 19, "expenditure_summary", "2120101", None, "project", None, "25"),
    # p20: 合计 项目支出 56,505,103
    (W24, 20, "expenditure_summary", None, "合计", "project", None, "5650.5103"),
    # p21 2024年部门财政拨款收支预算总表: 六、社会保障和就业支出 一般公共预算 19,604,064
    (W24, 21, "fiscal_summary", "208", None, "general_budget", _EXP, "1960.4064"),
    # p22 2024年部门一般公共预算支出功能分类预算表: 201 33 02 一般行政管理事务 项目支出 1,106,000
    (W24, 22, "general_budget_expenditure", "2013302", None, "project", None, "110.6"),
    # p23 (continued): 204 99 99 其他公共安全支出 合计 1,333,000
    (W24, 23, "general_budget_expenditure", "2049999", None, "total", None, "133.3"),
    # p29 …基本支出部门预算经济分类预算表: 绩效工资 (code printed "301 7") 人员经费 11,447,100
    (W24, 29, "basic_expenditure_economic", None, "绩效工资", "personnel", None, "1144.71"),
    # p30 (continued): 302 29 福利费 公用经费 695,520; 合计 人员经费 88,537,451
    (W24, 30, "basic_expenditure_economic", "30229", None, "public_funds", None, "69.552"),
    (W24, 30, "basic_expenditure_economic", None, "合计", "personnel", None, "8853.7451"),
    # p31 部门“三公”经费和机关运行经费预算表 (万元): 合计 47.91, 购置费 25
    (W24, 31, "three_public", None, "合计", "total", None, "47.91"),
    (W24, 31, "three_public", None, "购置费", "total", None, "25"),

    # --- 上海市普陀区财政局 2024 final account (万元) ---
    # p6 收入支出决算总表: 一、一般公共预算财政拨款收入 2,940.05; 八、其他收入 6.20
    (F24, 6, "income_expenditure_summary", None, "一、一般公共预算财政拨款收入", "total", _INC,
     "2940.05"),
    (F24, 6, "income_expenditure_summary", None, "八、其他收入", "total", _INC, "6.20"),
    # p6: 八、社会保障和就业支出 printed 326.71 here (326.72 in 公开02/03/05: printed rounding)
    (F24, 6, "income_expenditure_summary", "208", None, "total", _EXP, "326.71"),
    # p7 (continued): 年初结转和结余 49.14; 年末结转和结余 55.34
    (F24, 7, "income_expenditure_summary", None, "年初结转和结余", "total", _INC, "49.14"),
    (F24, 7, "income_expenditure_summary", None, "年末结转和结余", "total", _EXP, "55.34"),
    # p8 收入决算表: 201 06 02 一般行政管理事务 其他收入 6.19 (column read from the rendered page)
    (F24, 8, "income_summary", "2010602", None, "other_income", None, "6.19"),
    # p8: 201 06 01 行政运行 本年收入合计 1,511.90
    (F24, 8, "income_summary", "2010601", None, "total", None, "1511.90"),
    # p9 (continued): 221 02 03 购房补贴 258.50
    (F24, 9, "income_summary", "2210203", None, "total", None, "258.50"),
    # p10 支出决算表: 201 06 01 行政运行 项目支出 8.37
    (F24, 10, "expenditure_summary", "2010601", None, "project", None, "8.37"),
    # p11 (continued): 208 05 99 其他行政事业单位养老支出 基本支出 0.94
    (F24, 11, "expenditure_summary", "2080599", None, "basic", None, "0.94"),
    # p12 财政拨款收入支出决算总表: 一、一般公共服务支出 一般公共预算财政拨款 2,106.66
    (F24, 12, "fiscal_summary", "201", None, "general_budget", _EXP, "2106.66"),
    # p13 (continued): 总计 (收入) 2,961.68
    (F24, 13, "fiscal_summary", None, "总计", "total", _INC, "2961.68"),
    # p15 一般公共预算财政拨款支出决算表: 201 06 08 财政委托业务支出 项目支出 449.52
    (F24, 15, "general_budget_expenditure", "2010608", None, "project", None, "449.52"),
    # p16 一般公共预算财政拨款基本支出决算表 (four blocks): 301 02 津贴补贴 1,238.58; 302 16 培训费 4.05
    (F24, 16, "basic_expenditure_economic", "30102", None, "total", None, "1238.58"),
    (F24, 16, "basic_expenditure_economic", "30216", None, "total", None, "4.05"),
    # p17 (continued): 310 02 办公设备购置 13.58; 人员经费合计 2,152.26
    (F24, 17, "basic_expenditure_economic", "31002", None, "total", None, "13.58"),
    (F24, 17, "basic_expenditure_economic", None, "人员经费合计", "total", None, "2152.26"),
    # p18 财政拨款“三公”经费支出决算表: 0.95 under 合计/预算数 and 公务接待费/预算数 (决算数 blank)
    (F24, 18, "three_public", None, "公务接待费", "budget", None, "0.95"),
    (F24, 18, "three_public", None, "合计", "budget", None, "0.95"),

    # --- 江苏省人民检察院 2017 budget (万元) ---
    # p10 一、收支预算总表: 一、财政拨款 17,981.68; 四、公共安全支出 13,656.34; 三、其他资金 15.00
    (P17, 10, "income_expenditure_summary", None, "一、财政拨款", "total", _INC, "17981.68"),
    (P17, 10, "income_expenditure_summary", "204", None, "total", _EXP, "13656.34"),
    (P17, 10, "income_expenditure_summary", None, "三、其他资金", "total", _INC, "15.00"),
    # p11 二、收入预算总表: 收入总计 17,996.68
    (P17, 11, "income_summary", None, "收入总计", "total", None, "17996.68"),
    # p11 三、支出预算总表: 基本支出 12,323.48
    (P17, 11, "expenditure_summary", None, None, "basic", None, "12323.48"),
    # p11 四、财政拨款收支预算总表: 一、基本支出 12,308.48; p12: 三、单位预留机动经费 140.20
    (P17, 11, "fiscal_summary", None, "一、基本支出", "total", _EXP, "12308.48"),
    (P17, 12, "fiscal_summary", None, "三、单位预留机动经费", "total", _EXP, "140.20"),
    # p12 五、财政拨款支出预算表: 2040404 查办和预防职务犯罪 480.00
    (P17, 12, "fiscal_expenditure", "2040404", None, "total", None, "480.00"),
    # p12 六、财政拨款基本支出预算表: 30103 奖金 167.12; p13: 30311 住房公积金 784.22
    (P17, 12, "fiscal_basic_expenditure_economic", "30103", None, "total", None, "167.12"),
    (P17, 13, "fiscal_basic_expenditure_economic", "30311", None, "total", None, "784.22"),
    # p14 八、一般公共预算支出预算表: 2080504 未归口管理的行政单位离退休 2,021.18
    (P17, 14, "general_budget_expenditure", "2080504", None, "total", None, "2021.18"),
    # p14 九、一般公共预算基本支出预算表: 30101 基本工资 2,010.25; p15: 30299 其他商品和服务支出 850.05
    (P17, 14, "basic_expenditure_economic", "30101", None, "total", None, "2010.25"),
    (P17, 15, "basic_expenditure_economic", "30299", None, "total", None, "850.05"),
    # p16 十一、…“三公”经费、会议费、培训费支出预算表: 公务用车购置费 50.00; 培训费 700.00
    (P17, 16, "three_public", None, "公务用车购置费", "total", None, "50.00"),
    (P17, 16, "three_public", None, "培训费", "total", None, "700.00"),

    # --- 江苏省人民检察院 2018 budget (万元) ---
    # p13 公开01表 收支预算总表: 一、财政拨款 21,940.96; 四、公共安全支出 16,458.75
    (P18, 13, "income_expenditure_summary", None, "一、财政拨款", "total", _INC, "21940.96"),
    (P18, 13, "income_expenditure_summary", "204", None, "total", _EXP, "16458.75"),
    # p14 (continued): 十八、住房保障支出 3,660.38; 收入合计 21,955.35
    (P18, 14, "income_expenditure_summary", "221", None, "total", _EXP, "3660.38"),
    (P18, 14, "income_expenditure_summary", None, "收入合计", "total", _INC, "21955.35"),
    # p14 公开02表 收入预算总表: 其他收入 14.39
    (P18, 14, "income_summary", None, "其他收入", "total", None, "14.39"),
    # p15 公开03表 支出预算总表: 单位预留机动经费 2,388.04
    (P18, 15, "expenditure_summary", None, None, "reserve", None, "2388.04"),
    # p15 公开04表 财政拨款收支预算总表: 一、基本支出 13,979.92
    (P18, 15, "fiscal_summary", None, "一、基本支出", "total", _EXP, "13979.92"),
    # p15 公开05表 财政拨款支出预算表: 2040401 行政运行 10,883.36; p16: 2040405 … 1895.00
    (P18, 15, "fiscal_expenditure", "2040401", None, "total", None, "10883.36"),
    (P18, 16, "fiscal_expenditure", "2040405", None, "total", None, "1895.00"),
    # p16 公开06表 财政拨款基本支出预算表: 30108 … 1,045.93; p17: 30215 会议费 200.44
    (P18, 16, "fiscal_basic_expenditure_economic", "30108", None, "total", None, "1045.93"),
    (P18, 17, "fiscal_basic_expenditure_economic", "30215", None, "total", None, "200.44"),
    # p17 公开07表 一般公共预算支出预算表: 2080506 … 418.37; p18: 2210202 提租补贴 2,586.61
    (P18, 17, "general_budget_expenditure", "2080506", None, "total", None, "418.37"),
    (P18, 18, "general_budget_expenditure", "2210202", None, "total", None, "2586.61"),
    # p18 公开08表 一般公共预算基本支出预算表: 30113 住房公积金 1,073.77; p19: 30302 退休费 623.28
    (P18, 18, "basic_expenditure_economic", "30113", None, "total", None, "1073.77"),
    (P18, 19, "basic_expenditure_economic", "30302", None, "total", None, "623.28"),
    # p19 公开09表 “三公”经费、会议费、培训费: 公务接待费 116.50; 会议费 200.44
    (P18, 19, "three_public", None, "公务接待费", "total", None, "116.50"),
    (P18, 19, "three_public", None, "会议费", "total", None, "200.44"),
    # p20 公开11表 一般公共预算机关运行经费支出预算表: 30231 公务用车运行维护费 267.80
    (P18, 20, "operating_cost", "30231", None, "total", None, "267.80"),

    # --- 江苏省人民检察院 2019 budget (万元; letter-spaced, separators mixed with bare figures) ---
    # p14 公开01表 收支预算总表: 一、基本支出 15,844.04; 四、公共安全支出 16,593.12; 十八、住房保障支出 5,686.35
    (P19, 14, "income_expenditure_summary", None, "一、基本支出", "total", _EXP, "15844.04"),
    (P19, 14, "income_expenditure_summary", "204", None, "total", _EXP, "16593.12"),
    (P19, 14, "income_expenditure_summary", "221", None, "total", _EXP, "5686.35"),
    # p15 公开02表 收入预算总表: 收入总计 24169.74
    (P19, 15, "income_summary", None, "收入总计", "total", None, "24169.74"),
    # p15 公开03表 支出预算总表: 项目支出 4335.30
    (P19, 15, "expenditure_summary", None, None, "project", None, "4335.30"),
    # p16 公开04表 财政拨款收支预算总表: 三、单位预留机动经费 3990.4
    (P19, 16, "fiscal_summary", None, "三、单位预留机动经费", "total", _EXP, "3990.4"),
    # p16 公开05表 财政拨款支出预算表（功能科目）: 2040410 检察监督 1,185.60
    (P19, 16, "fiscal_expenditure", "2040410", None, "total", None, "1185.60"),
    # p17 公开06表 财政拨款基本支出预算表（经济科目）: 30216 培训费 70.00
    (P19, 17, "fiscal_basic_expenditure_economic", "30216", None, "total", None, "70.00"),
    # p18 公开07表 一般公共预算支出预算表（功能科目）: 2040450 事业运行 315.00
    (P19, 18, "general_budget_expenditure", "2040450", None, "total", None, "315.00"),
    # p18 公开08表 …基本支出预算表（经济科目）: 30102 津贴补贴 6,372.51; p19: 30108 (name wraps) 1,064.46
    (P19, 18, "basic_expenditure_economic", "30102", None, "total", None, "6372.51"),
    (P19, 19, "basic_expenditure_economic", "30108", None, "total", None, "1064.46"),
    # p20 公开09表 “三公”经费、会议费、培训费支出预算表: 合计 1276.7; 公务接待费 101.26
    (P19, 20, "three_public", None, "合计", "total", None, "1276.7"),
    (P19, 20, "three_public", None, "公务接待费", "total", None, "101.26"),
    # p21 公开11表 一般公共预算机关运行经费支出预算表: 30239 其他交通费用 473.82
    (P19, 21, "operating_cost", "30239", None, "total", None, "473.82"),

    # --- 江苏省政协办公厅 2018 budget, tables half (万元) ---
    # p1 公开01表 收支预算总表: 一、一般公共服务支出 7,827.46; 三、其他资金 80.00
    (CTB, 1, "income_expenditure_summary", "201", None, "total", _EXP, "7827.46"),
    (CTB, 1, "income_expenditure_summary", None, "三、其他资金", "total", _INC, "80.00"),
    # p2 公开02表 收入预算总表: 收入总计 10,150.48
    (CTB, 2, "income_summary", None, "收入总计", "total", None, "10150.48"),
    # p3 公开03表 支出预算总表: 单位预留机动经费 1,157.63
    (CTB, 3, "expenditure_summary", None, None, "reserve", None, "1157.63"),
    # p4 公开04表 财政拨款收支预算总表: 一、基本支出 5,598.17
    (CTB, 4, "fiscal_summary", None, "一、基本支出", "total", _EXP, "5598.17"),
    # p5 公开05表 财政拨款支出预算表: 2010204 政协会议 814.16
    (CTB, 5, "fiscal_expenditure", "2010204", None, "total", None, "814.16"),
    # p6 公开06表 财政拨款基本支出预算表: 30107 绩效工资 36.41
    (CTB, 6, "fiscal_basic_expenditure_economic", "30107", None, "total", None, "36.41"),
    # p7 公开07表 一般公共预算支出预算表: 2010205 委员视察 429.30
    (CTB, 7, "general_budget_expenditure", "2010205", None, "total", None, "429.30"),
    # p8 公开08表 一般公共预算基本支出预算表: 30231 公务用车运行维护费 156.60
    (CTB, 8, "basic_expenditure_economic", "30231", None, "total", None, "156.60"),
    # p9 公开09表 “三公”经费、会议费、培训费支出预算表: 公务接待费 412.50; 会议费 884.16
    (CTB, 9, "three_public", None, "公务接待费", "total", None, "412.50"),
    (CTB, 9, "three_public", None, "会议费", "total", None, "884.16"),
    # p11 公开11表 一般公共预算机关运行经费支出预算表: 30213 维修（护）费 100.00
    (CTB, 11, "operating_cost", "30213", None, "total", None, "100.00"),
]


def _id(row):
    f, page, kind, code, name, measure, side, _ = row
    return f"{f.split('/')[-1][:-4]}-p{page}-{kind}-{code or name or ''}-{measure}"


@pytest.mark.parametrize("row", HAND_READ, ids=[_id(r) for r in HAND_READ])
def test_hand_read_value(corpus_wh, doc_ids, row):
    f, page, kind, code, name, measure, side, expected = row
    got = _amounts(corpus_wh, doc_ids[f], page, kind, code, name, measure, side)
    assert got and set(got) == {D(expected)}, (f, page, kind, code, name, measure, side, got)


def test_at_least_ten_hand_read_values_per_pdf_with_figures():
    per_file = {f: sum(1 for r in HAND_READ if r[0] == f) for f in ALL_FILES}
    for f in ALL_FILES:
        if f in (TPL, CTX):  # the template holds no figure; the text half holds no table
            continue
        assert per_file[f] >= 10, (f, per_file[f])
        kinds = {r[2] for r in HAND_READ if r[0] == f}
        assert len(kinds) >= 5, (f, kinds)


# Every document lands, scans (read by OCR) and web pages included, but the scanned funding notice:
# it is no disclosure, and its reason says what it is.
NOT_A_DISCLOSURE = {
    "hunan/changsha-finance-bureau-2025-funding-notice-scan.pdf":
        "an official notice (通知 长财文指〔2025〕36号), not a budget disclosure",
}


def test_corpus_ingest_lands_every_disclosure(corpus_ingest, corpus_wh):
    rows = corpus_wh.execute("SELECT source_uri, status, error_message FROM marts.dim_source").fetchall()
    assert len(rows) == sum(1 for p in CORPUS.rglob("*") if p.suffix in (".pdf", ".html"))
    failed = {str(Path(uri).relative_to(CORPUS)): err for uri, status, err in rows
              if status != "landed"}
    assert set(failed) == set(NOT_A_DISCLOSURE), failed
    for f, reason in NOT_A_DISCLOSURE.items():
        assert reason in failed[f], (f, failed[f])
    formats = dict(corpus_wh.execute(
        "SELECT format, count(*) FROM marts.dim_document WHERE status = 'landed' GROUP BY 1").fetchall())
    assert formats == {"pdf": 33, "html": 3}, formats
    ocr = corpus_wh.execute(
        "SELECT DISTINCT d.file_name FROM raw.tables t JOIN marts.dim_document d USING (document_id) "
        "WHERE t.read_by = 'ocr'").fetchall()
    assert ocr == []  # the two evaluation scans are prose: their figures land as a project
    assert corpus_ingest["exit_code"] == 1  # a source that could not be read: CONTRACT.md


@pytest.mark.parametrize("f,unit,year,doc_type", [
    (J26, "上海市普陀区司法局", 2026, "budget"),  # p1 预算主管部门：上海市普陀区司法局
    (U26, "上海市普陀区司法局", 2026, "budget"),  # p1 上海市普陀区2026年区级单位预算 / 预算单位：…
    (W24, "上海市普陀区人民政府万里街道办事处", 2024, "budget"),  # p1 预算主管部门：…
    (F24, "上海市普陀区财政局", 2024, "final_account"),  # p1 上海市普陀区财政局 年度部门决算 2024
    (TPL, "上海市XX局", 2024, "final_account"),  # p5 上海市 XX 局 2024 年度部门决算表 (placeholder)
    (P17, "江苏省人民检察院", 2017, "budget"),  # p1 江苏省人民检察院 2017 年部门预算
    (P18, "江苏省人民检察院", 2018, "budget"),
    (P19, "江苏省人民检察院", 2019, "budget"),
    (CTX, "江苏省政协办公厅", 2018, "budget"),  # p1 江苏省政协办公厅 2018 年度 部门预算公开
    (CTB, "江苏省政协办公厅", 2018, "budget"),  # p1 部门：江苏省政协办公厅 (公开01表)
])
def test_document_metadata(corpus_wh, doc_ids, f, unit, year, doc_type):
    row = corpus_wh.execute(
        "SELECT unit_name, fiscal_year, doc_type, status FROM marts.dim_document "
        "WHERE document_id = ?", [doc_ids[f]]).fetchone()
    assert row == (unit, year, doc_type, "landed"), (f, row)


@pytest.mark.parametrize("f,unit,year,doc_type,fmt", [
    # p1 of the converted PDF: 2026年烟台市退役军人事务局 / 部门预算
    ("shandong/yantai-veterans-bureau-2026-budget.html", "烟台市退役军人事务局", 2026, "budget", "html"),
    # the pages' headings: 昆明市审计局（汇总）2026年预算公开 / 昆明市人民政府办公室机关2026年预算公开
    ("yunnan/kunming-audit-bureau-2026-budget.html", "昆明市审计局", 2026, "budget", "html"),
    ("yunnan/kunming-government-office-2026-budget.html", "昆明市人民政府办公室", 2026, "budget", "html"),
    # scans, p1: "2023 年度长沙市公安局交通警察支队 / 专项资金绩效评价结果" and the 2022 market one
    ("hunan/changsha-traffic-police-2023-evaluation-scan.pdf", "长沙市公安局交通警察支队", 2023,
     "performance", "pdf"),
    ("hunan/changsha-market-regulation-2022-evaluation-scan.pdf", "长沙市市场监督管理局", 2022,
     "performance", "pdf"),
])
def test_web_pages_and_scans_land_with_their_metadata(corpus_wh, f, unit, year, doc_type, fmt):
    row = corpus_wh.execute(
        "SELECT unit_name, fiscal_year, doc_type, format, status FROM marts.dim_document "
        "WHERE document_id = ?", [sha256_of(CORPUS / f)]).fetchone()
    assert row == (unit, year, doc_type, fmt, "landed"), (f, row)


@pytest.mark.parametrize("f,scope", [(J26, "department"), (U26, "unit")])
def test_department_and_unit_scope(corpus_wh, doc_ids, f, scope):
    got = corpus_wh.execute("SELECT scope FROM marts.dim_document WHERE document_id = ?",
                            [doc_ids[f]]).fetchone()[0]
    assert got == scope


CORE = {"income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "basic_expenditure_economic", "three_public"}
# every file that prints tables prints all seven core tables
EXTRA_KINDS = {
    J26: {"government_fund", "state_capital"},  # p17, p18: 故本表为空表
    U26: {"government_fund", "state_capital"},  # p16, p17
    W24: {"government_fund", "state_capital"},  # p27, p28
    F24: {"government_fund", "state_capital"},  # p19, p20: 故本表无数据
    TPL: {"government_fund", "state_capital"},  # p13, p14
    P17: {"fiscal_expenditure", "fiscal_basic_expenditure_economic", "operating_cost",
          "government_fund", "procurement"},
    P18: {"fiscal_expenditure", "fiscal_basic_expenditure_economic", "operating_cost",
          "government_fund", "procurement"},
    P19: {"fiscal_expenditure", "fiscal_basic_expenditure_economic", "operating_cost",
          "government_fund", "procurement"},
    CTB: {"fiscal_expenditure", "fiscal_basic_expenditure_economic", "operating_cost",
          "government_fund", "procurement"},
}


@pytest.mark.parametrize("f", [J26, U26, W24, F24, TPL, P17, P18, P19, CTB])
def test_core_tables_are_found(corpus_wh, doc_ids, f):
    kinds = {r[0] for r in corpus_wh.execute(
        "SELECT table_kind FROM marts.fct_table WHERE document_id = ?", [doc_ids[f]]).fetchall()}
    expected = CORE | EXTRA_KINDS[f]
    assert expected <= kinds, expected - kinds


def test_cppcc_text_half_lands_without_tables(corpus_wh, doc_ids):
    con, doc = corpus_wh, doc_ids[CTX]
    assert con.execute("SELECT count(*) FROM marts.fct_table WHERE document_id = ?",
                       [doc]).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM marts.fct_line_item WHERE document_id = ?",
                       [doc]).fetchone()[0] == 0


def test_template_tables_are_present_and_empty(corpus_wh, doc_ids):
    """The final-account template prints every table with placeholders and no figure."""
    rows = corpus_wh.execute(
        "SELECT table_kind, is_empty, row_count FROM marts.fct_table WHERE document_id = ?",
        [doc_ids[TPL]]).fetchall()
    assert CORE | {"government_fund", "state_capital"} <= {r[0] for r in rows}
    assert all(r[1] for r in rows), [r for r in rows if not r[1]]
    assert all((r[2] or 0) == 0 for r in rows)
    assert corpus_wh.execute("SELECT count(*) FROM marts.fct_line_item WHERE document_id = ?",
                             [doc_ids[TPL]]).fetchone()[0] == 0


@pytest.mark.parametrize("f,kind,page", [
    (J26, "government_fund", 17), (J26, "state_capital", 18),  # 注:…故本表为空表
    (W24, "government_fund", 27), (F24, "state_capital", 20),  # 注：…故本表无数据
    (P18, "government_fund", 19),  # 公开10表 此表为空
    (P17, "government_fund", 13),  # 七、政府性基金支出预算表: only a 合计 line, no figure, no note
])
def test_empty_tables_with_notes_are_present_and_empty(corpus_wh, doc_ids, f, kind, page):
    rows = corpus_wh.execute(
        "SELECT is_empty FROM marts.fct_table WHERE document_id = ? AND table_kind = ? "
        "AND page_from = ?", [doc_ids[f], kind, page]).fetchall()
    assert rows and all(r[0] for r in rows)


# Every error-level failure left on the corpus, by (file, check, page): errors the documents
# print, each pinned with its figures where the check is tested:
GENUINE_ERRORS = {
    # 204 06 01 行政运行 prints its class's 项目支出 64,840,547.00 (tests/test_genuine_document_errors.py)
    *{("putuo-justice-bureau-unit-2026-budget.pdf", check, page)
      for check in ("row_total_equals_basic_plus_project", "section_equals_sum_of_items")
      for page in (11, 14)},
    # 支出总计 182,157.13 (181,807.13) ≠ 本年支出合计 182,066.56 + 结转下年 0 (tests/test_xian_template.py)
    ("xian-human-resources-bureau-2020-budget.pdf",
     "expenditure_grand_total_equals_current_plus_carry_forward", 29),
    ("xian-human-resources-bureau-2020-budget.pdf",
     "expenditure_grand_total_equals_current_plus_carry_forward", 32),
    # the 2018年 block's 合计 leaves out 会议费 and 培训费 (tests/test_xian_template.py)
    ("xian-work-safety-bureau-2019-budget-tables.pdf", "three_public_total_equals_sum_of_items", 32),
    # 执行率 printed 99.99% (truncated), 83.50% for 83.47%, and 1000% for 100%
    # (tests/test_genuine_document_errors.py)
    *{("xian-health-commission-2022-final-account.pdf", "performance_execution_rate", page)
      for page in (63, 77, 98, 99, 100, 101, 102, 103, 138, 139, 140, 141)},
    # items redacted and said so (公开表11 p26 "部分具体项目信息公开时予以剔除", p50): 20828 prints
    # 4,526.48 over 项 that sum to 1,563.36, and the project table's 合计 is over the projects
    # shown (tests/test_html_positioned.py::test_yantai_identities_hold_but_where_items_are_redacted)
    *{("yantai-veterans-bureau-2026-budget.html", "section_equals_sum_of_items", page)
      for page in (8, 11, 15)},
    ("yantai-veterans-bureau-2026-budget.html", "project_unit_subtotal_equals_sum_of_projects", 26),
    # the text's statements (pages rendered and read; tests/test_text_checks.py):
    # p21 "财政拨款收入支出总计0.3万元" against 2,961.68 in its 财政拨款收入支出决算总表; and "一般公共服务
    # 支出（类）2106.66万元，占71.73%" of 2940.05 (71.65%)
    ("putuo-finance-bureau-2024-final-account.pdf", "text_amount_equals_table", 21),
    ("putuo-finance-bureau-2024-final-account.pdf", "text_share_equals_its_figures", 21),
    # p19 "此外，基本支出预算数为12323.46万元" where the same page's 三、 and the 支出总表 print 12323.48
    ("procuratorate-2017-budget.pdf", "text_amount_equals_table", 19),
    # p26 "基本支出15,844.04万元，占65.56%" of 24,169.74 (65.55%)
    ("procuratorate-2019-budget.pdf", "text_share_equals_its_figures", 26),
    # p26 "…决算为0.16万元，完成预算0万元的0%" (三公 and its items), p29 "全年预算数0万元，执行数0万元，
    # 完成预算的0%": rates over a budget of 0
    ("foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 26),
    ("foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 29),
    # p27 "机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%" (预算数为0, the page says)
    ("foshan-rail-transit-bureau-2019-final-account.pdf", "text_rate_base_not_zero", 27),
    # p29 (printed 28) "因公出国（境）费13万元，比上年增加13万元，增长100%": a rate over last year's 0
    ("yantai-finance-bureau-2026-budget.pdf", "text_rate_base_not_zero", 29),
}

def test_error_level_failures_are_the_documents_own_errors(corpus_wh):
    rows = corpus_wh.execute(
        "SELECT d.file_name, c.check_name, c.page_number "
        "FROM dq.latest_check_results c JOIN marts.dim_document d USING (document_id) "
        "WHERE c.severity = 'error' AND c.status = 'fail'").fetchall()
    assert set(rows) <= GENUINE_ERRORS, set(rows) - GENUINE_ERRORS
    assert set(rows) == GENUINE_ERRORS, GENUINE_ERRORS - set(rows)


def test_at_least_995_per_mille_of_error_level_checks_pass(corpus_wh):
    run, failed = corpus_wh.execute(
        "SELECT count(*) FILTER (WHERE status <> 'not_applicable'), "
        "count(*) FILTER (WHERE status = 'fail') FROM dq.latest_check_results "
        "WHERE severity = 'error'").fetchone()
    assert run > 10000 and failed / run <= 0.005, (run, failed)


def test_a_table_with_figures_is_not_empty_despite_a_copied_note(corpus_wh, doc_ids):
    """wanli p31: the 三公/机关运行经费 table prints figures (47.91 … 443.18, they add up) under a
    copied note '本部门2024年无“三公”经费和机关运行经费预算，故本表为空表'."""
    row = corpus_wh.execute(
        "SELECT is_empty, row_count FROM marts.fct_table WHERE document_id = ? "
        "AND table_kind = 'three_public'", [doc_ids[W24]]).fetchone()
    assert row[1] and not row[0]


# --- the interpreter on a template grid (no PDF needed) ----------------------------------------

def _grid(rows, page=7):
    from extract.model import Cell

    return [[Cell(t, page, r, c) for c, t in enumerate(row)] for r, row in enumerate(rows)]


def test_interpreter_flags_a_placeholder_only_table_empty():
    """Shape of the template's 支出决算表 (p7): header, codes and labels, amounts all blank/XX/…"""
    from extract.model import Document, Table
    from extract.tables.interpret import interpret_document

    rows = [
        ["项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["科目编码", "科目名称", "", "", "", "", "", ""],
        ["", "合计", "XX", "XX", "", "", "", ""],
        ["205", "教育支出", "", "", "…", "", "", ""],
        ["20502", "普通教育", "x", "", "", "", "", ""],
        ["2050205", "高等教育", "", "", "", "", "", ""],
        ["…", "…", "", "", "", "", "", ""],
    ]
    doc = Document(document_id="t", source_uri="t", file_name="t.pdf", format="pdf", page_count=9,
                   doc_type="final_account", fiscal_year=2024)
    table = Table(table_id=1, title="支出决算表", grid=_grid(rows), page_from=7, page_to=7,
                  unit_as_printed="万元")
    doc.tables.append(table)
    interpret_document(doc)
    assert table.table_kind == "expenditure_summary"
    assert table.is_empty
    assert not doc.line_items

    # the same table with one printed figure is not empty
    rows[3][2] = "12.50"
    doc2 = Document(document_id="u", source_uri="u", file_name="u.pdf", format="pdf", page_count=9,
                    doc_type="final_account", fiscal_year=2024)
    table2 = Table(table_id=1, title="支出决算表", grid=_grid(rows), page_from=7, page_to=7,
                   unit_as_printed="万元")
    doc2.tables.append(table2)
    interpret_document(doc2)
    assert table2.table_kind == "expenditure_summary"
    assert not table2.is_empty
    assert any(li.amount_wan == D("12.50") for li in doc2.line_items)


def test_cppcc_text_half_is_not_reported_incomplete(corpus_wh, doc_ids):
    """The text half of a split disclosure holds no tables; its tables are the other PDF's."""
    rows = corpus_wh.execute(
        "SELECT status FROM dq.latest_check_results WHERE document_id = ? "
        "AND check_name = 'required_table_present'", [doc_ids[CTX]]).fetchall()
    assert rows == [("not_applicable",)]
