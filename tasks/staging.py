"""Staging: a run's rows spilled to Parquet, window by window, until the load publishes them.

A run extracts, normalises, validates and stages its new articles in windows of
`articles_per_window`, so its memory is bounded by one window, not by the corpus. Each window's
rows go to `<warehouse folder>/.staging/<run_id>/<table>/<window>.parquet`; the load reads the
files straight into DuckDB (`tasks.load.publish_or_refuse`) and the folder is deleted once the
run is published or refused.

A run that stops before that (killed, interrupted, or failed) leaves its folder behind with a
record of the windows it finished (`run_state.json`). Run again over the same inputs, it resumes:
the finished windows are not parsed again (`StagedRun.unfinished`). The running process holds
a lock on its folder, so a second run never adopts a live one. Folders nobody holds and nobody
touched for a day are removed by the next run into the same warehouse folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

STAGING_FOLDER = ".staging"
STALE_AFTER_SECONDS = 24 * 3600  # a folder untouched this long, and not held, is abandoned
RUN_STATE_FILE = "run_state.json"  # in the run folder, so replacing it touches the folder
LOCK_FILE = "run.lock"
WINDOW_PART = "window-{:05d}"
# Staged parts whose name starts with a dot are the run's own records, not warehouse tables.
QUALITY_PART = ".quality"
VALIDATION_RESULTS = ".validation_results"  # Great Expectations' results of every window, as JSON

_held_locks: dict[Path, int] = {}  # run folder -> file descriptor of its lock, in this process


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
        staged = cls(folder)
        staged.hold()
        return staged

    @classmethod
    def unfinished(cls, warehouse: Path, work: str) -> tuple[StagedRun, dict[str, Any]] | None:
        """The folder of a stopped run that was doing the same `work` (see `work_fingerprint`),
        now held by this process, with its state; None if there is none. Windows it wrote after
        its last recorded one are discarded: it may have died while writing them."""
        root = warehouse.parent / STAGING_FOLDER
        for state_file in sorted(root.glob(f"*/{RUN_STATE_FILE}")):
            staged = cls(state_file.parent)
            state = staged.state()
            if state is None or state.get("work") != work or not staged.hold():
                continue
            staged.discard_windows_after(int(state["windows_done"]))
            return staged, state
        return None

    def hold(self) -> bool:
        """Lock the folder (released when this process exits, even when killed). False if
        it is held already: by another process, or by another run in this one (an flock
        belongs to the open file, so a second open conflicts with the first)."""
        descriptor = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        _held_locks[self.folder] = descriptor
        return True

    def release(self) -> None:
        descriptor = _held_locks.pop(self.folder, None)
        if descriptor is not None:
            os.close(descriptor)

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
        path = self.articles_file  # a file, not a table folder: not published
        articles.write_parquet(path, row_group_size=max(1, rows_per_group))
        return pl.scan_parquet(path)

    @property
    def articles_file(self) -> Path:
        return self.folder / "new_articles.parquet"

    def window_bytes(self) -> int:
        """Bytes the staged windows take (rows, quality and GX results): what a window costs."""
        return sum(path.stat().st_size for path in self.folder.rglob("*")
                   if path.is_file() and path.parent != self.folder)

    def record_window(self, number: int, quality: pl.DataFrame, state: dict[str, Any]) -> None:
        """Note that window `number` is staged, with its quality results and the run's state
        after it. The state file is replaced whole, so a kill leaves the old one or the new."""
        self.write({QUALITY_PART: quality}, WINDOW_PART.format(number))
        partial = self.folder / f"{RUN_STATE_FILE}.partial"
        partial.write_text(json.dumps({**state, "windows_done": number}), encoding="utf-8")
        os.replace(partial, self.folder / RUN_STATE_FILE)

    def state(self) -> dict[str, Any] | None:
        """The state `record_window` last wrote; None if there is none (or it is unreadable)."""
        try:
            return json.loads((self.folder / RUN_STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    @property
    def validation_results(self) -> Path:
        """Where Great Expectations keeps the run's validation results, so that the Data Docs
        built after the last window (of this attempt or a resumed one) list every window."""
        return self.folder / VALIDATION_RESULTS

    def window_quality(self) -> pl.DataFrame | None:
        """The quality results of every recorded window, None before the first."""
        return self.scan(QUALITY_PART).collect() if self.files(QUALITY_PART) else None

    def discard_windows_after(self, number: int) -> None:
        for path in self.folder.glob("*/window-*.parquet"):
            if int(path.stem.removeprefix("window-")) > number:
                path.unlink()

    def tables(self) -> list[str]:
        return sorted(path.name for path in self.folder.iterdir()
                      if path.is_dir() and not path.name.startswith("."))

    def files(self, table: str) -> list[Path]:
        return sorted((self.folder / table).glob("*.parquet"))

    def scan(self, table: str) -> pl.LazyFrame:
        return pl.scan_parquet(self.files(table))

    def remove(self) -> None:
        self.release()
        shutil.rmtree(self.folder, ignore_errors=True)


def work_fingerprint(article_ids: pl.Series, *settings: object) -> str:
    """What a run is doing: its new articles, in order, and the settings that shape its
    windows and their rows. Two runs with the same fingerprint stage the same windows."""
    digest = hashlib.sha256()
    for value in settings:
        digest.update(f"{value!r}\n".encode())
    digest.update("\n".join(article_ids.to_list()).encode())
    return digest.hexdigest()


def remove_stale(root: Path, now: float | None = None) -> None:
    """Delete run folders under `root` that no process holds and nobody touched for a day."""
    if not root.is_dir():
        return
    cutoff = (now or time.time()) - STALE_AFTER_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff and StagedRun(folder).hold():
            StagedRun(folder).remove()
