"""The mention-type resolver (tasks.ner.resolver): one test per precedence step, each showing
the step wins over the step just below it (and, where it only refines, when it does not)."""

from __future__ import annotations

from tasks.ner.resolver import PRECEDENCE, TypeEvidence, resolve_type


def test_precedence_is_declared_strongest_first() -> None:
    assert [step.name for step in PRECEDENCE] == [
        "results_line_place", "layout", "sports_side", "reference", "doc_rule", "doc_vote",
        "model_label", "default"]


def test_default_is_org_for_a_span_without_evidence() -> None:
    assert resolve_type(TypeEvidence()) == "ORG"


def test_model_label_beats_default() -> None:
    assert resolve_type(TypeEvidence(model_label="PERSON")) == "PERSON"


def test_doc_vote_beats_model_label() -> None:
    assert resolve_type(TypeEvidence(model_label="GPE", doc_vote="PERSON")) == "PERSON"


def test_doc_rule_beats_doc_vote() -> None:
    assert resolve_type(TypeEvidence(model_label="PERSON", doc_vote="PERSON",
                                     doc_rule="ORG")) == "ORG"


def test_reference_beats_doc_rule() -> None:
    assert resolve_type(TypeEvidence(doc_vote="ORG", doc_rule="ORG", reference="GPE")) == "GPE"


def test_sports_side_beats_reference_but_not_a_group() -> None:
    assert resolve_type(TypeEvidence(doc_vote="GPE", sports_side=True)) == "ORG"
    assert resolve_type(TypeEvidence(reference="NORP", sports_side=True)) == "NORP"


def test_layout_beats_sports_side() -> None:
    assert resolve_type(TypeEvidence(doc_vote="GPE", sports_side=True, layout="GPE")) == "GPE"


def test_results_line_place_beats_layout_for_places_only() -> None:
    assert resolve_type(TypeEvidence(layout="GPE", results_line_place=True)) == "ORG"
    assert resolve_type(TypeEvidence(doc_vote="PERSON", results_line_place=True)) == "PERSON"
