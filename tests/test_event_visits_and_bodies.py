"""Visits by travel, what comes from someone, a body named by a modifier, and a lone actor who
attends. Texts are written for the purpose."""

from __future__ import annotations

from tests.test_event_reference import events_in  # noqa: F401  (the shared fixture)


def test_travelling_to_a_named_place_is_a_visit(events_in) -> None:  # noqa: F811
    found = events_in("Tony Blair flew to Beijing on Monday. Gordon Brown is heading to Mozambique.")
    visits = [roles for code, _, roles in found if code == "042"]
    assert [("source", "Tony Blair"), ("target", "Beijing")] in visits
    assert [("source", "Gordon Brown"), ("target", "Mozambique")] in visits


def test_arriving_in_a_place_is_a_visit_and_arriving_in_a_month_is_not(events_in) -> None:  # noqa: F811
    assert any(code == "042" and ("target", "Kabul") in roles
               for code, _, roles in events_in("Jack Straw arrived in Kabul on Tuesday."))
    assert not [code for code, _, _ in events_in("Jack Straw arrived in January.") if code == "042"]


def test_travel_to_no_place_is_no_visit(events_in) -> None:  # noqa: F811
    assert not [code for code, _, _ in events_in("Jack Straw flew to safety.") if code == "042"]


def test_rejecting_proposals_from_someone_acts_on_them(events_in) -> None:  # noqa: F811
    found = events_in("Acme Corp rejected proposals from Globex Corp on Monday.")
    assert any(code.startswith("12") and ("target", "Globex Corp") in roles for code, _, roles in found)


def test_a_body_named_by_a_modifier_is_the_one_the_article_names(events_in) -> None:  # noqa: F811
    found = events_in("Greater Manchester Police said on Monday that John Smith had been questioned. "
                      "The man was held during a police inquiry into fraud.")
    assert any(code.startswith("09") and ("source", "Greater Manchester Police") in roles
               for code, _, roles in found)


def test_a_named_actor_that_will_not_attend_is_an_event(events_in) -> None:  # noqa: F811
    found = events_in("Israel will not attend the summit.")  # the dictionary: a summit is 044
    assert [(code[:2], modality, roles) for code, modality, roles in found] == [
        ("04", "negated", [("source", "Israel")])]


def test_the_dictionarys_pattern_for_the_phrase_beats_the_hand_lexicons_word(events_in) -> None:  # noqa: F811
    found = events_in("Egypt and Israel exchanged prisoners on Sunday.")
    assert [code for code, _, _ in found] == ["0841"]


def test_a_loose_dictionary_verb_codes_only_through_its_patterns(events_in) -> None:  # noqa: F811
    assert events_in("John Smith called the new targets impressive.") == []
    assert [code[:2] for code, _, _ in events_in("John Smith called for the release of Jane Doe.")] == ["10"]


def test_a_stance_and_an_office_without_a_person_are_no_actors(events_in) -> None:  # noqa: F811
    found = events_in("Anti-French protesters attacked the embassy. The MEP criticised Jacques Chirac.")
    names = {name for _, _, roles in found for _, name in roles}
    assert "Anti-French" not in names and "MEP" not in names


def test_names_inside_a_clause_about_the_subject_do_not_act(events_in) -> None:  # noqa: F811
    found = events_in("Southcorp, whose brands include Penfolds, Rosemount and Lindemans, "
                      "dismissed the offer as inadequate.")
    assert [roles for code, _, roles in found if code.startswith("12")] == [[("source", "Southcorp")]]


def test_a_partys_stance_is_the_party_and_a_region_after_on_is_the_topic(events_in) -> None:  # noqa: F811
    found = events_in("Robert Jackson bitterly criticised the Conservatives stance on Europe.")
    criticised = [roles for code, _, roles in found if code.startswith("11")]
    assert criticised and ("target", "Conservatives") in criticised[0]
    assert ("target", "Europe") not in criticised[0]
