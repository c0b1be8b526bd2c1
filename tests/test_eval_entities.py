"""The entity-cluster gold and its scorer (newsflow eval-entities)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from newsflow.eval_entities import score_clusters
from tests.conftest import SHARED, requires_shared

GOLD = Path(__file__).resolve().parent / "data" / "entity_gold.jsonl"
CORPUS = SHARED / "data" / "news_corpus.jsonl"


def test_gold_holds_ids_and_offsets_not_text() -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    clusters: dict[str, set[str]] = {}
    for row in rows:
        assert set(row) == {"article_id", "start_char", "end_char", "surface_sha256", "cluster"}
        assert len(row["surface_sha256"]) == 64
        clusters.setdefault(row["cluster"], set()).add(row["article_id"])
    assert len(clusters) >= 60
    assert sum(len(articles) > 1 for articles in clusters.values()) >= 40


@requires_shared
def test_gold_is_aligned_with_the_shared_corpus() -> None:
    texts = {}
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts[record["article_id"]] = record["text"]
    for row in (json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()):
        surface = texts[row["article_id"]][row["start_char"]:row["end_char"]]
        assert hashlib.sha256(surface.encode()).hexdigest() == row["surface_sha256"], row


def _gold(text: str, surface: str, cluster: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"article_id": "a", "start_char": start, "end_char": start + len(surface),
            "surface_sha256": hashlib.sha256(surface.encode()).hexdigest(), "cluster": cluster}


def test_pairwise_and_b_cubed_scores() -> None:
    text = "Andy Robinson and Jason Robinson met. Robinson said. Ken Clarke left."
    gold = [_gold(text, "Andy Robinson", "andy"), _gold(text, "Jason Robinson", "jason"),
            _gold(text, "Robinson", "jason", occurrence=2), _gold(text, "Ken Clarke", "ken")]
    # newsflow joins the lone Robinson to Andy, and misses Ken Clarke
    mentions = pl.DataFrame({"article_id": ["a"] * 3, "start_char": [0, 18, 37],
                             "end_char": [13, 32, 45], "entity_id": ["A", "J", "A"]})
    scores = score_clusters(gold, {"a": text}, mentions)
    assert (scores.mentions, scores.clusters, scores.missed) == (4, 3, 1)
    # pairs: predicted-same {andy, lone} (wrong); gold-same {jason, lone} (missed)
    assert (scores.pair_precision, scores.pair_recall) == (0.0, 0.0)
    assert scores.b3_precision == pytest.approx((0.5 + 1 + 0.5 + 1) / 4)
    assert scores.b3_recall == pytest.approx((1 + 0.5 + 0.5 + 1) / 4)
    assert any("merged" in line for line in scores.errors)
