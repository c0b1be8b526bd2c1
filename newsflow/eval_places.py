"""Score place resolution against the annotated place mentions in tests/data/place_gold.jsonl.

The gold file holds article ids, character offsets, a sha256 of each surface and the intended
GeoNames id or country, never text: the text is read from the shared corpus at evaluation time
(its licence forbids copying it into the project). Offsets index the corpus `text` field as it
is, so the articles are parsed as they stand. The articles then go through extraction and
entity resolution exactly as a run does, and each gold mention is scored by the entity of the
mention at its offsets. See tests/data/place_gold.md for the conventions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from newsflow.eval_events import read_corpus_texts
from tasks.entities import resolve_entities
from tasks.extract import extract_entities_and_events


@dataclass(frozen=True)
class PlaceScores:
    places: int                 # gold mentions with an intended feature or country
    resolved: int               # of those, resolved by newsflow (a GeoNames feature)
    country_correct: int        # resolved, with the intended country
    with_feature: int           # resolved, whose gold names a GeoNames feature
    feature_correct: int        # of those, the intended feature
    regions: int                # gold mentions of a place with neither (e.g. "the Middle East")
    regions_left_unresolved: int
    not_places: int             # gold mentions that are no place (an entity-recognition error)
    misaligned: int             # gold mentions whose surface no longer hashes as stored
    errors: tuple[str, ...]

    @property
    def resolved_share(self) -> float:
        return self.resolved / self.places if self.places else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_correct / self.resolved if self.resolved else 0.0

    @property
    def feature_accuracy(self) -> float:
        return self.feature_correct / self.with_feature if self.with_feature else 0.0

    def report(self) -> str:
        lines = [
            f"place evaluation on {self.places} annotated places"
            f" ({self.regions} regions without a feature, {self.not_places} not places,"
            f" {self.misaligned} not aligned)",
            f"resolved               {self.resolved_share:.3f}  ({self.resolved} of {self.places})",
            f"country-level accuracy {self.country_accuracy:.3f}  ({self.country_correct} of"
            f" {self.resolved} resolved)",
            f"feature-level accuracy {self.feature_accuracy:.3f}  ({self.feature_correct} of"
            f" {self.with_feature} resolved with a gold feature)",
            f"regions left unresolved {self.regions_left_unresolved} of {self.regions}",
            *self.errors,
        ]
        return "\n".join(lines)


def read_gold(gold_path: Path) -> list[dict]:
    return [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def resolve_gold_articles(gold: list[dict], corpus_path: Path, model_name: str) -> tuple[
        dict[str, str], pl.DataFrame]:
    """The texts of the gold's articles, and every mention of them with its entity's place
    columns (article_id, start_char, end_char, entity_type, geonames_id, country_code)."""
    texts = read_corpus_texts(corpus_path, {row["article_id"] for row in gold})
    articles = pl.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    extraction = extract_entities_and_events(articles, model_name)
    dated = articles.select("article_id").with_columns(
        published_at=pl.lit(None, dtype=pl.Datetime("us")),
        ingested_at=pl.lit(None, dtype=pl.Datetime("us")),
    )
    resolved = resolve_entities(extraction.mentions, extraction.roles, dated, extraction.sentences)
    linked = resolved.mentions.join(
        resolved.entities.select("entity_id", "entity_type", "geonames_id", "country_code"),
        on="entity_id", how="left")
    return texts, linked.select("article_id", "start_char", "end_char", "entity_type",
                                "geonames_id", "country_code")


def score_places(gold: list[dict], texts: dict[str, str], linked: pl.DataFrame) -> PlaceScores:
    by_span = {(a, s, e): (g, c) for a, s, e, g, c in linked.select(
        "article_id", "start_char", "end_char", "geonames_id", "country_code").iter_rows()}
    counts = dict.fromkeys(("places", "resolved", "country_correct", "with_feature",
                            "feature_correct", "regions", "regions_left_unresolved",
                            "not_places", "misaligned"), 0)
    errors: list[str] = []
    for row in gold:
        text = texts.get(row["article_id"], "")
        surface = text[row["start_char"]:row["end_char"]]
        if hashlib.sha256(surface.encode("utf-8")).hexdigest() != row["surface_sha256"]:
            counts["misaligned"] += 1
            continue
        if row.get("not_a_place"):
            counts["not_places"] += 1
            continue
        predicted_id, predicted_country = by_span.get(
            (row["article_id"], row["start_char"], row["end_char"]), (None, None))
        where = f"{row['article_id']}@{row['start_char']}"
        if row.get("geonames_id") is None and row.get("country_code") is None:
            counts["regions"] += 1
            counts["regions_left_unresolved"] += predicted_id is None
            if predicted_id is not None:
                errors.append(f"  region resolved {where}: {surface!r} -> {predicted_id}")
            continue
        counts["places"] += 1
        if predicted_id is None:
            errors.append(f"  unresolved {where}: {surface!r}")
            continue
        counts["resolved"] += 1
        if predicted_country == row.get("country_code"):
            counts["country_correct"] += 1
        else:
            errors.append(f"  wrong country {where}: {surface!r} -> {predicted_country}"
                          f" (gold {row.get('country_code')})")
        if row.get("geonames_id") is not None:
            counts["with_feature"] += 1
            if predicted_id == row["geonames_id"]:
                counts["feature_correct"] += 1
            else:
                errors.append(f"  wrong feature {where}: {surface!r} -> {predicted_id}"
                              f" (gold {row['geonames_id']})")
    return PlaceScores(**counts, errors=tuple(errors))


def evaluate_places(gold_path: Path, corpus_path: Path, model_name: str) -> str:
    """A printable report: the share of places resolved, country- and feature-level accuracy."""
    gold = read_gold(gold_path)
    texts, linked = resolve_gold_articles(gold, corpus_path, model_name)
    return score_places(gold, texts, linked).report()
