"""Layout rules in tasks.ner: datelines, results lines, sports sides, table words, descriptors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions, line_layout


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def types_of(nlp: Language, text: str) -> dict[str, str]:
    return {row["surface"]: row["entity_type"] for row in find_mentions(nlp(text))}


def test_line_layout_finds_results_sides_standings_and_dateline() -> None:
    text = ("PORTO 2000-05-06\nRivertown 3 Hillford 1\nRivertown 4 3 1 0 10 2 10\n"
            "1. Ann Bell ( France ) Zentra 1:50.727\n274 Ann Bell 70 66 68 70")
    layout = line_layout(text)
    assert [text[s:e] for s, e in layout.dateline_spans] == ["PORTO"]
    assert [text[s:e] for s, e in layout.team_spans] == [
        "Rivertown", "Hillford", "Rivertown", "Zentra"]


def test_results_line_sides_are_clubs_but_national_sides_stay_countries(nlp: Language) -> None:
    text = ("Results of matches played on Saturday :\nChicago 5 Boston 3\n"
            "Germany 2 Portugal 1\n")
    types = types_of(nlp, text)
    assert (types["Chicago"], types["Boston"]) == ("ORG", "ORG")
    assert (types["Germany"], types["Portugal"]) == ("GPE", "GPE")


def test_dateline_place_is_a_place_even_in_a_sports_story(nlp: Language) -> None:
    text = ("CRICKET - LEICESTERSHIRE WIN .\nLEICESTER 1996-08-30\n"
            "Leicestershire beat Somerset by an innings at Leicester on Friday .\n")
    types = types_of(nlp, text)
    assert types["LEICESTER"] == "GPE"
    assert types["Somerset"] == "ORG"


def test_table_words_are_not_entities(nlp: Language) -> None:
    text = "BASEBALL - MAJOR LEAGUE STANDINGS .\nW L PCT GB\nMen\nWomen\n"
    assert not {"W L PCT GB", "Men", "Women", "BASEBALL"} & set(types_of(nlp, text))


def test_news_agency_descriptor_is_cut_off_the_name(nlp: Language) -> None:
    text = "Russia's Interfax news agency said on Monday that the talks had failed."
    rows = find_mentions(nlp(text))
    assert [(r["surface"], r["entity_type"]) for r in rows] == [
        ("Russia", "GPE"), ("Interfax", "ORG")]
