"""Reference data on places shared by extraction and normalisation: countries, their
alternative spellings, demonyms and capitals, countries inside a state ("Wales"), and the last
words of sports-club names.

Countries, spellings, demonyms and capitals come from `countryinfo` and `pycountry` (maintained
packages), countries inside a state from pycountry's subdivisions;
`tasks/data/entity_place_aliases.csv` and `entity_demonym_aliases.csv` only add the short forms
news copy uses ("U.S.", "Britain"). Loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import countryinfo
import pycountry

from tasks.data_files import read_rows


@dataclass(frozen=True)
class PlaceGazetteer:
    """Lookups keyed by lower-cased name."""

    country_code_of_country: dict[str, str]   # "u.s." -> "US"
    country_name_of_code: dict[str, str]      # "US" -> "United States"
    country_code_of_demonym: dict[str, str]   # "japanese" -> "JP"
    country_code_of_capital: dict[str, str]   # "tokyo" -> "JP"
    # Countries inside a state that news and sport name as countries ("Wales" -> "GB"): a place
    # and a national side, never a club, and named as written (not "United Kingdom").
    country_code_of_nation: dict[str, str]


@lru_cache(maxsize=1)
def place_gazetteer() -> PlaceGazetteer:
    countries, names, demonyms, capitals = _countryinfo_tables()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                countries.setdefault(value.lower(), country.alpha_2)
        names.setdefault(country.alpha_2, getattr(country, "common_name", None) or country.name)
    nations = {subdivision_name(s.name).lower(): s.country_code
               for s in pycountry.subdivisions if s.type == "Country"}
    for row in read_rows("entity_place_aliases.csv"):
        target = {"country": countries, "nation": nations}.get(row["kind"], capitals)
        target[row["alias"].lower()] = row["country_code"]
    for row in read_rows("entity_demonym_aliases.csv"):
        demonyms[row["demonym"].lower()] = row["country_code"]
    nations = {name: code for name, code in nations.items() if name not in countries}
    return PlaceGazetteer(countries, names, demonyms, capitals, nations)


def _countryinfo_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """countryinfo's countries, names by code, demonyms and capitals (lower-cased keys)."""
    countries: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or not info.get("name"):
            continue
        # countryinfo files England, Scotland and Wales under GB too: the name pycountry
        # gives the code wins, else the first one read.
        official = pycountry.countries.get(alpha_2=code)
        official_names = {getattr(official, "common_name", None), getattr(official, "name", None)}
        if code in names and info["name"] not in official_names:
            continue    # a constituent country (Wales), not the state the code stands for
        names[code] = info["name"]
        countries.setdefault(info["name"].lower(), code)
        for spelling in info.get("altSpellings") or []:
            # Two/three-letter codes ("IN", "CAN") are ordinary words too: only the alias file
            # admits codes used as names ("US", "UK").
            if len(spelling) > 3:
                countries.setdefault(spelling.lower(), code)
        if info.get("demonym"):
            demonyms.setdefault(info["demonym"].lower(), code)
        capital = info.get("capital")
        for city in capital if isinstance(capital, list) else [capital] if capital else []:
            capitals.setdefault(city.lower(), code)
    return countries, names, demonyms, capitals


def subdivision_name(name: str) -> str:
    """pycountry appends the other official name in brackets: "Wales [Cymru GB-CYM]"."""
    return name.split(" [", 1)[0].strip()


def canonical_country_name(name: str) -> str | None:
    """"the U.S." -> "United States"; None when `name` is not a country."""
    gazetteer = place_gazetteer()
    code = gazetteer.country_code_of_country.get(strip_article(name).lower())
    return gazetteer.country_name_of_code.get(code) if code else None


@lru_cache(maxsize=1)
def club_suffix_kinds() -> dict[str, str]:
    """Last words of club names -> "club" (only clubs) or "club_in_sport" (places too)."""
    return {row["word"]: row["kind"] for row in read_rows("entity_club_suffixes.csv")}


def is_country_name(name: str) -> bool:
    """A state ("the U.S.") or a country inside one ("Wales"): a place, or its national side."""
    lowered = strip_article(name).lower()
    gazetteer = place_gazetteer()
    return lowered in gazetteer.country_code_of_country or lowered in gazetteer.country_code_of_nation


def strip_article(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


