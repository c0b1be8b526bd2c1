"""One type per canonical name across a batch: the majority of its mentions' types, a type a
rule set against the model counting more, with guards for clubs and places (see
`vote_types_across_articles`)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl
import pycountry

from tasks.data_files import read_lines, read_rows
from tasks.entity_type_sets import COUNTRY_NAMED_TYPES
from tasks.gazetteer import club_suffix_kinds, place_gazetteer, subdivision_name
from tasks.place_evidence import is_known_place, is_place_own_name


def country_code_expr(name: pl.Expr, entity_type: pl.Expr) -> pl.Expr:
    """A place's country from its name, a group's from its demonym; NULL for other types."""
    gazetteer = place_gazetteer()
    lowered = name.str.to_lowercase()
    return (
        pl.when(entity_type.is_in(COUNTRY_NAMED_TYPES))
        .then(lowered.replace_strict(gazetteer.country_code_of_country, default=None)
              .fill_null(lowered.replace_strict(gazetteer.country_code_of_nation, default=None))
              .fill_null(lowered.replace_strict(gazetteer.country_code_of_capital,
                                                default=None)))
        .when(entity_type == "NORP")
        .then(lowered.replace_strict(gazetteer.country_code_of_demonym, default=None))
        .otherwise(None)
    )


# A type a rule set against the model's label (a context cue, a suffix, a results line, a
# dateline) is surer than the model's reading: it counts this many times in the batch vote.
# Not PERSON: rules only set PERSON by copying the model's reading of a full name.
RULE_VOTE_WEIGHT = 3
CLUB_OR_PLACE_TYPES = ("ORG", "GPE", "LOC", "FAC")
CLUB_OR_PLACE_MIN_SHARE = 0.2
# A single word read as a person in most articles but shown to be an organisation by context
# ("Everton beat Bolton", "Everton manager") in at least this many articles is one, unless
# someone in the batch has it as a surname.
CONFIDENT_ORG_MIN_ARTICLES = 2
# Model types a one-word place name never has ("Labour chooses Manchester" read PERSON,
# "Leeds" the club read PRODUCT): such readings of a place do not vote.
NOT_PLACE_TYPES = ("PERSON", "PRODUCT", "WORK_OF_ART", "LAW")
# Readings that speak against a place: a name no place data knows ("Gazprom", "BT") that the
# batch reads as one of these somewhere has its place readings (COUNTRY_NAMED_TYPES) left out
# of the vote. NORP is no such evidence ("Longbridge" workers).
NAMED_THING_TYPES = ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT")


def vote_types_across_articles(named: pl.DataFrame) -> pl.DataFrame:
    """One type per canonical name in a batch: the type most of its mentions have, a type a
    rule set against the model counting RULE_VOTE_WEIGHT times ("Yukos" is ORG everywhere
    once the context showed a firm in enough articles). Ties go to the alphabetically first
    type, so the result does not depend on row order. Country codes follow the new type.
    Place <-> ORG readings that both have a fair share are left as they are (see below)."""
    key = pl.col("canonical_name").str.to_lowercase()
    by_rule = (pl.col("entity_type") != pl.col("label")) & (pl.col("entity_type") != "PERSON")
    votes = (_ballots(named).group_by("name_key", "entity_type")
             .agg(pl.when(by_rule).then(RULE_VOTE_WEIGHT).otherwise(1)
                  .mul(pl.col("counts")).sum().alias("votes"))
             .with_columns((pl.col("votes") / pl.col("votes").sum().over("name_key"))
                           .alias("share")))
    majority = (
        votes.sort(["name_key", "votes", "entity_type"], descending=[False, True, False])
        .group_by("name_key", maintain_order=True).agg(pl.col("entity_type").first()
                                                       .alias("voted_type"))
    )
    not_people = (votes.filter(~pl.col("entity_type").is_in(NOT_PLACE_TYPES))
                  .sort(["name_key", "votes", "entity_type"], descending=[False, True, False])
                  .group_by("name_key", maintain_order=True)
                  .agg(pl.col("entity_type").first().alias("place_type"))
                  .join(_place_names_read_as_people(named), on="name_key", how="inner"))
    majority = (
        majority.join(_club_names(named), on="name_key", how="left")
        .join(not_people, on="name_key", how="left")
        .with_columns(pl.coalesce("club_type", "place_type", "voted_type").alias("voted_type"),
                      pl.col("club_type").is_not_null().alias("is_club"))
        .drop("club_type", "place_type"))
    own, voted = pl.col("entity_type"), pl.col("voted_type")
    # A place that names a club or a government in some articles ("Chicago 5 Boston 3",
    # "Washington says") and a place in others is both: a place <-> ORG reading with a fair
    # share of the votes stays per article; a stray one ("EU" read GPE twice in 270) does not.
    # A club (see _club_names) is not a place anywhere.
    place_or_org = own.is_in(CLUB_OR_PLACE_TYPES) & voted.is_in(CLUB_OR_PLACE_TYPES) & (
        (own == "ORG") != (voted == "ORG")) & (pl.col("share") >= CLUB_OR_PLACE_MIN_SHARE) & (
        ~pl.col("is_club"))
    return (
        named.with_columns(key.alias("name_key")).join(majority, on="name_key", how="left")
        .join(votes.select("name_key", "entity_type", "share"), on=["name_key", "entity_type"],
              how="left")
        .with_columns(pl.when(place_or_org | voted.is_null()).then(own).otherwise(voted)
                      .alias("entity_type"))
        .drop("name_key", "voted_type", "share", "is_club")
        .with_columns(country_code_expr(pl.col("canonical_name"), pl.col("entity_type"))
                      .alias("country_code"))
    )


def _ballots(named: pl.DataFrame) -> pl.DataFrame:
    """One ballot per mention: name_key, entity_type (the reading voted for), label, counts
    (1, or 0 for a reading that does not vote). For a name no place data knows that the
    batch also reads as an organisation, person or thing (`_unknown_places_read_otherwise`),
    a place reading the model labelled as such a thing votes for the model's label ("Cabir"
    ORG to the model in 4 of 20 mentions, GPE by each article's majority), and the other
    place and group readings do not vote. An unknown name named like the batch's people
    (`_unknown_places_named_like_people`) has its GPE readings vote PERSON."""
    unknown = pl.col("name_key").is_in(_unknown_places_read_otherwise(named).implode())
    person_like = pl.col("name_key").is_in(_unknown_places_named_like_people(named).implode())
    own, label = pl.col("entity_type"), pl.col("label")
    reading = (pl.when(unknown & own.is_in(COUNTRY_NAMED_TYPES) & label.is_in(NAMED_THING_TYPES))
               .then(label)
               .when(person_like & (own == "GPE")).then(pl.lit("PERSON"))
               .otherwise(own))
    return (named.with_columns(pl.col("canonical_name").str.to_lowercase().alias("name_key"))
            .select("name_key", reading.alias("entity_type"), "label", unknown.alias("unknown"))
            .with_columns(pl.when(pl.col("unknown")
                                  & pl.col("entity_type").is_in([*COUNTRY_NAMED_TYPES, "NORP"]))
                          .then(0).otherwise(1).alias("counts")))


def _unknown_places_read_otherwise(named: pl.DataFrame) -> pl.Series:
    """name_key of names read as a place (GPE/LOC) somewhere and as an organisation, person or
    thing (NAMED_THING_TYPES: by a rule, an article's vote or the model's label) elsewhere in
    the batch that no place data knows (`tasks.place_evidence`): their place readings do not
    vote ("BT" GPE in 49 mentions, ORG in 68: one ORG). A known place keeps its votes:
    "Jordan" the footballer is a person by the context rules and the vote, not by the place
    data."""
    as_thing = pl.col("entity_type").is_in(NAMED_THING_TYPES) | pl.col("label").is_in(
        NAMED_THING_TYPES)
    readings = (named.group_by(pl.col("canonical_name").str.to_lowercase().alias("name_key"))
                .agg(pl.col("canonical_name").first(),
                     pl.col("entity_type").is_in(COUNTRY_NAMED_TYPES).any().alias("as_place"),
                     as_thing.any().alias("as_thing"))
                .filter(pl.col("as_place") & pl.col("as_thing")))
    known = [is_known_place(name) for name in readings["canonical_name"].to_list()]
    return readings.filter(~pl.Series(known, dtype=pl.Boolean))["name_key"]


# A full name as the batch's people have them: two or more capitalised words.
_FULL_NAME = r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)+$"
# The longest name read as a person's for its words alone: a given name and a surname, or
# three words with a middle name or initial ("Thabo Mbeki", "Pepito Elhorga").
MAX_PERSON_LIKE_WORDS = 3
# A full name lends its first word as a given name when the batch uses it this often: a
# one-off PERSON reading is as likely the model's slip ("Finding Neverland"). Its last word
# counts from one use: a surname is the name's own word, a first word may be anything.
MIN_GIVEN_NAME_USES = 2


@lru_cache(maxsize=1)
def _place_words_in_names() -> frozenset[str]:
    """Words that make a name a place's ("Stanley Park", "South Wales"): kinds of place
    (place_feature_words.txt) and the compass words before a region (place_qualifiers.txt)."""
    return frozenset(read_lines("place_feature_words.txt")) | frozenset(
        read_lines("place_qualifiers.txt"))


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """"King", "President": the first word of "King Abdullah" is no given name."""
    return frozenset(row["word"] for row in read_rows("entity_title_words.csv"))


def _unknown_places_named_like_people(named: pl.DataFrame) -> pl.Series:
    """name_key of names read as a city or country (GPE) that no place data knows and whose words
    are the batch's people's: one word that is a given name or surname of someone the batch
    names in full ("Stubbs" beside "Alan Stubbs"), or up to three capitalised words whose
    first is such a given name or whose last is such a surname ("Rio Ferdinand" beside "Les
    Ferdinand"). The model reads lone surnames and foreign names as places when nothing in
    the sentence says otherwise; the batch's people are the evidence. No name with a place's
    word in it counts, on either side (`_has_place_word`: "Stanley Park", "South Wales",
    "North Hykeham" read as a person)."""
    name, own = pl.col("canonical_name"), pl.col("entity_type")
    people = (named.filter((own == "PERSON") & name.str.contains(_FULL_NAME))
              .group_by("canonical_name").len())
    uses = [(person.split(), count) for person, count in people.iter_rows()]
    uses = [([w.lower() for w in words], count) for words, count in uses
            if not _has_place_word(words)]
    given = {words[0] for words, count in uses if count >= MIN_GIVEN_NAME_USES} - _title_words()
    surnames = {words[-1] for words, _ in uses}
    # GPE only: the model's LOC readings are seas, deserts and regions, and a stray PERSON
    # reading elsewhere ("Air Sahara", "Black Sabbath") must not make "Sahara" a person.
    places = named.filter(own == "GPE")["canonical_name"].unique().to_list()
    keys = [place.lower() for place in places
            if _named_like_a_person(place, given, surnames) and not is_known_place(place)]
    return pl.Series("name_key", keys, dtype=pl.String)


def _has_place_word(words: list[str]) -> bool:
    return any(w.lower() in _place_words_in_names() or is_place_own_name(w) for w in words)


def _named_like_a_person(name: str, given: set[str], surnames: set[str]) -> bool:
    words = name.split()
    if not 1 <= len(words) <= MAX_PERSON_LIKE_WORDS or not all(w[:1].isupper() for w in words) \
            or (len(words) > 1 and _has_place_word(words)):
        return False
    first, last = words[0].lower(), words[-1].lower()
    return first in given or last in surnames


def _club_names(named: pl.DataFrame) -> pl.DataFrame:
    """name_key -> club_type "ORG" for the batch's clubs, whatever most mentions read:
    - "<Name> United/Rovers/...": the last word is one only clubs end with
      (entity_club_suffixes.csv, kind club); "Manchester United" is PERSON to the model in most
      articles, and a club everywhere;
    - "<Name> City/Town/...": a rule made it a club (in team-sport copy) in some article; the
      model's place reading elsewhere ("Manchester City" GPE) is the same club;
    - a single word a rule made ORG against the model in CONFIDENT_ORG_MIN_ARTICLES articles
      that no person in the batch has as a surname ("Everton", not "Ferguson")."""
    kinds = club_suffix_kinds()
    name = pl.col("canonical_name")
    last_word = name.str.split(" ").list.last().str.to_lowercase()
    by_rule = (pl.col("entity_type") == "ORG") & (pl.col("label") != "ORG")
    surnames = named.filter((pl.col("entity_type") == "PERSON") & name.str.contains(" ")).select(
        last_word.alias("name_key")).unique()
    capitalised = name.str.contains(r"^(?:[A-Z][\w.'&-]*)(?: [A-Z][\w.'&-]*)+$")
    stats = (
        named.with_columns(last_word.replace_strict(kinds, default=None).alias("suffix_kind"))
        .group_by(name.str.to_lowercase().alias("name_key"))
        .agg(capitalised.all().alias("multi_word"),
             pl.col("suffix_kind").first(),
             pl.col("article_id").filter(by_rule).n_unique().alias("rule_org_articles"),
             (pl.col("entity_type") == "PERSON").any().alias("read_person"),
             (~name.str.contains(" ")).all().alias("single_word"))
    )
    is_club = (pl.col("multi_word") & (pl.col("suffix_kind") == "club")) | (
        pl.col("multi_word") & (pl.col("suffix_kind") == "club_in_sport")
        & (pl.col("rule_org_articles") >= 1)) | (
        pl.col("single_word") & pl.col("read_person")
        & (pl.col("rule_org_articles") >= CONFIDENT_ORG_MIN_ARTICLES)
        & ~pl.col("name_key").is_in(surnames["name_key"].implode()))
    return stats.filter(is_club & ~pl.col("name_key").is_in(
        list(place_gazetteer().country_code_of_country)
        + list(place_gazetteer().country_code_of_nation))).select(
        "name_key", pl.lit("ORG").alias("club_type"))


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """One-word place names from the maintained data: capitals and subdivisions ("Manchester",
    "Leeds" are metropolitan districts in pycountry)."""
    names = {subdivision_name(s.name).lower() for s in pycountry.subdivisions}
    names |= set(place_gazetteer().country_code_of_capital)
    return frozenset(name for name in names if " " not in name and "-" not in name)


def _place_names_read_as_people(named: pl.DataFrame) -> pl.DataFrame:
    """name_key of one-word places the model also read as a person or a thing ("Labour
    chooses Manchester" PERSON, "Leeds" PRODUCT): those readings (NOT_PLACE_TYPES) do not
    vote. Not the first or last word of anyone's full name in the batch used twice or more
    ("Clark Kent", "Victoria Beckham")."""
    name = pl.col("canonical_name")
    people = named.filter((pl.col("entity_type") == "PERSON") & name.str.contains(" ")).group_by(
        name).agg(pl.len().alias("uses")).filter(pl.col("uses") >= 2)
    words = people.select(pl.concat_list(name.str.split(" ").list.first(),
                                         name.str.split(" ").list.last())
                          .alias("word")).explode("word")
    taken = set(words["word"].str.to_lowercase().to_list())
    return (named.filter(pl.col("entity_type").is_in(NOT_PLACE_TYPES) & ~name.str.contains(" "))
            .select(name.str.to_lowercase().alias("name_key")).unique()
            .filter(pl.col("name_key").is_in(list(_place_words() - taken))))
