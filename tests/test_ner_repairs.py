"""Span repair, typing and roles in tasks.ner, on small texts written for the purpose."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsflow.settings import Settings
from tasks.extract import load_model
from tasks.ner import find_mentions, find_roles


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model(Settings().spacy_model)


def mentions_of(nlp: Language, text: str) -> dict[str, dict]:
    return {row["surface"]: row for row in find_mentions(nlp(text))}


def test_title_is_stripped_from_person_and_kept_as_role(nlp: Language) -> None:
    text = "US Secretary of Commerce Gina Raimondo will meet in Detroit on Friday."
    doc = nlp(text)
    mentions = find_mentions(doc)
    by_surface = {row["surface"]: row for row in mentions}
    assert by_surface["Gina Raimondo"]["entity_type"] == "PERSON"
    assert not any("Commerce" in row["surface"] for row in mentions)
    roles = find_roles(doc, mentions)
    assert [(r["title"], r["affiliation_text"]) for r in roles] == [
        ("Secretary of Commerce", "US")]


def test_possessive_affiliation_and_multi_word_portfolio(nlp: Language) -> None:
    text = ("Japan's Minister of Economy, Trade and Industry Yasutoshi Nishimura said "
            "on Friday that talks went well.")
    doc = nlp(text)
    mentions = find_mentions(doc)
    roles = find_roles(doc, mentions)
    assert [(r["title"], r["affiliation_text"]) for r in roles] == [
        ("Minister of Economy, Trade and Industry", "Japan")]
    person = next(m for m in mentions if m["entity_type"] == "PERSON")
    assert person["surface"] == "Yasutoshi Nishimura"


def test_surname_takes_type_and_hint_of_full_name(nlp: Language) -> None:
    found = mentions_of(nlp, "Gina Raimondo spoke first. Later Raimondo met reporters.")
    assert found["Raimondo"]["entity_type"] == "PERSON"
    assert found["Raimondo"]["canonical_hint"] == "Gina Raimondo"


def test_acronym_links_to_long_form(nlp: Language) -> None:
    found = mentions_of(
        nlp, "Rapidus is working with International Business Machines Corp (IBM) on chips.")
    assert found["International Business Machines Corp"]["canonical_hint"] == "IBM"
    assert found["IBM"]["entity_type"] == "ORG"


def test_newspaper_is_org(nlp: Language) -> None:
    found = mentions_of(nlp, "The two will meet in Detroit, Yomiuri reported earlier.")
    assert found["Yomiuri"]["entity_type"] == "ORG"


def test_leading_the_and_possessive_are_trimmed(nlp: Language) -> None:
    found = mentions_of(nlp, "Officials from the United States's embassy arrived in Paris.")
    assert "United States" in found
    assert found["United States"]["entity_type"] == "GPE"


def test_capital_as_actor_stands_for_country_but_place_stays_city(nlp: Language) -> None:
    acting = mentions_of(nlp, "Washington and Tokyo reduce their exposure to supply chains.")
    assert acting["Washington"]["canonical_hint"] == "United States"
    assert acting["Tokyo"]["canonical_hint"] == "Japan"
    place = mentions_of(nlp, "The ministers met in Washington on Thursday.")
    assert place["Washington"]["canonical_hint"] is None


def test_all_caps_headline_is_typed_from_the_body(nlp: Language) -> None:
    text = "RAIMONDO VISITS DETROIT\nGina Raimondo visited Detroit on Monday."
    rows = find_mentions(nlp(text))
    headline = {r["surface"]: r for r in rows if r["start_char"] < text.index("\n")}
    assert headline["RAIMONDO"]["entity_type"] == "PERSON"
    assert headline["DETROIT"]["entity_type"] == "GPE"


def test_dateline_place_is_found(nlp: Language) -> None:
    text = "MARKETS RALLY\nLONDON 1996-08-30\nShares rose on Friday in London."
    rows = find_mentions(nlp(text))
    assert ("LONDON", "GPE") in {(r["surface"], r["entity_type"]) for r in rows}


def test_dates_are_not_mentions(nlp: Language) -> None:
    rows = find_mentions(nlp("Ministers met on Friday, 12 May 2023, in Paris."))
    assert [r["surface"] for r in rows] == ["Paris"]


@pytest.mark.parametrize(("text", "title", "nationality"), [
    ("Australian billionaire Rupert Murdoch bought the paper.", "billionaire", "Australian"),
    ("American tennis star Andy Roddick won on Sunday.", "tennis star", "American"),
    ("Scotland captain Gordon Bulloch was injured.", "captain", "Scotland"),
    ("He said that England fly-half Charlie Hodgson kicked well.", "fly-half", "England"),
])
def test_nationality_and_descriptor_before_a_person_are_a_role(
        nlp: Language, text: str, title: str, nationality: str) -> None:
    doc = nlp(text)
    roles = find_roles(doc, find_mentions(doc))
    assert [(r["title"], r["affiliation_text"]) for r in roles] == [(title, nationality)]


def test_a_nationality_before_other_words_states_no_role(nlp: Language) -> None:
    doc = nlp("An Iraqi woman told Ms Alexander about the raid.")
    assert find_roles(doc, find_mentions(doc)) == []


def test_a_country_read_as_a_place_before_words_states_no_role(nlp: Language) -> None:
    doc = nlp("He trained in Scotland last week and Gordon Bulloch stayed at home.")
    roles = find_roles(doc, find_mentions(doc))
    assert [r for r in roles if r["affiliation_text"] == "Scotland"] == []


def test_mrs_beside_mr_with_one_surname_is_another_person(nlp: Language) -> None:
    doc = nlp("Party leader Michael Zandler spoke. Mr Zandler said he was happy. "
              "Mrs Zandler will tour the country.")
    hints = [(r["surface"], r["canonical_hint"]) for r in find_mentions(doc)
             if r["entity_type"] == "PERSON"]
    assert hints == [("Michael Zandler", None), ("Zandler", "Michael Zandler"),
                     ("Zandler", "Mrs Zandler")]


def test_mrs_alone_takes_the_full_name(nlp: Language) -> None:
    doc = nlp("Minister Anna Zandler spoke. Mrs Zandler said she was happy.")
    hints = [(r["surface"], r["canonical_hint"]) for r in find_mentions(doc)
             if r["entity_type"] == "PERSON"]
    assert hints == [("Anna Zandler", None), ("Zandler", "Anna Zandler")]
