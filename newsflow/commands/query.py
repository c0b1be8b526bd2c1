"""`newsflow query`: read-only SQL against the warehouse (`newsflow.querying`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings
from newsflow.commands.options import WarehouseOption, fail, guarded


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



def _read_text(path: Path | None) -> str:
    return Path(str(path)).read_text(encoding="utf-8")
