"""`newsflow report`: the warehouse as one self-contained HTML page (`newsflow.report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings
from newsflow.commands.options import WarehouseOption, guarded


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


