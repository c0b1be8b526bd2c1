"""How the warehouse side grows to 100,000 articles and beyond (prints figures).

`benchmarks.scale` runs the whole pipeline, spaCy included, which parses about 8 articles a
second here: 100,000 articles would take three and a half hours. This benchmark measures the
rest at that size without parsing: it takes a warehouse a real run built (`--base`, e.g. the
shared corpus ingested with `newsflow run`) and publishes copies of its rows through the real
publish step (`tasks.load.publish_staged`: insert, marts, warehouse rules, one transaction per
copy), as if each copy were a run of that many new articles (see `copy_published_run.sql` for
what a copy changes). It prints the time of each publish as the warehouse grows, the
warehouse's size, and the time of every query in `sql/examples/` at each `--checkpoints` size.

What it does not measure: parsing, normalising and validating (their cost per article does not
depend on the warehouse; `benchmarks.scale` measures them with the pipeline), and real news's
vocabulary (copies repeat the base's frequent entities and invent new rare ones).

Usage (from the project root):
    .venv/bin/python -m benchmarks.warehouse_scale --base BASE.duckdb [--articles 100000]
        [--checkpoints 10000,50000,100000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.scale import time_example_queries
from benchmarks.throughput import MIB, PROJECT_ROOT
from tasks import load

COPY_SQL = Path(__file__).with_name("copy_published_run.sql")
COPIED_TABLES = ["articles", "entities", "mentions", "entity_roles", "events",
                 "event_participants"]


def publish_copy(connection: duckdb.DuckDBPyConnection, copy: int) -> float:
    """Stage copy `copy` of the base warehouse's rows and publish it; returns the publish time."""
    for table in COPIED_TABLES:
        load.create_staging_table(connection, table)
    connection.execute("set variable copy = ?", [copy])
    connection.execute("set variable run_id = ?", [f"copy-{copy}"])
    connection.execute(COPY_SQL.read_text(encoding="utf-8"))
    started = time.perf_counter()
    load.publish_staged(connection, COPIED_TABLES)
    return time.perf_counter() - started


def count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(connection.sql(f"select count(*) from {table}").fetchall()[0][0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True,
                        help="A warehouse written by `newsflow run` (read only).")
    parser.add_argument("--articles", type=int, default=100_000,
                        help="Stop at the first copy reaching this many articles.")
    parser.add_argument("--checkpoints", default="10000,50000,100000",
                        help="Article counts after which the example queries are timed.")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Where the grown warehouse goes (default: a temporary folder).")
    args = parser.parse_args(argv)
    if not args.base.exists():
        parser.error(f"no such warehouse: {args.base}")
    checkpoints = sorted(int(size) for size in args.checkpoints.split(",") if size.strip())
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-warehouse-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = workdir / "newsflow.duckdb"
    warehouse.unlink(missing_ok=True)

    with load.open_warehouse(warehouse) as connection:
        load.apply_schema(connection)
        connection.execute("attach ? as base (read_only)", [str(args.base)])
        per_copy = count(connection, "base.articles")
    print(f"base: {args.base} ({per_copy} articles a copy); warehouse: {warehouse}")
    print(f"{'copy':>5} {'articles':>9} {'publish':>9} {'per article':>12} {'close':>7}"
          f" {'mentions':>10} {'entities':>9} {'pairs':>10} {'size':>9}", flush=True)
    copies = -(-args.articles // per_copy)
    for copy in range(copies):
        connection = duckdb.connect(str(warehouse))
        connection.execute("attach ? as base (read_only)", [str(args.base)])
        seconds = publish_copy(connection, copy)
        articles = (copy + 1) * per_copy
        totals = [count(connection, table)
                  for table in ("mentions", "entities", "entity_pair_counts")]
        connection.execute("detach base")
        closing = time.perf_counter()
        connection.close()  # DuckDB checkpoints the file here, as at the end of a run
        closed = time.perf_counter() - closing
        print(f"{copy + 1:>5} {articles:>9} {seconds:>8.2f}s {1000 * seconds / per_copy:>9.2f} ms"
              f" {closed:>6.2f}s {totals[0]:>10} {totals[1]:>9} {totals[2]:>10}"
              f" {warehouse.stat().st_size / MIB:>5.0f} MiB", flush=True)
        if checkpoints and (articles >= checkpoints[0] or copy == copies - 1):
            while checkpoints and articles >= checkpoints[0]:
                checkpoints.pop(0)
            # As an analyst would: a fresh read-only connection, all rows fetched.
            print(f"example queries at {articles} articles:")
            with duckdb.connect(str(warehouse), read_only=True) as connection:
                for name, query_seconds, rows in time_example_queries(connection):
                    print(f"  {name:<48} {query_seconds * 1000:8.1f} ms  {rows:>7} rows",
                          flush=True)
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
