"""How the time and memory of publishing one run grow with the run (prints figures).

A run of 100,000 articles stages its rows window by window, then publishes them all in one
transaction (insert, marts, warehouse rules). `benchmarks.scale` measures that inside a real
run, but a real run of 100,000 articles parses for hours here; this measures the publish alone,
at any size the `--source` warehouse holds (e.g. one grown by `benchmarks.warehouse_scale`).
For each `--sizes` N it stages the rows of N of the source's articles as one run's windows
(`tasks.staging.StagedRun`, windows of `articles_per_window`), then publishes them into a fresh
warehouse with the real load (`tasks.load.publish_or_refuse`), in a child process per
`--memory-limits` value, and prints its time, the time per article, and its peak RSS.

Usage (from the project root):
    .venv/bin/python -m benchmarks.publish_scale --source GROWN.duckdb
        [--sizes 10000,100000] [--memory-limits 512MB,1GB,default] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from benchmarks.throughput import MIB, PROJECT_ROOT, run_measured
from flows.settings import Settings

WINDOW_SQL = Path(__file__).with_name("run_rows_by_window.sql")
WINDOW_TABLES = ["articles", "entities", "mentions", "entity_roles", "events",
                 "event_participants"]
INPUT_TABLES = ["input_files", "rejected_inputs", "quarantine"]  # empty: no files were read


def stage_run(source: Path, articles: int, per_window: int, folder: Path) -> int:
    """Stage the rows of `articles` of `source`'s articles in `folder` as a run's windows;
    returns the number of articles staged."""
    from tasks.staging import StagedRun

    staged = StagedRun(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(source), read_only=True) as connection:
        connection.execute("set variable articles = ?", [articles])
        connection.execute("set variable per_window = ?", [per_window])
        connection.execute("set variable window_number = 0")
        connection.execute(WINDOW_SQL.read_text(encoding="utf-8"))
        windows = int(connection.sql("select count(distinct window_number) "
                                     "from chosen_articles").fetchall()[0][0])
        for number in range(windows):
            connection.execute("set variable window_number = ?", [number])
            staged.write({table: connection.sql(f"select * from window_{table}").pl()
                          for table in WINDOW_TABLES}, f"window-{number:05d}")
        staged.write({table: connection.sql(f"select * from {table} limit 0").pl()
                      for table in INPUT_TABLES}, "inputs")
        return int(connection.sql("select count(*) from chosen_articles").fetchall()[0][0])


def publish(folder: Path, warehouse: Path, memory_limit: str | None) -> None:
    """Publish the staged run in `folder` into a fresh `warehouse`, as a run's load does; print
    the outcome as JSON."""
    from tasks import load, validate
    from tasks.assemble import RunSummary
    from tasks.staging import StagedRun

    warehouse.unlink(missing_ok=True)
    started = time.perf_counter()
    with load.open_warehouse(warehouse, memory_limit=memory_limit) as connection:
        load.apply_schema(connection)
        summary = load.publish_or_refuse(
            connection, StagedRun(folder), pl.DataFrame(schema=validate.QUALITY_SCHEMA),
            RunSummary("publish-scale", None, str(warehouse), datetime.now()))
    print(json.dumps({"status": summary.status, "message": summary.message,
                      "mentions": summary.mentions_loaded,
                      "seconds": time.perf_counter() - started}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="A warehouse to take the run's rows from.")
    parser.add_argument("--sizes", default="10000,100000", help="Articles in each run.")
    parser.add_argument("--memory-limits", default=f"{Settings().warehouse_memory_limit},default",
                        help="DuckDB memory limits to publish under; 'default' is DuckDB's own.")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--publish", nargs=3, metavar=("STAGED", "WAREHOUSE", "LIMIT"),
                        help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args(argv)
    if args.publish:
        folder, warehouse, limit = args.publish
        publish(Path(folder), Path(warehouse), None if limit == "default" else limit)
        return 0
    if args.source is None or not args.source.exists():
        parser.error("--source must name an existing warehouse")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-publish-scale-"))
    per_window = Settings().articles_per_window
    print(f"source: {args.source}; windows of {per_window} articles; workdir: {workdir}")
    print(f"{'articles':>9} {'memory limit':>13} {'publish':>9} {'per article':>12} "
          f"{'peak RSS':>9}  status", flush=True)
    for size in sorted(int(size) for size in args.sizes.split(",") if size.strip()):
        folder = workdir / f"staged-{size}"
        staged_articles = stage_run(args.source, size, per_window, folder)
        for limit in args.memory_limits.split(","):
            command = [sys.executable, "-m", "benchmarks.publish_scale", "--publish",
                       str(folder), str(workdir / f"published-{size}.duckdb"), limit.strip()]
            run = run_measured(command)
            outcome = json.loads(run.output.strip().splitlines()[-1]) if run.returncode == 0 \
                else {"status": f"exit {run.returncode}: {run.output.strip()[-300:]}",
                      "seconds": run.seconds}
            seconds = outcome["seconds"]
            print(f"{staged_articles:>9} {limit:>13} {seconds:>8.1f}s "
                  f"{1000 * seconds / staged_articles:>9.2f} ms "
                  f"{run.peak_process_rss / MIB:>5.0f} MiB  {outcome['status']}", flush=True)
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
