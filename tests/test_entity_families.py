"""Issue 22 in tasks.entities: organisation families, dominant full names, stated countries."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.entities import resolve_entities
from tasks.extract import MENTION_SCHEMA, ROLE_SCHEMA

NO_ROLES = pl.DataFrame(schema=ROLE_SCHEMA)


def mention(article_id: str, start: int, surface: str, entity_type: str,
            hint: str | None = None) -> dict:
    return {"article_id": article_id, "sentence_index": 0, "start_char": start,
            "end_char": start + len(surface), "surface": surface, "label": entity_type,
            "entity_type": entity_type, "canonical_hint": hint}


def resolve(rows: list[dict]) -> pl.DataFrame:
    mentions = pl.DataFrame(rows, schema=MENTION_SCHEMA)
    ids = sorted(set(mentions["article_id"]))
    articles = pl.DataFrame({"article_id": ids, "published_at": [datetime(2005, 1, 1)] * len(ids),
                             "ingested_at": [datetime(2026, 1, 1)] * len(ids)})
    resolved = resolve_entities(mentions, NO_ROLES, articles)
    return resolved.mentions.join(resolved.entities, on="entity_id").sort("article_id",
                                                                         "start_char")


def test_a_party_and_its_adjective_plural_and_dictionary_alias_are_one_org() -> None:
    rows = [mention("a1", 0, "Tory", "NORP"), mention("a1", 20, "Tories", "NORP"),
            mention("a2", 0, "Conservatives", "ORG"), mention("a2", 30, "Conservative", "NORP"),
            mention("a3", 0, "Conservative Party", "ORG"), mention("a3", 40, "British", "NORP")]
    resolved = resolve(rows)
    party = resolved.filter(pl.col("surface") != "British")
    assert party["entity_id"].n_unique() == 1
    assert party.select("canonical_name", "entity_type", "country_code").unique().rows() == [
        ("Conservative Party", "ORG", "GB")]
    # a country's demonym names a people, never a party's family
    assert resolved.filter(pl.col("surface") == "British")["entity_type"].to_list() == ["NORP"]


def test_a_group_name_joins_its_long_form_without_any_dictionary_entry() -> None:
    rows = [mention("a1", 0, "Zorblat", "NORP"), mention("a2", 0, "Zorblat Party", "ORG")]
    resolved = resolve(rows)
    assert resolved.select("canonical_name", "entity_type").unique().rows() == [
        ("Zorblat Party", "ORG")]


def test_a_lone_surname_joins_the_dominant_full_name_unless_its_article_names_another() -> None:
    rows = [mention(f"t{i}", 0, "Tony Quarm", "PERSON") for i in range(8)] + [
        mention("a6", 0, "Cherie Quarm", "PERSON"),
        mention("a7", 0, "Quarm", "PERSON"),
        mention("a8", 0, "Lena Quarm", "PERSON"), mention("a8", 30, "Quarm", "PERSON")]
    resolved = resolve(rows)
    lone = dict(resolved.filter(pl.col("surface") == "Quarm").select(
        "article_id", "canonical_name").rows())
    assert lone == {"a7": "Tony Quarm", "a8": "Quarm"}


def test_no_dominant_full_name_leaves_the_surname_alone() -> None:
    rows = [mention("a1", 0, "Andy Pell", "PERSON"), mention("a2", 0, "Jason Pell", "PERSON"),
            mention("a3", 0, "Pell", "PERSON")]
    resolved = resolve(rows)
    assert resolved.filter(pl.col("article_id") == "a3")["canonical_name"].to_list() == ["Pell"]


def test_countries_stated_before_names_agree_across_articles() -> None:
    rows = [mention("a1", 0, "American", "NORP"), mention("a1", 9, "Alan Webbly", "PERSON"),
            mention("a2", 0, "France", "GPE"), mention("a2", 9, "Pernaud Rick", "ORG"),
            mention("a3", 0, "American", "NORP"), mention("a3", 9, "Kim Two", "PERSON"),
            mention("a4", 0, "French", "NORP"), mention("a4", 7, "Kim Two", "PERSON")]
    countries = dict(resolve(rows).select("canonical_name", "country_code").unique().rows())
    assert countries["Alan Webbly"] == "US"
    assert countries["Pernaud Rick"] == "FR"     # "France's Pernaud Rick"
    assert countries["Kim Two"] is None          # two countries stated: no country
