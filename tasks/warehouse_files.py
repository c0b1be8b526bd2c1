"""Where the warehouse's SQL lives, and the DuckDB storage format a new warehouse file gets.

Here, not in the settings, because `tasks/` reads them and never imports the layers above it;
`flows.settings` takes its default from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
# The DuckDB storage format a new warehouse file is written in (docs/sql-clients.md says why):
# v1.4.0 files open in DuckDB 1.4 (the LTS) and later, so in DBeaver, R, the 1.x CLI and
# notebooks on a current 1.x, where DuckDB 2.0's own format (`latest`) opens in 2.0 only. It
# loses nothing: the files are as small as 2.0's. v1.2.0 opens in 1.2 and later too, but
# lacks DICT_FSST string compression (~8 % larger); DuckDB 1.3.2 misreads v1.3.0 files.
DEFAULT_STORAGE_VERSION = "v1.4.0"


def read_sql(relative: str) -> str:
    """The text of one file of `sql/`, e.g. `publish/entities.sql`."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The `.sql` files of one folder of `sql/`, in name order."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def in_dependency_order(statements: list[str]) -> list[str]:
    """`create` statements ordered so that each comes after those that create what it reads
    (a view over another view), as their SQL says: sqlglot reads the names each statement
    creates and reads; ties keep the given order. A cycle raises graphlib.CycleError."""
    return [statements[index] for index in _dependency_order(tuple(statements))]


@lru_cache(maxsize=8)  # parsed once a process: the same files every time the schema is applied
def _dependency_order(statements: tuple[str, ...]) -> list[int]:
    import graphlib

    import sqlglot
    from sqlglot import exp

    creates: list[str] = []
    reads: list[set[str]] = []
    for statement in statements:
        tree = sqlglot.parse_one(statement, read="duckdb")
        created = tree.this.find(exp.Table) if isinstance(tree, exp.Create) else None
        ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        creates.append(created.name if created else "")
        reads.append({table.name for table in tree.find_all(exp.Table)} - ctes)
    index_of = {name: index for index, name in enumerate(creates) if name}
    graph = graphlib.TopologicalSorter(
        {index: {index_of[name] for name in reads[index] if name in index_of and name != creates[index]}
         for index in range(len(statements))})
    graph.prepare()
    order: list[int] = []
    while graph.is_active():
        ready = sorted(graph.get_ready())
        order += ready
        graph.done(*ready)
    return order
