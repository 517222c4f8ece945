"""Great Expectations over a run's check results (the pandas route: GE's SQL datasource returns
nothing for DuckDB here).

A file context whose project root is ``gx_dir`` (default: the warehouse file's directory, so GE's
files and Data Docs live in ``gx/`` next to the warehouse), a pandas datasource with one dataframe
asset, a suite defined in code (``suite_expectations``: the results' shape, then one expectation
per check family of ``expectations.registry``), one validation definition and one checkpoint that
updates Data Docs. GE is imported and its context built once per process and root directory; each
run is one validation of the whole results frame (``ge_frame``).
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence, Union, cast

import pandas as pd

from expectations.registry import FAMILIES, CheckFamily, family_of
from expectations.results import ERROR, FAIL, PASS, CheckResult

SUITE_NAME = "govbudget_check_results"
_GX_CACHE: dict = {}
_PROCESS = None  # a flows.gx_process.GXProcess a command-line run started, if any


def use_process(proc) -> None:
    """Validate in ``proc`` (flows.gx_process) when a validation is for its warehouse folder."""
    global _PROCESS
    previous, _PROCESS = _PROCESS, proc
    if previous is not None and previous is not proc:
        previous.stop()


def default_gx_dir(con) -> Path:
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


def _names(families: Sequence[CheckFamily]) -> tuple[str, str, str]:
    """(suite, validation definition, checkpoint) names: the registry's families keep the
    standing names; another set of families (a test's) gets names of its own, so the two suites
    never replace each other within one GE project."""
    if tuple(f.name for f in families) == tuple(f.name for f in FAMILIES):
        return SUITE_NAME, "govbudget_check_results", "govbudget_checks"
    import hashlib

    tag = hashlib.sha256("|".join(f.name for f in families).encode()).hexdigest()[:8]
    return f"{SUITE_NAME}_{tag}", f"govbudget_check_results_{tag}", f"govbudget_checks_{tag}"


def _gx_objects(root: Path, docs_dir: Optional[Path] = None,
                families: Sequence[CheckFamily] = FAMILIES):
    """(gx module, context, batch definition, checkpoint), built once per process and root."""
    suite_name, definition_name, checkpoint_name = _names(families)
    key = f"{root}|{docs_dir}|{suite_name}"
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

    suite = gx.ExpectationSuite(name=suite_name,
                                expectations=suite_expectations(gx, Column, families))
    suite = ctx.suites.add_or_update(suite)
    vd = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=definition_name, data=batch_def, suite=suite))
    checkpoint = ctx.checkpoints.add_or_update(gx.Checkpoint(
        name=checkpoint_name, validation_definitions=[vd],
        actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
        result_format=RESULT_FORMAT))
    _GX_CACHE[key] = (gx, ctx, batch_def, checkpoint)
    return _GX_CACHE[key]


# the unexpected rows of a family, in Data Docs: which documents and pages, by which check
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 50,
                 "unexpected_index_column_names": ["document_id", "page_number", "check_name"]}


def suite_expectations(gx, Column, families: Sequence[CheckFamily] = FAMILIES) -> list:
    """The suite: the results' own shape, then one expectation per check family (its findings:
    no row of the family fails). A family with an error-level check is a critical expectation,
    a family of warnings a warning one."""
    E = gx.expectations
    shape = [
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
    ]
    per_family = [
        E.ExpectColumnValuesToBeNull(
            column="finding", row_condition=Column("family") == f.name,
            severity="critical" if ERROR in f.severities else "warning",
            meta={"family": f.name},
            description=f"{f.title} (`{f.name}`): every check of the family holds; the "
                        f"unexpected values are its failing rows (document, page, check, "
                        f"expected, actual)")
        for f in families]
    return shape + per_family


CATEGORY_COLUMNS = ("document_id", "check_name", "family", "severity", "status", "table_kind")
GE_COLUMNS = ("document_id", "check_name", "family", "severity", "status", "table_kind",
              "page_number", "within_tolerance", "status_consistent", "finding")


def _finding(r: CheckResult) -> Optional[str]:
    """A failing row as Data Docs list it; None for a row that holds."""
    if r.status != FAIL:
        return None
    page = f"p{r.page_number}" if r.page_number is not None else "p-"
    figures = ""
    if r.expected is not None or r.actual is not None:
        figures = f": expected {_short(r.expected)}, actual {_short(r.actual)}"
    return (f"{r.severity} {r.document_id} {page} {r.check_name} "
            f"{r.item_name or r.table_kind or ''}{figures}").strip()


def _short(value) -> str:
    """A figure as dq.check_results stores it (six decimals at most)."""
    if isinstance(value, Decimal) and cast(int, value.as_tuple().exponent) < -6:
        return str(value.quantize(Decimal("0.000001")))
    return str(value)


def ge_frame(results: Sequence[CheckResult]) -> pd.DataFrame:
    """What GE validates: one row per result, with its family and, when it fails, its finding."""
    rows = []
    for r in results:
        margin = None
        consistent = True
        if r.tolerance is not None and r.difference is not None:
            margin = float(r.tolerance - abs(r.difference))
            consistent = (r.status == PASS) == (margin >= 0)
        rows.append({"document_id": r.document_id, "check_name": r.check_name,
                     "family": family_of(r), "severity": r.severity, "status": r.status,
                     "table_kind": r.table_kind, "page_number": r.page_number,
                     "within_tolerance": margin, "status_consistent": consistent,
                     "finding": _finding(r)})
    frame = pd.DataFrame(rows, columns=list(GE_COLUMNS))
    return as_categories(frame)


def as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    # repeated labels as categories: a province's results stay small in memory
    for column in CATEGORY_COLUMNS:
        frame[column] = frame[column].astype("category")
    return frame


def validate_with_gx(results: Union[Sequence[CheckResult], pd.DataFrame], run_id: str,
                     root: Path, docs_dir: Optional[Path] = None,
                     families: Sequence[CheckFamily] = FAMILIES) -> dict:
    """Validate check results (or their `ge_frame`) with GE's checkpoint; Data Docs updated.
    ``expectations``: one entry per expectation, ``family`` set on the families' ones."""
    from flows.startup_trace import mark

    mark("GE start")
    proc = _PROCESS
    if proc is not None and _names(families) == _names(FAMILIES) and proc.serves(root, docs_dir):
        # GE imported and its context built in a process of its own (flows.gx_process)
        frame = results if isinstance(results, pd.DataFrame) else ge_frame(results)
        try:
            return proc.validate(frame, run_id)
        except RuntimeError:
            pass  # the process could not answer: validate here, as without it
    gx, ctx, _batch_def, checkpoint = _gx_objects(root, docs_dir, families)
    mark("GE context")
    from great_expectations.core.run_identifier import RunIdentifier

    frame = results if isinstance(results, pd.DataFrame) else ge_frame(results)
    outcome = checkpoint.run(batch_parameters={"dataframe": frame},
                             run_id=RunIdentifier(run_name=run_id))
    expectations = []
    for vr in outcome.run_results.values():
        for er in vr.results:
            result = er.result or {}
            expectations.append({
                "expectation": er.expectation_config.type,
                "column": er.expectation_config.kwargs.get("column"),
                "family": (er.expectation_config.meta or {}).get("family"),
                "description": er.expectation_config.description,
                "success": bool(er.success),
                "unexpected_count": result.get("unexpected_count"),
                "unexpected": result.get("partial_unexpected_list") or [],
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
    if docs is not None and Path(docs).exists():
        # GE's pages load Bootstrap, jQuery & co. from CDNs: point them at local assets
        from expectations.data_docs_offline import make_offline

        make_offline(Path(docs).parent)
    return {"success": bool(outcome.success), "expectations": expectations, "data_docs": docs}
