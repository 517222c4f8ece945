"""What each check states and where it applies: the text of CHECKS.md's tables, by check name
(``expectations.registry`` joins it to each family's checks; ``python -m expectations.checks_doc``
writes CHECKS.md)."""

# check_name -> (what it states, where it applies)
CHECK_TEXTS = {
    "table_total_equals_sum_of_classes": (
        '合计 row (is_total, no subject_code) = Σ 类 rows (3-digit codes)',
        'every function-classified table (any table with 3/5/7-digit subject codes, side '
        'NULL, not economic/三公/项目/机关运行经费), every measure'),
    "table_total_equals_sum_of_top_level_lines": (
        'same, when the table prints no 类 rows: Σ of the shortest codes printed',
        'as above'),
    "class_equals_sum_of_sections": (
        '类 = Σ its 款 (5-digit codes starting with the 类)',
        'every 类 with at least one 款 row in the table, every measure'),
    "section_equals_sum_of_items": (
        '款 = Σ its 项 (7-digit)',
        'every 款 with at least one 项 row'),
    "row_total_equals_basic_plus_project": (
        'row `total` = basic + project + remittance + operating_expenditure + '
        'subsidy_to_affiliates + reserve (those of the measures the table has); where '
        "基本支出 is printed only as its 人员经费 and 公用经费 columns (Shanghai's 收支总表), personnel +"
        ' public_funds stand for basic',
        'every row of a table (or side) that has a `basic` or `project` column'),
    "row_total_equals_sum_of_sources": (
        'row `total` = Σ source measures present in the table (general_budget, '
        'government_fund, state_capital, special_account, unit_funds, '
        'fiscal_appropriation, upper_grant, business_income, operating_income, '
        'affiliated_income, other_income); when that fails and the row prints '
        '`carry_over`, the variant with + 上年结转 is tried (DOMAIN: "where printed, + 上年结转")',
        'every row of a table (or side) with a source column: 收入总表, 财政拨款收支总表 expenditure '
        'side, 项目支出表, 三公, 机关运行经费 …'),
    "row_fiscal_appropriation_equals_sum_of_funds": (
        'row `fiscal_appropriation` (财政拨款 合计) = general_budget + government_fund + '
        'state_capital; where 财政拨款 is printed with these parts, '
        '`row_total_equals_sum_of_sources` counts the parts once, in 财政拨款',
        "tables printing 财政拨款 with its parts (Guangdong's 部门预算基本支出预算表 and 项目支出预算表: 总计 \\| "
        '财政拨款: 合计, 一般公共预算, 政府性基金预算, 国有资本经营预算 \\| 财政专户拨款 \\| 其他资金)'),
    "row_total_equals_current_year_plus_carry_over": (
        'row `total` = current_year + carry_over',
        'tables/sides with a `current_year` column (收支总表 expenditure side)'),
    "row_total_equals_personnel_plus_public_funds": (
        'row `total` = personnel + public_funds',
        'tables with `personnel`/`public_funds` columns and neither `basic` nor `project`'
        " (seed 001's 经济分类表)"),
    "row_basic_equals_personnel_plus_public_funds": (
        'row `basic` = personnel + public_funds',
        'tables with `basic` and `personnel`/`public_funds` columns'),
    "economic_total_equals_sum_of_classes": (
        '合计 = Σ economic 类 lines',
        '`basic_expenditure_economic`, `fiscal_basic_expenditure_economic`, every measure'),
    "economic_personnel_total_equals_sum_of_classes": (
        '人员经费合计 = Σ 类 301, 303 (501, 509)',
        "economic tables printing a 人员经费合计 row (seed 002's four-block 公开06表)"),
    "economic_public_funds_total_equals_sum_of_classes": (
        '公用经费合计 = Σ the other 类',
        'economic tables printing a 公用经费合计 row'),
    "economic_class_equals_sum_of_items": (
        'economic 类 (3 digits) = Σ its 款 (5 digits; a 7-digit item where its 款 is not '
        'printed)',
        "by `economic_code` when the table has codes (every printed line counts: Xi'an "
        'prints a 款 once per government class; a 类 printed again under another government'
        ' class sums the 款 printed under it, Yantai); otherwise by printed order: rows '
        'under a 类 name (工资福利支出, 商品和服务支出, 对个人和家庭的补助, …) until the next 类/total (seed 001 '
        'prints names only)'),
    "table_total_equals_sum_of_units": (
        'a table printed unit by unit: the 合计 (or department) line printed just above the'
        " first unit's line = Σ the units' lines (rows with `is_total` and item_name = "
        'unit_name)',
        'any table but 项目支出表 (its own checks), 机关运行经费 and 三公, every measure. The function'
        " and economic checks above run unit by unit in such tables: each unit's line is "
        "its 合计 (Shenzhen's 支出总表 and 基本支出总表, Guangdong's 部门预算基本支出预算表)"),
    "income_total_equals_expenditure_total": (
        '收入总计 = 支出总计 (income side `total` vs expenditure side `total`; Jiangsu: 收入合计 = '
        '支出合计, the 合计 rows after 当年…小计)',
        'two-sided tables (`side` set): `income_expenditure_summary`, `fiscal_summary`'),
    "income_current_total_equals_sum_of_lines": (
        '本年收入合计 (Jiangsu: 当年收入小计) = Σ income lines printed above it (not 合计/总计/其中 rows; '
        'numbered parts — 1./（一） — of a heading printed above them, numbered 一、 or not, '
        "are not added again: Shenzhen's 财政拨款 / 1.一般公共预算拨款)",
        'two-sided tables, every income measure'),
    "expenditure_current_total_equals_sum_of_classes": (
        '本年支出合计 = Σ 类 lines above it (3-digit codes; all lines when no codes)',
        'two-sided tables, every expenditure measure'),
    "expenditure_current_total_equals_sum_of_lines": (
        '本年支出合计 = Σ the un-coded lines of a second listing printed in other columns '
        "beside the 类 lines (Jiangsu's 收支预算总表: 基本支出 + 项目支出 + 单位预留机动经费; Xi'an's 部门 and 政府 "
        'economic listings, each on its own, a (1) line counted only under a 1、 line '
        'printed blank)',
        'two-sided tables with such a listing'),
    "income_grand_total_equals_current_plus_carry_over": (
        "收入总计 = 本年收入合计 + lines between them (上年结转, 使用非财政拨款结余, 年初结转和结余); a 结转 heading's "
        'un-labelled breakdown (一、一般公共预算 …) and its numbered parts (Shenzhen: 上年结余、结转 / '
        '1.财政拨款结余、结转 / 2.非财政拨款结余、结转) are not added again',
        'two-sided tables'),
    "expenditure_grand_total_equals_current_plus_carry_forward": (
        '支出总计 = 本年支出合计 + lines between them (年终结转, 结余分配, 年末结转和结余)',
        'two-sided tables'),
    "three_public_total_equals_sum_of_items": (
        '合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费 (+ 会议费 + 培训费 when printed, Jiangsu); when the'
        ' vehicle line is absent its two parts count instead',
        '`three_public`, every measure (total/budget/final/sources/prior_year/change); '
        "items printed as columns with one row per unit (Xi'an) or per 预算数/决算数: row by "
        'row'),
    "three_public_vehicle_equals_purchase_plus_operation": (
        '公务用车购置及运行费 (or its 小计) = 公务用车购置费 + 公务用车运行维护费',
        '`three_public`'),
    "project_unit_subtotal_equals_sum_of_projects": (
        'each unit subtotal = Σ the projects printed under it (lines printed in unmarked '
        "levels, Xi'an's 类别 / 一级项目 / 二级项目: Σ the top level, where every line of a level "
        'sums the lines under it)',
        '`project_expenditure`, `project_expenditure_carry_over`; heads are rows with '
        '`is_total` or item_name = unit_name'),
    "project_total_equals_sum_of_units": (
        'the department total (a head with no projects under it, printed first or last) ='
        ' Σ unit subtotals (Σ projects when no subtotals)',
        'as above'),
    "operating_cost_total_equals_sum_of_units": (
        '机关运行经费 (部门)合计 = Σ unit lines',
        '`operating_cost` by unit (seed 001). An `operating_cost` table by economic class'
        ' (Jiangsu: 合计, 商品和服务支出, its items) gets the `economic_*` checks instead'),
    "summary_expenditure_equals_expenditure_summary_total": (
        '收支总表 本年支出合计 (expenditure side, `total`) = 支出总表 合计 `total`',
        ""),
    "expenditure_summary_total_equals_income_summary_total": (
        '支出总表 合计 = 收入总表 合计 (+ its 上年结转 when only that variant holds); budgets only (a '
        "final account's income and expenditure differ by the change in 结转结余)",
        ""),
    "general_budget_basic_equals_economic_total": (
        '一般公共预算支出表 合计 `basic` = 基本支出经济分类表 合计 `total`',
        ""),
    "general_budget_expenditure_equals_fiscal_summary_general_budget": (
        "一般公共预算支出表 (不含上年结转) 合计 `total` = 财政拨款收支总表's income line 一般公共预算 printed above "
        "本年收入合计 (the current year's general budget; the 一般公共预算 line under 上年结转 is not "
        "it). Row/page of the fiscal summary's line",
        ""),
    "project_table_equals_general_budget_project": (
        '项目支出表（本年） department total = 一般公共预算支出表 合计 `project`; only when all project money'
        " is general budget: the project table's total prints no other funding source "
        '(government_fund, state_capital, special_account, unit_funds, …) with a non-zero'
        " amount, or, when it has no source columns, the 收入总表's 合计 has none. The "
        'department total is the first head (合计 or unit line) with no project under it, '
        'else the only head',
        ""),
    "project_tables_equal_expenditure_summary_project": (
        '项目支出表（本年） total + 项目支出表（上年结转） total (when printed; a table declared empty adds '
        'nothing) = 支出总表 合计 `project`. Seed 003: 191.52 + 120.66 = 312.18 against 312.17,'
        ' within 3 × 0.005',
        ""),
    "operating_cost_equals_public_funds": (
        "机关运行经费 (the `operating_cost` table's (部门)合计, or a 相关信息统计表 line naming 机关运行经费 in "
        "a final account) = 公用经费 of the basic-expenditure economic table (its 合计 row's "
        '`public_funds`, or its 公用经费合计 row). DOMAIN: 机关运行经费 = 公用经费 of the administrative '
        'units; the economic table covers every unit of the document, so a department '
        'with non-administrative units that spend 公用经费 fails here as a warning',
        ""),
    "final_account_balance": (
        '`final_account` documents, 收入支出决算总表: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 (income side) '
        '= 本年支出合计 + 结余分配 + 年末结转和结余 (expenditure side), main amount column; lines not '
        'printed count 0. `expected` = the expenditure side, `actual` = the income side, '
        'anchored on 本年支出合计',
        ""),
    "text_amount_equals_table": (
        'an amount the text states for a line it names in its own words, or for a 款/项 it names '
        'in a sentence or heading of its own with figures after it that name nothing else '
        '("1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为1560.05万元，支出决算为'
        '1511.89万元"); not a subject carried from an earlier figure, not one in a 主要原因 clause '
        'or a 绩效 passage, not a 类 whose words go on to a 款/项, not a sentence naming lines by '
        'codes of their own. It equals one of the '
        "table lines that name prints (the family's list above; 三公 also as the sum of its three "
        'items where the 合计 adds 会议费/培训费). `expected` = the nearest table line, `actual` = '
        'the text; tolerance: half a unit of the last digit of each',
        'every document with statements and tables'),
    "text_share_equals_its_figures": (
        '占X% = its amount (the last amount of the same subject before it in the sentence) over '
        'the amount it is a share of: an amount before it in the sentence, the section\'s first '
        'amount or the amount its base words name (the nearest of these). Tolerance: half a unit '
        'of the printed percent + the two amounts\' half units carried into the ratio',
        'shares whose own amount is stated in the same sentence'),
    "text_rate_equals_its_figures": (
        '完成X% (of 年初预算/全年预算/预算数) = the final amount over the budget amount, the last '
        'of each of its subject before it in its section; tolerance as for shares',
        'final accounts\' 完成年初预算的X% (and any rate against a budget)'),
    "text_rate_base_not_zero": (
        'a rate is stated over a base that is not 0: a completion rate over a budget of 0 '
        '("完成预算0万元的0%"), or 增长Y% where this year\'s amount less the stated change is 0 '
        '("因公出国（境）费13万元，比上年增加13万元，增长100%"). `expected` = the stated rate, '
        '`actual` = the base it is stated over (万元)',
        'every completion rate with its budget amount; every change rate with its amount'),
    "text_change_amount_agrees_with_change_rate": (
        '比上年增加/减少X万元 with 增长/下降Y% right after it (same subject): Y = X over (this year\'s '
        'stated amount − X signed); tolerance: half a unit of Y + X\'s and the prior\'s half units '
        'carried into the ratio',
        'changes whose subject\'s amount is stated earlier in the section'),
    "text_change_direction_agrees": (
        'the change in 万元 and its rate go the same way (增加 with 增长, 减少 with 下降)', ''),
    "text_comparison_word_agrees_with_figures": (
        '决算数大于/小于/等于预算数: the final amount − the budget amount (the last of each of its '
        'subject before the word, in its section and subsection) is > 0 / < 0 / within tolerance',
        'comparisons against a budget (年初预算, 全年预算, 预算数)'),
    "text_level_word_agrees_with_figures": (
        '持平 (与预算数持平, 基本持平): the two amounts agree within tolerance', 'as above'),
    "final_account_three_public_budget_equals_budget_document": (
        "a `final_account`'s 三公 table, measure `budget` (预算数), per item (合计, 因公出国（境）费, "
        '公务接待费, 公务用车购置及运行费, 购置费, 运行维护费, 会议费, 培训费) = the same item of the 三公 table of that'
        " year's `budget` document of the same `unit_name` (measure `budget`, else "
        '`total`). `expected` = the budget document, `actual` = the final account; '
        'tolerance 2 × half a unit',
        ""),
    "final_account_stated_budget_equals_budget_document": (
        'a final account\'s stated budget amount (`marts.fct_text_figure`, measure `budget`: '
        '"一般公共服务支出年初预算67.32万元", named as `text_amount_equals_table` requires) = the line of '
        "that year's `budget` document (same `unit_name`) its subject names, found as the text "
        'family finds it (一般公共预算(财政拨款)支出 → 一般公共预算支出表 合计; a 类/款/项 by its code …). '
        '`expected` = the budget document\'s nearest line, `actual` = the stated figure; '
        'tolerance: half a unit of each',
        ""),
    "text_year_over_year_change_equals_prior_document": (
        'a stated change on last year (`marts.fct_text_figure`: a change in 万元 whose base is '
        '上年/上年预算/上年决算 — "比上年增加7.79万元", "与上年相比，收入总计减少55.28万元" — not one in a '
        '主要原因 clause): its subject\'s line in this document (the text family\'s lines; where the '
        'sentence states the amount now, the line printing it) less the line of the same '
        "table kind, measure, side and code in last year's document (same unit, `fiscal_year − "
        "1`, same doc_type), the pair nearest the statement. `expected` = this year's line − "
        "last year's, `actual` = the stated change (减少/下降 negative); tolerance: half a unit of "
        'the stated change + of each table figure',
        ""),
    "text_year_over_year_pct_equals_prior_document": (
        'the growth rate stated right after that change ("增长0.26%"): `expected` = (this year − '
        'last year) / last year × 100, `actual` = the stated rate; tolerance: half a unit of the '
        "stated rate + the two table figures' half units carried into the ratio (100 × "
        '(δc/|p| + |c|·δp/p²))',
        ""),
    "required_table_present": (
        'a `budget` (and a `final_account`) document has each of '
        'income_expenditure_summary, income_summary, expenditure_summary, fiscal_summary,'
        ' general_budget_expenditure, basic_expenditure_economic, three_public — present,'
        ' empty or not. One row per required kind (`table_kind` = the kind). '
        '`not_applicable` (one row) for doc types without required tables (performance) and '
        'for a document without any table (the text half of a split disclosure: Jiangsu\'s '
        'cppcc-office-2018 text PDF; its tables half requires all seven). The seven are the '
        'same in every template of the corpus (national, Shanghai, Jiangsu 公开01–12, '
        'Guangdong, Hunan, Shaanxi, Shandong, Yunnan): a template prints them under titles of '
        'its own (收支总体情况表, 财务收支预算总表, 行政经费及“三公”经费预算表 …), and Jiangsu and '
        'Xi\'an print 三公 with 会议费/培训费 in one table, which counts',
        ""),
    "subject_code_valid": (
        '(all three code checks skip `procurement`, `disclosure_statistics`, '
        '`three_public` and the project tables: their codes tag items, not classification'
        " lines — Jiangsu's 政府采购预算表 lists items by 款 code without the 类 and under names "
        'of their own) every function code (`subject_code`) of a table has 3, 5 or 7 '
        'digits and its parent (the 款 of a 项, the 类 of a 款) is printed in the same table '
        '(same side and unit). One passing row per table (`description` gives the number '
        'of codes), or one failing row per offending code with its page, code and row',
        ""),
    "economic_code_valid": (
        'the same for `economic_code`: 3 or 5 digits, the 类 of a 款 printed in the same '
        'table',
        ""),
    "one_name_per_code": (
        'within a document a code carries one name (whitespace, 一、/（一）/1. numbering and a'
        ' trailing colon ignored; 合计 rows skipped), per classification: one passing row '
        'per classification, or one failing row per deviating name (its table, page, row;'
        ' `description` names the first name and its page)',
        ""),
    "nonempty_table_has_line_items": (
        'a table not declared empty (`is_empty` false) yields at least one line item; '
        '`not_applicable` for tables declared empty (本表无数据).',
        ""),
    "performance_execution_rate": (
        '执行率 = 全年执行数 / 全年预算数 × 100 (self-evaluations)',
        "tolerance: half a unit of the printed percent's last digit, plus what the "
        'rounding of the two amounts can move the quotient (each amount taken to the '
        'finest precision its row prints: a row printing 8858.95 beside 8859 keeps its '
        'amounts to 0.01)'),
    "performance_score_total": (
        "Σ indicator 得分 + 执行率得分 = 总分 (self-evaluations); where the 总分 row's 分值 is the "
        "indicators' 分值 alone (Xi'an: 分值 90, 执行率 scored beside), Σ indicator 得分 = 总分 "
        'agrees too',
        'tolerance: half a unit of the last digit of each number printed with decimals '
        '(integer scores are given, not rounded)'),
    "performance_annual_amount_equals_project_line": (
        "a target project's 年度资金 (元 → 万元) = its line in the 项目支出表 (same unit_name and "
        'project name, measure `total`)',
        'tolerance: half a unit of the last printed digit of both figures, in 万元'),
}
