"""The PETRARCH2/Phoenix actor and agent dictionaries, loaded once per process, as lookups.

Read from the CSV files `scripts/convert_petrarch2.py` made (`tasks/data/petrarch2/`), never
from the dictionaries themselves. `actor_dictionary()` is cached: spaCy worker processes and
Prefect task runs each pay the load (about 0.1 s) once, on first use.

CAMEO actor codes are runs of three-letter codes: a country (`GBR`, mostly ISO 3166 alpha-3;
the few CAMEO codes that are not are mapped in `tasks/data/actor_country_codes.csv`) or an
organisation type (`IGO`, `NGO`, `MNC`, ...), then role codes (`GOV`, `JUD`, ...;
`tasks/data/actor_role_codes.csv`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pycountry

from tasks.actor_names import normal_name

DATA_DIR = Path(__file__).resolve().parent / "data"
PETRARCH_DIR = DATA_DIR / "petrarch2"


@dataclass(frozen=True)
class ActorDictionary:
    codes: pl.DataFrame        # entry, order, actor_code, valid_from, valid_to: every dated code
    names: pl.DataFrame        # name, entry, is_place: the first record of each name and kind
    surnames: pl.DataFrame     # surname, entry: last words that name exactly one person record
    place_codes: dict[str, str]        # "britain" -> "GBR": country names, demonyms, cities
    agents: dict[str, tuple[str, str]]   # "foreign minister" -> ("GOVFRM"..., "after"|"before")
    title_phrases: dict[str, str]      # project supplement: "chief executive" -> "BUS"
    title_qualifiers: dict[str, str]   # "shadow" -> "OPP"
    longest_agent: int                 # words in the longest agent or title phrase
    alpha2_of_country: dict[str, str]  # "GBR" -> "GB"
    country_of_alpha2: dict[str, str]  # "GB" -> "GBR"
    role_codes: frozenset[str]         # GOV, JUD, ... and IGO, NGO, MNC, ...
    honorifics: frozenset[str]         # "mr", "dr": dropped before a person's name is looked up
    organisation_types: frozenset[str]  # IGO, NGO, MNC, ...: codes that start an actor code
    prefixes: frozenset[str]           # codes a country's code may follow: IGO.., MNC, USR, YUG


def _read_data_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False, comment_prefix="#").fill_null("")


def _country_tables() -> tuple[dict[str, str | None], dict[str, str], frozenset[str]]:
    alpha2_of_country: dict[str, str | None] = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    country_of_alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cameo = _read_data_csv(DATA_DIR / "actor_country_codes.csv")
    for code, alpha_2, _prefix, _note in cameo.iter_rows():
        alpha2_of_country[code] = alpha_2 or None
        if alpha_2 and alpha_2 not in country_of_alpha2:
            country_of_alpha2[alpha_2] = code      # XK -> KSV
    return alpha2_of_country, country_of_alpha2, frozenset(cameo.filter(pl.col("prefix") == "yes")["cameo_code"])


ACTOR_ROW_SCHEMA = {"name": pl.String, "entry": pl.Int32, "actor_code": pl.String, "valid_from": pl.Date,
                    "valid_to": pl.Date, "source": pl.String}


def _actor_rows() -> pl.DataFrame:
    """The converted dictionaries, then the project's supplement (`actor_supplement.csv`:
    records numbered after the dictionaries', so a name both know keeps the dictionaries' code)."""
    dictionaries = pl.read_csv(PETRARCH_DIR / "actors.csv", schema=ACTOR_ROW_SCHEMA)
    supplement = pl.read_csv(DATA_DIR / "actor_supplement.csv", comment_prefix="#", schema={
        "record": pl.Int32, "name": pl.String, "actor_code": pl.String, "valid_from": pl.Date,
        "valid_to": pl.Date})
    supplement = supplement.with_columns(
        name=pl.col("name").map_elements(normal_name, return_dtype=pl.String),
        entry=pl.col("record") + dictionaries["entry"].max() + 1,
        source=pl.lit("actor_supplement.csv"))
    return pl.concat([dictionaries, supplement.select(list(ACTOR_ROW_SCHEMA))]).with_row_index("order")


@functools.cache
def actor_dictionary() -> ActorDictionary:
    alpha2_of_country, country_of_alpha2, country_prefixes = _country_tables()
    roles = _read_data_csv(DATA_DIR / "actor_role_codes.csv")
    rows = _actor_rows()
    codes = (rows.drop_nulls("actor_code")
             .unique(["entry", "actor_code", "valid_from", "valid_to"], keep="first", maintain_order=True)
             .select("entry", "order", "actor_code", "valid_from", "valid_to"))
    # A record is a place when its codes name a country and no role ("LONDON_" under "[GBR]",
    # Armenia's "[USRARM <900823]" and "[ARM >911221]"): only places may code a GPE/LOC, and
    # places never code a person or an organisation.
    prefixes = frozenset(roles.filter(pl.col("kind") == "organisation")["role_code"]) | country_prefixes
    role_codes = frozenset(roles["role_code"])
    place_like = []
    for code in codes["actor_code"].unique():
        prefix, country, rest = parse_actor_code(code, alpha2_of_country, prefixes)
        if country and prefix not in role_codes and not any(
                rest[i:i + 3] in role_codes for i in range(0, len(rest), 3)):
            place_like.append(code)
    places = codes.group_by("entry").agg(pl.col("actor_code").is_in(place_like).all().alias("is_place"))
    names = (rows.select("name", "entry").unique().join(places, on="entry")
             .group_by("name", "is_place").agg(pl.col("entry").min()))
    place_codes = dict(rows.join(places.filter("is_place"), on="entry")
                       .sort("order").unique("name", keep="first").select("name", "actor_code").iter_rows())
    # A surname names one person only when one record ends with it, no record starts with it
    # (Alex, Tom, Guy are first names) and no place or one-word actor has it as its name.
    people = names.filter(~pl.col("is_place") & pl.col("name").str.contains(" "))
    first_words = set(names["name"].str.extract(r"^(\S+)").unique()) | set(names["name"])
    surnames = (people.with_columns(surname=pl.col("name").str.extract(r"(\S+)$"))
                .group_by("surname").agg(pl.col("entry").unique())
                .filter((pl.col("entry").list.len() == 1) & ~pl.col("surname").is_in(list(first_words)))
                .select("surname", pl.col("entry").list.first()))
    agents_frame = _read_data_csv(PETRARCH_DIR / "agents.csv")
    agents = {phrase: (code, position) for phrase, code, position in agents_frame.iter_rows()}
    titles = _read_data_csv(DATA_DIR / "actor_title_roles.csv")
    title_phrases = {normal_name(p): r for p, kind, r in titles.iter_rows() if kind == "phrase"}
    title_qualifiers = {normal_name(p): r for p, kind, r in titles.iter_rows() if kind == "qualifier"}
    longest = max(len(phrase.split()) for phrase in [*agents, *title_phrases])
    return ActorDictionary(
        codes=codes, names=names, surnames=surnames, place_codes=place_codes, agents=agents,
        title_phrases=title_phrases, title_qualifiers=title_qualifiers, longest_agent=longest,
        alpha2_of_country=alpha2_of_country, country_of_alpha2=country_of_alpha2,
        role_codes=role_codes,
        organisation_types=frozenset(roles.filter(pl.col("kind") == "organisation")["role_code"]),
        prefixes=prefixes,
        honorifics=frozenset(normal_name(word) for word, kind in _read_data_csv(
            DATA_DIR / "entity_title_words.csv").iter_rows() if kind == "honorific"),
    )


def parse_actor_code(code: str, alpha2_of_country, prefixes) -> tuple[str | None, str | None, str]:
    """"GBRGOVMIL" -> (None, "GBR", "GOVMIL"); "MNCUSA" -> ("MNC", "USA", "");
    "USRARM" -> ("USR", "ARM", ""); "IGOUNO" -> (None, None, "IGOUNO"); "ELI" -> (None, None, "ELI").

    (prefix, country, rest): the country is the second three-letter code after a prefix (an
    organisation type, or a former state before its successor), else the first when it is a
    country; the rest is what follows the country.
    """
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    if parts[0] in prefixes and len(parts) > 1 and parts[1] in alpha2_of_country:
        return parts[0], parts[1], "".join(parts[2:])
    if parts[0] in alpha2_of_country:
        return None, parts[0], "".join(parts[1:])
    return None, None, code


def split_actor_code(code: str | None) -> tuple[str | None, str | None]:
    """"GBRGOV" -> ("GBR", "GOV"); "IGOUNO" -> (None, "IGO"); "MNCUSA" -> ("USA", "MNC");
    "USRARM" -> ("ARM", None): the country and the first role code."""
    if not code or code == "---":
        return None, None
    dictionary = actor_dictionary()
    prefix, country, rest = parse_actor_code(code, dictionary.alpha2_of_country, dictionary.prefixes)
    parts = [prefix or "", *(rest[i:i + 3] for i in range(0, len(rest), 3))]
    return country, next((part for part in parts if part in dictionary.role_codes), None)


def agent_of_words(text: str, *, is_title: bool = False) -> tuple[str, str] | None:
    """The agent code of the longest agent phrase in `text`: ("GOV", "after") for "Foreign
    Secretary", ("OPP", "after") for "shadow chancellor"; None when no phrase is known.

    Project phrases (`actor_title_roles.csv`) win over the agents dictionary at equal length; a
    qualifier word of a title ("shadow", "former") wins over any phrase (in a name, "Ex-BBC" is
    no former anything); an empty code means "no role".
    """
    dictionary = actor_dictionary()
    words = normal_name(text).split()
    for word in words if is_title else ():
        if word in dictionary.title_qualifiers:
            return dictionary.title_qualifiers[word], "after"
    for size in range(min(dictionary.longest_agent, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if phrase in dictionary.title_phrases:
                return dictionary.title_phrases[phrase], "after"
            if phrase in dictionary.agents:
                return dictionary.agents[phrase]
    return None


def country_of_words(text: str) -> str | None:
    """The CAMEO country of the first country name, demonym or city in `text` ("Iranian
    parliament" -> "IRN"), longest phrase first; None when there is none."""
    dictionary = actor_dictionary()
    words = normal_name(text).split()
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            code = dictionary.place_codes.get(" ".join(words[start:start + size]))
            if code:
                return code
    return None
