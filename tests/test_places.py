"""The place resolver (tasks.places) on GeoNames' real data, and how entities and events use it."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.entities import resolve_entities
from tasks.events import code_events
from tasks.extract import ARGUMENT_SCHEMA, EVENT_SCHEMA, MENTION_SCHEMA, ROLE_SCHEMA, SENTENCE_SCHEMA
from tasks.places import ArticleContext, resolve_article_places, resolve_place
from tests.test_entity_resolution import mention

LONDON, BIRMINGHAM_GB, BIRMINGHAM_AL = 2643743, 2655603, 4049979
WASHINGTON_DC, NEW_YORK_CITY = 4140963, 5128581


def test_a_city_resolves_to_its_geonames_feature() -> None:
    london = resolve_place("London")
    assert london is not None
    assert (london.geonames_id, london.feature_class, london.country_code, london.admin1_code) == (
        LONDON, "city", "GB", "ENG")
    assert abs(london.latitude - 51.5) < 0.1 and abs(london.longitude + 0.13) < 0.1


def test_countries_states_nations_and_continents() -> None:
    assert (resolve_place("the U.S.").feature_class, resolve_place("the U.S.").country_code) == (
        "country", "US")
    assert resolve_place("Britain").country_code == "GB"
    texas = resolve_place("Texas")
    assert (texas.feature_class, texas.country_code, texas.admin1_code) == ("admin1", "US", "TX")
    assert (resolve_place("Wales").feature_class, resolve_place("Wales").admin1_code) == ("admin1", "WLS")
    europe = resolve_place("Europe")
    assert europe.feature_class == "continent" and europe.country_code is None


def test_namesakes_follow_the_places_the_article_names() -> None:
    assert resolve_place("Birmingham").geonames_id == BIRMINGHAM_GB     # the most populous
    birmingham, alabama = resolve_article_places(["Birmingham", "Alabama"])
    assert birmingham.geonames_id == BIRMINGHAM_AL and alabama.admin1_code == "AL"
    cambridge = resolve_article_places(["Cambridge", "Boston", "US"])[0]
    assert (cambridge.country_code, cambridge.admin1_code) == ("US", "MA")
    cambridge = resolve_article_places(["Cambridge", "London"])[0]
    assert cambridge.country_code == "GB"
    # A passing mention of the US does not move Paris to Texas: 2.1 million against 25,000.
    assert resolve_article_places(["Paris", "US"])[0].country_code == "FR"


def test_georgia_is_the_country_unless_the_article_is_in_the_us() -> None:
    assert resolve_place("Georgia").country_code == "GE"
    georgia = resolve_article_places(["Georgia", "Atlanta", "US"])[0]
    assert (georgia.feature_class, georgia.country_code, georgia.admin1_code) == ("admin1", "US", "GA")
    assert resolve_article_places(["Georgia", "Russia", "US"])[0].country_code == "GE"


def test_news_senses_washington_and_new_york() -> None:
    assert resolve_place("Washington").geonames_id == WASHINGTON_DC
    assert resolve_place("New York").geonames_id == NEW_YORK_CITY
    context = ArticleContext()
    assert resolve_place("Washington", context).country_code == "US"


def test_below_the_confidence_threshold_a_place_keeps_only_its_name() -> None:
    # Three Cambridges of 110,000-146,000 people and nothing in the article to choose by.
    assert resolve_place("Cambridge") is None
    assert resolve_place("Narnia") is None
    assert resolve_place("") is None


ARTICLES = pl.DataFrame({
    "article_id": ["uk", "us"],
    "published_at": [datetime(2005, 1, 1), datetime(2005, 1, 2)],
    "ingested_at": [datetime(2024, 1, 1), datetime(2024, 1, 1)],
})


def test_namesakes_in_two_articles_are_two_entities_with_coordinates() -> None:
    mentions = pl.DataFrame([
        mention("uk", 0, "Birmingham", "GPE"), mention("uk", 20, "England", "GPE"),
        mention("us", 0, "Birmingham", "GPE"), mention("us", 20, "Alabama", "GPE"),
        mention("us", 40, "New York", "GPE"), mention("us", 60, "American", "NORP"),
        mention("us", 80, "Ruritania", "GPE"),
    ], schema=MENTION_SCHEMA)
    resolved = resolve_entities(mentions, pl.DataFrame(schema=ROLE_SCHEMA), ARTICLES)
    entities = resolved.entities
    birminghams = entities.filter(pl.col("canonical_name") == "Birmingham").sort("geonames_id")
    assert birminghams.select("geonames_id", "country_code", "admin1_code").rows() == [
        (BIRMINGHAM_GB, "GB", "ENG"), (BIRMINGHAM_AL, "US", "AL")]
    assert birminghams["entity_id"].n_unique() == 2
    by_name = {row["canonical_name"]: row for row in entities.iter_rows(named=True)}
    assert by_name["New York"]["country_code"] == "US"
    assert by_name["New York"]["feature_class"] == "city"
    assert by_name["American"]["country_code"] == "US"          # a country adjective keeps its country
    assert by_name["American"]["geonames_id"] is None
    assert by_name["Ruritania"]["geonames_id"] is None and by_name["Ruritania"]["latitude"] is None
    linked = resolved.mentions.join(entities, on="entity_id")
    assert linked.filter(pl.col("article_id") == "us", pl.col("surface") == "Birmingham")[
        "geonames_id"].to_list() == [BIRMINGHAM_AL]


def _event_frames(location: tuple[int, int] | None, first_sentence: str) -> tuple[pl.DataFrame, ...]:
    """One article: "<first_sentence>" then an event "Smith met Jones" in sentence 1."""
    events = pl.DataFrame([{
        "article_id": "a", "event_key": 0, "sentence_index": 1, "trigger": "met",
        "trigger_lemma": "meet", "start_char": 106, "end_char": 109, "cameo_code": "040",
        "modality": "asserted", "date_text": None,
        "location_start_char": location[0] if location else None,
        "location_end_char": location[1] if location else None, "confidence": 0.9}],
        schema=EVENT_SCHEMA)
    arguments = pl.DataFrame([
        {"article_id": "a", "event_key": 0, "role": "source", "start_char": 100, "end_char": 105},
        {"article_id": "a", "event_key": 0, "role": "target", "start_char": 110, "end_char": 115},
    ], schema=ARGUMENT_SCHEMA)
    mentions = pl.DataFrame([
        {"article_id": "a", "entity_id": entity, "surface": surface, "start_char": start,
         "end_char": start + len(surface), "sentence_index": sentence, "label": label}
        for entity, surface, start, sentence, label in (
            ("paris", "PARIS", 0, 0, "GPE"), ("lyon", "Lyon", 40, 0, "GPE"),
            ("lyon", "Lyon", 60, 0, "GPE"), ("smith", "Smith", 100, 1, "PERSON"),
            ("jones", "Jones", 110, 1, "PERSON"), ("stadium", "Arena", 119, 1, "FAC"))
    ])
    sentences = pl.DataFrame([
        {"article_id": "a", "sentence_index": 0, "start_char": 0, "end_char": 90,
         "text": first_sentence},
        {"article_id": "a", "sentence_index": 1, "start_char": 100, "end_char": 125,
         "text": "Smith met Jones at Arena"},
    ], schema=SENTENCE_SCHEMA)
    articles = pl.DataFrame({"article_id": ["a"], "published_at": [None]},
                            schema={"article_id": pl.String, "published_at": pl.Datetime("us")})
    located = pl.DataFrame({"entity_id": ["paris", "lyon", "stadium"],
                            "latitude": [48.85, 45.75, None]})
    return events, arguments, mentions, sentences, articles, located


def _location(location: tuple[int, int] | None, first_sentence: str) -> tuple[str | None, str | None]:
    *frames, located = _event_frames(location, first_sentence)
    coded = code_events(*frames, located=located)
    return coded.events.select("location_entity_id", "location_source").row(0)


def test_an_event_without_a_place_in_its_sentence_takes_the_dateline() -> None:
    assert _location(None, "PARIS (Reuters) - Talks went on in Lyon.") == ("paris", "dateline")


def test_without_a_dateline_the_article_s_main_place() -> None:
    # Paris opens the sentence but no dateline punctuation follows it; Lyon is named twice.
    assert _location(None, "PARIS is calm and Lyon is not, said Lyon.") == ("lyon", "article")


def test_a_place_in_the_sentence_wins_when_it_has_coordinates() -> None:
    assert _location((40, 44), "PARIS (AFP) - ...") == ("lyon", "sentence")
    # The stadium resolved to no coordinates: the event falls back to the dateline.
    assert _location((119, 124), "PARIS (AFP) - ...") == ("paris", "dateline")


def test_without_located_places_events_keep_the_sentence_place_only() -> None:
    *frames, _ = _event_frames((119, 124), "PARIS (AFP) - ...")
    assert code_events(*frames).events.select("location_entity_id", "location_source").row(0) == (
        "stadium", "sentence")


def test_a_narrowed_place_is_the_place_it_is_part_of() -> None:
    # news copy narrows a place with lower-case words: its country and coordinates are the place's
    for name, expected in [("northern Iraq", ("Iraq", "IQ")), ("west London", ("London", "GB")),
                           ("north west London", ("London", "GB")),
                           ("south-east England", ("England", "GB"))]:
        place = resolve_place(name)
        assert place is not None and (place.name, place.country_code) == expected, name


def test_capitalised_compass_words_are_part_of_the_name() -> None:
    east_london = resolve_place("East London")
    assert east_london is not None and east_london.country_code == "ZA"
    assert resolve_place("North Korea").country_code == "KP"  # type: ignore[union-attr]


def test_a_small_town_counts_only_where_the_article_names_its_country() -> None:
    # Davos (11,000 people) is in GeoNames' towns of 5,000, under MIN_CITY_POPULATION.
    assert resolve_place("Davos") is None
    davos, _ = resolve_article_places(["Davos", "Switzerland"])
    assert davos is not None and (davos.feature_class, davos.country_code) == ("city", "CH")


def test_a_small_town_is_no_evidence_that_a_name_is_a_place() -> None:
    from tasks.place_evidence import is_known_place
    assert not is_known_place("Davos") and is_known_place("Zurich")


def test_a_short_form_of_a_city_s_name_is_as_good_as_the_name() -> None:
    from tasks.place_index import is_short_form
    assert is_short_form("newcastle", "Newcastle upon Tyne")
    assert is_short_form("frankfurt", "Frankfurt am Main")
    assert not is_short_form("new york", "New York City")
    # Beside England, Newcastle is the English city, not the larger one in Australia.
    newcastle, _ = resolve_article_places(["Newcastle", "England"])
    assert newcastle is not None and newcastle.country_code == "GB"


def test_a_kind_of_place_of_a_name_is_that_place() -> None:
    for name, expected in [("City of Seattle", ("Seattle", "US")),
                           ("State of California", ("California", "US"))]:
        place = resolve_place(name)
        assert place is not None and (place.name, place.country_code) == expected, name


def test_a_region_named_with_compass_words_has_its_place_s_country() -> None:
    from tasks.places import country_of_region
    assert country_of_region("North London") == "GB"
    assert country_of_region("South West Edinburgh") == "GB"
    # across borders, or another state: no country
    assert country_of_region("West Africa") is None and country_of_region("East Germany") is None
    # a core only a division names needs the article to name its country
    assert country_of_region("East Lancashire") is None
    assert country_of_region("East Lancashire", {"GB"}) == "GB"
    assert country_of_region("West Midlands", {"GB"}) is None


def test_a_small_town_does_not_take_a_name_other_place_data_knows() -> None:
    # Crete, Illinois (8,000) against the island the actor dictionaries list under "Crete".
    assert resolve_article_places(["Crete", "United States"])[0] is None


def test_a_sea_or_an_airport_is_no_small_town() -> None:
    from tasks.places import resolve_mention_places
    mentions = pl.DataFrame({
        "article_id": ["a1"] * 3, "canonical_name": ["Atlantic", "Heathrow", "United States"],
        "entity_type": ["LOC", "FAC", "GPE"], "country_code": [None, None, "US"]})
    placed = resolve_mention_places(mentions)
    assert placed["geonames_id"].to_list()[:2] == [None, None]
