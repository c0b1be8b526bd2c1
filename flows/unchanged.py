"""Input files the warehouse already holds, and the shortcut for a run that has nothing else.

A file whose content hash the warehouse knows (`input_files`) is not read again: the flow reads
only the `changed_files`. When every input file is known there is nothing to extract, so a
local `newsflow run` (`flows.local_run`) records the run with `record_unchanged_run`, the same
check, without starting Prefect (whose temporary server alone costs several seconds).
Scheduled deployment runs always go through the flow, which skips the same files the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from flows.settings import Settings
from tasks import load, read
from tasks.assemble import RunCounts, RunSummary, new_run_id
from tasks.urls import is_web_url


def changed_files(files: Iterable[Path], known_hashes: Collection[str]) -> Iterator[tuple[Path, str]]:
    """(file, content hash) of each file whose content the warehouse does not hold, in order.
    Lazy: asking whether there is any hashes the files only up to the first."""
    for file in files:
        content_hash = read.file_content_hash(file)
        if content_hash not in known_hashes:
            yield file, content_hash


def record_unchanged_run(paths: list[str], settings: Settings) -> RunSummary | None:
    """Record and return a run that skipped every input, or None when there is work to do."""
    if not settings.warehouse.exists() or any(is_web_url(path) for path in paths):
        return None  # URLs are fetched by the flow: whether they changed takes a request
    started_at = datetime.now()
    files, unreadable = read.discover_inputs([Path(p) for p in paths])
    if not files or not unreadable.is_empty():
        return None  # an empty inbox or an unreadable entry is reported by the flow
    with load.open_warehouse(settings.warehouse, read_only=True,
                             lock_timeout=settings.lock_timeout_seconds) as connection:
        known = load.known_content_hashes(connection)
    if next(changed_files(files, known), None) is not None:
        return None
    summary = RunSummary(
        new_run_id(started_at), None, str(settings.warehouse), started_at,
        finished_at=datetime.now(), status="completed",
        message="every input file is unchanged since an earlier run: nothing to extract",
        counts=RunCounts(0, 0, 0, 0, inputs_skipped=len(files)),
    )
    with load.open_warehouse(settings.warehouse, lock_timeout=settings.lock_timeout_seconds) as connection:
        load.apply_schema(connection)
        load.record_audit(connection, {"pipeline_runs": summary.pipeline_run_row()})
    return summary
