"""Shared fixtures. Seeds and corpus are read from ../shared (never copied into the repo)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"

os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect"))
os.environ.setdefault("GOVBUDGET_WORKERS", "2")


def seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix} not found in {SEEDS}"
    return matches[0]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(args: list[str]) -> tuple[int, str]:
    from flows.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="session")
def seed_ingest_result(tmp_path_factory):
    wh = tmp_path_factory.mktemp("seeds") / "govbudget.duckdb"
    files = [str(seed_path(p)) for p in ("001", "002", "003", "004")]
    code, output = run_cli(["ingest", *files, "--warehouse", str(wh)])
    return {"exit_code": code, "output": output, "warehouse": wh}


@pytest.fixture(scope="session")
def seed_docs():
    return {p: sha256_of(seed_path(p)) for p in ("001", "002", "003", "004")}


@pytest.fixture(scope="session")
def seed_warehouse(seed_ingest_result):
    con = duckdb.connect(str(seed_ingest_result["warehouse"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def corpus_ingest(tmp_path_factory):
    """The whole shared corpus ingested once per test session (every module reads this one)."""
    wh = tmp_path_factory.mktemp("corpus") / "govbudget.duckdb"
    code, output = run_cli(["ingest", str(CORPUS), "--warehouse", str(wh)])
    return {"exit_code": code, "output": output, "warehouse": wh}


@pytest.fixture(scope="session")
def corpus_wh(corpus_ingest):
    con = duckdb.connect(str(corpus_ingest["warehouse"]), read_only=True)
    yield con
    con.close()


@functools.lru_cache(maxsize=None)
def parsed_corpus(rel: str):
    """A corpus document (path under ../shared/corpus) parsed in this process once per test
    session: several modules read the same PDFs, and a parse of a long one takes seconds."""
    from extract.pipeline import parse_document

    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"corpus document {rel} not available")
    return parse_document(path.read_bytes(), path.name, str(path))


def line_item_amounts(con, doc_id, table_kind, measure, code=None, name=None, side=None,
                      page=None, unit=None) -> list:
    """The amounts of marts.fct_line_item rows matching a hand-read value's description (``unit``:
    the row's unit_name in a multi-unit table)."""
    sql = ("SELECT amount_wan FROM marts.fct_line_item WHERE document_id = ? AND table_kind = ? "
           "AND measure = ?")
    params = [doc_id, table_kind, measure]
    for clause, value in ((" AND coalesce(subject_code, economic_code) = ?", code),
                          (" AND replace(replace(item_name, ' ', ''), '　', '') = ?", name),
                          (" AND side = ?", side), (" AND page_number = ?", page),
                          (" AND replace(replace(unit_name, ' ', ''), '　', '') = ?", unit)):
        if value is not None:
            sql += clause
            params.append(value)
    return sorted(r[0] for r in con.execute(sql, params).fetchall())


@pytest.fixture(scope="session", autouse=True)
def _quiet_prefect_at_exit():
    """Prefect stops its temporary server at interpreter exit and logs it at INFO, after pytest
    has closed the streams its log handler writes to ("--- Logging error ---" in CI's output):
    only warnings from then on."""
    yield
    import logging

    logging.getLogger("prefect").setLevel(logging.WARNING)
