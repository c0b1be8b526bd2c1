"""The pure functions of `tasks/`, wrapped as Prefect tasks: names, retries and timeouts live
here, logic does not. I/O tasks (reading files, the warehouse) may retry; pure transforms never do.

Tasks that take the run's frames have no cache policy: Prefect's default one hashes every input
(pickling whole frames, a transient copy of the run's data per task) for a cache nobody reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency

from tasks import backups, clean, entities, events, extract, fetched, load, progress, read, validate, web
from tasks.assemble import Publication, RunSummary
from tasks.extract import Extraction
from tasks.fetch import FetchPolicy
from tasks.sources_file import Source
from tasks.staging import StagedRun


@task(name="read-inputs", retries=2, retry_delay_seconds=1)
def read_inputs(files: list[Path], max_input_bytes: int) -> read.ReadResult:
    return read.read_inputs(files, max_input_bytes)


@task(task_run_name="fetch-{source.name}", cache_policy=NO_CACHE, retries=2,
      retry_delay_seconds=[5, 30])
def fetch_source(source: Source, policy: FetchPolicy, known_urls: frozenset[str],
                 stored_urls: frozenset[str], state: web.FeedState | None,
                 warehouse: Path) -> web.SourceResult:
    """One source (a feed and its pages, or one page): one task in the UI, however many URLs.
    Failed URLs are rejections, not task failures; a retry covers what is left (a crash). The
    fetched documents are kept on disk before the task returns (tasks.fetched): caching by URL
    that outlives the run, so a run that fails later does not fetch them again."""
    result = web.read_source(source, policy, known_urls, state, stored_urls)
    kept = fetched.keep(warehouse, result.documents_frame())
    result.kept = str(kept) if kept else None
    return result


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
    resolved = entities.resolve_entities(extraction.mentions, extraction.roles, articles,
                                        extraction.sentences)
    coded = events.code_events(
        extraction.events, extraction.event_arguments, resolved.mentions,
        extraction.sentences, articles, resolved,
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
    storage_version: str = load.DEFAULT_STORAGE_VERSION, server_outlives_run: bool = True,
) -> Publication:
    with _one_loader_at_a_time(server_outlives_run), load.open_warehouse(
            warehouse, lock_timeout=lock_timeout, memory_limit=memory_limit,
            storage_version=storage_version) as connection:
        load.apply_schema(connection)
        return load.publish_or_refuse(connection, staged, quality_results, summary, refusal)


@task(name="back-up-warehouse", cache_policy=NO_CACHE)
def back_up_warehouse(warehouse: Path, keep: int, lock_timeout: float) -> str:
    """A verified backup of the published warehouse into `backups/` beside it; the newest
    `keep` backups stay. Returns what was written, for the flow run's log."""
    folder = warehouse.parent / backups.BACKUP_FOLDER
    written = backups.back_up(warehouse, folder, lock_timeout)
    backups.keep_newest(folder, keep)
    return written.describe()


def record_failed_run(warehouse: Path, summary: RunSummary, lock_timeout: float) -> None:
    """Record a run stopped by a full disk as `failed`, when the warehouse exists and the disk
    takes the row (a rerun that resumes the run replaces it); otherwise skip, as it must not
    hide the error that stopped the run."""
    if not warehouse.exists():
        return
    with suppress(Exception), load.open_warehouse(warehouse, lock_timeout=lock_timeout) as connection:
        load.record_audit(connection, {"pipeline_runs": summary.pipeline_run_row()})


@contextmanager
def _one_loader_at_a_time(server_outlives_run: bool) -> Iterator[None]:
    """Hold the global concurrency limit while loading, when runs talk to a started Prefect
    server: two scheduled runs may extract together, but never load together. The server's
    lease expiry frees the slot of a run killed mid-load. A plain `newsflow run` talks to a
    temporary server of its own (`server_outlives_run` false; flows.prefect_env) or Prefect's
    ephemeral one, which would keep a killed run's lease in the memory of a server that is
    gone, holding the slot forever; there DuckDB's file lock (waited on, then retried) keeps
    the load single-writer instead."""
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url or not server_outlives_run:
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
