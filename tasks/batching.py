"""How a window of articles is cut into extraction batches (Prefect tasks) for the workers that
run them.

On the local runner one batch runs at a time (spaCy holds the GIL; its processes parallelise
inside the batch), so batches keep the `articles_per_task` setting. On a process-based runner
(Dask) the workers are the parallelism: a window cut into `articles_per_task` pieces may leave
some idle (800 articles as 500 + 300 on two workers: one waits 40 % of the time), so the window
is cut into at least BATCHES_PER_SLOT batches per task slot, of equal size, and never into
pieces larger than the setting. Two per slot rather than one lets a worker that finishes early
take another batch from a slower one.
"""

from __future__ import annotations

BATCHES_PER_SLOT = 2


def articles_per_batch(articles_per_task: int, window_articles: int, slots: int) -> int:
    """Articles per extraction batch in a window of `window_articles`, for `slots` task slots
    (1: the local runner, which keeps the setting)."""
    if slots <= 1:
        return articles_per_task
    pieces = max(1, slots * BATCHES_PER_SLOT)
    return max(1, min(articles_per_task, -(-window_articles // pieces)))


def batch_count(article_count: int, window_size: int, per_batch: int) -> int:
    """Batches of the whole run: every full window and the last, each cut `per_batch` a batch."""
    full, rest = divmod(article_count, window_size)
    return full * -(-window_size // per_batch) + -(-rest // per_batch)
