"""The warehouse's small SQL helpers, shared by the load (tasks/load.py) and the marts
(tasks/marts.py): its table names, a transaction, what the catalog holds, views over a schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb

from tasks.warehouse_files import read_sql

# Order matters only for readability of the publish step; foreign keys are checked at the end.
PUBLISHED_TABLES = ("articles", "entities", "mentions", "entity_roles", "events",
                    "event_participants", "rejected_inputs", "quarantine", "input_files",
                    "source_state", "quality_results", "pipeline_runs")

def known_table(table: str) -> str:
    """Table names are spliced into SQL (DuckDB cannot bind identifiers), so only the
    warehouse's own names pass; every value travels as a parameter or an Arrow frame."""
    if table not in PUBLISHED_TABLES:
        raise ValueError(f"not a warehouse table: {table!r}")
    return table


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit what the block did, or roll all of it back if it raised."""
    connection.execute("begin transaction")
    try:
        yield
        connection.execute("commit")
    except BaseException:
        # DuckDB ends the transaction itself after an I/O error (a full disk): the rollback
        # then fails, and its error must not hide the one that says what happened.
        with suppress(duckdb.Error):
            connection.execute("rollback")
        raise


def views_over(connection: duckdb.DuckDBPyConnection, prefix: str, tables: tuple[str, ...],
                schema: str) -> None:
    """Temporary views `<prefix><table>` over `<schema>.<table>`: a run's staged rows
    (`staging`; empty for a table the run did not stage) or every published row (`main`)."""
    if schema not in ("staging", "main"):
        raise ValueError(f"not a warehouse schema: {schema!r}")
    for table in map(known_table, tables):
        source = (f"{schema}.{table}" if table_exists(connection, table, schema)
                  else f"main.{table} limit 0")
        connection.execute(f"create or replace temp view {prefix}{table} as select * from {source}")


def column_exists(connection: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(connection.execute(read_sql("warehouse/column_exists.sql"),
                                   {"table_name": table, "column_name": column}).fetchall()[0][0])


def table_exists(connection: duckdb.DuckDBPyConnection, table: str, schema: str = "main") -> bool:
    return bool(connection.execute(read_sql("warehouse/table_exists.sql"),
                                   {"schema_name": schema, "table_name": table}).fetchall()[0][0])


def count_of(connection: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The one number a `select count(*) ...` gives."""
    return int(connection.execute(sql).fetchone()[0])
