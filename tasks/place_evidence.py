"""Is a name a place any of the project's place data knows? Evidence for the batch type vote
(`tasks.entity_types`), never an override: the gazetteer's countries, nations and capitals,
GeoNames (`tasks.place_index`: cities, US states, continents, the place files), pycountry's
divisions, and the places of the PETRARCH2/Phoenix actor dictionaries ("Chechnya", "Crete").

A name the model typed GPE that none of these knows, and that the batch also reads as an
organisation, a person or a thing, is most likely no place ("Gazprom", "BT", "Linux"); a
known one keeps its place reading unless the context says otherwise.
"""

from __future__ import annotations

from functools import lru_cache

from tasks.actor_dictionary import actor_dictionary, split_actor_code
from tasks.actor_names import normal_name as dictionary_spelling
from tasks.gazetteer import place_gazetteer, strip_article
from tasks.place_index import country_of_division, is_minor, place_index, subdivision_countries


def load_place_data() -> None:
    """Read every place table `is_known_place` consults, now. Extraction calls this with the
    pipeline (`tasks.passes.load_reference_data`): extraction's worker processes are forked from a
    process that has used polars' thread pool, and the actor dictionaries are read with polars,
    which deadlocks in such a child. Read in the parent, the tables are inherited instead."""
    place_gazetteer()
    place_index()
    subdivision_countries()
    actor_dictionary()


@lru_cache(maxsize=65536)
def is_known_place(name: str) -> bool:
    """True when any place data has `name` (the text as an entity's canonical name)."""
    return (_in_gazetteer(name)
            or any(not is_minor(c.place) for c in place_index().lookup(name))
            or named_by_other_place_data(name))


@lru_cache(maxsize=65536)
def is_place_own_name(name: str) -> bool:
    """True when place data has `name` as a place's own name, not only as one of GeoNames'
    alternate spellings ("Wales", "Beverly", "Delhi"; not "Rio" or "Les", alternate names
    of Rio de Janeiro and Lezhë): the stricter test for a word inside a longer name."""
    return (_in_gazetteer(name)
            or any(c.primary and not is_minor(c.place) for c in place_index().lookup(name))
            or country_of_division(name) is not None)


def _in_gazetteer(name: str) -> bool:
    """True when the entity gazetteer has `name` as a country, a nation or a capital."""
    key = strip_article(name).lower()
    gazetteer = place_gazetteer()
    return (key in gazetteer.country_code_of_country or key in gazetteer.country_code_of_nation
            or key in gazetteer.country_code_of_capital)


def named_by_other_place_data(name: str) -> bool:
    """True when pycountry's divisions or the actor dictionaries' places have `name`: a
    region, island or state that GeoNames' cities do not hold."""
    return country_of_division(name) is not None or dictionary_place_country(name) is not None


@lru_cache(maxsize=65536)
def dictionary_place_country(name: str) -> str | None:
    """The alpha-2 country of a place the actor dictionaries list under exactly this name
    ("Chechnya" -> RU, "Crete" -> GR); None for other names and for places of no country."""
    dictionary = actor_dictionary()
    code = dictionary.place_codes.get(dictionary_spelling(name))
    country, _role = split_actor_code(code)
    return dictionary.alpha2_of_country.get(country) if country else None
