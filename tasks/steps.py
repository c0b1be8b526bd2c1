"""The pure functions of `tasks/`, wrapped as Prefect tasks: names, retries and timeouts live
here, logic does not. I/O tasks (reading files, the warehouse) may retry; pure transforms never do.

Tasks that take the run's frames have no cache policy: Prefect's default one hashes every input
(pickling whole frames, a transient copy of the run's data per task) for a cache nobody reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency

from newsflow import progress
from newsflow.prefect_env import TEMPORARY_SERVER_ENV
from tasks import clean, entities, events, extract, load, read, validate
from tasks.assemble import RunSummary
from tasks.extract import Extraction
from tasks.staging import StagedRun


@task(name="read-inputs", retries=2, retry_delay_seconds=1)
def read_inputs(files: list[Path], max_input_bytes: int) -> read.ReadResult:
    return read.read_inputs(files, max_input_bytes)


@task(name="clean-articles", cache_policy=NO_CACHE)
def clean_articles(documents: pl.DataFrame, non_english: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    return clean.clean_documents(documents, non_english=non_english)


@task(task_run_name="extract-batch-{batch_number}-of-{batch_count}", cache_policy=NO_CACHE)
def extract_batch(
    articles: pl.DataFrame, model_name: str, batch_size: int, n_process: int,
    batch_number: int, batch_count: int,
) -> Extraction:
    # Settings arrive as parameters: Dask workers do not inherit the submitter's environment.
    # The progress bar (when one is shown in this process) advances every nlp.pipe batch.
    def report(done: int) -> None:
        progress.batch_done(batch_number, done)

    return extract.extract_entities_and_events(
        articles, model_name, batch_size, n_process,
        on_progress=report if progress.is_active() else None)


@task(name="normalise-entities-and-events", cache_policy=NO_CACHE)
def normalise(
    extraction: Extraction, articles: pl.DataFrame
) -> tuple[entities.ResolvedEntities, events.CodedEvents]:
    resolved = entities.resolve_entities(extraction.mentions, extraction.roles, articles)
    coded = events.code_events(
        extraction.events, extraction.event_arguments, resolved.mentions,
        extraction.sentences, articles, located=resolved.entities,
    )
    return resolved, coded


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_batch(
    frames: dict[str, pl.DataFrame], run_id: str, checked_at: datetime,
    docs_dir: Path | None = None, suites_file: Path | None = None,
    *, window: str | None = None, results_dir: Path | None = None,
) -> validate.ValidationReport:
    return validate.validate_frames(frames, run_id, checked_at, docs_dir, suites_file,
                                    window=window, results_dir=results_dir)


@task(name="load-warehouse", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[2, 5, 15],
      timeout_seconds=3600,
      retry_condition_fn=lambda _task, _run, state: _is_lock_error(state))
def load_warehouse(
    warehouse: Path, staged: StagedRun, quality_results: pl.DataFrame, summary: RunSummary,
    lock_timeout: float, refusal: str | None, memory_limit: str | None = None,
) -> RunSummary:
    with _one_loader_at_a_time(), load.open_warehouse(
            warehouse, lock_timeout=lock_timeout, memory_limit=memory_limit) as connection:
        load.apply_schema(connection)
        return load.publish_or_refuse(connection, staged, quality_results, summary, refusal)


@contextmanager
def _one_loader_at_a_time() -> Iterator[None]:
    """Hold the global concurrency limit while loading, when runs talk to a started Prefect
    server: two scheduled runs may extract together, but never load together. The server's
    lease expiry frees the slot of a run killed mid-load. A plain `newsflow run` talks to a
    temporary server of its own (or Prefect's ephemeral one), which would keep a killed run's
    lease in the memory of a server that is gone, holding the slot forever; there DuckDB's
    file lock (waited on, then retried) keeps the load single-writer instead."""
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url or os.environ.get(TEMPORARY_SERVER_ENV):
        yield
        return
    ensure_load_limit()
    with concurrency(WAREHOUSE_LOAD_LIMIT, occupy=1, strict=True, lease_duration=60):
        yield


WAREHOUSE_LOAD_LIMIT = "newsflow-warehouse-load"


def ensure_load_limit() -> None:
    """Create the global concurrency limit (1 slot) the load holds, if the server lacks it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WAREHOUSE_LOAD_LIMIT)
            return
        except ObjectNotFound:
            pass
        with suppress(ObjectAlreadyExists):  # another run may have created it meanwhile
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=WAREHOUSE_LOAD_LIMIT, limit=1))


def _is_lock_error(state: object) -> bool:
    """Retry the load only when another writer held the lock: other failures are not transient."""
    try:
        state.result()  # type: ignore[attr-defined]
    except load.WarehouseLockedError:
        return True
    except Exception:
        return False
    return False
