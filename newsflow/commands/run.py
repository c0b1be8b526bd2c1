"""`newsflow run`: ingest files, folders, archives, feeds and pages (`flows.local_run`)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.settings import Settings
from newsflow.commands.options import WarehouseOption, fail, guarded

RESUME_HINT = ("The windows it finished stay staged beside the warehouse: "
               "run the same command again to resume.")


def run(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders, .warc/.warc.gz archives, or http(s) URLs of feeds and pages "
             "(default: seeds/, unless --sources is given).")] = None,
    sources: Annotated[Path | None, typer.Option(
        "--sources", help="A sources file (sources.yaml) naming the feeds and pages to fetch.")] = None,
    warehouse: WarehouseOption = None,
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Texts per nlp.pipe batch.")] = None,
    n_process: Annotated[int | None, typer.Option(
        help="spaCy processes (default 0: every usable core, when a batch is large enough).")] = None,
    max_input_bytes: Annotated[int | None, typer.Option(help="Reject input files larger than this.")] = None,
    runner: Annotated[str, typer.Option(
        help="Where extraction batches run: local (threads) or dask.")] = "local",
    dask_address: Annotated[str | None, typer.Option(
        help="Dask scheduler, e.g. tcp://127.0.0.1:8786 (default: a local cluster).")] = None,
    show_progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).",
    )] = None,
) -> None:
    """Ingest news files and folders, web archives, feeds and pages into the warehouse.

    Example: newsflow run seeds/ --warehouse warehouse/newsflow.duckdb --runner dask

    Example: newsflow run https://feeds.bbci.co.uk/news/world/rss.xml crawl.warc.gz

    Example: newsflow run --sources sources.yaml
    """
    settings = guarded(lambda: Settings.from_env(
        warehouse=warehouse, spacy_model=spacy_model, batch_size=batch_size,
        n_process=n_process, max_input_bytes=max_input_bytes,
    ))
    targets = _run_targets(paths, sources)
    from flows.local_run import run_locally
    from newsflow.summary import format_summary

    parameters = {
        "warehouse": str(settings.warehouse), "spacy_model": spacy_model, "batch_size": batch_size,
        "n_process": n_process, "max_input_bytes": max_input_bytes,
        "sources_file": str(sources) if sources else None,
    }
    try:
        summary = guarded(lambda: run_locally(targets, parameters, settings, runner, dask_address,
                                              lambda: _progress_bar(show_progress)))
    except KeyboardInterrupt:
        typer.echo(f"Interrupted. {RESUME_HINT}", err=True)
        raise typer.Exit(code=130) from None
    typer.echo(format_summary(summary))
    if summary.status != "completed":
        raise typer.Exit(code=1)


def _run_targets(paths: list[str] | None, sources: Path | None) -> list[str]:
    """The run's inputs (seeds/ when none is named), each file or folder checked to exist, and
    the sources file read once: a mistake is one line, before Prefect starts."""
    from tasks.urls import is_web_url

    targets = list(paths or ([] if sources else ["seeds"]))
    missing = [p for p in targets if not is_web_url(p) and not Path(p).exists()]
    if missing:
        fail(f"no such file or folder: {missing[0]}")
    if sources is not None:
        from tasks.sources_file import load_sources

        guarded(lambda: load_sources(sources))
    return targets



def _progress_bar(show: bool | None) -> AbstractContextManager[Any]:
    """The progress bar on stderr: shown when asked, else when stderr is a terminal."""
    from newsflow.progress import progress_bar

    return progress_bar(sys.stderr.isatty() if show is None else show)
