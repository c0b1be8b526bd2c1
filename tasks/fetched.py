"""Fetched pages kept on disk until a run publishes them, so nothing fetched is lost when a
later stage fails: the next run reads them from here instead of fetching them again.

Each fetch task writes its documents to `<warehouse folder>/.fetched/<warehouse file>/` as one
Parquet file; a run adds every file there to its inputs (their URLs count as known, so they are
not fetched again) and removes the files it read once its articles are published.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import polars as pl

from tasks.read import RAW_DOCUMENT_SCHEMA

FETCHED_FOLDER = ".fetched"


def folder(warehouse: Path) -> Path:
    return warehouse.parent / FETCHED_FOLDER / warehouse.name


def keep(warehouse: Path, documents: pl.DataFrame) -> Path | None:
    """Write fetched documents (RawDocuments) beside the warehouse; None when there are none.
    Written under a temporary name and renamed, so a half-written file is never read."""
    if documents.is_empty():
        return None
    target_folder = folder(warehouse)
    target_folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.parquet"
    partial = target_folder / f".{name}.partial"
    documents.select(list(RAW_DOCUMENT_SCHEMA)).write_parquet(partial)
    os.replace(partial, target_folder / name)
    return target_folder / name


def pending(warehouse: Path) -> tuple[pl.DataFrame, list[Path]]:
    """Documents fetched by earlier runs and not yet published, and the files holding them."""
    files = sorted(folder(warehouse).glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema=RAW_DOCUMENT_SCHEMA), []
    return pl.read_parquet(files).cast(RAW_DOCUMENT_SCHEMA), files


def discard(files: list[Path]) -> None:
    """Remove the files of documents a run has published."""
    for file in files:
        file.unlink(missing_ok=True)
