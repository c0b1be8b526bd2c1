"""Judgements as events, group anaphors, event nouns carried by other verbs and participle
adjuncts. Texts are written for the purpose."""

from __future__ import annotations

from tests.test_event_reference import events_in  # noqa: F401  (the shared fixture)


def test_a_judgement_in_a_reported_clause_is_criticism_of_the_possessor(events_in) -> None:  # noqa: F811
    found = events_in("Acme Corp said Globex's takeover offer was opportunistic.")
    assert ("111", "asserted", [("source", "Acme Corp"), ("target", "Globex")]) in found


def test_calling_a_charge_untrue_denies_it(events_in) -> None:  # noqa: F811
    found = events_in("Boeing said the allegations were untrue.")
    assert ("016", "asserted", [("source", "Boeing")]) in found


def test_describing_as_harsh_criticises_whose_sentence_it_is(events_in) -> None:  # noqa: F811
    found = events_in("Amnesty International described Mr Smith's sentence as harsh.")
    assert any(code == "111" and ("target", "Smith") in roles for code, _, roles in found)


def test_a_neutral_word_in_a_reported_clause_is_no_event(events_in) -> None:  # noqa: F811
    found = events_in("Acme Corp said Globex's offer was interesting.")
    assert not [code for code, _, _ in found if code == "111"]


def test_the_two_countries_are_the_last_two_named_even_by_adjective(events_in) -> None:  # noqa: F811
    found = events_in("Venezuelan officials met Chinese diplomats in Beijing on Monday. "
                      "China praised the talks. The two countries signed an oil agreement.")
    signed = [roles for code, _, roles in found if code == "057"]
    assert signed
    assert {name for _, name in signed[0]} == {"Venezuelan", "China"}  # Venezuela is never named


def test_both_alone_is_the_two_actors_named_before(events_in) -> None:  # noqa: F811
    found = events_in("Egypt and Israel met in Cairo. Both signed a trade agreement on Monday.")
    assert any(code == "057" and {n for _, n in roles} == {"Egypt", "Israel"} for code, _, roles in found)


def test_a_measure_of_talks_under_a_light_verb_takes_its_subject(events_in) -> None:  # noqa: F811
    found = events_in("Shell held four days of talks with Qatar.")
    assert any(code.startswith("04") and ("source", "Shell") in roles and ("target", "Qatar") in roles
               for code, _, roles in found)


def test_a_participle_after_a_preposition_has_the_main_subject(events_in) -> None:  # noqa: F811
    found = events_in("John Smith was arrested after using his blog to criticise Iran.")
    assert ("111", "asserted", [("source", "John Smith"), ("target", "Iran")]) in found


def test_an_object_is_the_doer_of_the_participle_it_controls(events_in) -> None:  # noqa: F811
    found = events_in("The SEC accused Titan of illegally paying an agent in Benin.")
    assert not any(("source", "SEC") in roles for code, _, roles in found if code.startswith("06"))


def test_being_in_charge_is_no_charge(events_in) -> None:  # noqa: F811
    found = events_in("Balfour Beatty was in charge of the line.")
    assert not [code for code, _, _ in found if code.startswith("17")]


def test_an_offer_of_no_event_is_the_offer_itself(events_in) -> None:  # noqa: F811
    found = events_in("Hugo Chavez has offered China access to oil reserves.")
    assert ("030", "asserted", [("source", "Hugo Chavez"), ("target", "China")]) in found


def test_an_offer_of_an_act_is_coded_as_the_act(events_in) -> None:  # noqa: F811
    found = events_in("Germany offered subsidies to Iran.")
    assert any(code.startswith("07") for code, _, _ in found)


def test_backing_needs_someone_backed(events_in) -> None:  # noqa: F811
    assert any(code == "051" for code, _, _ in events_in("The directors of MCI have backed Verizon."))
    assert not [code for code, _, _ in events_in("Microsoft backed off on Monday.") if code == "051"]


def test_a_lexicon_verb_is_an_event_with_its_named_actor_alone(events_in) -> None:  # noqa: F811
    found = events_in("Vladimir Putin will not visit this year.")
    assert [(code[:2], modality, roles) for code, modality, roles in found] == [
        ("04", "negated", [("source", "Vladimir Putin")])]
    # (a loose verb of the CAMEO dictionary needs someone acted on: "backed off", above)


def test_the_agent_of_an_event_nouns_participle_is_its_source(events_in) -> None:  # noqa: F811
    found = events_in("Marsh settled a lawsuit filed by Eliot Spitzer.")
    assert any(("source", "Eliot Spitzer") in roles for code, _, roles in found if code.startswith("11"))


def test_a_pronoun_skips_a_name_that_is_no_subject_in_its_sentence(events_in) -> None:  # noqa: F811
    found = events_in("Robert Jackson spoke on Sunday. "
                      "While praising Tony Blair's leadership, he criticised the Conservative Party.")
    criticised = [roles for code, _, roles in found if code == "111"]
    assert criticised and ("source", "Robert Jackson") in criticised[0]


def test_a_cited_news_agency_is_no_antecedent(events_in) -> None:  # noqa: F811
    found = events_in("Riggs Bank paid a fine, Reuters reported. The bank criticised Baltasar Garzon.")
    assert any(("source", "Riggs Bank") in roles for code, _, roles in found if code == "111")


def test_the_singer_is_the_person_named_with_that_noun(events_in) -> None:  # noqa: F811
    found = events_in("Oasis singer Liam Gallagher met Noel Edmonds. Peter Grant spoke later. "
                      "The singer criticised Sony.")
    assert any(("source", "Liam Gallagher") in roles for code, _, roles in found if code == "111")


def test_what_an_actor_failed_to_do_is_negated(events_in) -> None:  # noqa: F811
    found = events_in("Sony failed to reach a deal with Microsoft.")
    assert found and {modality for _, modality, _ in found} == {"negated"}


def test_the_police_is_the_force_the_article_names(events_in) -> None:  # noqa: F811
    found = events_in("The police arrested John Smith on Monday. "
                      "Chief constable Mary Jones of Kent Police said more arrests would follow.")
    assert any(("source", "Kent Police") in roles for code, _, roles in found if code.startswith("17"))


def test_a_place_named_through_a_noun_is_no_target(events_in) -> None:  # noqa: F811
    found = events_in("Suez lost the contract after protests in the city of El Alto.")
    assert not any(("target", "El Alto") in roles for _, _, roles in found)


def test_whoever_is_arrested_along_with_someone_is_a_target_too(events_in) -> None:  # noqa: F811
    found = events_in("Liam Gallagher was arrested along with Alan White in Munich.")
    arrested = [roles for code, _, roles in found if code.startswith("17")]
    assert arrested and ("target", "Alan White") in arrested[0] and ("source", "Alan White") not in arrested[0]


def test_a_participle_adjunct_takes_the_subject_even_past_an_object(events_in) -> None:  # noqa: F811
    found = events_in("Robert Kilroy-Silk resigned the whip after criticising UKIP.")
    assert any(code == "111" and ("source", "Robert Kilroy-Silk") in roles for code, _, roles in found)


def test_a_description_in_apposition_is_no_other_actor(events_in) -> None:  # noqa: F811
    found = events_in("Ruth Kelly, a Cabinet Office minister, criticised Robert Kilroy-Silk.")
    criticised = [roles for code, _, roles in found if code == "111"]
    assert criticised and ("source", "Cabinet Office") not in criticised[0]


def test_a_denied_judgement_is_no_criticism(events_in) -> None:  # noqa: F811
    found = events_in("Michael Howard said the Conservative Party's plans were not racist.")
    assert not [code for code, _, _ in found if code == "111"]


def test_they_in_what_an_organisation_says_is_the_organisation(events_in) -> None:  # noqa: F811
    found = events_in("Rangers said they would not be increasing their offer for Barry Ferguson.")
    assert any(code.startswith("03") and ("source", "Rangers") in roles for code, _, roles in found)
    # outside reported speech "they" stays unresolved: too often people left unnamed
    found = events_in("They criticised Google on Monday.")
    assert not any(role == "source" for _, _, roles in found for role, _ in roles)


def test_both_after_a_group_phrase_is_that_group(events_in) -> None:  # noqa: F811
    # "Both" is too far from the names to find them itself; "the two countries" is not
    found = events_in("Egypt criticised Israel in May. Officials said little. Observers were surprised. "
                      "Relations between the two countries have warmed. Both signed a trade agreement.")
    assert any(code == "057" and {n for _, n in roles} == {"Egypt", "Israel"} for code, _, roles in found)
