"""Worker processes that outlive one extraction batch, for extraction with `n_process` > 1.

spaCy's own `nlp.pipe(n_process=N)` forks N new workers at every call and sends every parsed
Doc back to the caller. For newsflow that cost three ways (measured on the shared corpus,
docs/benchmarks.md, "A pool of workers"):
  - a Prefect task is one call, so every task forked its workers anew and ended with one of them
    idle while the other parsed its last batch (spaCy deals batches out round-robin);
  - the caller, on one of the same cores, deserialised each Doc with its rows and built them
    into records while the workers parsed;
  - the Docs themselves, which extraction drops as soon as it has their rows.
Here the workers are forked once and kept; each takes small chunks of articles from one queue
(a worker that finishes early takes the next), runs the whole pipeline and returns only rows.

The pool is forked from the caller, which has loaded the pipeline and its reference data
(`tasks.extract.load_model`), so the workers share those pages and read no file themselves.
Workers must not use polars: its thread pool does not survive a fork (the rows are tuples).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PARENT_CHECK_SECONDS = 1.0
_lock = threading.Lock()
_pool: tuple[tuple[Any, int], ProcessPoolExecutor] | None = None


def _start_method() -> str:
    """'fork' where the platform has it (the workers inherit the loaded pipeline), else spawn."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _exit_with_parent(parent: int) -> None:
    """A worker's first job: watch, in a thread of its own, that the process that started it
    is alive, and exit when it is not. A run killed with SIGKILL cannot stop its workers, and
    they would not notice on their own: each holds the write end of the others' job queue, so
    they would wait for jobs forever, holding a model's memory each."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="newsflow-parent-watch").start()


def _executor(key: Any, workers: int) -> ProcessPoolExecutor:
    """The pool for `key` (e.g. the model's name) with `workers` processes, started on first
    use; a pool for another key or size is shut down first."""
    global _pool
    with _lock:
        if _pool is not None and _pool[0] != (key, workers):
            _pool[1].shutdown(wait=True)
            _pool = None
        if _pool is None:
            context = multiprocessing.get_context(_start_method())
            _pool = ((key, workers), ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_exit_with_parent,
                initargs=(os.getpid(),)))
        return _pool[1]


def map_in_workers(function: Callable[..., Any], chunks: Iterable[tuple[Any, ...]], key: Any,
                   workers: int) -> Iterator[Any]:
    """`function(*chunk)` for every chunk, in order, run in the pool's worker processes.
    `function` must be a module-level function (it is pickled by name). An error in a worker
    is raised here; a worker that died (killed, out of memory) takes the pool with it, and the
    next call starts a new one."""
    executor = _executor(key, workers)
    try:
        # every chunk is queued at once: a worker that is done takes the next one
        futures = [executor.submit(function, *chunk) for chunk in chunks]
        for future in futures:
            yield future.result()
    except Exception:
        # the call's chunks still queued are cancelled with the pool, and a broken pool
        # (BrokenProcessPool) is of no further use: the next call forks a new one
        release_workers()
        raise


def release_workers() -> None:
    """Stop the worker processes (their memory goes back to the system); the next call to
    `map_in_workers` forks new ones. Called at the end of each window of a run, so that the
    stages after extraction do not hold the workers' memory and the workers' own (a growing
    string store, the allocator's free lists) is bounded by a window."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool[1].shutdown(wait=True, cancel_futures=True)
            _pool = None
