"""Actor codes for event participants: `tasks.actors.code_actors` over the participants of a
window's events, each coded in the article of its event (a person's dictionary code valid at
that article's publication date, the title and affiliation stated in that article, the
article's country for a role with none)."""

from __future__ import annotations

import polars as pl

from tasks.actors import ACTOR_COLUMNS, code_actors, participant_inputs
from tasks.entities import ResolvedEntities


def participant_actors(participants: pl.DataFrame, resolved: ResolvedEntities | None,
                       articles: pl.DataFrame) -> pl.DataFrame:
    """participants: article_id, event_key, entity_id, role -> the same rows with actor_code,
    actor_country_code and actor_role_code (NULL without resolved entities)."""
    if resolved is None or participants.is_empty():
        return participants.with_columns(pl.lit(None, dtype=dtype).alias(name)
                                         for name, dtype in ACTOR_COLUMNS.items())
    pairs = participants.select("article_id", "entity_id").unique(maintain_order=True)
    coded = code_actors(participant_inputs(pairs, resolved.entities, resolved.entity_roles,
                                           resolved.mentions, articles))
    return participants.join(coded.select("article_id", "entity_id", *ACTOR_COLUMNS),
                             on=["article_id", "entity_id"], how="left")
