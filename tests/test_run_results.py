"""A run's results are frozen: each stage returns its own, the flow assembles the summary; and
a local run reads the warehouse once (the unchanged-inbox check hands its read to the flow)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from flows import unchanged
from flows.settings import Settings
from tasks import load
from tasks.assemble import GateOutcome, Publication, Quarantined, RunCounts, RunSummary

STARTED = datetime(2026, 12, 1, 3, 0)
NO_RESULTS = pl.DataFrame()


def a_summary() -> RunSummary:
    return RunSummary("run-1", None, "w.duckdb", STARTED, counts=RunCounts(
        inputs_seen=5, articles_new=4, articles_duplicate=0, inputs_rejected=1, inputs_skipped=2))


def test_a_summary_cannot_be_changed_in_place() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        a_summary().status = "completed"  # type: ignore[misc]


def test_a_window_moves_its_quarantined_articles_to_the_rejections() -> None:
    quarantined = Quarantined(rejections=(("a.txt", "validate", "quarantined: x"),), rows=3)
    gate = GateOutcome(NO_RESULTS, failures=("events.cameo_code: in set (1)",), data_docs="dd")
    summary = a_summary().with_window(quarantined, gate)
    assert (summary.counts.articles_new, summary.counts.inputs_rejected) == (3, 2)
    assert summary.rejections == (("a.txt", "validate", "quarantined: x"),)
    assert (summary.quarantined_rows, summary.quality_failures, summary.data_docs) == (
        3, ("events.cameo_code: in set (1)",), "dd")
    # a window with nothing to validate keeps the Data Docs the run has
    assert summary.with_window(Quarantined(), GateOutcome(NO_RESULTS, validated=False)).data_docs == "dd"
    assert a_summary().counts.articles_new == 4  # the summary it came from is as it was


def test_the_publication_finishes_the_summary() -> None:
    finished_at = datetime(2026, 12, 1, 3, 5)
    summary = a_summary().finished(Publication("completed", finished_at, mentions_loaded=37,
                                               events_loaded=7, entities_new=17, late_duplicates=1))
    assert (summary.status, summary.finished_at, summary.message) == ("completed", finished_at, None)
    assert (summary.mentions_loaded, summary.events_loaded, summary.entities_new) == (37, 7, 17)
    # an article another run published first is a duplicate of this one
    assert (summary.counts.articles_new, summary.counts.articles_duplicate) == (3, 1)
    refused = a_summary().finished(Publication.failed("critical expectations failed"))
    assert (refused.status, refused.message, refused.mentions_loaded) == (
        "failed", "critical expectations failed", 0)


def test_only_files_the_warehouse_does_not_hold_are_changed(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("read before", encoding="utf-8")
    new.write_text("not read yet", encoding="utf-8")
    known = {dict(unchanged.changed_files([old], set()))[old]}
    assert [file for file, _ in unchanged.changed_files([old, new], known)] == [new]


def test_the_flow_takes_the_state_the_unchanged_check_read(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(warehouse=tmp_path / "w.duckdb")
    with load.open_warehouse(settings.warehouse) as connection:
        load.apply_schema(connection)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text("Ministers met in Paris.", encoding="utf-8")
    reads: list[Path] = []
    read = unchanged.read_warehouse_state
    monkeypatch.setattr(unchanged, "read_warehouse_state",
                        lambda s: reads.append(s.warehouse) or read(s))

    assert unchanged.record_unchanged_run([str(tmp_path / "inbox")], settings) is None  # work to do
    assert unchanged.state_at_flow_start(settings).content_hashes == set()
    assert len(reads) == 1  # the flow did not read again

    assert unchanged.record_unchanged_run([str(tmp_path / "inbox")], settings) is None
    with load.open_warehouse(settings.warehouse) as connection:  # another run publishes meanwhile
        connection.execute("insert into input_files values ('hash-b', 'b.txt', 'run-0')")
    assert unchanged.state_at_flow_start(settings).content_hashes == {"hash-b"}
    assert len(reads) == 3  # the file changed: the flow read it again
