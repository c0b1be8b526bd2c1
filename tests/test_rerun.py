"""Running twice on the same input changes nothing but `pipeline_runs`."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.conftest import SEEDS, ingest

TABLES = ["articles", "entities", "mentions", "entity_roles", "events", "event_participants",
          "rejected_inputs", "quality_results", "input_files"]


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}


def test_second_run_changes_only_pipeline_runs(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    ingest([SEEDS], warehouse)
    before = snapshot(warehouse)
    ingest([SEEDS], warehouse)
    assert snapshot(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as db:
        runs = db.execute(
            "select status, inputs_seen, articles_new, inputs_skipped from pipeline_runs "
            "order by started_at").fetchall()
    assert runs == [("completed", 1, 1, 0), ("completed", 0, 0, 1)]


def test_same_article_under_another_name_is_a_duplicate(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = next(SEEDS.iterdir())
    shutil.copy(seed, inbox / "a.txt")
    # Same article, different bytes (trailing whitespace): a different file, the same text.
    (inbox / "copy of a; 'b'.txt").write_bytes(seed.read_bytes() + b"\n\n")
    warehouse = tmp_path / "w.duckdb"
    ingest([inbox], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as db:
        assert db.execute("select count(*) from articles").fetchone()[0] == 1
        assert db.execute(
            "select inputs_seen, articles_new, articles_duplicate from pipeline_runs"
        ).fetchone() == (2, 1, 1)
