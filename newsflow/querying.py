"""Read-only SQL against the warehouse, and writing results as a table, CSV, JSON or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import polars as pl

from tasks.load import open_warehouse


def run_query(warehouse: Path, sql: str, lock_timeout: float = 30.0) -> pl.DataFrame:
    """Run `sql` on a read-only connection: statements that write fail inside DuckDB."""
    with open_warehouse(warehouse, read_only=True, lock_timeout=lock_timeout) as connection:
        relation = connection.sql(sql)
        if relation is None:
            return pl.DataFrame()
        return relation.pl()


def format_table(frame: pl.DataFrame) -> str:
    """Plain aligned columns, like sqlite-utils' default output."""
    if frame.width == 0:
        return "(no rows)"
    cells = [[_cell(v) for v in row] for row in frame.iter_rows()]
    headers = frame.columns
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def write_result(frame: pl.DataFrame, output_format: str, output: Path | None, stdout: TextIO) -> None:
    if output_format == "parquet":
        assert output is not None
        frame.write_parquet(output)
        return
    if output_format == "csv":
        text = frame.with_columns(
            [pl.col(c).cast(pl.List(pl.String)).list.join("|") for c, t in frame.schema.items()
             if isinstance(t, pl.List)]
        ).write_csv()
    elif output_format == "json":
        text = frame.write_json()
    else:
        text = format_table(frame) + "\n"
    if output is None:
        stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
