"""A warehouse of 100,000 articles and more in minutes, without parsing (prints figures).

`benchmarks.scale` runs the whole pipeline, spaCy included, which parses about 8 articles a
second here: 100,000 articles would take three and a half hours. This benchmark builds a
warehouse of that size from a warehouse a real run built (`--base`, e.g. the shared corpus
ingested with `newsflow run`): `grow_copies.sql` inserts as many copies of the base's published
rows as reach `--articles`, all at once in SQL, each copy with ids and hashes of its own (see
the file for what a copy changes; same tables, same columns, the primary keys' indexes built as
the rows go in), and the marts are then built from the published rows by the publish's own
code (`tasks.load.create_marts`), so they hold what publishing every copy would have left. It
prints the time of each step, the warehouse's size, and the time of every query in
`sql/examples/` on the grown warehouse.

Growing used to publish the copies one by one through the real publish step: every publish
read the growing marts, so each copy took longer (the third 198 s at load 20) and 100,000
articles did not finish in an hour.

What it does not measure: parsing, normalising and validating (their cost per article does not
depend on the warehouse; `benchmarks.scale` measures them with the pipeline), and real news's
vocabulary (copies repeat the base's frequent entities and invent new rare ones).

Usage (from the project root):
    .venv/bin/python -m benchmarks.warehouse_scale --base BASE.duckdb [--articles 100000]
        [--workdir DIR] [--no-queries]
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
from tasks.warehouse_files import sql_files

GROW_SQL = Path(__file__).with_name("grow_copies.sql")
COUNTED_TABLES = ("articles", "entities", "mentions", "entity_roles", "events",
                  "event_participants", "entity_pair_counts", "article_words")


def count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(connection.sql(f"select count(*) from {table}").fetchall()[0][0])


def grow(base: Path, warehouse: Path, articles: int) -> None:
    """Write a warehouse of at least `articles` articles at `warehouse`: copies of `base`'s
    rows, then the marts built from them; prints each step's time."""
    warehouse.unlink(missing_ok=True)
    started = time.perf_counter()
    with load.open_warehouse(warehouse) as connection:
        load.apply_schema(connection)
        connection.execute("attach ? as base (read_only)", [str(base)])
        per_copy = count(connection, "base.articles")
        copies = -(-articles // per_copy)
        print(f"base: {base} ({per_copy} articles a copy); {copies} copies into {warehouse}",
              flush=True)
        connection.execute("set variable copies = ?", [copies])
        connection.execute("begin transaction")  # one commit: the rows go in bulk
        connection.execute(GROW_SQL.read_text(encoding="utf-8"))
        connection.execute("commit")
        connection.execute("detach base")
        copied = time.perf_counter()
        print(f"  rows copied: {copied - started:.1f} s", flush=True)
        for file in sql_files("marts"):  # our own file names
            connection.execute(f"drop table if exists main.{file.stem}")
        load.create_marts(connection)
        marts = time.perf_counter()
        print(f"  marts built from the published rows: {marts - copied:.1f} s", flush=True)
        totals = {table: count(connection, table) for table in COUNTED_TABLES}
    print(f"  closed (checkpoint): {time.perf_counter() - marts:.1f} s;"
          f" whole growth {time.perf_counter() - started:.1f} s;"
          f" file {warehouse.stat().st_size / MIB:.0f} MiB")
    print("  " + ", ".join(f"{table} {rows:,}" for table, rows in totals.items()), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True,
                        help="A warehouse written by `newsflow run` (read only).")
    parser.add_argument("--articles", type=int, default=100_000,
                        help="Copies of the base until at least this many articles.")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Where the grown warehouse goes (default: a temporary folder).")
    parser.add_argument("--no-queries", action="store_true",
                        help="Do not time the example queries on the grown warehouse.")
    args = parser.parse_args(argv)
    if not args.base.exists():
        parser.error(f"no such warehouse: {args.base}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-warehouse-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = workdir / "newsflow.duckdb"
    grow(args.base, warehouse, args.articles)
    if not args.no_queries:
        # As an analyst would: a fresh read-only connection, all rows fetched.
        print("example queries:")
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            for name, query_seconds, rows in time_example_queries(connection):
                print(f"  {name:<48} {query_seconds * 1000:8.1f} ms  {rows:>7} rows", flush=True)
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
