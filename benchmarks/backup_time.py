"""How long a backup and a restore of a warehouse take, and the backup's size (prints figures).

Both are the real commands' code (`tasks.backups.back_up`: copy from a read-only connection,
verify, hash; `tasks.backups.restore`: hash, verify, copy into place), timed on the warehouse
given, e.g. one grown by `benchmarks.warehouse_scale`. The machine need not be idle: the
figures say how long a user waits on this machine, not a best case.

Usage (from the project root):
    .venv/bin/python -m benchmarks.backup_time WAREHOUSE [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.throughput import MIB, PROJECT_ROOT
from tasks.backups import back_up, restore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path, help="The warehouse to back up (read only).")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Where the backup and the restored copy go (default: a temporary folder).")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-backup-time-"))
    with duckdb.connect(str(args.warehouse), read_only=True) as connection:
        articles = int(connection.execute("select count(*) from articles").fetchone()[0])
    print(f"warehouse {args.warehouse}: {articles:,} articles, {args.warehouse.stat().st_size / MIB:,.1f} MiB")
    backup = back_up(args.warehouse, workdir / "backups")
    print(f"backup:  {backup.seconds:7.1f} s, {backup.size_bytes / MIB:,.1f} MiB, "
          f"{sum(backup.row_counts.values()):,} rows (copy, verify and sha256 included)")
    started = time.perf_counter()
    restored = restore(workdir / "backups", workdir / "restored.duckdb")
    print(f"restore: {time.perf_counter() - started:7.1f} s ({sum(restored.row_counts.values()):,} rows verified)")
    if args.workdir is None:
        shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
