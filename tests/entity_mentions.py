"""Hand-written mention rows for the cross-article entity tests: three articles, no roles, and
a `mention` builder in `tasks.extract.MENTION_SCHEMA` shape."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.entities import ResolvedEntities, resolve_entities
from tasks.extract import MENTION_SCHEMA, ROLE_SCHEMA

ARTICLES = pl.DataFrame({
    "article_id": ["a1", "a2", "a3"],
    "published_at": [datetime(2024, 3, 1), datetime(2024, 3, 2), datetime(2024, 3, 3)],
    "ingested_at": [datetime(2024, 4, 1)] * 3,
})
NO_ROLES = pl.DataFrame(schema=ROLE_SCHEMA)


def mention(article_id: str, start: int, surface: str, entity_type: str,
            label: str | None = None, hint: str | None = None) -> dict:
    """One mention typed `entity_type`; `label` is spaCy's raw label (default: the same)."""
    return {"article_id": article_id, "sentence_index": 0, "start_char": start,
            "end_char": start + len(surface), "surface": surface,
            "label": label or entity_type, "entity_type": entity_type, "canonical_hint": hint}


def resolve(*mentions: dict) -> ResolvedEntities:
    return resolve_entities(pl.DataFrame(list(mentions), schema=MENTION_SCHEMA), NO_ROLES, ARTICLES)
