"""Organisation families across a batch: the names one party or organisation goes by are one
ORG entity, named by its long form.

- a group's name G (its adjective or singular: "Conservative", "Tory" after "Tories" -> "Tory")
  with an organisation "G <short-form word>" in the batch ("Conservative Party", "Tory Party")
  is that organisation;
- names that one actor-dictionary record lists (`tasks/data/petrarch2/actors.csv` and
  `tasks/data/actor_supplement.csv`: "tory", "conservatives", "conservative party") are one
  organisation, when the batch uses one of them as an organisation.

A family member read as a group (NORP: "a Tory MP") becomes a mention of the organisation (ORG).
Countries' demonyms ("British", "American") are never family members: they name a people.
The rule knows no party by name; the data files say which names belong together.
"""

from __future__ import annotations

import polars as pl

from tasks.actor_dictionary import actor_dictionary
from tasks.actor_names import normal_name
from tasks.data_files import read_lines
from tasks.gazetteer import place_gazetteer

FAMILY_TYPES = ("ORG", "NORP")


def _suffix_pattern() -> str:
    words = sorted(read_lines("entity_short_form_suffixes.txt"), key=len, reverse=True)
    return r"(?i)\s+(?:" + "|".join("".join("\\" + c if not c.isalnum() else c for c in w)
                                    for w in words) + r")$"


def _family_names(named: pl.DataFrame) -> pl.DataFrame:
    """name_key, canonical_name, mentions, is_org, record: the batch's ORG/NORP names that are
    no country's demonym, with their dictionary record (null when none)."""
    demonyms = list(place_gazetteer().country_code_of_demonym)
    names = (named.filter(pl.col("entity_type").is_in(FAMILY_TYPES))
             .group_by(pl.col("canonical_name").str.to_lowercase().alias("name_key"))
             .agg(pl.col("canonical_name").min(), pl.len().alias("mentions"),
                  (pl.col("entity_type") == "ORG").any().alias("is_org"))
             .filter(~pl.col("name_key").is_in(demonyms)))
    records = actor_dictionary().names.filter(~pl.col("is_place")).select(
        pl.col("name").alias("normal"), pl.col("entry").alias("record"))
    return (names.with_columns(pl.col("canonical_name").map_elements(
                normal_name, return_dtype=pl.String).alias("normal"))
            .join(records, on="normal", how="left").drop("normal"))


def _long_form_renames(names: pl.DataFrame) -> pl.DataFrame:
    """from_key -> to_name: G -> "G <word>" when that is the batch's one organisation so named."""
    pattern = _suffix_pattern()
    long_forms = (names.filter(pl.col("is_org") & pl.col("canonical_name").str.contains(pattern))
                  .with_columns(pl.col("canonical_name").str.replace(pattern, "").str.to_lowercase()
                                .alias("from_key"))
                  .group_by("from_key").agg(pl.col("canonical_name").min().alias("to_name"),
                                            pl.len().alias("forms"))
                  .filter(pl.col("forms") == 1).drop("forms"))
    return long_forms.join(names.select(pl.col("name_key").alias("from_key")), on="from_key",
                           how="inner")


def _record_renames(names: pl.DataFrame) -> pl.DataFrame:
    """from_key -> to_name: every batch name of a dictionary record -> the record's organisation
    name in the batch (one with a short-form word first, then the most used)."""
    pattern = _suffix_pattern()
    targets = (names.filter(pl.col("record").is_not_null() & pl.col("is_org"))
               .with_columns(pl.col("canonical_name").str.contains(pattern).alias("is_long"))
               .sort(["record", "is_long", "mentions", "canonical_name"],
                     descending=[False, True, True, False])
               .group_by("record", maintain_order=True)
               .agg(pl.col("canonical_name").first().alias("to_name")))
    return (names.filter(pl.col("record").is_not_null()).join(targets, on="record", how="inner")
            .select(pl.col("name_key").alias("from_key"), "to_name"))


def organisation_families(named: pl.DataFrame) -> pl.DataFrame:
    """Rename every family member to its organisation's long name, typed ORG."""
    names = _family_names(named)
    if names.is_empty():
        return named
    by_long_form = _long_form_renames(names)
    renames = pl.concat([_record_renames(names),
                         by_long_form.filter(~pl.col("from_key").is_in(
                             _record_renames(names)["from_key"].implode()))])
    # A long form may itself be a member of a record ("Tory Party" -> "Conservative Party").
    second = renames.rename({"from_key": "to_key", "to_name": "final_name"})
    renames = (renames.with_columns(pl.col("to_name").str.to_lowercase().alias("to_key"))
               .join(second, on="to_key", how="left")
               .select("from_key", pl.coalesce("final_name", "to_name").alias("to_name")))
    # Every spelling of a target joins it too ("Conservative party" -> "Conservative Party").
    renames = pl.concat([renames, renames.select(
        pl.col("to_name").str.to_lowercase().alias("from_key"), "to_name")]).unique(
        "from_key", keep="first", maintain_order=True)
    is_member = pl.col("canonical_name").str.to_lowercase().is_in(
        renames["from_key"].implode()) & pl.col("entity_type").is_in(FAMILY_TYPES)
    targets = renames["to_name"].str.to_lowercase().unique().implode()
    return (named.with_columns(pl.col("canonical_name").str.to_lowercase().alias("from_key"),
                               is_member.alias("is_member"))
            .join(renames, on="from_key", how="left")
            .with_columns(
                pl.when(pl.col("is_member")).then(pl.col("to_name"))
                .otherwise(pl.col("canonical_name")).alias("canonical_name"))
            .with_columns(
                pl.when(pl.col("is_member") | (
                    pl.col("canonical_name").str.to_lowercase().is_in(targets)
                    & pl.col("entity_type").is_in(FAMILY_TYPES)))
                .then(pl.lit("ORG")).otherwise(pl.col("entity_type")).alias("entity_type"))
            .drop("from_key", "to_name", "is_member"))
