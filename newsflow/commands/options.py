"""What the commands share: options more than one takes, and errors said in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

T = TypeVar("T")

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
