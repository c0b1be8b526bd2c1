"""A run processes its new articles in windows (NEWSFLOW_ARTICLES_PER_WINDOW) and stages each
window's rows as Parquet beside the warehouse: the published result is the same as one window,
entities met in several windows are one row, and no staged file is left behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from tasks.staging import StagedRun
from tasks.validate import load_suites
from tests.conftest import ingest, run_newsflow

ARTICLES = {
    "tokyo.txt": "Japan and China agree on rare earths\n\nJapan and China agreed on Monday to "
                 "expand trade in rare earths, officials in Tokyo said.",
    "washington.txt": "US and Japan meet on chips\n\nThe United States and Japan will meet in "
                      "Washington next week to discuss export controls on chips.",
    "beijing.txt": "China criticises US controls\n\nChina criticised the U.S. export controls on "
                   "Friday, and said Japan should not follow them.",
    "brussels.txt": "EU opens talks with Japan\n\nThe European Union opened trade talks with "
                    "Japan in Brussels on Tuesday.",
}
TABLES = {
    "articles": "select article_id, title, text from articles",
    "entities": "select entity_id, canonical_name, entity_type, country_code, aliases from entities",
    "mentions": "select article_id, entity_id, start_char, end_char from mentions",
    "events": "select event_id, cameo_code, modality from events",
    "event_participants": "select event_id, entity_id, role from event_participants",
}


def published(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return {table: sorted(db.execute(sql).fetchall(), key=repr)
                for table, sql in TABLES.items()}


def write_inbox(folder: Path) -> Path:
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_windows_publish_what_one_window_does(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    whole, windowed = tmp_path / "whole" / "w.duckdb", tmp_path / "windowed" / "w.duckdb"
    ingest([inbox], whole)
    result = run_newsflow("run", str(inbox), "--warehouse", str(windowed),
                          env={"NEWSFLOW_ARTICLES_PER_TASK": "1", "NEWSFLOW_ARTICLES_PER_WINDOW": "1"})
    assert result.returncode == 0, result.stdout + result.stderr

    assert published(windowed) == published(whole)
    with duckdb.connect(str(windowed), read_only=True) as db:
        # Japan is mentioned in every window: one entity, seen from the first to the last.
        japan = db.execute("select count(*) from entities where canonical_name = 'Japan'").fetchone()
        assert japan == (1,)
        run = db.execute("select inputs_seen, articles_new, mentions_loaded, events_loaded "
                         "from pipeline_runs").fetchone()
        counts = db.execute("select (select count(*) from articles), (select count(*) from mentions), "
                            "(select count(*) from events)").fetchone()
        assert run == (4, 4, *counts[1:]) and counts[0] == 4
        # Each of the four windows was validated, and every result recorded.
        declared = sum(len(rules) for rules in load_suites().rules.values())
        assert db.execute("select count(*) from quality_results").fetchone() == (4 * declared,)
    assert not any((windowed.parent / ".staging").rglob("*.parquet"))


def test_a_refused_window_publishes_nothing_and_leaves_no_staging(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox")
    warehouse = tmp_path / "w.duckdb"
    suites = tmp_path / "suites.json"
    # Every article fails a critical rule: the first window refuses the run.
    suites.write_text('{"articles": [{"type": "expect_table_row_count_to_be_between", '
                      '"kwargs": {"min_value": 100}, "severity": "critical"}]}', encoding="utf-8")
    result = run_newsflow("run", str(inbox), "--warehouse", str(warehouse),
                          env={"NEWSFLOW_ARTICLES_PER_TASK": "1", "NEWSFLOW_ARTICLES_PER_WINDOW": "2",
                               "NEWSFLOW_EXPECTATIONS_FILE": str(suites)})
    assert result.returncode == 1
    with duckdb.connect(str(warehouse), read_only=True) as db:
        assert db.execute("select count(*) from articles").fetchone() == (0,)
        assert db.execute("select status from pipeline_runs").fetchall() == [("failed",)]
    assert not any((tmp_path / ".staging").rglob("*.parquet"))


def test_new_articles_wait_on_disk_for_their_window(tmp_path: Path) -> None:
    staged = StagedRun.create(tmp_path / "newsflow.duckdb", "run-1")
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(10)],
                             "text": [f"Text number {i}." for i in range(10)]})
    held = staged.hold_articles(articles, rows_per_group=3)
    assert held.slice(3, 4).collect().equals(articles.slice(3, 4))
    assert held.collect().equals(articles)
    assert staged.tables() == []  # held articles are not a table to publish
    staged.remove()
    assert not staged.folder.exists()
