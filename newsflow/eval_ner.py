"""Score newsflow's entities against CoNLL-2003-style gold, next to raw spaCy on the same docs.

The metric is the one `../shared/tools/conll_score.py` uses, so anyone can re-score the file
written with `predictions_out`: per document, the multiset of (normalised surface, CoNLL label)
predicted versus gold, micro-averaged over documents.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from tasks.entities import resolve_entities
from tasks.extract import extract_entities_and_events, load_model

# spaCy / newsflow entity types -> CoNLL-2003 labels; types not listed (DATE, MONEY...) are
# not CoNLL entities and are ignored.
CONLL_LABEL_OF = {
    "PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
}
REPORTED_LABEL_SETS: list[tuple[str, frozenset[str]]] = [
    ("PER", frozenset({"PER"})), ("ORG", frozenset({"ORG"})), ("LOC", frozenset({"LOC"})),
    ("MISC", frozenset({"MISC"})), ("PER+ORG+LOC", frozenset({"PER", "ORG", "LOC"})),
    ("ALL", frozenset({"PER", "ORG", "LOC", "MISC"})),
]

EntityBag = Counter[tuple[str, str]]


def normalise_surface(surface: str) -> str:
    """The scorer's normalisation: collapse whitespace, glue " 's", lower-case."""
    return " ".join(surface.replace(" 's", "'s").split()).lower()


def bag_of(entities: Iterable[dict]) -> EntityBag:
    """Multiset of (normalised text, CoNLL label) for entities with a CoNLL-mappable label."""
    bag: EntityBag = Counter()
    for entity in entities:
        conll_label = CONLL_LABEL_OF.get(str(entity["label"]).upper())
        if conll_label:
            bag[(normalise_surface(entity["text"]), conll_label)] += 1
    return bag


def score(gold: dict[str, EntityBag], predicted: dict[str, EntityBag],
          labels: frozenset[str]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over documents for the given CoNLL labels."""
    true_pos = false_pos = false_neg = 0
    for doc_id, gold_bag in gold.items():
        gold_kept = Counter({k: v for k, v in gold_bag.items() if k[1] in labels})
        pred_kept = Counter({k: v for k, v in predicted.get(doc_id, Counter()).items()
                             if k[1] in labels})
        true_pos += sum((gold_kept & pred_kept).values())
        false_pos += sum((pred_kept - gold_kept).values())
        false_neg += sum((gold_kept - pred_kept).values())
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read_gold(path: Path) -> pl.DataFrame:
    """doc_id, text and the gold entity list of each JSONL line."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return pl.DataFrame({
        "doc_id": [record["doc_id"] for record in records],
        "text": [record["text"] for record in records],
        "entities": [json.dumps(record.get("entities", [])) for record in records],
    })


def predict_with_pipeline(documents: pl.DataFrame, model_name: str) -> dict[str, list[dict]]:
    """newsflow's entities per doc: extraction then resolution, each mention typed by the
    entity it resolved to."""
    articles = documents.select(pl.col("doc_id").alias("article_id"), "text")
    extraction = extract_entities_and_events(articles, model_name)
    timestamps = articles.select(
        "article_id",
        pl.lit(None, dtype=pl.Datetime("us")).alias("published_at"),
        pl.lit(datetime.now(UTC).replace(tzinfo=None)).cast(pl.Datetime("us")).alias("ingested_at"),
    )
    resolved = resolve_entities(extraction.mentions, extraction.roles, timestamps,
                                extraction.sentences)
    typed = (
        resolved.mentions.join(resolved.entities.select("entity_id", "entity_type"),
                               on="entity_id", how="left")
        .sort("article_id", "start_char")
    )
    predictions: dict[str, list[dict]] = {doc_id: [] for doc_id in documents["doc_id"]}
    for row in typed.select("article_id", "surface", "entity_type").iter_rows(named=True):
        predictions[row["article_id"]].append({"text": row["surface"],
                                               "label": row["entity_type"]})
    return predictions


def predict_with_raw_spacy(documents: pl.DataFrame, model_name: str) -> dict[str, list[dict]]:
    """spaCy's own entity spans and labels, untouched."""
    nlp = load_model(model_name)
    docs = nlp.pipe(documents["text"].to_list(), batch_size=64)
    return {
        doc_id: [{"text": ent.text, "label": ent.label_} for ent in doc.ents]
        for doc_id, doc in zip(documents["doc_id"].to_list(), docs, strict=True)
    }


def format_report(path: Path, model_name: str, gold: dict[str, EntityBag],
                  newsflow_bags: dict[str, EntityBag], raw_bags: dict[str, EntityBag]) -> str:
    lines = [
        f"{path.name}: {len(gold)} documents, spaCy pipeline {model_name}",
        f"{'label':12s} {'newsflow P':>10s} {'R':>6s} {'F1':>6s}   {'raw spaCy P':>11s} "
        f"{'R':>6s} {'F1':>6s}",
    ]
    for name, labels in REPORTED_LABEL_SETS:
        ours = score(gold, newsflow_bags, labels)
        raw = score(gold, raw_bags, labels)
        lines.append(
            f"{name:12s} {ours[0]:10.3f} {ours[1]:6.3f} {ours[2]:6.3f}   "
            f"{raw[0]:11.3f} {raw[1]:6.3f} {raw[2]:6.3f}"
        )
    return "\n".join(lines)


def evaluate_ner(path: Path, model_name: str, predictions_out: Path | None = None) -> str:
    """Run newsflow's extraction + resolution and raw spaCy over a CoNLL-style JSONL file
    (doc_id, text, entities[{text, label}]) and return the printable P/R/F report.
    With `predictions_out`, also write newsflow's predictions one JSON line per document."""
    documents = read_gold(path)
    gold = {doc_id: bag_of(json.loads(entities))
            for doc_id, entities in documents.select("doc_id", "entities").iter_rows()}
    newsflow_predictions = predict_with_pipeline(documents, model_name)
    raw_predictions = predict_with_raw_spacy(documents, model_name)
    if predictions_out is not None:
        predictions_out.parent.mkdir(parents=True, exist_ok=True)
        with predictions_out.open("w", encoding="utf-8") as out:
            for doc_id in documents["doc_id"]:
                out.write(json.dumps({"doc_id": doc_id, "entities": newsflow_predictions[doc_id]},
                                     ensure_ascii=False) + "\n")
    return format_report(
        path, model_name, gold,
        {doc_id: bag_of(found) for doc_id, found in newsflow_predictions.items()},
        {doc_id: bag_of(found) for doc_id, found in raw_predictions.items()},
    )
