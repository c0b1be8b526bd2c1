"""How newsflow's cost grows with the corpus (prints figures).

For each size (default 10,000 and 100,000 articles) it builds a corpus by replicating the
shared BBC corpus: copy k of an article gets a unique id and a light perturbation (its numbers
shifted by k and a closing reference line), so every copy is a different text to the
deduplication (article ids hash the text) and to spaCy. The corpus is written as JSONL files of
`--file-articles` articles (each well under the reader's size limit) in one folder, ingested
with the real CLI into a fresh warehouse. It prints time per article, peak RSS and warehouse
size per size, then the time of each query in `sql/examples/*.sql` on the largest warehouse.

On a 2-core machine spaCy parses 8 to 20 articles a second, so 100,000 articles take hours:
choose `--sizes` to fit the time you have. A run stopped part-way (the machine's session
ended, say) resumes from its staged windows: `--resume` with the same `--workdir` keeps the
corpus and warehouse folder, runs again, and counts every attempt (`attempts-<size>.json`):
time is the sum of the attempts, less the part of a window an interruption threw away; peak
RSS is the largest of any attempt.

Usage (from the project root):
    .venv/bin/python -m benchmarks.scale [--sizes 10000,100000] [--workdir DIR] [--keep] [--resume]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.throughput import (
    DEFAULT_CORPUS,
    MIB,
    PROJECT_ROOT,
    CommandRun,
    newsflow_run_command,
    quiet_environment,
    run_measured,
)
from tasks.staging import RUN_STATE_FILE, STAGING_FOLDER, StagedRun

NUMBER = re.compile(r"(?<!\d)\d+(?!\d)")  # every run of digits, "11" in "$11bn" too


def perturb(text: str, copy: int) -> str:
    """Copy `copy` (1, 2, ...) of a text: whole numbers shifted by `copy`, and a closing line
    naming the copy. Copy 0 is the original."""
    if copy == 0:
        return text
    shifted = NUMBER.sub(lambda match: str(int(match.group()) + copy), text)
    return f"{shifted}\n\nReference {copy}."


def build_corpus(source: Path, size: int, folder: Path, file_articles: int) -> int:
    """Write `size` articles replicated from `source` into JSONL files in `folder`."""
    originals = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    out = None
    for index in range(size):
        copy, original = divmod(index, len(originals))
        record = originals[original]
        if index % file_articles == 0:
            if out is not None:
                out.close()
            out = (folder / f"part-{index // file_articles:05d}.jsonl").open("w", encoding="utf-8")
        base_id = record.get("article_id") or record.get("id") or f"article-{original}"
        perturbed = {
            "id": f"{base_id}-copy{copy}", "title": record.get("title"),
            "text": perturb(record["text"], copy),
        }
        out.write(json.dumps(perturbed, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if out is not None:
        out.close()
    return size


@dataclass(frozen=True)
class Attempts:
    """Every attempt at one size's run, in a JSON file written as the run goes, so that an
    attempt killed together with this benchmark is still counted when `--resume` runs again."""

    path: Path
    corpus: Path
    warehouse: Path

    def records(self) -> list[dict[str, Any]]:
        return json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else []

    def save(self, records: list[dict[str, Any]]) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(records, indent=1), encoding="utf-8")
        partial.replace(self.path)

    def run(self) -> tuple[CommandRun | None, list[dict[str, Any]]]:
        """Run (or resume) newsflow into the warehouse, recording this attempt as it goes.
        A run an earlier invocation finished is not run again (None, its records)."""
        records = self.records()
        if records and records[-1].get("returncode") == 0:
            return None, records
        if records and not records[-1].get("finished"):
            records[-1]["lost_seconds"] = self._lost_seconds(records[-1])
        record: dict[str, Any] = {"started": time.time(), "seconds": 0.0, "peak_tree_rss": 0,
                                  "peak_process_rss": 0, "finished": False, "windows": []}
        records.append(record)
        last_saved = [0.0]

        def note(seconds: float, peak_tree: int, peak_process: int) -> None:
            record.update(seconds=seconds, peak_tree_rss=peak_tree, peak_process_rss=peak_process)
            window = self.staged_window()
            new_window = window is not None and window["number"] not in {
                w["number"] for r in records for w in r.get("windows", [])}
            if new_window:
                record["windows"].append(window)
            if new_window or seconds - last_saved[0] >= 5:
                self.save(records)
                last_saved[0] = seconds

        run = run_measured(newsflow_run_command([self.corpus], self.warehouse),
                           quiet_environment(), on_poll=note)
        record.update(seconds=run.seconds, peak_tree_rss=run.peak_tree_rss,
                      peak_process_rss=run.peak_process_rss, finished=True,
                      returncode=run.returncode)
        self.save(records)
        return run, records

    def state_files(self) -> list[Path]:
        """The run state file of every run staged beside the warehouse."""
        return list((self.warehouse.parent / STAGING_FOLDER).glob(f"*/{RUN_STATE_FILE}"))

    def staged_window(self) -> dict[str, Any] | None:
        """The last window the run recorded: its number, articles and seconds by stage."""
        for path in self.state_files():
            state = StagedRun(path.parent).state()  # None while it is being replaced
            if state is not None and "last_window" in state:
                return {"number": state["windows_done"], **state["last_window"]}
        return None

    def _lost_seconds(self, record: dict[str, Any]) -> float:
        """The end of a killed attempt that its resumption does again: everything after the
        last window it recorded (all of it, if it recorded none)."""
        states = self.state_files()
        ended = record["started"] + record["seconds"]
        if not states:
            return record["seconds"]
        last_window = max(state.stat().st_mtime for state in states)
        return max(0.0, min(record["seconds"], ended - last_window))


def window_figures(records: list[dict[str, Any]]) -> tuple[float, str] | None:
    """(median ms an article of a window, a line describing the windows) of a size's
    attempts; None if no window was timed. Separates what grows with the corpus (windows)
    from what a run pays once or reads whole (start-up, reading, publishing)."""
    windows = sorted((w for r in records for w in r.get("windows", [])),
                     key=lambda w: w["number"])
    if not windows:
        return None
    per_article = sorted(1000 * sum(w["seconds"].values()) / w["articles"] for w in windows)
    median = statistics.median(per_article)
    by_stage: dict[str, float] = {}
    for window in windows:
        for stage, seconds in window["seconds"].items():
            by_stage[stage] = by_stage.get(stage, 0.0) + seconds
    in_windows = sum(by_stage.values())
    shares = ", ".join(f"{stage} {100 * seconds / in_windows:.1f} %"
                       for stage, seconds in by_stage.items())
    outside = sum(r["seconds"] - r.get("lost_seconds", 0.0) for r in records) - in_windows
    return median, (f"{len(windows)} windows timed: {median:.1f} ms an article (median; "
                    f"{per_article[0]:.1f}-{per_article[-1]:.1f}); {shares}; "
                    f"outside windows {outside:.0f} s")


def measure_up_front(corpus: Path) -> tuple[int, float, int]:
    """What a run holds before extraction, in this process: every new article read and
    cleaned (to find duplicates) by the flow's own `read_and_clean`, with the plain functions
    instead of their Prefect tasks. Returns (new articles, MiB of their frame, growth of peak
    RSS in MiB over the imports)."""
    from flows.ingest import read_and_clean
    from flows.settings import Settings
    from tasks import assemble, clean, read

    settings = Settings.from_env()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    files, _unreadable = read.discover_inputs([corpus])
    cleaned, _rejections = read_and_clean(files, settings, read.read_inputs, clean.clean_documents)
    new, _duplicates = assemble.split_new_articles(cleaned, set())
    del cleaned  # as the flow does once the new articles are known
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    return new.height, new.estimated_size() / MIB, growth // MIB


def time_example_queries(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, float, int]]:
    """(query file, seconds, rows) for every documented analyst query, all rows fetched."""
    timings = []
    for file in sorted((PROJECT_ROOT / "sql" / "examples").glob("*.sql")):
        sql = file.read_text(encoding="utf-8")
        started = time.perf_counter()
        rows = connection.execute(sql).fetchall()
        timings.append((file.name, time.perf_counter() - started, len(rows)))
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="Comma-separated corpus sizes in articles.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSONL corpus to replicate.")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Where corpora and warehouses go (default: a temporary folder).")
    parser.add_argument("--file-articles", type=int, default=1000,
                        help="Articles per generated JSONL file.")
    parser.add_argument("--keep", action="store_true", help="Keep corpora and warehouses.")
    parser.add_argument("--resume", action="store_true",
                        help="Resume the runs a stopped benchmark left in --workdir, counting "
                             "every attempt (keeps the corpora).")
    parser.add_argument("--up-front-only", action="store_true",
                        help="Only read and clean each corpus as a run does before extraction, "
                             "and print the memory that takes (no parsing, no warehouse).")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if not args.corpus.exists():
        parser.error(f"no such corpus: {args.corpus}")
    if args.resume and args.workdir is None:
        parser.error("--resume needs the --workdir of the stopped benchmark")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in sizes:
            corpus = workdir / f"corpus-{size}"
            warehouse = workdir / f"warehouse-{size}" / "newsflow.duckdb"
            attempts = Attempts(workdir / f"attempts-{size}.json", corpus, warehouse)
            if not (args.resume and attempts.path.exists()):
                for stale in (corpus, warehouse.parent):
                    shutil.rmtree(stale, ignore_errors=True)
                attempts.path.unlink(missing_ok=True)
                build_corpus(args.corpus, size, corpus, args.file_articles)
            if args.up_front_only:
                articles, frame_mib, growth_mib = measure_up_front(corpus)
                print(f"{size:>7} articles: {articles} new after reading and cleaning, their frame"
                      f" {frame_mib:.0f} MiB, peak RSS grew by {growth_mib} MiB", flush=True)
                shutil.rmtree(corpus, ignore_errors=True)
                continue
            run, records = attempts.run()
            if run is not None and run.returncode != 0:
                print(run.output)
                print(f"newsflow run of {size} articles failed (exit {run.returncode})")
                return 1
            seconds = sum(r["seconds"] - r.get("lost_seconds", 0.0) for r in records)
            lost = sum(r.get("lost_seconds", 0.0) for r in records)
            peak_process = max(r["peak_process_rss"] for r in records)
            peak_tree = max(r["peak_tree_rss"] for r in records)
            size_mib = warehouse.stat().st_size / MIB
            windows = window_figures(records)
            results.append((size, seconds, size_mib, warehouse, windows and windows[0]))
            resumed = (f" over {len(records)} attempts ({lost:.0f} s of interrupted windows "
                       "not counted)" if len(records) > 1 else "")
            print(f"{size:>7} articles: {seconds:8.1f} s{resumed}, {1000 * seconds / size:6.1f}"
                  f" ms/article, peak RSS {peak_process / MIB:.0f} MiB largest process"
                  f" ({peak_tree / MIB:.0f} MiB tree), warehouse {size_mib:.1f} MiB", flush=True)
            if windows is not None:
                print(f"{'':>16}{windows[1]}", flush=True)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        if not results:
            return 0
        if len(results) > 1:
            first, last = results[0], results[-1]
            growth = (last[1] / last[0]) / (first[1] / first[0])
            print(f"time per article at {last[0]} / at {first[0]}: {growth:.3f} (target <= 1.10)")
            if first[4] and last[4]:
                print(f"  of which windows (median ms an article): {last[4] / first[4]:.3f}")
        largest = results[-1][3]
        print(f"example queries on the {results[-1][0]}-article warehouse:")
        with duckdb.connect(str(largest), read_only=True) as connection:
            for name, seconds, rows in time_example_queries(connection):
                print(f"  {name:<48} {seconds * 1000:8.1f} ms  {rows:>7} rows")
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
