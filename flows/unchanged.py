"""Input files the warehouse already holds, and the shortcut for a run that has nothing else.

A file whose content hash the warehouse knows (`input_files`) is not read again: the flow reads
only the `changed_files`. When every input file is known there is nothing to extract, so a
local `newsflow run` (`flows.local_run`) records the run with `record_unchanged_run`, the same
check, without starting Prefect (whose temporary server alone costs several seconds).
Scheduled deployment runs always go through the flow, which skips the same files the same way.

The warehouse is read once per run: what the check read is handed to the flow it then starts
(`state_at_flow_start`), unless the file changed in between (another run published: then the
flow reads it again). Under the write lock the publish still leaves out articles another run
published meanwhile, so a state read early is never wrong, at worst a little old.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _ReadAhead:
    """The state the unchanged-inbox check read, and the file's stamp when it was read."""

    warehouse: Path
    stamp: tuple[tuple[int, int] | None, ...]
    state: load.WarehouseState


_read_ahead: list[_ReadAhead] = []  # at most one, taken by the next flow that starts


def _stamp(warehouse: Path) -> tuple[tuple[int, int] | None, ...]:
    """(modified, size) of the file and of its write-ahead log: a commit changes one of them."""
    def of(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    return of(warehouse), of(warehouse.with_name(warehouse.name + ".wal"))


def read_warehouse_state(settings: Settings) -> load.WarehouseState:
    """What the warehouse holds (nothing if it does not exist)."""
    if not settings.warehouse.exists():
        return load.WarehouseState()
    with load.open_warehouse(settings.warehouse, read_only=True,
                             lock_timeout=settings.lock_timeout_seconds) as connection:
        return load.warehouse_state(connection)


def state_at_flow_start(settings: Settings) -> load.WarehouseState:
    """The state the unchanged-inbox check read just before this flow, if the warehouse has
    not changed since; else the warehouse read now."""
    ahead = _read_ahead.pop() if _read_ahead else None
    if ahead is not None and ahead.warehouse == settings.warehouse and \
            ahead.stamp == _stamp(settings.warehouse):
        return ahead.state
    return read_warehouse_state(settings)


def record_unchanged_run(paths: list[str], settings: Settings) -> RunSummary | None:
    """Record and return a run that skipped every input, or None when there is work to do."""
    if not settings.warehouse.exists() or any(is_web_url(path) for path in paths):
        return None  # URLs are fetched by the flow: whether they changed takes a request
    started_at = datetime.now()
    files, unreadable = read.discover_inputs([Path(p) for p in paths])
    if not files or not unreadable.is_empty():
        return None  # an empty inbox or an unreadable entry is reported by the flow
    stamp = _stamp(settings.warehouse)
    known = read_warehouse_state(settings)
    if next(changed_files(files, known.content_hashes), None) is not None:
        _read_ahead[:] = [_ReadAhead(settings.warehouse, stamp, known)]  # for the flow's start
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
