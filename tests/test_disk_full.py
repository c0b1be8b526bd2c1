"""A full disk at every stage of a real run, on a real small filesystem (a tmpfs the test mounts).

The run is stopped at a named point (tasks.checkpoints, through tests/fault_hooks/), the filesystem is filled to the
last byte, and the run goes on: it must exit 1 with one line naming the cause, the filesystem and
about how much more space it needs, leave the warehouse as it was, leave nothing staged on the
full disk, and converge to an uninterrupted run once the filesystem is enlarged
(`mount -o remount,size=`). Where the disk is short but not full, the run refuses before the
window (or publish) that would not fit, keeps what it staged, and resumes from it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tasks.staging import STAGING_FOLDER
from tests.conftest import NEWSFLOW, PROJECT, ingest, run_newsflow
from tests.fault_hooks.fault_points import FAULT_CONTINUE, fault_env
from tests.test_faults import assert_healthy, published_tables, wait_until_reached, write_inbox

DISK_MB = 24  # the seed warehouse (5 MB) and a run's Data Docs (4 MB) fit; a filler does not
LARGER_MB = 96
# Three windows of one article each, for the test that stops between windows.
THREE_WINDOWS = {"NEWSFLOW_ARTICLES_PER_TASK": "1", "NEWSFLOW_ARTICLES_PER_WINDOW": "1"}


def mount_tmpfs(folder: Path, megabytes: int) -> None:
    folder.mkdir(exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and mount rights): {result.stderr.strip()}")


def remount(folder: Path, megabytes: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={megabytes}m", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of DISK_MB mounted at tmp_path/disk, unmounted at the end."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, DISK_MB)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One inbox for the faulted runs and their references: file paths are part of the rows."""
    return write_inbox(tmp_path_factory.mktemp("disk-full") / "inbox")


@pytest.fixture(scope="module")
def reference_runs(seed_warehouse: Path, inbox: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> dict[str, Path]:
    """The seed warehouse plus the test inbox, ingested without a fault: in one window and in
    three."""
    folder = tmp_path_factory.mktemp("reference")
    references = {}
    for name, env in (("one-window", {}), ("three-windows", THREE_WINDOWS)):
        references[name] = folder / f"{name}.duckdb"
        shutil.copy(seed_warehouse, references[name])
        with pytest.MonkeyPatch.context() as patch:
            for key, value in env.items():
                patch.setenv(key, value)
            ingest([inbox], references[name])
    return references


def fill(disk: Path, leave: int = 0) -> None:
    """Write a filler file until the filesystem has only `leave` bytes free."""
    with (disk / "filler").open("wb") as file:
        try:
            while (room := os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize - leave) > 0:
                file.write(b"\0" * min(room, 1024 * 1024))
                file.flush()
        except OSError:
            pass  # full


def run_until_full(warehouse: Path, inbox: Path, point: str, markers: Path, leave: int = 0,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `newsflow run` whose filesystem is filled (but `leave` bytes) at `point`."""
    markers.mkdir()
    process = subprocess.Popen(
        [*NEWSFLOW, "run", str(inbox), "--warehouse", str(warehouse)], cwd=PROJECT,
        env={**os.environ, **fault_env(markers, point),
             "PREFECT_HOME": str(markers.parent / "prefect-home"), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_reached(point, process, markers)
        fill(warehouse.parent, leave)
        (markers / FAULT_CONTINUE).touch()
        stdout, stderr = process.communicate(timeout=600)
    finally:
        process.kill()
        process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_disk_full_message(result: subprocess.CompletedProcess[str], disk: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert re.fullmatch(
        rf"Error: disk full while [^:]+: the filesystem at {re.escape(str(disk))} \(holding .+\) has "
        r"[\d,.]+ (bytes|KB|MB|GB) free and this run needs about [\d,.]+ (KB|MB|GB) more; "
        r"the warehouse is unchanged: free some space and run the same command again", errors[0]), errors[0]


def staged_runs(warehouse: Path) -> list[Path]:
    return sorted((warehouse.parent / STAGING_FOLDER).glob("*/"))


# Where the disk fills: the run's first writes (its inputs and articles, held for the windows),
# Great Expectations' results, the Data Docs, the window's rows, and the publish.
@pytest.mark.parametrize("point", ["extracting", "validating", "data-docs", "staging", "staged"])
def test_a_full_disk_at_any_stage_stops_the_run_cleanly_and_a_rerun_converges(
    small_disk: Path, seed_warehouse: Path, reference_runs: dict[str, Path], inbox: Path, tmp_path: Path, point: str,
) -> None:
    warehouse = small_disk / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    before = published_tables(warehouse)

    result = run_until_full(warehouse, inbox, point, tmp_path / "markers")

    assert_disk_full_message(result, small_disk)
    assert published_tables(warehouse) == before
    assert not any(folder.iterdir() for folder in staged_runs(warehouse))  # it did not fit: removed
    assert not list(small_disk.glob("data_docs/validations/*/*"))  # nor its Data Docs pages
    remount(small_disk, LARGER_MB)
    ingest([inbox], warehouse)
    assert_healthy(warehouse)
    assert published_tables(warehouse) == published_tables(reference_runs["one-window"])


def test_a_short_disk_is_refused_before_the_window_and_the_staged_windows_resume(
    small_disk: Path, seed_warehouse: Path, reference_runs: dict[str, Path], inbox: Path, tmp_path: Path,
) -> None:
    warehouse = small_disk / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    before = published_tables(warehouse)
    # After the first of three windows, 2 MB stay free: less than the rest of the run needs.
    result = run_until_full(warehouse, inbox, "window-staged", tmp_path / "markers",
                            leave=2 * 1024 * 1024, env=THREE_WINDOWS)

    assert_disk_full_message(result, small_disk)
    assert "disk full while staging window 2 of 3" in result.stderr
    assert published_tables(warehouse) == before
    (staged,) = staged_runs(warehouse)  # it fits: kept, with its first window
    assert [path.name for path in (staged / "articles").iterdir()] == ["window-00001.parquet"]
    with duckdb.connect(str(warehouse), read_only=True) as db:  # the failed run is recorded
        assert db.execute("select run_id, status, message like 'disk full while staging window 2 of 3:%' "
                          "from pipeline_runs where status = 'failed'").fetchall() == [(staged.name, "failed", True)]

    remount(small_disk, LARGER_MB)
    rerun = run_newsflow("run", str(inbox), "--warehouse", str(warehouse), env=THREE_WINDOWS)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "kept 1 window staged by an interrupted attempt" in rerun.stdout
    assert_healthy(warehouse)
    assert published_tables(warehouse) == published_tables(reference_runs["three-windows"])
    with duckdb.connect(str(warehouse), read_only=True) as db:  # the resumed run replaced the failed row
        assert db.execute("select status from pipeline_runs where run_id = ?",
                          [staged.name]).fetchall() == [("completed",)]
    assert not staged_runs(warehouse)


def test_a_full_disk_at_the_checkpoint_keeps_the_committed_run_in_the_log(
    small_disk: Path, seed_warehouse: Path, reference_runs: dict[str, Path], inbox: Path, tmp_path: Path,
) -> None:
    warehouse = small_disk / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    # Filled after the commit, before DuckDB checkpoints its write-ahead log into the file.
    result = run_until_full(warehouse, inbox, "committed", tmp_path / "markers")
    assert result.returncode == 0, result.stdout + result.stderr
    assert published_tables(warehouse) == published_tables(reference_runs["one-window"])
    remount(small_disk, LARGER_MB)
    assert_healthy(warehouse)  # opens read-write: the checkpoint now completes
    assert not Path(f"{warehouse}.wal").exists()
    assert published_tables(warehouse) == published_tables(reference_runs["one-window"])
