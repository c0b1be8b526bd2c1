"""Organisation cues, headline run-ons and acronym/short-form guards in tasks.ner, on small
texts written for the purpose."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def readings(nlp: Language, text: str) -> list[tuple[str, str, str | None]]:
    return [(m["surface"], m["entity_type"], m["canonical_hint"])
            for m in find_mentions(nlp(text))]


def test_firm_the_model_reads_as_a_person_is_org_after_a_boss_cue(nlp: Language) -> None:
    text = "Yukos boss Mikhail Khodorkovsky is in jail. Yukos said it would appeal."
    assert {e.label_ for e in nlp(text).ents if e.text == "Yukos"} == {"PERSON"}
    assert readings(nlp, text) == [("Yukos", "ORG", None),
                                   ("Mikhail Khodorkovsky", "PERSON", None),
                                   ("Yukos", "ORG", None)]


def test_party_after_the_article_is_org_not_person(nlp: Language) -> None:
    text = "The Lib Dems say the plan is wrong. Lib Dems will vote against it."
    assert {e.label_ for e in nlp(text).ents} == {"PERSON"}
    assert [t for _, t, _ in readings(nlp, text)] == ["ORG", "ORG"]


def test_article_before_a_name_that_modifies_a_noun_is_no_cue(nlp: Language) -> None:
    text = "The Clinton administration said Clinton would veto the bill."
    assert [t for _, t, _ in readings(nlp, text)] == ["PERSON", "PERSON"]


def test_capital_a_in_a_team_list_is_an_initial_not_an_article(nlp: Language) -> None:
    found = readings(nlp, "A Foley and J O'Connor start for Munster.")
    assert ("Foley", "PERSON", None) in found


def test_headline_run_on_of_two_known_names_is_split(nlp: Language) -> None:
    text = ("Blair Labour's longest-serving PM\n\nTony Blair has become the longest-serving "
            "prime minister of the Labour Party. Labour said Mr Blair would stay.")
    found = readings(nlp, text)
    assert found[:2] == [("Blair", "PERSON", "Tony Blair"), ("Labour", "ORG", "Labour Party")]
    assert not any(surface == "Blair Labour" for surface, _, _ in found)


def test_acronym_is_never_a_persons_initials(nlp: Language) -> None:
    found = readings(nlp, "Ulrich Schulte-Strathaus, head of the airline group, said US "
                          "carriers were struggling.")
    assert ("Ulrich Schulte-Strathaus", "PERSON", None) in found


def test_a_city_is_not_the_short_form_of_an_organisation_named_after_it(nlp: Language) -> None:
    found = readings(nlp, "Shares on the London Stock Exchange rose. Traders in London "
                          "were pleased.")
    assert ("London", "GPE", None) in found
