"""Actor codes for event participants: the resolved entities, their stated roles and the
articles' dates put in the shape `tasks.actors.code_actors` reads, and its codes joined back.

A participant's code is coded in the article of its event: a person's dictionary code valid at
that article's publication date, the title and affiliation stated in that article.
"""

from __future__ import annotations

import polars as pl

from tasks.actors import ACTOR_COLUMNS, code_actors
from tasks.entities import ResolvedEntities


def participant_actors(participants: pl.DataFrame, resolved: ResolvedEntities | None,
                       articles: pl.DataFrame) -> pl.DataFrame:
    """participants: article_id, event_key, entity_id, role -> the same rows with actor_code,
    actor_country_code and actor_role_code (NULL without resolved entities)."""
    if resolved is None or participants.is_empty():
        return participants.with_columns(pl.lit(None, dtype=dtype).alias(name)
                                         for name, dtype in ACTOR_COLUMNS.items())
    entities = resolved.entities.select(
        "entity_id", "entity_type", "canonical_name", "aliases",
        pl.col("country_code").alias("entity_country_code"))
    affiliations = resolved.entities.select(
        pl.col("entity_id").alias("affiliation_entity_id"),
        pl.col("canonical_name").alias("affiliation_name"),
        pl.col("country_code").alias("affiliation_country_code"))
    roles = (resolved.entity_roles.join(affiliations, on="affiliation_entity_id", how="left")
             .select("article_id", pl.col("person_entity_id").alias("entity_id"), "title",
                     "affiliation_name", "affiliation_country_code")
             .unique(["article_id", "entity_id"], keep="first", maintain_order=True))
    published = articles.select(
        "article_id", pl.col("published_at").cast(pl.Datetime("us")).dt.date().alias("published"))
    distinct = (participants.select("article_id", "entity_id").unique(maintain_order=True)
                .join(entities, on="entity_id", how="left")
                .join(published, on="article_id", how="left")
                .join(roles, on=["article_id", "entity_id"], how="left"))
    coded = code_actors(distinct).select("article_id", "entity_id", *ACTOR_COLUMNS)
    return participants.join(coded, on=["article_id", "entity_id"], how="left")
