"""Chinese labels for the codes the dashboard prints.

The warehouse's label tables win when they exist (``marts.dim_doc_type``, ``marts.dim_table_kind``,
``marts.dim_measure``: any column whose name says Chinese — ``*_zh``, ``name_cn``, ``chinese…`` —
or else ``label``/``name``); the dicts below are the fallback, taken from DOMAIN.md.
"""

from __future__ import annotations

DOC_TYPE = {"budget": "预算", "final_account": "决算", "performance": "绩效目标",
            "unknown": "未识别"}

TABLE_KIND = {
    "income_expenditure_summary": "收支总表", "income_summary": "收入总表",
    "expenditure_summary": "支出总表", "fiscal_summary": "财政拨款收支总表",
    "fiscal_expenditure": "财政拨款支出表（功能科目）",
    "fiscal_basic_expenditure_economic": "财政拨款基本支出表（经济科目）",
    "general_budget_expenditure": "一般公共预算支出表（功能分类）",
    "basic_expenditure_economic": "一般公共预算基本支出表（经济分类）",
    "general_budget_expenditure_economic": "一般公共预算支出表（经济分类）",
    "government_fund": "政府性基金预算表", "state_capital": "国有资本经营预算表",
    "three_public": "“三公”经费表", "operating_cost": "机关运行经费表",
    "project_expenditure": "项目支出表（本年）",
    "project_expenditure_carry_over": "项目支出表（上年结转）", "procurement": "政府采购表",
    "disclosure_statistics": "公开相关信息统计表",
    "government_purchase_service": "政府购买服务表",
    "performance_targets": "绩效目标表",
}

MEASURE = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
    "public_funds": "公用经费", "general_budget": "一般公共预算", "government_fund": "政府性基金",
    "state_capital": "国有资本经营", "special_account": "财政专户管理资金", "unit_funds": "单位资金",
    "carry_over": "上年结转", "year_end_carry_over": "年末结转和结余", "income": "本年收入",
    "fiscal_appropriation": "财政拨款收入", "upper_grant": "上级补助收入",
    "business_income": "事业收入", "operating_income": "经营收入",
    "affiliated_income": "附属单位上缴收入", "other_income": "其他收入", "remittance": "上缴上级支出",
    "operating_expenditure": "经营支出", "subsidy_to_affiliates": "对附属单位补助支出",
    "reserve": "单位预留机动经费", "budget": "预算数", "final": "决算数",
    "current_year": "当年预算安排", "prior_year": "上年数", "change": "增减额",
}

STATUS = {"reconciles": "通过", "warnings": "有警告", "does_not_reconcile": "未通过",
          "not_checked": "未检查", "failed": "解析失败"}

SEVERITY = {"error": "错误", "warning": "警告"}

FAMILY = {"table_identities": "表内平衡", "across_tables": "表间一致", "codes": "科目编码",
          "completeness": "完整性", "text_statements": "文字与表格", "cross_document": "跨文档",
          "performance": "绩效表", "unknown": "其他"}

ADMIN_LEVEL = {"province": "省", "city": "市", "county": "县"}

_LABEL_COLUMNS = ("label_zh", "name_zh", "title_zh", "zh", "chinese_name", "name_cn", "label_cn",
                  "chinese", "label", "name")


def _table_labels(con, table: str, key: str) -> dict:
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    if key not in cols:
        return {}
    label = next((c for c in _LABEL_COLUMNS if c in cols), None)
    if label is None:
        label = next((c for c in cols if c != key and ("zh" in c or "chinese" in c)), None)
    if label is None:
        return {}
    rel = {"dim_doc_type": "marts.dim_doc_type", "dim_table_kind": "marts.dim_table_kind",
           "dim_measure": "marts.dim_measure"}[table]
    # identifiers are constants or information_schema column names, never document text
    rows = con.execute("SELECT " + '"' + key + '", "' + label + '" FROM ' + rel).fetchall()  # noqa: S608 — key, label from information_schema column names, rel a constant
    return {str(k): str(v) for k, v in rows if k is not None and v}


def load_labels(con) -> dict:
    """{'doc_type': {...}, 'table_kind': {...}, 'measure': {...}, ...}: warehouse first."""
    out = {"doc_type": dict(DOC_TYPE), "table_kind": dict(TABLE_KIND), "measure": dict(MEASURE),
           "status": dict(STATUS), "severity": dict(SEVERITY), "family": dict(FAMILY)}
    for table, key in (("dim_doc_type", "doc_type"), ("dim_table_kind", "table_kind"),
                       ("dim_measure", "measure")):
        try:
            out[key].update(_table_labels(con, table, key))
        except Exception:  # a label table being rebuilt must not stop the dashboard
            pass
    return out


def label(labels: dict, kind: str, code) -> str:
    """'预算 budget' style: the Chinese label, then the code (or the code alone)."""
    if code is None or code == "":
        return ""
    zh = labels.get(kind, {}).get(str(code))
    return f"{zh} {code}" if zh and zh != str(code) else str(code)
