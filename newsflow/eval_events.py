"""`newsflow eval-events`: the event coder scored on a gold set of every event in whole articles.

The gold (`../shared/data/event_gold_dev.jsonl`, conventions in its `.md`) is read from `../shared`
at evaluation time, with the articles it points into (their licence forbids copying them into
the project). The articles go through the same extraction, entity resolution, event coding and
actor coding as a run; `newsflow.event_scoring` says how they are scored. The figures of the
extractor this one replaced are printed beside today's (`newsflow/event_baseline.json`).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from newsflow.event_scoring import EventScores, country_names, gold_events, normal_name, predicted_events, score
from tasks.entities import resolve_entities
from tasks.events import code_events
from tasks.extract import extract_entities_and_events

# The figures of the extractor this one replaced, measured on the development gold, printed
# beside today's so a change can be judged against it.
BASELINE_PATH = Path(__file__).resolve().parent / "event_baseline.json"


def evaluate_events(gold_path: Path, corpus_path: Path, model_name: str) -> str:
    """A printable report of the scores (see `newsflow.event_scoring`), beside the baseline."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return format_scores(score_whole_articles(gold, corpus_path, model_name), gold_path)


def score_whole_articles(gold: list[dict], corpus_path: Path, model_name: str) -> EventScores:
    """Run extraction, entity resolution and event coding on the gold's articles and score them."""
    articles = read_articles(corpus_path, {row["article_id"] for row in gold})
    extraction = extract_entities_and_events(articles, model_name)
    dated = articles.with_columns(
        published_at=pl.lit(None, dtype=pl.Datetime("us")),
        ingested_at=pl.lit(None, dtype=pl.Datetime("us")),
    )
    resolved = resolve_entities(extraction.mentions, extraction.roles, dated, extraction.sentences)
    coded = code_events(extraction.events, extraction.event_arguments, resolved.mentions,
                        extraction.sentences, dated, resolved)
    participants = coded.event_participants.with_columns(
        has_country=pl.col("actor_country_code").is_not_null())
    texts = dict(articles.select("article_id", "text").iter_rows())
    gold_rows, unaligned = gold_events(gold, texts)
    names = names_by_entity(resolved.entities, resolved.mentions)
    return score(gold_rows, predicted_events(coded.events, participants, names), unaligned)


def format_scores(scores: EventScores, gold_path: Path) -> str:
    baseline = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
    lines = [
        f"events on {gold_path.name}: {scores.gold_events} gold events"
        f" ({scores.unaligned_sentences} gold sentences not in the cleaned text, e.g. headlines)",
        f"{'':40} {'now':>8} {'previous':>9}",
    ]
    for name, value in scores.figures().items():
        lines.append(f"{name:40} {value:>8} {baseline['figures'].get(name, ''):>9}")
    lines.append(f"(previous: {baseline['extractor']})")
    lines.extend(f"  missed {miss}" for miss in scores.misses)
    return "\n".join(lines)


def read_corpus_texts(corpus_path: Path, wanted: set[str]) -> dict[str, str]:
    """article_id -> the corpus `text` of the wanted articles (a JSONL of article_id, text)."""
    texts: dict[str, str] = {}
    with corpus_path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["article_id"] in wanted:
                texts[record["article_id"]] = record["text"]
    return texts


def read_articles(corpus_path: Path, wanted: set[str]) -> pl.DataFrame:
    """article_id, text (the body, as the cleaner splits it) of the wanted corpus records."""
    bodies = {article_id: article_body(text) for article_id, text in read_corpus_texts(corpus_path, wanted).items()}
    return pl.DataFrame({"article_id": list(bodies), "text": list(bodies.values())},
                        schema={"article_id": pl.String, "text": pl.String})


def article_body(text: str) -> str:
    """The corpus text minus its first line (the headline), as the cleaner splits it."""
    parts = text.split("\n\n", 1)
    return parts[1] if len(parts) == 2 else text


def names_by_entity(entities: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Every normalised name an entity was seen under, and a country's names for countries and
    their adjectives."""
    names: dict[str, set[str]] = {}
    for entity_id, canonical, entity_type, country_code in entities.select(
            "entity_id", "canonical_name", "entity_type", "country_code").iter_rows():
        names.setdefault(entity_id, set()).add(normal_name(canonical))
        if country_code and entity_type in {"GPE", "NORP"}:
            names[entity_id] |= country_names(country_code)
    for entity_id, surface in mentions.select("entity_id", "surface").iter_rows():
        names.setdefault(entity_id, set()).add(normal_name(surface))
    return {entity_id: frozenset(found) for entity_id, found in names.items()}
