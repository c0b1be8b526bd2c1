"""A damaged or truncated warehouse file, and backups: real faults on copies of a real warehouse.

Blocks are overwritten where DuckDB's own storage map (`pragma_storage_info`) says a table's
column data lives; `newsflow warehouse check` must name exactly the tables stored in them, every
command that opens the file must say what is wrong and what to do, and a backup taken before the
damage must restore every row.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tasks.backups import BACKUP_FOLDER, MANIFEST_SUFFIX, back_up, list_backups, row_counts
from tests.conftest import NEWSFLOW, PROJECT, run_newsflow
from tests.fault_hooks.fault_points import FAULT_CONTINUE, fault_env
from tests.helpers_prefect import prefect_server
from tests.test_faults import wait_until_reached, write_inbox

__all__ = ["prefect_server"]  # a fixture: imported so pytest finds it

HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before block 0


def blocks_of(warehouse: Path) -> tuple[dict[int, set[str]], int]:
    """Block id -> the tables whose column data it holds; and the block size."""
    with duckdb.connect(str(warehouse), read_only=True) as db:
        block_size = int(db.execute("select block_size from pragma_database_size()").fetchone()[0])
        blocks: dict[int, set[str]] = {}
        for (table,) in db.execute("select table_name from duckdb_tables()").fetchall():
            for (block,) in db.execute(
                    "select distinct block_id from pragma_storage_info(?) where block_id >= 0",
                    [table]).fetchall():
                blocks.setdefault(int(block), set()).add(table)
    return blocks, block_size


def overwrite_blocks_of(warehouse: Path, table: str) -> set[str]:
    """Overwrite (with random bytes) every block holding `table`'s data; returns every table
    stored in those blocks (what a check must then find damaged)."""
    blocks, block_size = blocks_of(warehouse)
    hit = {block for block, tables in blocks.items() if table in tables}
    assert hit, f"{table} has no data blocks"
    with warehouse.open("r+b") as file:
        for block in hit:
            file.seek(HEADER_BYTES + block * block_size + 64)  # past the block's checksum
            file.write(os.urandom(4096))
    return set().union(*(blocks[block] for block in hit))


def counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return row_counts(db, db.execute("select current_database()").fetchone()[0])


def check_report(warehouse: Path) -> tuple[int, dict[str, str]]:
    """Exit code of `newsflow warehouse check` and each table's status."""
    result = run_newsflow("warehouse", "check", "--warehouse", str(warehouse))
    statuses = {}
    for line in result.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1] in ("OK", "damaged", "unreadable"):
            statuses[parts[0]] = parts[1]
    return result.returncode, statuses


@pytest.fixture
def warehouse_copy(seed_warehouse: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, copy)
    return copy


def test_check_passes_a_healthy_warehouse(warehouse_copy: Path) -> None:
    code, statuses = check_report(warehouse_copy)
    assert code == 0
    assert statuses and set(statuses.values()) == {"OK"}
    assert {"articles", "mentions", "events", "pipeline_runs"} <= set(statuses)


def test_check_names_the_tables_in_overwritten_blocks(warehouse_copy: Path) -> None:
    damaged = overwrite_blocks_of(warehouse_copy, "mentions")
    code, statuses = check_report(warehouse_copy)
    assert code == 1
    assert {table for table, status in statuses.items() if status != "OK"} == damaged
    assert statuses["articles"] == "OK"


def test_check_names_the_tables_a_truncated_file_lost(warehouse_copy: Path) -> None:
    blocks, block_size = blocks_of(warehouse_copy)
    cut = sorted(blocks)[len(blocks) // 2]  # keep the first half of the data blocks
    os.truncate(warehouse_copy, HEADER_BYTES + cut * block_size)
    lost = set().union(*(tables for block, tables in blocks.items() if block >= cut))
    code, statuses = check_report(warehouse_copy)
    assert code == 1
    assert {table for table, status in statuses.items() if status != "OK"} >= lost


def test_a_file_cut_inside_its_header_is_unreadable(warehouse_copy: Path) -> None:
    os.truncate(warehouse_copy, 5000)
    code, statuses = check_report(warehouse_copy)
    assert code == 1
    assert statuses and set(statuses.values()) == {"unreadable"}


@pytest.mark.parametrize("command", [
    ["query", "select count(distinct text) from articles"],
    ["report", "--output", "{tmp}/report.html"],
    ["warehouse", "backup", "{tmp}/backups"],
    ["run", "{inbox}"],
])
def test_every_command_says_the_file_is_damaged_and_what_to_do(
    warehouse_copy: Path, tmp_path: Path, command: list[str],
) -> None:
    overwrite_blocks_of(warehouse_copy, "articles")  # every command reads the articles
    inbox = write_inbox(tmp_path / "inbox")
    args = [part.format(tmp=tmp_path, inbox=inbox) for part in command]
    result = run_newsflow(*args, "--warehouse", str(warehouse_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert str(warehouse_copy) in error
    assert "damaged" in error and "checksum" in error
    assert "newsflow warehouse check" in error and "newsflow warehouse restore" in error
    assert not list_backups(tmp_path / "backups")  # no backup of a damaged file is kept


def test_a_truncated_file_is_named_on_every_command(warehouse_copy: Path) -> None:
    os.truncate(warehouse_copy, 5000)
    result = run_newsflow("query", "select 1", "--warehouse", str(warehouse_copy))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: warehouse {warehouse_copy} (5,000 bytes) cannot be read: "
                                    "the file is truncated")


def test_a_backup_taken_before_the_damage_restores_every_row(warehouse_copy: Path, tmp_path: Path) -> None:
    before = counts(warehouse_copy)
    backup = run_newsflow("warehouse", "backup", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
    assert backup.returncode == 0, backup.stderr
    assert "verified" in backup.stdout
    overwrite_blocks_of(warehouse_copy, "mentions")
    os.truncate(warehouse_copy, warehouse_copy.stat().st_size // 2)
    restored = run_newsflow("warehouse", "restore", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
    assert restored.returncode == 0, restored.stderr
    assert counts(warehouse_copy) == before
    assert check_report(warehouse_copy)[0] == 0
    assert list(tmp_path.glob("w.duckdb.before-restore-*"))  # the damaged file is kept aside


def test_a_backup_damaged_after_writing_is_refused(warehouse_copy: Path, tmp_path: Path) -> None:
    run_newsflow("warehouse", "backup", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
    (backup,) = list_backups(tmp_path / "backups")
    overwrite_blocks_of(backup, "articles")
    before = warehouse_copy.read_bytes()
    result = run_newsflow("warehouse", "restore", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
    assert result.returncode == 1
    assert "does not match its manifest" in result.stderr
    assert warehouse_copy.read_bytes() == before


def hold_open(path: Path, code: str) -> subprocess.Popen[str]:
    """Another process that runs `code` on `path` and then waits; returns once it is ready."""
    process = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, fcntl, os, sys, time\npath = {str(path)!r}\n{code}\n"
         "print('ready', flush=True)\ntime.sleep(120)"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


@pytest.mark.parametrize("holder", ["warehouse", "staging"])
def test_restore_is_refused_over_a_warehouse_a_run_holds(
    warehouse_copy: Path, tmp_path: Path, holder: str,
) -> None:
    run_newsflow("warehouse", "backup", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
    if holder == "warehouse":  # a run publishing holds DuckDB's write lock
        process = hold_open(warehouse_copy, "connection = duckdb.connect(path)")
    else:  # a run extracting holds the lock of its staging folder
        run = warehouse_copy.parent / ".staging" / "run-20260101T000000-00000000"
        run.mkdir(parents=True)
        process = hold_open(run / "run.lock", "lock = os.open(path, os.O_RDWR | os.O_CREAT)\n"
                                              "fcntl.flock(lock, fcntl.LOCK_EX)")
    try:
        before = warehouse_copy.stat().st_mtime_ns, warehouse_copy.stat().st_ino
        result = run_newsflow("warehouse", "restore", str(tmp_path / "backups"), "--warehouse", str(warehouse_copy))
        assert result.returncode == 1
        assert result.stderr.startswith(f"Error: not restoring over {warehouse_copy}")
        assert (warehouse_copy.stat().st_mtime_ns, warehouse_copy.stat().st_ino) == before
    finally:
        process.kill()
        process.wait()


def test_a_backup_taken_while_a_run_publishes_holds_one_published_state(
    warehouse_copy: Path, tmp_path: Path,
) -> None:
    before = counts(warehouse_copy)
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {**os.environ, **fault_env(markers, "publishing"),
           "PREFECT_HOME": str(tmp_path / "prefect-home"), "NEWSFLOW_LOCK_TIMEOUT_SECONDS": "300"}
    run = subprocess.Popen([*NEWSFLOW, "run", str(write_inbox(tmp_path / "inbox")), "--warehouse",
                            str(warehouse_copy)], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    wait_until_reached("publishing", run, markers)  # inside the publish transaction
    backup = subprocess.Popen([*NEWSFLOW, "warehouse", "backup", str(tmp_path / "backups"),
                               "--warehouse", str(warehouse_copy)], cwd=PROJECT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)  # the backup is waiting for the run's lock
    (markers / FAULT_CONTINUE).touch()
    assert run.wait(timeout=600) == 0, run.stderr.read() if run.stderr else ""
    assert backup.wait(timeout=600) == 0, backup.stderr.read() if backup.stderr else ""
    after = counts(warehouse_copy)
    assert after != before
    (taken,) = list_backups(tmp_path / "backups")
    assert counts(taken) == after
    assert taken.with_name(taken.name + MANIFEST_SUFFIX).exists()


def test_the_flow_backs_up_after_its_publish_and_keeps_the_newest(
    warehouse_copy: Path, tmp_path: Path, prefect_server: dict[str, str],
) -> None:
    folder = warehouse_copy.parent / BACKUP_FOLDER
    older = [back_up(warehouse_copy, folder).path for _ in range(2)]
    assert list_backups(folder) == older
    inbox = write_inbox(tmp_path / "inbox")
    # The flow as the scheduled deployment runs it, with its `keep_backups` parameter.
    flow = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom flows.ingest import ingest_articles\n"
         "state = ingest_articles([sys.argv[1]], sys.argv[2], keep_backups=2, return_state=True)\n"
         "sys.exit(0 if state.is_completed() else 1)", str(inbox), str(warehouse_copy)],
        cwd=PROJECT, env={**os.environ, **prefect_server}, capture_output=True, text=True, timeout=600)
    assert flow.returncode == 0, flow.stdout + flow.stderr
    kept = list_backups(folder)
    assert len(kept) == 2 and kept[0] == older[1]  # the oldest went
    assert counts(kept[-1]) == counts(warehouse_copy) != counts(older[1])
