"""A warehouse written before 2026-12-01 loses the primary keys of its growing tables.

`articles`, `events` and `entities` had a PRIMARY KEY, so an ART index DuckDB writes again in
full at every checkpoint after the table changed (duckdb/duckdb#24848): each publish then paid
for every article, event and entity the warehouse held (2.2 s of a 200-article publish's
checkpoint at 100,000 articles). Their DDL in `sql/tables/` now has none; the publish keeps the
ids unique and `sql/checks/unique_keys.sql` checks it. DuckDB cannot drop a constraint, so a
table that still has its key is rebuilt once, with the same columns and rows, in one
transaction (a view reads it by name, so the views need nothing).
"""

from __future__ import annotations

import duckdb

from tasks.warehouse_files import read_sql

UNKEYED_TABLES = ("articles", "entities", "events")


def drop_primary_keys(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild each table of UNKEYED_TABLES that still has a primary key; returns their names."""
    keyed = [table for (table,) in connection.execute(
        read_sql("warehouse/key_indexed_tables.sql"), {"tables": list(UNKEYED_TABLES)}).fetchall()]
    for table in keyed:
        if table not in UNKEYED_TABLES:  # spliced into SQL: only our own names
            raise ValueError(f"not a table to rebuild: {table!r}")
        connection.execute("begin transaction")
        try:
            # Same columns, types and rows, no constraint: not the DDL's NOT NULLs either, which
            # a column added to an old warehouse (NULL in its old rows) would fail.
            connection.execute(f"create table main.rebuilt_{table} as select * from main.{table}")
            connection.execute(f"drop table main.{table}")
            connection.execute(f"alter table main.rebuilt_{table} rename to {table}")
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
    return keyed
