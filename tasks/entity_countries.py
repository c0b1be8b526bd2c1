"""The country of a person or organisation, and which evidence gave it (`country_source`).

Sources, surest first; an entity takes the first that names one country for it:
- 'dictionary', 'affiliation', 'name': the actor dictionaries, the countries of the
  affiliations stated with its titles across the batch ("Japan's Minister ...", "Australian
  billionaire ..."), a country named in an organisation's name (`tasks.actors`);
- 'stated': a demonym right before its name ("American Alan Webb", "Swiss Re"), a country's
  possessive ("France's Pernod Ricard"), or a country's name right after it in brackets or
  after "of" ("Carlos Moya (Spain)" in results and line-ups, "Olivier Rochus of Belgium"),
  read from the mentions' offsets (and, after the name, the sentences' text);
- 'articles': the main country of the articles naming it (`tasks.actors.article_country_codes`,
  the organisations the dictionaries place counting as that country's places: "Labour Party",
  "House of Commons" make a British story) when it is the main country of at least
  ARTICLES_MIN_SHARE of them, of at least
  ARTICLES_MIN_COUNT articles, and none of them has another: an inference from where the news
  is, not a statement (hand-measured precision in docs/quality.md: about 4 in 5). Actor coding
  does not take it as the entity's own country (`tasks.actors.participant_inputs`).
"""

from __future__ import annotations

import polars as pl

from tasks.actors import article_country_codes, entity_country_evidence
from tasks.gazetteer import place_gazetteer

HOLDER_TYPES = ("PERSON", "ORG")
# Characters between the cue and the name: one space after a demonym ("American Alan"), "'s "
# after a country ("France's Pernod").
DEMONYM_GAP = 1
POSSESSIVE_GAP = 3
# A country inferred from articles needs 3 articles at least and the same main country in two
# thirds of all the articles naming the entity (articles without a main country count against
# it), chosen before measuring; and, added after a first sample showed Italian rugby players
# placed in Britain by Six Nations reports, no article of another main country.
ARTICLES_MIN_COUNT = 3
ARTICLES_MIN_SHARE = 2 / 3
EVIDENCE_COLUMNS = {"entity_id": pl.String, "country_code": pl.String, "country_source": pl.String}


def country_evidence(entities: pl.DataFrame, entity_roles: pl.DataFrame,
                     named: pl.DataFrame | None = None,
                     sentences: pl.DataFrame | None = None) -> pl.DataFrame:
    """entity_id, country_code, country_source for the people and organisations some source
    places (the first that does, in the order of this module's docstring). named: the batch's
    mentions with entity_id (without it, only the first sources are read); sentences: the
    extraction's (without them, brackets are not read)."""
    sources = [entity_country_evidence(entities, entity_roles)]
    if named is not None:
        cues = stated_countries(named)
        if sentences is not None:
            cues = pl.concat([cues, bracketed_countries(named, sentences)])
        sources.append(_one_country(cues, "stated"))
        sources.append(article_agreed_countries(
            named, _with_institution_countries(entities, sources[0])).with_columns(
            country_source=pl.lit("articles")))
    return (pl.concat([source.select(list(EVIDENCE_COLUMNS)).cast(EVIDENCE_COLUMNS)
                       for source in sources])
            .unique("entity_id", keep="first", maintain_order=True))


# Sources that place an organisation surely enough for it to place its articles as a country's
# name does: the dictionaries ("Labour Party", "Bundestag") and a country in its name.
INSTITUTION_SOURCES = ("dictionary",)


def _with_institution_countries(entities: pl.DataFrame, evidence: pl.DataFrame) -> pl.DataFrame:
    """The entities, with the organisations INSTITUTION_SOURCES place counted as places of that
    country when the articles' country is read: a story on "the Tories" and "Labour" is a
    British story though it names no British place."""
    placed = (evidence.filter(pl.col("country_source").is_in(INSTITUTION_SOURCES))
              .select("entity_id", pl.col("country_code").alias("institution_country")))
    is_institution = (pl.col("entity_type") == "ORG") & pl.col("institution_country").is_not_null()
    return (entities.join(placed, on="entity_id", how="left")
            .with_columns(pl.when(is_institution).then(pl.lit("NORP"))
                          .otherwise(pl.col("entity_type")).alias("entity_type"),
                          pl.coalesce("country_code", "institution_country").alias("country_code"))
            .drop("institution_country"))


def _one_country(cues: pl.DataFrame, source: str) -> pl.DataFrame:
    """The entities whose cues all name one country."""
    return (cues.group_by("entity_id").agg(pl.col("country_code").unique())
            .filter(pl.col("country_code").list.len() == 1)
            .select("entity_id", pl.col("country_code").list.first(),
                    country_source=pl.lit(source)))


def stated_countries(named: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code (alpha-2): one row per country a cue states for an entity's
    mention in the same sentence. named: article_id, sentence_index, start_char, end_char,
    surface, entity_type, entity_id."""
    gazetteer = place_gazetteer()
    previous = (named.sort("article_id", "start_char")
                .with_columns(pl.col("end_char").shift(1).over("article_id").alias("cue_end"),
                              pl.col("surface").shift(1).over("article_id").str.to_lowercase()
                              .alias("cue"),
                              pl.col("entity_type").shift(1).over("article_id").alias("cue_type"),
                              pl.col("sentence_index").shift(1).over("article_id")
                              .alias("cue_sentence"))
                .filter(pl.col("cue_sentence") == pl.col("sentence_index")))
    # The gap is counted, not read: a cue in the sentence before ("... of Belgium.\n\nCoria",
    # three characters too) is no possessive.
    gap = pl.col("start_char") - pl.col("cue_end")
    demonym = pl.col("cue").replace_strict(gazetteer.country_code_of_demonym, default=None)
    country = _country_or_nation(pl.col("cue"))
    return (previous.filter(pl.col("entity_type").is_in(HOLDER_TYPES))
            .select("entity_id", pl.when((gap == DEMONYM_GAP) & (pl.col("cue_type") == "NORP"))
                    .then(demonym)
                    .when((gap == POSSESSIVE_GAP) & (pl.col("cue_type") == "GPE")).then(country)
                    .alias("country_code"))
            .drop_nulls("country_code").unique())


def _country_or_nation(lowered: pl.Expr) -> pl.Expr:
    """The alpha-2 code of a country's or a nation's name ("england" -> GB: "England's Jonny
    Wilkinson", "Gavin Henson (Wales)" play for a nation of the United Kingdom)."""
    gazetteer = place_gazetteer()
    return lowered.replace_strict(gazetteer.country_code_of_country, default=None).fill_null(
        lowered.replace_strict(gazetteer.country_code_of_nation, default=None))


def bracketed_countries(named: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code: a person or organisation named right before a country's name in
    brackets or after "of": "Carlos Moya (Spain)", "Olivier Rochus of Belgium". named:
    article_id, sentence_index, start_char, end_char, surface, entity_type, entity_id;
    sentences: article_id, sentence_index, start_char, text."""
    following = (named.sort("article_id", "start_char")
                 .with_columns(*(pl.col(c).shift(-1).over("article_id").alias(f"next_{c}")
                                 for c in ("start_char", "end_char", "surface", "entity_type")))
                 .filter(pl.col("entity_type").is_in(HOLDER_TYPES)
                         & (pl.col("next_entity_type") == "GPE"))
                 .join(sentences.select("article_id", "sentence_index",
                                        pl.col("start_char").alias("sentence_start"), "text"),
                       on=["article_id", "sentence_index"]))
    between = pl.col("text").str.slice(pl.col("end_char") - pl.col("sentence_start"),
                                       pl.col("next_start_char") - pl.col("end_char"))
    closing = pl.col("text").str.slice(pl.col("next_end_char") - pl.col("sentence_start"), 1)
    country = _country_or_nation(pl.col("next_surface").str.to_lowercase())
    return (following.filter(((between == " (") & (closing == ")")) | (between == " of "))
            .select("entity_id", country.alias("country_code"))
            .drop_nulls("country_code").unique())


def article_agreed_countries(named: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code: people and organisations named in ARTICLES_MIN_COUNT articles
    or more, ARTICLES_MIN_SHARE of which have that main country and none another.
    named: article_id, entity_id, entity_type; entities: entity_id, entity_type, country_code."""
    article_countries = article_country_codes(named.select("article_id", "entity_id"), entities)
    holders = (named.filter(pl.col("entity_type").is_in(HOLDER_TYPES))
               .select("article_id", "entity_id").unique())
    articles = holders.group_by("entity_id").len("articles")
    return (holders.join(article_countries, on="article_id")
            .group_by("entity_id", "country_code").len("agreeing")
            .filter(pl.len().over("entity_id") == 1)
            .join(articles, on="entity_id")
            .filter((pl.col("articles") >= ARTICLES_MIN_COUNT)
                    & (pl.col("agreeing") >= ARTICLES_MIN_SHARE * pl.col("articles")))
            .select("entity_id", "country_code").sort("entity_id"))
