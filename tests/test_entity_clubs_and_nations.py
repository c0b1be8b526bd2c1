"""Cross-article rules in tasks.entities for sports copy: clubs are ORG in every article, a
country that is also a national side is one GPE entity, on mentions written for the purpose."""

from __future__ import annotations

from tasks.entities import is_country_name
from tests.entity_mentions import mention, resolve


def entities_of(*mentions: dict) -> list[tuple[str, str, str | None]]:
    return sorted(resolve(*mentions).entities.select("canonical_name", "entity_type", "country_code").rows())


def test_club_named_with_a_club_word_is_org_though_most_articles_read_a_person() -> None:
    assert entities_of(*(mention("a1", 20 * i, "Manchester United", "PERSON") for i in range(4)),
                       mention("a2", 0, "Manchester United", "GPE")) == [
        ("Manchester United", "ORG", "GB")]   # the country its name states (tasks.actors)


def test_club_sharing_a_place_word_is_org_once_a_rule_made_it_a_club() -> None:
    # "Manchester City": a club by rule in one team-sport article, GPE to the model elsewhere.
    assert entities_of(mention("a1", 0, "Manchester City", "ORG", label="GPE"),
                       mention("a2", 0, "Manchester City", "GPE"),
                       mention("a3", 0, "Manchester City", "GPE")) == [
        ("Manchester City", "ORG", "GB")]


def test_place_ending_in_a_shared_word_stays_a_place_without_a_club_rule() -> None:
    assert entities_of(mention("a1", 0, "Mexico City", "GPE"),
                       mention("a2", 0, "Mexico City", "GPE")) == [("Mexico City", "GPE", "MX")]


def test_united_first_is_no_club() -> None:
    assert entities_of(mention("a1", 0, "United States", "GPE"),
                       mention("a1", 20, "United Nations", "ORG"),
                       mention("a2", 0, "United Kingdom", "GPE")) == [
        ("United Kingdom", "GPE", "GB"), ("United Nations", "ORG", None),
        ("United States", "GPE", "US")]


def test_single_word_shown_a_club_in_two_articles_is_org_over_person_readings() -> None:
    mentions = [mention("a1", 20 * i, "Everton", "PERSON") for i in range(7)]
    mentions += [mention("a2", 0, "Everton", "ORG", label="PERSON"),
                 mention("a3", 0, "Everton", "ORG", label="PERSON")]
    assert entities_of(*mentions) == [("Everton", "ORG", None)]


def test_surname_of_a_person_in_the_batch_stays_a_person_despite_org_cues() -> None:
    mentions = [mention("a1", 0, "Alex Ferguson", "PERSON")]
    mentions += [mention("a1", 20 * i, "Ferguson", "PERSON") for i in range(1, 8)]
    mentions += [mention("a2", 0, "Ferguson", "ORG", label="PERSON"),
                 mention("a3", 0, "Ferguson", "ORG", label="PERSON")]
    assert ("Alex Ferguson", "PERSON", None) in entities_of(*mentions)
    assert not any(kind == "ORG" for _, kind, _ in entities_of(*mentions))


def test_country_that_names_a_national_side_is_one_gpe_entity() -> None:
    # "Wales" the rugby side (ORG) and the country (GPE): one Wales, in the UK.
    assert entities_of(*(mention("a1", 10 * i, "Wales", "ORG") for i in range(3)),
                       mention("a2", 0, "Wales", "GPE"), mention("a3", 0, "Wales", "GPE"),
                       mention("a3", 10, "France", "ORG")) == [
        ("France", "GPE", "FR"), ("Wales", "GPE", "GB")]


def test_countries_inside_a_state_come_from_the_country_data() -> None:
    assert all(is_country_name(name) for name in ("Wales", "England", "Scotland",
                                                  "Northern Ireland", "the U.S."))
    assert not any(is_country_name(name) for name in ("Manchester", "Everton", "Welsh"))


def test_competition_name_is_an_event_whatever_the_model_read() -> None:
    assert entities_of(mention("a1", 0, "Davis Cup", "FAC"), mention("a2", 0, "US Open", "ORG"),
                       mention("a3", 0, "Open University", "ORG")) == [
        ("Davis Cup", "EVENT", None), ("Open University", "ORG", None),
        ("US Open", "EVENT", None)]


def test_place_the_model_read_as_a_person_is_the_place() -> None:
    # "Labour chooses Manchester": PERSON to the model in one article, a city elsewhere.
    mentions = [mention("a1", 20 * i, "Manchester", "PERSON") for i in range(4)]
    mentions += [mention("a2", 0, "Manchester", "GPE")]
    assert entities_of(*mentions) == [("Manchester", "GPE", "GB")]   # resolved: Manchester, England


def test_place_word_that_is_someones_name_in_the_batch_stays_a_person() -> None:
    mentions = [mention("a1", 0, "Clark Kent", "PERSON"),
                mention("a2", 0, "Clark Kent", "PERSON")]
    mentions += [mention("a1", 20 * i, "Kent", "PERSON") for i in range(1, 4)]
    mentions += [mention("a3", 0, "Kent", "GPE")]
    assert ("Clark Kent", "PERSON", None) in entities_of(*mentions)
    assert ("Kent", "GPE", None) not in entities_of(*mentions)


def test_place_the_model_read_as_a_product_is_not_a_product() -> None:
    mentions = [mention("a1", 20 * i, "Leeds", "PRODUCT") for i in range(3)]
    mentions += [mention("a2", 0, "Leeds", "GPE"), mention("a3", 0, "Leeds", "GPE")]
    # a place, and so resolved to its GeoNames city: Leeds, England (tasks.places)
    assert entities_of(*mentions) == [("Leeds", "GPE", "GB")]
