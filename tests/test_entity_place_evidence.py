"""Place data as evidence in the batch type vote (tasks.place_evidence, tasks.entity_types):
a name no place data knows loses its place readings to the batch's other readings; a known
place keeps them; an unresolved place the actor dictionaries list gets their country."""

from __future__ import annotations

from tasks.place_evidence import dictionary_place_country, is_known_place
from tests.entity_mentions import mention, resolve


def entities_of(*mentions: dict) -> list[tuple[str, str, str | None]]:
    return sorted(resolve(*mentions).entities.select("canonical_name", "entity_type",
                                                     "country_code").rows())


def test_place_data_knows_countries_cities_divisions_and_dictionary_places() -> None:
    assert all(map(is_known_place, ["France", "the U.S.", "Birmingham", "Rajasthan", "Chechnya"]))
    assert not any(map(is_known_place, ["Gazprom", "Yugansk", "Linux"]))


def test_name_no_place_data_knows_takes_its_other_reading() -> None:
    # "BT" read GPE in most articles and ORG in one: no place is called BT, so one ORG.
    mentions = [mention(f"a{i}", 0, "BT", "GPE") for i in range(4)]
    assert entities_of(*mentions, mention("a9", 0, "BT", "ORG")) == [("BT", "ORG", None)]


def test_name_only_read_as_a_place_stays_one() -> None:
    # No other evidence: the model's reading stands (never a guess).
    assert entities_of(mention("a1", 0, "Yugansk", "GPE"),
                       mention("a2", 0, "Yugansk", "GPE")) == [("Yugansk", "GPE", None)]


def test_known_place_keeps_its_place_votes() -> None:
    mentions = [mention(f"a{i}", 0, "Bolton", "GPE") for i in range(3)]
    assert entities_of(*mentions, mention("a9", 0, "Bolton", "ORG")) == [
        ("Bolton", "GPE", "GB"), ("Bolton", "ORG", None)]


def test_unresolved_place_takes_the_dictionaries_country() -> None:
    assert dictionary_place_country("Chechnya") == "RU"
    assert dictionary_place_country("Gazprom") is None


def test_model_label_of_an_unknown_name_votes_when_articles_read_a_place() -> None:
    # Each article's majority made "Cabir" GPE, though the model labelled two mentions ORG.
    mentions = [mention(f"a{i}", 0, "Cabir", "GPE") for i in range(4)]
    mentions += [mention("a1", 40, "Cabir", "GPE", label="ORG"),
                 mention("a2", 40, "Cabir", "GPE", label="ORG")]
    assert entities_of(*mentions) == [("Cabir", "ORG", None)]


def test_unknown_place_named_like_the_batchs_people_is_a_person() -> None:
    # "Stubbs" is only ever read as a place, "Alan Stubbs" a person; no place is Stubbs.
    assert ("Stubbs", "GPE") not in [(n, t) for n, t, _ in entities_of(
        mention("a1", 0, "Stubbs", "GPE"), mention("a2", 0, "Stubbs", "GPE"),
        mention("a3", 0, "Alan Stubbs", "PERSON"))]
    assert ("Thabo Mbeki", "PERSON") in [(n, t) for n, t, _ in entities_of(
        mention("a1", 0, "Thabo Mbeki", "GPE"), mention("a2", 0, "Govan Mbeki", "PERSON"))]


def test_place_words_and_known_places_are_not_read_as_peoples_names() -> None:
    assert entities_of(mention("a1", 0, "Stanley Park", "GPE"), mention("a2", 0, "Bolton", "GPE"),
                       mention("a3", 0, "Stanley Bolton", "PERSON")) == [
        ("Bolton", "GPE", "GB"), ("Stanley Bolton", "PERSON", None), ("Stanley Park", "GPE", None)]


def test_seas_and_deserts_are_not_read_as_peoples_names() -> None:
    # The model's LOC readings keep their type: a stray PERSON reading of "Air Sahara" or
    # "Black Sabbath" is no evidence about "Sahara" or "Black Sea".
    assert [(n, t) for n, t, _ in entities_of(
        mention("a1", 0, "Sahara", "LOC"), mention("a2", 0, "Black Sea", "LOC"),
        mention("a3", 0, "Air Sahara", "PERSON"), mention("a3", 20, "Black Sabbath", "PERSON"),
        mention("a2", 20, "Black Sabbath", "PERSON"))] == [
        ("Air Sahara", "PERSON"), ("Black Sabbath", "PERSON"), ("Black Sea", "LOC"),
        ("Sahara", "LOC")]
