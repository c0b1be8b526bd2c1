"""A run killed with SIGKILL at any moment leaves a warehouse that opens, passes its checks and
holds exactly its previous state; rerunning then gives the tables an uninterrupted run gives.

The test stops a real `newsflow run` at named points (tasks.checkpoints, listened to by
tests/fault_hooks/ in the runs these tests start): while extracting (killed as soon as
extraction starts), after staging the rows, and inside the publish transaction just before its
commit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import duckdb
import polars as pl
import psutil
import pytest

from tasks.load import run_checks
from tests.conftest import NEWSFLOW, PROJECT, ingest
from tests.fault_hooks.fault_points import fault_env

# Published tables, without the columns that name a run or its clock (they differ between
# two runs of the same inputs by design).
RUN_COLUMNS = {"run_id", "ingested_at", "first_seen_at", "last_seen_at", "first_run_id",
               "detected_at", "quarantined_at"}
TABLES = ["articles", "entities", "mentions", "entity_roles", "events", "event_participants",
          "rejected_inputs", "input_files", "quarantine"]


def published_tables(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        tables = {}
        for table in TABLES:
            columns = [c for (c,) in db.execute(
                "select column_name from duckdb_columns() where table_name = ? "
                "and schema_name = 'main' order by column_index", [table]).fetchall()
                       if c not in RUN_COLUMNS]
            select = ", ".join(f'"{c}"' for c in columns)
            tables[table] = sorted(db.execute(f"select {select} from main.{table}").fetchall(),
                                   key=repr)
        return tables


def write_inbox(folder: Path) -> Path:
    folder.mkdir()
    places = ["Lisbon", "Madrid", "Athens"]
    for number, place in enumerate(places):
        (folder / f"story {number}.txt").write_text(
            f"Talks in {place}\n\nThe foreign minister of Japan met officials in {place} on "
            f"Monday to discuss trade, the ministry said. Spain and Portugal agreed to share "
            f"data on shipping with Japan, according to a statement from {place}.\n",
            encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def wait_until_reached(point: str, process: subprocess.Popen[str] | subprocess.Popen[bytes],
                       markers: Path) -> None:
    """Wait until the run `process` reaches fault point `point` (its marker appears)."""
    deadline = time.monotonic() + 600
    while not (markers / point).exists():
        assert process.poll() is None, f"run ended (code {process.returncode}) before {point}"
        assert time.monotonic() < deadline, f"run never reached {point}"
        time.sleep(0.05)


def kill_run_at(point: str, inbox: Path, warehouse: Path, markers: Path,
                env: dict[str, str] | None = None) -> None:
    """Start `newsflow run`, SIGKILL it (and its process group) once it reaches `point`."""
    markers.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [*NEWSFLOW, "run", str(inbox), "--warehouse", str(warehouse)], cwd=PROJECT,
        # Its own Prefect home: a killed run leaks the load's global concurrency slot (see the
        # report on issue 5), which must not block the other tests' runs.
        env={**os.environ, **fault_env(markers, None if point == "extracting" else point),
             "PREFECT_HOME": str(markers.parent / "prefect-home"), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_until_reached(point, process, markers)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def assert_healthy(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as db:  # opens read-write (replays any WAL)
        assert run_checks(db).filter(pl.col("violations") > 0).is_empty()


@pytest.mark.parametrize("point", ["extracting", "staged", "publishing"])
def test_a_run_killed_before_its_commit_leaves_the_previous_state(
    seed_warehouse: Path, tmp_path: Path, point: str,
) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    before = published_tables(warehouse)
    kill_run_at(point, inbox, warehouse, tmp_path / "markers")
    assert_healthy(warehouse)
    assert published_tables(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as db:
        # A killed run never committed its run row, nor marked its files as seen.
        assert db.execute("select count(*) from pipeline_runs").fetchone()[0] == 1


def test_rerun_after_a_kill_gives_the_tables_of_an_uninterrupted_run(
    seed_warehouse: Path, tmp_path: Path,
) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    reference = tmp_path / "reference.duckdb"
    shutil.copy(seed_warehouse, reference)
    ingest([inbox], reference)  # the uninterrupted run
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    kill_run_at("publishing", inbox, warehouse, tmp_path / "markers")
    ingest([inbox], warehouse)  # rerun after the crash
    assert_healthy(warehouse)
    assert published_tables(warehouse) == published_tables(reference)


@pytest.mark.parametrize("point", ["committed"])
def test_a_run_killed_after_its_commit_holds_the_finished_run(
    seed_warehouse: Path, tmp_path: Path, point: str,
) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    kill_run_at(point, inbox, warehouse, tmp_path / "markers")
    assert_healthy(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as db:
        assert db.execute("select status, inputs_seen, articles_new, inputs_rejected "
                          "from pipeline_runs order by started_at").fetchall() == [
            ("completed", 1, 1, 0), ("completed", 4, 3, 1)]


def test_the_temporary_prefect_server_stops_when_its_run_is_killed_alone(tmp_path: Path) -> None:
    # `kill -9 <pid>` reaches the run only, not its process group: its private Prefect server
    # must not live on without it.
    inbox = write_inbox(tmp_path / "inbox")
    markers = tmp_path / "markers"
    markers.mkdir()
    run = subprocess.Popen(
        [*NEWSFLOW, "run", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")], cwd=PROJECT,
        env={**os.environ, **fault_env(markers, "staged"),
             "PREFECT_HOME": str(tmp_path / "prefect-home")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_until_reached("staged", run, markers)
        children = psutil.Process(run.pid).children(recursive=True)  # the server
        assert children
        run.kill()
        run.wait()
        _gone, alive = psutil.wait_procs(children, timeout=30)
        assert not alive, f"outlived their run: {[child.cmdline() for child in alive]}"
    finally:
        with suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
