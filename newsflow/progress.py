"""A progress bar for long runs: articles extracted / total, and the rate (rich, on stderr).

It is the reporter `tasks.progress` reports to while a local `newsflow run` shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from tasks.progress import reporting_to


class RichRunProgress:
    """A rich progress bar; thread-safe (the local runner extracts batches in threads)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("articles"), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(file=stream, stderr=stream is None),
        )
        self._bar: TaskID = self._progress.add_task("starting", total=None, rate="")
        self._done_by_batch: dict[int, int] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> RichRunProgress:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()

    def stage(self, description: str) -> None:
        self._progress.update(self._bar, description=description)

    def set_total(self, articles: int) -> None:
        with self._lock:
            self._done_by_batch.clear()
        self._progress.reset(self._bar, total=articles, completed=0, rate="")

    def batch_done(self, batch_number: int, articles_done: int) -> None:
        with self._lock:
            self._done_by_batch[batch_number] = articles_done
            completed = sum(self._done_by_batch.values())
        elapsed = self._progress.tasks[0].elapsed or 0.0
        rate = f"{completed / elapsed:.1f}/s" if elapsed > 0 else ""
        self._progress.update(self._bar, completed=completed, rate=rate)


@contextmanager
def progress_bar(enabled: bool, stream: TextIO | None = None) -> Iterator[None]:
    """A rich progress bar on stderr (or `stream`) while the block runs, when enabled."""
    if not enabled:
        yield
        return
    with RichRunProgress(stream) as bar, reporting_to(bar):
        yield
