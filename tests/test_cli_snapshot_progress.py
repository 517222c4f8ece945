"""The snapshot's name and permissions, and the progress bars' counting, without a run."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pytest

from flows import progress
from flows.snapshot import publish_snapshot, snapshot_path


def test_snapshot_path_is_the_warehouse_stem_and_the_default_keeps_its_name():
    assert snapshot_path(Path("warehouse/govbudget.duckdb")) == Path(
        "warehouse/govbudget-snapshot.duckdb")
    assert snapshot_path(Path("/d/p31.duckdb")) == Path("/d/p31-snapshot.duckdb")
    assert snapshot_path(Path("/d/plain")) == Path("/d/plain-snapshot.duckdb")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_snapshot_has_the_warehouse_permissions(tmp_path, mode):
    wh = tmp_path / "p31.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("CREATE TABLE t AS SELECT 42 AS x")
    con.close()
    os.chmod(wh, mode)
    other = tmp_path / "p32.duckdb"  # two warehouses in one directory: two snapshots
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t AS SELECT 7 AS x")
    con.close()
    snap = publish_snapshot(wh)
    publish_snapshot(other)
    assert snap == tmp_path / "p31-snapshot.duckdb"
    assert stat.S_IMODE(snap.stat().st_mode) == mode
    for path, value in ((snap, 42), (tmp_path / "p32-snapshot.duckdb", 7)):
        con = duckdb.connect(str(path), read_only=True)
        assert con.execute("SELECT x FROM t").fetchone()[0] == value
        con.close()
    assert not list(tmp_path.glob(".snapshot-*"))


class _Err:
    def __init__(self, capsys):
        self.capsys = capsys

    def getvalue(self) -> str:
        return self.capsys.readouterr().err


@pytest.fixture()
def bars_on(capsys):
    """Bars on, written to the sys.stderr pytest captures (read with .getvalue())."""
    progress.configure(True)
    yield _Err(capsys)
    progress.configure(False)


def test_bars_count_to_their_total_with_an_eta(bars_on):
    with progress.bar("fetch", 3) as bar:
        for _ in range(3):
            bar.advance()
        bar.grow(4)
        bar.advance()
    text = bars_on.getvalue().replace("\r", "\n")
    assert "4/4 docs" in text and "fetch" in text and "<" in text


def test_bars_draw_nothing_when_off(capsys):
    progress.configure(False)
    with progress.bar("parse", 10) as bar:
        bar.advance(10)
    assert capsys.readouterr().err == ""


@dataclass(frozen=True)
class Family:
    name: str
    covers: Callable
    run: Callable


def test_check_families_advance_once_per_family_and_chunk(bars_on):
    ran = []
    families = [Family("a", lambda r: r.docs, lambda r, d: ran.append(("a", d)) or []),
                Family("b", lambda r: [], lambda r, d: ran.append(("b", d)) or []),
                Family("c", lambda r: r.docs, lambda r, d: (_ for _ in ()).throw(ValueError))]

    class Reader:
        def __init__(self, docs):
            self.docs = docs

    with progress.bar("checks", unit="families") as bar:
        wrapped = progress.counted_families(families, bar, chunk_documents=2, documents=3)
        assert [f.name for f in wrapped] == ["a", "b", "c"]
        for chunk in (["d1", "d2"], ["d3"], ["d4"]):  # one chunk more than expected
            reader = Reader(chunk)
            for f in wrapped:
                found = f.covers(reader)
                if found:
                    try:
                        f.run(reader, found)
                    except ValueError:  # the registry retries document by document
                        with pytest.raises(ValueError):
                            f.run(reader, found[:1])
        assert bar._bar.n == 9 and bar._bar.total == 9
    assert ran == [("a", ["d1", "d2"]), ("a", ["d3"]), ("a", ["d4"])]
    assert "9/9 families" in bars_on.getvalue().replace("\r", "\n")


def test_families_are_untouched_when_progress_is_off():
    families = [Family("a", lambda r: [], lambda r, d: [])]
    progress.configure(False)
    assert progress.counted_families(families, progress.Bar("x", None, "u"), 200, 10) is families


def test_a_terminal_turns_progress_on_and_quiet_is_the_default(monkeypatch):
    import argparse

    from flows import cli

    class Tty:
        def isatty(self):
            return True

        def write(self, text):
            return len(text)

        def flush(self):
            pass

    monkeypatch.delenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", raising=False)
    monkeypatch.setattr(sys, "stderr", Tty())
    try:
        cli._configure_output(argparse.Namespace(verbose=False, progress=False))
        assert progress.enabled()
        assert os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "WARNING"
        cli._configure_output(argparse.Namespace(verbose=True, progress=False))
        assert "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL" not in os.environ
    finally:
        monkeypatch.undo()
        cli._configure_output(argparse.Namespace(verbose=False, progress=False))
    assert not progress.enabled()  # pytest's captured stderr is no terminal


def test_a_terminal_that_reports_no_size_still_gets_bars(bars_on, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((0, 0)))
    with progress.bar("parse", 2) as bar:
        bar.advance(2)
    assert "2/2 docs" in bars_on.getvalue().replace("\r", "\n")
