"""How many of the corpus's people, organisations and places get a CAMEO actor code (prints figures).

On a sample of the shared corpus: extraction and entity resolution as a run does them
(`tasks.extract`, `tasks.entities.resolve_entities`), then `tasks.actors.code_actors` on every
(article, entity) of type PERSON, ORG, GPE, NORP and on every participant of the events the
current extractor codes (`tasks.events.code_events`). It prints, by type, the share of rows
and of distinct entities with an actor country and with an actor code; the share of people
and organisations `entity_country_codes` gives a country; and the time to load the
dictionaries and to code. The corpus has no publication dates, so people get their latest role.

Usage (from the project root):
    .venv/bin/python -m benchmarks.actor_coverage [--corpus PATH] [--articles N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "news_corpus.jsonl"
CODED_TYPES = ("PERSON", "ORG", "GPE", "NORP")

if str(PROJECT_ROOT) not in sys.path:  # run as a script, not only with -m
    sys.path.insert(0, str(PROJECT_ROOT))

from flows.settings import Settings  # noqa: E402
from newsflow.eval_events import article_body  # noqa: E402
from tasks.actor_dictionary import actor_dictionary  # noqa: E402
from tasks.actors import code_actors, participant_inputs  # noqa: E402
from tasks.entities import resolve_entities  # noqa: E402
from tasks.events import code_events  # noqa: E402
from tasks.extract import extract_entities_and_events  # noqa: E402


def sample_articles(corpus: Path, count: int) -> pl.DataFrame:
    """Every k-th distinct article of the corpus, `count` in all (all categories, not the first few)."""
    records: dict[str, str] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records.setdefault(record["article_id"], article_body(record["text"]))
    ids = sorted(records)
    step = max(1, len(ids) // count)
    chosen = ids[::step][:count]
    return pl.DataFrame({"article_id": chosen, "text": [records[i] for i in chosen]})


def shares(coded: pl.DataFrame, by: str) -> pl.DataFrame:
    rows = coded.group_by(by).agg(
        pl.len().alias("rows"),
        pl.col("actor_country_code").is_not_null().mean().round(3).alias("with_country"),
        pl.col("actor_code").is_not_null().mean().round(3).alias("with_code"),
        pl.col("actor_role_code").is_not_null().mean().round(3).alias("with_role"),
    )
    entities = coded.unique("entity_id").group_by(by).agg(
        pl.len().alias("entities"),
        pl.col("actor_country_code").is_not_null().mean().round(3).alias("entities_with_country"),
        pl.col("actor_code").is_not_null().mean().round(3).alias("entities_with_code"),
    )
    return rows.join(entities, on=by).sort(by)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=300)
    options = parser.parse_args(argv)

    started = time.perf_counter()
    actor_dictionary()
    load_seconds = time.perf_counter() - started

    articles = sample_articles(options.corpus, options.articles)
    dated = articles.with_columns(published_at=pl.lit(None, dtype=pl.Datetime("us")),
                                  ingested_at=pl.lit(None, dtype=pl.Datetime("us")))
    extraction = extract_entities_and_events(articles, Settings.from_env().spacy_model)
    resolved = resolve_entities(extraction.mentions, extraction.roles, dated, extraction.sentences)
    entities = resolved.entities  # country_code of people and organisations filled from the evidence
    pairs = resolved.mentions.select("article_id", "entity_id").unique()
    inputs = participant_inputs(pairs, entities, resolved.entity_roles, resolved.mentions, dated).filter(
        pl.col("entity_type").is_in(CODED_TYPES))
    started = time.perf_counter()
    coded = code_actors(inputs)
    code_seconds = time.perf_counter() - started

    events = code_events(extraction.events, extraction.event_arguments, resolved.mentions,
                         extraction.sentences, dated)
    participants = events.event_participants.join(events.events.select("event_id", "article_id"), on="event_id")
    coded_participants = code_actors(participant_inputs(participants, entities, resolved.entity_roles,
                                                        resolved.mentions, dated))
    people_and_organisations = entities.filter(pl.col("entity_type").is_in(["PERSON", "ORG"]))

    with pl.Config(tbl_rows=20, tbl_width_chars=160, tbl_hide_dataframe_shape=True):
        print(f"{articles.height} articles of {options.corpus.name}; dictionaries loaded in {load_seconds:.2f} s; "
              f"{coded.height:,} (article, entity) rows coded in {code_seconds:.3f} s")
        print("\n(article, entity) rows and distinct entities by type:")
        print(shares(coded, "entity_type"))
        print("\nparticipants of the events the current extractor codes, by participant role:")
        print(shares(coded_participants, "role"))
        print("\nentities.country_code of people and organisations (from entity_country_codes; none before it):")
        print(people_and_organisations.group_by("entity_type").agg(
            pl.len().alias("entities"),
            pl.col("country_code").is_not_null().mean().round(3).alias("with_country"),
        ).sort("entity_type"))
        print("\nmost frequent codes:")
        print(coded.drop_nulls("actor_code").group_by("actor_code").len().sort("len", descending=True).head(15))


if __name__ == "__main__":
    main()
