"""tasks.actors: CAMEO actor codes for participants, and entity countries from the evidence."""

from __future__ import annotations

import time
from datetime import date, datetime

import polars as pl
import pytest

from tasks.actor_dictionary import actor_dictionary
from tasks.actors import (
    ACTOR_COLUMNS,
    PASSES,
    article_country_codes,
    code_actors,
    entity_country_codes,
    home_article_countries,
    participant_inputs,
)

CODE_COLUMNS = ["actor_code", "actor_country_code", "actor_role_code"]
PARTICIPANT_SCHEMA = {
    "article_id": pl.String, "entity_id": pl.String, "entity_type": pl.String, "canonical_name": pl.String,
    "aliases": pl.List(pl.String), "entity_country_code": pl.String, "published": pl.Date,
    "title": pl.String, "affiliation_name": pl.String, "affiliation_country_code": pl.String,
    "article_country_code": pl.String,
}


def participant(name: str, entity_type: str = "PERSON", *, aliases: list[str] | None = None,
                country: str | None = None, published: date | None = None, title: str | None = None,
                affiliation: str | None = None, affiliation_country: str | None = None,
                article_country: str | None = None) -> dict:
    return {"article_id": "a1", "entity_id": f"id-{name}", "entity_type": entity_type,
            "canonical_name": name, "aliases": aliases or [], "entity_country_code": country,
            "published": published, "title": title, "affiliation_name": affiliation,
            "affiliation_country_code": affiliation_country, "article_country_code": article_country}


def coded(*rows: dict) -> list[tuple[str | None, str | None, str | None]]:
    frame = code_actors(pl.DataFrame(list(rows), schema=PARTICIPANT_SCHEMA))
    return frame.select(CODE_COLUMNS).rows()


def sources(*rows: dict) -> list[str | None]:
    return code_actors(pl.DataFrame(list(rows), schema=PARTICIPANT_SCHEMA))["actor_country_source"].to_list()


def one(row: dict) -> tuple[str | None, str | None, str | None]:
    return coded(row)[0]


def test_a_person_is_coded_by_the_role_held_on_the_publication_date():
    assert one(participant("Tony Blair", published=date(2004, 5, 1))) == ("GBRGOV", "GB", "GOV")
    # after June 2007 the dictionary's default applies: no longer in government
    assert one(participant("Tony Blair", published=date(2008, 3, 1))) == ("GBRELI", "GB", "ELI")
    assert one(participant("Tony Blair", published=date(1990, 3, 1))) == ("GBRELI", "GB", "ELI")


def test_without_a_date_a_person_gets_the_latest_role():
    assert one(participant("Tony Blair")) == ("GBRGOV", "GB", "GOV")


def test_an_alias_or_an_honorific_spelling_finds_the_person():
    by_alias = one(participant("Blair", aliases=["Tony Blair"], published=date(2004, 5, 1)))
    by_honorific = one(participant("Mr Tony Blair", published=date(2004, 5, 1)))
    assert by_alias == by_honorific == ("GBRGOV", "GB", "GOV")


def test_a_surname_alone_codes_only_when_one_person_has_it():
    surnames = actor_dictionary().surnames
    names = actor_dictionary().names.filter(~pl.col("is_place"))
    unique_surname, entry = surnames.filter(~pl.col("surname").is_in(names["name"].implode())).row(0)
    full_name = names.filter(pl.col("entry") == entry)["name"].sort()[0]
    assert one(participant(unique_surname.title())) == one(participant(full_name.title()))
    assert one(participant(unique_surname.title()))[0] is not None
    # "Blair" names more than one person in the dictionaries
    assert "blair" not in set(surnames["surname"])
    assert one(participant("Blair", published=date(2004, 5, 1))) == (None, None, None)


@pytest.mark.parametrize(("name", "aliases"), [("United Nations", []), ("UN", []), ("U.N.", []),
                                               ("the United Nations", ["UN"])])
def test_the_un_is_an_igo_without_a_country(name, aliases):
    assert one(participant(name, "ORG", aliases=aliases)) == ("IGOUNO", None, "IGO")


@pytest.mark.parametrize(("name", "code"), [("European Union", "IGOEUREEC"), ("EU", "IGOEUREEC"),
                                            ("NATO", "IGOWSTNAT")])
def test_international_organisations(name, code):
    assert one(participant(name, "ORG")) == (code, None, "IGO")


@pytest.mark.parametrize(("name", "expected"), [
    ("Chinese police", ("CHNCOP", "CN", "COP")), ("French court", ("FRAJUD", "FR", "JUD")),
    ("Iranian parliament", ("IRNLEG", "IR", "LEG")), ("British army", ("GBRMIL", "GB", "MIL")),
])
def test_agent_words_inside_an_organisation_name(name, expected):
    assert one(participant(name, "ORG")) == expected


def test_an_agent_without_a_stated_country_has_a_role_only():
    code, country, role = one(participant("Ministry of Defence", "ORG"))
    assert (country, role) == (None, "GOV") and code.startswith("GOV")


def test_a_name_in_no_dictionary_stays_uncoded():
    assert one(participant("Zqx Wompleton")) == (None, None, None)
    assert one(participant("Wompleton Holdings", "ORG")) == (None, None, None)


def test_a_stated_title_and_affiliation_are_coded():
    assert one(participant("Gina Raimondo", title="Secretary of Commerce", affiliation="United States",
                           affiliation_country="US")) == ("USAGOV", "US", "GOV")
    # the affiliation's country found from its name when no code was stated
    assert one(participant("Jane Oddname", title="Foreign Secretary", affiliation="Britain")) == ("GBRGOV", "GB", "GOV")
    assert one(participant("Jane Oddname", title="shadow chancellor", affiliation_country="GB")) == (
        "GBROPP", "GB", "OPP")


def test_a_title_without_a_country_gives_the_role_alone():
    assert one(participant("Jane Oddname", title="judge")) == ("JUD", None, "JUD")


def test_an_affiliation_gives_its_country_and_its_role_when_the_title_says_none():
    assert one(participant("Jane Oddname", title="spokeswoman", affiliation="Chinese police")) == (
        "CHNCOP", "CN", "COP")


def test_the_dictionary_comes_before_the_stated_title():
    assert one(participant("Tony Blair", published=date(2004, 5, 1), title="judge",
                           affiliation_country="FR")) == ("GBRGOV", "GB", "GOV")


def test_places_get_their_country_and_no_role():
    assert one(participant("Manchester", "GPE")) == ("GBR", "GB", None)
    assert one(participant("British", "NORP")) == ("GBR", "GB", None)
    # a place the dictionaries do not list, with the country the place resolver gave it
    assert one(participant("Little Wompleton", "GPE", country="GB")) == ("GBR", "GB", None)


def test_a_person_is_never_coded_as_a_place():
    assert one(participant("Jordan")) == (None, None, None)
    assert one(participant("Jordan", "GPE")) == ("JOR", "JO", None)


def test_rows_keep_their_order_and_columns():
    rows = [participant(name, kind) for name, kind in
            [("Zqx Wompleton", "PERSON"), ("NATO", "ORG"), ("London", "GPE"), ("Zqx Wompleton", "PERSON")]]
    frame = pl.DataFrame(rows, schema=PARTICIPANT_SCHEMA)
    result = code_actors(frame)
    assert result.columns == [*frame.columns, *ACTOR_COLUMNS]
    assert result.select(frame.columns).equals(frame)
    assert result["actor_code"].to_list() == [None, "IGOWSTNAT", "GBR", None]


def test_an_empty_frame_gets_the_columns():
    result = code_actors(pl.DataFrame(schema=PARTICIPANT_SCHEMA))
    assert result.is_empty() and set(ACTOR_COLUMNS) <= set(result.columns)


def test_the_passes_are_declared_in_one_place_in_their_order():
    assert [p.__name__ for p in PASSES] == ["dictionary_pass", "stated_role_pass", "agent_words_pass",
                                            "own_country_pass", "article_country_pass",
                                            "article_locality_pass"]


def test_a_person_or_firm_nothing_places_takes_the_article_country_marked_as_inferred():
    assert one(participant("Zqx Wompleton", article_country="FR")) == ("FRA", "FR", None)
    assert one(participant("Wompleton Widgets", "ORG", article_country="FR")) == ("FRA", "FR", None)
    assert sources(participant("Zqx Wompleton", article_country="FR")) == ["article_locality"]
    # without an article country, or for a dictionary actor without a country, nothing is inferred
    assert one(participant("Zqx Wompleton")) == (None, None, None)
    assert one(participant("United Nations", "ORG", article_country="FR"))[1] is None
    # a place is never placed by its article: a foreign capital keeps its own country
    assert one(participant("Paris", "GPE", article_country="GB"))[1] == "FR"


def test_the_country_source_names_the_first_pass_that_gave_the_country():
    assert sources(participant("Tony Blair", published=date(2004, 5, 1)),
                   participant("Zqx Wompleton", title="Foreign Secretary", article_country="GB"),
                   participant("Zqx Wompleton", country="IE", article_country="GB"),
                   participant("Chinese police", "ORG"),
                   participant("United Nations", "ORG")) == [
        "dictionary", "article_country", "own_country", "agent_words", None]


def test_coding_ten_thousand_participants():
    names = [("Tony Blair", "PERSON"), ("NATO", "ORG"), ("Chinese police", "ORG"), ("London", "GPE"),
             ("Zqx Wompleton", "PERSON")]
    rows = [participant(name, kind, published=date(2004 + i % 6, 1, 1),
                        title="Foreign Secretary" if i % 7 == 0 else None)
            for i in range(2000) for name, kind in names]
    frame = pl.DataFrame(rows, schema=PARTICIPANT_SCHEMA)
    actor_dictionary()
    started = time.perf_counter()
    result = code_actors(frame)
    seconds = time.perf_counter() - started
    print(f"coded {frame.height:,} participants in {seconds:.3f} s")
    assert result.height == 10_000
    assert result.filter(pl.col("canonical_name") == "NATO")["actor_code"].unique().to_list() == ["IGOWSTNAT"]


def test_entity_countries_come_from_consistent_evidence():
    entities = pl.DataFrame([
        {"entity_id": "blair", "canonical_name": "Tony Blair", "entity_type": "PERSON", "country_code": None,
         "aliases": ["Blair"]},
        {"entity_id": "consistent", "canonical_name": "Jane Oddname", "entity_type": "PERSON",
         "country_code": None, "aliases": []},
        {"entity_id": "torn", "canonical_name": "John Oddname", "entity_type": "PERSON", "country_code": None,
         "aliases": []},
        {"entity_id": "silent", "canonical_name": "Zqx Wompleton", "entity_type": "PERSON",
         "country_code": None, "aliases": []},
        {"entity_id": "police", "canonical_name": "Chinese police", "entity_type": "ORG", "country_code": None,
         "aliases": []},
        {"entity_id": "fr", "canonical_name": "France", "entity_type": "GPE", "country_code": "FR", "aliases": []},
        {"entity_id": "de", "canonical_name": "Germany", "entity_type": "GPE", "country_code": "DE",
         "aliases": []},
    ])
    roles = pl.DataFrame([
        {"article_id": "a1", "person_entity_id": "consistent", "title": "minister", "affiliation_entity_id": "fr"},
        {"article_id": "a2", "person_entity_id": "consistent", "title": "minister", "affiliation_entity_id": None},
        {"article_id": "a3", "person_entity_id": "consistent", "title": "envoy", "affiliation_entity_id": "fr"},
        {"article_id": "a1", "person_entity_id": "torn", "title": "minister", "affiliation_entity_id": "fr"},
        {"article_id": "a2", "person_entity_id": "torn", "title": "minister", "affiliation_entity_id": "de"},
    ])
    countries = dict(entity_country_codes(entities, roles).iter_rows())
    assert countries == {"blair": "GB", "consistent": "FR", "police": "CN"}


def test_a_role_without_a_country_takes_the_article_country():
    assert one(participant("Jane Oddname", title="Home Secretary", article_country="GB")) == ("GBRGOV", "GB", "GOV")
    assert one(participant("police", "ORG", article_country="GB")) == ("GBRCOP", "GB", "COP")
    # a country of its own, or stated, wins; an IGO stays without one; no role, no country
    assert one(participant("Chinese police", "ORG", article_country="GB")) == ("CHNCOP", "CN", "COP")
    assert one(participant("United Nations", "ORG", article_country="GB")) == ("IGOUNO", None, "IGO")
    assert one(participant("BBC", "ORG", article_country="AU")) == ("MED", None, "MED")
    # no role: the country is inferred by the last pass only (article_locality), with no role
    assert one(participant("Zqx Wompleton", article_country="GB")) == ("GBR", "GB", None)


def test_the_main_parties_are_coded_by_who_governs_on_the_date():
    in_2005 = date(2005, 3, 1)
    assert one(participant("Labour Party", "ORG", published=in_2005)) == ("GBRGOV", "GB", "GOV")
    assert one(participant("Tories", "NORP", published=in_2005)) == ("GBROPP", "GB", "OPP")
    assert one(participant("Conservative Party", "ORG", published=date(2012, 1, 1))) == ("GBRGOV", "GB", "GOV")
    assert one(participant("Republicans", "NORP", published=date(2004, 1, 1))) == ("USAGOV", "US", "GOV")


ENTITIES = pl.DataFrame([
    {"entity_id": "gb", "entity_type": "GPE", "canonical_name": "United Kingdom", "country_code": "GB",
     "aliases": ["Britain"]},
    {"entity_id": "london", "entity_type": "GPE", "canonical_name": "London", "country_code": "GB", "aliases": []},
    {"entity_id": "fr", "entity_type": "GPE", "canonical_name": "France", "country_code": "FR", "aliases": []},
    {"entity_id": "clarke", "entity_type": "PERSON", "canonical_name": "Jane Oddname", "country_code": None,
     "aliases": []},
])


def test_an_article_country_is_the_country_of_most_of_its_places():
    mentions = pl.DataFrame({
        "article_id": ["uk", "uk", "uk", "uk", "split", "split", "once"],
        "entity_id": ["gb", "london", "fr", "clarke", "gb", "fr", "gb"],
    })
    assert article_country_codes(mentions, ENTITIES).rows() == [("uk", "GB")]


def test_participant_inputs_join_names_dates_roles_and_the_article_country():
    mentions = pl.DataFrame({"article_id": ["a1"] * 3, "entity_id": ["gb", "london", "clarke"]})
    roles = pl.DataFrame({"article_id": ["a1"], "person_entity_id": ["clarke"], "title": ["Home Secretary"],
                          "affiliation_entity_id": [None]}, schema_overrides={"affiliation_entity_id": pl.String})
    articles = pl.DataFrame({"article_id": ["a1"], "published_at": [datetime(2005, 3, 1, 12)]})
    pairs = pl.DataFrame({"event_id": ["e1", "e1"], "article_id": ["a1", "a1"], "entity_id": ["clarke", "fr"],
                          "role": ["source", "target"]})
    inputs = participant_inputs(pairs, ENTITIES, roles, mentions, articles)
    assert inputs.select("event_id", "role", "canonical_name", "published", "title", "article_country_code").rows() == [
        ("e1", "source", "Jane Oddname", date(2005, 3, 1), "Home Secretary", "GB"),
        ("e1", "target", "France", date(2005, 3, 1), None, "GB"),
    ]
    assert code_actors(inputs)["actor_code"].to_list() == ["GBRGOV", "FRA"]


def test_a_known_full_name_is_not_coded_by_its_surname():
    surnames = actor_dictionary().surnames
    names = actor_dictionary().names.filter(~pl.col("is_place"))
    unique_surname = surnames.filter(~pl.col("surname").is_in(names["name"].implode()))["surname"][0]
    assert one(participant(unique_surname.title()))[0] is not None
    assert one(participant(f"Zqx {unique_surname.title()}", aliases=[unique_surname.title()])) == (None, None, None)


def test_qualifiers_belong_to_titles_not_to_names():
    assert one(participant("Jane Oddname", title="ex-minister", article_country="GB"))[2] == "ELI"
    assert one(participant("Ex-Wompleton Holdings", "ORG"))[2] is None


def test_a_firm_named_in_articles_about_several_countries_takes_the_one_most_are_about():
    mentions = pl.DataFrame({"article_id": ["a", "b", "c", "d", "a", "e"],
                             "entity_id": ["acme", "acme", "acme", "acme", "solo", "split"]})
    countries = pl.DataFrame({"article_id": ["a", "b", "c", "e"], "country_code": ["US", "US", "FR", "DE"]})
    homes = dict(home_article_countries(mentions, countries).iter_rows())
    assert homes == {"acme": "US", "solo": "US", "split": "DE"}
    two_ways = pl.DataFrame({"article_id": ["a", "c"], "entity_id": ["even", "even"]})
    assert home_article_countries(two_ways, countries).is_empty()  # one US, one FR: no majority


def test_the_home_country_stands_in_where_the_article_has_none():
    row = participant("Zqx Wompleton", "ORG")
    row["home_country_code"] = "US"
    frame = pl.DataFrame([row], schema={**PARTICIPANT_SCHEMA, "home_country_code": pl.String})
    coded_row = code_actors(frame).row(0, named=True)
    assert (coded_row["actor_country_code"], coded_row["actor_country_source"]) == ("US", "article_locality")
