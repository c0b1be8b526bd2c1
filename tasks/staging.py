"""Staging: a run's rows spilled to Parquet, window by window, until the load publishes them.

A run extracts, normalises, validates and stages its new articles in windows of
`articles_per_window`, so its memory is bounded by one window, not by the corpus. Each window's
rows go to `<warehouse folder>/.staging/<run_id>/<table>/<window>.parquet`; the load reads the
files straight into DuckDB (`tasks.load.publish_or_refuse`) and the folder is deleted once the
run is published or refused. A run killed before that leaves its folder behind; the next run
writing to the same warehouse folder removes staging folders older than a day.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

STAGING_FOLDER = ".staging"
STALE_AFTER_SECONDS = 24 * 3600  # no run lasts this long; a folder this old was left by a killed run


@dataclass(frozen=True)
class StagedRun:
    """The Parquet files of one run's rows, one folder per warehouse table."""

    folder: Path

    @classmethod
    def create(cls, warehouse: Path, run_id: str) -> StagedRun:
        root = warehouse.parent / STAGING_FOLDER
        remove_stale(root)
        folder = root / run_id
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder)

    def write(self, frames: dict[str, pl.DataFrame], part: str) -> None:
        """Add `frames` (table -> rows) as part `part` of the run. Empty frames are written
        too: their schema keeps every staged table readable."""
        for table, frame in frames.items():
            (self.folder / table).mkdir(exist_ok=True)
            frame.write_parquet(self.folder / table / f"{part}.parquet")

    def hold_articles(self, articles: pl.DataFrame, rows_per_group: int) -> pl.LazyFrame:
        """Keep the run's new articles in a file until their window comes, and scan them from
        there: their text is most of what a run would otherwise hold from start to end (223 MiB
        at 100,000 articles). Row groups of `rows_per_group` let a window read only its own."""
        path = self.folder / "new_articles.parquet"  # a file, not a table folder: not published
        articles.write_parquet(path, row_group_size=max(1, rows_per_group))
        return pl.scan_parquet(path)

    def tables(self) -> list[str]:
        return sorted(path.name for path in self.folder.iterdir() if path.is_dir())

    def files(self, table: str) -> list[Path]:
        return sorted((self.folder / table).glob("*.parquet"))

    def scan(self, table: str) -> pl.LazyFrame:
        return pl.scan_parquet(self.files(table))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_stale(root: Path, now: float | None = None) -> None:
    """Delete run folders under `root` not touched for a day (left by killed runs)."""
    if not root.is_dir():
        return
    cutoff = (now or time.time()) - STALE_AFTER_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
