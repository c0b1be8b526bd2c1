"""Load: the DuckDB edge. Schema from `sql/`, then write-audit-publish in one transaction.

A run's rows are first written to the `staging` schema, then, inside one transaction, inserted
into the published tables, added to the marts (`sql/marts/`: running counts the analyst views
read, and an index of words) and checked with the SQL rules in `sql/checks/`: a violated rule
rolls everything back, so readers see all of a run or none of it. The marts and the rules look
at the run's own rows only (published rows never change), so a publish costs what the run
costs, not the warehouse.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from tasks import checkpoints
from tasks.assemble import Publication, RunSummary
from tasks.key_indexes import drop_primary_keys
from tasks.marts import count_into_marts, create_marts
from tasks.staging import StagedRun
from tasks.warehouse_damage import damaged_error
from tasks.warehouse_files import DEFAULT_STORAGE_VERSION, in_dependency_order, read_sql, sql_files
from tasks.warehouse_sql import (
    PUBLISHED_TABLES,
    column_exists,
    count_of,
    known_table,
    table_exists,
    transaction,
    views_over,
)

# The rows the rules of `sql/checks/` look at, through `checked_<table>` views.
CHECKED_TABLES = ("articles", "entities", "mentions", "entity_roles", "events", "event_participants")


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse's write lock for longer than we were willing to wait."""


class PublishRefusedError(RuntimeError):
    """A warehouse rule failed at publish time; nothing of the run was published."""


@contextmanager
def open_warehouse(path: Path, read_only: bool = False, lock_timeout: float = 30.0,
                   memory_limit: str | None = None,
                   storage_version: str = DEFAULT_STORAGE_VERSION) -> Iterator[duckdb.DuckDBPyConnection]:
    """Connect to the warehouse, waiting up to `lock_timeout` seconds for another writer.
    `memory_limit` (e.g. "1GB") caps DuckDB's memory; past it, DuckDB spills to disk.
    A file this creates is written in DuckDB's `storage_version` format (e.g. "v1.4.0", which
    DuckDB 1.4 and later read); an existing file keeps the format it has."""
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}; run `newsflow run` first")
    config = {}
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            config["storage_compatibility_version"] = storage_version
    deadline = time.monotonic() + lock_timeout
    try:
        while True:
            try:
                connection = duckdb.connect(str(path), read_only=read_only, config=config)
                break
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseLockedError(
                        f"warehouse {path} is locked by another process (waited {lock_timeout:.0f} s)"
                    ) from error
                time.sleep(0.5)
        try:
            if memory_limit:
                connection.execute("set memory_limit = $limit", {"limit": memory_limit})
            yield connection
        finally:
            connection.close()
    except duckdb.Error as error:
        # A damaged block fails when it is read: at connect, or in the middle of any query.
        damaged = damaged_error(path, error)
        if damaged is None:
            raise
        raise damaged from error


def storage_version_of(connection: duckdb.DuckDBPyConnection, database: str | None = None) -> str:
    """The DuckDB storage format of an attached database file (default: the connection's own),
    e.g. "v1.4.0" (DuckDB tags it "v1.4.0+": readable by 1.4.0 and later)."""
    row = connection.execute(read_sql("warehouse/storage_version.sql"),
                             {"database": database}).fetchall()
    return str(row[0][0]).rstrip("+") if row and row[0][0] else "unknown"


def apply_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every table, mart and view from `sql/` (idempotent). A view may read another
    view: views are created in the order their references give."""
    connection.execute("create schema if not exists staging")
    for file in sql_files("tables"):
        connection.execute(file.read_text(encoding="utf-8"))
    add_missing_columns(connection)
    drop_primary_keys(connection)  # a warehouse written before 2026-12-01 (tasks/key_indexes.py)
    load_seeds(connection)
    create_marts(connection)
    create_views(connection, [file.read_text(encoding="utf-8") for file in sql_files("views")])


def load_seeds(connection: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """(Re)load the reference tables of `sql/seeds/` (each `<name>.sql` reads `<name>.csv`), so
    a warehouse always holds the seeds of the code that last wrote it. With `temporary`, they
    are temporary tables of this connection (a read-only one, e.g. for the report)."""
    for file in sql_files("seeds"):
        sql = file.read_text(encoding="utf-8")
        if temporary:
            sql = sql.replace("create or replace table", "create or replace temp table", 1)
        connection.execute(sql, {"seed_file": str(file.with_suffix(".csv"))})


def add_missing_columns(connection: duckdb.DuckDBPyConnection) -> None:
    """A warehouse written before a column joined `sql/tables/` gains it (NULL in old rows):
    each DDL file is run again into an empty scratch schema and its columns compared."""
    connection.execute("drop schema if exists ddl_scratch cascade")
    connection.execute("create schema ddl_scratch")
    try:
        for file in sql_files("tables"):
            ddl = file.read_text(encoding="utf-8").replace(
                "create table if not exists ", "create table ddl_scratch.", 1)
            connection.execute(ddl)
        missing = connection.execute(read_sql("warehouse/missing_columns.sql")).fetchall()
        for table, column, data_type in missing:
            connection.execute(
                f'alter table main.{known_table(table)} add column "{column}" {data_type}')
    finally:
        connection.execute("drop schema if exists ddl_scratch cascade")


def create_views(connection: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    """Run `create view` statements, each after the views it reads (`in_dependency_order`)."""
    for statement in in_dependency_order(statements):
        connection.execute(statement)


@dataclass(frozen=True)
class WarehouseState:
    """What a run needs to know of the warehouse before reading: files, articles and URLs it
    holds, and the feeds' last ETag/Last-Modified."""

    content_hashes: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    feed_states: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def warehouse_state(connection: duckdb.DuckDBPyConnection) -> WarehouseState:
    return WarehouseState(known_content_hashes(connection), all_article_ids(connection),
                          known_urls(connection), feed_states(connection))


def known_content_hashes(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Hashes of the input files earlier runs read (empty for a warehouse without the table)."""
    return _column_values(connection, "input_files", "content_hash")


def all_article_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return _column_values(connection, "articles", "article_id")


def known_urls(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Canonical URLs of the articles the warehouse holds (none before `articles.url` existed)."""
    if not column_exists(connection, "articles", "url"):
        return set()
    return {row[0] for row in connection.execute(read_sql("warehouse/known_urls.sql")).fetchall()}


def feed_states(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """feed URL -> (ETag, Last-Modified) kept by the last run that read the feed."""
    if not table_exists(connection, "source_state"):
        return {}
    rows = connection.execute(read_sql("warehouse/feed_states.sql")).fetchall()
    return {url: (etag, last_modified) for url, etag, last_modified in rows}


def _column_values(connection: duckdb.DuckDBPyConnection, table: str, column: str) -> set[str]:
    if not table_exists(connection, table):
        return set()
    rows = connection.execute(f"select {column} from main.{known_table(table)}").fetchall()
    return {row[0] for row in rows}


def _stage(connection: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Write `frame` to staging.<table> with the published table's column types."""
    create_staging_table(connection, table)
    arrow_frame = frame.to_arrow()  # noqa: F841 (referenced by name in SQL)
    connection.execute(f"insert into staging.{table} by name select * from arrow_frame")


def _stage_files(connection: duckdb.DuckDBPyConnection, table: str, files: list[Path]) -> None:
    """Read a table's staged Parquet files into staging.<table>; DuckDB streams them, so the
    run's rows never need to fit in this process's memory at once."""
    create_staging_table(connection, table)
    if files:
        connection.execute(f"insert into staging.{table} by name select * from read_parquet(?)",
                           [[str(file) for file in files]])


def create_staging_table(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    table = known_table(table)
    connection.execute(
        f"create or replace table staging.{table} as select * from main.{table} limit 0"
    )


def run_checks(connection: duckdb.DuckDBPyConnection, scope: str = "main") -> pl.DataFrame:
    """Run every rule in `sql/checks/` on the rows of `scope`; one row per rule with its
    violation count. `main` checks every published row; `staging` checks only the run being
    published (its rows already inserted): published rows never change, so a publish need not
    check them again, and its cost follows the run, not the warehouse."""
    views_over(connection, "checked_", CHECKED_TABLES, scope)
    parts = [connection.sql(file.read_text(encoding="utf-8")).pl()
             for file in sql_files("checks")]
    return pl.concat(parts).with_columns(pl.col("violations").cast(pl.Int64))


def publish_staged(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> pl.DataFrame:
    """Insert the staging tables `tables` into the published ones and check the warehouse rules,
    in one transaction. Returns the checks' results; raises PublishRefusedError (after rolling
    back) when any rule is violated."""
    checkpoints.reached("staged")
    with transaction(connection):
        for table in PUBLISHED_TABLES:
            if table not in tables:
                continue
            if table == "entities":
                connection.execute(read_sql("publish/entities.sql"))
            elif table == "pipeline_runs":
                _drop_failed_attempts(connection, [run_id for (run_id,) in connection.execute(
                    read_sql("publish/staged_run_ids.sql")).fetchall()])
                connection.execute(read_sql("publish/insert_pipeline_runs.sql"))
            elif table in ("input_files", "source_state"):  # a row may be known: see the files
                connection.execute(read_sql(f"publish/insert_{table}.sql"))
            else:
                connection.execute(f"insert into main.{table} by name select * from staging.{table}")
        if "articles" in tables:
            count_into_marts(connection, "staging")
        checks = run_checks(connection, "staging")
        failed = checks.filter(pl.col("violations") > 0)
        if not failed.is_empty():
            raise PublishRefusedError(
                "warehouse rules failed: " + "; ".join(
                    f"{rule} ({count} rows)" for rule, count in failed.iter_rows()
                )
            )
        checkpoints.reached("publishing")
    checkpoints.reached("committed")
    return checks


def record_audit(connection: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Write audit rows (quality results, the run record) in their own transaction: they are
    kept even when publishing the run's data was refused."""
    with transaction(connection):
        for table, frame in frames.items():
            arrow_frame = frame.to_arrow()  # noqa: F841 (referenced by name in SQL)
            if table == "pipeline_runs":
                _drop_failed_attempts(connection, frame["run_id"].to_list())
            connection.execute(
                f"insert into main.{known_table(table)} by name select * from arrow_frame")


def _drop_failed_attempts(connection: duckdb.DuckDBPyConnection, run_ids: list[str]) -> None:
    """A run resumed after a full disk stopped it keeps its run id: its new row replaces the
    `failed` row the stopped attempt recorded."""
    connection.execute(read_sql("publish/drop_failed_attempts.sql"), {"ids": run_ids})


def publish_or_refuse(
    connection: duckdb.DuckDBPyConnection, staged: StagedRun, quality_results: pl.DataFrame,
    summary: RunSummary, refusal: str | None = None,
) -> Publication:
    """Publish the staged run (rows, quality results and its `pipeline_runs` row) atomically,
    or, when a gate refused it, record only the audit rows. Returns what was published; the
    `pipeline_runs` row is the summary finished with it (`RunSummary.finished`)."""
    finished_at = datetime.now()
    audit = quality_results.select(
        "run_id", "suite", "table_name", "expectation", "column_name", "success", "observed",
        "checked_at",
    )
    late = 0
    if refusal is None:
        # Every table of a run, staged even when empty: a run that fetched nothing new (or
        # only rejections) has no articles, mentions or events folders to read.
        tables = [table for table in PUBLISHED_TABLES if table not in ("quality_results", "pipeline_runs")]
        try:
            for table in tables:
                _stage_files(connection, table, staged.files(table))
            late = _leave_out_published_articles(connection)
            publication = Publication(
                "completed", finished_at, late_duplicates=late,
                mentions_loaded=count_of(connection, "select count(*) from staging.mentions"),
                events_loaded=count_of(connection, "select count(*) from staging.events"),
                entities_new=count_of(connection, read_sql("publish/new_entity_count.sql")))
            _stage(connection, "quality_results", audit)
            _stage(connection, "pipeline_runs", summary.finished(publication).pipeline_run_row())
            publish_staged(connection, [*tables, "quality_results", "pipeline_runs"])
            return publication
        except PublishRefusedError as error:
            refusal = str(error)
        finally:
            # After an I/O error DuckDB may refuse every statement: the error in flight is the one to tell.
            with suppress(duckdb.Error):
                for table in [*tables, "quality_results", "pipeline_runs"]:
                    connection.execute(f"drop table if exists staging.{known_table(table)}")
    publication = Publication("failed", finished_at, refusal, late_duplicates=late)
    record_audit(connection, {"quality_results": audit,
                              "pipeline_runs": summary.finished(publication).pipeline_run_row()})
    return publication


def _leave_out_published_articles(connection: duckdb.DuckDBPyConnection) -> int:
    """Another run may have published some of this run's articles while it was extracting
    (found here, under the write lock): they become duplicates of this run. Returns how many."""
    late = count_of(connection, read_sql("publish/count_late_articles.sql"))
    if late:
        connection.execute(read_sql("publish/drop_published_articles.sql"))
    return late
