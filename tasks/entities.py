"""Normalise mentions into canonical entities: names, types, country codes, aliases, roles.

Reference data on countries, spellings, demonyms and capitals is `tasks.gazetteer` (shared with
extraction); one-word places ("Manchester") come from pycountry's subdivisions. Club and
competition words are in `entity_club_suffixes.csv` and `entity_event_suffixes.txt`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tasks.data_files import read_lines
from tasks.entity_countries import country_evidence
from tasks.entity_families import organisation_families
from tasks.entity_name_forms import (
    escape_regex,
    expand_acronyms,
    expand_clipped_words,
    org_suffix_words,
    singular_forms,
)
from tasks.entity_person_forms import honorific_name, leading_group_words, middle_initial_forms
from tasks.entity_short_forms import short_forms_to_long_forms
from tasks.entity_type_sets import COUNTRY_NAMED_TYPES
from tasks.entity_types import country_code_expr, vote_types_across_articles
from tasks.gazetteer import (  # noqa: F401  (canonical_country_name, club_suffix_kinds: re-exported)
    canonical_country_name,
    club_suffix_kinds,
    is_country_name,
    place_gazetteer,
    strip_article,
    subdivision_name,
)
from tasks.ids import stable_id_expr
from tasks.place_evidence import dictionary_place_country
from tasks.places import default_geonames_id, resolve_mention_places

ENTITY_SCHEMA = {
    "entity_id": pl.String, "canonical_name": pl.String, "entity_type": pl.String,
    "country_code": pl.String, "aliases": pl.List(pl.String),
    "first_seen_at": pl.Datetime("us"), "last_seen_at": pl.Datetime("us"),
    # the GeoNames feature of a place (tasks.places); NULL for other entities and unresolved places
    "geonames_id": pl.Int64, "feature_class": pl.String, "admin1_code": pl.String,
    "latitude": pl.Float64, "longitude": pl.Float64,
    # which evidence gave country_code (tasks.entity_countries): 'place' for places and
    # nationalities; 'dictionary', 'affiliation', 'name', 'stated', 'articles' for people and
    # organisations; NULL when country_code is
    "country_source": pl.String,
}
PLACE_FEATURE_COLUMNS = ["geonames_id", "feature_class", "admin1_code", "latitude", "longitude"]
MENTION_COLUMNS = ["article_id", "entity_id", "surface", "start_char", "end_char",
                   "sentence_index", "label"]
ROLE_COLUMNS = ["article_id", "person_entity_id", "title", "affiliation_entity_id"]


# "Davis Cup", "US Open": capitalised words ending in a competition word (entity_event_suffixes).
_EVENT_PATTERN = (r"^(?:[A-Z][\w.'&-]*\s)+(?i:" + "|".join(read_lines("entity_event_suffixes.txt"))
                  + r")$")


def canonical_names(mentions: pl.DataFrame) -> pl.DataFrame:
    """Add canonical_name, entity_type (country names unified to GPE) and country_code.

    A country's name is the country whatever the model typed it: "Wales" the rugby side (ORG)
    is the one entity Wales (GPE), as CoNLL and GDELT file national sides under the country;
    countries inside a state ("Wales") keep their own name."""
    gazetteer = place_gazetteer()
    base = pl.coalesce("canonical_hint", "surface").str.replace_all(r"\s+", " ").str.strip_chars()
    base = base.str.replace(r"^(?i:the) ", "").str.replace(r"['’]s?$", "")
    named = mentions.with_columns(base.alias("canonical_name"))
    lowered = named["canonical_name"].str.to_lowercase()
    country_code = lowered.replace_strict(gazetteer.country_code_of_country, default=None)
    is_nation = lowered.is_in(list(gazetteer.country_code_of_nation))
    countable = named["entity_type"].is_in([*COUNTRY_NAMED_TYPES, "ORG", "NORP"])
    is_country = country_code.is_not_null() & countable
    is_event = named["canonical_name"].str.contains(_EVENT_PATTERN)
    named = named.with_columns(
        pl.when(is_country).then(
            country_code.replace_strict(gazetteer.country_name_of_code, default=None))
        .otherwise(pl.col("canonical_name")).alias("canonical_name"),
        pl.when(is_country | (is_nation & countable)).then(pl.lit("GPE"))
        .when(is_event).then(pl.lit("EVENT"))
        .otherwise(pl.col("entity_type")).alias("entity_type"),
    )
    return named.with_columns(
        country_code_expr(pl.col("canonical_name"), pl.col("entity_type")).alias("country_code")
    )


def _unique_long_forms(long_names: pl.DataFrame, key: pl.Expr) -> pl.DataFrame:
    """short key -> the one long name that has it; keys shared by two long names are dropped
    (two "Brown"s in a batch: a lone "Brown" stays as written)."""
    return (
        long_names.with_columns(key.alias("short_key"))
        .group_by("short_key")
        .agg(pl.col("canonical_name").str.to_lowercase().n_unique().alias("long_forms"),
             pl.col("canonical_name").sort().first().alias("long_form"))
        .filter(pl.col("long_forms") == 1)
        .select("short_key", "long_form")
    )


def resolve_across_articles(named: pl.DataFrame) -> pl.DataFrame:
    """Within a batch: a lone surname becomes the full name that is clearly the batch's main one
    of that surname (see `_dominant_full_names`: "Blair" -> "Tony Blair"); an organisation's
    short name whose only long form is "<short> <organisation word>" becomes it ("Labour" ->
    "Labour Party")."""
    org_words = sorted(org_suffix_words(), key=len, reverse=True)
    names = named.select("canonical_name", "entity_type").unique()
    orgs = names.filter(pl.col("entity_type") == "ORG")
    suffix_pattern = r"(?i)\s+(?:" + "|".join(escape_regex(w) for w in org_words) + r")$"
    short_of = _unique_long_forms(
        orgs.filter(pl.col("canonical_name").str.contains(suffix_pattern)),
        pl.col("canonical_name").str.replace(suffix_pattern, "").str.to_lowercase())
    lone_key = pl.col("canonical_name").str.to_lowercase()
    return _lone_surnames_to_full_names(named).join(
        short_of, left_on=lone_key, right_on="short_key", how="left"
    ).with_columns(
        pl.when((pl.col("entity_type") == "ORG") & pl.col("long_form").is_not_null())
        .then(pl.col("long_form")).otherwise(pl.col("canonical_name")).alias("canonical_name")
    ).drop("long_form")


# A lone surname joins the batch's full name of that surname that has at least this share of
# the mentions of all full names with it (as an acronym joins its long form).
DOMINANT_SHARE = 0.8


def _dominant_full_names(named: pl.DataFrame) -> pl.DataFrame:
    """short_key (a lower-cased surname) -> long_form: the full name with DOMINANT_SHARE of the
    mentions of the batch's full names ending in that surname ("Tony Blair" over a passing
    "Cherie Blair"); none when no full name dominates ("Robinson": Andy and Jason)."""
    people = named.filter((pl.col("entity_type") == "PERSON")
                          & pl.col("canonical_name").str.contains(" ")
                          & ~honorific_name(pl.col("canonical_name")))
    surname = pl.col("canonical_name").str.split(" ").list.last().str.to_lowercase()
    counts = (people.group_by(surname.alias("short_key"),
                              pl.col("canonical_name").str.to_lowercase().alias("name_key"))
              .agg(pl.col("canonical_name").min(), pl.len().alias("uses")))
    return (counts.sort(["short_key", "uses", "canonical_name"], descending=[False, True, False])
            .group_by("short_key", maintain_order=True)
            .agg(pl.col("canonical_name").first().alias("long_form"),
                 (pl.col("uses").first() / pl.col("uses").sum()).alias("share"))
            .filter(pl.col("share") >= DOMINANT_SHARE).drop("share"))


def _lone_surnames_to_full_names(named: pl.DataFrame) -> pl.DataFrame:
    """A PERSON mention that is one word takes the dominant full name of that surname, unless
    its own article names someone else with that surname (then the article's own rule, in
    tasks.ner, decided, or the text does not say who is meant)."""
    surname_key = pl.col("canonical_name").str.split(" ").list.last().str.to_lowercase()
    in_article = (named.filter((pl.col("entity_type") == "PERSON")
                               & pl.col("canonical_name").str.contains(" ")
                               & ~honorific_name(pl.col("canonical_name")))
                  .select("article_id", surname_key.alias("short_key"),
                          pl.col("canonical_name").str.to_lowercase().alias("article_name"))
                  .unique())
    lone = (pl.col("entity_type") == "PERSON") & ~pl.col("canonical_name").str.contains(" ")
    others = (in_article.join(_dominant_full_names(named), on="short_key")
              .filter(pl.col("article_name") != pl.col("long_form").str.to_lowercase())
              .select("article_id", "short_key").unique()
              .with_columns(pl.lit(True).alias("has_other")))
    return (named.with_columns(pl.col("canonical_name").str.to_lowercase().alias("short_key"))
            .join(_dominant_full_names(named), on="short_key", how="left")
            .join(others, on=["article_id", "short_key"], how="left")
            .with_columns(pl.when(lone & pl.col("long_form").is_not_null()
                                  & pl.col("has_other").is_null())
                          .then(pl.col("long_form")).otherwise(pl.col("canonical_name"))
                          .alias("canonical_name"))
            .drop("short_key", "long_form", "has_other"))


def resolve_entities(
    mentions: pl.DataFrame, roles: pl.DataFrame, articles: pl.DataFrame,
    sentences: pl.DataFrame | None = None,
) -> ResolvedEntities:
    """mentions/roles/sentences: extraction frames (the sentences' text is read for countries
    stated in brackets after names); articles: article_id, published_at, ingested_at."""
    seen_at = articles.select(
        "article_id", pl.coalesce("published_at", "ingested_at").alias("seen_at")
    )
    named = canonical_names(mentions)
    # Type first (a name's batch-wide type decides which rules apply to it), then the name
    # rules, then type again: the merged spellings may have voted differently.
    named = vote_types_across_articles(named)
    for rule in (singular_forms, expand_acronyms, expand_clipped_words,
                 organisation_families, short_forms_to_long_forms, leading_group_words,
                 middle_initial_forms, resolve_across_articles):
        named = rule(named)
    named = with_place_entity_ids(resolve_places(vote_types_across_articles(named)))
    entities = (
        named.join(seen_at, on="article_id", how="left")
        .group_by("entity_id")
        .agg(
            pl.col("canonical_name").first(),
            pl.col("entity_type").first(),
            pl.col("country_code").drop_nulls().mode().sort().first(),
            pl.col("surface").unique().sort().alias("aliases"),
            pl.col("seen_at").min().alias("first_seen_at"),
            pl.col("seen_at").max().alias("last_seen_at"),
            *(pl.col(c).drop_nulls().first() for c in PLACE_FEATURE_COLUMNS),
        )
        .with_columns(country_source=pl.when(pl.col("country_code").is_not_null()).then(pl.lit("place")))
        .select(list(ENTITY_SCHEMA))
        .cast(ENTITY_SCHEMA)
        .sort("entity_id")
    )
    entity_roles = resolve_roles(named, roles)
    return ResolvedEntities(with_evidence_countries(entities, entity_roles, named, sentences),
                            named.select(MENTION_COLUMNS),
                            entity_roles)


def with_evidence_countries(entities: pl.DataFrame, entity_roles: pl.DataFrame,
                            named: pl.DataFrame | None = None,
                            sentences: pl.DataFrame | None = None) -> pl.DataFrame:
    """Fill the country_code of people and organisations, and its country_source, from the
    evidence `tasks.entity_countries.country_evidence` reads (dictionaries, stated
    affiliations, cues before names, the batch's articles), where it names one country."""
    evidence = country_evidence(entities, entity_roles, named, sentences)
    has_own = pl.col("country_code").is_not_null()
    return (entities.join(evidence, on="entity_id", how="left", suffix="_evidence")
            .with_columns(pl.when(has_own).then("country_source")
                          .otherwise("country_source_evidence").alias("country_source"),
                          pl.coalesce("country_code", "country_code_evidence").alias("country_code"))
            .select(list(ENTITY_SCHEMA)).sort("entity_id"))


def resolve_places(named: pl.DataFrame) -> pl.DataFrame:
    """Each place mention's GeoNames feature in its article (tasks.places); a resolved place's
    country is the feature's ("Georgia" beside "Atlanta" is the US state, so US), an unresolved
    one named like a division keeps the division's country ("Rajasthan": IN)."""
    placed = resolve_mention_places(named)
    return placed.with_columns(
        pl.when(pl.col("geonames_id").is_not_null()).then(pl.col("place_country_code"))
        .otherwise(pl.coalesce("country_code", "place_country_code",
                               _dictionary_place_countries(placed)))
        .alias("country_code")
    ).drop("place_country_code")


def _dictionary_place_countries(placed: pl.DataFrame) -> pl.Expr:
    """The actor dictionaries' country of an unresolved place's name ("Chechnya" -> RU, a
    region GeoNames' cities and pycountry's divisions lack); NULL for other mentions."""
    names = placed.filter(pl.col("entity_type").is_in(COUNTRY_NAMED_TYPES)
                          & pl.col("geonames_id").is_null())["canonical_name"].unique()
    countries = {name: dictionary_place_country(name) for name in names.to_list()}
    return (pl.when(pl.col("entity_type").is_in(COUNTRY_NAMED_TYPES))
            .then(pl.col("canonical_name").replace_strict(countries, default=None,
                                                          return_dtype=pl.String)))


def with_place_entity_ids(named: pl.DataFrame) -> pl.DataFrame:
    """entity_id = hash of (entity_type, canonical_name), as for every entity, for a place that
    is the feature its name means on its own; a namesake an article's context resolved to
    another feature ("Birmingham" beside "Alabama") is its own entity, the feature's id added
    to the hash. The rule needs no other article, so every window and run agrees on it."""
    names = named.filter(pl.col("geonames_id").is_not_null())["canonical_name"].unique().to_list()
    defaults = pl.DataFrame({"canonical_name": names,
                             "default_geonames_id": [default_geonames_id(n) for n in names]},
                            schema={"canonical_name": pl.String, "default_geonames_id": pl.Int64})
    namesake = pl.col("geonames_id").is_not_null() & (
        pl.col("default_geonames_id").is_null()
        | (pl.col("geonames_id") != pl.col("default_geonames_id")))
    return named.join(defaults, on="canonical_name", how="left").with_columns(
        entity_id=pl.when(namesake)
        .then(stable_id_expr("entity_type", "canonical_name", "geonames_id"))
        .otherwise(stable_id_expr("entity_type", "canonical_name"))
    ).drop("default_geonames_id")


def resolve_roles(named_mentions: pl.DataFrame, roles: pl.DataFrame) -> pl.DataFrame:
    """Link each role's person and affiliation spans to the entities of those mentions."""
    spans = named_mentions.select("article_id", "start_char", "end_char", "entity_id")
    person = spans.rename({"start_char": "person_start_char", "end_char": "person_end_char",
                           "entity_id": "person_entity_id"})
    affiliation = spans.rename({"start_char": "affiliation_start_char",
                                "end_char": "affiliation_end_char",
                                "entity_id": "affiliation_entity_id"})
    typed_roles = roles.cast({c: pl.Int32 for c in roles.columns if c.endswith("_char")})
    typed_person = person.cast({"person_start_char": pl.Int32, "person_end_char": pl.Int32})
    typed_affiliation = affiliation.cast({"affiliation_start_char": pl.Int32,
                                          "affiliation_end_char": pl.Int32})
    return (
        typed_roles.join(typed_person, on=["article_id", "person_start_char", "person_end_char"],
                         how="inner")
        .join(typed_affiliation,
              on=["article_id", "affiliation_start_char", "affiliation_end_char"], how="left")
        .select(ROLE_COLUMNS)
        .unique(maintain_order=True)
        .cast({c: pl.String for c in ROLE_COLUMNS})
    )


@dataclass(frozen=True)
class ResolvedEntities:
    entities: pl.DataFrame
    mentions: pl.DataFrame
    entity_roles: pl.DataFrame
