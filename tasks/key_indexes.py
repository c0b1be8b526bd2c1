"""A warehouse written before 2026-12-01 loses the primary keys of its growing tables.

`articles`, `events` and `entities` had a PRIMARY KEY, so an ART index DuckDB writes again in
full at every checkpoint after the table changed (duckdb/duckdb#24848): each publish then paid
for every article, event and entity the warehouse held (2.2 s of a 200-article publish's
checkpoint at 100,000 articles). Their DDL in `sql/tables/` now has none; the publish keeps the
ids unique and `sql/checks/unique_keys.sql` checks it. DuckDB cannot drop a constraint, so a
table that still has its key is rebuilt once, from its DDL, with the same rows, in one
transaction (a view reads it by name, so the views need nothing).
"""

from __future__ import annotations

import duckdb

from tasks.warehouse_files import SQL_DIR, read_sql

UNKEYED_TABLES = ("articles", "entities", "events")


def drop_primary_keys(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild each table of UNKEYED_TABLES that still has a primary key; returns their names."""
    keyed = [table for (table,) in connection.execute(
        read_sql("warehouse/key_indexed_tables.sql"), {"tables": list(UNKEYED_TABLES)}).fetchall()]
    for table in keyed:
        if table not in UNKEYED_TABLES:  # spliced into SQL: only our own names
            raise ValueError(f"not a table to rebuild: {table!r}")
        ddl = (SQL_DIR / "tables" / f"{table}.sql").read_text(encoding="utf-8").replace(
            f"create table if not exists {table} (", f"create table main.rebuilt_{table} (", 1)
        connection.execute("begin transaction")
        try:
            connection.execute(ddl)
            connection.execute(f"insert into main.rebuilt_{table} by name select * from main.{table}")
            connection.execute(f"drop table main.{table}")
            connection.execute(f"alter table main.rebuilt_{table} rename to {table}")
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
    return keyed
