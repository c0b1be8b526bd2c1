"""newsflow's command line: thin adapters that check arguments, call one function, and turn
errors into one clear line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from flows.prefect_env import configure_prefect_environment
from flows.settings import Settings

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


SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources file (sources.yaml) whose feeds every scheduled run fetches."),
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
    from newsflow.summary import format_summary
    from newsflow.unchanged import record_unchanged_run

    unchanged = None if sources is not None else guarded(lambda: record_unchanged_run(targets, settings))
    if unchanged is not None:
        typer.echo(format_summary(unchanged))
        return
    parameters = {
        "warehouse": str(settings.warehouse), "spacy_model": spacy_model, "batch_size": batch_size,
        "n_process": n_process, "max_input_bytes": max_input_bytes,
        "sources_file": str(sources) if sources else None,
    }
    summary = _run_flow(targets, parameters, settings, runner, dask_address, show_progress)
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


def _run_flow(targets: list[str], parameters: dict[str, Any], settings: Settings, runner: str,
              dask_address: str | None, show_progress: bool | None) -> Any:
    """Run the ingest flow on a temporary Prefect server (started first: everything up to the
    flow call overlaps its start-up) and return the run's summary."""
    configure_prefect_environment()
    from flows.deploy import start_temporary_server

    wait_until_server_ready = start_temporary_server()
    from flows.deploy import task_runner
    from flows.ingest import RunFailedError, ingest_articles, warm_up
    from newsflow.progress import progress_bar

    runner_instance = guarded(lambda: task_runner(runner, dask_address))
    warming = warm_up(settings.spacy_model if runner == "local" else None)
    flow = ingest_articles.with_options(task_runner=runner_instance)
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
    return outcome


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


# What every evaluation against an annotated gold asks for.
CorpusOption = Annotated[Path, typer.Option(help="The articles the annotations point into.")]
SHARED_CORPUS = Path("../shared/data/news_corpus.jsonl")
SpacyModelOption = Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")]


@app.command("eval-events")
def eval_events(
    gold: Annotated[Path, typer.Option(
        help="Every event in whole articles (event_gold_dev.jsonl and its .md).")] = Path(
        "../shared/data/event_gold_dev.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Event recall, pair precision and recall, actor countries and modality on whole articles,
    beside the previous extractor's figures.

    Example: newsflow eval-events --gold ../shared/data/event_gold_dev.jsonl
    """
    from newsflow.eval_events import evaluate_events

    _evaluate(evaluate_events, gold, corpus, spacy_model)


@app.command("eval-places")
def eval_places(
    gold: Annotated[Path, typer.Option(
        help="Annotated place mentions (ids, offsets, intended GeoNames feature or country).")
    ] = Path("tests/data/place_gold.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Share of places resolved, and country- and feature-level accuracy of the resolved ones.

    Example: newsflow eval-places --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_places import evaluate_places

    _evaluate(evaluate_places, gold, corpus, spacy_model)


@app.command("eval-entities")
def eval_entities(
    gold: Annotated[Path, typer.Option(
        help="Entity clusters of annotated mentions (ids, offsets, cluster ids).")
    ] = Path("tests/data/entity_gold.jsonl"),
    corpus: CorpusOption = SHARED_CORPUS,
    whole_corpus: Annotated[bool, typer.Option(
        help="Resolve across every article of the corpus, not only the gold's (slower).")] = False,
    spacy_model: SpacyModelOption = None,
) -> None:
    """Pairwise and B-cubed precision and recall of cross-article entity resolution.

    Example: newsflow eval-entities --corpus ../shared/data/news_corpus.jsonl
    """
    from newsflow.eval_entities import evaluate_entities

    _evaluate(lambda g, c, m: evaluate_entities(g, c, m, whole_corpus), gold, corpus, spacy_model)


def _evaluate(evaluator: Callable[[Path, Path, str], str], gold: Path, corpus: Path,
              spacy_model: str | None) -> None:
    """Print what an evaluator reports on a gold file and the corpus it points into."""
    for path in (gold, corpus):
        if not path.exists():
            fail(f"no such file: {path}")
    settings = guarded(lambda: Settings.from_env(spacy_model=spacy_model))
    typer.echo(guarded(lambda: evaluator(gold, corpus, settings.spacy_model)))


@app.command()
def serve(
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
    keep_backups: Annotated[int, typer.Option(
        help="Back the warehouse up into backups/ beside it after each publish; keep this many (0: off).")] = 0,
    sources: SourcesOption = None,
) -> None:
    """Serve the scheduled deployment 'ingest-articles/scheduled-inbox' from this process
    (needs PREFECT_API_URL; `newsflow ui` starts a server too).
    Trigger a run now: prefect deployment run 'ingest-articles/scheduled-inbox'

    Example: newsflow serve --inbox inbox --sources sources.yaml
    """
    configure_prefect_environment()
    from flows.deploy import serve as serve_deployment

    inbox.mkdir(parents=True, exist_ok=True)
    sources_file = guarded(lambda: _checked_sources(sources))
    serve_deployment(str(inbox), str(warehouse) if warehouse else None, cron, sources_file=sources_file,
                     keep_backups=keep_backups)


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port of the local Prefect server.")] = 4200,
    inbox: Annotated[Path, typer.Option(help="Folder the scheduled runs ingest.")] = Path("inbox"),
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="Cron schedule of the deployment.")] = "*/15 * * * *",
    sources: SourcesOption = None,
) -> None:
    """Start a local Prefect server (analytics off), serve the scheduled deployment, and
    print the UI address. Ctrl-C stops both.

    Example: newsflow ui --sources sources.yaml
    """
    configure_prefect_environment()
    from flows.deploy import ui as run_ui

    inbox.mkdir(parents=True, exist_ok=True)
    sources_file = guarded(lambda: _checked_sources(sources))
    guarded(lambda: run_ui(port, str(inbox), str(warehouse) if warehouse else None, cron,
                           sources_file=sources_file))


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


# `newsflow warehouse ...`: the health of the warehouse file, its backups and their restore.
warehouse_app = typer.Typer(help="Check the warehouse file, back it up, restore a backup, migrate its format.",
                            no_args_is_help=True)
app.add_typer(warehouse_app, name="warehouse")


@warehouse_app.command("check")
def warehouse_check(warehouse: WarehouseOption = None) -> None:
    """Read every block of every table (read-only; runs go on) and report each table as OK,
    damaged or unreadable. Exit code 1 on any damage.

    Example: newsflow warehouse check --warehouse warehouse/newsflow.duckdb
    """
    from tasks.warehouse_health import check_warehouse

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    health = guarded(lambda: check_warehouse(settings.warehouse))
    typer.echo(health.describe())
    if not health.healthy:
        raise typer.Exit(code=1)


@warehouse_app.command("backup")
def warehouse_backup(
    folder: Annotated[Path, typer.Argument(help="Folder to write the backup into (created if missing).")],
    warehouse: WarehouseOption = None,
) -> None:
    """Write a consistent, verified copy of the warehouse into FOLDER (while runs go on).

    Example: newsflow warehouse backup backups/ --warehouse warehouse/newsflow.duckdb
    """
    from tasks.backups import back_up

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    if not settings.warehouse.exists():
        fail(f"no warehouse at {settings.warehouse}")
    typer.echo(guarded(lambda: back_up(settings.warehouse, folder, settings.lock_timeout_seconds)).describe())


@warehouse_app.command("restore")
def warehouse_restore(
    source: Annotated[Path, typer.Argument(help="Backup folder (its newest backup is used) or backup file.")],
    warehouse: WarehouseOption = None,
) -> None:
    """Verify the newest backup in SOURCE and put it in place of the warehouse (the file it
    replaces is kept beside it). Refused while a run or a reader holds the warehouse.

    Example: newsflow warehouse restore backups/ --warehouse warehouse/newsflow.duckdb
    """
    from tasks.backups import restore

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    restored = guarded(lambda: restore(source, settings.warehouse))
    typer.echo(f"restored {settings.warehouse} from {restored.path}: "
               f"{sum(restored.row_counts.values()):,} rows in {len(restored.row_counts)} tables, verified")


def _checked_sources(sources: Path | None) -> str | None:
    """The sources file as the deployment's parameter (absolute: scheduled runs may start
    elsewhere), after checking that it reads."""
    if sources is None:
        return None
    from tasks.sources_file import load_sources

    load_sources(sources)
    return str(sources.resolve())


@warehouse_app.command("migrate")
def warehouse_migrate(
    storage_version: Annotated[str, typer.Option(
        help="DuckDB storage format to rewrite the file in: v1.4.0 (DuckDB 1.4 and later open it), "
             "latest (DuckDB 2.0 only), ...")],
    warehouse: WarehouseOption = None,
) -> None:
    """Rewrite the warehouse file in another DuckDB storage format.

    E.g. a file DuckDB 2.0 wrote in its own format, into one every DuckDB 1.4+ client opens. The
    copy is checked (row counts, warehouse rules) before it replaces the file; the original is
    kept beside it.

    Example: newsflow warehouse migrate --storage-version v1.4.0 --warehouse warehouse/newsflow.duckdb
    """
    from tasks.warehouse_migrate import migrate_warehouse

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse, storage_version=storage_version))
    done = guarded(lambda: migrate_warehouse(
        settings.warehouse, settings.storage_version, settings.lock_timeout_seconds))
    if done.kept_original is None:
        typer.echo(f"{done.warehouse} is already in storage format {done.to_version}: nothing to do")
        return
    typer.echo(f"{done.warehouse}: storage format {done.from_version} -> {done.to_version}, "
               f"{sum(done.row_counts.values()):,} rows in {len(done.row_counts)} tables copied and checked\n"
               f"the original is kept as {done.kept_original} (remove it when you no longer need it)")


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write (new or empty).")],
    warehouse: WarehouseOption = None,
    partition_rows: Annotated[int, typer.Option(
        help="Partition tables with more rows than this (events by month, others by run).")] = 1_000_000,
    overwrite: Annotated[bool, typer.Option(help="Replace an earlier export in FOLDER.")] = False,
) -> None:
    """Write every warehouse table and view as Parquet, for Spark, Trino, BigQuery, pandas, R.

    Beside the files: manifest.json (tables, row counts, columns, files) and the SQL that
    registers them as tables in DuckDB, Spark SQL and Trino. Reads one snapshot, read-only.

    Example: newsflow export exports/2026-11-30 --warehouse warehouse/newsflow.duckdb
    """
    from tasks.warehouse_export import export_warehouse

    settings = guarded(lambda: Settings.from_env(warehouse=warehouse))
    done = guarded(lambda: export_warehouse(settings.warehouse, folder, settings.lock_timeout_seconds,
                                            partition_rows, overwrite))
    for table in done.tables:
        parts = f", partitioned by {table.partitioned_by}" if table.partitioned_by else ""
        typer.echo(f"  {table.name:<20} {table.kind:<5} {table.rows:>10,} rows  {len(table.files)} file(s){parts}")
    typer.echo(f"wrote {folder}/manifest.json and register_duckdb.sql, register_spark.sql, register_trino.sql")


def _reraise(error: BaseException) -> None:
    raise error


def _read_text(path: Any) -> str:
    return Path(path).read_text(encoding="utf-8")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
