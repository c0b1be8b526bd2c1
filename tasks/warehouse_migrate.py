"""Rewrite a warehouse file in another DuckDB storage format (e.g. DuckDB 2.0's own, which no
1.x client opens, into v1.4.0, which DuckDB 1.4 and later open).

DuckDB cannot change a file's format in place: the rows are copied into a new file with
`ATTACH ... (STORAGE_VERSION ...)` and `COPY FROM DATABASE`, checked as a publish is checked
(every rule of `sql/checks/`, on every row, and every table's row count equal to the
original's), and only then put in the original's place. The original stays beside it, as
`<name>.<its format>.duckdb`, until you remove it. The warehouse's write lock is held from the
first row copied until the new file is in place, so no run publishes into the old file meanwhile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from tasks.load import open_warehouse, run_checks, storage_version_of

COPY_ALIAS = "migrated"


class MigrationRefusedError(RuntimeError):
    """The copy differed from the original or broke a warehouse rule; the original is untouched."""


@dataclass(frozen=True)
class Migration:
    warehouse: Path
    kept_original: Path | None  # None when the file already had the format asked for
    from_version: str
    to_version: str
    row_counts: dict[str, int]  # table -> rows, equal in the original and the copy


def migrate_warehouse(warehouse: Path, storage_version: str, lock_timeout: float = 30.0) -> Migration:
    """Rewrite `warehouse` in DuckDB's `storage_version` format ("v1.4.0", "latest", ...)."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}")
    copy = warehouse.with_name(f"{warehouse.stem}.migrating{warehouse.suffix}")
    with open_warehouse(warehouse, lock_timeout=lock_timeout) as connection:
        connection.execute("checkpoint")  # the write-ahead log's rows into the file we copy
        current = storage_version_of(connection)
        wanted = _version_written(connection, storage_version, copy)
        if current == wanted:
            return Migration(warehouse, None, current, wanted, _row_counts(connection, None))
        _remove(copy)
        try:
            counts = _copy_and_check(connection, copy, storage_version)
        except BaseException:
            _remove(copy)
            raise
        kept = warehouse.with_name(f"{warehouse.stem}.{current}{warehouse.suffix}")
        _remove(kept)
        os.link(warehouse, kept)  # the original keeps its name until the copy replaces it
        os.replace(copy, warehouse)
    return Migration(warehouse, kept, current, wanted, counts)


def _copy_and_check(connection: duckdb.DuckDBPyConnection, copy: Path, storage_version: str) -> dict[str, int]:
    source = connection.execute("select current_database()").fetchall()[0][0]
    connection.execute(f"attach ? as {COPY_ALIAS} (storage_version ?)", [str(copy), storage_version])
    try:
        connection.execute(f'copy from database "{source}" to {COPY_ALIAS}')
        original, copied = _row_counts(connection, source), _row_counts(connection, COPY_ALIAS)
        if original != copied:
            differing = [t for t in sorted(set(original) | set(copied)) if original.get(t) != copied.get(t)]
            raise MigrationRefusedError(
                "the copy differs from the original in "
                + ", ".join(f"{t} ({original.get(t)} rows, copied {copied.get(t)})" for t in differing))
        connection.execute(f"use {COPY_ALIAS}")
        try:
            failed = run_checks(connection, "main").filter(pl.col("violations") > 0)
        finally:
            connection.execute(f'use "{source}"')
        if not failed.is_empty():
            raise MigrationRefusedError("the copy breaks warehouse rules: " + "; ".join(
                f"{rule} ({count} rows)" for rule, count in failed.iter_rows()))
        connection.execute(f"checkpoint {COPY_ALIAS}")
        return original
    finally:
        connection.execute(f"detach {COPY_ALIAS}")


def _version_written(connection: duckdb.DuckDBPyConnection, storage_version: str, probe: Path) -> str:
    """The format DuckDB writes for `storage_version` (v1.1.0 writes v1.0.0's; latest, 2.0's),
    read off an empty file attached with it; an unknown version fails here, before any copy."""
    _remove(probe)
    connection.execute("attach ? as storage_probe (storage_version ?)", [str(probe), storage_version])
    try:
        return storage_version_of(connection, "storage_probe")
    finally:
        connection.execute("detach storage_probe")
        _remove(probe)


def _row_counts(connection: duckdb.DuckDBPyConnection, database: str | None) -> dict[str, int]:
    """Rows of every table of `database` (default: the connection's own), schema.table -> count."""
    tables = connection.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = coalesce(?, current_database()) and not temporary order by 1, 2",
        [database]).fetchall()
    prefix = f'"{database}".' if database else ""
    return {f"{schema}.{table}": int(connection.execute(
        f'select count(*) from {prefix}"{schema}"."{table}"').fetchall()[0][0]) for schema, table in tables}


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
