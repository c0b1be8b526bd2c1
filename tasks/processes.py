"""How many worker processes a batch of articles is parsed with (`n_process`, `tasks.worker_pool`).

The setting `n_process` is a number of processes, or 0 (the default) for "as many as pay":
  - at most the cores this process may run on (`os.sched_getaffinity`: a container or
    `taskset` may allow fewer than the machine has, and `os.cpu_count` does not know that);
  - at most one process per whole `nlp.pipe` batch (`batch_size` texts) of the extraction
    batch: below that a second process has too little to parse to pay for its start, and a
    one-article run would fork for nothing;
  - at most what the memory available now holds, at SPACY_PROCESS_BYTES a process: each
    worker holds its own copy of the model and its Docs, so on a small machine more
    processes would swap (or be killed) rather than go faster.
A number set by the user is taken as it is: they asked for it.
"""

from __future__ import annotations

import os
from pathlib import Path

AUTO = 0
# What one worker process may hold (the model, a chunk of Docs and their rows): 336-358 MiB RSS
# each, flat over 2,500 articles of the shared corpus (docs/benchmarks.md, "A pool of
# workers"), with room to spare for longer articles. spaCy's own n_process workers held 1.0-1.2
# GB, which this was 1 GiB for.
SPACY_PROCESS_BYTES = 512 * 1024 * 1024
MEMINFO = Path("/proc/meminfo")


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux: no affinity mask to read
        return max(1, os.cpu_count() or 1)


def available_memory_bytes(meminfo: Path = MEMINFO) -> int | None:
    """MemAvailable of /proc/meminfo (what can be allocated without swapping), or None where
    the kernel does not say."""
    try:
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def processes_for(articles: int, setting: int, batch_size: int, cores: int | None = None,
                  memory: int | None = None) -> int:
    """spaCy processes for an extraction batch of `articles` texts. `setting` > 0 is used as
    it is; AUTO takes the smallest of the usable cores, the whole `batch_size` batches and
    what the available memory holds (module docstring). `cores` and `memory` default to
    this machine's."""
    if setting != AUTO:
        return setting
    cores = usable_cores() if cores is None else cores
    memory = available_memory_bytes() if memory is None else memory
    fits = cores if memory is None else max(1, memory // SPACY_PROCESS_BYTES)
    return max(1, min(cores, articles // max(1, batch_size), fits))
