"""Countries of people and organisations that the text states right before their name: a
demonym ("American Alan Webb", "Swiss Re") or a country's possessive ("France's Pernod
Ricard", "Britain's Kathy Butler"), read from the mentions' offsets across a batch.

Evidence only: `tasks.entities.with_evidence_countries` gives an entity the country these cues
agree on when the actor dictionaries and stated roles give it none.
"""

from __future__ import annotations

import polars as pl

from tasks.gazetteer import place_gazetteer

HOLDER_TYPES = ("PERSON", "ORG")
# Characters between the cue and the name: one space after a demonym ("American Alan"), "'s "
# after a country ("France's Pernod").
DEMONYM_GAP = 1
POSSESSIVE_GAP = 3


def stated_countries(named: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code (alpha-2): one row per country a cue states for an entity's
    mention. named: article_id, start_char, end_char, surface, entity_type, entity_id."""
    gazetteer = place_gazetteer()
    previous = (named.sort("article_id", "start_char")
                .with_columns(pl.col("end_char").shift(1).over("article_id").alias("cue_end"),
                              pl.col("surface").shift(1).over("article_id").str.to_lowercase()
                              .alias("cue"),
                              pl.col("entity_type").shift(1).over("article_id").alias("cue_type")))
    gap = pl.col("start_char") - pl.col("cue_end")
    demonym = pl.col("cue").replace_strict(gazetteer.country_code_of_demonym, default=None)
    country = pl.col("cue").replace_strict(gazetteer.country_code_of_country, default=None)
    return (previous.filter(pl.col("entity_type").is_in(HOLDER_TYPES))
            .select("entity_id", pl.when((gap == DEMONYM_GAP) & (pl.col("cue_type") == "NORP"))
                    .then(demonym)
                    .when((gap == POSSESSIVE_GAP) & (pl.col("cue_type") == "GPE")).then(country)
                    .alias("country_code"))
            .drop_nulls("country_code").unique())
