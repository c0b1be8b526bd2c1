"""The main flow: read -> clean -> extract -> normalise -> validate -> load.

It only orchestrates: every step is a function in `tasks/`, wrapped as a Prefect task in
`tasks/steps.py`. Extraction runs in batches (one task per batch, never per article).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import polars as pl
from prefect import flow, runtime
from prefect.futures import as_completed
from prefect.states import Failed, State

from flows import report as run_report
from newsflow import progress
from newsflow.settings import Settings
from tasks import assemble, load, read, steps
from tasks.assemble import RunCounts, RunSummary
from tasks.extract import Extraction
from tasks.validate import QUALITY_SCHEMA

ARTICLE_COLUMNS = ["article_id", "source_uri", "source_name", "title", "published_at",
                   "language", "text", "word_count", "ingested_at", "run_id"]


class RunFailedError(RuntimeError):
    """The run finished but published nothing (a quality gate or warehouse rule refused it)."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.message or "run failed")
        self.summary = summary


def _flow_run_name() -> str:
    """`ingest-<what>-into-<warehouse>`, e.g. `ingest-inbox-into-newsflow.duckdb`."""
    parameters = runtime.flow_run.parameters
    names = [Path(p).name or str(p) for p in parameters.get("paths") or []]
    what = "+".join(names[:3]) + (f"+{len(names) - 3}-more" if len(names) > 3 else "")
    warehouse = Path(parameters.get("warehouse") or Settings.from_env().warehouse).name
    return f"ingest-{what or 'nothing'}-into-{warehouse}"


# Parameters are plain JSON values, so deployments and the UI can set them.
@flow(name="ingest-articles", flow_run_name=_flow_run_name, log_prints=False)
def ingest_articles(
    paths: list[str], warehouse: str | None = None, spacy_model: str | None = None,
    batch_size: int | None = None, n_process: int | None = None,
    max_input_bytes: int | None = None, articles_per_task: int | None = None,
) -> RunSummary | State:
    """Ingest news files and folders into the DuckDB warehouse. Unset parameters come from
    NEWSFLOW_* environment variables, then defaults."""
    settings = Settings.from_env(
        warehouse=warehouse, spacy_model=spacy_model, batch_size=batch_size,
        n_process=n_process, max_input_bytes=max_input_bytes,
        articles_per_task=articles_per_task,
    )
    started_at = datetime.now()
    run_id = f"run-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    summary = RunSummary(run_id, _flow_run_id(), str(settings.warehouse), started_at)

    files, unreadable = read.discover_inputs([Path(p) for p in paths])
    known_hashes, known_ids = _warehouse_state(settings)
    hashes = {file: read.file_content_hash(file) for file in files}
    new_files = [file for file in files if hashes[file] not in known_hashes]
    progress.stage(f"reading {len(new_files)} files")
    raw = steps.read_inputs(new_files, settings.max_input_bytes)
    cleaned, unclean = steps.clean_articles(raw.documents, settings.non_english)
    new, duplicates = assemble.split_new_articles(cleaned, known_ids)
    new = new.with_columns(ingested_at=pl.lit(started_at), run_id=pl.lit(run_id))

    extraction = _extract(new, settings)
    resolved, coded = steps.normalise(extraction, new)

    rejections = assemble.rejections_frame([unreadable, raw.rejections, unclean])
    summary.counts = RunCounts(
        inputs_seen=raw.documents.height + rejections.height,
        articles_new=new.height, articles_duplicate=duplicates.height,
        inputs_rejected=rejections.height, inputs_skipped=len(files) - len(new_files),
    )
    summary.rejections = [tuple(r) for r in rejections.iter_rows()]
    summary.mentions_loaded, summary.events_loaded = resolved.mentions.height, coded.events.height
    run = assemble.RunFrames(
        articles=new.select(ARTICLE_COLUMNS), entities=resolved.entities,
        mentions=resolved.mentions, entity_roles=resolved.entity_roles, events=coded.events,
        event_participants=coded.event_participants,
        rejected_inputs=rejections.with_columns(run_id=pl.lit(run_id), detected_at=pl.lit(started_at)),
        input_files=assemble.input_files_frame([(str(f), hashes[f]) for f in new_files], run_id),
    )
    report = (
        steps.validate_batch(assemble.frames_to_validate(run), run_id, started_at)
        if new.height else None
    )
    quality = report.results if report else pl.DataFrame(schema=QUALITY_SCHEMA)
    summary.quality_failures = [f"{t}.{c}: {e} ({o})" for t, c, e, o in quality.filter(
        ~pl.col("success")).select("table_name", "column_name", "expectation", "observed").iter_rows()]
    refusal = None if report is None or report.passed else (
        "critical expectations failed: " + "; ".join(summary.quality_failures))
    progress.stage("loading")
    summary = steps.load_warehouse(settings.warehouse, run, quality, summary,
                                   settings.lock_timeout_seconds, refusal)
    run_report.publish_run_report(summary, run, quality,
                                  run_report.data_docs_index(settings.warehouse))
    if summary.status != "completed":
        # A clear state and message in the UI; callers get the summary from the exception.
        return Failed(message=f"run {summary.run_id} published nothing: {summary.message}",
                      data=RunFailedError(summary))
    return summary


def _extract(articles: pl.DataFrame, settings: Settings) -> Extraction:
    batches = articles.select("article_id", "text").iter_slices(settings.articles_per_task)
    batches = list(batches)
    progress.set_total(articles.height)
    progress.stage(f"extracting ({len(batches)} batches)")
    futures = [
        steps.extract_batch.submit(batch, settings.spacy_model, settings.batch_size,
                                   settings.n_process, number, len(batches))
        for number, batch in enumerate(batches, start=1)
    ]
    sizes = {future: (number, batch.height)
             for number, (future, batch) in enumerate(zip(futures, batches, strict=True), start=1)}
    for future in as_completed(futures):
        progress.batch_done(*sizes[future])
    progress.stage("normalising")
    return Extraction.concat([future.result() for future in futures])


def _warehouse_state(settings: Settings) -> tuple[set[str], set[str]]:
    """Content hashes and article ids the warehouse already holds (none if it does not exist)."""
    if not settings.warehouse.exists():
        return set(), set()
    with load.open_warehouse(settings.warehouse, read_only=True,
                             lock_timeout=settings.lock_timeout_seconds) as connection:
        return load.known_content_hashes(connection), load.all_article_ids(connection)


def _flow_run_id() -> str | None:
    flow_run_id = runtime.flow_run.id
    return str(flow_run_id) if flow_run_id else None
