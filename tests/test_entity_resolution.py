"""Cross-article resolution in tasks.entities: countries, demonyms, people, roles."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.entities import resolve_entities
from tasks.extract import MENTION_SCHEMA, ROLE_SCHEMA


def mention(article_id: str, start: int, surface: str, entity_type: str,
            hint: str | None = None) -> dict:
    return {"article_id": article_id, "sentence_index": 0, "start_char": start,
            "end_char": start + len(surface), "surface": surface, "label": entity_type,
            "entity_type": entity_type, "canonical_hint": hint}


ARTICLES = pl.DataFrame({
    "article_id": ["a1", "a2"],
    "published_at": [datetime(2023, 5, 1), datetime(2023, 5, 3)],
    "ingested_at": [datetime(2024, 1, 1), datetime(2024, 1, 1)],
})
NO_ROLES = pl.DataFrame(schema=ROLE_SCHEMA)


def one_role(person: str, person_start: int, title: str, affiliation: str,
             affiliation_start: int) -> pl.DataFrame:
    """A roles frame of one role stated in article a1."""
    return pl.DataFrame([{
        "article_id": "a1", "person_start_char": person_start,
        "person_end_char": person_start + len(person), "title": title,
        "affiliation_start_char": affiliation_start,
        "affiliation_end_char": affiliation_start + len(affiliation), "affiliation_text": affiliation,
    }], schema=ROLE_SCHEMA)


def test_spellings_of_the_united_states_are_one_entity() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "US", "GPE"), mention("a1", 10, "U.S.", "GPE"),
        mention("a2", 0, "the United States", "GPE"), mention("a2", 30, "United States", "ORG"),
    ], schema=MENTION_SCHEMA)
    resolved = resolve_entities(mentions, NO_ROLES, ARTICLES)
    assert resolved.entities.select("canonical_name", "entity_type", "country_code").rows() == [
        ("United States", "GPE", "US")]
    assert resolved.mentions["entity_id"].n_unique() == 1


def test_demonym_links_to_its_country() -> None:
    mentions = pl.DataFrame([mention("a1", 0, "Japanese", "NORP")], schema=MENTION_SCHEMA)
    entities = resolve_entities(mentions, NO_ROLES, ARTICLES).entities
    assert entities.select("canonical_name", "country_code").rows() == [("Japanese", "JP")]


def test_same_person_in_two_articles_has_one_id_and_seen_range() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "Gina Raimondo", "PERSON"),
        mention("a2", 0, "Raimondo", "PERSON", hint="Gina Raimondo"),
    ], schema=MENTION_SCHEMA)
    entities = resolve_entities(mentions, NO_ROLES, ARTICLES).entities
    assert entities.height == 1
    row = entities.row(0, named=True)
    assert row["canonical_name"] == "Gina Raimondo"
    assert row["aliases"] == ["Gina Raimondo", "Raimondo"]
    assert (row["first_seen_at"], row["last_seen_at"]) == (datetime(2023, 5, 1),
                                                           datetime(2023, 5, 3))


def test_capital_standing_for_country_joins_the_country() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "Washington", "GPE", hint="United States"),
        mention("a1", 20, "US", "GPE"),
    ], schema=MENTION_SCHEMA)
    entities = resolve_entities(mentions, NO_ROLES, ARTICLES).entities
    assert entities.select("canonical_name", "country_code").rows() == [("United States", "US")]


def test_role_links_person_and_affiliation() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "China", "GPE"), mention("a1", 29, "Wang Wentao", "PERSON"),
    ], schema=MENTION_SCHEMA)
    roles = one_role("Wang Wentao", 29, "Minister of Commerce", "China", 0)
    resolved = resolve_entities(mentions, roles, ARTICLES)
    names = dict(resolved.entities.select("entity_id", "canonical_name").rows())
    assert [(names[p], t, names[a]) for _, p, t, a in resolved.entity_roles.rows()] == [
        ("Wang Wentao", "Minister of Commerce", "China")]


def test_lone_surname_takes_the_only_full_name_in_the_batch() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "Tony Blair", "PERSON"), mention("a2", 0, "Blair", "PERSON"),
    ], schema=MENTION_SCHEMA)
    resolved = resolve_entities(mentions, NO_ROLES, ARTICLES)
    assert resolved.entities["canonical_name"].to_list() == ["Tony Blair"]
    assert resolved.mentions["entity_id"].n_unique() == 1


def test_lone_surname_shared_by_two_full_names_stays_as_written() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "Gordon Brown", "PERSON"), mention("a1", 20, "Nick Brown", "PERSON"),
        mention("a2", 0, "Brown", "PERSON"),
    ], schema=MENTION_SCHEMA)
    names = resolve_entities(mentions, NO_ROLES, ARTICLES).entities["canonical_name"]
    assert sorted(names.to_list()) == ["Brown", "Gordon Brown", "Nick Brown"]


def test_party_short_name_takes_its_long_form_across_articles() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "Labour Party", "ORG"), mention("a2", 0, "Labour", "ORG"),
    ], schema=MENTION_SCHEMA)
    resolved = resolve_entities(mentions, NO_ROLES, ARTICLES)
    assert resolved.entities["canonical_name"].to_list() == ["Labour Party"]


def test_britain_uk_and_united_kingdom_are_one_country() -> None:
    mentions = pl.DataFrame([
        mention("a1", 0, "UK", "GPE"), mention("a1", 10, "Britain", "GPE"),
        mention("a2", 0, "the United Kingdom", "GPE"),
    ], schema=MENTION_SCHEMA)
    entities = resolve_entities(mentions, NO_ROLES, ARTICLES).entities
    assert entities.select("canonical_name", "country_code").rows() == [
        ("United Kingdom", "GB")]


def test_country_source_names_the_evidence_that_gave_the_country() -> None:
    # a place's own country; a stated affiliation (a nationality and a descriptor); a demonym
    # right before a name; no evidence, no country and no source
    mentions = pl.DataFrame([
        mention("a1", 0, "Australian", "NORP"), mention("a1", 23, "Zqx Wompleton", "PERSON"),
        mention("a1", 50, "Greek", "NORP"), mention("a1", 56, "Qvo Trandelis", "PERSON"),
        mention("a2", 0, "Yxa Brumbleton", "PERSON"),
    ], schema=MENTION_SCHEMA)
    roles = one_role("Zqx Wompleton", 23, "billionaire", "Australian", 0)
    entities = resolve_entities(mentions, roles, ARTICLES).entities
    assert sorted(entities.select("canonical_name", "country_code", "country_source").rows()) == [
        ("Australian", "AU", "place"), ("Greek", "GR", "place"),
        ("Qvo Trandelis", "GR", "stated"), ("Yxa Brumbleton", None, None),
        ("Zqx Wompleton", "AU", "affiliation")]
