"""An organisation's short form within one article: after "Marsh & McLennan", "Foster's Group"
or "Inner Mongolia Yili Industrial" is named, a later "Marsh", "Foster's" or "Yili" is that
organisation.

A short name S joins the long name L in an article when
- L is an organisation (ORG) the article names before S's first mention;
- S's words, possessives dropped, are a run of L's words, and L is the article's only
  organisation name they are a run of;
- S is read as an organisation or a person (not a place, a people or a country), and, read as
  a person, is one word and no surname: not the last word of L, nor of a full name the
  article gives;
- the article does not also read L as a person, and L is not written in capitals (a
  headline's shout);
- the batch does not use S more often apart from L than with it: "Google" in an article that
  once names "Google News" stays Google, as the other articles name Google alone.

Short-form words that end long names ("Group", "Party": `entity_short_form_suffixes.txt`)
are no short form on their own. The rule reads one article at a time and knows no name.
"""

from __future__ import annotations

import polars as pl

from tasks.data_files import read_lines
from tasks.gazetteer import place_gazetteer

SHORT_TYPES = ("ORG", "PERSON")


def _words(name: pl.Expr) -> pl.Expr:
    """Lower-cased words, possessive endings dropped: "Foster's Group" -> [foster, group]."""
    return name.str.to_lowercase().str.replace_all(r"['’]s\b", "").str.split(" ")


def _joined(words: pl.Expr) -> pl.Expr:
    """Words as one string with a space on each side, so a run is a plain substring."""
    return pl.lit(" ") + words.list.join(" ") + pl.lit(" ")


def _short_name_candidates(named: pl.DataFrame) -> pl.DataFrame:
    """article_id, short, long: each short name of an article with the article's organisations
    whose words contain it as a run, named before it."""
    first_use = named.group_by("article_id", "canonical_name", "entity_type").agg(
        pl.col("start_char").min().alias("first"))
    # a long name the article also reads as a person is no clear organisation ("Kevin Brown")
    people = first_use.filter(pl.col("entity_type") == "PERSON").select("article_id", "canonical_name")
    longs = (first_use.filter(pl.col("entity_type") == "ORG")
             .join(people, on=["article_id", "canonical_name"], how="anti")
             # a name in capitals is a headline's shout ("MITCHELL DEFEATS"), no evidence of a name
             .filter(pl.col("canonical_name") != pl.col("canonical_name").str.to_uppercase())
             .select("article_id", pl.col("canonical_name").alias("long"),
                     pl.col("first").alias("long_first"),
                     _joined(_words(pl.col("canonical_name"))).alias("long_words"),
                     _words(pl.col("canonical_name")).list.len().alias("long_size")))
    gazetteer = place_gazetteer()
    not_short = {*read_lines("entity_short_form_suffixes.txt"), *gazetteer.country_code_of_country,
                 *gazetteer.country_code_of_demonym, *gazetteer.country_code_of_capital}
    shorts = (first_use.filter(pl.col("entity_type").is_in(SHORT_TYPES))
              .filter(~pl.col("canonical_name").str.to_lowercase().is_in(list(not_short)))
              .select("article_id", pl.col("canonical_name").alias("short"), "entity_type",
                      pl.col("first").alias("short_first"),
                      _joined(_words(pl.col("canonical_name"))).alias("short_words"),
                      _words(pl.col("canonical_name")).list.len().alias("short_size")))
    return (shorts.join(longs, on="article_id")
            .filter((pl.col("long_size") > pl.col("short_size"))
                    & (pl.col("long_first") < pl.col("short_first"))
                    & pl.col("long_words").str.contains(pl.col("short_words"), literal=True)
                    # read as a person, a short form is one word ("Marsh"; "Kevin Brown" is a
                    # full name) and not the last of the long name (a surname)
                    & ~((pl.col("entity_type") == "PERSON")
                        & ((pl.col("short_size") > 1)
                           | pl.col("long_words").str.ends_with(pl.col("short_words"))))))


def _people_surnames(named: pl.DataFrame) -> pl.DataFrame:
    return (named.filter((pl.col("entity_type") == "PERSON")
                         & pl.col("canonical_name").str.contains(" "))
            .select("article_id", pl.col("canonical_name").str.split(" ").list.last()
                    .str.to_lowercase().alias("surname")).unique())


def _used_apart(named: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """short, long, apart, together: how many of the batch's articles use the short name
    without / with the long one."""
    articles_of = named.select("article_id", pl.col("canonical_name").str.to_lowercase().alias("key")).unique()
    short_in = pairs.select("short", "long").unique().join(
        articles_of, left_on=pl.col("short").str.to_lowercase(), right_on="key")
    long_keys = articles_of.rename({"key": "long_key", "article_id": "long_article_id"})
    with_long = short_in.join(long_keys, left_on=[pl.col("long").str.to_lowercase(), "article_id"],
                              right_on=["long_key", "long_article_id"], how="left", coalesce=False)
    return with_long.group_by("short", "long").agg(
        pl.col("long_key").is_null().sum().alias("apart"),
        pl.col("long_key").is_not_null().sum().alias("together"))


def short_forms_to_long_forms(named: pl.DataFrame) -> pl.DataFrame:
    """Rename each article's short organisation names to their long name, typed ORG.
    named: article_id, canonical_name, entity_type, start_char (and any other columns)."""
    pairs = _short_name_candidates(named)
    if pairs.is_empty():
        return named
    pairs = (pairs.join(_people_surnames(named), left_on=["article_id", pl.col("short").str.to_lowercase()],
                        right_on=["article_id", "surname"], how="anti")
             .with_columns(pl.col("long").n_unique().over("article_id", "short").alias("longs"))
             .filter(pl.col("longs") == 1))
    common = _used_apart(named, pairs).filter(pl.col("apart") <= pl.col("together"))
    renames = (pairs.join(common.select("short", "long"), on=["short", "long"])
               .select("article_id", pl.col("short").alias("canonical_name"),
                       pl.col("long").alias("long_name")).unique())
    return (named.join(renames, on=["article_id", "canonical_name"], how="left")
            .with_columns(pl.when(pl.col("long_name").is_not_null()).then(pl.lit("ORG"))
                          .otherwise(pl.col("entity_type")).alias("entity_type"),
                          pl.coalesce("long_name", "canonical_name").alias("canonical_name"))
            .drop("long_name"))
