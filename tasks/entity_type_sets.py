"""The sets of entity types (spaCy's labels) that more than one module asks about, declared
once and named for the question each answers: GPE is a country, state or city, LOC another
place (a region, a sea), FAC a building or airport, NORP a nationality or group."""

from __future__ import annotations

# A mention that can name a place on the map: resolved to a GeoNames feature (tasks.places),
# an event's location (tasks.passes).
PLACE_TYPES = ("GPE", "LOC", "FAC")
# A name whose country code is the place's own: "Paris" -> FR (tasks.entities).
COUNTRY_NAMED_TYPES = ("GPE", "LOC")
# An entity that stands for its country as an actor: places and nationalities (tasks.actors).
COUNTRY_ACTOR_TYPES = ("GPE", "LOC", "NORP")
