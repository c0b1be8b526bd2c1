"""Spelling rules of entity resolution within a batch: a group's plural and singular are one
name ("Tories" -> "Tory"), an acronym joins its long form ("the UN" -> "United Nations"), a
clipped word joins the whole one. Each rule maps a frame of named mentions to the same frame
with some canonical names replaced; `tasks.entities.resolve_entities` runs them in order."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from tasks.data_files import read_lines

NAMED_GROUP_TYPES = ("ORG", "NORP")      # types whose names inflect: "Tory"/"Tories"
ACRONYM_TYPES = ("ORG", "GPE")
ACRONYM_DOMINANT_SHARE = 0.8


def _rename(named: pl.DataFrame, renames: pl.DataFrame) -> pl.DataFrame:
    """Apply a `from_key` (lower-cased name) -> `to_name` table to canonical_name."""
    return (named.with_columns(pl.col("canonical_name").str.to_lowercase().alias("from_key"))
            .join(renames, on="from_key", how="left")
            .with_columns(pl.coalesce("to_name", "canonical_name").alias("canonical_name"))
            .drop("from_key", "to_name"))


def _batch_names(named: pl.DataFrame, types: tuple[str, ...]) -> pl.DataFrame:
    """canonical_name of the given types, one row per distinct lower-cased spelling (the
    alphabetically first spelling, so the choice does not depend on row order)."""
    return (named.filter(pl.col("entity_type").is_in(types))
            .group_by(pl.col("canonical_name").str.to_lowercase().alias("name_key"))
            .agg(pl.col("canonical_name").min()))


def singular_forms(named: pl.DataFrame) -> pl.DataFrame:
    """A group's plural and its singular are one entity, named by the singular:
    "Tories" -> "Tory", "Lib Dems" -> "Lib Dem", "Americans" -> "American" (when the batch
    also has the singular as an ORG/NORP name)."""
    groups = _batch_names(named, NAMED_GROUP_TYPES)
    plural = pl.col("name_key")
    singular_keys = groups.with_columns(
        pl.when(plural.str.ends_with("ies")).then(plural.str.replace(r"ies$", "y"))
        .when(plural.str.ends_with("s") & ~plural.str.ends_with("ss"))
        .then(plural.str.replace(r"s$", "")).otherwise(None).alias("singular_key"))
    renames = singular_keys.join(
        groups.rename({"name_key": "singular_key", "canonical_name": "to_name"}),
        on="singular_key", how="inner").select(pl.col("name_key").alias("from_key"), "to_name")
    return _rename(named, renames)


def _initials_expr(words: pl.Expr) -> pl.Expr:
    """Initials of the capitalised words ("Bank of England" -> "BE")."""
    return words.list.eval(pl.element().filter(pl.element().str.contains(r"^[A-Z]"))
                           .str.slice(0, 1)).list.join("")


def expand_acronyms(named: pl.DataFrame) -> pl.DataFrame:
    """An acronym whose letters are the initials of one long organisation or place name in
    the batch is that name: "EU" -> "European Union", "IBM" -> "International Business
    Machines Corp" (a trailing "Corp"/"Inc" may be left out). When several long names share
    the initials, the one with at least ACRONYM_DOMINANT_SHARE of their mentions wins
    ("European Union" over a passing "Edinburgh University"), else the acronym stays. People
    never have acronyms ("US" is not "Ulrich Schulte-Strathaus"); country acronyms ("US",
    "UK") are already country names here."""
    names = _batch_names(named, ACRONYM_TYPES).join(
        named.group_by(pl.col("canonical_name").str.to_lowercase().alias("name_key"))
        .agg(pl.len().alias("mention_count")), on="name_key")
    words = pl.col("canonical_name").str.split(" ")
    suffix_pattern = r"(?i)\s+(?:" + "|".join(escape_regex(w) for w in org_suffix_words()) + r")$"
    long_forms = names.filter(pl.col("canonical_name").str.contains(" "))
    by_initials = pl.concat([
        long_forms.select(_initials_expr(words).alias("acronym"), "canonical_name",
                          "mention_count"),
        long_forms.filter(pl.col("canonical_name").str.contains(suffix_pattern)).select(
            _initials_expr(pl.col("canonical_name").str.replace(suffix_pattern, "")
                           .str.split(" ")).alias("acronym"), "canonical_name", "mention_count"),
    ]).filter(pl.col("acronym").str.len_chars() >= 2).unique(["acronym", "canonical_name"])
    unique = (by_initials.sort(["mention_count", "canonical_name"], descending=[True, False])
              .group_by("acronym")
              .agg(pl.col("canonical_name").first().alias("to_name"),
                   (pl.col("mention_count").first() / pl.col("mention_count").sum())
                   .alias("share"))
              .filter(pl.col("share") >= ACRONYM_DOMINANT_SHARE).drop("share"))
    acronyms = names.filter(pl.col("canonical_name").str.contains(r"^[A-Z]{2,6}$"))
    renames = acronyms.join(unique, left_on="canonical_name", right_on="acronym",
                            how="inner").select(pl.col("name_key").alias("from_key"), "to_name")
    return _rename(named, renames)


def expand_clipped_words(named: pl.DataFrame) -> pl.DataFrame:
    """A group's name of clipped words is the one longer name whose words they begin, word
    for word, every word cut short: "Lib Dem" -> "Liberal Democrat". Only organisations and
    groups: "New York" is not "New Yorker", and "Jon Smith" may not be "Jonathan Smith"."""
    names = _batch_names(named, NAMED_GROUP_TYPES).with_columns(
        pl.col("canonical_name").str.split(" ").alias("words")
    ).filter(pl.col("words").list.len() >= 2).with_columns(
        _initials_expr(pl.col("words")).alias("initials"),
        pl.col("words").list.len().alias("word_count"))
    pairs = names.join(names, on=["initials", "word_count"], suffix="_long").filter(
        pl.col("name_key") != pl.col("name_key_long"))
    if pairs.is_empty():
        return named
    words = pairs.select("name_key", "canonical_name_long", "words", "words_long").explode(
        ["words", "words_long"])
    clipped = (
        words.group_by("name_key", "canonical_name_long")
        .agg((pl.col("words_long").str.starts_with(pl.col("words"))
              & (pl.col("words").str.len_chars() >= 3)).all().alias("all_prefix"),
             (pl.col("words_long").str.len_chars() > pl.col("words").str.len_chars())
             .all().alias("all_clipped"))
        .filter(pl.col("all_prefix") & pl.col("all_clipped"))
        .group_by("name_key").agg(pl.col("canonical_name_long").n_unique().alias("n"),
                                  pl.col("canonical_name_long").first().alias("to_name"))
        .filter(pl.col("n") == 1)
        .select(pl.col("name_key").alias("from_key"), "to_name")
    )
    return _rename(named, clipped)


def escape_regex(word: str) -> str:
    return "".join("\\" + ch if not ch.isalnum() and ch != " " else ch for ch in word)


@lru_cache(maxsize=1)
def org_suffix_words() -> tuple[str, ...]:
    """Words that end an organisation's long name but not its short one ("Party", "Corp")."""
    return tuple(read_lines("entity_short_form_suffixes.txt"))
