"""Fixtures for tests that run real services: a Prefect server on a temporary PREFECT_HOME and
a free port, a Dask scheduler with two workers, and small inboxes of articles.

Every process is started in its own process group (start_new_session) and the whole group is
stopped when the fixture ends, whether the test passed or failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.deploy import free_port, local_server, stop_process_group
from tests.conftest import PROJECT, SEEDS

# Short articles written for these tests (the seed article comes from seeds/).
SHORT_ARTICLES = {
    "berlin.txt": (
        "Germany and France sign energy pact\n\n"
        "BERLIN, March 3 (Reuters) - German Chancellor Olaf Scholz met French President "
        "Emmanuel Macron in Berlin on Monday. Germany and France signed an agreement to build "
        "a hydrogen pipeline, the two governments said.\n"
    ),
    "nairobi.txt": (
        "Kenya protests over tax bill\n\n"
        "NAIROBI, June 25 (Reuters) - Police in Kenya arrested dozens of protesters in Nairobi "
        "on Tuesday. President William Ruto said the government would withdraw the finance "
        "bill after the protests.\n"
    ),
}


def write_inbox(folder: Path) -> Path:
    """The seed article plus the short articles above, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    for name, text in SHORT_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def start_group(command: list[str], log: Path, env: dict[str, str] | None = None,
                cwd: Path = PROJECT) -> subprocess.Popen[bytes]:
    """Start `command` in its own process group, output to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, start_new_session=True)


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A real Prefect server on 127.0.0.1 with its own PREFECT_HOME; yields the environment
    clients need (PREFECT_API_URL, ...)."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    with local_server(free_port(), home, log_file=tmp_path / "prefect-server.log") as env:
        yield env


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A `dask scheduler` and two single-threaded `dask worker` processes on 127.0.0.1;
    yields the scheduler address."""
    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [start_group(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        tmp_path / "dask-scheduler.log")]
    try:
        wait_for_log(tmp_path / "dask-scheduler.log", "Scheduler at", processes[0])
        for number in (1, 2):
            log = tmp_path / f"dask-worker-{number}.log"
            processes.append(start_group(
                [dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--name", f"worker-{number}"], log))
        for number, process in enumerate(processes[1:], start=1):
            wait_for_log(tmp_path / f"dask-worker-{number}.log", "Registered to", process)
        yield address
    finally:
        for process in reversed(processes):
            stop_process_group(process)


def wait_for_log(log: Path, text: str, process: subprocess.Popen[bytes],
                 timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited: {log.read_text(errors='replace')}")
        time.sleep(0.3)
    raise TimeoutError(f"{text!r} not in {log} after {timeout} s")


# Columns that differ between two runs of the same input by design (ids and clocks of the run).
RUN_COLUMNS = {"run_id", "first_run_id", "flow_run_id", "ingested_at", "detected_at",
               "checked_at", "started_at", "finished_at", "first_seen_at", "last_seen_at"}
CONTENT_TABLES = ["articles", "entities", "mentions", "entity_roles", "events",
                  "event_participants", "rejected_inputs", "quality_results", "input_files"]


def warehouse_content(warehouse: Path, tables: list[str] = CONTENT_TABLES
                      ) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of `tables` without the run's ids and timestamps, sorted."""
    content = {}
    with duckdb.connect(str(warehouse), read_only=True) as db:
        for table in tables:
            columns = [row[0] for row in db.execute(f"describe {table}").fetchall()
                       if row[0] not in RUN_COLUMNS]
            rows = db.execute(f"select {', '.join(columns)} from {table}").fetchall()
            content[table] = sorted(rows, key=repr)
    return content


def pipeline_runs(warehouse: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return db.execute(
            "select status, inputs_seen, inputs_skipped, articles_new, articles_duplicate, "
            "inputs_rejected from pipeline_runs order by started_at").fetchall()
