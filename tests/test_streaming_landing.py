"""Parse and land as a stream (issue 9): workers hand back each document as it is parsed, the one
writer lands them in batches while the workers go on, and the run never holds every document's
bytes or parse result at once."""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.conftest import seed_path
from extract.pipeline import parse_document
from flows import warehouse as wh
from flows.fetch import RawStore, fetch_all
from flows.landing import BatchLander, LandingOutcome
from flows.parse_pool import iter_parse_in_workers
from flows.parse_worker import Parsed, parse_failed, parse_one
from flows.sources import Source


def _sleep_then_echo(item):
    name, seconds = item
    time.sleep(seconds)
    return name


def _failed(item, reason):
    return f"failed {item[0]}: {reason}"


@pytest.mark.slow
def test_results_are_yielded_as_each_finishes_not_in_input_order():
    items = [("slow", 2.0), ("fast-1", 0.0), ("fast-2", 0.0), ("fast-3", 0.0)]
    got = list(iter_parse_in_workers(items, _sleep_then_echo, _failed, workers=2))
    # the slow first item finishes last: the other worker got through the rest meanwhile
    assert [name for _i, name in got] == ["fast-1", "fast-2", "fast-3", "slow"]
    assert sorted(i for i, _name in got) == [0, 1, 2, 3]


@pytest.mark.slow
def test_a_timed_out_item_is_yielded_as_its_failure():
    got = dict(iter_parse_in_workers([("hang", 30.0), ("ok", 0.0)], _sleep_then_echo, _failed,
                                     workers=2, time_limit=8))
    assert got[1] == "ok"
    assert got[0] == "failed hang: parse time limit exceeded (8 s)"


def test_fetch_without_bytes_keeps_sha_and_size_and_the_store_holds_the_bytes(tmp_path):
    src = seed_path("001")
    store = RawStore(tmp_path / "store")
    [res] = fetch_all([Source(str(src))], store, {}, keep_bytes=False)
    data = src.read_bytes()
    assert res.error is None and res.data is None
    assert res.size == len(data)
    assert store.path_of(res.sha256).read_bytes() == data


def test_a_worker_reads_the_document_from_the_store(tmp_path):
    src = seed_path("002")
    store = RawStore(tmp_path / "store")
    sha = store.put(src.read_bytes())
    got = parse_one((Source(str(src)), store.path_of(sha)))
    assert got.error is None and got.document_id == sha
    assert got.byte_size == src.stat().st_size
    assert got.document.unit_name == parse_document(src.read_bytes(), src.name, str(src)).unit_name


def test_a_stored_copy_changed_under_the_run_is_an_error_against_that_document(tmp_path):
    src = seed_path("002")
    store = RawStore(tmp_path / "store")
    sha = store.put(src.read_bytes())
    store.path_of(sha).write_bytes(b"not the bytes that were fetched")
    got = parse_one((Source(str(src)), store.path_of(sha)))
    assert got.document is None and got.document_id == sha
    assert "do not match their sha256" in got.error


def test_a_stored_copy_gone_is_an_error_and_a_killed_worker_still_names_the_document(tmp_path):
    store = RawStore(tmp_path / "store")
    missing = store.path_of("ab" * 32)
    got = parse_one((Source("/x/gone.pdf"), missing))
    assert got.document is None and "cannot read the stored bytes" in got.error
    failed = parse_failed((Source("/x/gone.pdf"), missing), "parse time limit exceeded (1 s)")
    assert failed.document_id == "ab" * 32 and failed.error.startswith("parse time limit")


def _parsed(prefix: str) -> Parsed:
    src = seed_path(prefix)
    data = src.read_bytes()
    return parse_one((Source(str(src)), data))


def test_batches_land_while_results_keep_coming(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_LAND_BATCH", "2")
    con = wh.connect(tmp_path / "wh.duckdb")
    summary = LandingOutcome()
    lander = BatchLander(con, "r1", summary)
    docs = [_parsed(p) for p in ("001", "002", "003")]
    lander.add(docs[0])
    lander.add(docs[1])  # a full batch: handed to the landing thread
    deadline = time.monotonic() + 30
    while lander.landed_ids == [] and time.monotonic() < deadline:
        time.sleep(0.02)
    # landed before the last result arrived
    assert sorted(lander.landed_ids) == sorted(d.document_id for d in docs[:2])
    lander.add(docs[2])
    lander.add(Parsed(Source("/x/broken.pdf"), "cd" * 32, 10, error="damaged PDF: no pages"))
    lander.close()
    assert summary.landed == 3 and summary.failed == 1
    assert con.execute("SELECT count(*) FROM raw.documents WHERE status = 'landed'").fetchone()[0] == 3
    assert con.execute("SELECT error_message FROM raw.documents WHERE status = 'failed'"
                       ).fetchone()[0] == "damaged PDF: no pages"
    con.close()


def test_a_landing_error_stops_the_run_and_keeps_earlier_batches(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_LAND_BATCH", "1")
    path = tmp_path / "wh.duckdb"
    con = wh.connect(path)
    summary = LandingOutcome()
    lander = BatchLander(con, "r1", summary)
    first = _parsed("001")
    lander.add(first)
    deadline = time.monotonic() + 30
    while not lander.landed_ids and time.monotonic() < deadline:
        time.sleep(0.02)
    con.execute("DROP TABLE raw.line_items")  # the next batch cannot be written
    lander.add(_parsed("002"))
    with pytest.raises(duckdb.Error):
        lander.close()
    con.close()
    check = duckdb.connect(str(path), read_only=True)
    # the first batch stands; the failed one left nothing behind (one transaction per batch)
    assert check.execute("SELECT document_id FROM raw.documents").fetchall() == [(first.document_id,)]
    check.close()
