"""The most-mentioned entities per type in a news corpus, as markdown tables (prints them).

Runs newsflow's real extraction (`tasks.extract.extract_entities_and_events`) and resolution
(`tasks.entities.resolve_entities`) over every article of a JSONL file (fields article_id or id,
title, text), counts mentions per resolved entity and prints the top N per entity type, so an
analyst can check the canonical names and spot one real-world entity under two names.

Usage (from the project root):
    .venv/bin/python -m benchmarks.entity_report [--corpus PATH] [--top N] [--mentions-cache F]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows.settings import Settings
from tasks.entities import resolve_entities
from tasks.extract import MENTION_SCHEMA, ROLE_SCHEMA, extract_entities_and_events

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "news_corpus.jsonl"
REPORTED_TYPES = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW",
                  "WORK_OF_ART", "LANGUAGE"]


def read_articles(path: Path) -> pl.DataFrame:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return pl.DataFrame({
        "article_id": [str(r.get("article_id") or r.get("id")) for r in records],
        "text": [r["text"] for r in records],
    })


def extracted_mentions(articles: pl.DataFrame, model_name: str,
                       cache: Path | None) -> pl.DataFrame:
    """Extraction mentions, read from `cache` when it exists (re-running resolution only)."""
    if cache is not None and cache.exists():
        return pl.read_parquet(cache)
    mentions = extract_entities_and_events(articles, model_name, n_process=1).mentions
    if cache is not None:
        mentions.write_parquet(cache)
    return mentions


def top_entities(mentions: pl.DataFrame, article_ids: pl.Series, top: int) -> pl.DataFrame:
    """entity_type, rank, canonical_name, mentions, articles, aliases (most used first)."""
    timestamps = pl.DataFrame({"article_id": article_ids}).with_columns(
        pl.lit(None, dtype=pl.Datetime("us")).alias("published_at"),
        pl.lit(datetime.now(UTC).replace(tzinfo=None)).cast(pl.Datetime("us"))
        .alias("ingested_at"),
    )
    resolved = resolve_entities(mentions, pl.DataFrame(schema=ROLE_SCHEMA), timestamps)
    counts = (
        resolved.mentions.group_by("entity_id")
        .agg(pl.len().alias("mentions"), pl.col("article_id").n_unique().alias("articles"),
             pl.col("surface").value_counts(sort=True).struct.field("surface")
             .head(4).alias("top_surfaces"))
        .join(resolved.entities.select("entity_id", "canonical_name", "entity_type",
                                       "country_code"), on="entity_id")
    )
    return (
        counts.sort(["entity_type", "mentions", "canonical_name"],
                    descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("entity_type").alias("rank"))
        .filter(pl.col("rank") <= top)
        .with_columns(pl.col("top_surfaces").list.join(" / ").alias("surfaces"))
        .select("entity_type", "rank", "canonical_name", "mentions", "articles",
                "country_code", "surfaces")
    )


def markdown_tables(table: pl.DataFrame) -> str:
    parts = []
    for entity_type in REPORTED_TYPES:
        rows = table.filter(pl.col("entity_type") == entity_type)
        if rows.is_empty():
            continue
        parts.append(f"#### {entity_type}\n")
        parts.append("| # | canonical name | mentions | articles | country | most used surfaces |")
        parts.append("| --- | --- | --- | --- | --- | --- |")
        for row in rows.iter_rows(named=True):
            parts.append(f"| {row['rank']} | {row['canonical_name']} | {row['mentions']} | "
                         f"{row['articles']} | {row['country_code'] or ''} | {row['surfaces']} |")
        parts.append("")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--mentions-cache", type=Path, default=None,
                        help="parquet file of extraction mentions to reuse (written if absent)")
    args = parser.parse_args()
    articles = read_articles(args.corpus)
    mentions = extracted_mentions(articles, Settings().spacy_model, args.mentions_cache)
    mentions = mentions.cast(MENTION_SCHEMA)
    print(f"{args.corpus.name}: {articles.height} articles, {mentions.height} mentions\n")
    print(markdown_tables(top_entities(mentions, articles["article_id"], args.top)))


if __name__ == "__main__":
    main()
