"""spaCy processes: every usable core by default when a batch is large enough, within memory;
a number set by the user is kept; and the warehouse is the same, table by table, whether
extraction ran in one process or several."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsflow.settings import Settings
from tasks.processes import (
    AUTO,
    SPACY_PROCESS_BYTES,
    available_memory_bytes,
    processes_for,
    usable_cores,
)
from tests.conftest import run_newsflow
from tests.helpers_prefect import CONTENT_TABLES, pipeline_runs, warehouse_content, write_inbox

PLENTY = 64 * SPACY_PROCESS_BYTES


def test_auto_is_the_default_and_negative_numbers_are_refused() -> None:
    assert Settings.from_env({}).n_process == AUTO
    assert Settings.from_env({"NEWSFLOW_N_PROCESS": "3"}).n_process == 3
    with pytest.raises(ValueError, match="NEWSFLOW_N_PROCESS"):
        Settings.from_env({"NEWSFLOW_N_PROCESS": "-1"})


def test_usable_cores_follow_the_affinity_mask() -> None:
    assert usable_cores() == len(os.sched_getaffinity(0))


def test_auto_takes_every_core_for_a_large_batch() -> None:
    assert processes_for(500, AUTO, 64, cores=2, memory=PLENTY) == 2
    assert processes_for(5000, AUTO, 64, cores=8, memory=PLENTY) == 8


def test_auto_gives_each_process_at_least_one_whole_spacy_batch() -> None:
    assert processes_for(1, AUTO, 64, cores=8, memory=PLENTY) == 1  # a one-article run forks nothing
    assert processes_for(127, AUTO, 64, cores=8, memory=PLENTY) == 1
    assert processes_for(128, AUTO, 64, cores=8, memory=PLENTY) == 2
    assert processes_for(300, AUTO, 64, cores=8, memory=PLENTY) == 4


def test_auto_stays_within_the_memory_available() -> None:
    assert processes_for(5000, AUTO, 64, cores=8, memory=3 * SPACY_PROCESS_BYTES) == 3
    assert processes_for(5000, AUTO, 64, cores=8, memory=SPACY_PROCESS_BYTES // 2) == 1


def test_a_number_set_by_the_user_is_kept() -> None:
    assert processes_for(1, 4, 64, cores=2, memory=0) == 4


def test_available_memory_is_read_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24684096 kB\nMemAvailable:    2048 kB\n", encoding="ascii")
    assert available_memory_bytes(meminfo) == 2048 * 1024
    assert available_memory_bytes(tmp_path / "missing") is None


@pytest.mark.slow  # two whole runs of the CLI (80 s of make test-fast's 130 s under load)
def test_one_and_two_processes_publish_the_same_rows(tmp_path: Path) -> None:
    # One text per spaCy batch and per extraction task, so both processes parse articles.
    inbox = write_inbox(tmp_path / "inbox")
    runs = {}
    for processes in ("1", "2"):
        warehouse = tmp_path / f"n{processes}" / "w.duckdb"
        result = run_newsflow("run", str(inbox), "--warehouse", str(warehouse),
                              "--n-process", processes, env={"NEWSFLOW_BATCH_SIZE": "1"})
        assert result.returncode == 0, result.stdout + result.stderr
        runs[processes] = warehouse
    one, two = (warehouse_content(runs[n]) for n in ("1", "2"))
    for table in CONTENT_TABLES:  # table by table, so a difference names its table
        assert two[table] == one[table], table
    assert one["mentions"] and one["events"]
    assert pipeline_runs(runs["1"]) == pipeline_runs(runs["2"])
