"""newsflow's command line: thin adapters that check arguments, call one function, and turn
errors into one clear line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from newsflow.prefect_env import configure_prefect_environment
from newsflow.settings import Settings

app = typer.Typer(
    help="newsflow: news articles in, a validated DuckDB warehouse of entities and events out.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
T = TypeVar("T")
RESUME_HINT = ("The windows it finished stay staged beside the warehouse: "
               "run the same command again to resume.")

WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w",
                 help="DuckDB file (default warehouse/newsflow.duckdb, or NEWSFLOW_WAREHOUSE)."),
]


def fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=1)


def guarded(action: Callable[[], T]) -> T:
    """Run `action`, turning the errors a user can cause into one line and exit code 1."""
    import duckdb

    from tasks.load import WarehouseLockedError

    try:
        return action()
    except (FileNotFoundError, NotADirectoryError, WarehouseLockedError, ValueError,
            RuntimeError, duckdb.Error) as error:
        fail(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
    raise AssertionError("unreachable")


@app.command()
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (default: seeds/).")] = None,
    warehouse: WarehouseOption = None,
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Texts per nlp.pipe batch.")] = None,
    n_process: Annotated[int | None, typer.Option(help="spaCy worker processes.")] = None,
    max_input_bytes: Annotated[int | None, typer.Option(help="Reject input files larger than this.")] = None,
    runner: Annotated[str, typer.Option(
        help="Where extraction batches run: local (threads) or dask.")] = "local",
    dask_address: Annotated[str | None, typer.Option(
        help="Dask scheduler, e.g. tcp://127.0.0.1:8786 (default: a local cluster).")] = None,
    show_progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).",
    )] = None,
) -> None:
    """Ingest news files and folders into the warehouse.

    Example: newsflow run seeds/ --warehouse warehouse/newsflow.duckdb --runner dask
    """
    settings = guarded(lambda: Settings.from_env(
        warehouse=warehouse, spacy_model=spacy_model, batch_size=batch_size,
        n_process=n_process, max_input_bytes=max_input_bytes,
    ))
    targets = [str(p) for p in (paths or [Path("seeds")])]
    missing = [p for p in targets if not Path(p).exists()]
    if missing:
        fail(f"no such file or folder: {missing[0]}")
    from newsflow.summary import format_summary
    from newsflow.unchanged import record_unchanged_run

    unchanged = guarded(lambda: record_unchanged_run(targets, settings))
    if unchanged is not None:
        typer.echo(format_summary(unchanged))
        return
    configure_prefect_environment()
    from flows.deploy import start_temporary_server

    wait_until_server_ready = start_temporary_server()
    # Everything up to the flow call overlaps the server's start-up.
    from flows.deploy import task_runner
    from flows.ingest import RunFailedError, ingest_articles, warm_up
    from newsflow.progress import progress_bar

    runner_instance = guarded(lambda: task_runner(runner, dask_address))
    warming = warm_up(settings.spacy_model if runner == "local" else None)
    flow = ingest_articles.with_options(task_runner=runner_instance)
    parameters = {
        "warehouse": str(settings.warehouse), "spacy_model": spacy_model, "batch_size": batch_size,
        "n_process": n_process, "max_input_bytes": max_input_bytes,
    }
    guarded(wait_until_server_ready)
    try:
        with progress_bar(sys.stderr.isatty() if show_progress is None else show_progress):
            state = guarded(lambda: flow(targets, **parameters, return_state=True))
        warming.join()
        outcome = state.result(raise_on_failure=False)
        if isinstance(outcome, RunFailedError):
            outcome = outcome.summary
        elif isinstance(outcome, BaseException):
            guarded(lambda: _reraise(outcome))
    except KeyboardInterrupt:
        typer.echo(f"Interrupted. {RESUME_HINT}", err=True)
        raise typer.Exit(code=130) from None
    summary = outcome
    typer.echo(format_summary(summary))
    if summary.status != "completed":
        raise typer.Exit(code=1)


@app.command()
def query(
    sql: Annotated[str | None, typer.Argument(help="SQL to run (read-only).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Run the SQL in this file.")] = None,
    warehouse: WarehouseOption = None,
    output_format: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of the terminal.")] = None,
) -> None:
    """Run SQL against the warehouse on a read-only connection and print or save the result.

    Example: newsflow query "select canonical_name, entity_type from entities order by 1"
    """
    from newsflow.querying import run_query, write_result

    if (sql is None) == (file is None):
        fail("give either SQL or --file, not both")
    if output_format not in {"table", "csv", "json", "parquet"}:
        fail(f"unknown --format {output_format!r}: use table, csv, json or parquet")
    if output_format == "parquet" and output is None:
        fail("--format parquet needs --output FILE")
    text = sql if sql is not None else guarded(lambda: _read_text(file))
    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    result = guarded(lambda: run_query(settings.warehouse, text, settings.lock_timeout_seconds))
    guarded(lambda: write_result(result, output_format, output, sys.stdout))


@app.command("eval-ner")
def eval_ner(
    file: Annotated[Path, typer.Argument(help="JSONL of documents with gold entities (CoNLL-2003 shape).")],
    predictions_out: Annotated[Path | None, typer.Option(
        help="Also write one JSON line of predicted entities per document.")] = None,
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Score newsflow's entities (and raw spaCy's, side by side) against gold entities.

    Example: newsflow eval-ner ../shared/data/conll03_dev.jsonl --predictions-out preds.jsonl
    """
    from newsflow.eval_ner import evaluate_ner

    if not file.exists():
        fail(f"no such file: {file}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluate_ner(file, settings.spacy_model, predictions_out)))


@app.command("eval-events")
def eval_events(
    gold: Annotated[Path, typer.Option(
        help="Annotated sentences with expected events.")] = Path("tests/data/event_gold.jsonl"),
    corpus: Annotated[Path, typer.Option(
        help="The articles the annotations point into.")] = Path("../shared/data/news_corpus.jsonl"),
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Precision and recall of (participants, CAMEO root) pairs on the annotated sentences.

    Example: newsflow eval-events --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_events import evaluate_events

    for path in (gold, corpus):
        if not path.exists():
            fail(f"no such file: {path}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluate_events(gold, corpus, settings.spacy_model)))


@app.command("eval-places")
def eval_places(
    gold: Annotated[Path, typer.Option(
        help="Annotated place mentions (ids, offsets, intended GeoNames feature or country).")
    ] = Path("tests/data/place_gold.jsonl"),
    corpus: Annotated[Path, typer.Option(
        help="The articles the annotations point into.")] = Path("../shared/data/news_corpus.jsonl"),
    spacy_model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Share of places resolved, and country- and feature-level accuracy of the resolved ones.

    Example: newsflow eval-places --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_places import evaluate_places

    for path in (gold, corpus):
        if not path.exists():
            fail(f"no such file: {path}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluate_places(gold, corpus, settings.spacy_model)))


@app.command()
def serve(
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
) -> None:
    """Serve the scheduled deployment 'ingest-articles/scheduled-inbox' from this process
    (needs PREFECT_API_URL; `newsflow ui` starts a server too).
    Trigger a run now: prefect deployment run 'ingest-articles/scheduled-inbox'
    """
    configure_prefect_environment()
    from flows.deploy import serve as serve_deployment

    inbox.mkdir(parents=True, exist_ok=True)
    serve_deployment(str(inbox), str(warehouse) if warehouse else None, cron)


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port of the local Prefect server.")] = 4200,
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
) -> None:
    """Start a local Prefect server (analytics off), serve the scheduled deployment, and
    print the UI address. Ctrl-C stops both."""
    configure_prefect_environment()
    from flows.deploy import ui as run_ui

    inbox.mkdir(parents=True, exist_ok=True)
    guarded(lambda: run_ui(port, str(inbox), str(warehouse) if warehouse else None, cron))


@app.command()
def report(
    warehouse: WarehouseOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="HTML file to write (default: report.html beside the warehouse).")] = None,
) -> None:
    """Write a self-contained HTML report (charts inlined, no network needed to view it).

    Example: newsflow report --warehouse warehouse/newsflow.duckdb --output report.html
    """
    from newsflow.report import write_warehouse_report

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    target = output or settings.warehouse.parent / "report.html"
    written = guarded(lambda: write_warehouse_report(
        settings.warehouse, target, settings.lock_timeout_seconds))
    typer.echo(f"report written to {written}")


def _reraise(error: BaseException) -> None:
    raise error


def _read_text(path: Any) -> str:
    return Path(path).read_text(encoding="utf-8")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
