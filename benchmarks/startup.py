"""Where the seconds of a small run go, before and after its first article is parsed (prints a
timeline).

Runs the real CLI (`newsflow run seeds/` into a fresh warehouse) in a fresh interpreter,
`--rounds` times, with timers around its steps (`benchmarks.timeline`): the CLI's imports, the
Prefect server's start and the wait for it, the warm-up thread (language identifier, spaCy
model, place index), each stage of the flow. Each line is the moment (seconds after launch) a
step began and how long it took; steps in background threads overlap the others. For the
imports themselves, run the CLI under `python -X importtime`.

Usage (from the project root):
    .venv/bin/python -m benchmarks.startup [--rounds 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.throughput import PROJECT_ROOT
from benchmarks.timeline import WHOLE_RUN, run_timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(PROJECT_ROOT / "seeds")])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          f" on {os.cpu_count()} CPUs")
    walls, runs = [], []
    for number in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="newsflow-startup-") as workdir:
            timeline = run_timed(["run", *args.paths, "--warehouse", str(Path(workdir) / "w.duckdb"),
                                  "--no-progress"], Path(workdir) / "events.json")
        print(f"round {number}: {timeline.wall_seconds:.2f} s from launch to exit")
        print("\n".join(timeline.lines()))
        walls.append(timeline.wall_seconds)
        runs.append(timeline.total(WHOLE_RUN))
    print(f"median of {len(walls)} rounds: {statistics.median(walls):.2f} s from launch to exit, "
          f"{statistics.median(runs):.2f} s from the CLI's start to its summary")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
