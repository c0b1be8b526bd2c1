"""Where one small run's publish spends its time, statement by statement, as the warehouse grows.

Stages `--articles` (default 200) articles of `--base` (a real run's warehouse) as one run's
windows (`benchmarks.publish_scale.stage_run`), then publishes them with the real load
(`tasks.load.publish_or_refuse`) into a copy of each `--warehouses` file, every SQL statement
timed (wall and CPU of this process), and the close (DuckDB's checkpoint) too. Statements
whose time grows with the warehouse are the ones that read or rewrite whole tables.
The base's articles are new to a grown warehouse (its copies have ids of their own), and
its frequent entities are known there, as in a real scheduled run.

Usage (from the project root):
    .venv/bin/python -m benchmarks.publish_profile --base BASE.duckdb WAREHOUSE ... [--articles 200]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from benchmarks.publish_scale import stage_run
from benchmarks.throughput import PROJECT_ROOT


class TimedConnection:
    """A DuckDB connection that records the wall and CPU time of every statement."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.times: list[tuple[float, float, str]] = []

    def _timed(self, method: str, sql: str, *args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(2).f_locals  # the load's function, which names its frames in SQL
        for name in ("arrow_frame",):
            if name in caller and name in sql:
                self.connection.register(name, caller[name])
        wall, cpu = time.perf_counter(), time.process_time()
        result = getattr(self.connection, method)(sql, *args, **kwargs)
        if method == "sql":
            result = result.pl()  # run it now (a relation is lazy), as the caller would
            self.times.append((time.process_time() - cpu, time.perf_counter() - wall,
                               " ".join(sql.split())[:90]))
            return self.connection.sql("select * from result")
        self.times.append((time.process_time() - cpu, time.perf_counter() - wall,
                           " ".join(sql.split())[:90]))
        return result

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._timed("execute", sql, *args, **kwargs)

    def sql(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        return self._timed("sql", sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


def profile(staged_folder: Path, warehouse: Path, top: int) -> None:
    from tasks import load, validate
    from tasks.assemble import RunSummary
    from tasks.staging import StagedRun

    connection = duckdb.connect(str(warehouse))
    load.apply_schema(connection)
    timed = TimedConnection(connection)
    cpu, wall = time.process_time(), time.perf_counter()
    summary = load.publish_or_refuse(
        timed, StagedRun(staged_folder), pl.DataFrame(schema=validate.QUALITY_SCHEMA),  # type: ignore[arg-type]
        RunSummary("publish-profile", None, str(warehouse), datetime.now()))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    closing = time.perf_counter()
    connection.close()
    print(f"  {summary.status}: publish {wall:.2f} s wall, {cpu:.2f} s CPU;"
          f" close (checkpoint) {time.perf_counter() - closing:.2f} s")
    print(f"  {'CPU':>7} {'wall':>7}  statement (the {top} slowest by CPU)")
    for statement_cpu, statement_wall, text in sorted(timed.times, reverse=True)[:top]:
        print(f"  {statement_cpu:7.3f} {statement_wall:7.3f}  {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("warehouses", type=Path, nargs="+", help="'empty': a new warehouse")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsflow-publish-profile-") as workdir:
        folder = Path(workdir)
        stage_run(args.base, args.articles, args.articles, folder / "staged")
        for warehouse in args.warehouses:
            target = folder / "warehouse.duckdb"
            if str(warehouse) != "empty":
                shutil.copy(warehouse, target)
            print(f"{warehouse}:", flush=True)
            profile(folder / "staged", target, args.top)
            target.unlink()
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
