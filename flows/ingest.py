"""The main flow: read -> clean -> extract -> normalise -> validate -> load.

It only orchestrates: every step is a function in `tasks/`, wrapped as a Prefect task in
`tasks/steps.py`. Extraction runs in batches (one task per batch, never per article).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow, get_run_logger, runtime
from prefect.futures import PrefectFuture, as_completed
from prefect.states import Failed, State

from flows import report as run_report
from flows import unchanged
from flows.prefect_env import server_outlives_run
from flows.settings import Settings
from tasks import (
    assemble,
    batching,
    checkpoints,
    disk_space,
    extract,
    fetched,
    load,
    progress,
    read,
    staging,
    steps,
    validate,
    web,
    worker_pool,
)
from tasks.assemble import Publication, RunCounts, RunSummary
from tasks.extract import Extraction
from tasks.fetch import FetchPolicy
from tasks.processes import processes_for, usable_cores
from tasks.sources_file import load_sources, sources_from_urls
from tasks.staging import StagedRun
from tasks.urls import canonical_url, is_web_url

DATA_DOCS_FOLDER = "data_docs"  # Great Expectations Data Docs, beside the warehouse file

VALIDATION_LIBRARY = "great_expectations"  # imported while spaCy parses
# Input bytes read and cleaned at a time: reading and cleaning hold about five times their input.
READ_CHUNK_BYTES = 16 * 1024 * 1024

class RunFailedError(RuntimeError):
    """The run finished but published nothing (a quality gate or warehouse rule refused it)."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.message or "run failed")
        self.summary = summary


def _flow_run_name() -> str:
    """`ingest-<what>-into-<warehouse>`, e.g. `ingest-inbox-into-newsflow.duckdb`."""
    parameters = runtime.flow_run.parameters
    names = [Path(p).name or str(p) for p in parameters.get("paths") or []]
    if parameters.get("sources_file"):
        names.append(Path(parameters["sources_file"]).name)
    what = "+".join(names[:3]) + (f"+{len(names) - 3}-more" if len(names) > 3 else "")
    warehouse = Path(parameters.get("warehouse") or Settings.from_env().warehouse).name
    return f"ingest-{what or 'nothing'}-into-{warehouse}"


# Parameters are plain JSON values, so deployments and the UI can set them.
@flow(name="ingest-articles", flow_run_name=_flow_run_name, log_prints=False)
def ingest_articles(
    paths: list[str], warehouse: str | None = None, spacy_model: str | None = None,
    batch_size: int | None = None, n_process: int | None = None,
    max_input_bytes: int | None = None, articles_per_task: int | None = None,
    articles_per_window: int | None = None, sources_file: str | None = None, keep_backups: int = 0,
) -> RunSummary | State:
    """Ingest news files, folders, web archives (.warc, .warc.gz), feed and page URLs, and the
    feeds of a sources file (sources.yaml) into the DuckDB warehouse. Unset parameters come
    from NEWSFLOW_* environment variables, then defaults. With `keep_backups` N > 0, a verified
    backup is taken after each successful publish into `backups/` beside the warehouse, and
    the newest N are kept."""
    settings = Settings.from_env(
        warehouse=warehouse, spacy_model=spacy_model, batch_size=batch_size,
        n_process=n_process, max_input_bytes=max_input_bytes,
        articles_per_task=articles_per_task, articles_per_window=articles_per_window,
    )
    started_at = datetime.now()
    inputs = _read_inputs(paths, sources_file, settings)
    new, new_files, hashes, fetched_inputs = (inputs.new, inputs.new_files, inputs.hashes,
                                              inputs.fetched)
    rejections, counts = inputs.rejections, inputs.counts
    del inputs  # from here on a window needs only its own new articles, read back from a file
    checkpoints.reached("extracting")
    if new.height:
        _import_in_background(VALIDATION_LIBRARY)
    work = staging.work_fingerprint(
        new["article_id"], settings.spacy_model, settings.articles_per_task,
        settings.articles_per_window, settings.expectations_file)
    article_count = new.height
    staged, summary = _start_or_resume(work, started_at, counts, rejections, settings,
                                       tuple(fetched_inputs.stats))
    try:
        staged.write(assemble.input_frames(summary.run_id, summary.started_at, rejections,
                                           [(str(f), hashes[f]) for f in new_files],
                                           fetched_inputs.feed_states), "inputs")
        held = staged.hold_articles(
            new.with_columns(ingested_at=pl.lit(summary.started_at), run_id=pl.lit(summary.run_id)),
            settings.articles_per_task)
        del new
        summary, quality, refusal = _process_in_windows(held, article_count, settings, summary,
                                                        staged, work)
        summary = _publish(settings, staged, quality, summary, refusal)
        staged.remove()  # published or refused: nothing is left to resume
        if summary.status == "completed":
            fetched.discard(fetched_inputs.kept_files)  # published: the warehouse holds them now
    except Exception as error:
        if not disk_space.is_disk_full(error):
            raise
        raise _stopped_by_full_disk(error, staged, summary, settings, article_count) from error
    finally:
        staged.release()  # a run that stopped short stays staged, for the next attempt
    if keep_backups > 0 and summary.status == "completed":
        _back_up(settings, keep_backups)
    if summary.status != "completed":
        # A clear state and message in the UI; callers get the summary from the exception.
        return Failed(message=f"run {summary.run_id} published nothing: {summary.message}",
                      data=RunFailedError(summary))
    return summary


def _publish(settings: Settings, staged: StagedRun, quality: pl.DataFrame, summary: RunSummary,
             refusal: str | None) -> RunSummary:
    """Publish the staged run (or record its refusal) once the disk has room for it, and
    report it in the UI; returns the final summary."""
    extract.return_freed_memory()  # what validating the last window freed, too
    progress.stage("loading")
    disk_space.require_space(settings.warehouse, disk_space.publish_need(staged.window_bytes()),
                             "publishing")
    summary = summary.finished(steps.load_warehouse(
        settings.warehouse, staged, quality, summary, settings.lock_timeout_seconds, refusal,
        settings.warehouse_memory_limit, settings.storage_version,
        server_outlives_run=server_outlives_run()))
    return replace(summary, top_events=run_report.publish_run_report(summary, staged, quality))


@dataclass(frozen=True)
class RunInputs:
    """What a run reads before extracting: its new articles (cleaned, not yet in the
    warehouse), the new files and their hashes, what the web sources gave, the rejections so
    far and the run's counts."""

    new: pl.DataFrame
    new_files: list[Path]
    hashes: dict[Path, str]
    fetched: FetchedInputs
    rejections: pl.DataFrame
    counts: RunCounts


def _read_inputs(paths: list[str], sources_file: str | None, settings: Settings) -> RunInputs:
    """Read and clean the files and web sources of `paths` that the warehouse does not hold
    yet, and split the articles into new ones and duplicates."""
    files, unreadable = read.discover_inputs([Path(p) for p in paths if not is_web_url(p)])
    known = _warehouse_state(settings)
    hashes = dict(unchanged.changed_files(files, known.content_hashes))  # of the new files
    new_files = list(hashes)
    progress.stage(f"reading {len(new_files)} files")
    cleaned, unusable = read_and_clean(new_files, settings)
    fetched_inputs = fetch_web_sources([p for p in paths if is_web_url(p)], sources_file, settings,
                                       known)
    if fetched_inputs.documents.height:
        fetched_articles, unclean = steps.clean_articles(fetched_inputs.documents, settings.non_english)
        cleaned = pl.concat([cleaned, fetched_articles])
        unusable.append(unclean)
    unusable.append(fetched_inputs.rejections)
    new, duplicates = assemble.split_new_articles(cleaned, known.article_ids)

    rejections = assemble.rejections_frame([unreadable, *unusable])
    counts = RunCounts(
        inputs_seen=cleaned.height + rejections.height, articles_new=new.height,
        articles_duplicate=duplicates.height, inputs_rejected=rejections.height,
        inputs_skipped=len(files) - len(new_files) + fetched_inputs.unchanged,
    )
    return RunInputs(new, new_files, hashes, fetched_inputs, rejections, counts)


def _back_up(settings: Settings, keep: int) -> None:
    """The scheduled runs' backup after a publish. The run is published whatever happens to
    its backup: a failed one (e.g. a full disk; nothing of it is left) is a warning, not a
    failed run."""
    try:
        get_run_logger().info(steps.back_up_warehouse(settings.warehouse, keep,
                                                      settings.lock_timeout_seconds))
    except Exception as error:
        get_run_logger().warning("the run is published, but its backup failed: %s", error)


def _window_size(settings: Settings) -> int:
    """Articles per window: whole extraction tasks, at least one."""
    return max(1, settings.articles_per_window // settings.articles_per_task) * settings.articles_per_task


def _stopped_by_full_disk(error: Exception, staged: StagedRun, summary: RunSummary,
                          settings: Settings, article_count: int) -> disk_space.DiskFullError:
    """A full disk stopped the run (before or while writing): keep what it staged only if the
    filesystem still has room to breathe (otherwise its staged rows and Data Docs pages go),
    record the failed run if the warehouse can take a row, and return the one-line error that
    names the filesystem and the space still needed."""
    state = staged.state() or {}
    windows_done = int(state.get("windows_done", 0))
    staged.discard_windows_after(windows_done)  # a window cut short by the full disk
    window_size = _window_size(settings)
    windows_left = -(-article_count // window_size) - windows_done
    rest = disk_space.run_need(staged.articles_file, article_count, window_size,
                               staged.window_bytes(), windows_done, windows_left)
    if not disk_space.has_room_to_keep(settings.warehouse):
        staged.remove()
        validate.remove_run_docs(settings.warehouse.parent / DATA_DOCS_FOLDER, summary.run_id)
    # A write that failed used up what was free (free again now): the run needs that, and the
    # rest of it by the estimate.
    needed = disk_space.free_bytes(settings.warehouse) + rest
    full = error if isinstance(error, disk_space.DiskFullError) else disk_space.DiskFullError(
        disk_space.disk_full_message(settings.warehouse, needed, disk_space.failed_stage(error)))
    if "summary" in state:  # the accounting as the last staged window left it (its quarantine)
        summary = replace(summary, counts=RunSummary.from_state(state["summary"]).counts)
    steps.record_failed_run(settings.warehouse, summary.finished(Publication.failed(str(full))),
                            settings.lock_timeout_seconds)
    return full


@dataclass(frozen=True)
class FetchedInputs:
    """What the web sources gave a run: documents (with those an earlier, unpublished run
    fetched), rejections, per-source counts, the feeds' new ETag/Last-Modified, the number of
    entries the warehouse already held, and the files the documents are kept in."""

    documents: pl.DataFrame
    rejections: pl.DataFrame
    stats: list[dict[str, Any]]
    feed_states: pl.DataFrame
    unchanged: int
    kept_files: list[Path]


def fetch_web_sources(urls: list[str], sources_file: str | None, settings: Settings,
                      known: load.WarehouseState) -> FetchedInputs:
    """Fetch each source in its own task (`fetch-<source>` in the UI), one after another; a
    source's pages are fetched and extracted together inside its task (tasks.web)."""
    sources = sources_from_urls(urls) + (load_sources(Path(sources_file)) if sources_file else [])
    stored, kept_files = fetched.pending(settings.warehouse)
    stored_urls = frozenset(stored["url"].drop_nulls())
    known_urls = set(known.urls)
    policy = FetchPolicy(
        timeout_seconds=settings.fetch_timeout_seconds, retries=settings.fetch_retries,
        backoff_seconds=settings.fetch_backoff_seconds, per_host_concurrency=settings.fetch_concurrency,
        per_host_delay_seconds=settings.fetch_delay_seconds, max_bytes=settings.max_input_bytes)
    if sources:
        progress.stage(f"fetching {len(sources)} web sources")
    results: list[web.SourceResult] = []
    for source in sources:
        state = web.FeedState(*known.feed_states.get(canonical_url(source.url), (None, None)))
        result = steps.fetch_source(source, policy, frozenset(known_urls), stored_urls, state,
                                    settings.warehouse)
        # A later source linking to a page an earlier one fetched: held already, not fetched again.
        known_urls |= {document["url"] for document in result.documents if document["url"]}
        kept_files += [Path(result.kept)] if result.kept else []
        results.append(result)
    return FetchedInputs(
        documents=pl.concat([stored, *(result.documents_frame() for result in results)]),
        rejections=assemble.rejections_frame([result.rejections_frame() for result in results]),
        stats=[result.stats() for result in results], feed_states=web.feed_state_frame(results),
        unchanged=sum(result.unchanged for result in results), kept_files=kept_files)


def _start_or_resume(work: str, started_at: datetime, counts: RunCounts, rejections: pl.DataFrame,
                     settings: Settings, sources: tuple[dict[str, Any], ...],
                     ) -> tuple[StagedRun, RunSummary]:
    """A new run, or the one an interrupted attempt at the same `work` left staged: then
    its id, start and accounting so far come back, and its finished windows are kept."""
    unfinished = StagedRun.unfinished(settings.warehouse, work)
    if unfinished is not None:
        staged, state = unfinished
        summary = replace(RunSummary.from_state(state["summary"]), flow_run_id=_flow_run_id(),
                          windows_resumed=int(state["windows_done"]), sources=sources)
        get_run_logger().info("resuming run %s: an interrupted attempt staged %d windows",
                              summary.run_id, summary.windows_resumed)
        return staged, summary
    summary = RunSummary(assemble.new_run_id(started_at), _flow_run_id(),
                         str(settings.warehouse), started_at, counts=counts,
                         rejections=tuple(rejections.iter_rows()), sources=sources)
    return StagedRun.create(settings.warehouse, summary.run_id), summary


def read_and_clean(
    files: list[Path], settings: Settings,
    read_inputs: Callable[[list[Path], int], read.ReadResult] = steps.read_inputs,
    clean_articles: Callable[[pl.DataFrame, str], tuple[pl.DataFrame, pl.DataFrame]]
    = steps.clean_articles,
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Read and clean the new files a chunk of READ_CHUNK_BYTES at a time: a chunk's raw
    documents and cleaning intermediates go once it is cleaned, so the run holds its cleaned
    articles (needed to find duplicates) but never every raw document beside them. Returns the
    cleaned articles and the rejections, read and clean, of every chunk. The two steps are
    parameters so that `benchmarks.scale --up-front-only` measures this very loop outside
    Prefect, with the plain functions."""
    cleaned: list[pl.DataFrame] = []
    rejections: list[pl.DataFrame] = []
    # No files: one empty chunk, so the frames still come with their schema.
    for chunk in read.chunks_of_files(files, READ_CHUNK_BYTES) or [[]]:
        raw = read_inputs(chunk, settings.max_input_bytes)
        articles, unclean = clean_articles(raw.documents, settings.non_english)
        cleaned.append(articles)
        rejections += [raw.rejections, unclean]
    return pl.concat(cleaned), rejections


def _process_in_windows(
    new: pl.LazyFrame, article_count: int, settings: Settings, summary: RunSummary,
    staged: StagedRun, work: str,
) -> tuple[RunSummary, pl.DataFrame, str | None]:
    """Extract, normalise, validate and stage the new articles a window at a time, so memory
    holds one window's rows, not the run's. Entities are resolved across the articles of a
    window; the load merges windows by entity id, as it merges runs. Windows a resumed run
    had staged are skipped. Returns the summary with every window's outcome, every quality
    result, and the reason the run is refused if a window failed a critical expectation."""
    window_size = _window_size(settings)
    slots = _task_slots()
    per_task = batching.articles_per_batch(settings.articles_per_task,
                                           min(window_size, article_count), slots)
    batches_per_window = -(-window_size // per_task)
    # batches are numbered across the whole run
    batch_count = batching.batch_count(article_count, window_size, per_task)
    window_count = -(-article_count // window_size)
    done = summary.windows_resumed
    progress.set_total(max(0, article_count - done * window_size))
    results = [pl.DataFrame(schema=validate.QUALITY_SCHEMA), staged.window_quality()]
    for number, offset in enumerate(range(done * window_size, article_count, window_size),
                                    start=done + 1):
        # The rest of the run (this window, those after it, the publish) must fit: refuse now
        # rather than fill the disk half-way.
        disk_space.require_space(settings.warehouse, disk_space.run_need(
            staged.articles_file, article_count, window_size, staged.window_bytes(), number - 1,
            window_count - number + 1), f"staging window {number} of {window_count}")
        clock = progress.StageClock()
        window = new.slice(offset, window_size).collect()
        clock.lap("read")
        batches = window.select("article_id", "text").iter_slices(per_task)
        first_batch = (number - 1) * batches_per_window + 1
        extraction = _extract(list(enumerate(batches, start=first_batch)), batch_count, settings,
                              at_once=_batches_in_flight(slots, per_task, settings))
        clock.lap("extract")
        resolved, coded = steps.normalise(extraction, window)
        part = assemble.window_frames(window, resolved, coded)
        clock.lap("normalise")
        label = f"window {number} of {window_count}" if window_count > 1 else None
        part, summary, quality, refusal = _validate_window(part, summary, settings, staged, label)
        results.append(quality)
        if refusal is not None:
            return summary, pl.concat(frame for frame in results if frame is not None), refusal
        clock.lap("validate")
        checkpoints.reached("staging")
        staged.write(part.tables(), staging.WINDOW_PART.format(number))
        clock.lap("stage")
        staged.record_window(number, quality, {
            "work": work, "summary": summary.to_state(),
            "last_window": {"articles": window.height, "seconds": clock.seconds}})
        get_run_logger().info("window %d of %d staged: %s", number, window_count,
                              clock.describe(window.height))
        checkpoints.reached("window-staged")
    return summary, pl.concat(frame for frame in results if frame is not None), None


def _validate_window(part: assemble.RunFrames, summary: RunSummary, settings: Settings,
                     staged: StagedRun, label: str | None,
                     ) -> tuple[assemble.RunFrames, RunSummary, pl.DataFrame, str | None]:
    """Validate one window's frames: rows failing row-level rules leave the run for the
    quarantine table, the rest publishes; a failed critical expectation refuses the run."""
    checkpoints.reached("validating")
    report = steps.validate_batch(assemble.frames_to_validate(part), summary.run_id,
                                  summary.started_at,
                                  settings.warehouse.parent / DATA_DOCS_FOLDER,
                                  settings.expectations_file, window=label,
                                  results_dir=staged.validation_results)
    part, quarantined = validate.apply_quarantine(part, report, summary.run_id)
    gate = validate.gate_outcome(report)
    return part, summary.with_window(quarantined, gate), gate.quality, gate.refusal


def _extract(batches: list[tuple[int, pl.DataFrame]], batch_count: int,
             settings: Settings, at_once: int = 1) -> Extraction:
    """Extract numbered batches (`extract-batch-N-of-M` in the UI), a bounded number in flight."""
    progress.stage(f"extracting (batches {batches[0][0]}-{batches[-1][0]} of {batch_count})")
    # A bounded number of batches in flight (`_batches_in_flight`): the local runner's thread
    # pool is unbounded, and every running batch holds its rows, so memory would grow with the
    # corpus instead of with the window.
    # On process-based runners (Dask) the workers are the parallelism: one spaCy process each.
    n_process = settings.n_process if _runs_in_threads() else max(1, settings.n_process)
    results: dict[int, Extraction] = {}
    pending = iter(batches)
    in_flight: dict[PrefectFuture, tuple[int, int]] = {}

    def submit_next() -> None:
        for number, batch in pending:
            processes = processes_for(batch.height, n_process, settings.batch_size)
            future = steps.extract_batch.submit(batch, settings.spacy_model, settings.batch_size,
                                                processes, number, batch_count)
            in_flight[future] = (number, batch.height)
            return

    for _ in range(at_once):
        submit_next()
    while in_flight:
        future = next(as_completed(list(in_flight)))
        number, height = in_flight.pop(future)
        results[number] = future.result()
        progress.batch_done(number, height)
        submit_next()
    progress.stage("normalising")
    worker_pool.release_workers()  # the stages after extraction need their memory, not them
    extract.return_freed_memory()  # the Docs are gone; normalising and loading allocate elsewhere
    return Extraction.concat([results[number] for number in sorted(results)])


def _batches_in_flight(slots: int, per_task: int, settings: Settings) -> int:
    """Extraction batches submitted at once. On Dask, enough to keep every worker busy, with
    one more queued each. On the local runner, two when the batches parse in worker processes
    (`tasks.worker_pool`): the next batch's articles are queued before the last chunks of
    this one finish, so no worker waits between batches; one when they parse in this process,
    where spaCy holds the GIL and a second thread adds no speed, only its own memory (a second
    batch's rows and malloc arena: +350 MB at peak measured)."""
    if slots > 1:
        return batching.BATCHES_PER_SLOT * slots
    return 2 if processes_for(per_task, settings.n_process, settings.batch_size) > 1 else 1


def _task_slots() -> int:
    """Tasks the runner runs at once: 1 on the local thread runner (batches go one at a time,
    see _extract), else the Dask cluster's worker threads (one per worker process here)."""
    from prefect.context import FlowRunContext

    if _runs_in_threads():
        return 1
    runner = FlowRunContext.get().task_runner  # type: ignore[union-attr]
    try:
        return max(1, sum(runner.client.nthreads().values()))
    except Exception:  # a runner without a Dask client: as many as this machine's cores
        return usable_cores()


def _runs_in_threads() -> bool:
    """Whether submitted tasks run in this process's threads (the local runner)."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    return runner is None or isinstance(runner, ThreadPoolTaskRunner)


def warm_up(spacy_model: str | None) -> threading.Thread:
    """Load, in the order a run needs them, the language identifier (cleaning), the spaCy
    pipeline (extraction, when it runs in this process) and the place index (resolving
    entities), then import Great Expectations, in a background thread while this process
    waits for the Prefect server to start. Failures are left for the run itself to report."""
    def load() -> None:
        with suppress(Exception):
            from tasks.language import load_language_identifier

            load_language_identifier()
            if spacy_model:
                from tasks.extract import load_model

                load_model(spacy_model)
            from tasks.place_index import place_index

            place_index()
            _import_quietly(VALIDATION_LIBRARY)

    thread = threading.Thread(target=load, daemon=True, name="newsflow-warm-up")
    thread.start()
    return thread


def _import_in_background(module: str) -> None:
    """Start importing `module` in a daemon thread. Great Expectations takes 3-10 s to import;
    started here, the import overlaps extraction (spaCy parses in C with the GIL released, or
    in worker processes) instead of adding to the run. Python's import lock makes the
    validation step's own import wait for this one rather than import twice."""
    threading.Thread(target=_import_quietly, args=(module,), daemon=True,
                     name=f"import-{module}").start()


def _import_quietly(module: str) -> None:
    # GX logs INFO chatter from import on; the validation step quiets it the same way.
    logging.getLogger(module).setLevel(logging.WARNING)
    importlib.import_module(module)


def _warehouse_state(settings: Settings) -> load.WarehouseState:
    """What the warehouse already holds (nothing if it does not exist): read once per run,
    by the unchanged-inbox check of a local run, else here."""
    return unchanged.state_at_flow_start(settings)


def _flow_run_id() -> str | None:
    flow_run_id = runtime.flow_run.id
    return str(flow_run_id) if flow_run_id else None
