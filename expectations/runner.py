"""Run the reconciliation checks on a warehouse and store them in ``dq.check_results``.

``run_checks(con, run_id)`` reads ``marts.fct_line_item``, ``marts.fct_table`` and
``marts.dim_document``, computes every identity instance (``expectations.identities``) and the
completeness checks, validates the results with Great Expectations 1.x (pandas route: GE's SQL
datasource returns nothing for DuckDB here) and appends them to ``dq.check_results`` — one
``checked_at`` per run, so ``dq.latest_check_results`` (newest run per document) is consistent.

Great Expectations: a file context whose project root is ``gx_dir`` (default: the warehouse file's
directory, so GE's files and Data Docs live in ``gx/`` next to the warehouse),
a pandas datasource with one dataframe asset, a suite defined in code, one validation definition
and one checkpoint that updates Data Docs. GE is imported and its context built once per process
and root directory; each run is one validation of the whole results frame.
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence, Union

import duckdb
import pandas as pd

from expectations import identities as ids

RESULT_COLUMNS = ("run_id", "checked_at", "document_id", "check_name", "description", "severity",
                  "status", "table_kind", "page_number", "subject_code", "item_name", "expected",
                  "actual", "difference", "tolerance", "table_id", "measure")

DQ_DDL = """
CREATE SCHEMA IF NOT EXISTS dq;
CREATE TABLE IF NOT EXISTS dq.check_results (
    run_id VARCHAR, checked_at TIMESTAMP, document_id VARCHAR, check_name VARCHAR,
    description VARCHAR, severity VARCHAR, status VARCHAR, table_kind VARCHAR,
    page_number INTEGER, subject_code VARCHAR, item_name VARCHAR, expected DECIMAL(20, 6),
    actual DECIMAL(20, 6), difference DECIMAL(20, 6), tolerance DECIMAL(20, 6),
    table_id INTEGER
);
CREATE VIEW IF NOT EXISTS dq.latest_check_results AS
SELECT c.* FROM dq.check_results c
JOIN (SELECT document_id, max(checked_at) AS checked_at FROM dq.check_results
      GROUP BY document_id) l
  ON c.document_id IS NOT DISTINCT FROM l.document_id AND c.checked_at = l.checked_at;
"""

CHECK_RUNS_DDL = """
CREATE SCHEMA IF NOT EXISTS dq;
-- one row per run of the checks: which documents it covered ('all' or 'changed': the documents a
-- run landed and their cross-document neighbours) and the version of the checks' code
CREATE TABLE IF NOT EXISTS dq.check_runs (
    run_id VARCHAR, checked_at TIMESTAMP, scope VARCHAR, code_version VARCHAR, documents INTEGER
);
"""

log = logging.getLogger(__name__)


def checks_code_version() -> str:
    """A digest of the checks' code (expectations/*.py) and the parser version: results computed
    by other code are not comparable, so a change here asks for a full check once."""
    import hashlib

    from extract import PARSER_VERSION

    digest = hashlib.sha256(PARSER_VERSION.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def unchecked_document_ids(con) -> list[str]:
    """Landed documents with no check results newer than their landing: what a run landed, and
    what a run killed before its checks left unchecked."""
    if not _relation_exists(con, "dq", "check_results"):
        return sorted(r[0] for r in con.execute(
            "SELECT document_id FROM raw.documents WHERE status = 'landed'").fetchall())
    return sorted(r[0] for r in con.execute(
        "SELECT d.document_id FROM raw.documents d LEFT JOIN (SELECT document_id, "
        "max(checked_at) AS checked_at FROM dq.check_results GROUP BY document_id) c "
        "USING (document_id) WHERE d.status = 'landed' "
        "AND (c.checked_at IS NULL OR c.checked_at < d.ingested_at)").fetchall())


def full_check_reason(con) -> Optional[str]:
    """Why a run must check every document rather than only those it changed, or None: no run
    checked them all yet, or the checks' code changed since the last that did."""
    try:
        row = con.execute("SELECT code_version FROM dq.check_runs WHERE scope = 'all' "
                          "ORDER BY checked_at DESC LIMIT 1").fetchone()
    except duckdb.Error:
        return "no run has checked every document yet"
    if row is None:
        return "no run has checked every document yet"
    if row[0] != checks_code_version():
        return "the checks changed since the last run that checked every document"
    return None

SUITE_NAME = "govbudget_check_results"
_GX_CACHE: dict = {}


# ----------------------------------------------------------------------------- reading the marts

def _relation_exists(con, schema: str, name: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name]).fetchone()[0] > 0


def _columns(con, schema: str, name: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND "
        "table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()]


def _fetch_dicts(con, sql: str, params: Sequence = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]  # DECIMAL stays Decimal


def _doc_filter(document_ids: Optional[Sequence[str]]) -> tuple[str, list]:
    if document_ids is None:
        return "", []
    if not document_ids:
        return " WHERE false", []
    return f" WHERE document_id IN ({', '.join('?' for _ in document_ids)})", list(document_ids)


def read_pages(con, document_ids: Optional[Sequence[str]] = None) -> dict:
    """document_id -> [page text, …] from raw.pages (for the text-against-tables checks)."""
    if not _relation_exists(con, "raw", "pages"):
        return {}
    where, params = _doc_filter(document_ids)
    pages: dict = {}
    for doc, number, text in con.execute(
            f"SELECT document_id, page_number, text FROM raw.pages{where} "
            "ORDER BY document_id, page_number", params).fetchall():
        lst = pages.setdefault(doc, [])
        while len(lst) < (number or 1) - 1:
            lst.append("")
        lst.append(text or "")
    return pages


def read_marts(con, document_ids: Optional[Sequence[str]] = None
               ) -> tuple[list[dict], list[dict], list[dict]]:
    where, params = _doc_filter(document_ids)
    line_items = tables = docs = []
    if _relation_exists(con, "marts", "fct_line_item"):
        line_items = _fetch_dicts(con, f"SELECT * FROM marts.fct_line_item{where}", params)
    if _relation_exists(con, "marts", "fct_table"):
        tables = _fetch_dicts(con, f"SELECT * FROM marts.fct_table{where}", params)
    if _relation_exists(con, "marts", "dim_document"):
        cols = _columns(con, "marts", "dim_document")
        keep = [c for c in ("document_id", "doc_type", "status", "is_current") if c in cols]
        docs = _fetch_dicts(con, f"SELECT {', '.join(keep)} FROM marts.dim_document{where}",
                            params)
    return line_items, tables, docs


# ----------------------------------------------------------------------------- computing

def text_results(pages: dict, line_items: Sequence[dict]) -> list[ids.CheckResult]:
    """The explanation's figures against the tables (expectations.text_figures), as results."""
    from expectations.text_figures import text_figure_checks

    by_doc: dict = {}
    for li in line_items:
        by_doc.setdefault(li.get("document_id"), []).append(li)
    out: list[ids.CheckResult] = []
    fields = set(ids.CheckResult.__dataclass_fields__)
    for doc, pages_text in pages.items():
        items = by_doc.get(doc)
        if not items:
            continue
        try:
            found = text_figure_checks(pages_text, items)
        except Exception as exc:  # a text oddity must not stop the table checks
            log.warning("text figure checks failed for %s: %s", doc, exc)
            continue
        for d in found:
            r = ids.CheckResult(**{k: v for k, v in d.items() if k in fields})
            for k in ("expected", "actual", "difference", "tolerance"):
                v = getattr(r, k)
                if v is not None and not isinstance(v, Decimal):
                    setattr(r, k, Decimal(str(v)))
            out.append(r)
    return out


def compute_results(line_items: Sequence[dict], tables: Sequence[dict], docs: Sequence[dict],
                    pages: Optional[dict] = None) -> list[ids.CheckResult]:
    doc_types = {d["document_id"]: d.get("doc_type") for d in docs}
    results = ids.check_line_items(line_items, doc_types=doc_types)
    if pages:
        results += text_results(pages, line_items)
    items_by_doc: dict = {}
    for li in line_items:
        items_by_doc.setdefault(li.get("document_id"), set()).add(li.get("table_id"))
    tables_by_doc: dict = {}
    for t in tables:
        tables_by_doc.setdefault(t.get("document_id"), []).append(t)
    doc_types = {d["document_id"]: d.get("doc_type") for d in docs
                 if d.get("status", "landed") == "landed"}
    for doc_id in sorted(set(doc_types) | set(tables_by_doc), key=str):
        doc_type = doc_types.get(doc_id)
        doc_tables = tables_by_doc.get(doc_id, [])
        if not doc_tables and doc_type in ids.REQUIRED_TABLES:
            # the text half of a disclosure split into a text PDF and a tables PDF (Jiangsu's
            # cppcc-office-2018): its tables are another document's, not missing from this one
            results.append(ids.CheckResult(
                document_id=doc_id, check_name="required_table_present",
                description="the document holds no tables at all (the text half of a split "
                            "disclosure): completeness is the tables half's to show",
                severity=ids.WARNING, status=ids.NOT_APPLICABLE))
            continue
        results += ids.check_completeness(doc_id, doc_type, doc_tables,
                                          items_by_doc.get(doc_id, set()))
        if doc_type not in ids.REQUIRED_TABLES:
            results.append(ids.CheckResult(
                document_id=doc_id, check_name="required_table_present",
                description=f"no standard tables are required of doc_type {doc_type!r}",
                severity=ids.WARNING, status=ids.NOT_APPLICABLE))
        for t in doc_tables:
            if t.get("is_empty") is True:
                results.append(ids.CheckResult(
                    document_id=doc_id, check_name="nonempty_table_has_line_items",
                    description="the table is declared empty (本表无数据)", severity=ids.WARNING,
                    status=ids.NOT_APPLICABLE, table_kind=t.get("table_kind"),
                    page_number=t.get("page_from"), item_name=t.get("table_title"),
                    table_id=t.get("table_id")))
    return results


def _as_result(d) -> ids.CheckResult:
    if isinstance(d, ids.CheckResult):
        return d
    fields = set(ids.CheckResult.__dataclass_fields__)
    r = ids.CheckResult(**{k: v for k, v in dict(d).items() if k in fields})
    for k in ("expected", "actual", "difference", "tolerance"):
        v = getattr(r, k)
        if v is not None and not isinstance(v, Decimal):
            setattr(r, k, Decimal(str(v)))
    return r


def extra_results(con, document_ids: Sequence[str], pages: Optional[dict] = None
                  ) -> list[ids.CheckResult]:
    """Checks that read beyond one document's line items: across documents
    (expectations.cross_document) and the performance tables (expectations.performance_checks,
    when that module is present). A failure in either is logged, never fatal."""
    out: list[ids.CheckResult] = []
    try:
        from expectations.cross_document import cross_document_checks
        out += cross_document_checks(con, document_ids, pages)
    except Exception as exc:
        log.warning("cross-document checks failed: %s", exc)
    try:
        from expectations.performance_checks import performance_checks
    except ImportError:
        performance_checks = None
    if performance_checks is not None:
        try:
            out += [_as_result(d) for d in performance_checks(con, list(document_ids))]
        except Exception as exc:
            log.warning("performance checks failed: %s", exc)
    return out


def _int_or_none(v):
    if ids._missing(v):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _dec_text(v: Optional[Decimal]) -> Optional[str]:
    return None if v is None else format(v, "f")


def results_to_frame(results: Sequence[ids.CheckResult], run_id: str,
                     checked_at: datetime) -> pd.DataFrame:
    rows = []
    for r in results:
        rows.append({
            "run_id": run_id, "checked_at": checked_at, "document_id": r.document_id,
            "check_name": r.check_name, "description": r.description, "severity": r.severity,
            "status": r.status, "table_kind": r.table_kind,
            "page_number": _int_or_none(r.page_number), "subject_code": r.subject_code,
            "item_name": r.item_name, "expected": _dec_text(r.expected),
            "actual": _dec_text(r.actual), "difference": _dec_text(r.difference),
            "tolerance": _dec_text(r.tolerance), "table_id": _int_or_none(r.table_id),
            "measure": r.measure,
        })
    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    df["page_number"] = df["page_number"].astype("Int64")
    df["table_id"] = df["table_id"].astype("Int64")
    return df


def write_results(con, frame: pd.DataFrame) -> None:
    con.execute(DQ_DDL)
    # an added column (CONTRACT.md allows additions): the amount column an identity is about
    con.execute("ALTER TABLE dq.check_results ADD COLUMN IF NOT EXISTS measure VARCHAR")
    if frame.empty:
        return
    con.register("_gb_check_results", frame)
    try:
        con.execute(
            "INSERT INTO dq.check_results (" + ", ".join(RESULT_COLUMNS) + ") SELECT "
            "run_id, CAST(checked_at AS TIMESTAMP), document_id, check_name, description, "
            "severity, status, table_kind, CAST(page_number AS INTEGER), subject_code, "
            "item_name, CAST(expected AS DECIMAL(20, 6)), CAST(actual AS DECIMAL(20, 6)), "
            "CAST(difference AS DECIMAL(20, 6)), CAST(tolerance AS DECIMAL(20, 6)), "
            "CAST(table_id AS INTEGER), measure FROM _gb_check_results")
    finally:
        con.unregister("_gb_check_results")


# ----------------------------------------------------------------------------- Great Expectations

def _default_gx_dir(con) -> Path:
    try:
        for row in con.execute("PRAGMA database_list").fetchall():
            if row[2]:
                return Path(row[2]).resolve().parent  # GE keeps its files in <dir>/gx/
    except Exception:
        pass
    return Path(tempfile.gettempdir()) / "govbudget_gx"


DOCS_SITE = "govbudget_site"


def _configure_docs_site(ctx, docs_dir: Optional[Path]) -> None:
    """Data Docs in ``docs_dir`` when given (one site only: each build renders every site)."""
    if docs_dir is None:
        return
    docs_dir = Path(docs_dir).resolve()
    docs_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = ctx.list_data_docs_sites() or {}
    for name in list(sites):
        if name != DOCS_SITE:
            ctx.delete_data_docs_site(name)
    if DOCS_SITE in sites:
        ctx.update_data_docs_site(DOCS_SITE, config)
    else:
        ctx.add_data_docs_site(DOCS_SITE, config)


def _gx_objects(root: Path, docs_dir: Optional[Path] = None):
    """(gx module, context, batch definition, checkpoint), built once per process and root."""
    key = f"{root}|{docs_dir}"
    if key in _GX_CACHE:
        return _GX_CACHE[key]
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.row_conditions import Column

    root.mkdir(parents=True, exist_ok=True)
    ctx = gx.get_context(mode="file", project_root_dir=str(root))
    try:
        ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
        ctx.variables.save()
    except Exception:
        pass
    _configure_docs_site(ctx, docs_dir)
    ds = ctx.data_sources.add_or_update_pandas("govbudget_dq")
    try:
        asset = ds.get_asset("check_results")
    except LookupError:
        asset = ds.add_dataframe_asset("check_results")
    try:
        batch_def = asset.get_batch_definition("whole_run")
    except (KeyError, LookupError, ValueError):
        batch_def = asset.add_batch_definition_whole_dataframe("whole_run")

    E = gx.expectations
    suite = gx.ExpectationSuite(name=SUITE_NAME, expectations=[
        E.ExpectColumnValuesToNotBeNull(column="document_id",
                                        description="every result names its document"),
        E.ExpectColumnValuesToNotBeNull(column="check_name",
                                        description="every result names its check"),
        E.ExpectColumnValuesToBeInSet(column="severity", value_set=["error", "warning"],
                                      description="severity is error or warning"),
        E.ExpectColumnValuesToBeInSet(column="status",
                                      value_set=["pass", "fail", "not_applicable"],
                                      description="status is pass, fail or not_applicable"),
        # the checks' own bookkeeping: status agrees with |difference| <= tolerance
        E.ExpectColumnValuesToBeInSet(
            column="status_consistent", value_set=[True],
            description="status is pass exactly when |difference| <= tolerance"),
        # the findings: every error-severity identity holds within its rounding tolerance
        E.ExpectColumnValuesToBeBetween(
            column="within_tolerance", min_value=0, row_condition=Column("severity") == "error",
            description="error-severity identities hold within the rounding tolerance"),
        E.ExpectColumnValuesToBeBetween(
            column="within_tolerance", min_value=0,
            row_condition=Column("severity") == "warning", severity="warning",
            description="warning-severity identities hold within the rounding tolerance"),
        E.ExpectColumnValuesToBeInSet(
            column="status", value_set=["pass", "not_applicable"],
            row_condition=Column("check_name") == "required_table_present", severity="warning",
            description="the doc_type's standard tables are all present"),
    ])
    suite = ctx.suites.add_or_update(suite)
    vd = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name="govbudget_check_results", data=batch_def, suite=suite))
    checkpoint = ctx.checkpoints.add_or_update(gx.Checkpoint(
        name="govbudget_checks", validation_definitions=[vd],
        actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
        result_format="SUMMARY"))
    _GX_CACHE[key] = (gx, ctx, batch_def, checkpoint)
    return _GX_CACHE[key]


def _ge_frame(results: Sequence[ids.CheckResult]) -> pd.DataFrame:
    rows = []
    for r in results:
        margin = None
        consistent = True
        if r.tolerance is not None and r.difference is not None:
            margin = float(r.tolerance - abs(r.difference))
            consistent = (r.status == ids.PASS) == (margin >= 0)
        rows.append({"document_id": r.document_id, "check_name": r.check_name,
                     "severity": r.severity, "status": r.status, "table_kind": r.table_kind,
                     "page_number": r.page_number, "within_tolerance": margin,
                     "status_consistent": consistent})
    frame = pd.DataFrame(rows, columns=["document_id", "check_name", "severity", "status",
                                        "table_kind", "page_number", "within_tolerance",
                                        "status_consistent"])
    # repeated labels as categories: a province's results stay small in memory
    for column in ("document_id", "check_name", "severity", "status", "table_kind"):
        frame[column] = frame[column].astype("category")
    return frame


def validate_with_gx(results: Union[Sequence[ids.CheckResult], pd.DataFrame], run_id: str,
                     root: Path, docs_dir: Optional[Path] = None) -> dict:
    """Validate check results (or their `_ge_frame`) with GE's checkpoint; Data Docs updated."""
    gx, ctx, _batch_def, checkpoint = _gx_objects(root, docs_dir)
    from great_expectations.core.run_identifier import RunIdentifier

    frame = results if isinstance(results, pd.DataFrame) else _ge_frame(results)
    outcome = checkpoint.run(batch_parameters={"dataframe": frame},
                             run_id=RunIdentifier(run_name=run_id))
    expectations = []
    for vr in outcome.run_results.values():
        for er in vr.results:
            expectations.append({
                "expectation": er.expectation_config.type,
                "column": er.expectation_config.kwargs.get("column"),
                "description": er.expectation_config.description,
                "success": bool(er.success),
                "unexpected_count": (er.result or {}).get("unexpected_count"),
            })
    docs = None
    for site in ctx.get_docs_sites_urls():
        url = site.get("site_url") or ""
        if url.startswith("file://"):
            docs = url[len("file://"):]
            break
    if docs is None or not Path(docs).exists():
        ctx.build_data_docs()
        for site in ctx.get_docs_sites_urls():
            url = site.get("site_url") or ""
            if url.startswith("file://"):
                docs = url[len("file://"):]
    return {"success": bool(outcome.success), "expectations": expectations, "data_docs": docs}


# ----------------------------------------------------------------------------- entry point

def _all_document_ids(con) -> list[str]:
    parts = [f"SELECT DISTINCT document_id FROM marts.{name}"
             for name in ("fct_line_item", "fct_table", "dim_document")
             if _relation_exists(con, "marts", name)]
    if not parts:
        return []
    rows = con.execute(" UNION ".join(parts)).fetchall()
    return sorted(r[0] for r in rows if r[0] is not None)


CHUNK_DOCUMENTS = 200


def _in_transaction(con, write) -> None:
    """Run ``write`` in a transaction of its own, or inside the caller's when it holds one."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.Error:  # the caller holds a transaction: write inside it
        write()
        return
    try:
        write()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def run_checks(con, run_id: str, document_ids: Optional[list[str]] = None, *,
               gx_dir: Union[str, Path, None] = None, docs_dir: Union[str, Path, None] = None,
               use_gx: bool = True) -> dict:
    """Check the documents (all in the marts when ``document_ids`` is None), validate the results
    with Great Expectations, append them to ``dq.check_results`` and return a summary:
    {checks, passed, failed, not_applicable, errors_failed, warnings_failed, data_docs,
    validation_success, expectations, run_id, checked_at, documents}.

    Documents are read and checked in chunks of ``CHUNK_DOCUMENTS``; GE validates the whole run
    once; the rows are written in one transaction with one ``checked_at``.
    ``gx_dir``: GE's project root (default: the warehouse file's directory; GE writes ``gx/``
    there). ``docs_dir``: where Data Docs are written (default ``gx/uncommitted/data_docs/
    local_site`` under the root)."""
    checked_at = datetime.now(timezone.utc).replace(tzinfo=None)
    if document_ids is None:
        doc_ids = _all_document_ids(con)
    else:
        # a newly landed budget (or last year's document) changes the cross-document checks of
        # the same unit's neighbouring documents: re-check them too
        doc_ids = list(document_ids)
        try:
            from expectations.cross_document import related_document_ids
            doc_ids += related_document_ids(con, doc_ids)
        except Exception as exc:  # never lose the run over the neighbours
            log.warning("related documents not found: %s", exc)
    # Chunk by chunk: results are written and reduced to counts and GE's compact frame as they
    # come, so a province's first run never holds every check result of every document at once.
    # A chunk holds whole documents and lands in one transaction: dq.latest_check_results (the
    # newest results per document) stays whole per document even if a run dies half-way.
    counts: dict[tuple[str, str], int] = {}
    checked_docs: set[str] = set()
    ge_frames: list[pd.DataFrame] = []
    for start in range(0, len(doc_ids), CHUNK_DOCUMENTS):
        chunk = doc_ids[start:start + CHUNK_DOCUMENTS]
        line_items, tables, docs = read_marts(con, chunk)
        pages = read_pages(con, chunk)
        results = compute_results(line_items, tables, docs, pages)
        results += extra_results(con, chunk, pages)
        del line_items, tables, docs, pages
        _in_transaction(con, lambda: write_results(con, results_to_frame(results, run_id,
                                                                         checked_at)))
        for r in results:
            counts[(r.status, r.severity)] = counts.get((r.status, r.severity), 0) + 1
            checked_docs.add(r.document_id)
        if use_gx and results:
            ge_frames.append(_ge_frame(results))
        del results

    def record_run() -> None:
        write_results(con, results_to_frame([], run_id, checked_at))  # the dq schema, at least
        con.execute(CHECK_RUNS_DDL)
        con.execute("INSERT INTO dq.check_runs VALUES (?, ?, ?, ?, ?)",
                    [run_id, checked_at, "all" if document_ids is None else "changed",
                     checks_code_version(), len(doc_ids)])

    _in_transaction(con, record_run)
    # GE validates after the rows are stored: a GE failure must not lose the findings
    gx_summary = {"success": None, "expectations": [], "data_docs": None, "error": None}
    if use_gx and ge_frames:
        root = Path(gx_dir) if gx_dir is not None else _default_gx_dir(con)
        frame = pd.concat(ge_frames, ignore_index=True) if len(ge_frames) > 1 else ge_frames[0]
        del ge_frames
        for column in ("document_id", "check_name", "severity", "status", "table_kind"):
            frame[column] = frame[column].astype("category")  # concat of unlike categories: object
        try:
            gx_summary = validate_with_gx(frame, run_id, root,
                                          Path(docs_dir) if docs_dir is not None else None)
            gx_summary["error"] = None
        except Exception as exc:  # reported, not raised
            log.warning("Great Expectations validation failed: %s", exc)
            gx_summary["error"] = f"{type(exc).__name__}: {exc}"

    def count(status: Optional[str] = None, severity: Optional[str] = None) -> int:
        return sum(n for (st, sv), n in counts.items()
                   if (status is None or st == status) and (severity is None or sv == severity))

    return {
        "run_id": run_id,
        "checked_at": checked_at,
        "checks": count(),
        "passed": count(status=ids.PASS),
        "failed": count(status=ids.FAIL),
        "not_applicable": count(status=ids.NOT_APPLICABLE),
        "errors_failed": count(status=ids.FAIL, severity=ids.ERROR),
        "failed_errors": count(status=ids.FAIL, severity=ids.ERROR),  # alias (flows' summary)
        "warnings_failed": count(status=ids.FAIL, severity=ids.WARNING),
        "documents": len(checked_docs),
        "data_docs": gx_summary["data_docs"],
        "validation_success": gx_summary["success"],
        "expectations": gx_summary["expectations"],
        "gx_error": gx_summary["error"],
    }
