"""The warehouse file: `newsflow warehouse check|backup|restore|migrate` and `newsflow export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings
from newsflow.commands.options import WarehouseOption, fail, guarded

# `newsflow warehouse ...`: the health of the warehouse file, its backups and their restore
# (added to the app in newsflow/cli.py).
warehouse_app = typer.Typer(help="Check the warehouse file, back it up, restore a backup, migrate its format.",
                            no_args_is_help=True)


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


