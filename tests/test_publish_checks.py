"""The warehouse rules (sql/checks/) at publish time: they check the run being published and
refuse it whole when one of its rows breaks a rule; `run_checks` on `main` checks every row."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from tasks.load import PublishRefusedError, apply_schema, create_staging_table, publish_staged, run_checks

RUN_TABLES = ["articles", "entities", "mentions"]


def warehouse_with_one_article() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    apply_schema(connection)
    connection.execute("""
        insert into articles values ('a1', 'f1', null, 'T', null, 'en', 'Japan met China.', 3,
                                     now(), 'r1', null);
        insert into entities (entity_id, canonical_name, entity_type, country_code, aliases,
                              first_seen_at, last_seen_at)
            values ('jp', 'Japan', 'GPE', 'JP', ['Japan'], null, null),
                   ('cn', 'China', 'GPE', 'CN', ['China'], null, null);
        insert into mentions values ('a1', 'jp', 'Japan', 0, 5, 0, 'GPE'),
                                    ('a1', 'cn', 'China', 10, 15, 0, 'GPE');
    """)
    return connection


def stage_run(connection: duckdb.DuckDBPyConnection, mentions: str) -> None:
    for table in RUN_TABLES:
        create_staging_table(connection, table)
    connection.execute(f"""
        insert into staging.articles values ('a2', 'f2', null, 'T', null, 'en',
                                             'China and Japan agreed.', 4, now(), 'r2', null);
        insert into staging.mentions values {mentions};
    """)


def violations(checks: pl.DataFrame) -> dict[str, int]:
    return {rule: count for rule, count in checks.iter_rows() if count}


def test_a_run_that_breaks_a_rule_is_refused_whole() -> None:
    connection = warehouse_with_one_article()
    # "Chin" is not text[0:5]; entity "xx" does not exist.
    stage_run(connection, "('a2', 'cn', 'Chin', 0, 5, 0, 'GPE'), ('a2', 'xx', 'Japan', 10, 15, 0, 'GPE')")
    with pytest.raises(PublishRefusedError) as refused:
        publish_staged(connection, RUN_TABLES)
    assert "mentions.surface = text[start_char:end_char] (1 rows)" in str(refused.value)
    assert "mentions.entity_id -> entities (1 rows)" in str(refused.value)
    assert connection.sql("select count(*) from articles").fetchall() == [(1,)]
    assert connection.sql("select count(*) from entity_pair_counts").fetchall() == [(0,)]


def test_publish_checks_the_run_and_run_checks_on_main_checks_everything() -> None:
    connection = warehouse_with_one_article()
    # A bad row already published (written by hand, around the publish step).
    connection.execute("insert into mentions values ('a1', 'jp', 'Japa', 0, 5, 0, 'GPE')")
    stage_run(connection, "('a2', 'cn', 'China', 0, 5, 0, 'GPE'), ('a2', 'jp', 'Japan', 10, 15, 0, 'GPE')")

    checks = publish_staged(connection, RUN_TABLES)

    assert violations(checks) == {}  # the run's own rows are sound, so it publishes
    assert connection.sql("select count(*) from articles").fetchall() == [(2,)]
    assert violations(run_checks(connection)) == {"mentions.surface = text[start_char:end_char]": 1}
