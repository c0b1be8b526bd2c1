"""A place reading of a name no place data knows, overturned by context (tasks.ner.
place_readings), on small texts written for the purpose."""

from __future__ import annotations

from collections import Counter

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions
from tasks.ner.candidate import Candidate
from tasks.ner.place_readings import apply_unknown_place_evidence, drop_common_word_readings


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def types(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(m["surface"], m["entity_type"]) for m in find_mentions(nlp(text))]


def test_unknown_name_read_as_a_place_after_an_org_cue_is_org(nlp: Language) -> None:
    text = "The court ordered the forced sale of Yugansk. Shares in Yugansk fell."
    assert {e.label_ for e in nlp(text).ents} == {"GPE"}
    assert types(nlp, text) == [("Yugansk", "ORG"), ("Yugansk", "ORG")]


def test_names_in_a_team_sheet_are_people(nlp: Language) -> None:
    text = "Murphy, Horgan, D'Arcy, Hickie, O'Gara, Stringer start for Ireland."
    assert ("Hickie", "GPE") in [(e.text, e.label_) for e in nlp(text).ents]
    assert ("Hickie", "PERSON") in types(nlp, text)
    assert ("Ireland", "GPE") in types(nlp, text)


def test_a_list_of_countries_stays_places(nlp: Language) -> None:
    # The model read two of them as people; the countries are known places.
    text = "Developing nations such as Lesotho, Sri Lanka, and Bangaldesh could lose jobs."
    assert [t for _, t in types(nlp, text)] == ["GPE", "GPE", "GPE"]


def test_place_cue_words_say_nothing_of_a_place_reading(nlp: Language) -> None:
    text = "The festival takes place at Balado near Kinross in July."
    assert types(nlp, text) == [("Balado", "GPE"), ("Kinross", "GPE")]


def test_a_place_and_a_speaker_are_no_list_of_people(nlp: Language) -> None:
    text = "Buses will take passengers to Batajnica, Acimovic said."
    assert ("Batajnica", "PERSON") not in types(nlp, text)


def place_reading(start: int, end: int) -> Candidate:
    return Candidate(start, end, "GPE", votes=Counter({"GPE": 1}))


def test_unknown_name_the_article_writes_in_lower_case_is_no_name(nlp: Language) -> None:
    doc = nlp.make_doc("Broadband booms\nMore homes than ever have broadband.")
    assert drop_common_word_readings(doc, [place_reading(0, 1)]) == []


def test_lower_case_place_reading_of_an_unknown_word_is_no_name(nlp: Language) -> None:
    doc = nlp.make_doc("He played in midfield for Leeds.")
    leeds = place_reading(5, 6)
    assert drop_common_word_readings(doc, [place_reading(3, 4), leeds]) == [leeds]


def test_known_place_written_in_lower_case_elsewhere_stays(nlp: Language) -> None:
    doc = nlp.make_doc("Turkey talks\nThe turkey was served. Talks in Balado went on.")
    turkey, balado = place_reading(0, 1), place_reading(10, 11)
    assert drop_common_word_readings(doc, [turkey, balado]) == [turkey, balado]


def test_unknown_name_after_an_honorific_is_a_person(nlp: Language) -> None:
    doc = nlp.make_doc("The deal is good, said Mr Mukerjee.")
    mukerjee = place_reading(7, 8)
    apply_unknown_place_evidence(doc, [mukerjee])
    assert mukerjee.fixed_type == "PERSON"
