"""Progress of a run, reported to whichever reporter is active in this process.

The flow and its tasks report here; the CLI activates a progress bar (newsflow.progress)
around a local run; everywhere else (deployments, Dask workers, tests) no reporter is active
and reporting costs nothing. Progress is kept per extraction batch as "articles done in batch
n", so a batch reported from inside its task (threads of the local runner) and again when the
flow collects its result is never counted twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol


class RunProgress(Protocol):
    def stage(self, description: str) -> None: ...
    def set_total(self, articles: int) -> None: ...
    def batch_done(self, batch_number: int, articles_done: int) -> None: ...


class StageClock:
    """Seconds spent in each stage of one piece of work (a window): `lap("extract")` ends the
    stage named and starts the next. A long run logs one line a window from it, so the
    Prefect UI (and `benchmarks.scale`) tell parsing from everything newsflow adds."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._last = clock()
        self.seconds: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = self._clock()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def describe(self, articles: int) -> str:
        """E.g. "5,000 articles in 611 s, 122 ms an article (extract 580 s, normalise 20.1 s)"."""
        stages = ", ".join(f"{stage} {seconds:.3g} s" for stage, seconds in self.seconds.items())
        per_article = f", {1000 * self.total / articles:.0f} ms an article" if articles else ""
        return f"{articles:,} articles in {self.total:.3g} s{per_article} ({stages})"


_active: RunProgress | None = None


def is_active() -> bool:
    return _active is not None


def stage(description: str) -> None:
    if _active is not None:
        _active.stage(description)


def set_total(articles: int) -> None:
    if _active is not None:
        _active.set_total(articles)


def batch_done(batch_number: int, articles_done: int) -> None:
    if _active is not None:
        _active.batch_done(batch_number, articles_done)


@contextmanager
def reporting_to(reporter: RunProgress | None) -> Iterator[None]:
    """Make `reporter` the active one in this process for the duration of the block."""
    global _active
    previous, _active = _active, reporter
    try:
        yield
    finally:
        _active = previous
