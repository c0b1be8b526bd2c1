"""Score cross-article entity resolution against the cluster gold in tests/data/entity_gold.jsonl.

The gold holds article ids, character offsets, a sha256 of each surface and an opaque cluster id
per mention, never text: the texts are read from the shared corpus at evaluation time (its
licence forbids copying them into the project). Each cluster is one real-world entity, written
by reading the articles (tests/data/entity_gold.md says how); the gold includes hard negatives:
namesakes (Charles and Ken Clarke, Andy and Jason Robinson), a city and its club (Newcastle),
a company and its founder (Microsoft, Bill Gates).

The articles go through extraction and entity resolution as a run does them, and each gold
mention takes the entity of the newsflow mention at its offsets (or, failing that, of the one
that overlaps it most); a gold mention newsflow missed is an entity of its own. Scores:
pairwise precision and recall (over pairs of gold mentions: same entity in newsflow vs same
cluster in the gold) and B-cubed (per mention, averaged).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import polars as pl

from newsflow.eval_events import read_corpus_texts
from tasks.entities import resolve_entities
from tasks.extract import extract_entities_and_events


@dataclass(frozen=True)
class ClusterScores:
    mentions: int             # gold mentions scored
    clusters: int
    missed: int               # gold mentions no newsflow mention overlaps
    misaligned: int           # gold mentions whose surface no longer hashes as stored
    pair_precision: float
    pair_recall: float
    b3_precision: float
    b3_recall: float
    errors: tuple[str, ...]

    def report(self) -> str:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0
        return "\n".join([
            f"entity resolution on {self.mentions} gold mentions in {self.clusters} clusters"
            f" ({self.missed} not found by newsflow, {self.misaligned} not aligned)",
            f"pairwise  P {self.pair_precision:.3f}  R {self.pair_recall:.3f}"
            f"  F1 {f1(self.pair_precision, self.pair_recall):.3f}",
            f"B-cubed   P {self.b3_precision:.3f}  R {self.b3_recall:.3f}"
            f"  F1 {f1(self.b3_precision, self.b3_recall):.3f}",
            *self.errors,
        ])


def read_gold(gold_path: Path) -> list[dict]:
    return [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def predicted_entity(gold_row: dict, spans: dict[str, list[tuple[int, int, str]]]) -> str | None:
    """The entity of the newsflow mention at the gold offsets, else of the one overlapping them
    most; None when no mention overlaps."""
    start, end = gold_row["start_char"], gold_row["end_char"]
    best, best_overlap = None, 0
    for mention_start, mention_end, entity_id in spans.get(gold_row["article_id"], []):
        if (mention_start, mention_end) == (start, end):
            return entity_id
        overlap = min(end, mention_end) - max(start, mention_start)
        if overlap > best_overlap:
            best, best_overlap = entity_id, overlap
    return best


def score_clusters(gold: list[dict], texts: dict[str, str], mentions: pl.DataFrame,
                   names: dict[str, str] | None = None) -> ClusterScores:
    """mentions: article_id, start_char, end_char, entity_id (resolved mentions of a run);
    names: entity_id -> canonical name, to say what an error merged or split."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for article_id, start, end, entity_id in mentions.select(
            "article_id", "start_char", "end_char", "entity_id").iter_rows():
        spans.setdefault(article_id, []).append((start, end, entity_id))
    kept, misaligned, missed = [], 0, 0
    for row in gold:
        surface = texts.get(row["article_id"], "")[row["start_char"]:row["end_char"]]
        if hashlib.sha256(surface.encode("utf-8")).hexdigest() != row["surface_sha256"]:
            misaligned += 1
            continue
        entity = predicted_entity(row, spans)
        if entity is None:
            missed += 1
            entity = f"missed:{row['article_id']}:{row['start_char']}"
        kept.append((row["cluster"], entity, surface, row["article_id"]))
    same_both = same_gold = same_predicted = 0
    for (gold_a, pred_a, *_), (gold_b, pred_b, *_) in combinations(kept, 2):
        same_gold += gold_a == gold_b
        same_predicted += pred_a == pred_b
        same_both += gold_a == gold_b and pred_a == pred_b
    b3_p = b3_r = 0.0
    for gold_id, pred_id, *_ in kept:
        in_gold = [p for g, p, *_ in kept if g == gold_id]
        in_pred = [g for g, p, *_ in kept if p == pred_id]
        b3_p += sum(g == gold_id for g in in_pred) / len(in_pred)
        b3_r += sum(p == pred_id for p in in_gold) / len(in_gold)
    total = len(kept) or 1
    return ClusterScores(
        mentions=len(kept), clusters=len({g for g, *_ in kept}), missed=missed,
        misaligned=misaligned,
        pair_precision=same_both / same_predicted if same_predicted else 1.0,
        pair_recall=same_both / same_gold if same_gold else 1.0,
        b3_precision=b3_p / total, b3_recall=b3_r / total,
        errors=tuple(_errors(kept, names or {})))


def _errors(kept: list[tuple[str, str, str, str]], names: dict[str, str]) -> list[str]:
    """One line per newsflow entity that joins two gold clusters, and per gold cluster newsflow
    splits, with the surfaces involved."""
    lines = []
    by_predicted: dict[str, dict[str, set[str]]] = {}
    by_gold: dict[str, dict[str, set[str]]] = {}
    for gold_id, pred_id, surface, _ in kept:
        by_predicted.setdefault(pred_id, {}).setdefault(gold_id, set()).add(surface)
        by_gold.setdefault(gold_id, {}).setdefault(pred_id, set()).add(surface)
    for pred_id, clusters in sorted(by_predicted.items()):
        if len(clusters) > 1:
            parts = "; ".join(f"{g}: {'/'.join(sorted(s))}" for g, s in sorted(clusters.items()))
            lines.append(f"  merged  {names.get(pred_id, pred_id)!r} <- {parts}")
    for gold_id, entities in sorted(by_gold.items()):
        if len(entities) > 1:
            parts = "; ".join(f"{names.get(p, p)!r}: {'/'.join(sorted(s))}"
                              for p, s in sorted(entities.items()))
            lines.append(f"  split   {gold_id} -> {parts}")
    return lines


def resolve_articles(texts: dict[str, str], model_name: str) -> tuple[pl.DataFrame, dict[str, str]]:
    """Extraction and resolution of the articles as one batch, as a run does them: the resolved
    mentions and each entity's canonical name."""
    articles = pl.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    extraction = extract_entities_and_events(articles, model_name)
    dated = articles.select("article_id").with_columns(
        published_at=pl.lit(None, dtype=pl.Datetime("us")),
        ingested_at=pl.lit(None, dtype=pl.Datetime("us")))
    resolved = resolve_entities(extraction.mentions, extraction.roles, dated, extraction.sentences)
    names = dict(resolved.entities.select("entity_id", "canonical_name").iter_rows())
    return resolved.mentions, names


def evaluate_entities(gold_path: Path, corpus_path: Path, model_name: str,
                      whole_corpus: bool = False) -> str:
    """A printable report: pairwise and B-cubed precision and recall of the clustering. The
    batch is the gold's articles, or every article of the corpus with `whole_corpus` (slower;
    a run over the corpus resolves across all of them)."""
    gold = read_gold(gold_path)
    wanted = None if whole_corpus else {row["article_id"] for row in gold}
    texts = read_corpus_texts(corpus_path, wanted) if wanted else _all_texts(corpus_path)
    mentions, names = resolve_articles(texts, model_name)
    return score_clusters(gold, texts, mentions, names).report()


def _all_texts(corpus_path: Path) -> dict[str, str]:
    with corpus_path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {record["article_id"]: record["text"] for record in records}
