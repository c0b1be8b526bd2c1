"""How newsflow's cost grows with the corpus (prints figures).

For each size (default 10,000 and 100,000 articles) it builds a corpus by replicating the
shared BBC corpus: copy k of an article gets a unique id and a light perturbation (its numbers
shifted by k and a closing reference line), so every copy is a different text to the
deduplication (article ids hash the text) and to spaCy. The corpus is written as JSONL files of
`--file-articles` articles (each well under the reader's size limit) in one folder, ingested
with the real CLI into a fresh warehouse. It prints time per article, peak RSS and warehouse
size per size, then the time of each query in `sql/examples/*.sql` on the largest warehouse.

On a 2-core machine spaCy parses about 20 articles a second, so 100,000 articles take well
over an hour: choose `--sizes` to fit the time you have.

Usage (from the project root):
    .venv/bin/python -m benchmarks.scale [--sizes 10000,100000] [--workdir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.throughput import (
    DEFAULT_CORPUS,
    MIB,
    PROJECT_ROOT,
    run_into_fresh_warehouse,
)

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


def measure_up_front(corpus: Path) -> tuple[int, float, int]:
    """What a run holds before extraction, in this process: every new article read and
    cleaned (to find duplicates) by the flow's own `read_and_clean`, with the plain functions
    instead of their Prefect tasks. Returns (new articles, MiB of their frame, growth of peak
    RSS in MiB over the imports)."""
    from flows.ingest import read_and_clean
    from newsflow.settings import Settings
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
    parser.add_argument("--up-front-only", action="store_true",
                        help="Only read and clean each corpus as a run does before extraction, "
                             "and print the memory that takes (no parsing, no warehouse).")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if not args.corpus.exists():
        parser.error(f"no such corpus: {args.corpus}")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsflow-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in sizes:
            corpus = workdir / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            build_corpus(args.corpus, size, corpus, args.file_articles)
            if args.up_front_only:
                articles, frame_mib, growth_mib = measure_up_front(corpus)
                print(f"{size:>7} articles: {articles} new after reading and cleaning, their frame"
                      f" {frame_mib:.0f} MiB, peak RSS grew by {growth_mib} MiB", flush=True)
                shutil.rmtree(corpus, ignore_errors=True)
                continue
            warehouse = workdir / f"warehouse-{size}" / "newsflow.duckdb"
            run = run_into_fresh_warehouse([corpus], warehouse, f"of {size} articles")
            if run is None:
                return 1
            size_mib = warehouse.stat().st_size / MIB
            results.append((size, run, size_mib, warehouse))
            print(f"{size:>7} articles: {run.seconds:8.1f} s, {1000 * run.seconds / size:6.1f} ms"
                  f"/article, peak RSS {run.peak_process_rss / MIB:.0f} MiB largest process"
                  f" ({run.peak_tree_rss / MIB:.0f} MiB tree), warehouse {size_mib:.1f} MiB",
                  flush=True)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        if not results:
            return 0
        if len(results) > 1:
            first, last = results[0], results[-1]
            growth = (last[1].seconds / last[0]) / (first[1].seconds / first[0])
            print(f"time per article at {last[0]} / at {first[0]}: {growth:.3f} (target <= 1.10)")
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
