"""The NER metric: per-document multiset of (normalised surface, CoNLL label)."""

from __future__ import annotations

from newsflow.eval_ner import bag_of, score


def test_labels_map_to_conll_and_dates_are_ignored() -> None:
    bag = bag_of([{"text": "Gina  Raimondo", "label": "PERSON"}, {"text": "Japan", "label": "GPE"},
                  {"text": "Friday", "label": "DATE"}])
    assert bag == {("gina raimondo", "PER"): 1, ("japan", "LOC"): 1}


def test_micro_scores_count_duplicates_per_document() -> None:
    gold = {"d1": bag_of([{"text": "Japan", "label": "LOC"}, {"text": "Japan", "label": "LOC"}])}
    predicted = {"d1": bag_of([{"text": "Japan", "label": "GPE"},
                               {"text": "IBM", "label": "ORG"}])}
    assert score(gold, predicted, frozenset({"LOC", "ORG"})) == (0.5, 0.5, 0.5)
