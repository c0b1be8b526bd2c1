"""Spelling rules of people's names within a batch, run by `tasks.entities.resolve_entities`
before a lone surname looks for its full name (each maps a frame of named mentions to the same
frame with some canonical names replaced):
1. `leading_group_words`: a group's name stuck before a person's full name is no part of it
   ("Tories Ken Clarke" -> "Ken Clarke", a span the model ran on);
2. `middle_initial_forms`: a first name and surname are the one full name in the batch that
   adds middle initials between them ("George Bush" -> "George W Bush").
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from tasks.data_files import read_rows

PERSON = "PERSON"
GROUP_TYPES = ("ORG", "NORP")
# A middle initial: "W", "W.", "H.W.", "HW" (one or two capitals, dots optional).
INITIAL_PATTERN = r"^(?:[A-Z]\.?){1,2}$"
# At most this many leading words are read as a group's name ("Lib Dem Vince Cable").
MAX_GROUP_WORDS = 2


def _rename(named: pl.DataFrame, renames: pl.DataFrame) -> pl.DataFrame:
    """Apply a `canonical_name` -> `to_name` table to the PERSON mentions."""
    return (named.join(renames, on="canonical_name", how="left")
            .with_columns(pl.when(pl.col("entity_type") == PERSON)
                          .then(pl.coalesce("to_name", "canonical_name"))
                          .otherwise(pl.col("canonical_name")).alias("canonical_name"))
            .drop("to_name"))


def _person_names(named: pl.DataFrame) -> pl.DataFrame:
    return (named.filter((pl.col("entity_type") == PERSON)
                         & pl.col("canonical_name").str.contains(" "))
            .select("canonical_name").unique())


def leading_group_words(named: pl.DataFrame) -> pl.DataFrame:
    """A person's name that begins with one or two words the batch uses as an organisation's
    or group's name (ORG/NORP, as written: "Tories") and goes on with a full name the batch
    also has on its own (two words or more) is that full name: "Tories Ken Clarke" -> "Ken
    Clarke". A one-word rest is left alone ("Chelsea Clinton" is no "Chelsea" + "Clinton")."""
    groups = set(named.filter(pl.col("entity_type").is_in(GROUP_TYPES))["surface"]
                 .str.replace(r"^(?i:the) ", "").str.to_lowercase().unique().to_list())
    people = _person_names(named)["canonical_name"].to_list()
    known = set(people)
    renames: dict[str, str] = {}
    for name in people:
        words = name.split(" ")
        for cut in range(1, MAX_GROUP_WORDS + 1):
            rest = " ".join(words[cut:])
            if len(words) - cut >= 2 and rest in known \
                    and " ".join(words[:cut]).lower() in groups:
                renames[name] = rest
                break
    return _rename(named, pl.DataFrame({"canonical_name": list(renames),
                                        "to_name": list(renames.values())},
                                       schema={"canonical_name": pl.String,
                                               "to_name": pl.String}))


def middle_initial_forms(named: pl.DataFrame) -> pl.DataFrame:
    """A two-word PERSON name is the batch's one full name with the same first name and
    surname and only initials between them: "George Bush" -> "George W Bush", "John Kennedy"
    -> "John F Kennedy". Two such long forms ("George W Bush", "George HW Bush") leave it as
    written: the text does not say which is meant; spellings that differ only by full stops
    are one form, named by the first in sort order ("George W. Bush" -> "George W Bush")."""
    people = _person_names(named).with_columns(
        pl.col("canonical_name").str.split(" ").alias("words"))
    key = (pl.col("words").list.first() + " " + pl.col("words").list.last()).str.to_lowercase()
    middles = pl.col("words").list.slice(1, pl.col("words").list.len() - 2)
    initialled = (people.filter(pl.col("words").list.len() >= 3)
                  .filter(middles.list.eval(pl.element().str.contains(INITIAL_PATTERN))
                          .list.all()))
    long_forms = (
        initialled.group_by(key.alias("short_key"))
        .agg(pl.col("canonical_name").str.replace_all(".", "", literal=True).n_unique()
             .alias("forms"),
             pl.col("canonical_name").min().alias("to_name"))
        .filter(pl.col("forms") == 1).drop("forms"))
    renames = (pl.concat([people.filter(pl.col("words").list.len() == 2), initialled])
               .with_columns(key.alias("short_key"))
               .join(long_forms, on="short_key", how="inner")
               .filter(pl.col("canonical_name") != pl.col("to_name"))
               .select("canonical_name", "to_name"))
    return _rename(named, renames)


@lru_cache(maxsize=1)
def _gendered_honorifics() -> list[str]:
    return sorted({row["word"].rstrip(".") for row in read_rows("entity_honorific_genders.csv")})


def honorific_name(name: pl.Expr) -> pl.Expr:
    """True for a name that is a gendered honorific and a surname ("Mrs Howard", the name
    `tasks.ner.names` gives a spouse's mentions): no full name, so no lone surname joins it
    and it does not stand against the full name that surname means in the batch."""
    first = name.str.split(" ").list.first().str.to_lowercase().str.strip_chars_end(".")
    return first.is_in(_gendered_honorifics()) & (name.str.split(" ").list.len() == 2)
