"""A run stopped part-way (killed, or interrupted with Ctrl-C) resumes when run again over the
same inputs: the windows it staged are kept, not parsed again, and the result is what one
uninterrupted run publishes. Nothing else adopts a stopped run's windows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.ingest import DATA_DOCS_FOLDER
from tasks.assemble import RunCounts, RunSummary
from tasks.staging import (
    RUN_STATE_FILE,
    STAGING_FOLDER,
    StagedRun,
    remove_stale,
    work_fingerprint,
)
from tasks.validate import load_suites
from tests.conftest import NEWSFLOW, PROJECT, ingest, run_newsflow
from tests.fault_hooks.fault_points import fault_env
from tests.test_faults import kill_run_at, wait_until_reached
from tests.test_windows import published, write_inbox

ONE_ARTICLE_WINDOWS = {"NEWSFLOW_ARTICLES_PER_TASK": "1", "NEWSFLOW_ARTICLES_PER_WINDOW": "1"}


def interrupt_run_at(point: str, inbox: Path, warehouse: Path, markers: Path) -> str:
    """Start `newsflow run` and press Ctrl-C (SIGINT to the CLI) once it reaches `point`;
    returns what it wrote to stderr."""
    markers.mkdir()
    process = subprocess.Popen(
        [*NEWSFLOW, "run", str(inbox), "--warehouse", str(warehouse)], cwd=PROJECT,
        env={**os.environ, **ONE_ARTICLE_WINDOWS, **fault_env(markers, point),
             "PREFECT_HOME": str(markers.parent / "prefect-home")},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        wait_until_reached(point, process, markers)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr
    return stderr


def staged_runs(warehouse: Path) -> list[Path]:
    root = warehouse.parent / STAGING_FOLDER
    return sorted(path for path in root.iterdir() if path.is_dir()) if root.exists() else []


def resume_and_check(inbox: Path, warehouse: Path, reference: Path) -> None:
    """Run again: the run resumes after its first window and publishes what `reference` holds."""
    [stopped] = staged_runs(warehouse)
    state = json.loads((stopped / RUN_STATE_FILE).read_text())
    assert state["windows_done"] == 1
    # The window's time, by stage, as its log line gave it (benchmarks.scale reads it here).
    timed = state["last_window"]
    assert timed["articles"] == 1
    assert list(timed["seconds"]) == ["read", "extract", "normalise", "validate", "stage"]
    assert all(seconds >= 0 for seconds in timed["seconds"].values())
    # The same settings: windows of other sizes would be other work, and start over.
    result = run_newsflow("run", str(inbox), "--warehouse", str(warehouse), env=ONE_ARTICLE_WINDOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "resumed           kept 1 window staged by an interrupted attempt" in result.stdout
    assert published(warehouse) == published(reference)
    with duckdb.connect(str(warehouse), read_only=True) as db:
        # The same run, continued: its id and start, on every article, from either attempt.
        runs = db.execute("select run_id, started_at, articles_new from pipeline_runs").fetchall()
        assert [(run_id, new) for run_id, _, new in runs] == [(stopped.name, 4)]
        assert db.execute("select distinct run_id, ingested_at from articles").fetchall() == [
            (stopped.name, runs[0][1])]
        declared = sum(len(rules) for rules in load_suites().rules.values())
        assert db.execute("select count(*) from quality_results").fetchone() == (4 * declared,)
    # Its Data Docs list all four windows, the first validated by the stopped attempt.
    index = (warehouse.parent / DATA_DOCS_FOLDER / "index.html").read_text(encoding="utf-8")
    assert [n for n in range(1, 5) if f"{stopped.name} window {n} of 4" in index] == [1, 2, 3, 4]
    assert staged_runs(warehouse) == []


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The inbox and the warehouse one uninterrupted run makes of it."""
    folder = tmp_path_factory.mktemp("reference")
    inbox = write_inbox(folder / "inbox")
    ingest([inbox], folder / "w.duckdb")
    return inbox, folder / "w.duckdb"


def test_a_killed_run_resumes_after_its_last_staged_window(
    reference: tuple[Path, Path], tmp_path: Path,
) -> None:
    inbox, reference_warehouse = reference
    warehouse = tmp_path / "w.duckdb"
    kill_run_at("window-staged", inbox, warehouse, tmp_path / "markers", env=ONE_ARTICLE_WINDOWS)
    resume_and_check(inbox, warehouse, reference_warehouse)


def test_ctrl_c_says_how_to_resume_and_the_run_resumes(
    reference: tuple[Path, Path], tmp_path: Path,
) -> None:
    inbox, reference_warehouse = reference
    warehouse = tmp_path / "w.duckdb"
    stderr = interrupt_run_at("window-staged", inbox, warehouse, tmp_path / "markers")
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    resume_and_check(inbox, warehouse, reference_warehouse)


# The staged folder on its own, without Prefect.

def stopped_run(warehouse: Path, work: str, windows_done: int = 1) -> StagedRun:
    """A folder as a run killed after `windows_done` windows (and half-way through the next) leaves it."""
    staged = StagedRun.create(warehouse, "run-stopped")
    summary = RunSummary("run-stopped", None, str(warehouse), datetime(2026, 11, 26, 9, 30))
    for number in range(1, windows_done + 1):
        staged.write({"articles": pl.DataFrame({"n": [number]})}, f"window-{number:05d}")
        staged.record_window(number, pl.DataFrame({"success": [True]}),
                             {"work": work, "summary": summary.to_state()})
    staged.write({"articles": pl.DataFrame({"n": [windows_done + 1]})},
                 f"window-{windows_done + 1:05d}")
    staged.release()  # as its process ended
    return staged


def test_a_stopped_run_is_adopted_only_for_the_same_work(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    stopped_run(warehouse, work="work-a", windows_done=2)
    assert StagedRun.unfinished(warehouse, "work-b") is None
    adopted = StagedRun.unfinished(warehouse, "work-a")
    assert adopted is not None
    staged, state = adopted
    assert state["windows_done"] == 2
    # The half-written third window is gone; the two recorded ones and their quality stay.
    assert staged.scan("articles").collect()["n"].sort().to_list() == [1, 2]
    assert staged.window_quality() is not None and staged.window_quality().height == 2
    assert RunSummary.from_state(state["summary"]).run_id == "run-stopped"


def hold_in_another_process(folder: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from tasks.staging import StagedRun; StagedRun(Path(sys.argv[1])).hold(); "
         "print('held', flush=True); time.sleep(60)", str(folder)],
        cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    return process


def test_a_run_still_going_is_neither_adopted_nor_removed(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    staged = stopped_run(warehouse, work="work-a")
    os.utime(staged.folder, (0, 0))  # untouched for decades
    process = hold_in_another_process(staged.folder)
    try:
        assert StagedRun.unfinished(warehouse, "work-a") is None
        remove_stale(staged.folder.parent)
        assert staged.folder.exists()
    finally:
        process.kill()
        process.wait()
    remove_stale(staged.folder.parent)  # now nobody holds it
    assert not staged.folder.exists()


def test_the_fingerprint_changes_with_the_articles_their_order_and_the_settings() -> None:
    ids = pl.Series(["a", "b", "c"])
    same = work_fingerprint(ids, "en_core_web_sm", 500, 5000)
    assert work_fingerprint(pl.Series(["a", "b", "c"]), "en_core_web_sm", 500, 5000) == same
    assert work_fingerprint(pl.Series(["a", "c", "b"]), "en_core_web_sm", 500, 5000) != same
    assert work_fingerprint(pl.Series(["a", "b"]), "en_core_web_sm", 500, 5000) != same
    assert work_fingerprint(ids, "en_core_web_sm", 500, 1000) != same
    assert work_fingerprint(ids, "other_model", 500, 5000) != same


def test_a_summary_survives_its_state() -> None:
    summary = RunSummary(
        "run-1", "flow-1", "w.duckdb", datetime(2026, 11, 26, 9, 30),
        counts=RunCounts(5, 3, 1, 1, 0), rejections=(("a.txt", "read", "empty"),),
        quality_failures=("articles.text: expect (1)",), quarantined_rows=2, data_docs="dd",
        top_events=("036 Express intent to meet (2)",), sources=({"source": "bbc", "new": 1},))
    assert RunSummary.from_state(json.loads(json.dumps(summary.to_state()))) == summary


def test_a_folder_held_in_this_process_is_not_held_twice(tmp_path: Path) -> None:
    # A served deployment runs flows in one process: one run must not adopt another's folder.
    staged = StagedRun.create(tmp_path / "w.duckdb", "run-live")
    try:
        assert not StagedRun(staged.folder).hold()
    finally:
        staged.release()
    assert StagedRun(staged.folder).hold()  # free again once released
    staged.release()


@pytest.mark.parametrize(("windows", "said"), [(1, "kept 1 window staged"),
                                               (14, "kept 14 windows staged")])
def test_the_prefect_run_report_says_the_run_resumed(tmp_path: Path, windows: int,
                                                     said: str) -> None:
    from flows.report import ReportFrames, report_markdown
    from tasks.validate import QUALITY_SCHEMA

    staged = StagedRun.create(tmp_path / "w.duckdb", "run-1")
    staged.release()
    summary = RunSummary("run-1", None, "w.duckdb", datetime(2026, 11, 26, 9, 30),
                         windows_resumed=windows)
    markdown = report_markdown(summary, ReportFrames.from_staged(staged),
                               pl.DataFrame(schema=QUALITY_SCHEMA))
    assert f"**Resumed:** {said} by an interrupted attempt, not parsed again." in markdown
    assert "Resumed" not in report_markdown(replace(summary, windows_resumed=0), ReportFrames.from_staged(staged),
                                            pl.DataFrame(schema=QUALITY_SCHEMA))
