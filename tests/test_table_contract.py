"""One table contract: the polars schemas the stages write agree with `sql/tables/` (the DDL),
column for column and type for type, so a frame never reaches the load with a column the
warehouse lacks or a type it would cast. Where a stage's frame differs from its table (columns
the flow adds at load, columns it only carries along), the difference is written here."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from tasks.assemble import ARTICLE_COLUMNS, QUARANTINE_SCHEMA
from tasks.clean import ARTICLE_SCHEMA
from tasks.entities import ENTITY_SCHEMA, MENTION_COLUMNS, ROLE_COLUMNS
from tasks.events import EVENT_COLUMNS, PARTICIPANT_COLUMNS
from tasks.schemas import REJECTION_SCHEMA
from tasks.validate import QUALITY_SCHEMA
from tasks.warehouse_files import sql_files
from tasks.web import STATE_SCHEMA

RUN = {"run_id": pl.String()}
# table -> (the schema its stage declares, columns the load adds or the stage alone carries)
DECLARED: dict[str, dict[str, pl.DataType]] = {
    "articles": {**{c: t for c, t in ARTICLE_SCHEMA.items() if c in ARTICLE_COLUMNS},
                 "ingested_at": pl.Datetime("us"), **RUN},
    "entities": ENTITY_SCHEMA,
    "events": EVENT_COLUMNS,
    "event_participants": PARTICIPANT_COLUMNS,
    "quarantine": QUARANTINE_SCHEMA,
    # severity decides what a failed expectation does; the warehouse keeps the result only
    "quality_results": {c: t for c, t in QUALITY_SCHEMA.items() if c != "severity"},
    "rejected_inputs": {**RUN, **REJECTION_SCHEMA, "detected_at": pl.Datetime("us")},
    "source_state": {**STATE_SCHEMA, "checked_at": pl.Datetime("us"), **RUN},
}
# Frames declared by their column names only: the names and order must match.
NAMED: dict[str, list[str]] = {"mentions": MENTION_COLUMNS, "entity_roles": ROLE_COLUMNS}


def ddl_columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from duckdb_columns() where table_name = ? "
        "order by column_index", [table]).fetchall()


@pytest.fixture(scope="module")
def contract() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for file in sql_files("tables"):
        connection.execute(file.read_text(encoding="utf-8"))
    return connection


@pytest.mark.parametrize("table", sorted(DECLARED))
def test_a_stage_schema_has_its_tables_columns_and_types(
    contract: duckdb.DuckDBPyConnection, table: str,
) -> None:
    frame = pl.DataFrame(schema=DECLARED[table])  # noqa: F841 (read by name in SQL)
    as_loaded = contract.sql("select * from frame")  # the types DuckDB gives the frame's columns
    declared = sorted(zip(as_loaded.columns, map(str, as_loaded.types), strict=True))
    assert declared == sorted(ddl_columns(contract, table))


@pytest.mark.parametrize("table", sorted(NAMED))
def test_a_frame_declared_by_names_has_its_tables_columns_in_order(
    contract: duckdb.DuckDBPyConnection, table: str,
) -> None:
    assert NAMED[table] == [name for name, _ in ddl_columns(contract, table)]


def test_every_table_has_a_declared_schema(contract: duckdb.DuckDBPyConnection) -> None:
    """pipeline_runs and input_files are built from rows (tasks.assemble); the rest from frames."""
    tables = {file.stem for file in sql_files("tables")}
    assert tables - set(DECLARED) - set(NAMED) == {"pipeline_runs", "input_files"}
