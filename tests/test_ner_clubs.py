"""Sports clubs, national sides and adjectives in tasks.ner, on small texts written for the
purpose: club names and lone clubs that play as sides are ORG, players stay PERSON, countries
stay places, and an adjective is no short form of an organisation."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def types_of(nlp: Language, text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for m in find_mentions(nlp(text)):
        found.setdefault(m["surface"], set()).add(m["entity_type"])
    return found


MATCH_REPORT = ("Manchester United beat Everton 2-1 at Old Trafford. United striker Wayne Rooney "
                "scored twice and Ryan Giggs added a goal. Alex Ferguson said the Premiership "
                "title race was open. Everton manager David Moyes was unhappy.")


def test_club_name_is_org_and_its_last_word_alone_is_the_same_club(nlp: Language) -> None:
    assert {e.label_ for e in nlp(MATCH_REPORT).ents if e.text == "Manchester United"} == {
        "PERSON"}
    mentions = find_mentions(nlp(MATCH_REPORT))
    united = [m for m in mentions if m["surface"] == "United"]
    assert united and all(m["entity_type"] == "ORG" and m["canonical_hint"] == "Manchester United"
                          for m in united)
    assert types_of(nlp, MATCH_REPORT)["Manchester United"] == {"ORG"}


def test_lone_word_that_plays_as_a_side_is_a_club_and_players_stay_people(
        nlp: Language) -> None:
    found = types_of(nlp, MATCH_REPORT)
    assert found["Everton"] == {"ORG"}
    for person in ("Wayne Rooney", "Ryan Giggs", "Alex Ferguson", "David Moyes"):
        assert found[person] == {"PERSON"}


def test_player_named_by_surname_who_scores_stays_a_person(nlp: Language) -> None:
    text = ("Wayne Rooney was in form for the champions. Rooney scored twice against Fulham "
            "in the Premiership and the striker was cheered by the fans.")
    assert types_of(nlp, text).get("Rooney") == {"PERSON"}


def test_club_sharing_a_place_word_is_org_in_team_sport_copy_only(nlp: Language) -> None:
    sport = ("Manchester City drew with Bolton in the Premiership. The striker missed a "
             "penalty and the fans in Manchester were angry.")
    found = types_of(nlp, sport)
    assert found["Manchester City"] == {"ORG"}
    assert found["Manchester"] == {"GPE"}
    travel = "Mexico City is the capital of Mexico. Mexico City has 20 million people."
    assert types_of(nlp, travel)["Mexico City"] == {"GPE"}


def test_united_first_is_no_club_and_manchester_alone_is_a_place(nlp: Language) -> None:
    text = ("The United States and the United Nations met in Manchester. Manchester is a "
            "city in the United Kingdom.")
    found = types_of(nlp, text)
    assert found["United States"] == {"GPE"}
    assert found["United Nations"] == {"ORG"}
    assert found["Manchester"] == {"GPE"}


def test_national_side_is_the_country(nlp: Language) -> None:
    text = ("Wales beat England 11-9 in the Six Nations at the Millennium Stadium. Wales coach "
            "Mike Ruddock praised the fans, and Gavin Henson kicked a late penalty for Wales.")
    found = types_of(nlp, text)
    assert found["Wales"] == {"GPE"}
    assert found["England"] == {"GPE"}
    assert found["Mike Ruddock"] == {"PERSON"}


def test_adjective_is_no_short_form_of_an_organisation(nlp: Language) -> None:
    text = ("The European Union will decide on Monday. European ministers met in Brussels and "
            "European farmers were unhappy.")
    mentions = find_mentions(nlp(text))
    adjectives = [m for m in mentions if m["surface"] == "European"]
    assert adjectives and all(m["entity_type"] == "NORP" and m["canonical_hint"] is None
                              for m in adjectives)
    assert any(m["surface"] == "European Union" and m["entity_type"] == "ORG" for m in mentions)


def test_fixture_and_score_split_a_span_into_its_two_sides(nlp: Language) -> None:
    from tasks.ner.spans import split_pieces

    doc = nlp("Fixtures: Leeds v Saracens and Newcastle 2-1 Bolton.")
    leeds = doc.text.index("Leeds")
    span = doc.char_span(leeds, doc.text.index(" and"))
    assert [doc[a:b].text for a, b in split_pieces(doc, span.start, span.end)] == [
        "Leeds", "Saracens"]
    newcastle = doc.text.index("Newcastle")
    span = doc.char_span(newcastle, doc.text.index("."))
    assert [doc[a:b].text for a, b in split_pieces(doc, span.start, span.end)] == [
        "Newcastle", "Bolton"]


def test_royal_title_is_part_of_the_name_so_the_given_name_joins_no_one_else(
        nlp: Language) -> None:
    text = ("Prince Charles and Camilla Parker Bowles will marry in April. Charles said he "
            "was delighted.")
    mentions = [(m["surface"], m["entity_type"], m["canonical_hint"])
                for m in find_mentions(nlp(text))]
    # The span stays the model's (and CoNLL's) "Charles"; the entity is Prince Charles.
    assert mentions.count(("Charles", "PERSON", "Prince Charles")) == 2
