"""Score the event extractor against the hand-annotated sentences in tests/data/event_gold.jsonl.

The gold file holds only article ids, sentence positions and expected events; the text is read
from the shared corpus at evaluation time (its licence forbids copying it into the project).
The article body is the corpus text after its title line, as the cleaner splits it.
A unit of scoring is a (participant, CAMEO root) pair: every source and target of an event
paired with the event's root. Gold names may list alternatives ("United Kingdom|UK") and roots
may too ("16|17") where CAMEO allows either.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import polars as pl

from tasks.entities import resolve_entities
from tasks.events import code_events
from tasks.extract import extract_entities_and_events


def evaluate_events(gold_path: Path, corpus_path: Path, model_name: str) -> str:
    """A printable report of precision and recall of (participant, CAMEO root) pairs."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    texts = read_corpus_texts(corpus_path, {row["article_id"] for row in gold})
    bodies = {article_id: article_body(text) for article_id, text in texts.items()}
    articles = pl.DataFrame({"article_id": list(bodies), "text": list(bodies.values())})
    extraction = extract_entities_and_events(articles, model_name)
    dated = articles.with_columns(
        published_at=pl.lit(None, dtype=pl.Datetime("us")),
        ingested_at=pl.lit(None, dtype=pl.Datetime("us")),
    )
    resolved = resolve_entities(extraction.mentions, extraction.roles, dated)
    coded = code_events(extraction.events, extraction.event_arguments, resolved.mentions,
                        extraction.sentences, dated)
    names = _names_by_entity(resolved.entities, resolved.mentions)
    predicted = _predicted_pairs(coded, names)

    true_positives = predicted_total = gold_matched = gold_total = 0
    misaligned = 0
    misses: list[str] = []
    for row in gold:
        sentence_index = _align(row, extraction.sentences)
        if sentence_index is None:
            misaligned += 1
            continue
        found = predicted.get((row["article_id"], sentence_index), [])
        expected = [(name, event["cameo_root"]) for event in row["events"]
                    for name in event["sources"] + event["targets"]]
        predicted_total += len(found)
        true_positives += sum(any(_pair_matches(p, e) for e in expected) for p in found)
        gold_total += len(expected)
        hits = [any(_pair_matches(p, e) for p in found) for e in expected]
        gold_matched += sum(hits)
        misses.extend(f"  missed {row['article_id']}#{sentence_index}: {e[0]} / {e[1]}"
                      for e, hit in zip(expected, hits, strict=True) if not hit)
    precision = true_positives / predicted_total if predicted_total else 0.0
    recall = gold_matched / gold_total if gold_total else 0.0
    lines = [
        f"event evaluation on {len(gold)} annotated sentences ({misaligned} not aligned)",
        f"(participant, CAMEO root) pairs: predicted {predicted_total}, gold {gold_total}",
        f"precision {precision:.3f}  recall {recall:.3f}",
        *misses,
    ]
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


def article_body(text: str) -> str:
    """The corpus text minus its first line (the headline), as the cleaner splits it."""
    parts = text.split("\n\n", 1)
    return parts[1] if len(parts) == 2 else text


def sentence_fingerprint(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def _align(row: dict, sentences: pl.DataFrame) -> int | None:
    """The sentence index whose text has the stored fingerprint (the stored index first)."""
    candidates = sentences.filter(pl.col("article_id") == row["article_id"])
    by_index = candidates.filter(pl.col("sentence_index") == row["sentence_index"])
    for frame in (by_index, candidates):
        for index, text in frame.select("sentence_index", "text").iter_rows():
            if sentence_fingerprint(text) == row["sentence_sha256_12"]:
                return index
    return None


def _names_by_entity(entities: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for entity_id, canonical in entities.select("entity_id", "canonical_name").iter_rows():
        names.setdefault(entity_id, set()).add(_normal(canonical))
    for entity_id, surface in mentions.select("entity_id", "surface").iter_rows():
        names.setdefault(entity_id, set()).add(_normal(surface))
    return names


def _predicted_pairs(coded, names: dict[str, set[str]]) -> dict[tuple[str, int], list]:
    joined = coded.events.join(coded.event_participants, on="event_id")
    pairs: dict[tuple[str, int], list] = {}
    for article_id, sentence_index, root, entity_id in joined.select(
        "article_id", "sentence_index", "cameo_root", "entity_id"
    ).iter_rows():
        pairs.setdefault((article_id, sentence_index), []).append(
            (names.get(entity_id, set()), root)
        )
    return pairs


def _pair_matches(predicted: tuple[set[str], str], expected: tuple[str, str]) -> bool:
    predicted_names, predicted_root = predicted
    expected_names, expected_roots = expected
    if predicted_root not in expected_roots.split("|"):
        return False
    return any(_normal(name) in predicted_names for name in expected_names.split("|"))


def _normal(name: str) -> str:
    name = re.sub(r"^(the|mr|mrs|ms|sir)\s+", "", name.lower().strip())
    return re.sub(r"[’'`]s$", "", name).strip()
