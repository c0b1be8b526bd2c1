"""CAMEO actor codes for event participants: country + role (`GBRGOV`, `USAJUD`, `IGOUNO`).

`code_actors` runs the passes in `PASSES`, in that order; each fills only what the passes
before it left empty (a country, a role, a code):
1. `dictionary_pass`: the PETRARCH2/Phoenix actor dictionaries, by name and alias (people by
   their code on the article's publication date; a surname alone only when one person has it);
2. `stated_role_pass`: the title and affiliation the article states ("Foreign Secretary" ->
   GOV through the agents dictionary; the affiliation's country, or its own code);
3. `agent_words_pass`: agent words inside an organisation's name with a country named in it
   ("Chinese police" -> CHNCOP, "Ministry of Defence" -> GOVMIL);
4. `own_country_pass`: the entity's own country (a country or a city: `GBR`, no role; not a
   country `tasks.entity_countries` inferred from its articles);
5. `article_country_pass`: a participant with a role but no country (a titled person, a
   generic agent: "the Home Secretary", "police") takes the article's country, when the
   article has one (`article_country_codes`: most of its places are in one country);
6. `article_locality_pass`: a person or organisation that nothing above gave a country, and
   that the dictionaries do not code, is taken to be of the article's country, else of the
   country most of its articles are about (news about a place is mostly news about its
   people and firms: the reasoning of GDELT's Actor*Geo).
The code is then composed (country + agent code) and split again into `actor_country_code`
(ISO alpha-2) and `actor_role_code`, so the three columns always agree. `actor_country_source`
names the pass the country came from (the pass's name without `_pass`: `dictionary`,
`stated_role`, `agent_words`, `own_country`, `article_country`, `article_locality`), so an
analyst can keep only the countries the text or the dictionaries state.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from tasks.actor_dictionary import (
    actor_dictionary,
    agent_of_words,
    country_of_words,
    parse_actor_code,
    split_actor_code,
)
from tasks.actor_names import normal_name
from tasks.entity_type_sets import COUNTRY_ACTOR_TYPES

ACTOR_COLUMNS = {"actor_code": pl.String, "actor_country_code": pl.String, "actor_role_code": pl.String,
                 "actor_country_source": pl.String}
# Types a place record (a country, its demonym or a city) may never code: "Jordan" the person.
NOT_PLACES = ("PERSON", "ORG")
NO_DATE = pl.date(9999, 12, 31)

# Working columns, dropped at the end: the dictionary's code, then country (CAMEO alpha-3),
# agent code and its position ("after": country + agent; "before": agent + country).
_WORK = {"_row": pl.UInt32, "_dictionary_code": pl.String, "_country": pl.String,
         "_agent": pl.String, "_position": pl.String, "_country_source": pl.String}


def lookup_name(name: str) -> str:
    """The dictionary spelling of a participant's name, honorifics dropped ("Mr Blair" -> "blair")."""
    words = normal_name(name).split()
    honorifics = actor_dictionary().honorifics
    while len(words) > 1 and words[0] in honorifics:
        words = words[1:]
    return " ".join(words)


def _mapped(column: str, function: Callable[[str], object], dtype: pl.DataType) -> pl.Expr:
    """Apply a Python function once per distinct value of a string column (names repeat a lot)."""
    return pl.col(column).map_batches(
        lambda series: series.replace_strict(
            {value: function(value) for value in series.drop_nulls().unique()}, default=None,
            return_dtype=dtype),
        return_dtype=dtype)


def _choose_codes(matches: pl.DataFrame) -> pl.DataFrame:
    """matches: _row, entry, published -> _row, _dictionary_code.

    With a date: the first code whose range holds it, else the record's default, else the
    latest range. Without one: the latest range (the person's most recent role), else the
    default. "---" is the dictionaries' null code.
    """
    codes = matches.join(actor_dictionary().codes, on="entry")
    restricted = pl.col("valid_from").is_not_null() | pl.col("valid_to").is_not_null()
    holds = (restricted & (pl.col("valid_from").is_null() | (pl.col("valid_from") <= pl.col("published")))
             & (pl.col("valid_to").is_null() | (pl.col("published") <= pl.col("valid_to"))))
    rank = (pl.when(pl.col("published").is_null()).then(pl.when(restricted).then(0).otherwise(1))
            .when(holds).then(0).when(~restricted).then(1).otherwise(2))
    return (codes.with_columns(_rank=rank, _end=pl.coalesce("valid_to", NO_DATE))
            .sort(["_row", "_rank", "_end", "order"], descending=[False, False, True, False])
            .unique("_row", keep="first", maintain_order=True)
            .select("_row", pl.when(pl.col("actor_code") != "---").then("actor_code")
                    .alias("_dictionary_code")))


def dictionary_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 1: a record of the actor dictionaries found by the canonical name or an alias; its
    code gives the country and the agent part."""
    return _split_dictionary_code(_find_in_dictionary(frame))


def _find_in_dictionary(frame: pl.DataFrame) -> pl.DataFrame:
    dictionary = actor_dictionary()
    names = (frame.select("_row", "entity_type", "published",
                          pl.concat_list(pl.col("canonical_name"), pl.col("aliases").fill_null([]))
                          .alias("_name"))
             .with_columns(_priority=pl.int_ranges(pl.col("_name").list.len()))
             .explode("_name", "_priority")
             .with_columns(_mapped("_name", lookup_name, pl.String).alias("_name"))
             .drop_nulls("_name"))
    may_be_place = ~pl.col("entity_type").is_in(NOT_PLACES).fill_null(False)
    by_name = (names.join(dictionary.names, left_on="_name", right_on="name")
               .filter(may_be_place | ~pl.col("is_place"))
               .sort(["_row", "_priority", "is_place", "entry"], descending=[False, False, True, False]))
    # A one-word person ("Blair") is the person of that surname when only one record has it;
    # not when the full name is known ("Lleyton Hewitt", alias "Hewitt": not Patricia Hewitt).
    one_word = names.group_by("_row").agg(pl.col("_name").str.contains(" ").not_().all().alias("_one_word"))
    people = (names.join(one_word, on="_row")
              .filter((pl.col("entity_type") == "PERSON") & pl.col("_one_word")
                      & ~pl.col("_row").is_in(by_name["_row"].implode())))
    by_surname = people.join(dictionary.surnames, left_on="_name", right_on="surname").sort(["_row", "_priority"])
    found = pl.concat([by_name.select("_row", "entry", "published"),
                       by_surname.select("_row", "entry", "published")]).unique("_row", keep="first",
                                                                                maintain_order=True)
    chosen = _choose_codes(found)
    return _fill(frame, chosen, "_dictionary_code")


def _fill(frame: pl.DataFrame, found: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Fill `columns` of `frame` from `found` (keyed by _row) where they are still empty."""
    renamed = found.rename({c: f"{c}_new" for c in columns})
    return (frame.join(renamed, on="_row", how="left")
            .with_columns(pl.coalesce(c, f"{c}_new").alias(c) for c in columns)
            .drop(f"{c}_new" for c in columns))


def _split_dictionary_code(frame: pl.DataFrame) -> pl.DataFrame:
    """A dictionary code gives its country and the agent part after it ("GBRGOV" -> GBR, GOV;
    "ELI" -> -, ELI; "USRARM" -> ARM, -); an organisation's code (IGOUNO, MNCUSA) is kept
    whole when the code is composed."""
    dictionary = actor_dictionary()

    def parsed(code: str) -> tuple[str | None, str | None, str]:
        return parse_actor_code(code, dictionary.alpha2_of_country, dictionary.prefixes)

    country = _mapped("_dictionary_code", lambda c: parsed(c)[1], pl.String)
    agent = _mapped("_dictionary_code", lambda c: parsed(c)[2] or None, pl.String)
    return frame.with_columns(_country=pl.coalesce("_country", country), _agent=pl.coalesce("_agent", agent))


def _code_organisations(names: pl.Series) -> dict[str, tuple[str | None, str | None]]:
    """Affiliation name -> (country, role code), coded as a name of unknown type by the
    dictionary and agent-words passes ("United States" -> USA, -; "Microsoft" -> USA, MNC)."""
    unique = names.drop_nulls().unique()
    if unique.is_empty():
        return {}
    size = len(unique)
    coded = _compose(_run_passes(pl.DataFrame({
        "entity_type": pl.Series([None] * size, dtype=pl.String),
        "canonical_name": unique, "aliases": pl.Series([[]] * size, dtype=pl.List(pl.String)),
        "entity_country_code": pl.Series([None] * size, dtype=pl.String),
        "published": pl.Series([None] * size, dtype=pl.Date),
    }), (dictionary_pass, agent_words_pass)))
    return {name: (split_actor_code(code)[0], role) for name, code, role in
            coded.select("canonical_name", "actor_code", "actor_role_code").iter_rows()}


def stated_role_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 2: the person's stated title (role) and affiliation (country, else its role)."""
    dictionary = actor_dictionary()
    title = _mapped("title", lambda t: (agent_of_words(t, is_title=True) or ("", ""))[0] or None, pl.String)
    position = _mapped("title", lambda t: (agent_of_words(t, is_title=True) or ("", "after"))[1], pl.String)
    organisations = _code_organisations(frame["affiliation_name"])
    stated_country = pl.col("affiliation_country_code").replace_strict(
        dictionary.country_of_alpha2, default=None, return_dtype=pl.String)
    affiliation_country = pl.col("affiliation_name").replace_strict(
        {k: v[0] for k, v in organisations.items()}, default=None, return_dtype=pl.String)
    affiliation_agent = pl.col("affiliation_name").replace_strict(
        {k: v[1] for k, v in organisations.items()}, default=None, return_dtype=pl.String)
    return frame.with_columns(
        _country=pl.coalesce("_country", stated_country, affiliation_country),
        _agent=pl.coalesce("_agent", title, affiliation_agent),
        _position=pl.coalesce("_position", pl.when(pl.col("_agent").is_null() & title.is_not_null())
                              .then(position)),
    )


def agent_words_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 3: an organisation named by agent words ("Iranian parliament"): role, and the
    country its name states."""
    named = pl.col("entity_type").fill_null("") != "PERSON"
    agent = _mapped("canonical_name", lambda n: (agent_of_words(n) or ("", ""))[0] or None, pl.String)
    position = _mapped("canonical_name", lambda n: (agent_of_words(n) or ("", "after"))[1], pl.String)
    country = _mapped("canonical_name", country_of_words, pl.String)
    return frame.with_columns(
        _agent=pl.coalesce("_agent", pl.when(named).then(agent)),
        _position=pl.coalesce("_position", pl.when(named & pl.col("_agent").is_null()).then(position)),
        _country=pl.coalesce("_country", pl.when(named).then(country)),
    )


def own_country_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 4: the entity's own country (set for countries, demonyms and resolved places)."""
    own = pl.col("entity_country_code").replace_strict(
        actor_dictionary().country_of_alpha2, default=None, return_dtype=pl.String)
    return frame.with_columns(_country=pl.coalesce("_country", own))


def article_country_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 5: the article's country for a participant that has a role (from a title or agent
    words) and no country. Never for an actor the dictionaries code without a country: they
    mean it (IGOUNO; the BBC is MED, in an article about Australia too)."""
    article = pl.col("article_country_code").replace_strict(
        actor_dictionary().country_of_alpha2, default=None, return_dtype=pl.String)
    generic = pl.col("_agent").is_not_null() & pl.col("_dictionary_code").is_null()
    return frame.with_columns(_country=pl.coalesce("_country", pl.when(generic).then(article)))


def article_locality_pass(frame: pl.DataFrame) -> pl.DataFrame:
    """Pass 6: the article's country for a person or organisation left without one, else the
    country most of the entity's articles are about (`home_article_countries`), unless the
    dictionaries code it (they mean an actor without a country: IGOUNO, the BBC's MED)."""
    article = pl.coalesce("article_country_code", "home_country_code").replace_strict(
        actor_dictionary().country_of_alpha2, default=None, return_dtype=pl.String)
    local = pl.col("entity_type").is_in(NOT_PLACES).fill_null(False) & pl.col("_dictionary_code").is_null()
    return frame.with_columns(_country=pl.coalesce("_country", pl.when(local).then(article)))


# The order of the sources, stated once: each pass fills only what the ones before left empty.
PASSES: tuple[Callable[[pl.DataFrame], pl.DataFrame], ...] = (
    dictionary_pass,
    stated_role_pass,
    agent_words_pass,
    own_country_pass,
    article_country_pass,
    article_locality_pass,
)


def _run_passes(participants: pl.DataFrame, passes=PASSES) -> pl.DataFrame:
    frame = participants.with_row_index("_row").with_columns(
        pl.lit(None, dtype=dtype).alias(name) for name, dtype in _WORK.items() if name != "_row")
    for run_pass in passes:
        frame = run_pass(frame)
        # The first pass that gave a country is where it came from.
        source = run_pass.__name__.removesuffix("_pass")
        frame = frame.with_columns(_country_source=pl.coalesce(
            "_country_source", pl.when(pl.col("_country").is_not_null()).then(pl.lit(source))))
    return frame


def _compose(frame: pl.DataFrame) -> pl.DataFrame:
    dictionary = actor_dictionary()
    code = pl.col("_dictionary_code")
    organisation = code.str.slice(0, 3).is_in(list(dictionary.organisation_types)).fill_null(False)
    country, agent = pl.col("_country").fill_null(""), pl.col("_agent").fill_null("")
    composed = pl.when(organisation).then(code).when(pl.col("_position") == "before").then(
        agent + country).otherwise(country + agent)
    frame = frame.with_columns(actor_code=pl.when(composed != "").then(composed))
    return frame.with_columns(
        actor_country_code=_mapped("actor_code", lambda c: dictionary.alpha2_of_country.get(
            split_actor_code(c)[0] or ""), pl.String),
        actor_role_code=_mapped("actor_code", lambda c: split_actor_code(c)[1], pl.String),
    ).with_columns(
        # An organisation's dictionary code states its country itself (MNCUSA).
        actor_country_source=pl.when(pl.col("actor_country_code").is_not_null())
        .then(pl.coalesce("_country_source", pl.lit("dictionary"))),
    )


def code_actors(participants: pl.DataFrame) -> pl.DataFrame:
    """participants (article_id, entity_id, entity_type, canonical_name, aliases,
    entity_country_code, published, title, affiliation_name, affiliation_country_code; and
    optionally article_country_code) -> the same rows, in order, plus actor_code,
    actor_country_code, actor_role_code."""
    if participants.is_empty():
        return participants.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in ACTOR_COLUMNS.items())
    frame = participants.with_columns(pl.col("published").cast(pl.Date))
    for column in ("title", "affiliation_name", "affiliation_country_code", "entity_country_code",
                   "article_country_code", "home_country_code"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    coded = _compose(_run_passes(frame)).sort("_row")
    return participants.with_columns(coded.select(list(ACTOR_COLUMNS)))


def _affiliations(entities: pl.DataFrame) -> pl.DataFrame:
    return entities.select(pl.col("entity_id").alias("affiliation_entity_id"),
                           pl.col("canonical_name").alias("affiliation_name"),
                           pl.col("country_code").alias("affiliation_country_code"))


ARTICLE_COUNTRY_MIN_MENTIONS = 2


def article_country_codes(mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """article_id, country_code: the country of more than half of an article's mentions of
    places and nationalities that have one (two such mentions at least); articles split
    between countries, or naming none, have no row.

    mentions: article_id, entity_id; entities: entity_id, entity_type, country_code.
    """
    placed = (mentions.select("article_id", "entity_id")
              .join(entities.filter(pl.col("entity_type").is_in(COUNTRY_ACTOR_TYPES))
                    .select("entity_id", "country_code"), on="entity_id")
              .drop_nulls("country_code"))
    counts = placed.group_by("article_id", "country_code").len()
    return (counts.with_columns(total=pl.col("len").sum().over("article_id"))
            .filter((pl.col("len") * 2 > pl.col("total")) & (pl.col("len") >= ARTICLE_COUNTRY_MIN_MENTIONS))
            .select("article_id", "country_code").sort("article_id"))


def home_article_countries(mentions: pl.DataFrame, article_countries: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code: the country of more than half of the articles naming the entity
    that have a country (`article_country_codes`): a firm or person the batch's news places in
    one country, for its articles that are about several."""
    placed = (mentions.select("article_id", "entity_id").unique()
              .join(article_countries, on="article_id"))
    counts = placed.group_by("entity_id", "country_code").len()
    return (counts.with_columns(total=pl.col("len").sum().over("entity_id"))
            .filter(pl.col("len") * 2 > pl.col("total"))
            .select("entity_id", "country_code").sort("entity_id"))


def participant_inputs(pairs: pl.DataFrame, entities: pl.DataFrame, entity_roles: pl.DataFrame,
                       mentions: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """The input of `code_actors` for (article_id, entity_id) pairs (any other columns, such as
    event_id and role, are kept): the entity's name, type, aliases and country, the article's
    publication date and country, and the title and affiliation the article states for the
    person (its first, when it states several).

    entities, entity_roles, mentions: contract columns; articles: article_id, published_at.
    """
    stated = (entity_roles.select("article_id", pl.col("person_entity_id").alias("entity_id"), "title",
                                  "affiliation_entity_id")
              .unique(["article_id", "entity_id"], keep="first", maintain_order=True)
              .join(_affiliations(entities), on="affiliation_entity_id", how="left")
              .drop("affiliation_entity_id"))
    countries = article_country_codes(mentions, entities)
    # A country inferred from the entity's articles is not its own: pass 6 infers it for the
    # participant's own article, and says so (article_locality).
    own = (pl.when(pl.col("country_source") != "articles").then("country_code")
           if "country_source" in entities.columns else pl.col("country_code"))
    article_countries = countries.rename({"country_code": "article_country_code"})
    homes = home_article_countries(mentions, countries).rename({"country_code": "home_country_code"})
    return (pairs
            .join(entities.select("entity_id", "entity_type", "canonical_name", "aliases",
                                  own.alias("entity_country_code")), on="entity_id", how="left")
            .join(articles.select("article_id", pl.col("published_at").cast(pl.Date).alias("published")),
                  on="article_id", how="left")
            .join(article_countries, on="article_id", how="left")
            .join(homes, on="entity_id", how="left")
            .join(stated, on=["article_id", "entity_id"], how="left", maintain_order="left"))


# entities.country_source of the passes that can give a person or organisation a country
# without an article (the others need one), best first: a dictionary record, a stated
# affiliation's country, a country named in an organisation's name.
ENTITY_SOURCE_OF_PASS = {"dictionary": "dictionary", "stated_role": "affiliation", "agent_words": "name"}


def entity_country_codes(entities: pl.DataFrame, roles: pl.DataFrame) -> pl.DataFrame:
    """entity_id, country_code for PERSON and ORG entities whose evidence names one country:
    the actor dictionaries and every stated affiliation across the articles (entity_roles).

    entities: entity_id, canonical_name, entity_type, country_code, aliases;
    roles: person_entity_id, title, affiliation_entity_id (as in `entity_roles`).
    """
    return entity_country_evidence(entities, roles).select("entity_id", "country_code")


def entity_country_evidence(entities: pl.DataFrame, roles: pl.DataFrame) -> pl.DataFrame:
    """`entity_country_codes` with country_source: the best of the sources that agree on it
    (`ENTITY_SOURCE_OF_PASS`)."""
    people_and_organisations = entities.filter(pl.col("entity_type").is_in(NOT_PLACES)).select(
        "entity_id", "entity_type", "canonical_name", "aliases",
        pl.col("country_code").alias("entity_country_code"))
    stated = (roles.select(pl.col("person_entity_id").alias("entity_id"), "title", "affiliation_entity_id")
              .join(_affiliations(entities), on="affiliation_entity_id", how="left").drop("affiliation_entity_id")
              .join(people_and_organisations, on="entity_id"))
    evidence = pl.concat([people_and_organisations, stated], how="diagonal").with_columns(
        published=pl.lit(None, dtype=pl.Date), article_id=pl.lit(None, dtype=pl.String))
    coded = code_actors(evidence).with_columns(country_source=pl.col("actor_country_source").replace_strict(
        ENTITY_SOURCE_OF_PASS, default=None, return_dtype=pl.String))
    rank = pl.col("country_source").replace_strict(
        {source: rank for rank, source in enumerate(ENTITY_SOURCE_OF_PASS.values())}, default=None,
        return_dtype=pl.Int32)
    return (coded.drop_nulls("actor_country_code").group_by("entity_id")
            .agg(pl.col("actor_country_code").unique().alias("countries"),
                 pl.col("country_source").sort_by(rank).first())
            .filter(pl.col("countries").list.len() == 1)
            .select("entity_id", pl.col("countries").list.first().alias("country_code"), "country_source")
            .sort("entity_id"))
