"""The documented analyst questions (sql/examples/): each says what it answers, returns the
columns it promises, and gives sane rows on the seed warehouse and on a corpus warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tasks.load import count_into_marts
from tests.analyst_warehouses import (
    EXAMPLE_FILES,
    corpus_warehouse,
    documented_columns,
    empty_warehouse_connection,
    hand_made_warehouse_connection,
    open_read_only,
)
from tests.conftest import run_newsflow

__all__ = ["corpus_warehouse"]  # a fixture, imported for pytest
EXAMPLES = {path.stem: path for path in EXAMPLE_FILES}


def run_example(connection: duckdb.DuckDBPyConnection, name: str) -> tuple[list[str], list[tuple]]:
    relation = connection.sql(EXAMPLES[name].read_text(encoding="utf-8"))
    return relation.columns, relation.fetchall()


def test_there_are_at_least_eight_examples_each_saying_what_it_answers() -> None:
    assert len(EXAMPLES) >= 8
    for path in EXAMPLE_FILES:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("-- ") and "?" in first_line, path.name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_run_on_an_empty_warehouse(name: str) -> None:
    columns, rows = run_example(empty_warehouse_connection(), name)
    assert columns == documented_columns(EXAMPLES[name].read_text(encoding="utf-8"))
    assert rows == []


def test_who_met_whom_pairs_actors_with_whom_they_met() -> None:
    _, rows = run_example(hand_made_warehouse_connection(), "01_who_met_whom")
    # the negated "Japan did not meet China" is left out
    assert [row[:6] for row in rows] == [
        (dt.date(2023, 5, 25), "Gina Raimondo", "Wang Wentao", "040", "Consult", "asserted"),
    ]


def test_us_china_cooperation_vs_conflict_by_month() -> None:
    _, rows = run_example(hand_made_warehouse_connection(), "03_us_china_cooperation_vs_conflict")
    assert rows == [("2023-05", 1, 0, 1, 0, 1.0)]


def test_cooperative_and_hostile_pairs() -> None:
    _, rows = run_example(hand_made_warehouse_connection(),
                          "07_cooperative_and_hostile_country_pairs")
    assert rows == [("JP", "US", 1, 1, 0, 4.0, "cooperative"), ("CN", "US", 1, 1, 0, 1.0, "mixed")]


def test_people_and_titles_sums_articles_over_sources() -> None:
    _, rows = run_example(hand_made_warehouse_connection(), "04_people_and_titles")
    assert rows == [
        ("Gina Raimondo", "Secretary of Commerce", "United States", 1, ["Reuters"]),
        ("Gina Raimondo", "Secretary of Commerce", None, 1, ["file:///news/feed.jsonl"]),
        ("Wang Wentao", "Minister of Commerce", "China", 1, ["Reuters"]),
    ]


def test_companies_near_trade_restrictions_finds_terms_by_offset() -> None:
    connection = empty_warehouse_connection()
    text = ("Intel and other chip makers face US export controls. The weather was fine all week "
            "long and nothing else happened at all, really nothing at all of any note, none. "
            "The next day was much the same, with rain in the morning and sun after lunch. "
            "Later, far away from any of that, Acme Corp opened a shop.")
    shouted = "GAZPROM HIT BY NEW SANCTIONS"  # a headline style: the terms in capitals throughout
    connection.execute(
        "insert into articles values ('a1', 'f.txt', null, 't', null, 'en', ?, 30, now(), 'r', null),"
        " ('a2', 'g.txt', null, 't', null, 'en', ?, 5, now(), 'r', null),"
        " ('a3', 'h.txt', null, 't', null, 'en', 'Acme Corp exports tea.', 4, now(), 'r', null)",
        [text, shouted])
    connection.execute("""
        insert into entities (entity_id, canonical_name, entity_type, country_code, aliases,
                              first_seen_at, last_seen_at) values
            ('e1', 'Intel', 'ORG', null, ['Intel'], null, null),
            ('e2', 'Acme Corp', 'ORG', null, ['Acme Corp'], null, null),
            ('e3', 'Gazprom', 'ORG', null, ['GAZPROM'], null, null)""")
    acme_start = text.index("Acme Corp")
    connection.execute("insert into mentions values ('a1', 'e1', 'Intel', 0, 5, 0, 'ORG'),"
                       " ('a1', 'e2', 'Acme Corp', ?, ?, 2, 'ORG'),"
                       " ('a2', 'e3', 'GAZPROM', 0, 7, 0, 'ORG'),"
                       " ('a3', 'e2', 'Acme Corp', 0, 9, 0, 'ORG')",
                       [acme_start, acme_start + len("Acme Corp")])
    count_into_marts(connection, "main")  # the index of words, as publishing would build it
    _, rows = run_example(connection, "02_companies_near_trade_restrictions")
    # Acme Corp is too far from "export controls" in a1, and "exports" in a3 is not a term
    assert [row[:4] for row in rows] == [("Gazprom", ["sanctions"], 1, 1),
                                         ("Intel", ["export controls"], 1, 1)]
    assert rows[1][4].startswith("Intel and other chip makers face US export controls.")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_on_the_seed_warehouse(seed_warehouse: Path, name: str) -> None:
    for connection in open_read_only(seed_warehouse):
        columns, rows = run_example(connection, name)
        assert columns == documented_columns(EXAMPLES[name].read_text(encoding="utf-8"))
        if name != "11_what_was_rejected":  # the seeds are all good input
            assert rows, f"{name} returned no rows on the seed warehouse"


def test_seed_people_and_titles(seed_db: duckdb.DuckDBPyConnection) -> None:
    rows = seed_db.sql(EXAMPLES["04_people_and_titles"].read_text()).fetchall()
    titles = {(row[0], row[1]) for row in rows}
    assert ("Gina Raimondo", "Secretary of Commerce") in titles
    assert ("Yasutoshi Nishimura", "Minister of Economy, Trade and Industry") in titles


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_on_a_corpus_warehouse(corpus_warehouse: Path, name: str) -> None:
    for connection in open_read_only(corpus_warehouse):
        columns, rows = run_example(connection, name)
        assert columns == documented_columns(EXAMPLES[name].read_text(encoding="utf-8"))
        if name in {"01_who_met_whom", "04_people_and_titles", "05_top_entities_by_type",
                    "06_entities_mentioned_together", "08_event_types_and_modality",
                    "10_latest_events_in_their_own_words"}:
            assert rows, f"{name} returned no rows on the corpus warehouse"


def test_query_command_runs_an_example_file(seed_warehouse: Path) -> None:
    result = run_newsflow("query", "--warehouse", str(seed_warehouse),
                          "--file", "sql/examples/04_people_and_titles.sql")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == [
        "person_name", "title", "affiliation_name", "article_count", "sources"]
    assert "Gina Raimondo" in result.stdout
