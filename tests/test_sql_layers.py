"""The SQL's own order and reference data: views are created after the views they read (as
their SQL says, not by retrying), and the seeds of `sql/seeds/` load as tables."""

from __future__ import annotations

import duckdb

from tasks.load import apply_schema
from tasks.warehouse_files import in_dependency_order, read_sql, sql_files


def view(name: str, reads: str) -> str:
    return f"create or replace view {name} as with helper as (select 1 as x) select * from {reads}, helper"


def test_a_view_comes_after_the_views_it_reads_and_ties_keep_their_order() -> None:
    statements = [view("c", "b"), view("b", "a"), view("z", "articles"), view("a", "articles")]
    assert in_dependency_order(statements) == [statements[2], statements[3], statements[1],
                                               statements[0]]


def test_every_view_of_sql_views_is_created_in_an_empty_warehouse_in_any_given_order() -> None:
    connection = duckdb.connect()
    apply_schema(connection)
    views = {row[0] for row in connection.execute(
        "select view_name from duckdb_views() where not internal and not temporary").fetchall()}
    assert views == {file.stem for file in sql_files("views")}
    statements = [file.read_text(encoding="utf-8") for file in reversed(sql_files("views"))]
    for statement in in_dependency_order(statements):
        connection.execute(statement)


def test_the_country_seed_loads_every_iso_code_once_and_gdelt_events_reads_it() -> None:
    connection = duckdb.connect()
    apply_schema(connection)
    apply_schema(connection)  # reloaded, not appended
    assert connection.execute(
        "select count(*), count(distinct iso_alpha2) from country_codes").fetchall() == [(249, 249)]
    assert connection.execute(
        "select cameo_country from country_codes where iso_alpha2 in ('GB', 'US') order by 1"
    ).fetchall() == [("GBR",), ("USA",)]
    assert "country_codes" in read_sql("views/gdelt_events.sql")
