"""`--runner dask` beside the local runner, and a real Dask cluster with 1 then 2 workers (prints
figures).

In one run, on the same articles (the first `--limit` of the shared corpus), each into a fresh
warehouse with the real CLI:
  (a) the local runner (threads; spaCy's own processes, one per usable core);
  (b) `--runner dask`: a local cluster of processes, one per usable core;
  (c) `--runner dask --dask-address` on a real `dask scheduler` with 1 `dask worker`;
  (d) the same scheduler with 2 workers.
It prints each wall time, b/a (target <= 1.10) and d/c (target <= 0.65), and checks that all
four warehouses hold the same rows, table by table (run ids and clocks aside).

Usage (from the project root):
    .venv/bin/python -m benchmarks.dask_scaling [--limit 400] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.throughput import (
    DEFAULT_CORPUS,
    MIB,
    PROJECT_ROOT,
    newsflow_run_command,
    quiet_environment,
    run_measured,
    sample_corpus,
)
from flows.deploy import free_port, local_server, stop_process_group
from tests.helpers_prefect import start_group, wait_for_log, warehouse_content


def start_cluster(workdir: Path, workers: int) -> tuple[str, list]:
    """A `dask scheduler` and `workers` single-threaded `dask worker` processes on 127.0.0.1."""
    dask = str(Path(sys.executable).parent / "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = workdir / f"scheduler-{workers}.log"
    processes = [start_group([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                              "--no-dashboard"], log)]
    wait_for_log(log, "Scheduler at", processes[0], timeout=180)
    for number in range(1, workers + 1):
        worker_log = workdir / f"worker-{workers}-{number}.log"
        processes.append(start_group([dask, "worker", address, "--host", "127.0.0.1",
                                      "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
                                     worker_log))
        wait_for_log(worker_log, "Registered to", processes[-1], timeout=180)
    return address, processes


def timed_run(sample: Path, warehouse: Path, extra: list[str],
              env: dict[str, str] | None = None) -> float:
    run = run_measured([*newsflow_run_command([sample], warehouse), *extra],
                       {**quiet_environment(), **(env or {})})
    if run.returncode != 0:
        raise RuntimeError(f"newsflow run {' '.join(extra)} failed:\n{run.output}")
    print(f"    peak RSS {run.peak_process_rss / MIB:.0f} MiB largest process, "
          f"{run.peak_tree_rss / MIB:.0f} MiB tree (the CLI's; cluster processes not counted)")
    return run.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="newsflow-dask-scaling-"))
    try:
        sample = workdir / "articles.jsonl"
        print(f"{sample_corpus(args.corpus, args.limit, sample)} lines of {args.corpus}")
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
              f" on {os.cpu_count()} CPUs")
        seconds: dict[str, float] = {}
        warehouses: dict[str, Path] = {}
        for name, extra in (("a local runner", []), ("b dask, local cluster", ["--runner", "dask"])):
            warehouses[name] = workdir / name.split()[0] / "w.duckdb"
            seconds[name] = timed_run(sample, warehouses[name], extra)
            print(f"({name}): {seconds[name]:.1f} s", flush=True)
        # A started Prefect server, as a user with a cluster has: the workers report task runs
        # to it (they do not inherit the CLI's environment, so not its temporary server).
        (workdir / "prefect-home").mkdir()
        with local_server(free_port(), workdir / "prefect-home", workdir / "prefect.log") as env:
            for workers, name in ((1, "c dask scheduler, 1 worker"), (2, "d dask scheduler, 2 workers")):
                address, processes = start_cluster(workdir, workers)
                try:
                    time.sleep(1)
                    warehouses[name] = workdir / name.split()[0] / "w.duckdb"
                    seconds[name] = timed_run(sample, warehouses[name],
                                              ["--runner", "dask", "--dask-address", address], env)
                    print(f"({name}): {seconds[name]:.1f} s", flush=True)
                finally:
                    for process in reversed(processes):
                        stop_process_group(process)
        a, b, c, d = seconds.values()
        print(f"ratio b/a (local cluster / local runner): {b / a:.3f}   (target <= 1.10)")
        print(f"ratio d/c (2 workers / 1 worker):          {d / c:.3f}   (target <= 0.65)")
        reference = warehouse_content(warehouses["a local runner"])
        for name, warehouse in warehouses.items():
            content = warehouse_content(warehouse)
            differing = [table for table in reference if content[table] != reference[table]]
            verdict = "DIFFER in " + ", ".join(differing) if differing else "identical to (a), every table"
            print(f"({name}) rows {verdict}")
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
