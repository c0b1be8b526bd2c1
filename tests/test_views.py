"""The analyst views (sql/views/): promised columns, exact results on a hand-made warehouse,
and sane rows on the seed warehouse and on a corpus warehouse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.analyst_warehouses import (
    VIEW_FILES,
    corpus_warehouse,
    documented_columns,
    empty_warehouse_connection,
    hand_made_warehouse_connection,
    open_read_only,
)

__all__ = ["corpus_warehouse"]  # a fixture, imported for pytest
VIEW_NAMES = [path.stem for path in VIEW_FILES]
# Views that must have rows on any warehouse holding at least one article with entities.
NON_EMPTY_VIEWS = {"entity_profile", "entity_cooccurrence"}


@pytest.fixture
def hand_made() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = hand_made_warehouse_connection()
    yield connection
    connection.close()


def rows_of(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    relation = connection.sql(sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def test_every_view_is_named_for_its_file_and_documents_its_columns() -> None:
    assert VIEW_NAMES == ["country_dyads", "entity_cooccurrence", "entity_profile",
                          "event_timeline", "people_roles", "stated_countries"]
    for path in VIEW_FILES:
        text = path.read_text(encoding="utf-8")
        assert f"create or replace view {path.stem} as" in text
        assert documented_columns(text)


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_views_run_on_an_empty_warehouse(view: str) -> None:
    connection = empty_warehouse_connection()
    relation = connection.sql(f"select * from {view}")
    assert relation.columns == documented_columns((VIEW_FILES[VIEW_NAMES.index(view)]).read_text())
    assert relation.fetchall() == []


def test_entity_profile_counts_mentions_roles_months_and_co_mentions(
    hand_made: duckdb.DuckDBPyConnection,
) -> None:
    raimondo = rows_of(hand_made, "select * from entity_profile where entity_id = 'e_gr'")[0]
    assert raimondo["mention_count"] == 2
    assert raimondo["article_count"] == 2
    assert raimondo["first_published_at"] == dt.datetime(2023, 5, 25, 9, 0)
    # the undated article is counted but has no month
    assert raimondo["mentions_by_month"] == [
        {"month": dt.date(2023, 5, 1), "mentions": 1, "articles": 1}
    ]
    assert raimondo["roles"] == ["Secretary of Commerce"]
    assert raimondo["event_count"] == 2
    assert raimondo["top_co_mentions"] == ["China", "IBM", "Japan", "United States", "Wang Wentao"]
    most = rows_of(hand_made, "select canonical_name from entity_profile "
                              "order by article_count desc, canonical_name limit 1")[0]
    assert most["canonical_name"] == "Gina Raimondo"


def test_entity_cooccurrence_counts_shared_sentences_and_articles_once_per_pair(
    hand_made: duckdb.DuckDBPyConnection,
) -> None:
    pairs = rows_of(hand_made, """
        select entity_a_name, entity_b_name, sentence_count, article_count, example_article_id
        from entity_cooccurrence""")
    assert len(pairs) == 11  # 5 entities in a1 -> 10 pairs, plus Raimondo-IBM in a2
    by_names = {(pair["entity_a_name"], pair["entity_b_name"]): pair for pair in pairs}
    assert by_names[("Gina Raimondo", "Wang Wentao")]["sentence_count"] == 1
    assert by_names[("China", "Japan")]["sentence_count"] == 1
    assert by_names[("China", "United States")]["sentence_count"] == 0
    assert by_names[("China", "United States")]["article_count"] == 1
    assert by_names[("Gina Raimondo", "IBM")]["example_article_id"] == "a2"
    assert all(pair["entity_a_name"] < pair["entity_b_name"] for pair in pairs)
    assert sorted(pair["sentence_count"] for pair in pairs) == [0] * 6 + [1] * 5


def test_country_dyads_use_affiliations_pair_joint_actors_and_skip_negated_events(
    hand_made: duckdb.DuckDBPyConnection,
) -> None:
    dyads = hand_made.sql("""
        select source_country_code, target_country_code, event_day, event_count,
               verbal_cooperation_count, verbal_conflict_count, mean_goldstein, article_count
        from country_dyads""").fetchall()
    # Raimondo (US Secretary of Commerce) met Wang Wentao (China's minister): US -> CN.
    # "The US and Japan agreed": a joint action, JP -> US (alphabetical).
    # "Japan did not meet China" is negated; "Raimondo sued IBM" in a2 has no stated US role.
    assert sorted(dyads) == [
        ("JP", "US", dt.date(2023, 5, 25), 1, 1, 0, 4.0, 1),
        ("US", "CN", dt.date(2023, 5, 25), 1, 1, 0, 1.0, 1),
    ]


def test_event_timeline_lists_participants_newest_first(
    hand_made: duckdb.DuckDBPyConnection,
) -> None:
    events = rows_of(hand_made, "select * from event_timeline")
    assert [event["event_id"] for event in events] == ["ev_meet", "ev_agree", "ev_snub", "ev_sue"]
    meeting = events[0]
    assert meeting["sources"] == ["Gina Raimondo"]
    assert meeting["targets"] == ["Wang Wentao"]
    assert meeting["others"] == []
    assert meeting["quad_class_name"] == "verbal cooperation"
    assert events[1]["event_day"] == dt.date(2023, 5, 25)  # from the article's date
    assert events[1]["sources"] == ["Japan", "United States"]
    assert events[3]["event_day"] is None
    assert events[3]["quad_class_name"] == "verbal conflict"


def test_people_roles_groups_titles_per_source(hand_made: duckdb.DuckDBPyConnection) -> None:
    roles = hand_made.sql("""
        select person_name, title, affiliation_name, source, article_count, article_ids
        from people_roles""").fetchall()
    assert roles == [
        ("Gina Raimondo", "Secretary of Commerce", "United States", "Reuters", 1, ["a1"]),
        ("Gina Raimondo", "Secretary of Commerce", None, "file:///news/feed.jsonl", 1, ["a2"]),
        ("Wang Wentao", "Minister of Commerce", "China", "Reuters", 1, ["a1"]),
    ]


def check_view_sanity(connection: duckdb.DuckDBPyConnection, view: str) -> None:
    """Columns as documented, and invariants every warehouse's rows obey."""
    relation = connection.sql(f"select * from {view}")
    assert relation.columns == documented_columns(VIEW_FILES[VIEW_NAMES.index(view)].read_text())
    rows = rows_of(connection, f"select * from {view}")
    if view in NON_EMPTY_VIEWS:
        assert rows, f"{view} is empty"
    if view == "entity_profile":
        assert all(row["mention_count"] >= row["article_count"] >= 1 for row in rows)
        assert all(len(row["top_co_mentions"]) <= 5 for row in rows)  # type: ignore[arg-type]
        assert connection.execute("select count(*) from entities").fetchone()[0] == len(rows)  # type: ignore[index]
    elif view == "entity_cooccurrence":
        assert all(row["article_count"] >= 1 and row["sentence_count"] >= 0 for row in rows)  # type: ignore[operator]
        pairs = [(row["entity_a_id"], row["entity_b_id"]) for row in rows]
        assert len(pairs) == len(set(pairs))
        assert all(a != b for a, b in pairs)
    elif view == "country_dyads":
        for row in rows:
            quads = sum(row[f"{kind}_count"] for kind in (  # type: ignore[misc]
                "verbal_cooperation", "material_cooperation", "verbal_conflict",
                "material_conflict"))
            assert quads == row["event_count"] >= 1
            assert -10 <= row["mean_goldstein"] <= 10  # type: ignore[operator]
            assert len(row["source_country_code"]) == 2  # type: ignore[arg-type]
    elif view == "event_timeline":
        assert connection.execute("select count(*) from events").fetchone()[0] == len(rows)  # type: ignore[index]
        days = [row["event_day"] for row in rows]
        dated = [day for day in days if day is not None]
        assert dated == sorted(dated, reverse=True)
        assert days == dated + [None] * (len(days) - len(dated))
        assert all(row["quad_class_name"] for row in rows)
    elif view == "people_roles":
        assert all(row["person_name"] and row["title"] and row["article_count"] >= 1  # type: ignore[operator]
                   for row in rows)


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_views_on_the_seed_warehouse(seed_warehouse: Path, view: str) -> None:
    for connection in open_read_only(seed_warehouse):
        check_view_sanity(connection, view)


def test_seed_warehouse_has_the_seed_articles_people_and_a_us_china_meeting(
    seed_db: duckdb.DuckDBPyConnection,
) -> None:
    people = {row[0] for row in seed_db.sql("select person_name from people_roles").fetchall()}
    assert {"Gina Raimondo", "Wang Wentao", "Yasutoshi Nishimura"} <= people
    pair = seed_db.execute("""
        select sentence_count from entity_cooccurrence
        where entity_a_name = 'Gina Raimondo' and entity_b_name = 'Yasutoshi Nishimura'
    """).fetchone()
    assert pair is not None and pair[0] >= 1


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_views_on_a_corpus_warehouse(corpus_warehouse: Path, view: str) -> None:
    for connection in open_read_only(corpus_warehouse):
        check_view_sanity(connection, view)
        if view in {"event_timeline", "people_roles"}:
            assert connection.execute(f"select count(*) from {view}").fetchone()[0] > 0  # type: ignore[index]
