"""What a scheduled run of a few hundred new articles costs as the warehouse grows (prints figures).

One run of `--articles` (default 200) new articles, the same articles each time, by the real
CLI, into copies of warehouses of 0 (none yet), 10,000 and 100,000 articles, timed by stage
(`benchmarks.timeline`): the run's own work (read, extract, validate) should not change with
the warehouse, and the publish (staging, insert, marts, checks, checkpoint) should follow the
run's rows, not the warehouse's. Sizes are measured side by side in one run, in `--rounds`
alternating rounds; it prints each run's stages and, per size, the ratio of its wall time to
the empty warehouse's.

The warehouses are grown as `benchmarks.warehouse_scale` grows them, from `--base` (a real
`newsflow run` of the shared corpus), into `--grown DIR` (kept: growing 100,000 articles takes
minutes; an existing `DIR/<size>/newsflow.duckdb` is reused). The new articles are the first
`--articles` of the shared corpus, perturbed as `benchmarks.scale` makes copy 1000 of them:
texts no warehouse holds.

Usage (from the project root):
    .venv/bin/python -m benchmarks.incremental --base BASE.duckdb --grown DIR
        [--sizes 0,10000,100000] [--articles 200] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import warehouse_scale
from benchmarks.scale import perturb
from benchmarks.throughput import DEFAULT_CORPUS, MIB, PROJECT_ROOT
from benchmarks.timeline import CLOSE, WHOLE_RUN, Timeline, run_timed

NEW_COPY = 1000  # the copy number of the new articles: no grown warehouse reaches it
STAGES = ["read and clean", "extract (spaCy and the passes)", "resolve entities",
          "validate (Great Expectations)", "flow body starts: what the warehouse holds",
          "publish: open the warehouse", "publish: schema",
          "publish: staged files into staging tables",
          "publish: insert, marts, checks (one transaction)", "publish:   of which marts",
          "publish:   of which checks", CLOSE]


def write_new_articles(corpus: Path, count: int, target: Path) -> None:
    """`count` articles of `corpus`, as texts no warehouse holds (copy NEW_COPY of each)."""
    with corpus.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for written, line in enumerate(line for line in source if line.strip()):
            if written >= count:
                break
            record = json.loads(line)
            out.write(json.dumps({"id": f"{record.get('article_id')}-copy{NEW_COPY}",
                                  "title": record.get("title"),
                                  "text": perturb(record["text"], NEW_COPY)}) + "\n")


def grown_warehouse(base: Path, size: int, grown: Path) -> Path | None:
    """The warehouse of `size` articles (None for 0: the run creates it), grown if missing."""
    if size == 0:
        return None
    warehouse = grown / str(size) / "newsflow.duckdb"
    if not warehouse.exists():
        print(f"growing a warehouse of {size} articles from {base} ...", flush=True)
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        warehouse_scale.grow(base, warehouse, size)
    return warehouse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="A warehouse a real run wrote.")
    parser.add_argument("--grown", type=Path, required=True, help="Where grown warehouses are kept.")
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    warehouses = {size: grown_warehouse(args.base, size, args.grown) for size in sizes}
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          f" on {os.cpu_count()} CPUs")
    walls: dict[int, list[float]] = {size: [] for size in sizes}
    cpus: dict[int, list[float]] = {size: [] for size in sizes}
    with tempfile.TemporaryDirectory(prefix="newsflow-incremental-") as workdir:
        folder = Path(workdir)
        new = folder / "new.jsonl"
        write_new_articles(args.corpus, args.articles, new)
        for round_number in range(1, args.rounds + 1):
            for size in sizes:
                target = folder / f"run-{size}" / "newsflow.duckdb"
                shutil.rmtree(target.parent, ignore_errors=True)
                target.parent.mkdir()
                source = warehouses[size]
                if source is not None:
                    shutil.copy(source, target)
                timeline = run_timed(["run", str(new), "--warehouse", str(target), "--no-progress"],
                                     folder / "events.json")
                walls[size].append(timeline.total(WHOLE_RUN))
                cpus[size].append(timeline.total(WHOLE_RUN, "cpu"))
                describe(round_number, size, source, target, timeline)
    print("summary (whole run, CLI started to summary printed; sum over rounds):")
    empty, empty_cpu = sum(walls[sizes[0]]), sum(cpus[sizes[0]])
    for size in sizes:
        print(f"  {size:>7} articles: {sum(walls[size]):8.1f} s   ratio to {sizes[0]}: "
              f"{sum(walls[size]) / empty:.3f}   (target <= 1.5 at 100,000);   CPU "
              f"{sum(cpus[size]):7.1f} s, ratio {sum(cpus[size]) / empty_cpu:.3f}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def describe(round_number: int, size: int, source: Path | None, target: Path,
             timeline: Timeline) -> None:
    held = f"{source.stat().st_size / MIB:.0f} MiB" if source is not None else "none"
    print(f"round {round_number}, warehouse of {size} articles (file {held} before, "
          f"{target.stat().st_size / MIB:.0f} MiB after): {timeline.total(WHOLE_RUN):.1f} s")
    print(f"  {'wall':>8}   {'CPU':>8}  {'CLI RSS':>9}  stage (CPU: the CLI process's, every"
          " thread; RSS: the CLI process's peak while the stage ran)")
    for stage in STAGES:
        print(f"  {timeline.total(stage):8.2f} s {timeline.total(stage, 'cpu'):8.2f} s"
              f" {timeline.peak_rss(stage, cli_only=True) / MIB:6.0f} MiB  {stage}")
    print(f"  whole run: CPU {timeline.total(WHOLE_RUN, 'cpu'):.1f} s with its child processes")
    peaks = timeline.peak_rss_by_process()
    others = sorted((rss for pid, rss in peaks.items() if pid != timeline.cli_pid), reverse=True)
    print(f"  peak RSS: CLI process {peaks.get(timeline.cli_pid, 0) / MIB:.0f} MiB; its child"
          f" processes (spaCy workers, Prefect server), largest first: "
          + ", ".join(f"{rss / MIB:.0f}" for rss in others[:6]) + " MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
