"""Publishing entities the warehouse knows: new aliases are added, known ones kept, seen-at
windows widen, and missing facts are filled; an entity whose aliases did not grow keeps its
row as it was (only grown alias lists are rewritten: `sql/publish/entities.sql`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from tasks import load

COLUMNS = ("entity_id", "canonical_name", "entity_type", "country_code", "aliases",
           "first_seen_at", "last_seen_at")


def entity(entity_id: str, aliases: list[str], seen: datetime, country: str | None = None) -> dict:
    return {"entity_id": entity_id, "canonical_name": entity_id.title(), "entity_type": "GPE",
            "country_code": country, "aliases": aliases, "first_seen_at": seen, "last_seen_at": seen}


def publish(connection, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    load._stage(connection, "entities", pl.DataFrame(rows))
    load.publish_staged(connection, ["entities"])


def test_known_entities_gain_aliases_and_widen_their_window(tmp_path: Path) -> None:
    first, later = datetime(2026, 1, 1), datetime(2026, 2, 1)
    with load.open_warehouse(tmp_path / "w.duckdb") as connection:
        load.apply_schema(connection)
        publish(connection, [entity("japan", ["Japan"], first),
                             entity("china", ["China", "PRC"], first, "CN")])
        # two windows of a later run stage Japan twice, with a new spelling in one
        publish(connection, [entity("japan", ["Japan", "Nippon"], later, "JP"),
                             entity("japan", ["Japan"], later),
                             entity("china", ["China"], later),
                             entity("korea", ["Korea"], later)])
        rows = connection.execute(
            f"select {', '.join(COLUMNS)} from entities order by entity_id").fetchall()
    assert rows == [
        ("china", "China", "GPE", "CN", ["China", "PRC"], first, later),
        ("japan", "Japan", "GPE", "JP", ["Japan", "Nippon"], first, later),
        ("korea", "Korea", "GPE", None, ["Korea"], later, later),
    ]


def test_a_country_and_its_source_are_published_together(tmp_path: Path) -> None:
    seen = datetime(2026, 1, 1)

    def person(country: str | None, source: str | None) -> dict:
        return {**entity("webb", ["Alan Webb"], seen, country), "entity_type": "PERSON",
                "country_source": source}

    with load.open_warehouse(tmp_path / "w.duckdb") as connection:
        load.apply_schema(connection)
        publish(connection, [person(None, None)])
        # two windows of a later run: each window's country keeps its own source
        publish(connection, [person("US", "stated"), person("GB", "dictionary")])
        rows = connection.execute("select country_code, country_source from entities").fetchall()
    assert rows == [("GB", "dictionary")]
