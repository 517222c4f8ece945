"""The registry of check families: what the runner iterates, GE states and CHECKS.md lists.

A ``CheckFamily`` names its checks (each with its severity and why), the documents it covers and
how it runs: ``run(reader, document_ids) -> list[CheckResult]`` over one ``WarehouseReader``.
``run_family`` never lets a family's exception pass: it runs the family again document by document
and records every document on which it raises as an error-level failure of ``check_family_ran``
(the exception in its description), so a broken check shows in ``dq.check_results`` instead of
only in a log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Sequence

from expectations import contents, cross_document, performance_checks, text_statements
from expectations import identities as ids
from expectations.reader import WarehouseReader
from expectations.results import ERROR, FAIL, NOT_APPLICABLE, WARNING, CheckResult

log = logging.getLogger(__name__)

FAMILY_RAN = "check_family_ran"


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str  # one line: what dq.check_results.description starts with


@dataclass(frozen=True)
class CheckFamily:
    name: str
    title: str
    module: str
    description: str  # what the family reads and checks (CHECKS.md)
    severity_why: str  # why its checks have the severity they have (CHECKS.md)
    checks: tuple[Check, ...]
    covers: Callable[[WarehouseReader], list]  # the reader's documents it checks
    run: Callable[[WarehouseReader, list], list[CheckResult]]

    @property
    def check_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.checks)

    def severity_of(self, check_name: str) -> str:
        for c in self.checks:
            if c.name == check_name:
                return c.severity
        raise KeyError(check_name)

    @property
    def severities(self) -> set[str]:
        return {c.severity for c in self.checks}


def _checks(severity: str, names: Sequence[str], descriptions: dict,
            overrides: dict | None = None) -> tuple[Check, ...]:
    overrides = overrides or {}
    return tuple(Check(n, overrides.get(n, severity), descriptions[n]) for n in names)


# ----------------------------------------------------------------------------- covered documents

def _documents_with_line_items(reader: WarehouseReader) -> list:
    return sorted(reader.normalised_by_document, key=str)


def _documents_with_tables_or_landed(reader: WarehouseReader) -> list:
    landed = {d["document_id"] for d in reader.documents if d.get("status", "landed") == "landed"}
    return sorted(landed | {t.get("document_id") for t in reader.tables}, key=str)


def _documents_with_statements(reader: WarehouseReader) -> list:
    return sorted({f.get("document_id") for f in reader.text_figures} - {None}, key=str)


def _documents_in_dim_document(reader: WarehouseReader) -> list:
    return sorted({d["document_id"] for d in reader.documents}, key=str)


def _documents_with_performance_tables(reader: WarehouseReader) -> list:
    return sorted({p["document_id"] for p in reader.performance_projects}, key=str)


# ----------------------------------------------------------------------------- running families

def _tables_of(doc_items: list[dict]):
    return sorted(ids.grouped_by(doc_items, "table_id").items(), key=lambda kv: str(kv[0][0]))


def run_table_identities(reader: WarehouseReader, document_ids: list) -> list[CheckResult]:
    out: list[CheckResult] = []
    for doc in document_ids:
        for _, table_items in _tables_of(reader.normalised_by_document.get(doc, [])):
            out += ids.check_table(table_items)
    return out


def run_across_tables(reader: WarehouseReader, document_ids: list) -> list[CheckResult]:
    out: list[CheckResult] = []
    for doc in document_ids:
        out += ids.check_across_tables(reader.normalised_by_document.get(doc, []),
                                       reader.doc_types.get(doc))
    return out


def run_codes(reader: WarehouseReader, document_ids: list) -> list[CheckResult]:
    out: list[CheckResult] = []
    for doc in document_ids:
        out += ids.check_codes(reader.normalised_by_document.get(doc, []))
    return out


def run_completeness(reader: WarehouseReader, document_ids: list) -> list[CheckResult]:
    items_by_doc: dict = {}
    for li in reader.line_items:
        items_by_doc.setdefault(li.get("document_id"), set()).add(li.get("table_id"))
    tables_by_doc: dict = {}
    for t in reader.tables:
        tables_by_doc.setdefault(t.get("document_id"), []).append(t)
    doc_types = {d["document_id"]: d.get("doc_type") for d in reader.documents
                 if d.get("status", "landed") == "landed"}
    results: list[CheckResult] = []
    for doc_id in document_ids:
        doc_type = doc_types.get(doc_id)
        doc_tables = tables_by_doc.get(doc_id, [])
        if not doc_tables and doc_type in ids.REQUIRED_TABLES:
            # the text half of a disclosure split into a text PDF and a tables PDF (Jiangsu's
            # cppcc-office-2018): its tables are another document's, not missing from this one
            results.append(CheckResult(
                document_id=doc_id, check_name="required_table_present",
                description="the document holds no tables at all (the text half of a split "
                            "disclosure): completeness is the tables half's to show",
                severity=ERROR, status=NOT_APPLICABLE))
            continue
        results += ids.check_completeness(doc_id, doc_type, doc_tables,
                                          items_by_doc.get(doc_id, set()))
        results += contents.check_listed_tables(doc_id, doc_type, reader.pages.get(doc_id, []),
                                                doc_tables)
        if doc_type not in ids.REQUIRED_TABLES:
            results.append(CheckResult(
                document_id=doc_id, check_name="required_table_present",
                description=f"no standard tables are required of doc_type {doc_type!r}",
                severity=ERROR, status=NOT_APPLICABLE))
        for t in doc_tables:
            if t.get("is_empty") is True:
                results.append(CheckResult(
                    document_id=doc_id, check_name="nonempty_table_has_line_items",
                    description="the table is declared empty (本表无数据)", severity=WARNING,
                    status=NOT_APPLICABLE, table_kind=t.get("table_kind"),
                    page_number=t.get("page_from"), item_name=t.get("table_title"),
                    table_id=t.get("table_id")))
    return results


def run_performance(reader: WarehouseReader, document_ids: list) -> list[CheckResult]:
    return performance_checks.check_documents(reader, document_ids)


def family_failure(family: CheckFamily, document_id, exc: BaseException) -> CheckResult:
    return CheckResult(
        document_id=document_id, check_name=FAMILY_RAN,
        description=f"the {family.name} checks raised {type(exc).__name__}: {exc}; none of "
                    f"them ran on this document", severity=ERROR, status=FAIL,
        item_name=family.name)


def run_family(family: CheckFamily, reader: WarehouseReader,
               document_ids: Sequence | None = None) -> list[CheckResult]:
    """The family's results over the documents it covers (of ``document_ids`` when given). When
    it raises, it runs document by document: a document on which it raises alone gets one
    error-level ``check_family_ran`` failure, the others their results."""
    covered = family.covers(reader)
    if document_ids is not None:
        wanted = set(document_ids)
        covered = [d for d in covered if d in wanted]
    if not covered:
        return []
    try:
        return family.run(reader, covered)
    except Exception as exc:  # noqa: BLE001 — recorded below, document by document
        log.warning("%s checks raised on %d documents (%s): retrying one by one", family.name,
                    len(covered), exc)
        if len(covered) == 1:
            return [family_failure(family, covered[0], exc)]
    out: list[CheckResult] = []
    for doc in covered:
        try:
            out += family.run(reader, [doc])
        except Exception as exc:  # noqa: BLE001
            out.append(family_failure(family, doc, exc))
    return out


# ----------------------------------------------------------------------------- the registry

_ACROSS = ["summary_expenditure_equals_expenditure_summary_total",
           "expenditure_summary_total_equals_income_summary_total",
           "general_budget_basic_equals_economic_total",
           "general_budget_expenditure_equals_fiscal_summary_general_budget",
           "project_table_equals_general_budget_project",
           "project_tables_equal_expenditure_summary_project",
           "operating_cost_equals_public_funds", "final_account_balance"]
_CODES = ["subject_code_valid", "economic_code_valid", "one_name_per_code"]
_COMPLETENESS = ["required_table_present", "nonempty_table_has_line_items"]
_WITHIN = [n for n in ids.DESCRIPTIONS if n not in {*_ACROSS, *_CODES, *_COMPLETENESS}]

FAMILIES: tuple[CheckFamily, ...] = (
    CheckFamily(
        name="table_identities", title="Within a table",
        module="expectations/table_identities.py, expectations/summary_tables.py",
        description="The arithmetic of one printed table (`check_table`), read from "
                    "`marts.fct_line_item`: one result per identity instance (per table, "
                    "row/subject and measure).",
        severity_why="error: a printed total that is not the sum of its printed parts beyond "
                     "rounding is broken arithmetic; no reading of the document makes it right.",
        checks=_checks(ERROR, _WITHIN, ids.DESCRIPTIONS),
        covers=_documents_with_line_items, run=run_table_identities),
    CheckFamily(
        name="across_tables", title="Across tables of one document",
        module="expectations/document_identities.py",
        description="Figures one table repeats from another (`check_across_tables`). Checked "
                    "only when the document has exactly one table of each kind involved.",
        severity_why="warning: the identities depend on each table's declared scope (不含上年结转, "
                     "年终结转), which the document may state rightly where the reading of the "
                     "scope is wrong. `final_account_balance` is an error: it is the balance of "
                     "the 收入支出决算总表's own two sides.",
        checks=_checks(WARNING, _ACROSS, ids.DESCRIPTIONS, {"final_account_balance": ERROR}),
        covers=_documents_with_line_items, run=run_across_tables),
    CheckFamily(
        name="codes", title="Classification codes", module="expectations/document_identities.py",
        description="The function and economic codes a document prints (`check_codes`). All "
                    "three skip `procurement`, `disclosure_statistics`, `three_public` and the "
                    "project tables: their codes tag items, not classification lines.",
        severity_why="warning: a template may print a code without its parent or name a code "
                     "its own way (Jiangsu's 政府采购预算表); the figures may still be right.",
        checks=_checks(WARNING, _CODES, ids.DESCRIPTIONS),
        covers=_documents_with_line_items, run=run_codes),
    CheckFamily(
        name="completeness", title="Completeness",
        module="expectations/registry.py, expectations/contents.py",
        description="The tables a document publishes, from `marts.fct_table` and "
                    "`marts.dim_document`, against what its doc_type requires and what its "
                    "contents (目录, read from `raw.pages`) lists. A document without any table "
                    "(the text half of a split disclosure: Jiangsu's cppcc-office-2018 text PDF) "
                    "and a `performance` document require none (`not_applicable`); the tables "
                    "half of a split disclosure requires them all.",
        severity_why="error for a required table that is absent and for a table the contents "
                     "lists that is absent: the document does not publish what it must or "
                     "what it says it does. Warning for a table without line items: it may be "
                     "one the readers do not read yet.",
        checks=(Check("required_table_present", ERROR,
                      ids.DESCRIPTIONS["required_table_present"]),
                Check(contents.CHECK, contents.SEVERITY, contents.DESCRIPTION),
                Check("nonempty_table_has_line_items", WARNING,
                      ids.DESCRIPTIONS["nonempty_table_has_line_items"])),
        covers=_documents_with_tables_or_landed, run=run_completeness),
    CheckFamily(
        name="text_statements", title="The text's statements",
        module="expectations/text_statements.py",
        description="Every statement of the explanation (`marts.fct_text_figure`, read by "
                    "extract/statements/) against its table and against its own arithmetic. An "
                    "amount naming a line (收入总计/支出总计 → 收支总表; 本年收入合计/本年支出合计; "
                    "财政拨款收入支出总计 → 财政拨款收支总表; 一般公共预算(财政拨款)支出 and a 类/款/项 by "
                    "its code → 一般公共预算支出表 (a final account's 年初预算 → its `budget` column, "
                    "its 决算 → `final` or the only column); 基本支出/项目支出 → 支出总表 or 一般公共"
                    "预算支出表; 人员经费/公用经费 → 基本支出经济分类表; 三公 and its items → 三公表; "
                    "机关运行经费 → 机关运行经费表 or 相关信息统计表) holds when it equals one of the "
                    "lines that name prints. `page_number` is the statement's page, `expected` the "
                    "table's figure (or the arithmetic's), `actual` the stated one, and "
                    "`description` quotes the sentence. A statement no check applies to yields "
                    "no row.",
        severity_why="error: a stated figure no table of the document prints, or a share, rate, "
                     "change or comparison word its own figures contradict, is the text's error "
                     "(the Putuo finance bureau's 2024 final account, p21: 财政拨款收入支出总计 "
                     "0.3万元 against 2,961.68). Warning where the document may be right: 持平 "
                     "(documents say 基本持平 of figures that differ a little), and a change in 万元 "
                     "against its rate (last year's figure the rate is over is printed nowhere in "
                     "the document, and the two may be stated against different prior figures, "
                     "上年预算 and 上年执行数; `cross_document` checks both against last year's "
                     "document).",
        checks=tuple(Check(n, severity, text_statements.DESCRIPTIONS[n])
                     for n, severity in text_statements.SEVERITIES.items()),
        covers=_documents_with_statements, run=text_statements.check_documents),
    CheckFamily(
        name="cross_document", title="Across documents", module="expectations/cross_document.py",
        description="A final account's quoted budget against that year's budget document, and "
                    "stated changes on last year against last year's document; read from "
                    "`marts.dim_document` (landed, current documents only), "
                    "`marts.fct_line_item` and the text's statements (`marts.fct_text_figure`: a "
                    "change in 万元 on 上年 and the rate after it; a final account's 年初预算 "
                    "amounts), each statement's line found in both documents as the text family "
                    "finds it. A result belongs to the document that "
                    "states the figure (`document_id`, `page_number` of the statement or of its "
                    "三公 row, `table_kind`/`item_name` of this document's matching table line); "
                    "`description` names the other document (id, unit, year, type, file) and its "
                    "page. Nothing is emitted when the other document is not in the warehouse. "
                    "When `run_checks` is given `document_ids`, the documents whose "
                    "cross-document checks read them are re-checked too: the same unit's current "
                    "document of the same doc_type a year later, and for a budget the same "
                    "year's final account.",
        severity_why="warning: the other document may have been corrected or republished, or "
                     "be of another scope, since the figure was quoted.",
        checks=_checks(WARNING, list(cross_document.DESCRIPTIONS), cross_document.DESCRIPTIONS),
        covers=_documents_in_dim_document, run=cross_document.check_documents),
    CheckFamily(
        name="performance", title="Performance tables",
        module="expectations/performance_checks.py",
        description="The 项目支出绩效自评表 and 绩效目标表 (`marts.fct_performance_project`, "
                    "`marts.fct_performance_indicator`, current documents), and a target "
                    "project's money against the 项目支出表. `page_number` is the performance "
                    "table's page; `expected` is the reference (printed 执行率, 总分, the 项目支出表 "
                    "line), `actual` the computed side; `not_applicable` when a figure is "
                    "missing.",
        severity_why="error for the arithmetic within a 自评表 (执行率, 总分); warning for the "
                     "match across tables: a project may be named differently in the 项目支出表.",
        checks=tuple(Check(n, severity, performance_checks.DESCRIPTIONS[n])
                     for n, severity in performance_checks.SEVERITIES.items()),
        covers=_documents_with_performance_tables, run=run_performance),
)

FAMILY_OF_CHECK: dict[str, str] = {c.name: f.name for f in FAMILIES for c in f.checks}
SEVERITY_OF_CHECK: dict[str, str] = {c.name: c.severity for f in FAMILIES for c in f.checks}


def family_of(result: CheckResult) -> str:
    """The family a result belongs to (a ``check_family_ran`` failure names it)."""
    if result.check_name == FAMILY_RAN:
        return result.item_name or "unknown"
    return FAMILY_OF_CHECK.get(result.check_name, "unknown")


def run_all(reader: WarehouseReader, families: Sequence[CheckFamily] = FAMILIES,
            document_ids: Sequence | None = None) -> list[tuple[CheckFamily, list[CheckResult]]]:
    """Every family's results over the reader's documents, family by family."""
    return [(f, run_family(f, reader, document_ids)) for f in families]


__all__ = ["Check", "CheckFamily", "FAMILIES", "FAMILY_OF_CHECK", "FAMILY_RAN",
           "SEVERITY_OF_CHECK", "family_of", "run_all", "run_family"]
