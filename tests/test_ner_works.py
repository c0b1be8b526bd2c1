"""Typing data files in tasks.ner: time zones, units and currencies are no entities; prizes and
works are not people or organisations; lists of names are split."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def types_of(nlp: Language, text: str) -> dict[str, str]:
    return {row["surface"]: row["entity_type"] for row in find_mentions(nlp(text))}


def test_time_zones_units_and_currencies_are_no_entities(nlp: Language) -> None:
    types = types_of(nlp, "The talks start at 10:00 GMT in Brussels. The Euro fell and the "
                          "plant makes 5 MW.")
    assert "GMT" not in types and "MW" not in types and "Euro" not in types
    assert types["Brussels"] == "GPE"


def test_prizes_are_works_not_people(nlp: Language) -> None:
    types = types_of(nlp, "Hilary Swank won an Oscar on Sunday. She also has a Golden Globe "
                          "and the Turner Prize went to Jeremy Deller.")
    assert types["Oscar"] == "WORK_OF_ART"
    assert types["Golden Globe"] == "WORK_OF_ART"    # the model reads a building (FAC)
    assert types["Hilary Swank"] == "PERSON"


def test_a_name_after_a_work_noun_is_a_work_but_not_after_the_verb(nlp: Language) -> None:
    types = types_of(nlp, "Jamie Foxx starred in the film Ray, about the singer. Andy Roddick "
                          "will play Cyril Saulnier in the final.")
    assert types["Ray"] == "WORK_OF_ART"
    assert types["Cyril Saulnier"] == "PERSON"


def test_a_comma_or_or_between_names_splits_the_span(nlp: Language) -> None:
    from tasks.ner.spans import split_pieces

    doc = nlp("Yukos is suing Gazpromneft, Rosneft and Baikal.")
    start = next(t.i for t in doc if t.text == "Gazpromneft")
    assert [doc[a:b].text for a, b in split_pieces(doc, start, start + 3)] == [
        "Gazpromneft", "Rosneft"]
