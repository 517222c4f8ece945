"""A run killed after its landing commits but before it logged itself must not leave the marts
stale: the next run, even one that changes nothing, sees documents newer than the last build."""

from __future__ import annotations

import duckdb
import pytest

from extract.pipeline import parse_document
from flows import warehouse as wh
from tests.conftest import run_cli, seed_path


@pytest.mark.slow
def test_next_run_builds_what_a_killed_run_landed(tmp_path):
    w = tmp_path / "wh.duckdb"
    assert run_cli(["ingest", str(seed_path("004")), "--warehouse", str(w)])[0] == 0
    # what a run killed between landing and logging leaves: a landed document, no build after it
    p = seed_path("003")
    data = p.read_bytes()
    con = wh.connect(w)
    wh.land_document(con, "killed-run", parse_document(data, p.name, str(p)), len(data))
    con.close()
    code, out = run_cli(["ingest", str(p), "--warehouse", str(w)])  # same bytes: "unchanged"
    assert code == 0, out
    con = duckdb.connect(str(w), read_only=True)
    landed = con.execute("SELECT count(*) FROM raw.documents WHERE status = 'landed'").fetchone()
    in_marts = con.execute("SELECT count(*) FROM marts.dim_document").fetchone()
    con.close()
    assert landed == in_marts == (2,)
